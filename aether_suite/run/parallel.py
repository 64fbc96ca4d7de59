"""Parallel runs with behavex: ``python -m aether_suite.run.parallel [behavex arguments ...]``.

behavex (``--parallel-processes N``) runs behave many times in each of its N worker processes, once per
scenario (``--parallel-scheme scenario``) or per feature, and every run calls before_all/after_all. What
a serial run does once per run, a worker does once per worker process and keeps for its later runs:

- the embedded sandbox (``worker_sandbox``), when no ``AETHER_BASE_URL`` is set: the first run in a
  worker starts it and the later ones reuse it; its data goes when the worker process ends. Against
  ``AETHER_BASE_URL`` there is no sandbox at all: every worker tests that one server. Scenarios leave
  the server as they found it and never disturb one another (README "Scenarios in parallel");
- the personas' tokens (``worker_tokens``), so a worker signs each persona in once;
- the server's health and secrets check (``check_once``).

Started through this module rather than as plain ``behavex``, two costs of every behave run go too:
the suite's modules and step definitions are loaded once here, before behavex forks its workers, which
inherit them; and while behavex runs, behave's runs do not load the step modules again
(``steps_loaded_once``). Plain ``behavex`` runs the same scenarios the same way, each run loading its steps.

behavex passes ``-D worker_id=N`` to every behave run it makes; a plain behave run has no worker_id.
"""
from __future__ import annotations

import contextlib
import inspect
import multiprocessing.util
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from behave.runner import Runner
from behave.runner_util import exec_file, load_step_modules

from sandbox.server import EmbeddedSandbox
from sandbox.settings import Settings

_sandbox: EmbeddedSandbox | None = None
_tokens: dict[str, dict] = {}  # base URL -> the tokens SuiteRun.tokens caches (persona -> token, expiry)
_checked: set[str] = set()  # base URLs this worker process has checked (health and secrets)


def under_behavex(userdata) -> bool:
    return "worker_id" in userdata


def worker_sandbox() -> tuple[EmbeddedSandbox, float | None]:
    """This worker process's sandbox, and the seconds it took to start (None: already serving)."""
    global _sandbox
    if _sandbox is not None:
        return _sandbox, None
    started = time.perf_counter()
    _sandbox = EmbeddedSandbox(Settings.from_env()).start()
    # multiprocessing's exit handlers run when a worker process ends (atexit handlers do not).
    multiprocessing.util.Finalize(_sandbox, _sandbox.discard, exitpriority=10)
    return _sandbox, time.perf_counter() - started


def worker_tokens(base_url: str) -> dict:
    """The run-wide token cache this worker process's behave runs share, for one server."""
    return _tokens.setdefault(base_url, {})


def check_once(base_url: str, check: Callable[[], None]) -> None:
    """``check()`` the first time this worker process runs against this server; a check that raises is
    made again by the worker's next behave run."""
    if base_url not in _checked:
        check()
        _checked.add(base_url)


@contextlib.contextmanager
def steps_loaded_once(steps_dir: Path) -> Iterator[None]:
    """Load the step modules into behave's registry now; inside, behave's runs do not load them again.

    behave keeps step definitions in one registry for the whole process, yet each run executes every
    step module again (``Runner.load_step_definitions``, called by ``Runner.run_with_paths``) and
    compares each definition with all the others: about 20 ms a run, and behavex makes a run per
    scenario. Forked workers inherit the registry and this patch, and the step modules do not change
    during a run. tests/suite/run/test_parallel.py fails if behave stops working this way.
    """
    original = Runner.__dict__.get("load_step_definitions")
    if original is None or "self.load_step_definitions()" not in inspect.getsource(Runner.run_with_paths):
        raise RuntimeError("behave no longer loads step modules through Runner.load_step_definitions: "
                           "aether_suite/run/parallel.py steps_loaded_once needs a look")
    load_step_modules([str(steps_dir)])

    def already_loaded(runner: Runner, extra_step_paths=None) -> None:
        """The step definitions are in behave's process-wide registry (steps_loaded_once)."""

    Runner.load_step_definitions = already_loaded
    try:
        yield
    finally:
        Runner.load_step_definitions = original


def main(argv: list[str]) -> int:
    """behavex with the suite's modules and step definitions loaded once, before its workers fork."""
    from behavex.runner import run  # noqa: PLC0415 - requirements-parallel.txt; only this command needs it

    root = Path.cwd()
    if not (root / "environment.py").exists():
        print("python -m aether_suite.run.parallel: run it from the repository's root (where environment.py is)",
              file=sys.stderr)
        return 2
    exec_file(str(root / "environment.py"), {})  # its imports, as behave's load_hooks makes them
    with steps_loaded_once(root / "steps"):
        return run(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
