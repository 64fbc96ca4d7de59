"""The suite against a distant server: the sandbox behind a loopback proxy that adds a round trip.

    .venv/bin/python bench/latency.py [--rtt-ms 50] [--workers 16] [--tags "not @wip"]
                                      [--parallel-runs 1] [--no-serial] [--json FILE]

Starts ``python -m sandbox`` in a process of its own (a fresh data folder) and bench/latency_proxy.py
in front of it, then runs, with ``AETHER_BASE_URL`` set to the proxy and the sandbox's public secrets:

- serial     ``behave --tags=TAGS`` (one process, as a developer runs it against the dev API);
- parallel   the README's parallel command, ``python -m aether_suite.run.parallel -t TAGS
             --parallel-processes WORKERS --parallel-scheme scenario``, ``--parallel-runs`` times.

It prints each run's wall time, its scenarios passed / failed / errored or skipped, and whether the
parallel runs passed exactly the scenarios the serial run passed; the load average before each run is
printed with it (on a busy machine wall times grow). Every output goes to a temporary folder, so
reports/ is left alone; the sandbox's output goes to a log there, and the errors it logged (answers it could
not give) are counted at the end. Exit status 1 when a parallel run failed a scenario or passed another
set, or the sandbox logged an error.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.latency_proxy import LatencyProxy  # noqa: E402 - after the repository is importable

PYTHON = sys.executable
SANDBOX_START_SECONDS = 30
RUN_SECONDS = 1800


def start_sandbox(data_dir: Path, log: Path) -> tuple[subprocess.Popen, int]:
    """``python -m sandbox`` on a free loopback port, its output into ``log`` (a pipe nobody reads would fill
    and stop the server at its next log line); returns the process and its port."""
    with log.open("w") as output:
        process = subprocess.Popen([PYTHON, "-m", "sandbox", "--port", "0", "--data-dir", str(data_dir)], cwd=ROOT,
                                   stdout=output, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + SANDBOX_START_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        if found := re.search(r"serving at http://127\.0\.0\.1:(\d+)", log.read_text()):
            return process, int(found.group(1))
        time.sleep(0.05)
    process.kill()
    raise SystemExit(f"the sandbox did not start within {SANDBOX_START_SECONDS} s: {log.read_text()[-500:]}")


def server_errors(log: Path) -> list[str]:
    """The exception ending each traceback the sandbox logged (each an answer it could not give)."""
    errors, in_traceback = [], False
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("Traceback"):
            in_traceback = True
        elif in_traceback and line and not line.startswith((" ", "During handling", "The above exception")):
            errors.append(line)
            in_traceback = False
    return errors


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def statuses_from_behave_json(path: Path) -> dict[str, str]:
    """Each scenario's status; where behave's JSON leaves it out (the first scenario under a Rule with a
    Background), the one its steps add up to."""
    def status(element: dict) -> str:
        steps = {step.get("result", {}).get("status", "untested") for step in element.get("steps", [])}
        return element.get("status") or next((s for s in ("failed", "error", "undefined", "skipped", "untested")
                                             if s in steps), "passed")
    return {element["location"]: status(element) for feature in json.loads(path.read_text())
            for element in feature.get("elements", []) if element.get("type") == "scenario"}


def statuses_from_behavex(output: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Each scenario's status, and the first line of the error of each that failed or erred."""
    merged = json.loads((output / "report.json").read_text())
    scenarios = {f"{feature['filename']}:{scenario['line']}": scenario
                 for feature in merged["features"] for scenario in feature["scenarios"]}
    errors = {}
    for location, scenario in scenarios.items():
        messages = [scenario.get("error_msg")] + [step.get("error_msg") for step in scenario.get("steps", [])]
        text = next((m if isinstance(m, str) else " ".join(m) for m in messages if m), "")
        if text:
            errors[location] = text.strip().splitlines()[0][:300]
    return {location: scenario["status"] for location, scenario in scenarios.items()}, errors


def timed(command: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=RUN_SECONDS)
    return time.perf_counter() - started, done


