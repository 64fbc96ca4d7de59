"""A leads export read the way a spreadsheet program reads it: never by looking for substrings.

- CSV: decoded as UTF-8, checked against RFC 4180 record by record (quoting, line ends; what it finds
  is kept as ``CsvFacts``, so a step can judge it), and parsed by the ``csv`` module.
- XLSX: opened by openpyxl in read-only mode from the bytes (or a file); every cell's type is kept,
  so boolean cells and formula cells (data type ``f``) can be told apart from text.
- JSON (``return_file=false``): its ``columns`` and ``rows`` as they are.

All three become a ``Sheet``: the column headings and the rows of cells, typed as the contract says for
each form (``Sheet.table()``), so "the three forms agree" is one comparison. For volume, ``stream_csv`` and
``stream_xlsx`` yield the rows one at a time from the answer as it arrives, never holding the whole file
as Python objects.

    sheet = read("csv", response.content)
    sheet.columns[:3]          -> ["tracking_id", "scanned_at", "first_name"]
    sheet.csv.byte_order_mark  -> True
"""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

import openpyxl
from openpyxl import load_workbook
from openpyxl.worksheet import _reader as openpyxl_sheet_reader
from openpyxl.xml import functions as openpyxl_xml
from openpyxl.xml.constants import SHEET_MAIN_NS

BASE_COLUMNS = ("tracking_id", "scanned_at", "first_name", "last_name", "email", "company", "title", "phone",
                "badge_id", "exhibitor_notes", "hidden", "enabled")
BOOLEAN_COLUMNS = frozenset({"hidden", "enabled"})
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME = "Leads"
FORMS = ("csv", "xlsx", "json")
BYTE_ORDER_MARK = "\ufeff"
LINE_END_NAMES = {"\r\n": "CR LF", "\n": "a bare LF", "\r": "a bare CR", "": "no line end (the last record)"}
_MAX_PROBLEMS = 5  # problems kept per kind: enough to show, never the whole file

# RFC 4180: a field is quoted (any character, a quote doubled) or plain (no quote, comma, CR or LF);
# fields are separated by commas; a record ends with CR LF (the last one may end without).
_FIELD = r'(?:"(?:[^"]|"")*"|[^",\r\n]*)'
_RECORD = re.compile(rf"{_FIELD}(?:,{_FIELD})*(?P<end>\r\n|\n|\r|)\Z")


class UnreadableExport(AssertionError):
    """The answer cannot be read as the form it claims to be (not UTF-8, not a workbook, not the JSON form)."""


# ---------------------------------------------------------------------------- what a reader finds

@dataclass
class CsvFacts:
    """What the bytes of a CSV export are like, beyond its values."""
    byte_order_mark: bool = False
    line_ends: Counter = field(default_factory=Counter)  # ending of each record: "\r\n", "\n", "\r", ""
    quoting_problems: list[str] = field(default_factory=list)  # records RFC 4180 does not allow (first few)

    @property
    def crlf_only(self) -> bool:
        """Every record but possibly the last ends with CR LF, and the last one with CR LF or nothing."""
        return set(self.line_ends) <= {"\r\n", ""} and self.line_ends[""] <= 1

    def describe_line_ends(self) -> str:
        return ", ".join(f"{count} with {LINE_END_NAMES[end]}" for end, count in self.line_ends.items()) or "none"


@dataclass
class XlsxFacts:
    """What a workbook is like, beyond its values."""
    sheet_names: list[str] = field(default_factory=list)
    formula_cells: list[str] = field(default_factory=list)  # coordinates of formula cells (first few)
    formula_count: int = 0


