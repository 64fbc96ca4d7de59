"""The suite's own failures, apart from what the API under test does wrong."""


class SuiteError(Exception):
    """The suite cannot run as set up (configuration, server). Its message is one line; the run ends."""


class ServerUnreachable(SuiteError, AssertionError):
    """No complete answer from the configured server: refused, unresolvable, timed out or cut short.

    Also an AssertionError, so that in a step it fails the scenario with its one line, not a traceback.
    """


class UnusableAnswer(SuiteError, AssertionError):
    """The server answered, but with what the suite does not take: a redirect, or an answer over its size cap."""


class NotAether(SuiteError):
    """Something answers at the configured URL, but it is not an Aether V3 API."""


class ArrangementFailed(AssertionError):
    """The API refused to set up a scenario's preconditions (a Given step): the scenario fails."""


class CleanupFailed(AssertionError):
    """Something a scenario created could not be deleted; the message lists what is left behind."""


class ContractViolation(AssertionError):
    """An answer's status or body breaks the shapes of the machine-readable contract."""


def one_line(error: BaseException) -> str:
    """An exception as one line for a report: its message, with its type unless it is an assertion."""
    text = " ".join(str(error).split())
    return text if isinstance(error, AssertionError) and text else f"{type(error).__name__}: {text}".rstrip(": ")