def tally(statuses: dict[str, str]) -> str:
    counts: dict[str, int] = {}
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    return ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/latency.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rtt-ms", type=float, default=50.0, help="round trip the proxy adds (default 50)")
    parser.add_argument("--workers", type=int, default=16, help="behavex worker processes (default 16)")
    parser.add_argument("--tags", default="not @wip", help="tag expression of both runs (default: the whole suite)")
    parser.add_argument("--parallel-runs", type=int, default=1, help="parallel runs to make (default 1)")
    parser.add_argument("--no-serial", action="store_true", help="leave out the serial run")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    results: dict = {"rtt_ms": args.rtt_ms, "workers": args.workers, "tags": args.tags, "runs": []}
    with tempfile.TemporaryDirectory(prefix="aether-latency-") as tmp:
        folder = Path(tmp)
        sandbox_log = folder / "sandbox.log"
        sandbox, port = start_sandbox(folder / "sandbox-data", sandbox_log)
        proxy = LatencyProxy(("127.0.0.1", port), args.rtt_ms / 1000).start(max_seconds=RUN_SECONDS * 4)
        env = {**os.environ, "AETHER_BASE_URL": proxy.url, "AETHER_SANDBOX_SECRETS": "1", "AETHER_RUN_STATS": ""}
        print(f"sandbox at 127.0.0.1:{port} behind {proxy.url} (+{args.rtt_ms:g} ms round trip); "
              f"tags {args.tags!r}", flush=True)
        serial: dict[str, str] | None = None
        failed = False
        try:
            runs = [("serial", None)] * (not args.no_serial) + [("parallel", n) for n in range(args.parallel_runs)]
            for kind, n in runs:
                before = load()
                if kind == "serial":
                    results_json = folder / "serial.json"
                    seconds, done = timed([PYTHON, "-m", "behave", f"--tags={args.tags}", "-f", "progress",
                                           "-o", str(folder / "serial.txt"), "-f", "json", "-o", str(results_json),
                                           "-D", "report=", "--junit-directory", str(folder / "junit")], env)
                    statuses = statuses_from_behave_json(results_json) if results_json.exists() else {}
                    errors: dict[str, str] = {}
                    serial = statuses
                else:
                    output = folder / f"behavex-{n}"
                    seconds, done = timed([PYTHON, "-m", "aether_suite.run.parallel", "-t", args.tags,
                                           "--parallel-processes", str(args.workers), "--parallel-scheme", "scenario",
                                           "-o", str(output)], env)
                    statuses, errors = (statuses_from_behavex(output) if (output / "report.json").exists()
                                        else ({}, {}))
                bad = {loc: status for loc, status in statuses.items() if status not in ("passed", "skipped")}
                line = f"{kind:8} {seconds:6.1f} s  {tally(statuses) or 'no results'}  (load before: {before})"
                if kind == "parallel" and serial is not None:
                    same = {k for k, v in statuses.items() if v == "passed"} == {k for k, v in serial.items()
                                                                                  if v == "passed"}
                    line += "  same passing set as serial" if same else "  PASSING SET DIFFERS FROM SERIAL"
                    failed |= not same
                failed |= kind == "parallel" and (bool(bad) or done.returncode != 0)
                print(line, flush=True)
                for location, status in sorted(bad.items()):
                    print(f"    {status}: {location}  {errors.get(location, '')}", flush=True)
                if not statuses:
                    print((done.stdout + done.stderr)[-2000:], flush=True)
                results["runs"].append({"kind": kind, "seconds": round(seconds, 2), "load_before": before,
                                        "exit": done.returncode, "statuses": statuses})
            errors = server_errors(sandbox_log)
            results["server_errors"] = errors
            if errors:
                failed = True
                print(f"the sandbox logged {len(errors)} errors: " + "; ".join(
                    f"{count} x {error}" for error, count in Counter(errors).most_common(5)), flush=True)
        finally:
            proxy.stop()
            sandbox.terminate()
            try:
                sandbox.wait(10)
            except subprocess.TimeoutExpired:  # uvicorn waits for open connections
                sandbox.kill()
                sandbox.wait()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
