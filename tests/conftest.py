"""Fixtures shared by every test directory. Each is named for what it serves; keep additions additive."""
import pytest

from sandbox.server import EmbeddedSandbox
from sandbox.settings import Settings


@pytest.fixture(scope="session")
def suite_sandbox():
    """An embedded sandbox on a loopback port, shared by the session: real HTTP for aether_suite tests."""
    with EmbeddedSandbox(Settings()) as sandbox:
        yield sandbox
