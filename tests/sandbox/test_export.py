"""The leads export (contract: "Leads export"), read back the way a spreadsheet program reads it.

CSV goes through the csv module, XLSX through openpyxl's load_workbook, JSON through json; no check looks
for substrings in the raw bytes except the byte-level rules (BOM, line ends).
"""
from __future__ import annotations

import codecs
import csv
import io
from contextlib import closing
from datetime import datetime, timezone

import pytest
from conftest import EVENTS, NORTHWIND, ONESKY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from sandbox import exporter
from sandbox.faults import CATALOGUE
from sandbox.htmltext import plain_text
from sandbox.settings import Settings

FIXED = ["tracking_id", "scanned_at", "first_name", "last_name", "email", "company", "title", "phone",
         "badge_id", "exhibitor_notes", "hidden", "enabled"]
COMPANY, NOTES, HIDDEN, ENABLED = (FIXED.index(c) for c in ("company", "exhibitor_notes", "hidden", "enabled"))
TRIGGERS = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]
MADE_UP = "Xq3nT0pLm9z"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMS = ("csv", "xlsx", "json")


# --- helpers -------------------------------------------------------------------------------------------

def new_exhibit(api, who: str = "osiris", account: str = ONESKY) -> str:
    r = api.post(who, "/v3/crud/event_exhibit", json={"event_id": EVENTS[account], "name": "Export booth"})
    assert r.status_code == 201, r.text
    return r.json()["exhibit_id"]


def add_lead(api, exhibit_id: str, who: str = "osiris", **fields) -> str:
    body = {"first_name": "Ada", "last_name": "Lovelace", **fields}
    r = api.post(who, f"/v3/crud/event_exhibit/{exhibit_id}/tracking", json=body)
    assert r.status_code == 201, r.text
    return r.json()["tracking_id"]


def export(api, exhibit_id: str, who: str = "osiris", **params):
    return api.get(who, f"/v3/action/event_exhibit/{exhibit_id}/tracking_export", params=params)


def parse_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def xlsx_cells(content: bytes) -> list[list]:
    """The cells (openpyxl Cell objects) of the one sheet, which must be named Leads."""
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Leads"]
    return [list(row) for row in workbook["Leads"].iter_rows()]


def table(api, exhibit_id: str, form: str, who: str = "osiris") -> list[list]:
    """The export in ``form`` (csv, xlsx or json) as rows of cell values, the header row first."""
    if form == "json":
        r = export(api, exhibit_id, who, return_file="false")
        assert r.status_code == 200, r.text
        return [r.json()["columns"], *r.json()["rows"]]
    r = export(api, exhibit_id, who, format=form)
    assert r.status_code == 200, r.text
    if form == "csv":
        return parse_csv(r.content)
    return [[cell.value for cell in row] for row in xlsx_cells(r.content)]


def as_text(rows: list[list]) -> list[list[str]]:
    """Cells as a CSV reader sees them: booleans as true/false, an empty XLSX cell as ''."""
    def text(value):
        return ("true" if value else "false") if isinstance(value, bool) else "" if value is None else value
    return [[text(value) for value in row] for row in rows]


def column(rows: list[list], name: str) -> list:
    index = rows[0].index(name)
    return [row[index] for row in rows[1:]]


def rename_leads(api, renames: dict[str, str]) -> None:
    """Give leads chosen tracking ids (a test shortcut: the API never lets a client pick one)."""
    with closing(api.app.state.storage.connect()) as db, db:
        for old, new in renames.items():
            db.execute("UPDATE leads SET public_id = ? WHERE public_id = ?", (new, old))


def today_utc() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%d")


# --- columns and rows ----------------------------------------------------------------------------------

@pytest.mark.parametrize("form", FORMS)
def test_columns_are_the_fixed_ones_then_questions_in_order_of_first_appearance(api, form):
    exhibit = new_exhibit(api)
    add_lead(api, exhibit, scanned_at="2026-03-10T10:02:00Z",
             responses_json=[{"question": "Budget?", "answer": "10k"}, {"question": "Interest", "answer": "AI"}])
    add_lead(api, exhibit, scanned_at="2026-03-10T10:01:00Z",  # added later, scanned first: its questions lead
             responses_json=[{"question": "Zeta", "answer": "z"}, {"question": "Budget?", "answer": "5k"}])
    add_lead(api, exhibit, scanned_at="2026-03-10T10:03:00Z")
    assert table(api, exhibit, form)[0] == FIXED + ["Zeta", "Budget?", "Interest"]


