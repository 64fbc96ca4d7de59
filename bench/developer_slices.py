"""The commands developers type, timed as they type them, each against its own yardstick in the same run.

    .venv/bin/python bench/developer_slices.py [--runs 3] [--baseline-root ../old-tree] [--json FILE]

- ``behave --tags=@export`` (volume included) over the same slice without ``@volume``: at most 2x;
- ``behave`` (README command 1's run) over the same without ``@volume``: at most 2x;
- with ``--baseline-root`` (a git worktree of an older commit, run with its own .venv when it has one), the
  full suite without the volume feature over the same on that tree: at most 0.5x, with every scenario
  passing in both (the suite has grown since: both counts are shown);
- the console: lines ``behave --tags=@smoke`` prints (at most 60), the closing line's time over the wall
  time (within 10 %), and ``behave --tags=@nosuchtag``'s wall time (under 2 s) and lines (one, plus
  behave's "USING RUNNER").

Each run is a behave process in the tree's root, its report written to a temporary folder; the pairs are
run one after the other, ``--runs`` times, and the medians of the pairs' ratios are shown.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.latency import statuses_from_behave_json  # noqa: E402 - after the repository is importable

BEHAVE = str(Path(sys.executable).parent / "behave")
VOLUME = "features/export/volume.feature"


def behave(root: Path, args: list[str], workdir: Path) -> dict:
    """One behave process: wall time, output lines and the scenarios that passed (behave's JSON)."""
    results = workdir / f"results-{time.monotonic_ns()}.json"
    own = root / ".venv" / "bin" / "behave"  # a tree's own packages where it has them (README command 1)
    command = [str(own) if root != ROOT and own.exists() else BEHAVE, "--no-color", *args,
               "-D", f"report={workdir / 'report.html'}", "--no-junit",
               "-f", "json", "-o", str(results), "-f", "pretty"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=root, capture_output=True, text=True,
                          env={**os.environ, "AETHER_BASE_URL": ""})
    wall = time.perf_counter() - started
    statuses = statuses_from_behave_json(results) if results.exists() and results.stat().st_size else {}
    passed, ran = {where for where, status in statuses.items() if status == "passed"}, set(statuses)
    return {"wall": wall, "code": done.returncode, "lines": done.stdout.count("\n") + done.stderr.count("\n"),
            "stdout": done.stdout, "stderr": done.stderr, "passed": passed, "ran": ran}


def must_pass(result: dict, what: str) -> dict:
    if result["code"] != 0:
        raise SystemExit(f"{what} failed (exit {result['code']}):\n"
                         f"{result['stdout'][-2000:]}{result['stderr'][-2000:]}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-root", type=Path, help="a worktree of an older commit to compare the full run with")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    pairs = {  # name: (command, yardstick, target ratio at most)
        "@export, as typed": (["--tags=@export"], ["--tags=@export and not @volume"], 2.0),
        "README command 1's run": ([], ["--tags=not @wip and not @volume"], 2.0),
    }
    raw: dict = {"load_before": os.getloadavg(), "pairs": {}, "baseline": [], "console": {}}
    rows = []
    with tempfile.TemporaryDirectory(prefix="aether-slices-") as tmp:
        work = Path(tmp)
        for name, (command, yardstick, target) in pairs.items():
            runs = [(must_pass(behave(ROOT, command, work), name)["wall"],
                     must_pass(behave(ROOT, yardstick, work), name)["wall"]) for _ in range(args.runs)]
            raw["pairs"][name] = runs
            rows.append((name, statistics.median(a for a, _ in runs), statistics.median(b for _, b in runs),
                         statistics.median(a / b for a, b in runs), f"≤ {target:.1f}x", target))
        if args.baseline_root:
            runs, every = [], True
            for _ in range(args.runs):
                ours = must_pass(behave(ROOT, ["--exclude", VOLUME], work), "the full run without volume")
                older = must_pass(behave(args.baseline_root.resolve(), ["--exclude", VOLUME], work),
                                  "the older tree's full run without volume")
                every = every and ours["passed"] == ours["ran"] and older["passed"] == older["ran"]
                runs.append((ours["wall"], older["wall"]))
            # The suite has grown since the older tree: both counts are shown.
            raw["baseline"] = runs
            raw["scenarios"] = {"ours": len(ours["passed"]), "older": len(older["passed"])}
            rows.append((f"full without volume / {args.baseline_root.name}", statistics.median(a for a, _ in runs),
                         statistics.median(b for _, b in runs), statistics.median(a / b for a, b in runs),
                         f"≤ 0.5x, every scenario passing in both: {'yes' if every else 'NO'} ({len(ours['passed'])} "
                         f"here, {len(older['passed'])} there)", 0.5 if every else -1))
        smoke = must_pass(behave(ROOT, ["--tags=@smoke"], work), "@smoke")
        closing = re.search(r"in (\d+\.\d) s wall time", smoke["stdout"])
        unknown = behave(ROOT, ["--tags=@nosuchtag"], work)
        raw["console"] = {"smoke_lines": smoke["lines"],
                          "smoke_wall": smoke["wall"], "closing_seconds": float(closing[1]) if closing else None,
                          "nosuchtag_wall": unknown["wall"], "nosuchtag_code": unknown["code"],
                          "nosuchtag_lines": len(unknown["stdout"].splitlines()) + len(unknown["stderr"].splitlines())}
    raw["load_after"] = os.getloadavg()
    print(f"{os.cpu_count()} CPUs, load average {raw['load_before'][0]:.1f} before, {raw['load_after'][0]:.1f} after; "
          f"medians of {args.runs} pairs\n")
    print("| command | wall s | yardstick wall s | ratio | target | met |")
    print("|---|---:|---:|---:|---|---|")
    for name, ours, theirs, ratio, target, limit in rows:
        met = "yes" if 0 < ratio <= limit else "no"
        print(f"| {name} | {ours:.1f} | {theirs:.1f} | {ratio:.2f}x | {target} | {met} |")
    c = raw["console"]
    off = abs(c["closing_seconds"] - c["smoke_wall"]) / c["smoke_wall"]
    print(f"\n`behave --tags=@smoke`: {c['smoke_lines']} lines (≤ 60), closing line {c['closing_seconds']} s of "
          f"{c['smoke_wall']:.2f} s wall ({off:.0%} off, ≤ 10 %); "
          f"`behave --tags=@nosuchtag`: exit {c['nosuchtag_code']}, {c['nosuchtag_wall']:.2f} s (< 2 s), "
          f"{c['nosuchtag_lines']} lines (behave's USING RUNNER and the stop line)")
    if args.json:
        args.json.write_text(json.dumps(raw, indent=1, default=sorted))
    return 0


if __name__ == "__main__":
    sys.exit(main())
