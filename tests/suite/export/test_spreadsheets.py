"""The export readers (aether_suite/export/spreadsheets.py, lead_tables.py, busy_show.py): they must see what a
spreadsheet sees, and flag what RFC 4180 or the contract does not allow, whole or streamed in any chunks."""
from __future__ import annotations

import io
import json

import pytest
from openpyxl import Workbook

from aether_suite.export import busy_show, lead_tables, spreadsheets
from aether_suite.export.spreadsheets import BASE_COLUMNS, CsvFacts, UnreadableExport

GOOD = ('\ufefftracking_id,first_name,company,hidden\r\n'
        'AbCdEfGhIjK,Zoë,"Smith, Jones & ""Partners""",true\r\n'
        'BbCdEfGhIjK,Grace,"Line one\r\nline two",false\r\n').encode()


def chunked(data: bytes, size: int) -> list[bytes]:
    return [data[i:i + size] for i in range(0, len(data), size)]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 1000])
def test_csv_streamed_in_any_chunks_reads_the_same(size):
    facts = CsvFacts()
    header, rows = spreadsheets.stream_csv(chunked(GOOD, size), facts)
    assert header == ["tracking_id", "first_name", "company", "hidden"]
    assert list(rows) == [["AbCdEfGhIjK", "Zoë", 'Smith, Jones & "Partners"', "true"],
                          ["BbCdEfGhIjK", "Grace", "Line one\r\nline two", "false"]]
    assert facts.byte_order_mark and facts.crlf_only and not facts.quoting_problems
    assert facts.line_ends == {"\r\n": 3}


def test_csv_types_booleans_in_the_table():
    sheet = spreadsheets.read("csv", GOOD)
    assert sheet.table()[1] == ["AbCdEfGhIjK", "Zoë", 'Smith, Jones & "Partners"', True]


def test_csv_without_bom_and_with_lf_is_noticed():
    sheet = spreadsheets.read("csv", b"a,b\nc,d\n")
    assert not sheet.csv.byte_order_mark
    assert not sheet.csv.crlf_only
    assert sheet.csv.describe_line_ends() == "2 with a bare LF"
    assert sheet.rows == [["c", "d"]]


def test_a_line_break_inside_quotes_is_not_a_line_end():
    sheet = spreadsheets.read("csv", b'a,"x\ny"\r\n')
    assert sheet.csv.crlf_only and sheet.columns == ["a", "x\ny"]


def test_last_record_may_lack_its_line_end():
    sheet = spreadsheets.read("csv", b"a,b\r\nc,d")
    assert sheet.csv.crlf_only and sheet.rows == [["c", "d"]]


@pytest.mark.parametrize("raw", [b'a,b"c\r\n', b'"a"b,c\r\n', b'a\rb,c\r\n', b'"never closed\r\n'])
def test_records_rfc_4180_does_not_allow_are_reported_or_refused(raw):
    facts = CsvFacts()
    try:
        list(spreadsheets.csv_rows([raw], facts))
    except UnreadableExport:
        return
    assert facts.quoting_problems or not facts.crlf_only


def test_csv_that_is_not_utf8_is_unreadable():
    with pytest.raises(UnreadableExport, match="not UTF-8"):
        spreadsheets.read("csv", "Zoë".encode("latin-1"))


def test_empty_csv_has_no_columns():
    sheet = spreadsheets.read("csv", b"")
    assert sheet.columns == [] and sheet.rows == []


def workbook_bytes(rows, title="Leads", extra_sheet=False) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    for row in rows:
        sheet.append(row)
    if extra_sheet:
        book.create_sheet("Other")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_keeps_booleans_pads_rows_and_finds_formula_cells():
    data = workbook_bytes([["tracking_id", "hidden", "note"], ["AbCdEfGhIjK", True, "=1+1"], ["x"]])
    sheet = spreadsheets.read("xlsx", data)
    assert sheet.columns == ["tracking_id", "hidden", "note"]
    assert sheet.rows == [["AbCdEfGhIjK", True, "=1+1"], ["x", "", ""]]
    assert sheet.xlsx.formula_count == 1 and sheet.xlsx.formula_cells == ["C2 (=1+1)"]
    assert sheet.xlsx.sheet_names == ["Leads"]


def test_xlsx_text_booleans_stay_text():
    sheet = spreadsheets.read("xlsx", workbook_bytes([["hidden"], ["true"]]))
    assert sheet.table()[1] == ["true"]


def test_xlsx_sheet_names_are_reported():
    sheet = spreadsheets.read("xlsx", workbook_bytes([["a"]], title="Sheet", extra_sheet=True))
    assert sheet.xlsx.sheet_names == ["Sheet", "Other"]


def test_not_a_workbook_is_unreadable():
    with pytest.raises(UnreadableExport, match="workbook"):
        spreadsheets.read("xlsx", b"PK not really")


def test_json_form_and_its_spreadsheet_view():
    sheet = spreadsheets.read("json", {"exhibit_id": "x", "columns": ["a", "hidden"], "rows": [["=1", False]],
                                       "count": 1})
    assert sheet.table() == [["a", "hidden"], ["=1", False]]
    assert [spreadsheets.spreadsheet_safe(c) for c in sheet.table()[1]] == ["'=1", False]
    with pytest.raises(UnreadableExport):
        spreadsheets.read("json", {"detail": "nope"})


def test_check_rows_reports_differences_missing_and_extra_rows():
    check = spreadsheets.RowCheck("csv")
    spreadsheets.check_rows("csv", ["a", "hidden"], iter([["1", "true"], ["2", "yes"], ["3", "false"]]),
                            ["a", "hidden"], iter([["1", True], ["2", True]]), check)
    assert check.rows == 3 and check.mismatch_count == 2
    assert check.mismatches[0] == "row 2: hidden: 'yes' instead of True"
    assert "one too many" in check.mismatches[1]


def test_lead_tables_escapes_and_answers():
    assert lead_tables.unescape(r"\tA\\nB\r\n") == "\tA\\nB\r\n"
    lead = lead_tables.lead_with_answers(["first_name", "hidden", "Budget", "Interested in", "Timeline"],
                                         ["Ada", "true", "50k", "[Cloud, Edge]", ""])
    assert lead == {"first_name": "Ada", "hidden": True, "responses_json": [
        {"question": "Budget", "answer": "50k"}, {"question": "Interested in", "answer": ["Cloud", "Edge"]}]}
    assert lead_tables.lead_fields(["responses_json", "email"], ['[{"question": "Q", "answer": "A"}]', ""]) == {
        "responses_json": [{"question": "Q", "answer": "A"}]}


def test_busy_show_rows_line_up_with_the_columns():
    rows = list(busy_show.rows(51, [f"id{n:09d}" for n in range(51)]))
    assert all(len(row) == len(busy_show.columns()) for row in rows)
    assert busy_show.columns()[:len(BASE_COLUMNS)] == list(BASE_COLUMNS)
    assert rows[50][-1] and not rows[49][-1]  # every 50th lead answers the follow-up question
    assert sorted(busy_show.entry_order(100)) == list(range(100))
    assert json.dumps(busy_show.lead(7))  # a body the API takes as JSON
