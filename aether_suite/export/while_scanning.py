"""Exports taken while the booth keeps scanning: each must be one consistent picture of one moment.

``taken_while_leads_arrive``: the exhibit's manager adds leads one by one while a persona takes the CSV, the
XLSX and the JSON form together, again and again, until the last lead is in (at least once, within a
deadline). ``picture_problems``: where one export is not one moment (a lead twice, a JSON count that is
not its number of rows); ``disagreements``: where forms taken together say different things about a lead
both hold. The leads are a busy show day's (busy_show.py): notes, answers, hidden and disabled ones.
"""
from __future__ import annotations

import functools
import threading
import time
from collections.abc import Mapping, Sequence

from aether_suite.client.api import AetherApi
from aether_suite.client.together import together
from aether_suite.export import busy_show, exports, spreadsheets
from aether_suite.export.exports import Export

FORMS = ("CSV", "XLSX", "JSON")
DEADLINE_SECONDS = 120.0  # for the leads to arrive; the exports stop then, whatever is left


def taken_while_leads_arrive(api: AetherApi, who: str, exhibit: Mapping, count: int) -> list[dict[str, Export]]:
    """Rounds of the three forms taken together while ``count`` leads arrive; each round by form."""
    arrived = threading.Event()

    def add_leads() -> None:
        try:
            api.arrange_leads(exhibit, (busy_show.lead(n) for n in busy_show.entry_order(count)))
        finally:
            arrived.set()

    def take_rounds() -> list[dict[str, Export]]:
        rounds, deadline = [], time.monotonic() + DEADLINE_SECONDS
        while not rounds or (not arrived.is_set() and time.monotonic() < deadline):
            taken = together(*[functools.partial(exports.request, api, who, exhibit["exhibit_id"], form)
                               for form in FORMS])
            rounds.append(dict(zip(FORMS, taken)))
        return rounds

    return together(add_leads, take_rounds)[1]


def _leads_by_id(export: Export) -> dict[str, dict]:
    """The export's leads by tracking id, each as column -> cell as the files show it."""
    header, *rows = exports.as_the_files_show(export)
    at = header.index("tracking_id")
    return {row[at]: dict(zip(header, row)) for row in rows}


def picture_problems(rounds: Sequence[Mapping[str, Export]]) -> list[str]:
    problems = []
    for number, taken in enumerate(rounds, 1):
        for form, export in taken.items():
            sheet = export.sheet
            ids = [row[sheet.index("tracking_id")] for row in sheet.rows]
            problems += [f"round {number}: the {form} export holds lead {tracking_id} {ids.count(tracking_id)} times"
                         for tracking_id in sorted(set(ids)) if ids.count(tracking_id) > 1]
            if sheet.json is not None and sheet.json.get("count") != len(sheet.rows):
                problems.append(f"round {number}: the JSON export counts {sheet.json.get('count')!r} leads but "
                                f"holds {len(sheet.rows)} rows")
    return problems


def disagreements(rounds: Sequence[Mapping[str, Export]]) -> list[str]:
    problems = []
    for number, taken in enumerate(rounds, 1):
        (first, first_leads), *others = ((form, _leads_by_id(export)) for form, export in taken.items())
        for form, leads in others:
            for tracking_id in sorted(first_leads.keys() & leads.keys()):
                one, other = first_leads[tracking_id], leads[tracking_id]
                problems += [f"round {number}, lead {tracking_id}, {column}: the {form} export shows "
                             f"{exports.shown(other[column], column)}, the {first} export "
                             f"{exports.shown(one[column], column)}"
                             for column in one.keys() & other.keys()
                             if not spreadsheets.same_cells([one[column]], [other[column]])]
    return problems[:20]