@pytest.mark.parametrize("form", FORMS)
def test_rows_are_every_lead_by_scan_time_then_tracking_id_in_code_point_order(api, form):
    exhibit = new_exhibit(api)
    same_time = "2026-03-10T11:00:00Z"
    late = add_lead(api, exhibit, scanned_at="2026-03-10T12:00:00Z", enabled=False)
    ties = [add_lead(api, exhibit, scanned_at=same_time) for _ in range(3)]
    early = add_lead(api, exhibit, scanned_at="2026-03-10T12:00:00+02:00", hidden=True)  # 10:00Z
    rename_leads(api, dict(zip(ties, ["aaaaaaaaaaa", "Zzzzzzzzzzz", "Aaaaaaaaaaa"])))
    rows = table(api, exhibit, form)
    assert column(rows, "tracking_id") == [early, "Aaaaaaaaaaa", "Zzzzzzzzzzz", "aaaaaaaaaaa", late]
    assert column(rows, "scanned_at")[0] == "2026-03-10T10:00:00Z"


@pytest.mark.parametrize("form", FORMS)
def test_cells_missing_fields_lists_and_repeated_questions(api, form):
    exhibit = new_exhibit(api)
    lead = add_lead(api, exhibit, email="ada@example.com", responses_json=[
        {"question": "Products", "answer": ["Cloud", "Edge", "AI"]},
        {"question": "Follow up", "answer": "yes"},
        {"question": "Follow up", "answer": "no"},
        {"question": "Nothing chosen", "answer": []}])
    add_lead(api, exhibit, first_name="Bo", scanned_at="2099-01-01T00:00:00Z",
             responses_json=[{"question": "Only Bo", "answer": "b"}])
    header, first, second = as_text(table(api, exhibit, form))
    assert dict(zip(header, first)) == {
        "tracking_id": lead, "scanned_at": first[1], "first_name": "Ada", "last_name": "Lovelace",
        "email": "ada@example.com", "company": "", "title": "", "phone": "", "badge_id": "",
        "exhibitor_notes": "", "hidden": "false", "enabled": "true",
        "Products": "Cloud; Edge; AI", "Follow up": "yes", "Nothing chosen": "", "Only Bo": ""}
    assert dict(zip(header, second))["Products"] == ""


@pytest.mark.parametrize("form", FORMS)
def test_booleans_per_form(api, form):
    exhibit = new_exhibit(api)
    add_lead(api, exhibit, hidden=True, enabled=False)
    if form == "xlsx":
        cells = xlsx_cells(export(api, exhibit, format="xlsx").content)[1]
        assert [(c.data_type, c.value) for c in (cells[HIDDEN], cells[ENABLED])] == [("b", True), ("b", False)]
    else:
        row = table(api, exhibit, form)[1]
        assert row[HIDDEN:ENABLED + 1] == (["true", "false"] if form == "csv" else [True, False])


# --- notes as plain text -------------------------------------------------------------------------------

CONTRACT_EXAMPLE = ("<p>Hot&nbsp;lead</p><p>Call <b>Mon</b>day</p>", "Hot lead Call Monday")

