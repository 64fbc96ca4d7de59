"""Evidence for a failed step: what the business expected, and the API exchanges the scenario made.

Every exchange comes from the recorder, already redacted; the whole text goes through the run's
redactor once more, so a token learned late cannot slip through. The latest request is shown open.
"""
from __future__ import annotations

import html
from collections.abc import Sequence

from aether_suite.client.recorder import Exchange, Redactor


def evidence_html(failure: BaseException | None, exchanges: Sequence[Exchange], redactor: Redactor) -> str:
    """HTML for the failed step: the failure's message, then one collapsible entry per exchange."""
    expected = str(failure) if failure is not None else "the step failed without a message"
    parts = [f"<div class=evidence><b>What was expected</b><pre>{_e(redactor.text(expected))}</pre>",
             f"<b>What the API did</b> ({len(exchanges)} request{'' if len(exchanges) == 1 else 's'}, "
             "secrets redacted, long bodies cut short)"]
    if not exchanges:
        parts.append("<p>No request had been made in this scenario.</p>")
    for number, exchange in enumerate(exchanges, 1):
        summary = (f"{number}. [{exchange.phase}] {exchange.request} → {exchange.answer} "
                   f"in {exchange.elapsed_ms} ms")
        details = exchange.render().partition("\n")[2]  # headers and bodies: the first line repeats the summary
        parts.append(f"<details{' open' if number == len(exchanges) else ''}><summary>{_e(redactor.text(summary))}"
                     f"</summary><pre>{_e(redactor.text(details))}</pre></details>")
    parts.append("</div>")
    return "".join(parts)


def _e(text: str) -> str:
    return html.escape(text, quote=True)
