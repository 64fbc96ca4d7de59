"""Parallel runs with behavex: one embedded sandbox per worker process, kept for all its behave runs.

behavex (``behavex --parallel-processes N``) runs behave many times in each of its N worker processes,
once per feature (or per scenario), and every run calls before_all/after_all. Starting and seeding a
sandbox for each of those runs would cost more than most features take, so under behavex the first run
in a worker starts the sandbox and the later ones reuse it; its data goes when the worker process ends. That
is what a plain serial run does too: one sandbox for every scenario of the process. Scenarios leave the
sandbox as they found it (they delete what they create and restore any setting they change). The personas'
run-wide tokens are kept the same way (``worker_tokens``), so each behave run does not sign them in again,
the server's health and secrets are checked once per worker (``check_once``), not once per feature, and
the step modules are loaded once per worker (``reuse_step_definitions``).

behavex passes ``-D worker_id=N`` to every behave run it makes; a plain behave run has no worker_id.
"""
from __future__ import annotations

import multiprocessing.util
import time
from collections.abc import Callable

from behave.runner import Runner

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


def reuse_step_definitions() -> None:
    """Let this worker's later behave runs use the step definitions its first run loaded.

    behave keeps step definitions in one registry for the whole process, yet every run executes the step
    modules again, and each definition is then compared with every other one for ambiguity: about 20 ms
    a run, and a worker makes a run per feature. The step modules do not change during a behavex run.
    """
    if getattr(Runner.load_step_definitions, "loaded_once", False):
        return

    def already_loaded(runner: Runner, extra_step_paths=None) -> None:
        """The step definitions are in behave's registry since this worker's first run."""

    already_loaded.loaded_once = True
    Runner.load_step_definitions = already_loaded