@dataclass
class Sheet:
    """An export as a table: the column headings and the rows, each cell as the form carries it.

    CSV cells are text; XLSX cells are text, booleans ('' for an empty cell) or whatever else the
    workbook holds; JSON cells are the JSON values.
    """
    form: str
    columns: list[Any]
    rows: list[list[Any]]
    csv: CsvFacts | None = None
    xlsx: XlsxFacts | None = None
    json: dict | None = None

    def index(self, column: str) -> int:
        try:
            return self.columns.index(column)
        except ValueError:
            raise AssertionError(f"the {self.form.upper()} export has no column {column!r}; "
                                 f"its columns are {self.columns}") from None

    def table(self) -> list[list[Any]]:
        """Header and rows, with the cells typed as the contract says: booleans for hidden and enabled
        (true/false text in CSV becomes a boolean; anything else stays as found, to be shown as wrong)."""
        return [list(self.columns), *(typed_row(self.form, self.columns, row) for row in self.rows)]


def typed_row(form: str, columns: list, row: list) -> list:
    if form != "csv":
        return list(row)
    return [_csv_boolean(cell) if column in BOOLEAN_COLUMNS else cell for column, cell in zip(columns, row)]


def _csv_boolean(cell: str) -> Any:
    return {"true": True, "false": False}.get(cell, cell)


def same_cells(row: list, other: list) -> bool:
    """The rows hold equal cells of the same types (a 1 is not a true, nor "1" a 1)."""
    return len(row) == len(other) and all(type(a) is type(b) and a == b for a, b in zip(row, other))


def spreadsheet_safe(cell: Any) -> Any:
    """A JSON cell as the contract says the files show it: text a spreadsheet would run as a formula
    gets a leading apostrophe. JSON carries the raw value; CSV and XLSX carry this."""
    return "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell


def formula_like(cell: Any) -> bool:
    """Text a spreadsheet would run as a formula: it starts with = + - @ a tab or a carriage return."""
    return isinstance(cell, str) and cell.startswith(FORMULA_STARTS)


# ---------------------------------------------------------------------------- reading whole answers

def read(form: str, content: bytes | dict) -> Sheet:
    """The export in ``form`` ("csv", "xlsx" or "json"); ``content`` is the bytes, or the JSON body."""
    if form == "csv":
        facts = CsvFacts()
        header, rows = _header_and_rows(csv_rows([content], facts))
        return Sheet("csv", header, list(rows), csv=facts)
    if form == "xlsx":
        with load_xlsx(io.BytesIO(content)) as workbook:
            header, rows = _header_and_rows(workbook.rows())
            return Sheet("xlsx", header, list(rows), xlsx=workbook.facts)
    if form == "json":
        return read_json(content)
    raise ValueError(f"no export form {form!r}; the forms are {', '.join(FORMS)}")


def read_json(body: Any) -> Sheet:
    if not (isinstance(body, dict) and isinstance(body.get("columns"), list) and isinstance(body.get("rows"), list)):
        raise UnreadableExport(f"the JSON export is not {{exhibit_id, columns, rows, count}}: {str(body)[:300]}")
    return Sheet("json", list(body["columns"]), [list(row) for row in body["rows"]], json=body)


def _header_and_rows(rows: Iterator[list]) -> tuple[list, Iterator[list]]:
    header = next(rows, [])
    return header, rows


# ---------------------------------------------------------------------------- CSV, record by record

def csv_rows(chunks: Iterable[bytes], facts: CsvFacts) -> Iterator[list[str]]:
    """The rows of a CSV export (header first), parsed by the csv module as the chunks arrive.

    Fills ``facts`` on the way: the byte-order mark, each record's line end, records RFC 4180 does not
    allow. Holds one record at a time.
    """
    try:
        yield from csv.reader(_records(_lines(_decoded(chunks, facts)), facts), strict=True)
    except csv.Error as error:
        raise UnreadableExport(f"the csv module cannot read the CSV export: {error}") from None


def _decoded(chunks: Iterable[bytes], facts: CsvFacts) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-8")()
    first = True
    try:
        for chunk in chunks:
            text = decoder.decode(chunk)
            if first and text:
                first = False
                facts.byte_order_mark = text.startswith(BYTE_ORDER_MARK)
                text = text.removeprefix(BYTE_ORDER_MARK)
            yield text
        yield decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise UnreadableExport(f"the CSV export is not UTF-8: {error}") from None


