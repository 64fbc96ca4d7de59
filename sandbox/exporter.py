"""The leads export: one table (columns and cells by the contract) written as CSV, XLSX or JSON.

The leads are read a page at a time and the files are written as they are read, so a large exhibit is
never held whole in memory; the JSON form, being the API's answer, is built in memory.
"""
from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import tempfile
import time
from typing import BinaryIO, Callable, Iterator

from openpyxl import Workbook

from .faults import RACE_WINDOW_SECONDS
from .htmltext import plain_text
from .settings import Settings

COLUMNS = ("tracking_id", "scanned_at", "first_name", "last_name", "email", "company", "title", "phone",
           "badge_id", "exhibitor_notes", "hidden", "enabled")
TEXT_FIELDS = ("public_id", "scanned_at", "first_name", "last_name", "email", "company", "title", "phone",
               "badge_id")  # the lead's columns behind COLUMNS[:9]
FORMULA_STARTS = frozenset("=+-@\t\r")
XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
PAGE_ROWS = 500
CSV_CHUNK_ROWS = 500
FILE_CHUNK_BYTES = 64 * 1024


class LeadTable:
    """One exhibit's leads as the export's header and rows (text cells, booleans for hidden/enabled).

    ``guard`` puts a ``'`` before a text cell a spreadsheet would run as a formula; ``xml_safe`` first drops
    the characters XML cannot hold, so such a character can neither break the file nor shield a formula.
    ``db`` must be outside any transaction: both passes over the leads read one snapshot.
    """

    def __init__(self, db: sqlite3.Connection, exhibit_pk: int, settings: Settings, *, guard: bool,
                 xml_safe: bool = False):
        self.db, self.exhibit_pk, self.settings = db, exhibit_pk, settings
        self.guard, self.xml_safe = guard, xml_safe
        racy = settings.fault("export_count_outside_snapshot")
        if not racy:
            db.execute("BEGIN")
        self.questions, self.count = self._first_pass()
        if racy:
            time.sleep(RACE_WINDOW_SECONDS)

    def _leads(self, columns: str) -> Iterator[sqlite3.Row]:
        scope = " AND hidden = 0 AND enabled = 1" if self.settings.fault("export_skips_hidden") else ""
        order = ("pk" if self.settings.fault("export_unordered") else
                 "scanned_at, public_id COLLATE NOCASE" if self.settings.fault("export_ids_ordered_ignoring_case")
                 else "scanned_at, public_id")
        cursor = self.db.execute(f"SELECT {columns} FROM leads WHERE exhibit_pk = ?{scope} ORDER BY {order}",
                                 (self.exhibit_pk,))
        while page := cursor.fetchmany(PAGE_ROWS):
            yield from page

    def _first_pass(self) -> tuple[list[str], int]:
        """The distinct questions in order of first appearance, and the number of leads."""
        questions: dict[str, None] = {}
        count = 0
        for lead in self._leads("responses_json"):
            count += 1
            for item in json.loads(lead["responses_json"] or "[]"):
                questions.setdefault(item["question"])
        if self.settings.fault("export_questions_sorted"):
            return sorted(questions), count
        return list(questions), count

    @property
    def header(self) -> list[str]:
        return [self._text(name) for name in (*self._ordered(list(COLUMNS)), *self.questions)]

    def rows(self) -> Iterator[list]:
        for lead in self._leads("*"):
            yield self._row(lead)

    def _row(self, lead: sqlite3.Row) -> list:
        html = lead["exhibitor_notes"] or ""
        answers = self._answers(lead["responses_json"])
        probe = html if self.settings.fault("formula_guard_before_strip") else None
        missing = "None" if self.settings.fault("export_missing_as_none") else ""
        return [*self._ordered([self._text(lead[field] or missing) for field in TEXT_FIELDS]),
                self._text(self._notes(html), probe),
                bool(lead["hidden"]), bool(lead["enabled"]),
                *(self._text(answers.get(question, "")) for question in self.questions)]

    def _ordered(self, cells: list) -> list:
        """The columns in the contract's order (email, then company), or as the fault puts them."""
        if self.settings.fault("export_columns_company_before_email"):
            cells[4], cells[5] = cells[5], cells[4]
        return cells

    def _notes(self, html: str) -> str:
        if self.settings.fault("export_notes_html_kept"):
            return html
        return plain_text(html, drop_scripts=not self.settings.fault("export_script_text_kept"),
                          decode_entities=not self.settings.fault("export_entities_kept"))

    def _answers(self, responses_json: str | None) -> dict[str, str]:
        """Each question's answer as text; the first answer counts."""
        joiner = ", " if self.settings.fault("export_answers_comma_joined") else "; "
        answers: dict[str, str] = {}
        for item in json.loads(responses_json or "[]"):
            answer = item["answer"]
            text = joiner.join(answer) if isinstance(answer, list) else answer
            if self.settings.fault("export_last_answer_wins"):
                answers[item["question"]] = text
            else:
                answers.setdefault(item["question"], text)
        return answers

    def _text(self, text: str, probe: str | None = None) -> str:
        """A text cell; ``probe`` (default: the cell) is the text whose first character decides the guard."""
        if self.xml_safe:
            text = XML_ILLEGAL.sub("", text)
        if self.guard and (text if probe is None else probe)[:1] in FORMULA_STARTS:
            return "'" + text
        return text


