"""Where a run's time went: written as JSON at the end of every run (bench/suite_speed.py reads it).

environment.py calls:

    before_all       context.run_stats = RunStats.start(context)   the clock starts
    embedded_sandbox context.run_stats.sandbox_started(seconds)    how long the sandbox took to serve
    before_scenario  context.run_stats.scenario_started(scenario, context.suite.http_meter)
    after_all        context.run_stats.finish(context.suite.http_meter)

The HTTP time comes from the run's ``HttpMeter`` (``SuiteRun.http_meter``): ``SuiteRun.transmit`` adds
the wall time of every request it sends, from sending it to having read its answer; for a streamed
answer (exports, downloads) the time spent reading its body is added as it is read. The suite's
overhead is the run's wall time over its HTTP time: 1.0 would mean the suite itself costs nothing.
Deliberate waits (``WAITS``: aether_suite/checks/waiting.py pausing between polls while time passes, as for a
lockout window or a token's lifetime) are counted apart, and the overhead is also given without them.

A scenario's time runs from its before_scenario to the next scenario's (or to after_all), so it holds its
cleanup and the report's work for it; tools/shard.py balances shards by these times.

Where the file goes: ``-D run_stats=PATH`` or ``AETHER_RUN_STATS=PATH`` (default reports/run-stats.json;
an empty value: none). Under behavex, which runs behave many times in each worker process, every run
writes its own file into the run-stats folder of behavex's output folder (``-o``, which behavex empties
first): ``<output>/run-stats/worker-<id>-<pid>-<n>.json``.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from aether_suite.client.meter import WAITS, HttpMeter

DEFAULT_PATH = "reports/run-stats.json"
_runs_in_process = 0  # behave runs this process made (behavex runs many in each worker)




class RunStats:
    def __init__(self, path: Path | None, worker: str | None):
        self.path = path  # None: write nothing
        self.worker = worker
        self.started = time.perf_counter()
        self.started_at = time.time()  # the epoch: lines up the runs of parallel workers
        self.cpu_started = time.process_time()
        self.waited_before = WAITS.seconds
        self.sandbox_start_seconds: float | None = None
        self.scenarios: list[dict] = []
        self._current: dict | None = None
        self._current_from: tuple[float, int, float] | None = None  # perf_counter, requests, http seconds

    @classmethod
    def start(cls, context) -> "RunStats":
        global _runs_in_process
        _runs_in_process += 1
        userdata = context.config.userdata
        worker = userdata.get("worker_id")  # behavex passes -D worker_id=N to every behave run
        default = DEFAULT_PATH
        if worker is not None:  # behavex sets OUTPUT to its output folder
            folder = os.environ.get("OUTPUT", "output")
            default = f"{folder}/run-stats/worker-{worker}-{os.getpid()}-{_runs_in_process}.json"
        path = userdata.get("run_stats", os.environ.get("AETHER_RUN_STATS", default)).strip()
        return cls(Path(path) if path else None, worker)

    def sandbox_started(self, seconds: float) -> None:
        self.sandbox_start_seconds = seconds

    def scenario_started(self, scenario, http: HttpMeter | None) -> None:
        now = time.perf_counter()
        self._close_current(now, http)
        self._current = {"location": f"{scenario.filename}:{scenario.line}", "name": scenario.name,
                         "tags": sorted(scenario.effective_tags)}
        self._current_from = (now, http.requests if http else 0, http.seconds if http else 0.0)

    def _close_current(self, now: float, http: HttpMeter | None) -> None:
        if self._current is None:
            return
        started, requests, seconds = self._current_from
        self._current.update(seconds=round(now - started, 4),
                             requests=(http.requests - requests) if http else 0,
                             http_seconds=round((http.seconds - seconds) if http else 0.0, 4))
        self.scenarios.append(self._current)
        self._current = None

    def summary(self, http: HttpMeter | None) -> dict:
        run_seconds = time.perf_counter() - self.started
        http_seconds = http.seconds if http else 0.0
        return {
            "worker": self.worker,
            "pid": os.getpid(),
            "started_at": round(self.started_at, 3),
            "run_seconds": round(run_seconds, 4),  # before_all to after_all, wall
            "cpu_seconds": round(time.process_time() - self.cpu_started, 4),  # this process, every thread
            "sandbox_start_seconds": (None if self.sandbox_start_seconds is None
                                      else round(self.sandbox_start_seconds, 4)),
            "http_requests": http.requests if http else 0,
            "http_seconds": round(http_seconds, 4),
            "overhead": round(run_seconds / http_seconds, 3) if http_seconds else None,
            # Time the scenarios spent waiting on purpose (a lockout window, a token's lifetime) is no cost of
            # the suite's: the overhead without it.
            "waited_seconds": round(WAITS.seconds - self.waited_before, 4),
            "overhead_without_waits": (round((run_seconds - WAITS.seconds + self.waited_before) / http_seconds, 3)
                                       if http_seconds else None),
            "scenarios": self.scenarios,
        }

    def finish(self, http: HttpMeter | None) -> dict:
        self._close_current(time.perf_counter(), http)
        summary = self.summary(http)
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
        return summary
