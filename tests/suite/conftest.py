"""The suite's run and API objects aimed at the session's embedded sandbox (tests/conftest.py)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aether_suite.client.api import AetherApi, SuiteRun
from aether_suite.client.config import SuiteConfig

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def suite_run(suite_sandbox):
    run = SuiteRun(SuiteConfig.load({}).targeting(suite_sandbox.base_url))
    yield run
    run.close()


@pytest.fixture
def suite_api(suite_run):
    """An API object as a scenario gets it; what the test creates is deleted afterwards."""
    api = AetherApi(suite_run)
    yield api
    api.cleanup()


@pytest.fixture
def behave_project(tmp_path):
    """A behave project in tmp_path with the suite's hooks and steps plus extra steps and features.

    ``run(features={"name.feature": text}, steps="python", env={...}, args=[...])`` runs behave on it
    from the repository root (so the suite's behave.ini and packages apply) and returns the result.
    """
    (tmp_path / "steps").mkdir()
    (tmp_path / "features").mkdir()
    (tmp_path / "environment.py").symlink_to(REPO / "environment.py")
    for module in (REPO / "steps").glob("*.py"):
        (tmp_path / "steps" / module.name).symlink_to(module)

    def run(features, steps="", env=None, args=()):
        (tmp_path / "steps" / "probe_steps.py").write_text(steps)
        for name, text in features.items():
            (tmp_path / "features" / name).write_text(text)
        return subprocess.run(
            [sys.executable, "-m", "behave", "--no-junit", "--no-color", *args, str(tmp_path / "features")],
            cwd=REPO, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=120)

    return run
