"""Run after run against one long-lived sandbox, the suite gives the same results and leaves nothing behind.

``python -m sandbox --port 0 --data-dir D`` serves all runs (@sandbox scenarios skip there, with their
reason). Afterwards the sandbox must hold only the demo dataset: no exhibits, leads, files or blobs,
demo rows as they were, no demo persona with failed sign-ins counted; and everything the runs created
(noted by SQLite triggers) must answer not found through the API. CI runs RUNS times; the full count:
``python -m tools.suite_checks repeat --count 10``.
"""
import pytest

from tools import suite_runs as runs

RUNS = 3


@pytest.fixture(scope="module")
def repeated(tmp_path_factory):
    return runs.repeated_runs(RUNS, f"--tags={runs.NOT_SLOW}", data_dir=tmp_path_factory.mktemp("sandbox"))


def test_every_run_gives_the_same_results(repeated, capsys):
    with capsys.disabled():
        print("\n" + "\n".join(f"repeat run {n}: {r.summary()}" for n, r in enumerate(repeated.results, 1)))
    first = repeated.results[0]
    assert first.ran and not first.aborted, first.summary()
    for number, result in enumerate(repeated.results[1:], 2):
        different = runs.differences(result, first)
        assert not different, f"run {number} differs from run 1:\n" + "\n".join(different)


def test_the_runs_leave_nothing_behind(repeated):
    assert repeated.created, "the runs created nothing: the residue check would prove nothing"
    residue = repeated.residue()
    assert not residue, "left behind after the runs:\n" + "\n".join(residue)