NOTES_CASES = [
    CONTRACT_EXAMPLE,
    ("<B>Bold</B> and <I>it</I>alic", "Bold and italic"),
    ("a<span class='x'>b</span>c", "abc"),
    ("one<br>two<BR/>three<br />four", "one two three four"),
    ("<ul><li>a</li><LI>b</LI></ul>", "a b"),
    ("<table><tr><th>h</th></tr><tr><td>1</td><td>2</td></tr></table>", "h 1 2"),
    ("<h1>T</h1><H6>S</H6><blockquote>Q</blockquote><ol><li>x</li></ol><Div>d</dIv>", "T S Q x d"),
    ("a<!-- secret <b>comment</b> -->b", "ab"),
    ("a<script>alert('<b>x</b>')</script>b", "ab"),
    ("a<SCRIPT type='text/javascript'>evil()</SCRIPT>b", "ab"),
    ("<style>p { color: red }</style>Text", "Text"),
    ("x<script>never closed", "x"),
    ("<img src=x onerror=alert(1)>ok", "ok"),
    ("&lt;b&gt;not a tag&lt;/b&gt;", "<b>not a tag</b>"),
    ("&amp;lt;", "&lt;"),
    ("Tom &amp; Jerry&#39;s &#x41;&#66;", "Tom & Jerry's AB"),
    ("&am<b></b>p;", "&"),  # tags go first, then entities: what is left is &amp;
    ("&nbsp;&nbsp;x&nbsp;", "x"),
    ("  lots \n\t of \r\n  space  ", "lots of space"),
    ("1 < 2 > 0", "1 < 2 > 0"),
    ("<p></p><br>", ""),
    ("", ""),
]


@pytest.mark.parametrize("html, text", NOTES_CASES)
def test_notes_html_becomes_plain_text(html, text):
    assert plain_text(html) == text


@pytest.mark.parametrize("form", FORMS)
def test_notes_are_plain_text_in_every_form(api, form):
    exhibit = new_exhibit(api)
    add_lead(api, exhibit, exhibitor_notes=CONTRACT_EXAMPLE[0])
    assert table(api, exhibit, form)[1][NOTES] == CONTRACT_EXAMPLE[1]


@given(st.text())
def test_plain_text_is_one_trimmed_line(html):
    text = plain_text(html)
    assert text == " ".join(text.split())


@given(st.text().filter(lambda s: "<" not in s and "&" not in s))
def test_text_without_markup_only_has_its_whitespace_collapsed(text):
    assert plain_text(text) == " ".join(text.split())


# --- formula guard -------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", TRIGGERS)
@pytest.mark.parametrize("form", FORMS)
def test_formula_guard_on_text_cells(api, form, value):
    exhibit = new_exhibit(api)
    add_lead(api, exhibit, company=value)
    cell = table(api, exhibit, form)[1][COMPANY]
    if form == "json":
        assert cell == value
    elif form == "csv":
        assert cell == "'" + value
    else:  # XML turns a CR into a LF, but the guard is there and the cell is text
        assert cell == "'" + value.replace("\r", "\n")


@pytest.mark.parametrize("value", ["plain", "'quoted", "a=b", " =spaced", "<b>=x</b>", "#REF!"])
def test_cells_not_starting_with_a_trigger_are_left_alone(api, value):
    exhibit = new_exhibit(api)
    add_lead(api, exhibit, company=value)
    assert table(api, exhibit, "csv")[1][COMPANY] == value


@pytest.mark.parametrize("form", FORMS)
def test_formula_guard_on_headers_and_stripped_notes(api, form):
    exhibit = new_exhibit(api)
    add_lead(api, exhibit, exhibitor_notes='<b>=HYPERLINK("x")</b>', responses_json=[
        {"question": "=SUM(A1)", "answer": "@cmd"}])
    add_lead(api, exhibit, exhibitor_notes="=<i>1+1</i>", scanned_at="2099-01-01T00:00:00Z")
    rows = table(api, exhibit, form)
    guard = "" if form == "json" else "'"
    assert rows[0][-1] == guard + "=SUM(A1)"
    assert [row[NOTES] for row in rows[1:]] == [guard + '=HYPERLINK("x")', guard + "=1+1"]
    assert rows[1][-1] == guard + "@cmd"


