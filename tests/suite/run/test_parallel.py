"""behavex runs the suite over worker processes: the same scenarios pass, one sandbox per worker, one report."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from behave.runner import Runner

from aether_suite.run import parallel
from sandbox.server import EmbeddedSandbox
from sandbox.settings import Settings
from tools import shard

REPO = Path(__file__).resolve().parents[3]
BEHAVEX = Path(sys.executable).parent / "behavex"
TAGS = "@smoke or @tenancy"  # a few features, a few seconds

needs_behavex = pytest.mark.skipif(not BEHAVEX.exists() and shutil.which("behavex") is None,
                                   reason="behavex is not installed (requirements-parallel.txt)")


def merged_statuses(output):
    """Each scenario's status in behavex's merged report.json (behind its report.html), by location."""
    merged = json.loads((output / "report.json").read_text())
    return {f"{feature['filename']}:{scenario['line']}": scenario["status"]
            for feature in merged["features"] for scenario in feature["scenarios"]}


@needs_behavex
def test_two_workers_run_every_scenario_once_with_one_sandbox_each(tmp_path):
    output = tmp_path / "behavex"
    done = subprocess.run([str(BEHAVEX if BEHAVEX.exists() else "behavex"), "-t", TAGS, "--parallel-processes", "2",
                           "--parallel-scheme", "feature", "-o", str(output)],
                          cwd=REPO, capture_output=True, text=True, timeout=600,
                          env={k: v for k, v in os.environ.items() if k != "AETHER_RUN_STATS"})  # the default
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    # One merged report holds every scenario, all passed.
    ran = merged_statuses(output)
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


STEPS_PROBE = """
import sys
from pathlib import Path
from behave.configuration import Configuration
from behave.runner import Runner
from aether_suite.run.parallel import steps_loaded_once

project = Path(sys.argv[1])
def run():
    config = Configuration(command_args=[str(project / "features"), "-f", "null", "--no-junit", "--no-capture"],
                           load_config=False)
    runner = Runner(config)
    failed = runner.run()
    return failed, (project / "loads").read_text().count("x")

print("runs:", run(), run())
with steps_loaded_once(project / "features" / "steps"):
    print("runs:", run(), run())
print("runs:", run())
"""


def test_inside_steps_loaded_once_behave_runs_find_the_steps_without_loading_them(tmp_path):
    """Fails when behave stops loading step modules per run through Runner.load_step_definitions."""
    (tmp_path / "features" / "steps").mkdir(parents=True)
    (tmp_path / "features" / "probe.feature").write_text("Feature: probe\n  Scenario: one\n    Given a probe step\n")
    (tmp_path / "features" / "steps" / "probe_steps.py").write_text(
        "from pathlib import Path\nfrom behave import given\n"
        f"Path({str(tmp_path / 'loads')!r}).open('a').write('x')\n"
        "@given('a probe step')\ndef probe(context):\n    pass\n")
    (tmp_path / "loads").write_text("")
    done = subprocess.run([sys.executable, "-c", STEPS_PROBE, str(tmp_path)], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    plain, inside, after = [line for line in done.stdout.splitlines() if line.startswith("runs:")]
    assert plain == "runs: (False, 1) (False, 2)"  # behave loads the step modules in every run
    assert inside == "runs: (False, 3) (False, 3)"  # loaded once on entry; the runs pass without loading them
    assert after == "runs: (False, 4)"  # put back as it was


def test_steps_loaded_once_refuses_a_behave_that_loads_steps_another_way(monkeypatch):
    def run_with_paths(self):
        """A behave whose runs load their steps without Runner.load_step_definitions."""

    monkeypatch.setattr(Runner, "run_with_paths", run_with_paths)
    with pytest.raises(RuntimeError, match="behave no longer loads step modules"):
        with parallel.steps_loaded_once(REPO / "steps"):
            pass


@needs_behavex
def test_against_a_server_the_workers_start_no_sandbox_and_pass_every_scenario(tmp_path):
    """The README's parallel command, per scenario, against a sandbox started separately."""
    server = subprocess.Popen([sys.executable, "-m", "sandbox", "--port", "0"], cwd=REPO, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        url = re.search(r"http://127\.0\.0\.1:\d+", server.stdout.readline()).group(0)
        output = tmp_path / "behavex"
        tags = "@smoke or @auth"
        done = subprocess.run([sys.executable, "-m", "aether_suite.run.parallel", "-t", tags,
                               "--parallel-processes", "4", "--parallel-scheme", "scenario", "-o", str(output)],
                              cwd=REPO, capture_output=True, text=True, timeout=600,
                              env={**{k: v for k, v in os.environ.items() if k != "AETHER_RUN_STATS"},
                                   "AETHER_BASE_URL": url, "AETHER_SANDBOX_SECRETS": "1"})
    finally:
        server.terminate()
        server.wait(30)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    ran = merged_statuses(output)
    expected = {s.location for s in shard.scenarios([f"--tags={tags}"])}
    assert set(ran) == expected
    sandbox_only = {s.location for s in shard.scenarios([f"--tags=({tags}) and @sandbox"])}
    assert {loc for loc, status in ran.items() if status == "skipped"} == sandbox_only
    assert {status for loc, status in ran.items() if loc not in sandbox_only} == {"passed"}
    runs = [json.loads(path.read_text()) for path in (output / "run-stats").glob("*.json")]
    assert len(runs) == len(expected)  # one behave run per scenario
    assert all(run["sandbox_start_seconds"] is None for run in runs)  # no worker started a sandbox


def test_a_discarded_sandbox_leaves_no_data_behind():
    sandbox = EmbeddedSandbox(Settings()).start()
    root = sandbox._server.config.app.state.storage.root
    assert root.exists()
    sandbox.discard()
    assert not root.exists()
    sandbox.stop()
