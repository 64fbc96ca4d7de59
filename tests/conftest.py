"""Fixtures shared by every test directory. Each is named for what it serves; keep additions additive."""
import pytest

from sandbox.server import EmbeddedSandbox
from sandbox.settings import Settings


@pytest.fixture(scope="session")
def suite_sandbox():
    """An embedded sandbox on a loopback port, shared by the session: real HTTP for aether_suite tests."""
    with EmbeddedSandbox(Settings()) as sandbox:
        yield sandbox


@pytest.fixture(scope="session", autouse=True)
def no_html_report_from_test_runs():
    """behave runs that tests start write no HTML report over reports/aether-report.html (tests/report
    gives its run a path of its own)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AETHER_REPORT", "")
        yield


@pytest.fixture(scope="session", autouse=True)
def no_run_stats_from_test_runs():
    """behave runs that tests start write no run statistics over reports/run-stats.json
    (aether_suite/run/run_stats.py); a test that wants them passes -D run_stats=PATH."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AETHER_RUN_STATS", "")
        yield


@pytest.fixture(scope="session", autouse=True)
def refused_passcodes_of_test_runs(tmp_path_factory):
    """Passcodes refused in test runs are remembered in a file of the session's own, never in the
    repository's .aether/ (aether_suite/run/refused_passcodes.py)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AETHER_REFUSED_PASSCODES", str(tmp_path_factory.mktemp("refusals") / "refused-passcodes.json"))
        yield


@pytest.fixture(scope="session", autouse=True)
def journal_outside_the_repository(tmp_path_factory):
    """behave runs that tests start against a server of their own journal what they create
    (aether_suite/client/journal.py) here, not in the repository's .aether/journal.jsonl."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AETHER_JOURNAL", str(tmp_path_factory.mktemp("journal") / "journal.jsonl"))
        yield
