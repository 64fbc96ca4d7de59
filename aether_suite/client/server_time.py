"""Time on the server's clock, as the suite lets it pass (checks/waiting.py polls by it).

A server of its own keeps its own clock: the suite waits (``RealTime``). The embedded sandbox's clock can be
moved forward (``SandboxTime``): a token's lifetime or a lockout window passes at once, and the sandbox
judges tokens and locks by that clock as a server judges them by its own.
"""
from __future__ import annotations

import time
from typing import Any, Protocol

from aether_suite.client.meter import WAITS


class ServerTime(Protocol):
    def monotonic(self) -> float:
        """Seconds on the server's clock, for measuring how much of it has passed."""

    def pass_time(self, seconds: float) -> None:
        """Let ``seconds`` pass on the server's clock."""


class RealTime:
    """A server's own clock: time passes by waiting, and the waits are counted (client/meter.py, WAITS)."""

    def monotonic(self) -> float:
        return time.monotonic()

    def pass_time(self, seconds: float) -> None:
        paused = time.perf_counter()
        time.sleep(seconds)
        WAITS.add(time.perf_counter() - paused, requests=0)  # waiting on purpose is no cost of the suite's


class SandboxTime:
    """The embedded sandbox's clock (sandbox/server.py, ``let_time_pass``): moved forward instead of waited for."""

    def __init__(self, sandbox: Any):
        self._sandbox = sandbox

    def monotonic(self) -> float:
        return time.monotonic() + self._sandbox.settings.clock_ahead_seconds

    def pass_time(self, seconds: float) -> None:
        self._sandbox.let_time_pass(seconds)
