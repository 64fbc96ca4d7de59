"""Run one share of the suite: n CI machines, each with its own i, cover every scenario exactly once.

    python tools/shard.py I/N [behave arguments ...]          run share I of N (1 <= I <= N)
    python tools/shard.py I/N --list [behave arguments ...]   print its scenarios' locations, run nothing
    python tools/shard.py merge-junit DIR ... -o FILE         one JUnit file from the shares' JUnit folders

The scenarios are those the same behave arguments would run (behave.ini's paths and default tags, or the
--tags, --name, --include/--exclude and paths given), found by parsing the features with behave's own
parser and selecting them with behave's own tag and name rules. They are dealt out deterministically:
longest first, each to the share with the least time so far (ties: the lower share), using the times of
tools/scenario_durations.json (``--durations FILE`` for another, ``--durations none`` for none). A
scenario the file does not know counts as the median time; without a file every scenario counts the
same, which deals them out round-robin. Every machine computes the same deal from the same checkout, so
the shares are disjoint and together are the whole run. The shares run at the same time, against one
server, so the scenarios tagged ``@holds_sign_ins`` (they make a demo persona's sign-ins fail, and only
one of them at a time may: README "Scenarios in parallel") are dealt together, to one share, where they
run one after another.

A share runs as ``behave <file:line> ... --no-skipped [behave arguments]``, writing its JUnit files (its own
scenarios only: without --no-skipped behave lists the feature's other scenarios as skipped) to
reports/junit/shard-I-of-N/, its living report to reports/aether-report-shard-I-of-N.html, its results to
reports/results/shard-I-of-N.json and its run statistics to reports/run-stats-shard-I-of-N.json, so that the
shares' outputs can be collected side by side (each given path wins). The shares' results make one report and
one JUnit file: ``python -m aether_suite.report merge reports/results/ -o reports/``. A share with no
scenarios runs nothing and succeeds.

``--record FILE ...``: rewrite tools/scenario_durations.json with each scenario's median time over the
runs' statistics (reports/run-stats.json, written by every run: aether_suite/run/run_stats.py), e.g. after a
few full runs with @slow.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DURATIONS = ROOT / "tools" / "scenario_durations.json"
SHARE = re.compile(r"^(\d+)/(\d+)$")
HOLDS_TAG = "holds_sign_ins"  # scenarios that must not run at the same time as one another


@dataclass(frozen=True)
class Scenario:
    location: str  # "features/auth/tokens.feature:31" (an outline's example: its row's line)
    key: str  # "features/auth/tokens.feature::An expired token is refused": survives edits above it
    holds: bool = False  # tagged @holds_sign_ins


def scenarios(behave_args: list[str]) -> list[Scenario]:
    """The scenarios a ``behave`` run with these arguments would run, in behave's order."""
    from behave.configuration import Configuration  # noqa: PLC0415 - keeps --help fast
    from behave.runner import Runner  # noqa: PLC0415
    from behave.runner_util import parse_features  # noqa: PLC0415

    cwd = os.getcwd()
    os.chdir(ROOT)  # behave.ini and the feature paths are the repository's
    try:
        config = Configuration(command_args=list(behave_args))
        locations = [loc for loc in Runner(config).feature_locations() if not config.exclude(loc)]
        found = []
        for feature in parse_features(locations, language=config.lang):
            for scenario in feature.walk_scenarios():
                if scenario.should_run(config):
                    found.append(Scenario(f"{scenario.filename}:{scenario.line}",
                                          f"{scenario.filename}::{scenario.name}",
                                          HOLDS_TAG in scenario.effective_tags))
        return found
    finally:
        os.chdir(cwd)


def load_durations(path: Path | None) -> dict[str, float]:
    """Seconds per scenario key (see ``record``); empty when there is no file."""
    if path is None or not path.exists():
        return {}
    return {key: float(seconds) for key, seconds in json.loads(path.read_text())["seconds"].items()}


def deal(items: list[Scenario], n: int, durations: dict[str, float] | None = None) -> list[list[Scenario]]:
    """``items`` dealt into ``n`` shares of about equal time, the holding ones all in one share; each share
    keeps behave's order."""
    if n < 1:
        raise ValueError("the number of shares must be at least 1")
    durations = durations or {}
    known = [durations[s.key] for s in items if s.key in durations]
    default = statistics.median(known) if known else 1.0
    order = {s: i for i, s in enumerate(items)}
    holding = [s for s in items if s.holds]
    units = [[s] for s in items if not s.holds] + ([holding] if holding else [])
    weight = {id(unit): sum(durations.get(s.key, default) for s in unit) for unit in units}
    totals, shares = [0.0] * n, [[] for _ in range(n)]
    for unit in sorted(units, key=lambda u: (-weight[id(u)], order[u[0]])):
        lightest = min(range(n), key=lambda i: (totals[i], i))
        shares[lightest].extend(unit)
        totals[lightest] += weight[id(unit)]
    return [sorted(share, key=order.__getitem__) for share in shares]


def share_args(i: int, n: int, behave_args: list[str]) -> list[str]:
    """Where share i's outputs go, unless the arguments say otherwise."""
    extra = []
    if not any(a in ("--show-skipped", "--no-skipped") for a in behave_args):
        extra += ["--no-skipped"]  # JUnit lists a feature's other scenarios as skipped otherwise
    if not any(a == "--junit-directory" or a.startswith("--junit-directory=") for a in behave_args):
        extra += ["--junit-directory", f"reports/junit/shard-{i}-of-{n}"]
    defined = {a.split("=", 1)[0] for a in _defines(behave_args)}
    if "report" not in defined:
        extra += ["-D", f"report=reports/aether-report-shard-{i}-of-{n}.html"]
    if "results" not in defined:
        extra += ["-D", f"results=reports/results/shard-{i}-of-{n}.json"]
    if "run_stats" not in defined:
        extra += ["-D", f"run_stats=reports/run-stats-shard-{i}-of-{n}.json"]
    return extra


