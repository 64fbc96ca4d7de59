"""Nothing a run creates stays on a server, however the run ends.

One sandbox with a kept data directory (``python -m sandbox --data-dir``), behind a proxy that can
hold, lose or cut short an answer (tools/answer_proxy.py). Each test disturbs a behave run at one
moment (SIGKILL, SIGTERM, a double Ctrl-C, a lost create answer, a truncated delete answer, a kill
mid-lockout), then lets the run's own clean-up, the next run's start, or ``python -m
aether_suite.run.sweep`` put things right, and reads the sandbox's SQLite database and blob folder
directly: no exhibit, lead, file or blob a run created, no failed sign-in of a demo persona, the demo
dataset as it was, and the exhibit and file a person made still there.
"""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from aether_suite.client.api import AetherApi, SuiteRun
from aether_suite.client.config import REMOTE_ARRANGE_WORKERS, SuiteConfig
from tools.answer_proxy import AnswerProxy, Rule
from tools.suite_runs import DEMO_TABLES, REPO, ServedSandbox, storage_state, suite_env

MOMENT_TIMEOUT = 60  # seconds for a run to reach the moment it is disturbed at
RUN_TIMEOUT = 60  # and to end afterwards
WRONG_SCOTT = b'"747474"'  # the passcode Scott mistypes (aether_suite/auth/sign_ins.py: wrong_passcode)