def test_no_xlsx_cell_is_a_formula(api):
    exhibit = new_exhibit(api)
    add_lead(api, exhibit, first_name="=1+1", company="=cmd|' /C calc'!A0", exhibitor_notes="<p>=2+2</p>",
             responses_json=[{"question": "=SUM(A1)", "answer": ["=1", "b"]}])
    cells = [cell for row in xlsx_cells(export(api, exhibit, format="xlsx").content) for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert {c.data_type for c in cells} <= {"s", "b", "n"}


def test_characters_xml_cannot_hold_are_dropped_from_the_xlsx_before_the_guard(api):
    exhibit = new_exhibit(api)
    add_lead(api, exhibit, first_name="A\x01da", company="\x0b=cmd", title="x\x1f\ufffey",
             responses_json=[{"question": "Q\x02", "answer": "\x00a"}])
    r = export(api, exhibit, format="xlsx")
    assert r.status_code == 200, r.text
    header, row = [[cell.value for cell in cells] for cells in xlsx_cells(r.content)]
    assert (header[-1], row[2], row[COMPANY], row[6], row[-1]) == ("Q", "Ada", "'=cmd", "xy", "a")
    assert table(api, exhibit, "csv")[1][2] == "A\x01da"  # CSV can hold them: kept


# --- the forms -----------------------------------------------------------------------------------------

def seed_varied(api) -> str:
    exhibit = new_exhibit(api)
    add_lead(api, exhibit, first_name="Zoë", last_name="O'Brien, Jr.", email="zoe@example.com",
             company='ACME "Rockets"', title="CTO\nand founder", phone="020 7946 0000 ext 1",
             badge_id="B-1", scanned_at="2026-03-10T09:00:00Z",
             exhibitor_notes="<div>Wants <b>demo</b></div><ul><li>Q2</li><li>€ 5k</li></ul>",
             responses_json=[{"question": "Products", "answer": ["Cloud", "日本"]},
                             {"question": "Size", "answer": "50-200"}])
    add_lead(api, exhibit, first_name="Ben", hidden=True, scanned_at="2026-03-10T08:00:00Z",
             responses_json=[{"question": "Size", "answer": "1-10"}])
    add_lead(api, exhibit, first_name="Cy", enabled=False, scanned_at="2026-03-10T10:00:00Z")
    return exhibit


def test_the_three_forms_agree(api):
    exhibit = seed_varied(api)
    csv_rows, xlsx_rows, json_rows = (as_text(table(api, exhibit, form)) for form in FORMS)
    assert csv_rows == xlsx_rows == json_rows
    assert len(csv_rows) == 4 and csv_rows[0] == FIXED + ["Size", "Products"]


def test_json_form_shape(api):
    exhibit = seed_varied(api)
    r = export(api, exhibit, return_file="false")
    body = r.json()
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert set(body) == {"exhibit_id", "columns", "rows", "count"}
    assert body["exhibit_id"] == exhibit and body["count"] == len(body["rows"]) == 3
    assert all(len(row) == len(body["columns"]) for row in body["rows"])


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_file_headers(api, form):
    exhibit = new_exhibit(api)
    days = {today_utc()}
    r = export(api, exhibit, format=form)
    days.add(today_utc())
    assert r.status_code == 200
    assert r.headers["content-type"] == {"csv": "text/csv; charset=utf-8", "xlsx": XLSX}[form]
    assert r.headers["content-disposition"] in {f'attachment; filename="leads_{exhibit}_{day}.{form}"'
                                                for day in days}
    assert r.headers["cache-control"] == "no-store"


def test_csv_is_the_default_with_a_bom_and_crlf_line_ends(api):
    exhibit = new_exhibit(api)
    add_lead(api, exhibit)
    add_lead(api, exhibit)
    r = export(api, exhibit)
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.content.startswith(codecs.BOM_UTF8)
    assert r.content.count(b"\r\n") == r.content.count(b"\n") == 3 == len(parse_csv(r.content))


VALUES = ["a,b", 'say "hi"', "line\nbreak", "crlf\r\nbreak", "lone\rcr", " padded ", '",\n"', "ünï 日本 🎉"]


def test_csv_quoting_round_trip(api):
    exhibit = new_exhibit(api)
    for minute, value in enumerate(VALUES):
        add_lead(api, exhibit, company=value, scanned_at=f"2026-03-10T10:{minute:02d}:00Z",
                 responses_json=[{"question": value, "answer": [value, value]}])
    rows = parse_csv(export(api, exhibit).content)
    assert rows[0][len(FIXED):] == VALUES
    assert [row[COMPANY] for row in rows[1:]] == VALUES
    assert all(dict(zip(rows[0], row))[row[COMPANY]] == f"{row[COMPANY]}; {row[COMPANY]}" for row in rows[1:])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=30))
