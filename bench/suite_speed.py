"""How fast the acceptance suite runs against the embedded sandbox, and where its time goes.

    /work/venv/bin/python bench/suite_speed.py [--runs 3] [--slices full auth tenancy files export smoke]
                                               [--parallel 2] [--scheme feature] [--json FILE]

Every slice is run ``--runs`` times as its own ``behave --tags=...`` process, as a developer runs it
(default formatter, JUnit and the living report written, into a temporary folder so reports/ is left
alone), and the medians are shown:

- wall s       the behave process, start to exit (imports, parsing, sandbox, scenarios, reports)
- CPU s        user + system CPU of that process; on an idle machine the wall time comes close to it
               (suite and sandbox share one process and one GIL), so it is the figure that does not
               depend on what else the machine is doing
- run s        before_all to after_all (reports/run-stats.json, aether_suite/run/run_stats.py)
- requests     HTTP requests the suite sent
- HTTP s       wall time spent in those requests (sending to having read the answer)
- overhead     run s / HTTP s: the suite's own cost on top of the API's (1.0 = none)
- waits s      time scenarios waited on purpose for time to pass (a lockout window, a token's lifetime)
- w/o waits    (run s - waits s) / HTTP s: the overhead the suite itself adds
- sandbox s    the embedded sandbox's start, in the run (its modules already imported)

``--parallel N`` also runs the "full" slice with behavex over N worker processes (one sandbox per
worker: aether_suite/run/parallel.py) and shows its wall time against the serial one: each behavex run
follows a serial run of its own, and "/ serial" is the median of those pairs' ratios. The load average is
printed with each slice: on a busy machine wall times grow, CPU times hardly do.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
NOT_SLOW = "not @slow"
SLICES = {  # name -> behave tag expression
    "full": NOT_SLOW,
    "auth": f"@auth and {NOT_SLOW}",
    "tenancy": f"@tenancy and {NOT_SLOW}",
    "files": f"@files and {NOT_SLOW}",
    "export": f"@export and {NOT_SLOW}",
    "smoke": "@smoke",
    "full+slow": "not @wip",
    "export+slow": "@export",
}
DEFAULT_SLICES = ["full", "auth", "tenancy", "files", "export", "smoke"]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_behave(tags: str, workdir: Path, lean: bool) -> dict:
    """One behave process; its wall and CPU time and the run statistics it wrote."""
    stats = workdir / "run-stats.json"
    args = [str(VENV_BIN / "behave"), f"--tags={tags}", "-D", f"run_stats={stats}",
            "--junit-directory", str(workdir / "junit")]
    args += ["-f", "null", "--no-junit", "-D", "report="] if lean else ["-D", f"report={workdir / 'report.html'}"]
    cpu, started = children_cpu(), time.perf_counter()
    done = subprocess.run(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"behave --tags={tags!r} failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    result = json.loads(stats.read_text())
    result.update(wall=wall, cpu=children_cpu() - cpu)
    return result


def run_behavex(tags: str, processes: int, scheme: str, workdir: Path) -> dict:
    """One behavex run over ``processes`` workers; wall, CPU and the workers' run statistics merged."""
    output = workdir / "behavex"
    args = [str(VENV_BIN / "behavex"), "-t", tags, "--parallel-processes", str(processes),
            "--parallel-scheme", scheme, "-o", str(output), "-D", "report="]
    cpu, started, started_at = children_cpu(), time.perf_counter(), time.time()
    done = subprocess.run(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"behavex failed (exit {done.returncode}):\n{done.stdout[-3000:]}")
    runs = [json.loads(p.read_text()) for p in sorted((output / "run-stats").glob("*.json"))]
    first = min(r["started_at"] for r in runs)
    last = max(r["started_at"] + r["run_seconds"] for r in runs)
    return {"wall": wall, "cpu": children_cpu() - cpu, "behave_runs": len(runs),
            "startup": first - started_at,  # behavex's start to the first before_all
            "busy": last - first, "teardown": started_at + wall - last,  # the workers; the merged report
            "workers": len({r["pid"] for r in runs}),
            "http_requests": sum(r["http_requests"] for r in runs),
            "scenarios": sum(len(r["scenarios"]) for r in runs),
            "sandbox_starts": sum(1 for r in runs if r["sandbox_start_seconds"] is not None)}


