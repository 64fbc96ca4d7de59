"""SIGTERM stops a run as Ctrl-C does; a Ctrl-C during a clean-up is held, and a second one stops it."""
import signal

import pytest

from aether_suite.run.interrupts import held_during_cleanup, stop_on_sigterm


@pytest.fixture
def handlers():
    """The process's signal handlers, put back afterwards."""
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)


def test_sigterm_raises_keyboard_interrupt_as_ctrl_c_does(handlers):
    stop_on_sigterm()
    with pytest.raises(KeyboardInterrupt):
        signal.raise_signal(signal.SIGTERM)


def test_a_ctrl_c_during_clean_up_is_held_with_one_line_and_a_second_one_stops_it(handlers, capsys):
    before = signal.getsignal(signal.SIGINT)
    with held_during_cleanup() as held:
        signal.raise_signal(signal.SIGINT)
        assert held == [signal.SIGINT]
        message = capsys.readouterr().err
        assert message.startswith("SIGINT: the scenario's clean-up finishes first") and message.count("\n") == 1
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGTERM)
    assert signal.getsignal(signal.SIGINT) is before


def test_without_a_signal_nothing_is_held(handlers):
    with held_during_cleanup() as held:
        pass
    assert held == []