def test_any_text_survives_the_csv(api, value):
    exhibit = new_exhibit(api)
    add_lead(api, exhibit, company=value)
    expected = "'" + value if value[:1] in set("=+-@\t\r") else value
    assert parse_csv(export(api, exhibit).content)[1][COMPANY] == expected


@pytest.mark.parametrize("form", FORMS)
def test_an_exhibit_without_leads_exports_the_header(api, form):
    exhibit = new_exhibit(api)
    assert table(api, exhibit, form) == [FIXED]
    if form == "json":
        assert export(api, exhibit, return_file="false").json()["count"] == 0


def test_csv_is_streamed_in_chunks_through_its_own_connection(api):
    exhibit = new_exhibit(api)
    storage = api.app.state.storage
    with closing(storage.connect()) as db, db:
        pk = db.execute("SELECT pk FROM exhibits WHERE public_id = ?", (exhibit,)).fetchone()[0]
        db.executemany("INSERT INTO leads (public_id, exhibit_pk, first_name, last_name, scanned_at, hidden,"
                       " enabled) VALUES (?, ?, 'A', 'B', '2026-03-10T10:00:00Z', 0, 1)",
                       [(f"L{n:010d}", pk) for n in range(1200)])
    chunks = list(exporter.csv_chunks(storage.connect, pk, Settings()))
    assert len(chunks) > 2
    assert len(parse_csv(b"".join(chunks))) == 1201
    assert len(parse_csv(export(api, exhibit).content)) == 1201


# --- who may export, and which exhibit -----------------------------------------------------------------

@pytest.mark.parametrize("who, status", [("osiris", 200), ("cleo", 200), ("scott", 403)])
def test_managers_and_staff_with_leads_access_may_export(api, who, status):
    exhibit = new_exhibit(api)
    for params in ({}, {"format": "xlsx"}, {"return_file": "false"}):
        r = export(api, exhibit, who, **params)
        assert r.status_code == status
    if status == 403:
        assert r.json()["code"] == "permission_denied"


def test_a_manager_exports_in_their_own_account(api):
    assert table(api, new_exhibit(api, "nadia", NORTHWIND), "csv", who="nadia") == [FIXED]


@pytest.mark.parametrize("who, params, status", [
    ("scott", {"format": "pdf"}, 403),  # permission before validation
    ("osiris", {"format": "pdf"}, 422),  # validation before existence
    ("osiris", {}, 404),
])
def test_check_order_on_a_made_up_exhibit(api, who, params, status):
    assert export(api, MADE_UP, who, **params).status_code == status


@pytest.mark.parametrize("params", [{}, {"format": "xlsx"}, {"return_file": "false"}])
def test_another_accounts_exhibit_is_answered_like_a_made_up_one(api, params):
    theirs = new_exhibit(api, "nadia", NORTHWIND)
    add_lead(api, theirs, "nadia")
    r, made_up = export(api, theirs, **params), export(api, MADE_UP, **params)
    assert r.status_code == made_up.status_code == 404
    assert r.headers["content-type"] == "application/json"
    assert r.json() == made_up.json() == {"code": "not_found", "detail": made_up.json()["detail"]}


@pytest.mark.parametrize("query", [
    "format=pdf", "format=CSV", "format=", "format=json", "return_file=yes", "return_file=1",
    "return_file=True", "return_file=", "format=csv&format=xlsx", "return_file=true&return_file=false"])
def test_invalid_query_values_are_refused(api, query):
    exhibit = new_exhibit(api)
    r = api.get("osiris", f"/v3/action/event_exhibit/{exhibit}/tracking_export?{query}")
    assert r.status_code == 422
    assert r.json()["code"] == "validation_error"
    assert [e["field"] for e in r.json()["errors"]] == [query.split("=")[0]]


# --- every export fault breaks the rule it is about ----------------------------------------------------

def csv_rows(api, exhibit: str, who: str = "osiris") -> list[list[str]]:
    return table(api, exhibit, "csv", who)