def _defines(args: list[str]) -> list[str]:
    found = []
    for index, arg in enumerate(args):
        if arg in ("-D", "--define") and index + 1 < len(args):
            found.append(args[index + 1])
        elif arg.startswith("--define="):
            found.append(arg.split("=", 1)[1])
        elif arg.startswith("-D") and len(arg) > 2:
            found.append(arg[2:])
    return found


def _selection_args(behave_args: list[str]) -> list[str]:
    """The arguments without paths: the share's locations replace them."""
    from behave.configuration import Configuration  # noqa: PLC0415

    paths = set(Configuration(command_args=list(behave_args), load_config=False).paths)
    return [a for a in behave_args if a not in paths]


def record(stats_paths: list[Path], out: Path = DURATIONS) -> int:
    """The median time of each scenario over the runs' statistics, written for ``deal``."""
    times: dict[str, list[float]] = {}
    for stats_path in stats_paths:
        for scenario in json.loads(stats_path.read_text())["scenarios"]:
            filename = scenario["location"].rsplit(":", 1)[0]
            times.setdefault(f"{filename}::{scenario['name']}", []).append(scenario["seconds"])
    seconds = {key: round(statistics.median(values), 3) for key, values in sorted(times.items())}
    out.write_text(json.dumps({"source": f"aether_suite/run/run_stats.py: median of {len(stats_paths)} runs, "
                                         "tools/shard.py --record", "seconds": seconds}, indent=1) + "\n")
    print(f"{len(seconds)} scenario times written to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


def merge_junit(folders: list[Path], out: Path) -> int:
    """One JUnit file from the shares' folders: a <testsuite> per feature, each scenario once.

    A scenario a share left out but still listed as skipped (a run without --no-skipped) gives way to
    the share that ran it. Exit status 1 when a scenario failed or erred, as CI expects.
    """
    suites: dict[str, dict[str, list[ET.Element]]] = {}  # feature suite -> scenario name -> its cases
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.xml")):
            root = ET.parse(path).getroot()
            for suite in ([root] if root.tag == "testsuite" else root.iter("testsuite")):
                cases = suites.setdefault(suite.get("name", path.stem), {})
                for case in suite.findall("testcase"):
                    kept = cases.setdefault(case.get("name", ""), [])
                    if kept and _skipped(kept[0]) and not _skipped(case):
                        kept[:] = [case]
                    elif not (kept and _skipped(case) and not _skipped(kept[0])):
                        kept.append(case)
    merged = ET.Element("testsuites")
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    seconds_total = 0.0
    for name, cases in suites.items():
        suite = ET.SubElement(merged, "testsuite", name=name)
        counts = dict.fromkeys(totals, 0)
        seconds = 0.0
        for case in (case for kept in cases.values() for case in kept):
            suite.append(case)
            counts["tests"] += 1
            counts["failures"] += case.find("failure") is not None
            counts["errors"] += case.find("error") is not None
            counts["skipped"] += _skipped(case)
            seconds += float(case.get("time", 0) or 0)
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("time", f"{seconds:.3f}")
        seconds_total += seconds
    for key, value in totals.items():
        merged.set(key, str(value))
    merged.set("time", f"{seconds_total:.3f}")
    out.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(merged).write(out, encoding="utf-8", xml_declaration=True)
    print(f"{out}: {totals['tests']} tests, {totals['failures']} failures, {totals['errors']} errors, "
          f"{totals['skipped']} skipped, in {len(merged)} features")
    return 1 if totals["failures"] or totals["errors"] else 0


def _skipped(case: ET.Element) -> bool:
    return case.find("skipped") is not None


def main(argv: list[str]) -> int:
    if argv and argv[0] == "merge-junit":
        parser = argparse.ArgumentParser(prog="tools/shard.py merge-junit")
        parser.add_argument("folders", nargs="+", type=Path)
        parser.add_argument("-o", "--output", type=Path, required=True)
        args = parser.parse_args(argv[1:])
        return merge_junit(args.folders, args.output)
    if argv and argv[0] == "--record":
        if len(argv) < 2:
            raise SystemExit("usage: tools/shard.py --record RUN-STATS.json ...")
        return record([Path(a) for a in argv[1:]])
    if not argv or not SHARE.match(argv[0]) or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    i, n = map(int, SHARE.match(argv[0]).groups())
    if not 1 <= i <= n:
        raise SystemExit(f"share {i}/{n}: I must be between 1 and N")
    rest = argv[1:]
    listing = "--list" in rest
    durations_path = DURATIONS
    if "--durations" in rest:
        at = rest.index("--durations")
        durations_path = None if rest[at + 1] in ("", "none") else Path(rest[at + 1])
        del rest[at:at + 2]
    behave_args = [a for a in rest if a != "--list"]
    share = deal(scenarios(behave_args), n, load_durations(durations_path))[i - 1]
    if listing:
        print("\n".join(s.location for s in share))
        return 0
    if not share:
        print(f"share {i}/{n} has no scenarios: nothing to run")
        return 0
    command = [sys.executable, "-m", "behave", *[s.location for s in share], *_selection_args(behave_args),
               *share_args(i, n, behave_args)]
    print(f"share {i}/{n}: {len(share)} scenarios", flush=True)
    return subprocess.run(command, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