def _lines(texts: Iterable[str]) -> Iterator[str]:
    """Text split after each LF (a line keeps its ending); the last line may have none."""
    pending = ""
    for text in texts:
        pending += text
        start = 0
        while (end := pending.find("\n", start)) >= 0:
            yield pending[start:end + 1]
            start = end + 1
        pending = pending[start:]
    if pending:
        yield pending


def _records(lines: Iterable[str], facts: CsvFacts) -> Iterator[str]:
    """Lines joined into whole records (a quoted value may hold line breaks), each checked against RFC 4180."""
    record = ""
    for line in lines:
        record += line
        if record.count('"') % 2:  # inside a quoted value: the record goes on
            continue
        _check_record(record, facts)
        yield record
        record = ""
    if record:
        if len(facts.quoting_problems) < _MAX_PROBLEMS:
            facts.quoting_problems.append(
                f"a quote inside a plain value, or a quoted value never closed: {record[:80]!r}")
        yield record


def _check_record(record: str, facts: CsvFacts) -> None:
    match = _RECORD.match(record)
    if match is None:
        if len(facts.quoting_problems) < _MAX_PROBLEMS:
            facts.quoting_problems.append(f"not an RFC 4180 record (a quote inside a plain value, text after a "
                                          f"closing quote, or a line break outside quotes): {record[:80]!r}")
        facts.line_ends[_ending(record)] += 1
        return
    facts.line_ends[match["end"]] += 1


def _ending(record: str) -> str:
    for end in ("\r\n", "\n", "\r"):
        if record.endswith(end):
            return end
    return ""


# ---------------------------------------------------------------------------- XLSX

_ROW_TAG = f"{{{SHEET_MAIN_NS}}}row"


def _iterparse_dropping_rows(source: Any) -> Iterator[tuple[str, Any]]:
    """What openpyxl's sheet reader gets from ElementTree.iterparse (end events), except that each <row>,
    once openpyxl has read (and cleared) it, is also taken out of the tree. openpyxl leaves the emptied
    elements under <sheetData>, some 90 bytes a row; without them a sheet is read holding one row at a
    time (tests/suite/export/test_verifier_memory.py)."""
    open_elements = []
    for event, element in openpyxl_xml.iterparse(source, events=("start", "end")):  # defusedxml's, if there
        if event == "start":
            open_elements.append(element)
            continue
        open_elements.pop()
        yield event, element
        if element.tag == _ROW_TAG and open_elements:
            open_elements[-1].remove(element)


@contextmanager
def rows_leave_the_tree() -> Iterator[None]:
    """While inside, openpyxl's worksheet reader parses with ``_iterparse_dropping_rows``.

    openpyxl 3.1 parses a sheet through the name ``iterparse`` of its module ``openpyxl.worksheet._reader``
    twice: when a read-only workbook is opened (``parse_dimensions``, which reads a sheet that has no
    <dimension> through to its end, as the exports have none) and when the first row is asked for
    (``WorkSheetParser.parse``). ``Workbook`` makes just those two calls inside this block, and the name
    is put back on leaving it, so every other reader in the process gets openpyxl's own. An openpyxl
    without that name fails here.
    """
    original = getattr(openpyxl_sheet_reader, "iterparse", None)
    if original is not openpyxl_xml.iterparse:
        raise RuntimeError(f"openpyxl {openpyxl.__version__} no longer reads sheets through "
                           f"openpyxl.worksheet._reader.iterparse: see rows_leave_the_tree in {__name__}")
    openpyxl_sheet_reader.iterparse = _iterparse_dropping_rows
    try:
        yield
    finally:
        openpyxl_sheet_reader.iterparse = original


