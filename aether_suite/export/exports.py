"""The leads export as the @export steps use it: asking for it, and judging what came back.

An ``Export`` is one answer to an export request, read lazily (aether_suite/export/spreadsheets.py) the first
time a Then step looks at it. The comparisons speak the business: a product owner's table of leads is
compared cell by cell, only in the columns it names, and a failure shows both tables.

    export = request(api, "Cleo", exhibit_id, "XLSX")
    expect_leads(export, [["first_name", "hidden"], ["Ada", "false"]])
"""
from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property
from typing import Any

import requests
from hamcrest import assert_that, equal_to

from aether_suite.checks.answers import expect_answered_as_twin, made_up_like
from aether_suite.checks.expectations import expect_answer, expect_none, expect_that
from aether_suite.checks.headers import attachment_name, cache_problems, disposition
from aether_suite.client.api import AetherApi
from aether_suite.client.personas import manager_of
from aether_suite.client.recorder import Exchange
from aether_suite.errors import ArrangementFailed
from aether_suite.export import lead_tables, spreadsheets
from aether_suite.export.spreadsheets import BASE_COLUMNS, BOOLEAN_COLUMNS, RowCheck, Sheet

# How features name the forms -> the query that asks for it. None: no query at all (the default, CSV).
FORM_QUERY: dict[str | None, dict[str, Any]] = {
    None: {}, "CSV": {"format": "csv"}, "XLSX": {"format": "xlsx"}, "JSON": {"return_file": False}}
READ_AS = {None: "csv", "CSV": "csv", "XLSX": "xlsx", "JSON": "json"}


@dataclass
class Export:
    """One answer to an export request."""
    api: AetherApi
    persona: str
    exhibit_id: str
    form: str | None  # "CSV", "XLSX", "JSON", or None: as the API defaults (CSV)
    response: requests.Response
    exchange: Exchange  # the response's redacted record
    query: dict = field(default_factory=dict)

    @property
    def read_as(self) -> str:
        return READ_AS[self.form]

    @property
    def label(self) -> str:
        return f"the {self.read_as.upper()} export"

    @cached_property
    def sheet(self) -> Sheet:
        """The export as a table; fails, saying what was answered, unless the persona received it."""
        expect_answer(self.api, 200, to=f"to receive {self.label}", about=self.exchange)
        body = self.response.json() if self.read_as == "json" else self.response.content
        return spreadsheets.read(self.read_as, body)


def request(api: AetherApi, who: str, exhibit_id: str, form: str | None = None, **query: Any) -> Export:
    """``who`` asks for the exhibit's leads in ``form``; ``query`` is sent as given (an invalid value too)."""
    sent = {**FORM_QUERY[form], **query}
    response = api.export_leads(who, exhibit_id, **sent)
    return Export(api, who, exhibit_id, form, response, api.exchange_of(response), sent)


def remove_exhibit(api: AetherApi, exhibit: Mapping) -> None:
    """The exhibit's account's manager deletes it (with its leads)."""
    response = api.delete_exhibit(manager_of(api.owner_of(exhibit)), exhibit["exhibit_id"])
    if response.status_code != 204:
        raise ArrangementFailed(f"could not remove the exhibit {exhibit['name']!r}: {api.last_exchange.answer}")


def arranged_leads(api: AetherApi, exhibit_id: str) -> list[dict]:
    """The leads the scenario added to the exhibit, as stored, in the export's order (scan time, then
    tracking id by code point)."""
    leads = [lead for lead in api.leads if lead.get("exhibit_id") == exhibit_id]
    return sorted(leads, key=lambda lead: (lead["scanned_at"], lead["tracking_id"]))


# ---------------------------------------------------------------------------- comparing with tables

def shown(cell: Any, column: str | None = None) -> str:
    """A cell as a failure message shows it: text with its control characters escaped, booleans as
    true/false; text where a boolean belongs, and anything that is not text, is marked."""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, str):
        text = cell.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")
        return f'"{text}" (text)' if column in BOOLEAN_COLUMNS else text
    return f"{cell!r} (a {type(cell).__name__})"


def expected_cell(column: str, cell: str) -> Any:
    """A product owner's cell: true/false in the hidden and enabled columns is a boolean, else text."""
    if column in BOOLEAN_COLUMNS and cell.lower() in ("true", "false"):
        return cell.lower() == "true"
    return lead_tables.unescape(cell)


