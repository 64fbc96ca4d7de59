"""Behave hooks of the Aether acceptance suite: the server to test, and one API object per scenario.

No base URL configured: the embedded sandbox is started for the run. Before any scenario the server
must answer the health check; if it cannot be used (bad setting, unreachable, not Aether) the run
ends at once with one line on stderr and a non-zero exit.
"""
import os

from behave import fixture, use_fixture

from aether_suite.api import AetherApi, SuiteRun
from aether_suite.config import SuiteConfig
from aether_suite.errors import SuiteError
from sandbox.server import EmbeddedSandbox
from sandbox.settings import Settings, SettingsError


# -----------------------------------------------------------------------------
# FIXTURES
# -----------------------------------------------------------------------------
@fixture
def embedded_sandbox(context):
    """The sandbox in this process for the whole run; AETHER_SANDBOX_* variables tune it."""
    sandbox = EmbeddedSandbox(Settings.from_env()).start()
    yield sandbox
    sandbox.stop()


@fixture
def suite_run(context, config):
    """What all scenarios share: the config, one HTTP session, the tokens signed in."""
    run = SuiteRun(config)
    yield run
    run.close()


# -----------------------------------------------------------------------------
# HOOKS
# -----------------------------------------------------------------------------
def before_all(context):
    context.config.setup_logging()  # what behave does without a before_all: shows "SKIP ...: <reason>"
    # behave reports context.abort(reason) as one "ABORTED: <reason>" line on stderr, skips every
    # feature and exits non-zero; an exception here would be reported with a traceback instead.
    try:
        config = SuiteConfig.load(os.environ, context.config.userdata)
        context.sandbox = use_fixture(embedded_sandbox, context) if config.embedded else None
        if context.sandbox:
            config = config.targeting(context.sandbox.base_url)
        context.suite = use_fixture(suite_run, context, config)
        context.suite.check_health()
    except (SuiteError, SettingsError) as error:
        context.abort(reason=str(error))


def before_scenario(context, scenario):
    if "sandbox" in scenario.effective_tags and context.sandbox is None:
        scenario.skip(f"it needs the embedded sandbox; this run tests {context.suite.config.base_url}")
        return
    context.api = AetherApi(context.suite)


def after_scenario(context, scenario):
    api = getattr(context, "api", None)
    if api is None:  # skipped
        return
    if scenario.status.has_failed():
        # Shown with the failure by behave's output capture, and kept in the JUnit report.
        print(f"API exchanges of this scenario (secrets redacted):\n{api.recorder.render()}")
    api.cleanup()
