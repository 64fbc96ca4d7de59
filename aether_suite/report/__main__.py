"""One report from many runs: the behave runs of a parallel behavex run, or the shards of a CI fleet.

    python -m aether_suite.report merge RESULTS... [-o DIR]

RESULTS: results files (``-D results=PATH``), or folders of them (``*.json``). Writes DIR/aether-report.html
(adding the merged run to DIR/history.jsonl) and DIR/junit.xml; DIR defaults to reports/. Every scenario
counts once, from the run that ran it. Run from the repository root: the features and the step
definitions are read from there. Exit status 1 when a scenario failed or erred, 2 on bad input.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from behave.runner_util import load_step_modules
from behave.step_registry import registry

from . import junit, publish
from . import suite as suite_shape
from .results import merge, read_results

STEPS = Path("steps")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m aether_suite.report", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    merging = commands.add_parser("merge", help="merge results files into one report and one JUnit file")
    merging.add_argument("results", nargs="+", type=Path)
    merging.add_argument("-o", "--output", type=Path, default=Path("reports"))
    args = parser.parse_args(argv)
    missing = [str(path) for path in args.results if not path.exists()]
    if missing:
        print(f"aether report: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        parts = read_results(args.results)
    except (ValueError, KeyError, TypeError) as error:
        print(f"aether report: not a results file ({error}); give the files -D results=PATH wrote", file=sys.stderr)
        return 2
    if not parts:
        print(f"aether report: no results file (*.json) in {', '.join(map(str, args.results))}", file=sys.stderr)
        return 2
    if not (STEPS.is_dir() and suite_shape.FEATURES.is_dir()):
        print("aether report: run this from the repository root (it reads features/ and steps/)", file=sys.stderr)
        return 2
    load_step_modules([str(STEPS)])
    results = merge(parts)
    report = args.output / "aether-report.html"
    said = publish(results, registry, report)
    totals = junit.write(results, suite_shape.load(registry), args.output / "junit.xml")
    print(said or f"{report}: {len(results.scenarios)} scenarios from {results.info.runs} runs; "
          f"{args.output / 'junit.xml'}: {totals['failures']} failures, {totals['errors']} errors, "
          f"{totals['skipped']} skipped")
    return 1 if totals["failures"] or totals["errors"] or results.info.aborted else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