def staff_without_leads_access_is_refused(api):
    r = export(api, new_exhibit(api), "scott")
    return r.status_code == 403 and r.json()["code"] == "permission_denied"


def manager_without_the_flag_may_export(api):
    return export(api, new_exhibit(api), "osiris").status_code == 200


def other_accounts_exhibit_is_not_found(api):
    theirs = new_exhibit(api, "nadia", NORTHWIND)
    r, made_up = export(api, theirs), export(api, MADE_UP)
    return r.status_code == 404 and r.json() == made_up.json()


def hidden_and_disabled_leads_are_exported(api):
    exhibit = new_exhibit(api)
    for flags in ({}, {"hidden": True}, {"enabled": False}):
        add_lead(api, exhibit, **flags)
    return len(csv_rows(api, exhibit)) == 4


def rows_follow_scan_time(api):
    exhibit = new_exhibit(api)
    later = add_lead(api, exhibit, scanned_at="2026-03-10T11:00:00Z")
    earlier = add_lead(api, exhibit, scanned_at="2026-03-10T10:00:00Z")
    return column(csv_rows(api, exhibit), "tracking_id") == [earlier, later]


def ties_follow_tracking_ids_by_code_point(api):
    exhibit = new_exhibit(api)
    ties = [add_lead(api, exhibit, scanned_at="2026-03-10T10:00:00Z") for _ in range(2)]
    rename_leads(api, dict(zip(ties, ["aaaaaaaaaaa", "Zzzzzzzzzzz"])))
    return column(csv_rows(api, exhibit), "tracking_id") == ["Zzzzzzzzzzz", "aaaaaaaaaaa"]


def questions_follow_first_appearance(api):
    exhibit = new_exhibit(api)
    add_lead(api, exhibit, responses_json=[{"question": "Zeta", "answer": "z"}, {"question": "Alpha", "answer": "a"}])
    return csv_rows(api, exhibit)[0][len(FIXED):] == ["Zeta", "Alpha"]


def one_cell(api, **fields) -> str:
    """The last cell of the one lead's CSV row (its one answer, or a fixed column)."""
    exhibit = new_exhibit(api)
    add_lead(api, exhibit, **fields)
    return csv_rows(api, exhibit)[1][-1]


def list_answers_joined_with_semicolons(api):
    return one_cell(api, responses_json=[{"question": "Q", "answer": ["a", "b"]}]) == "a; b"


def first_answer_counts(api):
    return one_cell(api, responses_json=[{"question": "Q", "answer": "first"},
                                         {"question": "Q", "answer": "second"}]) == "first"


def notes_cell(api, html: str, form: str = "csv") -> str:
    exhibit = new_exhibit(api)
    add_lead(api, exhibit, exhibitor_notes=html)
    return table(api, exhibit, form)[1][NOTES]


def notes_lose_their_tags(api):
    return notes_cell(api, "<p>Hot</p>") == "Hot"


def script_text_is_dropped(api):
    return notes_cell(api, "a<script>evil()</script>b") == "ab"


def entities_are_decoded(api):
    return notes_cell(api, "Tom &amp; Jerry") == "Tom & Jerry"


def formulas_are_guarded(api):
    exhibit = new_exhibit(api)
    add_lead(api, exhibit, company="=1+1")
    return csv_rows(api, exhibit)[1][COMPANY] == "'=1+1"


def guard_looks_at_stripped_notes(api):
    return notes_cell(api, '<b>=HYPERLINK("x")</b>') == '\'=HYPERLINK("x")'


def json_carries_raw_values(api):
    exhibit = new_exhibit(api)
    add_lead(api, exhibit, company="=1+1")
    return table(api, exhibit, "json")[1][COMPANY] == "=1+1"


def csv_has_a_bom(api):
    return export(api, new_exhibit(api)).content.startswith(codecs.BOM_UTF8)


def csv_has_crlf_line_ends(api):
    exhibit = new_exhibit(api)
    add_lead(api, exhibit)
    content = export(api, exhibit).content
    return content.count(b"\r\n") == content.count(b"\n") == 2


def empty_csv_has_the_header(api):
    return csv_rows(api, new_exhibit(api)) == [FIXED]


