"""Requests sent at the same moment, for the scenarios about requests that arrive together.

``together(call, call, ...)`` runs each call in its own thread and releases them all at once. The calls go
through the scenario's AetherApi as any request does (recorded, held to the contract's shapes, journalled,
bounded in time by the transport); ``last`` is then whichever answer came last, so a caller keeps what each
call returned and finds its record with ``api.exchange_of(response)``.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
RELEASE_TIMEOUT_SECONDS = 10.0  # for every thread to be ready; a machine that takes longer is stuck


def together(*calls: Callable[[], T]) -> list[T]:
    """What each call returned, in order; the first call that raised raises, once all have ended."""
    barrier = threading.Barrier(len(calls), timeout=RELEASE_TIMEOUT_SECONDS)

    def released(call: Callable[[], T]) -> T:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls), thread_name_prefix="together") as pool:
        futures = [pool.submit(released, call) for call in calls]
    return [future.result() for future in futures]
