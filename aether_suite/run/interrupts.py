"""Ctrl-C and SIGTERM (what a CI cancel sends) stop a run the same way, and never cut a clean-up short silently.

- ``stop_on_sigterm()``: from then on SIGTERM raises KeyboardInterrupt, as Ctrl-C does, so behave
  aborts the run, runs the hooks and the scenario's clean-up, and exits non-zero.
- ``held_during_cleanup()``: while a scenario's objects are deleted, the first Ctrl-C or SIGTERM is
  held: one line says the clean-up finishes first, and the run stops after it. Another one stops the
  clean-up at once; it then names everything it did not delete (AetherApi.cleanup), which the
  journal keeps for the next run's sweep.
"""
from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager

SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _as_ctrl_c(signum, frame) -> None:
    raise KeyboardInterrupt


def stop_on_sigterm() -> None:
    signal.signal(signal.SIGTERM, _as_ctrl_c)


@contextmanager
def held_during_cleanup() -> Iterator[list[int]]:
    """Yield the list of signals held so far (empty: none came)."""
    held: list[int] = []

    def hold(signum, frame) -> None:
        held.append(signum)
        if len(held) > 1:
            raise KeyboardInterrupt
        print(f"{signal.Signals(signum).name}: the scenario's clean-up finishes first, then the run stops; "
              f"press Ctrl-C again to stop the clean-up now", file=sys.stderr, flush=True)

    previous = {signum: signal.signal(signum, hold) for signum in SIGNALS}
    try:
        yield held
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
