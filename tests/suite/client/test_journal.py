"""The journal of intents: every line survives writers in several processes and threads at once, a settled
intent is no longer open, a live run's intents are not offered to a sweep, compaction keeps what is open."""
import subprocess
import sys
import time

from aether_suite.client.journal import EXHIBIT, FILE, MARK_PREFIX, Entry, Journal, matches

SERVER = "http://aether.test:8000"
WRITER = '''
import sys, threading
from aether_suite.client.journal import Journal, FILE
journal = Journal(sys.argv[1], "http://aether.test:8000")

def write(thread):
    for n in range(50):
        entry = journal.intend(FILE, "_XY7DXtc9MY", f"t{thread}-{n}.txt", sha256="ab" * 32)
        journal.created(entry, f"id{thread}x{n}")
        if n % 2:
            journal.done(entry)

threads = [threading.Thread(target=write, args=(t,)) for t in range(4)]
for thread in threads: thread.start()
for thread in threads: thread.join()
'''


def test_processes_and_threads_writing_at_once_lose_no_line(tmp_path):
    path = tmp_path / "journal.jsonl"
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path)]) for _ in range(3)]
    assert [w.wait(timeout=60) for w in writers] == [0, 0, 0]

    lines = path.read_text().splitlines()
    assert len(lines) == 3 * 4 * (50 * 2 + 25)  # intent + created for each, done for every other one
    still_open = Journal(path, SERVER).left_open()
    assert len(still_open) == 3 * 4 * 25 and all(e.id and e.sha256 == "ab" * 32 for e in still_open)


def test_a_live_runs_intents_are_not_offered_to_a_sweep_until_it_ends(tmp_path):
    path = tmp_path / "journal.jsonl"
    running = Journal(path, SERVER).start()
    entry = running.intend(EXHIBIT, "_XY7DXtc9MY", "Booth A", booth=running.marker)
    sweeper = Journal(path, SERVER).start()
    assert running.marker.startswith(MARK_PREFIX) and running.marker in sweeper.live_runs()
    assert sweeper.left_open() == []

    running.close()
    assert [e.key for e in sweeper.left_open()] == [entry.key]
    assert Journal(path, "http://other.test").left_open() == []  # another server's journal entries are not its


def test_a_line_cut_short_by_a_kill_is_skipped_and_compaction_keeps_only_open_intents(tmp_path):
    path = tmp_path / "journal.jsonl"
    journal = Journal(path, SERVER)
    settled, kept = journal.intend(EXHIBIT, "_XY7DXtc9MY", "Gone"), journal.intend(FILE, "_XY7DXtc9MY", "kept.txt")
    journal.done(settled)
    with open(path, "a") as out:
        out.write('{"op": "intent", "key": "cut')
    journal.compact()
    assert [e.key for e in Journal(path, SERVER).left_open()] == [kept.key]  # read as the next run does
    assert len(path.read_text().splitlines()) == 1


def test_an_unanswered_create_matches_only_its_own_object(tmp_path):
    journal = Journal(None, SERVER)
    marked = journal.intend(EXHIBIT, "_XY7DXtc9MY", "Booth A", booth=journal.marker)
    unmarked = journal.intend(EXHIBIT, "_XY7DXtc9MY", "Booth A")
    upload = journal.intend(FILE, "_XY7DXtc9MY", "a.txt", sha256="cd" * 32)
    now = _iso(marked.at)
    assert matches(marked, {"name": "Booth A", "booth": journal.marker, "created_at": "2020-01-01T00:00:00Z"})
    assert not matches(marked, {"name": "Booth A", "booth": None, "created_at": now})
    assert matches(unmarked, {"name": "Booth A", "booth": None, "created_at": now})
    assert not matches(unmarked, {"name": "Booth A", "booth": None, "created_at": "2020-01-01T00:00:00Z"})
    assert matches(upload, {"file_id": "x", "sha256": "cd" * 32, "created_at": now})
    assert not matches(upload, {"file_id": "x", "sha256": "ef" * 32, "created_at": now})
    # A journal without a path (the embedded sandbox's) keeps nothing and offers nothing to a sweep.
    assert journal.left_open() == [] and journal.live_runs() == {journal.marker}


def _iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def test_entries_read_back_as_written(tmp_path):
    journal = Journal(tmp_path / "j.jsonl", SERVER)
    entry = journal.intend(FILE, "Nw7RvLq2ZkP", "notes.txt", sha256="0" * 64)
    journal.created(entry, "Fi1eId00001")
    (back,) = Journal(tmp_path / "j.jsonl", SERVER).left_open()  # read as the next run does
    assert back == Entry(**{**entry.__dict__, "id": "Fi1eId00001"})
    assert "notes.txt" in back.describe() and entry.run in back.describe()
