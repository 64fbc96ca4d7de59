"""Behave hooks of the Aether acceptance suite: the server to test, and one API object per scenario.

No base URL configured: the embedded sandbox is started for the run. Before any scenario the server
must answer the health check; if it cannot be used (bad setting, unreachable, not Aether) the run
ends at once with one line on stderr and a non-zero exit.
"""
import os
import time

from behave import fixture, use_fixture

from aether_suite.client.api import AetherApi, SuiteRun
from aether_suite.client.config import SuiteConfig
from aether_suite.errors import SuiteError
from aether_suite.report import LivingReport
from aether_suite.run.parallel import check_once, reuse_step_definitions, under_behavex, worker_sandbox, worker_tokens
from aether_suite.run.preflight import check_server
from aether_suite.run.run_stats import RunStats
from aether_suite.run.vocabulary import check_vocabulary
from sandbox.server import EmbeddedSandbox
from sandbox.settings import Settings, SettingsError


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
    """What all scenarios share: the config, one HTTP session, the tokens signed in."""
    run = SuiteRun(config)
    if under_behavex(context.config.userdata):  # the worker's behave runs share the signed-in tokens
        run.tokens = worker_tokens(config.base_url)
        for token, _ in run.tokens.values():
            run.redactor.learn(token)
    yield run
    run.close()


# -----------------------------------------------------------------------------
# HOOKS
# -----------------------------------------------------------------------------
def before_all(context):
    context.run_stats = RunStats.start(context)  # where the run's time goes: reports/run-stats.json
    context.config.setup_logging()  # what behave does without a before_all: shows "SKIP ...: <reason>"
    context.report = LivingReport.start(context)  # the HTML report (aether_suite/report), even for an aborted run
    if not check_vocabulary(context):  # a step matching no phrase: the closest phrases, and no run
        return
    # behave reports context.abort(reason) as one "ABORTED: <reason>" line on stderr, skips every
    # feature and exits non-zero; an exception here would be reported with a traceback instead.
    try:
        config = SuiteConfig.load(os.environ, context.config.userdata)
        context.sandbox = use_fixture(embedded_sandbox, context) if config.embedded else None
        if context.sandbox:
            config = config.targeting(context.sandbox.base_url)
        context.suite = use_fixture(suite_run, context, config)
        if under_behavex(context.config.userdata):  # once per worker process, not once per feature
            check_once(config.base_url, lambda: check_server(context.suite))
            reuse_step_definitions()
        else:
            check_server(context.suite)  # an Aether server that takes each key and passcode, else one line
    except (SuiteError, SettingsError) as error:
        context.abort(reason=str(error))


def before_scenario(context, scenario):
    context.run_stats.scenario_started(scenario, context.suite.http_meter)
    if "sandbox" in scenario.effective_tags and context.sandbox is None:
        scenario.skip(f"it needs the embedded sandbox; this run tests {context.suite.config.base_url}")
        return
    context.api = AetherApi(context.suite)
    context.report.scenario_started(context.api)


def after_scenario(context, scenario):
    api = getattr(context, "api", None)
    if api is None:  # skipped
        return
    if scenario.status.has_failed():
        # Shown with the failure by behave's output capture, and kept in the JUnit report.
        print(f"API exchanges of this scenario (secrets redacted):\n{api.recorder.render()}")
    context.report.scenario_finished(scenario, api)
    api.cleanup()


def after_all(context):
    context.report.finish()
    suite = getattr(context, "suite", None)  # none if the run was aborted
    context.run_stats.finish(suite.http_meter if suite else None)
