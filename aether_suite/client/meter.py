"""The wall time the suite spends waiting on the server, and on purpose: read by the run's statistics.

``SuiteRun.http_meter`` counts every request from sending it to having read its answer (the transport,
client/transport.py, adds each request and each read of a streamed body); ``WAITS`` counts
the pauses of ``checks.waiting.poll`` while time passes (a lockout window, a token's lifetime).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass
class HttpMeter:
    """Requests sent and the wall time spent in them; thread-safe (volume arrangements send in parallel)."""

    requests: int = 0
    seconds: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, seconds: float, requests: int = 1) -> None:
        with self._lock:
            self.requests += requests
            self.seconds += seconds


WAITS = HttpMeter()  # deliberate waits (checks/waiting.py: waiting for time to pass), process-wide
