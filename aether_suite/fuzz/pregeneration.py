"""The generated requests of a run, made in a process of their own while other scenarios run.

Drawing the @fuzz scenario's generated requests (aether_suite/fuzz/generated.py, ``generated_requests``)
is seconds of Hypothesis' CPU; in the suite's process it would take the one core the GIL lets that process
use. Nothing in those requests depends on what the server answers, so environment.py starts a
``Pregeneration`` when the run will reach a @fuzz scenario, and another core makes them meanwhile. The
objects they are about do not exist yet: they are made about stand-in ids (random ids of the real ones'
shapes) and the scenario puts the real ids in (``requests``). The process leaves Ctrl-C to the run, and
the run stops it (``stop``) when it ends.

This module imports nothing heavy at its top: the new process imports it first, and ignores Ctrl-C before
it imports Schemathesis.
"""
from __future__ import annotations

import multiprocessing
import secrets
import signal
from typing import TYPE_CHECKING

from aether_suite.errors import SuiteError, one_line

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from aether_suite.fuzz.generated import Budget, GeneratedRequest

ID_NAMES = ("event_id", "exhibit_id", "tracking_id", "file_id")


def stand_in_ids() -> dict[str, str]:
    """Ids nobody has, shaped as the real ones (ID Vision's 11 characters; a sha256 in hex), new each time."""
    ids = {}
    for name in ID_NAMES:
        while (ids.get(name) or "-").startswith("-"):  # an id does not start with "-"
            ids[name] = secrets.token_urlsafe(8)
    return {**ids, "sha256": secrets.token_hex(32)}


class Pregeneration:
    """``budget``'s generated requests, being made in a new process from the moment this is created."""

    def __init__(self, budget: Budget):
        self.budget = budget
        self.stand_ins = stand_in_ids()
        self._made: list[GeneratedRequest] | None = None  # received from the process, about the stand-ins
        context = multiprocessing.get_context("spawn")  # not fork: the run's process has threads (the sandbox)
        self._answer, sending = context.Pipe(duplex=False)
        self._process = context.Process(target=_make, args=(self.stand_ins, budget, sending), daemon=True,
                                        name="aether-generated-requests")
        self._process.start()
        sending.close()

    def requests(self, ids: dict[str, str]) -> list[GeneratedRequest]:
        """The generated requests, about the objects ``ids`` names; waits for them (``budget.seconds`` at most)
        the first time, and gives the same ones to every later @fuzz scenario of the run."""
        if self._made is None:
            if not self._answer.poll(self.budget.seconds):
                raise SuiteError(f"the generated requests were not made within {self.budget.seconds:g} s")
            try:
                made, problem = self._answer.recv()
            except EOFError:
                raise SuiteError(f"the process making the generated requests ended without them "
                                 f"(exit code {self._process.exitcode})") from None
            if problem:
                raise SuiteError(f"the generated requests could not be made: {problem}")
            self._made = made
        return [request.with_ids(self.stand_ins, ids) for request in self._made]

    def stop(self) -> None:
        self._process.kill()
        self._process.join()
        self._answer.close()


def _make(ids: dict[str, str], budget: Budget, answer: Connection) -> None:
    """In the new process: the requests, or the one line saying why not, sent back."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the run's; it stops this process
    try:
        from aether_suite.fuzz.generated import generated_requests  # noqa: PLC0415 - after Ctrl-C is ignored

        made, problem = generated_requests(ids, budget), None
    except Exception as error:  # noqa: BLE001 - anything, said in the scenario that needs the requests
        made, problem = [], one_line(error)
    try:
        answer.send((made, problem))
    except BrokenPipeError:
        pass  # the run ended without them
    finally:
        answer.close()