def spreadsheet_guard(settings: Settings) -> bool:
    return not settings.fault("formula_guard_missing")


def csv_chunks(connect: Callable[[], sqlite3.Connection], exhibit_pk: int, settings: Settings) -> Iterator[bytes]:
    """The CSV export as UTF-8 chunks, read through its own connection (the request's is gone by then)."""
    db = connect()
    try:
        table = LeadTable(db, exhibit_pk, settings, guard=spreadsheet_guard(settings))
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n" if settings.fault("csv_lf_line_ends") else "\r\n")
        if not settings.fault("csv_no_bom"):
            buffer.write("\ufeff")
        if table.count or not settings.fault("csv_no_header_when_empty"):
            writer.writerow(table.header)
        for number, row in enumerate(table.rows(), 1):
            writer.writerow([("true" if cell else "false") if isinstance(cell, bool) else cell for cell in row])
            if number % CSV_CHUNK_ROWS == 0:
                yield _drain(buffer)
        if buffer.tell():
            yield _drain(buffer)
    finally:
        db.close()


def _drain(buffer: io.StringIO) -> bytes:
    chunk = buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    return chunk


def xlsx_file(db: sqlite3.Connection, exhibit_pk: int, settings: Settings) -> BinaryIO:
    """The XLSX export in an unnamed temporary file (gone when closed), positioned at its start."""
    table = LeadTable(db, exhibit_pk, settings, guard=spreadsheet_guard(settings), xml_safe=True)
    bools_as_text = settings.fault("xlsx_bools_as_text")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Leads")
    sheet.append(table.header)
    for row in table.rows():
        sheet.append([_xlsx_cell(cell, bools_as_text) for cell in row])
    file = tempfile.TemporaryFile()
    workbook.save(file)
    file.seek(0)
    return file


def _xlsx_cell(cell: str | bool, bools_as_text: bool) -> str | bool | None:
    if isinstance(cell, bool) and bools_as_text:
        return "true" if cell else "false"
    return None if cell == "" else cell  # an empty cell, rather than an empty inline string


def file_chunks(file: BinaryIO) -> Iterator[bytes]:
    with file:
        while chunk := file.read(FILE_CHUNK_BYTES):
            yield chunk


def json_body(db: sqlite3.Connection, exhibit: sqlite3.Row, settings: Settings) -> dict:
    table = LeadTable(db, exhibit["pk"], settings, guard=settings.fault("json_export_guarded"))
    return {"exhibit_id": exhibit["public_id"], "columns": table.header, "rows": list(table.rows()),
            "count": table.count}
