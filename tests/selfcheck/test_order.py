"""The suite's results do not depend on the order of its features and scenarios.

behave 1.3.3 cannot shuffle; it runs the scenarios named by ``file:line`` locations in the order given
(see tools/suite_runs.py order_from). The suite's scenarios are listed by a dry run, shuffled under a
seed and run in that order; each seed must give the results of the run in file order. Two fixed seeds
and a fresh one each time, printed: ``python -m tools.suite_checks shuffle --seeds N`` reruns it.
"""
import random

import pytest

from tools import suite_runs as runs

SEEDS = (20261121, 424242, random.SystemRandom().randrange(1_000_000))


@pytest.fixture(scope="module")
def shuffled():
    return runs.shuffled_runs(SEEDS, f"--tags={runs.NOT_SLOW}")


def test_the_suite_runs_in_file_order(shuffled):
    baseline = shuffled[0]
    assert baseline.ran and not baseline.aborted, baseline.summary()


@pytest.mark.parametrize("seed", SEEDS)
def test_a_shuffled_order_gives_the_same_results(shuffled, seed, capsys):
    baseline, shuffled_runs = shuffled
    run = next(r for r in shuffled_runs if r.seed == seed)
    default = [s.location for s in baseline.ran]
    with capsys.disabled():
        print(f"\nshuffle {runs.describe_order(run, default)}: {run.result.summary()}")
    assert run.order == runs.order_from(run.requested), "behave did not run the scenarios in the order given"
    swapped, _, swapped_in_file, _ = runs.disorder(run.order, default)
    assert swapped and swapped_in_file, "the shuffled order is the file order, across or within features"
    different = runs.differences(run.result, baseline, run.requested)
    assert not different, f"seed {seed} changes results:\n" + "\n".join(different)
