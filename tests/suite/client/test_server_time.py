"""aether_suite/client/server_time.py: time passes on the server's clock, waited for or moved forward."""
import time
from types import SimpleNamespace

from aether_suite.checks.waiting import poll
from aether_suite.client.meter import WAITS
from aether_suite.client.server_time import RealTime, SandboxTime


class Sandbox:
    """What SandboxTime reads and moves: EmbeddedSandbox's settings and let_time_pass."""

    def __init__(self):
        self.settings = SimpleNamespace(clock_ahead_seconds=0.0)

    @property
    def moved(self) -> float:
        return self.settings.clock_ahead_seconds

    def let_time_pass(self, seconds: float) -> None:
        self.settings.clock_ahead_seconds += seconds


def test_on_the_sandbox_a_deadline_passes_on_its_clock_without_waiting():
    sandbox, waited, started = Sandbox(), WAITS.seconds, time.monotonic()
    attempts = []
    assert poll(lambda: attempts.append(1) or len(attempts), lambda n: False, deadline=5.0,
                clock=SandboxTime(sandbox)) == len(attempts)
    assert 4.99 < sandbox.moved < 5.01 and len(attempts) >= 50  # an attempt every 0.1 s of the sandbox's time
    assert time.monotonic() - started < 2 and WAITS.seconds == waited  # no waiting, so no wait counted


def test_on_the_sandbox_polling_stops_once_the_answer_changes():
    sandbox = Sandbox()
    clock = SandboxTime(sandbox)
    assert poll(lambda: clock.monotonic(), lambda now: sandbox.moved >= 1.0, deadline=5.0, clock=clock) > 0
    assert 0.99 < sandbox.moved < 1.11


def test_a_server_of_its_own_is_waited_for():
    started = time.monotonic()
    RealTime().pass_time(0.05)
    assert time.monotonic() - started >= 0.05
