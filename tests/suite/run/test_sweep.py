"""The sweep deletes what runs left and nothing else: not a person's exhibit or file, not what a run
still going made; a sweep with no server to sweep says so in one line."""
import hashlib
import subprocess
import sys

import pytest

from aether_suite.client.api import AetherApi, SuiteRun
from aether_suite.client.config import SuiteConfig
from aether_suite.client.journal import Journal
from aether_suite.files.sample_files import sample, sample_bytes
from aether_suite.run.sweep import Sweep, sweep
from sandbox.server import EmbeddedSandbox
from sandbox.settings import Settings
from tools.suite_runs import REPO, suite_env


@pytest.fixture
def sandbox():
    with EmbeddedSandbox(Settings()) as served:
        yield served


def _run(sandbox, journal_path, journal_marker=None) -> SuiteRun:
    journal = Journal(journal_path, sandbox.base_url, journal_marker).start()
    return SuiteRun(SuiteConfig.load({}).targeting(sandbox.base_url), journal)


def _names(api: AetherApi) -> tuple[list[str], list[str]]:
    exhibits = [e["name"] for acct in ("Osiris", "Nadia") for e in api.list_exhibits(acct).json()["items"]]
    files = [f["filename"] for acct in ("Osiris", "Nadia") for f in api.list_files(acct).json()["items"]]
    return sorted(exhibits), sorted(files)


def test_only_what_runs_made_is_swept_never_what_a_person_made(sandbox, tmp_path):
    person_run = SuiteRun(SuiteConfig.load({}).targeting(sandbox.base_url))
    person = AetherApi(person_run)
    person.create_exhibit("Osiris", "Booth A")
    person.create_exhibit("Nadia", "Spring stand", booth="aether-suite stand 4")
    person.upload_file("Cleo", "price list.pdf", b"%PDF-1.7 a person's price list")

    killed = _run(sandbox, tmp_path / "elsewhere.jsonl")  # a run on another machine, whose journal is not here
    left = AetherApi(killed)
    left.arrange_exhibit("One Sky", "Booth A")
    left.arrange_exhibit("Northwind", "Booth B")
    brochure = sample("booth brochure", 70_000)
    left.arrange_file("Scott", "price list.pdf", brochure.read())
    left.arrange_file("Nadia", "notes.txt", sample_bytes("notes.txt"))
    killed.journal.close()

    here = _run(sandbox, tmp_path / "journal.jsonl")
    done = sweep(here, older_than=0)
    assert len(done.lines) == 4 and done.left == [], done.lines + done.left
    assert _names(person) == (["Booth A", "Spring stand"], ["price list.pdf"])
    here.close()
    person_run.close()


def test_a_run_still_going_keeps_what_it_made_until_it_ends(sandbox, tmp_path):
    going = _run(sandbox, tmp_path / "journal.jsonl")
    AetherApi(going).arrange_exhibit("One Sky", "Still in use")
    sweeper = _run(sandbox, tmp_path / "journal.jsonl")
    assert Sweep(sweeper, older_than=0).journalled().marked().lines == []

    going.journal.close()  # as when its process ends, however it ends
    done = Sweep(sweeper, older_than=0).journalled().marked()
    assert [line.split(" of ")[0] for line in done.lines] == [done.lines[0].split(" of ")[0]]
    assert "'Still in use'" in done.lines[0]
    sweeper.close()
    going.close()


def test_the_sweep_command_without_a_server_says_so_in_one_line():
    done = subprocess.run([sys.executable, "-m", "aether_suite.run.sweep"], cwd=REPO, env=suite_env(),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("sweep: nothing to sweep: no AETHER_BASE_URL") and done.stderr.count("\n") == 1


def test_a_create_a_killed_run_never_got_the_answer_to_is_found_through_the_lists(sandbox, tmp_path):
    killed = _run(sandbox, tmp_path / "journal.jsonl")
    api = AetherApi(killed)
    exhibit_intent = killed.journal.intend("exhibit", "Nw7RvLq2ZkP", "Unanswered", booth=killed.journal.marker)
    file_intent = killed.journal.intend("file", "_XY7DXtc9MY", "unanswered.txt",
                                        sha256=hashlib.sha256(sample_bytes("unanswered.txt")).hexdigest())
    # what the server made of them, as the killed run never heard (a journal of its own would have noted it)
    AetherApi(SuiteRun(killed.config)).create_exhibit("Nadia", "Unanswered", booth=exhibit_intent.booth)
    AetherApi(SuiteRun(killed.config)).upload_file("Cleo", "unanswered.txt", sample_bytes("unanswered.txt"))
    killed.journal.close()

    sweeper = _run(sandbox, tmp_path / "journal.jsonl")
    done = Sweep(sweeper).journalled()
    assert done.left == [] and len(done.lines) == 2, done.lines + done.left
    assert _names(api) == ([], []) and file_intent.name in " ".join(done.lines)
    sweeper.close()
    killed.close()
