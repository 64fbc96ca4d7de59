"""Behave hooks of the Aether acceptance suite: the server to test, and one API object per scenario.

No base URL configured: the embedded sandbox is started for the run. Before any scenario the server
must answer the health check; if it cannot be used (bad setting, unreachable, not Aether) the run
ends at once with one line on stderr and a non-zero exit. Against a server of its own (a base URL),
the run first sweeps what earlier runs left there (aether_suite/run/sweep.py), one line each.

Each scenario's API object is a fixture: its clean-up runs after the scenario's hooks even when a hook
or a step raised, and a clean-up failure is behave's cleanup error, in one line. SIGTERM stops a run
as Ctrl-C does; a Ctrl-C during a clean-up waits for it (aether_suite/run/interrupts.py).
"""
import os
import sys
import time
from pathlib import Path

from behave import fixture, use_fixture

from aether_suite.client.api import AetherApi, SuiteRun
from aether_suite.client.config import SuiteConfig
from aether_suite.client.journal import Journal, journal_path
from aether_suite.client.server_time import SandboxTime
from aether_suite.errors import CleanupFailed, SuiteError, one_line
from aether_suite.fuzz.generated import Budget
from aether_suite.fuzz.pregeneration import Pregeneration
from aether_suite.report import LivingReport
from aether_suite.run.interrupts import held_during_cleanup, stop_on_sigterm
from aether_suite.run.parallel import check_once, under_behavex, worker_sandbox, worker_tokens
from aether_suite.run.preflight import check_server
from aether_suite.run.run_stats import RunStats
from aether_suite.run.runner import selects, stop_unless_at_root
from aether_suite.run.sweep import Sweep
from aether_suite.run.vocabulary import check_vocabulary
from sandbox.server import EmbeddedSandbox
from sandbox.settings import Settings, SettingsError

stop_unless_at_root(Path(__file__).parent)  # behave reads behave.ini only from the folder it starts in


# -----------------------------------------------------------------------------
# FIXTURES
# -----------------------------------------------------------------------------
@fixture
def embedded_sandbox(context):
    """The sandbox in this process for the whole run; AETHER_SANDBOX_* variables tune it."""
    if under_behavex(context.config.userdata):  # one sandbox per worker process: aether_suite/run/parallel.py
        sandbox, seconds = worker_sandbox()
        context.run_stats.sandbox_started(seconds)
        yield sandbox
        return
    started = time.perf_counter()
    sandbox = EmbeddedSandbox(Settings.from_env()).start()
    context.run_stats.sandbox_started(time.perf_counter() - started)
    yield sandbox
    sandbox.stop()


@fixture
def suite_run(context, config):
    """What all scenarios share: the config, one HTTP session, the tokens signed in, the journal of what
    the run creates (kept in .aether/ against a server of its own; in memory for the embedded sandbox), and
    the server's clock (the embedded sandbox's is moved forward instead of waited for)."""
    journal = Journal(None if config.embedded else journal_path(os.environ), config.base_url).start()
    run = SuiteRun(config, journal, SandboxTime(context.sandbox) if context.sandbox is not None else None)
    if under_behavex(context.config.userdata):  # the worker's behave runs share the signed-in tokens
        run.tokens = worker_tokens(config.base_url)
        for token, _ in run.tokens.values():
            run.redactor.learn(token)
    yield run
    run.close()
    journal.close()


@fixture
def requests_made_meanwhile(context):
    """The @fuzz scenario's generated requests, made in a process of their own while other scenarios run."""
    pregeneration = Pregeneration(Budget())
    yield pregeneration
    pregeneration.stop()


@fixture
def scenario_api(context):
    """The scenario's API object; what it created is deleted afterwards, whatever happened before."""
    api = AetherApi(context.suite)
    yield api
    with held_during_cleanup() as held:
        try:
            api.cleanup()
        except CleanupFailed as failure:
            context.suite.left_behind.append(str(failure))  # named again if the run stops
            if not context.suite.stopped:
                raise
        finally:
            if held:
                context.abort(reason="KeyboardInterrupt")
    if context.suite.stopped:  # the server stopped answering (SuiteRun.transmit): after_all says so in one line
        context.abort(reason="the server stopped answering")


