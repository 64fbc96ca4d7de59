"""The evidence of a scenario: what the business expected (one sentence, then the detail), the API
exchanges the scenario made, and where in the suite's code it happened.

Every exchange comes from the recorder, already redacted; every text goes through the run's redactor
once more, so a token learned late cannot slip through. The latest request is shown open.
"""
from __future__ import annotations

import html
import traceback
from collections.abc import Sequence

from aether_suite.client.recorder import Exchange, Redactor


def expectation(message: str) -> tuple[str, str | None]:
    """A failure's message as (its first line made one sentence, the rest or None).

    hamcrest writes ``<reason>\\nExpected: ...\\n     but: ...``; the reason says what the business expected.
    """
    first, _, rest = message.strip().partition("\n")
    sentence = first.strip() or "The step failed without a message"
    sentence = sentence[0].upper() + sentence[1:]
    if sentence[-1] not in ".!?:":
        sentence += "."
    return sentence, rest.strip("\n") or None


def traceback_text(error: BaseException, redactor: Redactor) -> str:
    return redactor.text("".join(traceback.format_exception(type(error), error, error.__traceback__)).rstrip())


def exchanges_html(exchanges: Sequence[Exchange], redactor: Redactor) -> str:
    """One collapsible entry per exchange, the latest open."""
    if not exchanges:
        return "<p>No request had been made in this scenario.</p>"
    parts = [f"<p>{len(exchanges)} request{'' if len(exchanges) == 1 else 's'} "
             "(secrets redacted, long bodies cut short):</p>"]
    for number, exchange in enumerate(exchanges, 1):
        summary = (f"{number}. [{exchange.phase}] {exchange.request} → {exchange.answer} "
                   f"in {exchange.elapsed_ms} ms")
        details = exchange.render().partition("\n")[2]  # headers and bodies: the first line repeats the summary
        parts.append(f"<details class=exchange{' open' if number == len(exchanges) else ''}>"
                     f"<summary>{_e(redactor.text(summary))}</summary><pre>{_e(redactor.text(details))}</pre></details>")
    return "".join(parts)


def _e(text: str) -> str:
    return html.escape(text, quote=True)
