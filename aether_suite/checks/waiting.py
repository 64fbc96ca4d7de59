"""Waiting for the API to change its answer: poll with a deadline, never a fixed sleep."""
from __future__ import annotations

import time
from typing import Callable, TypeVar

from aether_suite.client.meter import WAITS

T = TypeVar("T")

POLL_INTERVAL_SECONDS = 0.1


def poll(attempt: Callable[[], T], done: Callable[[T], bool], *, deadline: float,
         interval: float = POLL_INTERVAL_SECONDS) -> T:
    """Call ``attempt()`` until ``done(result)`` or ``deadline`` seconds have passed; the last result.

    The caller judges the last result: a deadline that passes is not an error here, because what the
    API answered then is what the scenario reports.
    """
    give_up = time.monotonic() + deadline
    while True:
        result = attempt()
        if done(result) or time.monotonic() >= give_up:
            return result
        paused = time.perf_counter()
        time.sleep(min(interval, max(0.0, give_up - time.monotonic())))
        WAITS.add(time.perf_counter() - paused, requests=0)  # waiting on purpose is no cost of the suite's