class Workbook:
    """An XLSX export opened read-only; ``rows()`` yields lists of cell values (header first)."""

    def __init__(self, source: IO[bytes] | str):
        with rows_leave_the_tree():  # a sheet without <dimension> is read through to learn its size
            try:
                self._book = load_workbook(source, read_only=True, data_only=False)
            except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a file that is no workbook
                raise UnreadableExport(f"the XLSX export cannot be opened as a workbook: {error}") from None
        self.facts = XlsxFacts(sheet_names=list(self._book.sheetnames))

    def __enter__(self) -> "Workbook":
        return self

    def __exit__(self, *exc: object) -> None:
        self._book.close()

    def rows(self) -> Iterator[list[Any]]:
        """The rows of the sheet named Leads (else of the first sheet), each padded to the header's width;
        an empty cell is ''. Formula cells are noted in ``facts``."""
        names = self.facts.sheet_names
        sheet = self._book[SHEET_NAME if SHEET_NAME in names else names[0]]
        width = None
        rows = sheet.iter_rows()
        with rows_leave_the_tree():
            first = next(rows, None)  # openpyxl starts parsing the sheet here
        for row in itertools.chain([first] if first is not None else [], rows):
            values = []
            for cell in row:
                if cell.data_type == "f":
                    self.facts.formula_count += 1
                    if len(self.facts.formula_cells) < _MAX_PROBLEMS:
                        self.facts.formula_cells.append(f"{cell.coordinate} ({cell.value})")
                values.append("" if cell.value is None else cell.value)
            if width is None:
                while values and values[-1] == "":
                    values.pop()
                width = len(values)
            yield values + [""] * (width - len(values))


def load_xlsx(source: IO[bytes] | str) -> Workbook:
    return Workbook(source)


# ---------------------------------------------------------------------------- streaming (volume)

@dataclass
class RowCheck:
    """The outcome of checking streamed rows against expected ones."""
    form: str
    columns: list = field(default_factory=list)
    rows: int = 0
    mismatches: list[str] = field(default_factory=list)  # first few
    mismatch_count: int = 0
    seconds: float = 0.0
    csv: CsvFacts | None = None
    xlsx: XlsxFacts | None = None

    def note(self, problem: str) -> None:
        self.mismatch_count += 1
        if len(self.mismatches) < _MAX_PROBLEMS:
            self.mismatches.append(problem)


def check_rows(form: str, columns: list, rows: Iterator[list], expected_columns: list,
               expected_rows: Iterator[list], check: RowCheck) -> RowCheck:
    """Compare streamed rows with expected ones, one pair at a time (typed as ``Sheet.table`` types them)."""
    check.columns = columns
    if columns != expected_columns:
        check.note(f"the columns are {columns}, expected {expected_columns}")
    missing = object()
    expected_iter = iter(expected_rows)
    for number, row in enumerate(rows, 1):
        check.rows = number
        expected = next(expected_iter, missing)
        actual = typed_row(form, columns, row)
        if expected is missing:
            check.note(f"row {number} is one too many: {actual}")
        elif not same_cells(actual, expected):
            differing = [f"{name}: {got!r} instead of {want!r}"
                         for name, got, want in zip(expected_columns, actual, expected)
                         if type(got) is not type(want) or got != want]
            more = f"; and {len(differing) - 4} more cells" if len(differing) > 4 else ""
            check.note(f"row {number}: " + ("; ".join(differing[:4]) + more or f"{actual} instead of {expected}"))
    left = sum(1 for _ in expected_iter)
    if left:
        check.note(f"{left} expected rows are missing after row {check.rows}")
    return check


def stream_csv(chunks: Iterable[bytes], facts: CsvFacts) -> tuple[list, Iterator[list[str]]]:
    """The header and a lazy iterator over the rows of a CSV export arriving in ``chunks``."""
    return _header_and_rows(csv_rows(chunks, facts))


def spooled_xlsx(chunks: Iterable[bytes]) -> IO[bytes]:
    """An XLSX export written to a temporary file as it arrives (a ZIP is read from its end), rewound."""
    spool = tempfile.TemporaryFile()
    for chunk in chunks:
        spool.write(chunk)
    spool.seek(0)
    return spool
