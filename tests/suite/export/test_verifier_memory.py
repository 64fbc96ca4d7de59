"""The streaming export verifier holds one row at a time: its memory does not grow with the export.

bench/export_verify.py measures it at 5,000 and 50,000 leads; this keeps the property small and quick.
"""
import inspect
import io
import tracemalloc

import pytest
from openpyxl import Workbook as WriteWorkbook
from openpyxl.worksheet import _reader as openpyxl_sheet_reader
from openpyxl.xml import functions as openpyxl_xml

from aether_suite.export import spreadsheets


def xlsx(rows: int) -> bytes:
    book = WriteWorkbook(write_only=True)
    sheet = book.create_sheet("Leads")
    sheet.append(["tracking_id", "first_name", "hidden"])
    for n in range(rows):
        sheet.append([f"T{n:010d}", f"Visitor {n}", n % 2 == 0])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def peak_while_reading(content: bytes) -> tuple[int, int]:
    """(rows read, peak bytes Python allocated while reading them one by one)."""
    tracemalloc.start()
    try:
        with spreadsheets.load_xlsx(io.BytesIO(content)) as workbook:
            count = sum(1 for _ in workbook.rows())
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_reading_ten_times_the_rows_takes_no_more_memory():
    small, large = xlsx(1_000), xlsx(10_000)
    small_rows, small_peak = peak_while_reading(small)
    large_rows, large_peak = peak_while_reading(large)
    assert (small_rows, large_rows) == (1_001, 10_001)
    # openpyxl alone keeps every emptied <row> element: ~90 bytes a row, 0.8 MiB more here.
    assert large_peak - small_peak < 100_000, f"{small_peak} bytes for 1,000 rows, {large_peak} for 10,000"


def test_only_opening_and_the_first_row_use_the_row_dropping_parser():
    with spreadsheets.load_xlsx(io.BytesIO(xlsx(3))) as workbook:
        assert openpyxl_sheet_reader.iterparse is openpyxl_xml.iterparse
        rows = workbook.rows()
        assert next(rows) == ["tracking_id", "first_name", "hidden"]
        # Mid-sheet, any other reader in the process gets openpyxl's own parser.
        assert openpyxl_sheet_reader.iterparse is openpyxl_xml.iterparse
        assert len(list(rows)) == 3
    assert openpyxl_sheet_reader.iterparse is openpyxl_xml.iterparse


def test_openpyxl_still_parses_a_sheet_through_the_name_the_suite_replaces():
    # rows_leave_the_tree replaces openpyxl.worksheet._reader.iterparse; if openpyxl stops calling it by
    # that name, the replacement would silently do nothing (and the memory test above fails too).
    parser = openpyxl_sheet_reader.WorkSheetParser
    for method in (parser.parse, parser.parse_dimensions):
        assert "iterparse(self.source)" in inspect.getsource(method), method.__name__


def test_an_openpyxl_without_that_name_fails_loudly(monkeypatch):
    monkeypatch.delattr(openpyxl_sheet_reader, "iterparse")
    with pytest.raises(RuntimeError, match=r"no longer reads sheets through openpyxl\.worksheet\._reader\.iterparse"):
        spreadsheets.load_xlsx(io.BytesIO(xlsx(1)))


def test_csv_rows_arrive_one_at_a_time():
    def chunks(rows):
        yield "\ufefftracking_id,first_name\r\n".encode()
        for n in range(rows):
            yield f"T{n:010d},Visitor {n}\r\n".encode()

    def peak(rows):
        tracemalloc.start()
        try:
            facts = spreadsheets.CsvFacts()
            columns, body = spreadsheets.stream_csv(chunks(rows), facts)
            return sum(1 for _ in body), tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    (small_rows, small_peak), (large_rows, large_peak) = peak(1_000), peak(20_000)
    assert (small_rows, large_rows) == (1_000, 20_000)
    assert large_peak - small_peak < 50_000
