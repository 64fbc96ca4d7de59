"""The suite's behave runner (behave.ini: ``runner = aether_suite.run.runner:SuiteRunner``): behave's own
Runner, with a console that tells the truth.

- A tag expression naming a tag that no scenario carries stops the run before the hooks and steps load:
  one line naming it and the tags there are, exit code 1, the report untouched.
- A start that aborts (before_all calls ``context.abort``) shows only its reason line: behave's
  "ABORTED: By user." and the totals of features that never ran are not printed.
- Started in another folder than the project's root, behave stops with one line (environment.py calls
  ``stop_unless_at_root``; behave.ini, and so this runner, is read only from the folder behave starts in).
- After behave's summary, one closing line: the selected scenarios and how they ended, the wall time
  since the process started (behave 1.3.3's "Took" leaves out every scenario under ``Rule:``), and
  where the report is.

It overrides two of Runner's methods, ``run_with_paths`` and ``run_hook``, and calls behave's own in
each; tests/suite/run/test_runner.py runs behave with it and fails if behave changes either.
"""
from __future__ import annotations

import difflib
import gc
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable
from contextlib import ExitStack, redirect_stdout
from pathlib import Path

from behave.reporter.summary import SummaryReporter
from behave.runner import Runner
from behave.runner_util import parse_features
from behave.tag_expression import make_tag_expression

RULE_TAG = "rule:"  # the contract rule tags, @rule:<id> (contract/rules.toml), too many to list by name


# ---------------------------------------------------------------------------------------- where behave starts

def stop_unless_at_root(root: Path) -> None:
    """Exit with one line unless behave started in a folder with behave.ini (the project's root): behave
    reads its settings only from the folder it starts in, so elsewhere the run would lose them (this runner,
    the JUnit files, the report's place, @wip left out). Called as environment.py loads, the first code of
    the suite behave runs; a SystemExit there ends behave with the line and exit code 1."""
    if not Path("behave.ini").is_file():
        sys.exit(f"STOPPED: run behave from the project's root, {root}: behave reads behave.ini only from the "
                 "folder it starts in")


# ---------------------------------------------------------------------------------------- tags

def expression_leaves(expression) -> list:
    """The tags (and tag patterns) a behave tag expression names, as its leaf nodes."""
    if hasattr(expression, "terms"):  # And, Or
        return [leaf for term in expression.terms for leaf in expression_leaves(term)]
    if hasattr(expression, "term"):  # Not
        return expression_leaves(expression.term)
    return [expression]  # Literal or Matcher (a pattern such as @rule:§3*)


def carried_tags(features: Iterable) -> set[str]:
    """Every tag a scenario of these features carries, its feature's and rule's included."""
    return {tag for feature in features for scenario in feature.walk_scenarios() for tag in scenario.effective_tags}


def selects(features: Iterable, config, tag: str) -> bool:
    """Whether the run selects a scenario carrying ``tag`` (its feature's and rule's tags included)."""
    return any(tag in scenario.effective_tags and scenario.should_run(config)
               for feature in features for scenario in feature.walk_scenarios())


def unknown_tags_line(expression, features: Iterable, may_be_absent: Iterable[str] = ()) -> str | None:
    """One line naming each tag of ``expression`` that no scenario carries and the tags there are; or None.

    ``may_be_absent``: tags that may name no scenario (behave.ini's default, ``not @wip``, says "leave out
    work in progress", which holds when there is none)."""
    carried = carried_tags(features)
    unknown = [leaf.name for leaf in expression_leaves(expression) if not leaf.evaluate(carried | set(may_be_absent))]
    if not unknown:
        return None
    names = sorted(tag for tag in carried if not tag.startswith(RULE_TAG))
    hints = [f"did you mean @{close[0]}?" for tag in unknown if (close := difflib.get_close_matches(tag, names, 1))]
    return (f"STOPPED: no scenario carries {', '.join('@' + tag for tag in unknown)}"
            f"{' (' + ' '.join(hints) + ')' if hints else ''}; the tags are "
            f"{', '.join('@' + tag for tag in names)} and @{RULE_TAG}<id> (contract/rules.toml)")


# ---------------------------------------------------------------------------------------- closing line

def process_seconds() -> float:
    """Seconds since this process started (Linux: from /proc), else since this module was imported."""
    try:
        with open("/proc/self/stat") as stat, open("/proc/uptime") as uptime:
            started_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])  # field 22, starttime
            return float(uptime.read().split()[0]) - started_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.monotonic() - _IMPORTED


_IMPORTED = time.monotonic()


def closing_line(statuses: Iterable[str], target: str, seconds: float, report: str | None) -> str:
    """'Aether suite: 4 scenarios (4 passed) against the embedded sandbox in 5.2 s; report: ...'."""
    counts = Counter(statuses)
    ended = ", ".join(f"{counts[status]} {status}" for status in sorted(counts, key=lambda s: (-counts[s], s)))
    total = sum(counts.values())
    return (f"Aether suite: {total} scenario{'' if total == 1 else 's'}{f' ({ended})' if ended else ''} "
            f"against {target} in {seconds:.1f} s wall time; {f'report: {report}' if report else 'no report'}")


# ---------------------------------------------------------------------------------------- runner

class SuiteRunner(Runner):
    def __init__(self, config):
        super().__init__(config)
        self.start_aborted = False
        self._quiet = ExitStack()  # stdout to nowhere once the start has aborted

    def run_with_paths(self):
        locations = [path for path in self.feature_locations() if not self.config.exclude(path)]
        defaults = make_tag_expression(self.config.default_tags) if self.config.default_tags else None
        stop = unknown_tags_line(self.config.tag_expression, parse_features(locations, language=self.config.lang),
                                 [leaf.name for leaf in expression_leaves(defaults)] if defaults else ())
        if stop:
            print(stop, file=sys.stderr)
            return True  # failed: behave exits 1
        with self._quiet:
            failed = super().run_with_paths()
        if not self.start_aborted:
            print(self._closing_line())
        gc.freeze()  # the process ends now: its teardown need not trace everything the run built (0.4 s)
        return failed

    def run_hook(self, hook_name, *args):
        passed = super().run_hook(hook_name, *args)
        if hook_name == "before_all" and self.aborted:  # nothing will run: the reason line says it all
            self.start_aborted = True
            self.config.reporters[:] = [r for r in self.config.reporters if not isinstance(r, SummaryReporter)]
            self._quiet.enter_context(redirect_stdout(self._quiet.enter_context(open(os.devnull, "w"))))
        return passed

    def _closing_line(self) -> str:
        statuses = [scenario.status.name for feature in self.features for scenario in feature.walk_scenarios()
                    if scenario.should_run(self.config)]
        suite, report = getattr(self.context, "suite", None), getattr(self.context, "report", None)
        target = ("the embedded sandbox" if getattr(self.context, "sandbox", None) is not None
                  else suite.config.base_url if suite is not None else "no server")
        return closing_line(statuses, target, process_seconds(), str(report.report) if report and report.report
                            else None)
