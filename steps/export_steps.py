"""Steps about the leads export: who may have it, what it holds, and the CSV, XLSX and JSON forms.

Calls: aether_suite/export/exports.py (asking for the export, comparing it with tables), which reads the files
with aether_suite/export/spreadsheets.py the way a spreadsheet program does;
aether_suite/export/busy_show.py for volume;
aether_suite/checks/expectations.py. The export a When step asked for is ``context.export`` (all three forms:
``context.exports``; the volume checks: ``context.volume_checks``).
"""
from behave import register_type, then, when
from hamcrest import assert_that, empty, equal_to, has_length, less_than_or_equal_to

from aether_suite.checks.expectations import expect_answer
from aether_suite.export import busy_show, exports
from aether_suite.run.vocabulary import PERSONA, one_of

# How a writer names each form of the export -> the form
_FORMS = {"CSV": "CSV", "a CSV file": "CSV", "XLSX": "XLSX", "an XLSX file": "XLSX", "an XLSX workbook": "XLSX",
          "an Excel file": "XLSX", "Excel": "XLSX", "a spreadsheet": "XLSX", "JSON": "JSON", "JSON data": "JSON"}
register_type(Persona=PERSONA, ExportForm=one_of(_FORMS, _FORMS.get),
              ExportOption=one_of(("format", "return file"), lambda text: text.replace(" ", "_")))


# ---------------------------------------------------------------------------- asking for the export

@when("{name:Persona} exports the leads")
@when("{name:Persona} exports the leads of the exhibit")
@when("{name:Persona} exports the exhibit's leads")
def exports_leads(context, name):
    """The persona exports the leads of the latest exhibit the scenario set up, whoever's it is, without
    choosing a form (a CSV file, by default).

    Example: When Cleo exports the leads
    """
    context.export = exports.request(context.api, name, context.api.exhibit()["exhibit_id"])


@when("{name:Persona} exports the leads of the exhibit once it has been removed")
def exports_leads_of_removed_exhibit(context, name):
    """The exhibit's manager removes the exhibit (its leads go with it), then the persona exports its leads.

    Example: When Osiris exports the leads of the exhibit once it has been removed
    """
    exhibit = context.api.exhibit()
    exports.remove_exhibit(context.api, exhibit)
    context.export = exports.request(context.api, name, exhibit["exhibit_id"])


@when("{name:Persona} exports the leads as {form:ExportForm}")
def exports_leads_as(context, name, form):
    """The persona exports the latest exhibit's leads as a CSV file, an XLSX workbook, or JSON data.

    Example: When Cleo exports the leads as XLSX
    """
    context.export = exports.request(context.api, name, context.api.exhibit()["exhibit_id"], form)


@when("{name:Persona} exports the leads in all three forms")
def exports_leads_in_all_forms(context, name):
    """The persona exports the latest exhibit's leads as CSV, as XLSX and as JSON.

    Example: When Cleo exports the leads in all three forms
    """
    exhibit_id = context.api.exhibit()["exhibit_id"]
    context.exports = {form: exports.request(context.api, name, exhibit_id, form) for form in ("CSV", "XLSX", "JSON")}


@when('{name:Persona} asks for the export with {option:ExportOption} "{value}"')
def asks_for_export_with(context, name, option, value):
    """The persona asks for the latest exhibit's export with that value for the format (csv or xlsx) or
    for return file (true or false).

    Example: When Cleo asks for the export with format "pdf"
    """
    context.export = exports.request(context.api, name, context.api.exhibit()["exhibit_id"], **{option: value})


@when("{name:Persona} exports the leads as CSV and as XLSX, checking each file row by row as it arrives")
def exports_and_checks_volume(context, name):
    """The persona downloads both files of the latest exhibit's generated leads; each row is compared with
    the lead it must show while the file is read (never held whole), and the time to download is kept.

    Example: When Cleo exports the leads as CSV and as XLSX, checking each file row by row as it arrives
    """
    show = context.busy_show
    context.volume_checks = [
        exports.stream_and_check(context.api, name, context.api.exhibit()["exhibit_id"], form, busy_show.columns(),
                                 lambda: busy_show.rows(show["count"], show["tracking_ids"]))
        for form in ("CSV", "XLSX")]


# ---------------------------------------------------------------------------- who gets it