def xlsx_booleans_are_boolean_cells(api):
    exhibit = new_exhibit(api)
    add_lead(api, exhibit, hidden=True)
    cell = xlsx_cells(export(api, exhibit, format="xlsx").content)[1][HIDDEN]
    return (cell.data_type, cell.value) == ("b", True)


def filename_names_the_exhibit(api):
    exhibit = new_exhibit(api)
    disposition = export(api, exhibit).headers["content-disposition"]
    return disposition == f'attachment; filename="leads_{exhibit}_{today_utc()}.csv"'


def files_are_not_cacheable(api):
    exhibit = new_exhibit(api)
    return all(export(api, exhibit, format=form).headers.get("cache-control") == "no-store"
               for form in ("csv", "xlsx"))


def unknown_format_is_refused(api):
    return export(api, new_exhibit(api), format="pdf").status_code == 422


def columns_come_in_the_contracts_order(api):
    exhibit = new_exhibit(api)
    add_lead(api, exhibit, email="ada@example.org", company="Analytical")
    header, row = csv_rows(api, exhibit)
    return header[4:6] == ["email", "company"] and row[4:6] == ["ada@example.org", "Analytical"]


def a_missing_field_is_an_empty_cell(api):
    exhibit = new_exhibit(api)
    add_lead(api, exhibit)
    return column(csv_rows(api, exhibit), "phone") == [""]


RULES = {
    "export_columns_company_before_email": columns_come_in_the_contracts_order,
    "export_missing_as_none": a_missing_field_is_an_empty_cell,
    "export_ignores_leads_flag": staff_without_leads_access_is_refused,
    "export_requires_flag_for_managers": manager_without_the_flag_may_export,
    "export_cross_account": other_accounts_exhibit_is_not_found,
    "export_skips_hidden": hidden_and_disabled_leads_are_exported,
    "export_unordered": rows_follow_scan_time,
    "export_ids_ordered_ignoring_case": ties_follow_tracking_ids_by_code_point,
    "export_questions_sorted": questions_follow_first_appearance,
    "export_answers_comma_joined": list_answers_joined_with_semicolons,
    "export_last_answer_wins": first_answer_counts,
    "export_notes_html_kept": notes_lose_their_tags,
    "export_script_text_kept": script_text_is_dropped,
    "export_entities_kept": entities_are_decoded,
    "formula_guard_missing": formulas_are_guarded,
    "formula_guard_before_strip": guard_looks_at_stripped_notes,
    "json_export_guarded": json_carries_raw_values,
    "csv_no_bom": csv_has_a_bom,
    "csv_lf_line_ends": csv_has_crlf_line_ends,
    "csv_no_header_when_empty": empty_csv_has_the_header,
    "xlsx_bools_as_text": xlsx_booleans_are_boolean_cells,
    "export_filename_wrong": filename_names_the_exhibit,
    "export_cacheable": files_are_not_cacheable,
    "export_bad_format_defaults": unknown_format_is_refused,
}


def test_every_export_fault_has_a_rule():
    export_faults = {name for name, (area, _) in CATALOGUE.items()
                     if area == "export" or ("export" in name and area != "concurrency")}
    # The leads list and the exhibits list live in routers that test_faults.py proves; the races,
    # test_concurrency.py.
    proven_elsewhere = {"visible_list_shows_hidden", "exhibit_list_reversed", "exhibit_list_extra_query_ignored",
                        "visible_leads_in_entry_order", "notes_html_stripped", "lead_disabled_by_default",
                        "method_not_allowed_without_allow", "exhibit_name_unbounded", "booth_defaults_to_empty",
                        "exhibit_time_with_offset", "lead_notes_limited_like_text", "scan_time_without_offset_as_utc",
                        "answer_question_may_be_empty"}
    assert export_faults - proven_elsewhere == set(RULES)


@pytest.mark.parametrize("fault", RULES)
def test_the_rule_holds_without_the_fault(make_api, fault):
    assert RULES[fault](make_api())


@pytest.mark.parametrize("fault", RULES)
def test_the_fault_breaks_the_rule(make_api, fault):
    assert not RULES[fault](make_api(faults=frozenset({fault})))
