"""The step vocabulary as behave loads it, for the tests of what writers and editors see."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from behave.runner_util import load_step_modules
from behave.step_registry import registry

REPO = Path(__file__).resolve().parents[2]
BEHAVE = [sys.executable, "-m", "behave"]


@pytest.fixture(scope="session")
def steps():
    """behave's step registry with the suite's steps loaded (loading twice is harmless)."""
    load_step_modules([str(REPO / "steps")])
    return registry


@pytest.fixture
def behave_on(tmp_path):
    """Runs behave, from the repository root, on a feature of the text given (with the suite's steps and
    hooks): returns (exit code, stdout, stderr)."""
    (tmp_path / "steps").symlink_to(REPO / "steps")
    (tmp_path / "environment.py").symlink_to(REPO / "environment.py")

    def run(feature_text, *args):
        feature = tmp_path / "writer.feature"
        feature.write_text(feature_text, encoding="utf-8")
        done = subprocess.run([*BEHAVE, *args, str(feature)], cwd=REPO, capture_output=True, text=True,
                              timeout=300, env={**os.environ, "PYTHONPATH": str(REPO), "AETHER_REPORT": ""})
        return done.returncode, done.stdout, done.stderr
    return run
