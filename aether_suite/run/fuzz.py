"""Requests generated from the contract, against any server: ``python -m aether_suite.run.fuzz [options]``.

What the @fuzz scenario does (aether_suite/fuzz/generated.py), with the budget on the command line: against
``AETHER_BASE_URL`` with its secrets (as for behave; the journal and sweep as in a run), else against an
embedded sandbox started for it. As one persona (``--persona``, Osiris by default), it arranges an exhibit
at the account's conference with a lead, and a file, sends the generated requests about them, prints each
finding with a reproducible request (secrets redacted), deletes what it created and exits 1 when there
was a finding, 2 when it could not run.
"""
from __future__ import annotations

import argparse
import os
import sys

from aether_suite.client.api import AetherApi, SuiteRun
from aether_suite.client.config import SuiteConfig
from aether_suite.client.journal import Journal, journal_path
from aether_suite.client.personas import persona
from aether_suite.errors import CleanupFailed, SuiteError
from aether_suite.fuzz import generated
from aether_suite.run.preflight import check_server
from aether_suite.run.sweep import Sweep
from sandbox.server import EmbeddedSandbox
from sandbox.settings import Settings, SettingsError

SAMPLE = b"A file of the generated requests (python -m aether_suite.run.fuzz).\n"


def main(argv: list[str]) -> int:
    defaults = generated.Budget()
    parser = argparse.ArgumentParser(prog="python -m aether_suite.run.fuzz", description=__doc__.split("\n")[0])
    parser.add_argument("--persona", default="Osiris", help="who sends them (default: Osiris)")
    parser.add_argument("--examples", type=int, default=defaults.examples,
                        help=f"generated requests per operation and mode (default {defaults.examples})")
    parser.add_argument("--sequences", type=int, default=defaults.sequences,
                        help=f"linked sequences (default {defaults.sequences})")
    parser.add_argument("--steps", type=int, default=defaults.steps,
                        help=f"requests per linked sequence at most (default {defaults.steps})")
    parser.add_argument("--seconds", type=float, default=defaults.seconds,
                        help=f"time limit for all of it (default {defaults.seconds:g})")
    parser.add_argument("--seed", type=int, default=defaults.seed, help=f"(default {defaults.seed})")
    args = parser.parse_args(argv)
    budget = generated.Budget(args.examples, args.sequences, args.steps, args.seconds, args.seed)
    sandbox = None
    try:
        config = SuiteConfig.load(os.environ, {})
        if config.embedded:
            sandbox = EmbeddedSandbox(Settings.from_env()).start()
            config = config.targeting(sandbox.base_url)
        return _run(config, persona(args.persona), budget)
    except (SuiteError, SettingsError, LookupError) as error:
        print(f"aether fuzz: {error}", file=sys.stderr)
        return 2
    finally:
        if sandbox is not None:
            sandbox.stop()


def _run(config: SuiteConfig, who, budget: generated.Budget) -> int:
    journal = Journal(None if config.embedded else journal_path(os.environ), config.base_url).start()
    run = SuiteRun(config, journal)
    try:
        if not config.embedded:
            run.check_health()
            Sweep(run, say=print).journalled()
        check_server(run)
        api = AetherApi(run)
        try:
            exhibit = api.arrange_exhibit(who.account, "Generated requests")
            lead = api.arrange_leads(exhibit, [{"first_name": "Gene", "last_name": "Rated"}])[0]
            file = api.arrange_file(who, "generated-requests.txt", SAMPLE + os.urandom(8).hex().encode())
            outcome = generated.run(api, who, generated.real_ids(exhibit, lead, file), budget)
        finally:
            try:
                api.cleanup()
            except CleanupFailed as failure:
                print(f"aether fuzz: {failure}", file=sys.stderr)
        print(outcome.evidence() if outcome.findings else f"as the contract says: {outcome.summary()}")
        return 1 if outcome.findings else 0
    finally:
        run.close()
        journal.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