@then("{name:Persona} receives the leads of the exhibit")
@then("{name:Persona} receives the leads")
@then("{name:Persona} receives the exhibit's leads")
def receives_leads(context, name):
    """The persona received the export, and it holds the exhibit's leads, in scan order.

    Example: Then Cleo receives the leads of the exhibit
    """
    leads = exports.arranged_leads(context.api, context.export.exhibit_id)
    exports.expect_leads(context.export, [["first_name", "last_name"],
                                          *([lead["first_name"], lead["last_name"]] for lead in leads)])


@then("{name:Persona} is answered as if the exhibit did not exist")
@then("{name:Persona} is refused as if the exhibit did not exist")
def answered_as_if_no_exhibit(context, name):
    """The answer is exactly the one an exhibit id nobody has gets (not found): same status, same body.

    Example: Then Nadia is answered as if the exhibit did not exist
    """
    exports.expect_as_for_made_up_exhibit(context.export)


@then("{name:Persona} is told the export request is invalid")
@then("{name:Persona} is refused because the export request is invalid")
def told_export_request_invalid(context, name):
    """The export was refused because the form or the file option asked for is not one the API offers.

    Example: Then Cleo is told the export request is invalid
    """
    expect_answer(context.api, 422, "validation_error", to="to be told the export request is invalid")


# ---------------------------------------------------------------------------- what it holds

@then("the export contains these leads:")
def export_contains(context):
    """The export holds exactly these leads, in this order (leads scanned in the same second in any order:
    the contract orders them by tracking id); only the columns the table names are compared
    (hidden and enabled as true/false; \\t, \\r and \\n in a cell are a tab, a carriage return, a line feed).

    Example: Then the export contains these leads:
    """
    exports.expect_leads(context.export, exports.table_rows(context.table))


@then("the export holds no leads")
def export_holds_none(context):
    """The export has its column headings and not a single lead.

    Example: Then the export holds no leads
    """
    assert_that(context.export.sheet.rows, empty(), f"expected {context.export.label} to hold no leads")


@then("the export has these columns:")
def export_has_columns(context):
    """The export's column headings are exactly these, in this order (a one-column table, headed "column").

    Example: Then the export has these columns:
    """
    exports.expect_columns(context.export, [row.cells[0] for row in context.table])


@then("the export's question columns are:")
def export_question_columns(context):
    """After the lead's own columns, the export has exactly these question columns, in this order.

    Example: Then the export's question columns are:
    """
    exports.expect_columns(context.export, [row.cells[0] for row in context.table], after_base=True)


@then("the export lists the leads by scan time, then by tracking id")
def export_in_scan_order(context):
    """Every row comes after the row scanned before it; leads scanned in the same second are in the order
    of their tracking ids (compared character by character, capitals first).

    Example: Then the export lists the leads by scan time, then by tracking id
    """
    leads = exports.arranged_leads(context.api, context.export.exhibit_id)
    assert_that(context.export.sheet.rows, has_length(len(leads)), "expected one row per lead")
    assert_that(exports.order_problems(context.export), empty(),
                f"expected {context.export.label} to list the leads by scan time, then by tracking id")


@then('the lead\'s notes read "{text}"')
def notes_read(context, text):
    """The one lead's notes are shown as this plain text (\\t, \\r, \\n: a tab, a carriage return, a line feed).

    Example: Then the lead's notes read "Hot lead Call Monday"
    """
    exports.expect_field_shown(context.export, "notes", text)


@then('the export shows the lead\'s {field} as "{text}"')
def export_shows_field(context, field, text):
    """The one lead's field (as in "a lead whose ... is") is shown as this text; a question is its column's
    heading, an answer the cell under "Budget".

    Example: Then the export shows the lead's company as "'-2+3 Consulting"
    """
    exports.expect_field_shown(context.export, field, text)


@then("no cell of the export is a formula")
def no_formula(context):
    """No cell, heading or value, would run as a formula in a spreadsheet: a workbook holds no formula
    cell, and no text starts with = + - @ a tab or a carriage return.

    Example: Then no cell of the export is a formula
    """
    assert_that(exports.formula_cells(context.export), empty(),
                f"expected no cell of {context.export.label} to be a formula")


