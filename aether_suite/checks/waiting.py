"""Waiting for the API to change its answer: poll with a deadline, never a fixed sleep."""
from __future__ import annotations

from typing import Callable, TypeVar

from aether_suite.client.server_time import ServerTime

T = TypeVar("T")

POLL_INTERVAL_SECONDS = 0.1


def poll(attempt: Callable[[], T], done: Callable[[T], bool], *, deadline: float, clock: ServerTime,
         interval: float = POLL_INTERVAL_SECONDS) -> T:
    """Call ``attempt()`` until ``done(result)`` or ``deadline`` seconds have passed on ``clock``; the last result.

    Between attempts ``interval`` seconds pass on the server's clock (the run's: ``SuiteRun.clock``). The caller
    judges the last result: a deadline that passes is not an error here, because what the API answered then is
    what the scenario reports.
    """
    give_up = clock.monotonic() + deadline
    while True:
        result = attempt()
        if done(result) or clock.monotonic() >= give_up:
            return result
        clock.pass_time(min(interval, max(0.0, give_up - clock.monotonic())))