def cold_sandbox_start() -> float:
    """Seconds for a fresh Python process to import the sandbox and have it serving."""
    code = ("import time; t = time.perf_counter(); from sandbox.server import EmbeddedSandbox; "
            "from sandbox.settings import Settings; s = EmbeddedSandbox(Settings()).start(); "
            "print(time.perf_counter() - t); s.stop()")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def median(values) -> float:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each slice; medians are shown")
    parser.add_argument("--slices", nargs="+", choices=sorted(SLICES), default=DEFAULT_SLICES)
    parser.add_argument("--parallel", type=int, nargs="*", default=[], metavar="N",
                        help="also run the full slice with behavex over N processes (e.g. --parallel 2)")
    parser.add_argument("--scheme", choices=("feature", "scenario"), default="feature",
                        help="behavex's --parallel-scheme")
    parser.add_argument("--lean", action="store_true",
                        help="no console output, JUnit or living report (the bare cost of the scenarios)")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()

    raw: dict = {"machine": {"cpus": os.cpu_count(), "load_before": os.getloadavg()}, "slices": {}, "parallel": {}}
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; medians of {args.runs} runs"
          f"{' (lean: no reports)' if args.lean else ''}\n")
    header = (f"| {'slice':11} | {'tags':24} | {'scenarios':>9} | {'wall s':>6} | {'CPU s':>5} | {'run s':>5} "
              f"| {'requests':>8} | {'HTTP s':>6} | {'overhead':>8} | {'waits s':>7} | {'w/o waits':>9} "
              f"| {'sandbox s':>9} | {'load':>4} |")
    print(header)
    print("|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|")
    with tempfile.TemporaryDirectory(prefix="aether-speed-") as tmp:
        for name in args.slices:
            results = []
            for n in range(args.runs):
                workdir = Path(tmp) / f"{name}-{n}"
                workdir.mkdir()
                load = os.getloadavg()[0]
                results.append({**run_behave(SLICES[name], workdir, args.lean), "load": load})
            raw["slices"][name] = results
            m = {key: median(r[key] for r in results) for key in
                 ("wall", "cpu", "run_seconds", "http_requests", "http_seconds", "overhead", "waited_seconds",
                  "overhead_without_waits", "sandbox_start_seconds", "load")}
            scenarios = median(len(r["scenarios"]) for r in results)
            print(f"| {name:11} | {SLICES[name]:24} | {scenarios:>9.0f} | {m['wall']:>6.2f} | {m['cpu']:>5.2f} "
                  f"| {m['run_seconds']:>5.2f} | {m['http_requests']:>8.0f} | {m['http_seconds']:>6.2f} "
                  f"| {m['overhead']:>7.2f}x | {m['waited_seconds']:>7.2f} | {m['overhead_without_waits']:>8.2f}x "
                  f"| {m['sandbox_start_seconds']:>9.3f} | {m['load']:>4.1f} |")
        cold = [cold_sandbox_start() for _ in range(args.runs)]
        raw["cold_sandbox_start"] = cold
        print(f"\nsandbox start in a fresh process (imports included): {median(cold):.2f} s")
        if "full" in raw["slices"]:
            slowest = sorted(raw["slices"]["full"][0]["scenarios"], key=lambda s: -s["seconds"])[:5]
            print("slowest scenarios of the first full run: " + ", ".join(
                f"{s['location']} {s['seconds']:.2f} s" for s in slowest))

        if args.parallel:
            if shutil.which("behavex", path=str(VENV_BIN)) is None:
                raise SystemExit("behavex is not installed: pip install -r requirements-parallel.txt")
            print(f"\n| {'workers':>7} | {'scheme':7} | {'wall s':>6} | {'CPU s':>6} | {'startup s':>9} "
                  f"| {'workers s':>9} | {'report s':>8} | {'behave runs':>11} | {'sandboxes':>9} | {'scenarios':>9} "
                  f"| {'requests':>8} | {'/ serial':>8} | {'load':>4} |")
            print("|---------|---------|--------|--------|-----------|-----------|----------|-------------|-----------"
                  "|-----------|----------|----------|------|")
            for processes in args.parallel:
                results = []
                for n in range(args.runs):
                    # Each parallel run is timed against a serial run just before it: this VM's speed drifts
                    # by a third within minutes, and pairs see the same machine.
                    workdir = Path(tmp) / f"behavex-{processes}-{n}"
                    (workdir / "serial").mkdir(parents=True)
                    serial = run_behave(NOT_SLOW, workdir / "serial", args.lean)["wall"]
                    load = os.getloadavg()[0]
                    result = run_behavex(NOT_SLOW, processes, args.scheme, workdir)
                    results.append({**result, "serial_wall": serial, "ratio": result["wall"] / serial, "load": load})
                raw["parallel"][processes] = results
                m = {key: median(r[key] for r in results) for key in
                     ("wall", "cpu", "startup", "busy", "teardown", "behave_runs", "sandbox_starts", "scenarios",
                      "http_requests", "load", "ratio")}
                ratio = f"{m['ratio']:.2f}"
                print(f"| {processes:>7} | {args.scheme:7} | {m['wall']:>6.2f} | {m['cpu']:>6.2f} "
                      f"| {m['startup']:>9.2f} | {m['busy']:>9.2f} | {m['teardown']:>8.2f} "
                      f"| {m['behave_runs']:>11.0f} | {m['sandbox_starts']:>9.0f} | {m['scenarios']:>9.0f} "
                      f"| {m['http_requests']:>8.0f} | {ratio:>8} | {m['load']:>4.1f} |")
    raw["machine"]["load_after"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps(raw, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
