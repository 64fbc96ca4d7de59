"""behavex runs the suite over worker processes: the same scenarios pass, one sandbox per worker, one report."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aether_suite.run import parallel
from tools import shard

REPO = Path(__file__).resolve().parents[3]
BEHAVEX = Path(sys.executable).parent / "behavex"
TAGS = "@smoke or @tenancy"  # a few features, a few seconds

needs_behavex = pytest.mark.skipif(not BEHAVEX.exists() and shutil.which("behavex") is None,
                                   reason="behavex is not installed (requirements-parallel.txt)")


@needs_behavex
def test_two_workers_run_every_scenario_once_with_one_sandbox_each(tmp_path):
    output = tmp_path / "behavex"
    done = subprocess.run([str(BEHAVEX if BEHAVEX.exists() else "behavex"), "-t", TAGS, "--parallel-processes", "2",
                           "--parallel-scheme", "feature", "-o", str(output)],
                          cwd=REPO, capture_output=True, text=True, timeout=600,
                          env={k: v for k, v in os.environ.items() if k != "AETHER_RUN_STATS"})  # the default
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    # One merged report: behavex's report.json (behind its report.html) holds every scenario, all passed.
    merged = json.loads((output / "report.json").read_text())
    ran = {f"{feature['filename']}:{scenario['line']}": scenario["status"]
           for feature in merged["features"] for scenario in feature["scenarios"]}
    expected = {s.location for s in shard.scenarios([f"--tags={TAGS}"])}
    assert set(ran) == expected
    assert set(ran.values()) == {"passed"}
    assert len(list((output / "behave").glob("TESTS-*.xml"))) == len({loc.split(":")[0] for loc in expected})

    # The fixtures: each worker process started one sandbox and kept it for all its behave runs.
    runs = [json.loads(path.read_text()) for path in (output / "run-stats").glob("*.json")]
    workers = {run["pid"] for run in runs}
    assert 1 <= len(workers) <= 2
    assert sum(run["sandbox_start_seconds"] is not None for run in runs) == len(workers)
    assert sorted(s["location"] for run in runs for s in run["scenarios"]) == sorted(expected)


def test_only_behavex_runs_share_a_worker_sandbox():
    assert parallel.under_behavex({"worker_id": "0"})
    assert not parallel.under_behavex({"report": ""})


def test_a_worker_checks_the_secrets_once_and_again_after_a_failed_check(monkeypatch):
    monkeypatch.setattr(parallel, "_checked", set())
    calls = []

    def failing():
        calls.append("failed")
        raise RuntimeError("AETHER_PASSCODE_CLEO is wrong")

    with pytest.raises(RuntimeError):
        parallel.check_once("http://127.0.0.1:1", failing)
    parallel.check_once("http://127.0.0.1:1", lambda: calls.append("passed"))
    parallel.check_once("http://127.0.0.1:1", lambda: calls.append("again"))
    parallel.check_once("http://127.0.0.1:2", lambda: calls.append("another server"))
    assert calls == ["failed", "passed", "another server"]


def test_a_workers_behave_runs_share_the_signed_in_tokens(monkeypatch):
    monkeypatch.setattr(parallel, "_tokens", {})
    parallel.worker_tokens("http://127.0.0.1:1")["Cleo"] = ("token", 1.0)
    assert parallel.worker_tokens("http://127.0.0.1:1") == {"Cleo": ("token", 1.0)}
    assert parallel.worker_tokens("http://127.0.0.1:2") == {}


def test_a_worker_loads_the_step_modules_once(monkeypatch):
    from types import SimpleNamespace

    from behave.runner import Runner
    monkeypatch.setattr(Runner, "load_step_definitions", Runner.load_step_definitions)  # restored afterwards
    loads = []
    monkeypatch.setattr("behave.runner.load_step_modules", loads.append)
    runner = SimpleNamespace(base_dir=str(REPO), config=SimpleNamespace(steps_dir="steps", use_nested_step_modules=False))
    Runner.load_step_definitions(runner)  # a worker's first behave run loads the step modules
    assert loads == [[str(REPO / "steps")]]
    parallel.reuse_step_definitions()
    parallel.reuse_step_definitions()
    Runner.load_step_definitions(runner)  # its later runs find them in behave's process-wide registry
    assert loads == [[str(REPO / "steps")]]


def test_a_discarded_sandbox_leaves_no_data_behind():
    from sandbox.server import EmbeddedSandbox
    from sandbox.settings import Settings
    sandbox = EmbeddedSandbox(Settings()).start()
    root = sandbox._server.config.app.state.storage.root
    assert root.exists()
    sandbox.discard()
    assert not root.exists()
    sandbox.stop()
