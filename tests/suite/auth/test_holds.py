"""A scenario that makes a persona's sign-ins fail holds them to itself until its clean-up, across processes."""
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from aether_suite.auth import sign_ins
from aether_suite.client.personas import persona
from aether_suite.errors import ArrangementFailed

REPO = Path(__file__).resolve().parents[3]
SCOTT = persona("Scott")


class Scenario:
    """What hold_failures uses of a scenario's API object: its server, and clean-up hooks run at the end."""

    def __init__(self, base_url: str = "http://127.0.0.1:1") -> None:
        self.run = SimpleNamespace(config=SimpleNamespace(base_url=base_url))
        self.hooks = []

    def on_cleanup(self, what, hook):
        self.hooks.append((what, hook))

    def end(self):
        for _, hook in reversed(self.hooks):
            hook()


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    monkeypatch.setattr(sign_ins, "HOLDS", tmp_path)
    cleared = []
    monkeypatch.setattr(sign_ins, "clear_failures", lambda api, person, sandbox=None: cleared.append(person.name))
    return cleared


def test_a_second_scenario_waits_until_the_first_has_cleared_the_count(isolated):
    first, second = Scenario(), Scenario()
    sign_ins.hold_failures(first, SCOTT)
    sign_ins.hold_failures(first, SCOTT)  # a scenario takes its hold once
    assert len(first.hooks) == 1
    order = []
    waiting = threading.Thread(target=lambda: (sign_ins.hold_failures(second, SCOTT), order.append("second")))
    waiting.start()
    waiting.join(0.3)
    assert waiting.is_alive()  # held: the second scenario's failures wait
    order.append("first ends")
    first.end()
    waiting.join(5)
    assert order == ["first ends", "second"]
    assert isolated == ["Scott"]  # the persona signed in rightly before the hold was let go
    second.end()


def test_another_process_waits_for_the_hold_and_gives_up_with_one_line(tmp_path, monkeypatch):
    held = Scenario()
    sign_ins.hold_failures(held, SCOTT)
    script = ("import sys; from pathlib import Path; from types import SimpleNamespace\n"
              "from aether_suite.auth import sign_ins; from aether_suite.client.personas import persona\n"
              f"sign_ins.HOLDS = Path({str(tmp_path)!r}); sign_ins.HOLD_DEADLINE_SECONDS = 0.2\n"
              "class Scenario:\n"
              "    run = SimpleNamespace(config=SimpleNamespace(base_url='http://127.0.0.1:1'))\n"
              "    def on_cleanup(self, what, hook): pass\n"
              "try:\n    sign_ins.hold_failures(Scenario(), persona('Scott'))\n"
              "except sign_ins.ArrangementFailed as e:\n    print(e); sys.exit(3)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 3, done.stderr
    assert "another scenario has held Scott's failed sign-ins" in done.stdout
    held.end()


def test_holds_are_per_server_and_per_person():
    one, other_server, other_person = Scenario(), Scenario("http://127.0.0.1:2"), Scenario()
    sign_ins.hold_failures(one, SCOTT)
    sign_ins.hold_failures(other_server, SCOTT)  # would block if the holds were shared
    sign_ins.hold_failures(other_person, persona("Cleo"))
    for scenario in (one, other_server, other_person):
        scenario.end()


def test_the_hold_is_let_go_even_when_the_count_cannot_be_cleared(monkeypatch):
    def locked(api, person, sandbox=None):
        raise AssertionError("Scott could not sign in again after the scenario")

    monkeypatch.setattr(sign_ins, "clear_failures", locked)
    first = Scenario()
    sign_ins.hold_failures(first, SCOTT)
    with pytest.raises(AssertionError):
        first.end()
    monkeypatch.setattr(sign_ins, "HOLD_DEADLINE_SECONDS", 0.2)
    second = Scenario()
    sign_ins.hold_failures(second, SCOTT)  # not ArrangementFailed: the first let go
    with pytest.raises(AssertionError):
        second.end()


def test_a_timed_out_hold_says_so_in_one_line(monkeypatch):
    monkeypatch.setattr(sign_ins, "HOLD_DEADLINE_SECONDS", 0.1)
    first = Scenario()
    sign_ins.hold_failures(first, SCOTT)
    with pytest.raises(ArrangementFailed, match="another scenario has held Scott's failed sign-ins for 0.1 s"):
        sign_ins.hold_failures(Scenario(), SCOTT)
    first.end()
