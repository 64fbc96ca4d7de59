"""The suite's self-checks at full size; tests/selfcheck/ runs the same checks CI-sized.

    python -m tools.suite_checks kills [--workers 3] [--slow] [FAULT ...]   every fault must fail a scenario;
                                                                            all faults, no --slow: rewrites
                                                                            tools/fault_proof.json if stale
    python -m tools.suite_checks shuffle [--seeds 11 22 33] [--slow]        same results in shuffled orders
    python -m tools.suite_checks repeat [--count 10] [--slow]               one long-lived sandbox, N runs,
                                                                            identical results, no residue

Run from the repository root. ``--slow`` includes the @slow scenarios the checks leave out by default (as in
CI): for kills only the 5,000-lead volume feature, for shuffle and repeat every @slow scenario.
Each prints what it found and exits non-zero when the check fails.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from sandbox.faults import CATALOGUE
from tools import suite_runs as runs


def kills(args: argparse.Namespace) -> bool:
    unknown = sorted(set(args.faults) - CATALOGUE.keys())
    if unknown:
        sys.exit(f"unknown fault(s): {', '.join(unknown)}; see python -m sandbox --list-faults")
    catalogue = {name: CATALOGUE[name] for name in (args.faults or CATALOGUE)}
    baseline, fault_runs = runs.fault_runs(catalogue, workers=args.workers, slow=args.slow)
    print(f"baseline (no fault): {baseline.summary()}")
    for scenario in baseline.failed:
        print(f"  FAILS WITHOUT A FAULT: {scenario}")
    print(runs.kill_table(fault_runs, shown=args.shown))
    if not args.faults and not args.slow and runs.write_proof(runs.proof_table(fault_runs, CATALOGUE)):
        print("tools/fault_proof.json rewritten (the report's proof per rule): commit it")
    return not baseline.failed and not baseline.aborted and all(run.killed for run in fault_runs)


def shuffle(args: argparse.Namespace) -> bool:
    baseline, shuffled = runs.shuffled_runs(args.seeds, *tags(args), workers=args.workers)
    print(f"file order: {baseline.summary()}")
    ok = True
    for run in shuffled:
        print(f"{runs.describe_order(run, [s.location for s in baseline.ran])}: {run.result.summary()}")
        if run.order != runs.order_from(run.requested):
            ok = False
            print("  behave did NOT run the scenarios in the requested order")
        for difference in runs.differences(run.result, baseline, run.requested):
            ok = False
            print(f"  differs: {difference}")
    return ok


def repeat(args: argparse.Namespace) -> bool:
    with tempfile.TemporaryDirectory(prefix="aether-repeat-") as data_dir:
        repeated = runs.repeated_runs(args.count, *tags(args), data_dir=Path(data_dir))
    ok = True
    for number, result in enumerate(repeated.results, 1):
        different = runs.differences(result, repeated.results[0])
        print(f"run {number}: {result.summary()}" + (f"; {len(different)} differ from run 1" if different else ""))
        for line in different:
            print(f"  differs: {line}")
        ok = ok and not different
    residue = repeated.residue()
    print(f"created by the runs: {len(repeated.created)} exhibits and files; left behind: "
          + ("nothing" if not residue else "\n  " + "\n  ".join(residue)))
    return ok and not residue


def tags(args: argparse.Namespace) -> list[str]:
    return [] if args.slow else [f"--tags={runs.NOT_SLOW}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.suite_checks", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("kills", help="run each fault's area against a sandbox with the fault on")
    command.add_argument("faults", nargs="*", metavar="FAULT", help="only these faults (default: all)")
    command.add_argument("--workers", type=int, default=3, help="runs side by side (default 3)")
    command.add_argument("--shown", type=int, default=3, help="failing scenarios shown per fault (default 3)")
    command.set_defaults(check=kills)
    command = commands.add_parser("shuffle", help="run the suite in shuffled orders, compare with file order")
    command.add_argument("--seeds", type=int, nargs="+", default=[11, 22, 33])
    command.add_argument("--workers", type=int, default=2, help="runs side by side (default 2)")
    command.set_defaults(check=shuffle)
    command = commands.add_parser("repeat", help="run the suite N times against one long-lived sandbox")
    command.add_argument("--count", type=int, default=10)
    command.set_defaults(check=repeat)
    for command in commands.choices.values():
        command.add_argument("--slow", action="store_true", help="include the @slow scenarios left out by default")
    args = parser.parse_args(argv)
    started = time.monotonic()
    ok = args.check(args)
    print(f"{args.command}: {'OK' if ok else 'FAILED'} in {time.monotonic() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