@then("the three forms hold the same table")
def three_forms_agree(context):
    """The CSV rows, the XLSX rows and the JSON rows are the same table: the same headings, the same cells
    (booleans as each form says), the JSON's raw text shown as the files must show it.

    Example: Then the three forms hold the same table
    """
    exports.expect_same_table(context.exports)


# ---------------------------------------------------------------------------- the forms

@then("the CSV file is UTF-8 that begins with a byte-order mark")
def csv_has_bom(context):
    """The CSV file decodes as UTF-8 and starts with the byte-order mark that tells Excel so.

    Example: Then the CSV file is UTF-8 that begins with a byte-order mark
    """
    assert context.export.sheet.csv.byte_order_mark, (
        f"expected {context.export.label} to begin with a UTF-8 byte-order mark; it does not")


@then("every line of the CSV file ends with a carriage return and a line feed")
def csv_crlf(context):
    """Each record of the CSV file ends with CR LF, as RFC 4180 says (line breaks inside quoted values aside).

    Example: Then every line of the CSV file ends with a carriage return and a line feed
    """
    facts = context.export.sheet.csv
    assert facts.crlf_only, f"expected every record to end with CR LF; the records end: {facts.describe_line_ends()}"


@then("the CSV file quotes its values as RFC 4180 says")
def csv_quoting(context):
    """Every record is RFC 4180: a value holding a comma, a quote or a line break is quoted, quotes doubled.

    Example: Then the CSV file quotes its values as RFC 4180 says
    """
    assert_that(context.export.sheet.csv.quoting_problems, empty(), f"expected {context.export.label} to be RFC 4180")


@then('the file is offered for download as "{template}"')
def offered_as(context, template):
    """The export comes as an attachment of this name; {exhibit_id} is the exhibit's id and {YYYYMMDD} the
    day of the export, in UTC.

    Example: Then the file is offered for download as "leads_{exhibit_id}_{YYYYMMDD}.csv"
    """
    exports.expect_filename(context.export, template)


@then("the export is marked never to be stored")
def marked_never_stored(context):
    """Browsers and proxies are told not to keep a copy of the export (it holds personal data).

    Example: Then the export is marked never to be stored
    """
    exports.expect_never_stored(context.export)


@then('the workbook holds a single sheet named "{name}"')
def single_sheet(context, name):
    """The XLSX workbook has exactly one worksheet, of that name.

    Example: Then the workbook holds a single sheet named "Leads"
    """
    assert_that(context.export.sheet.xlsx.sheet_names, equal_to([name]), "expected the workbook's sheets")


@then("the hidden and enabled columns hold true/false cells, not text")
def boolean_cells(context):
    """In the workbook (or the JSON), every hidden and enabled cell is a true/false value, not the word.

    Example: Then the hidden and enabled columns hold true/false cells, not text
    """
    assert_that(exports.boolean_cell_problems(context.export), empty(),
                f"expected {context.export.label} to hold true/false cells for hidden and enabled")


@then("the export lists its columns, its rows aligned with them, and their count")
def json_shape(context):
    """The JSON export names the exhibit, its columns, one row per lead with one cell per column, and the count.

    Example: Then the export lists its columns, its rows aligned with them, and their count
    """
    exports.expect_json_shape(context.export)


# ---------------------------------------------------------------------------- volume

@then("both files hold every lead, row by row, in scan order, exactly as entered")
def volume_rows_right(context):
    """Each file had one row per generated lead, in scan order, each cell as the contract says it must show;
    the CSV file well formed (byte-order mark, CR LF, RFC 4180), the workbook without a formula cell.

    Example: Then both files hold every lead, row by row, in scan order, exactly as entered
    """
    for check in context.volume_checks:
        assert_that(exports.volume_problems(check, context.busy_show["count"]), empty(),
                    f"expected the {check.form} file to hold the {context.busy_show['count']} leads as entered")


@then("each file arrived within {seconds:d} seconds")
def volume_time(context, seconds):
    """Each file was downloaded (and, for CSV, checked while arriving) within that many seconds of asking.

    Example: Then each file arrived within 10 seconds
    """
    for check in context.volume_checks:
        assert_that(round(check.seconds, 2), less_than_or_equal_to(seconds),
                    f"expected the {check.form} export of {check.rows} leads to arrive within {seconds} s")