def _render(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [" | ".join(cell.ljust(width) for cell, width in zip(row, widths)) for row in rows]


def expect_rows(what: str, columns: Sequence[str], found: list[list], table: Sequence[Sequence[str]],
                scanned: Sequence[str]) -> None:
    """``found`` (rows of cells in ``columns``, scanned at ``scanned``) are ``table``'s rows (its first row
    names the columns), in order; a failure shows both tables. Leads scanned in the same second may come in
    either order: the contract orders them by tracking id, which nobody chooses (the scenario of that rule
    checks it). ``what`` completes "expected ... to hold these leads"."""
    wanted = [[expected_cell(column, cell) for column, cell in zip(columns, row)] for row in table[1:]]
    def right(n: int) -> bool:
        return n < len(wanted) and spreadsheets.same_cells(found[n], wanted[n])

    if len(found) == len(wanted) and _same_but_for_ties(found, wanted, scanned):
        return

    def mark(n: int) -> str:
        return "found" if right(n) else "found ✗"

    lines = _render([["", *columns],
                     *(["expected", *(shown(c, col) for c, col in zip(row, columns))] for row in wanted),
                     *([mark(n), *(shown(c, col) for c, col in zip(row, columns))] for n, row in enumerate(found))])
    raise AssertionError(f"expected {what} to hold these {len(wanted)} leads, in this order (those scanned in "
                         f"the same second in any order); it holds {len(found)} (✗: a row that differs):\n  "
                         + "\n  ".join(lines))


def _same_but_for_ties(found: list[list], wanted: list[list], scanned: Sequence[str]) -> bool:
    """Each run of rows scanned in the same second holds the wanted rows of those places, in some order."""
    start = 0
    while start < len(found):
        end = start
        while end < len(found) and scanned[end] == scanned[start]:
            end += 1
        left = list(found[start:end])
        for row in wanted[start:end]:
            match = next((n for n, candidate in enumerate(left) if spreadsheets.same_cells(candidate, row)), None)
            if match is None:
                return False
            left.pop(match)
        start = end
    return True


def expect_leads(export: Export, table: Sequence[Sequence[str]]) -> None:
    """The export's rows, in the columns ``table`` names (its first row), are ``table``'s rows, in order.

    Cells are compared as the contract types them for the form (see Sheet.table): a boolean cell where
    true/false is expected, text elsewhere.
    """
    sheet = export.sheet
    columns = [lead_tables.unescape(name) for name in table[0]]
    indexes = [sheet.index(column) for column in columns]
    rows = sheet.table()[1:]
    found = [[row[i] if i < len(row) else "" for i in indexes] for row in rows]
    scanned = [row[sheet.index("scanned_at")] for row in rows]
    expect_rows(f"{export.label} that {export.persona} received", columns, found, table, scanned)


def expect_visible_leads(api: AetherApi, table: Sequence[Sequence[str]]) -> None:
    """The last answer is the visible leads list, and its items, in the columns ``table`` names, are
    ``table``'s rows, in order; its count agrees."""
    expect_answer(api, 200, to="to be shown the exhibit's visible leads")
    body = api.last_json
    columns = [lead_tables.unescape(name) for name in table[0]]
    missing = "(no such field)"
    found = [[item.get(column, missing) for column in columns] for item in body["items"]]
    expect_rows(f"the visible leads list {api.last_exchange.caller} was shown", columns, found, table,
                [item.get("scanned_at") for item in body["items"]])
    assert_that(body["count"], equal_to(len(body["items"])),
                "expected the visible list's count to be its number of leads")


def expect_columns(export: Export, names: Sequence[str], *, after_base: bool = False) -> None:
    """The export's column headings are exactly ``names``, in order (only those after the 12 base
    columns, with ``after_base``)."""
    columns = export.sheet.columns[len(BASE_COLUMNS):] if after_base else export.sheet.columns
    wanted = [lead_tables.unescape(name) for name in names]
    what = "question columns, after the lead's own," if after_base else "columns"
    assert_that(list(columns), equal_to(wanted),
                f"expected {export.label} to have these {what} in this order")


def single_row(export: Export) -> dict[str, Any]:
    """The one lead of the export, as {column: cell}."""
    sheet = export.sheet
    assert_that(len(sheet.rows), equal_to(1), f"expected {export.label} to hold exactly one lead")
    return dict(zip(sheet.columns, sheet.table()[1]))


def expect_field_shown(export: Export, word: str, text: str) -> None:
    """The lead's field (as lead_tables.lead_with names it) is shown as ``text`` (escapes decoded).

    A "question" is its column's heading; an "answer" the cell under that question.
    """
    wanted = lead_tables.unescape(text)
    if word == "question":
        headings = export.sheet.columns[len(BASE_COLUMNS):]
        assert_that(list(headings), equal_to([wanted]),
                    f"expected the question to head {export.label}'s one question column")
        return
    column = lead_tables.ANSWERED_QUESTION if word == "answer" else lead_tables.FIELD_WORDS.get(word)
    if column is None:
        raise LookupError(f"a lead has no {word!r}")
    row = single_row(export)
    assert_that(row.get(column, "(no such column)"), equal_to(wanted),
                f"expected {export.label} to show the lead's {word} (column {column!r}) as written")


def formula_cells(export: Export) -> list[str]:
    """Every cell a spreadsheet would run as a formula: a formula cell of a workbook, or a text cell
    (a heading too) that starts with = + - @ a tab or a carriage return."""
    sheet = export.sheet
    found = [f"{cell} (a formula cell)" for cell in (sheet.xlsx.formula_cells if sheet.xlsx else [])]
    for number, row in enumerate([sheet.columns, *sheet.rows]):
        place = "the heading" if number == 0 else f"row {number}"
        found += [f"{place}, column {sheet.columns[i] if i < len(sheet.columns) else i}: {shown(cell)}"
                  for i, cell in enumerate(row) if spreadsheets.formula_like(cell)]
    return found


def order_problems(export: Export) -> list[str]:
    """Rows out of scan-time order, ties not in tracking-id order (by code point)."""
    sheet = export.sheet
    at, tid = sheet.index("scanned_at"), sheet.index("tracking_id")
    keys = [(row[at], row[tid]) for row in sheet.rows]
    return [f"row {n + 1} ({keys[n][0]}, {keys[n][1]}) comes before row {n + 2} ({keys[n + 1][0]}, {keys[n + 1][1]})"
            for n in range(len(keys) - 1) if keys[n] > keys[n + 1]]


def as_the_files_show(export: Export) -> list[list]:
    """Header and typed rows; JSON, which carries raw values, as the files must show them (formula-like
    text with a leading ')."""
    table = export.sheet.table()
    if export.read_as == "json":
        table = [[spreadsheets.spreadsheet_safe(cell) for cell in row] for row in table]
    return table


def expect_same_table(exports: Mapping[str, Export]) -> None:
    """The CSV, the XLSX and the JSON forms hold the same table, each typed as the contract says; JSON
    carries raw values, so it is compared as the files must show it (formula-like text with a leading ')."""
    tables = {form: as_the_files_show(export) for form, export in exports.items()}
    (first_form, first), *others = tables.items()
    for form, table in others:
        differences = _differences(first, table)
        assert not differences, (f"expected the {form} form to hold the same table as the {first_form} form, "
                                 f"but:\n  " + "\n  ".join(differences))


def _differences(one: list[list], other: list[list]) -> list[str]:
    found = []
    if len(one) != len(other):
        found.append(f"{len(other) - 1} rows instead of {len(one) - 1}")
    for number, (a, b) in enumerate(zip(one, other)):
        place = "the heading" if number == 0 else f"row {number}"
        if len(a) != len(b):
            found.append(f"{place} has {len(b)} cells instead of {len(a)}")
        for i, (x, y) in enumerate(zip(a, b)):
            column = one[0][i] if i < len(one[0]) else i
            if x != y or type(x) is not type(y):
                found.append(f"{place}, column {column}: {shown(y, column)} instead of {shown(x, column)}")
    return found[:10]


# ---------------------------------------------------------------------------- the same answer as for a made-up id

def expect_as_for_made_up_exhibit(export: Export) -> None:
    """The export was answered exactly as the same request for an exhibit id nobody has: not found."""
    fake = made_up_like(export.exhibit_id)
    twin = request(export.api, export.persona, fake, export.form,
                   **{k: v for k, v in export.query.items() if k not in FORM_QUERY[export.form]})
    expect_answered_as_twin(export.api, export.exchange, twin.exchange, status=404, code="not_found",
                            back={fake: export.exhibit_id}, twin_is="an exhibit id nobody has",
                            to="to be answered exactly as for an exhibit id nobody has, as if the exhibit "
                               "did not exist")


# ---------------------------------------------------------------------------- the file itself

def expect_filename(export: Export, template: str) -> None:
    """The answer is an attachment named ``template`` with {exhibit_id} and {YYYYMMDD} (the UTC date of
    the export, from the answer's Date, else now) filled in."""
    expect_answer(export.api, 200, to=f"to receive {export.label}", about=export.exchange)
    sent = export.response.headers.get("Date")
    day = email.utils.parsedate_to_datetime(sent) if sent else datetime.now(timezone.utc)
    wanted = template.replace("{exhibit_id}", export.exhibit_id).replace(
        "{YYYYMMDD}", day.astimezone(timezone.utc).strftime("%Y%m%d"))
    header = export.response.headers.get("Content-Disposition")
    expect_that(export.api, (disposition(header).kind, attachment_name(export.response)),
                equal_to(("attachment", wanted)),
                to=f"to be offered {export.label} for download as an attachment named {wanted!r} "
                   f"(it came as {header!r})", about=export.exchange)


def expect_never_stored(export: Export) -> None:
    expect_answer(export.api, 200, to=f"to receive {export.label}", about=export.exchange)
    expect_none(export.api, cache_problems(export.response.headers), about=export.exchange,
                to=f"to receive {export.label} marked never to be stored by browsers or proxies")


# ---------------------------------------------------------------------------- volume: streamed and checked

def stream_and_check(api: AetherApi, who: str, exhibit_id: str, form: str, expected_columns: list,
                     expected_rows: Callable[[], Iterator[list]]) -> RowCheck:
    """``who`` downloads the export in ``form`` ("CSV" or "XLSX") and its rows are checked one by one,
    as they arrive (CSV) or straight from a temporary file (XLSX), against ``expected_rows()``.
    ``seconds`` is the time from asking to the last byte."""
    started = time.perf_counter()
    response = api.export_leads(who, exhibit_id, stream=True, **FORM_QUERY[form])
    check = RowCheck(form)
    try:
        expect_answer(api, 200, to=f"to receive the {form} export")
        chunks = response.iter_content(64 * 1024)
        if form == "CSV":
            check.csv = spreadsheets.CsvFacts()
            columns, rows = spreadsheets.stream_csv(chunks, check.csv)
            spreadsheets.check_rows("csv", columns, rows, expected_columns, expected_rows(), check)
            check.seconds = time.perf_counter() - started
        else:
            with spreadsheets.spooled_xlsx(chunks) as spool:
                check.seconds = time.perf_counter() - started
                with spreadsheets.load_xlsx(spool) as workbook:
                    check.xlsx = workbook.facts
                    rows = workbook.rows()
                    columns = next(rows, [])
                    spreadsheets.check_rows("xlsx", columns, rows, expected_columns, expected_rows(), check)
    finally:
        response.close()
    return check


def volume_problems(check: RowCheck, count: int) -> list[str]:
    """Why a streamed file is not exactly the ``count`` generated leads (empty when it is)."""
    problems = list(check.mismatches)
    if check.mismatch_count > len(check.mismatches):
        problems.append(f"... {check.mismatch_count - len(check.mismatches)} more rows differ")
    if check.csv:
        problems += check.csv.quoting_problems
        problems += [] if check.csv.byte_order_mark else ["the CSV file lacks the UTF-8 byte-order mark"]
        problems += [] if check.csv.crlf_only else [f"CSV records end: {check.csv.describe_line_ends()}"]
    problems += [f"{cell} is a formula cell" for cell in check.xlsx.formula_cells] if check.xlsx else []
    if check.rows != count:
        problems.append(f"{check.rows} rows instead of {count}")
    return problems


# ---------------------------------------------------------------------------- form-specific shapes

def table_rows(table) -> list[list[str]]:
    """A behave table as rows of cells, its headings first."""
    return [list(table.headings), *(list(row.cells) for row in table)]


def boolean_cell_problems(export: Export) -> list[str]:
    """Every hidden or enabled cell that is not a true/false value (text "true" included)."""
    sheet = export.sheet
    return [f"row {n}, {column}: {shown(row[sheet.index(column)], column)}"
            for n, row in enumerate(sheet.rows, 1) for column in sorted(BOOLEAN_COLUMNS)
            if not isinstance(row[sheet.index(column)], bool)]


def expect_json_shape(export: Export) -> None:
    """The JSON export names its exhibit, counts its rows, and each row has one cell per column."""
    sheet = export.sheet
    assert_that(sheet.json.get("exhibit_id"), equal_to(export.exhibit_id),
                "expected the JSON export to name its exhibit")
    assert_that(sheet.json.get("count"), equal_to(len(sheet.rows)),
                "expected the JSON export's count to be its number of rows")
    assert_that([len(row) for row in sheet.rows], equal_to([len(sheet.columns)] * len(sheet.rows)),
                "expected every JSON row to have one cell per column")