@dataclass
class Server:
    sandbox: ServedSandbox
    proxy: AnswerProxy
    journal: Path
    demo: dict  # the demo tables before any run
    person_made: dict  # exhibit and file ids a person made, and their blob

    @property
    def env(self) -> dict[str, str]:
        return {"AETHER_BASE_URL": self.proxy.base_url, "AETHER_SANDBOX_SECRETS": "1",
                "AETHER_JOURNAL": str(self.journal), "AETHER_TIMEOUT": "5"}

    def rows(self, sql: str) -> list[tuple]:
        with closing(sqlite3.connect(self.sandbox.db_path, timeout=10)) as conn:
            return conn.execute(sql).fetchall()

    def left(self) -> list[str]:
        """What the runs left, read from the database and the blob folder."""
        exhibit, file = self.person_made["exhibit"], self.person_made["file"]
        found = [f"exhibit {i} {n!r}" for i, n in self.rows("SELECT public_id, name FROM exhibits") if i != exhibit]
        found += [f"{n} leads" for (n,) in self.rows("SELECT count(*) FROM leads") if n]
        found += [f"file {i} {n!r}" for i, n in self.rows("SELECT public_id, filename FROM files") if i != file]
        found += [f"blob {b.name}" for b in self.sandbox.blob_dir.iterdir() if b.name != self.person_made["blob"]]
        state = storage_state(self.sandbox)
        found += [f"{email} has {n} failed sign-ins on {domain}" for email, domain, n in state["login_failures"]]
        found += [f"demo table {t} changed" for t in DEMO_TABLES if state[t] != self.demo[t]]
        return found

    def person_made_survives(self) -> bool:
        exhibits = {i for (i,) in self.rows("SELECT public_id FROM exhibits")}
        files = {i for (i,) in self.rows("SELECT public_id FROM files")}
        blobs = {b.name for b in self.sandbox.blob_dir.iterdir()}
        made = self.person_made
        return made["exhibit"] in exhibits and made["file"] in files and made["blob"] in blobs

    def start_run(self, *features: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "behave", "--no-junit", "--no-color", "-D", "report=", "-D", "run_stats=",
             "-f", "plain", *features],
            cwd=REPO, env=suite_env(self.env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def run(self, *features: str) -> tuple[int, str]:
        process = self.start_run(*features)
        output, _ = process.communicate(timeout=RUN_TIMEOUT)
        return process.returncode, output

    def sweep(self, *args: str) -> tuple[int, str]:
        done = subprocess.run([sys.executable, "-m", "aether_suite.run.sweep", *args], cwd=REPO,
                              env=suite_env(self.env), capture_output=True, text=True, timeout=RUN_TIMEOUT)
        return done.returncode, done.stdout + done.stderr


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("left-behind")
    with ServedSandbox(data / "sandbox") as sandbox, AnswerProxy(sandbox.base_url) as proxy:
        demo = storage_state(sandbox)
        run = SuiteRun(SuiteConfig.load(sandbox.env))
        person = AetherApi(run)  # made the way a person would: names the features use too, no marker
        exhibit = person.create_exhibit("Osiris", "Booth A").json()
        file = person.upload_file("Cleo", "price-list-2026.csv", b"product,price_eur\r\nstand,1200\r\n",
                                  "text/csv").json()
        run.close()
        made = {"exhibit": exhibit["exhibit_id"], "file": file["file_id"], "blob": None}
        (blob,) = [b.name for b in sandbox.blob_dir.iterdir()]
        made["blob"] = blob
        yield Server(sandbox, proxy, data / "journal.jsonl", demo, made)


@pytest.fixture
def moment(server):
    """Adds proxy rules for one test; they are gone afterwards."""
    yield server.proxy.add
    server.proxy.clear()


def disturb(server: Server, rule: Rule, features: list[str], *signals: tuple[signal.Signals, Rule | None]):
    """Start a run, wait for ``rule``'s moment, send each signal (after its own rule's moment, if any)."""
    process = server.start_run(*features)
    try:
        assert rule.seen.wait(MOMENT_TIMEOUT), f"the run never reached {rule}"
        for signum, after in signals:
            if after is not None:
                assert after.seen.wait(MOMENT_TIMEOUT), f"the run never reached {after}"
            process.send_signal(signum)
        output, _ = process.communicate(timeout=RUN_TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    return process.returncode, output


def test_sigkill_while_5000_leads_are_arranged_is_swept_by_the_next_run(server, moment):
    rule = moment(Rule("POST", "/tracking", "pass", nth=300))
    disturb(server, rule, ["features/export/volume.feature"], (signal.SIGKILL, None))
    # The 300th lead is answered; up to the other workers' requests before it may still be in flight.
    assert server.rows("SELECT count(*) FROM leads")[0][0] >= 300 - REMOTE_ARRANGE_WORKERS  # the kill left them

    code, output = server.run("features/smoke.feature")
    assert code == 0, output
    assert "swept: exhibit" in output and "Orbit Analytics" in output
    assert server.left() == [] and server.person_made_survives()


def test_sigterm_while_a_create_answer_is_awaited_stops_the_run_and_deletes_it(server, moment):
    held = moment(Rule("POST", "/v3/crud/event_exhibit", "hold", nth=1, hold_seconds=4))
    code, output = disturb(server, held, ["features/export/csv_form.feature"], (signal.SIGTERM, None))
    assert code != 0 and "ABORTED" in output, output
    assert server.left() == [] and server.person_made_survives()


def test_sigkill_while_a_create_answer_is_awaited_is_found_by_the_sweep_through_the_lists(server, moment):
    held = moment(Rule("POST", "/v3/action/file/upload", "hold", nth=1, hold_seconds=4))
    disturb(server, held, ["features/files/uploading.feature"], (signal.SIGKILL, None))
    assert server.left(), "the kill left nothing to sweep"

    code, output = server.sweep()
    assert code == 0 and "swept: file" in output, output
    assert server.left() == [] and server.person_made_survives()


def test_a_second_ctrl_c_during_clean_up_lets_it_finish(server, moment):
    # Each hold lasts long enough for the signal to land inside it on a busy machine.
    upload = moment(Rule("POST", "/v3/action/file/upload", "hold", nth=2, hold_seconds=5))
    its_delete = moment(Rule("DELETE", "/v3/", "hold", nth=2, hold_seconds=5))  # the first scenario deletes one
    code, output = disturb(server, upload, ["features/files/uploading.feature"],
                           (signal.SIGINT, None), (signal.SIGINT, its_delete))
    assert code != 0, output
    assert "the scenario's clean-up finishes first" in output, output
    assert server.left() == [] and server.person_made_survives()


def test_a_create_whose_answer_is_lost_is_found_and_deleted_at_clean_up(server, moment):
    moment(Rule("POST", "/v3/crud/event_exhibit", "lose", nth=1))
    code, output = server.run("features/export/csv_form.feature")
    assert code != 0 and "cannot reach the Aether server" in output, output  # the scenario that lost it fails
    assert server.left() == [] and server.person_made_survives()


def test_a_truncated_delete_answer_does_not_stop_the_rest_of_the_clean_up(server, moment):
    moment(Rule("DELETE", "/v3/action/file/", "truncate", nth=1))
    code, output = server.run("features/tenancy/shared_bytes.feature")
    cleanup_errors = [line for line in output.splitlines() if line.startswith("CLEANUP-ERROR")]
    assert len(cleanup_errors) == 1 and "was cut short" in cleanup_errors[0], output
    assert "Traceback" not in output
    assert server.left() == [] and server.person_made_survives()


def test_a_kill_mid_lockout_is_restored_by_the_next_runs_first_sign_in(server, moment):
    third = moment(Rule("POST", "/v3/auth/passcode", "pass", nth=3, body_contains=WRONG_SCOTT))
    disturb(server, third, ["--tags=not @slow", "features/auth/lockout.feature"], (signal.SIGKILL, None))
    assert storage_state(server.sandbox)["login_failures"], "the kill left no failed sign-in to restore"

    code, output = server.run("features/smoke.feature")
    assert code == 0, output
    assert "swept: Scott's count of failed sign-ins" in output
    assert server.left() == [] and server.person_made_survives()


def test_without_a_journal_the_sweep_finds_what_other_machines_left_by_its_marks(server, moment):
    """A fresh clone (a CI job) has no journal: the marker booth and the samples' mark are enough."""
    leads = moment(Rule("POST", "/tracking", "pass", nth=100))
    disturb(server, leads, ["features/export/volume.feature"], (signal.SIGKILL, None))
    server.journal.unlink()  # each run as if on a machine of its own
    upload = moment(Rule("POST", "/v3/action/file/upload", "pass", nth=3))
    disturb(server, upload, ["features/files/uploading.feature"], (signal.SIGKILL, None))
    left = server.left()
    assert any(x.startswith("exhibit") for x in left) and any(x.startswith("file") for x in left), left
    server.journal.unlink()

    code, output = server.sweep()  # by default, only what is an hour old: a run elsewhere may be going
    assert code == 0 and server.left(), output
    code, output = server.sweep("--older-than", "0")
    assert code == 0 and "left by a run on another machine" in output, output
    assert server.left() == [] and server.person_made_survives()