# -----------------------------------------------------------------------------
# HELPERS
# -----------------------------------------------------------------------------
def say(line):
    """One line of the sweep (aether_suite/run/sweep.py) at the start of a run."""
    print(line, file=sys.stderr)


def report_cleanup_error(context, cleanup, error):
    """behave's cleanup-error report, in one line (the scenario is reported as a cleanup error)."""
    print(f"CLEANUP-ERROR: {one_line(error)}")


# -----------------------------------------------------------------------------
# HOOKS
# -----------------------------------------------------------------------------
def before_all(context):
    stop_on_sigterm()
    context.on_cleanup_error = report_cleanup_error
    context.run_stats = RunStats.start(context)  # where the run's time goes: reports/run-stats.json
    context.config.setup_logging()  # what behave does without a before_all: shows "SKIP ...: <reason>"
    context.report = LivingReport.start(context)  # the HTML report (aether_suite/report), even for an aborted run
    unmatched = check_vocabulary(context)  # a step matching no phrase: the closest phrases, and no run
    if unmatched:
        context.report.run_aborted(unmatched)
        context.abort(reason=unmatched)
        return
    # A behavex worker runs a scenario or a feature at a time: nothing would run meanwhile.
    made_meanwhile = selects(context._runner.features, context.config, "fuzz") and not under_behavex(
        context.config.userdata)
    context.pregeneration = use_fixture(requests_made_meanwhile, context) if made_meanwhile else None
    # behave reports context.abort(reason) as one "ABORTED: <reason>" line on stderr, skips every
    # feature and exits non-zero; an exception here would be reported with a traceback instead.
    try:
        config = SuiteConfig.load(os.environ, context.config.userdata)
        context.sandbox = use_fixture(embedded_sandbox, context) if config.embedded else None
        embedded = context.sandbox is not None
        if embedded:
            config = config.targeting(context.sandbox.base_url)
        context.suite = use_fixture(suite_run, context, config)

        def check():
            sweeping = None if embedded else Sweep(context.suite, say=say)  # the embedded sandbox starts empty
            if sweeping:
                context.suite.check_health()
                sweeping.journalled()  # an earlier run's failed sign-ins are reset before anything signs in
            check_server(context.suite)  # an Aether server that takes each key and passcode, else one line
            if sweeping:
                sweeping.marked()

        if under_behavex(context.config.userdata):  # once per worker process, not once per feature
            check_once(config.base_url, check)
        else:
            check()
    except (SuiteError, SettingsError) as error:
        context.report.run_aborted(str(error))  # the report shows the reason
        context.abort(reason=str(error))


def before_scenario(context, scenario):
    context.run_stats.scenario_started(scenario, context.suite.http_meter)
    if "sandbox" in scenario.effective_tags and context.sandbox is None:
        scenario.skip(f"it needs the embedded sandbox; this run tests {context.suite.config.base_url}")
        return
    context.api = use_fixture(scenario_api, context)


def after_scenario(context, scenario):
    api = getattr(context, "api", None)
    if api is None:  # skipped
        return
    if scenario.status.has_failed():
        # Shown with the failure by behave's output capture, and kept in the JUnit report.
        print(f"API exchanges of this scenario (secrets redacted):\n{api.recorder.render()}")
    context.report.scenario_finished(scenario, api)


def after_all(context):
    context.report.finish()
    suite = getattr(context, "suite", None)  # none if the run was aborted
    context.run_stats.finish(suite.http_meter if suite else None)
    if suite and suite.stopped:
        print(f"ABORTED: {suite.stop_line()}", file=sys.stderr)


after_all.capture = False  # behave shows what an uncaptured hook prints as it is: the stop line on stderr
