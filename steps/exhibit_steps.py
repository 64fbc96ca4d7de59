"""Steps about exhibits at an event and the leads collected there.

Calls: context.api (aether_suite/api.py). Arranging steps act as the account's manager.
"""
import json

from behave import given

from aether_suite.personas import account

# Table columns that are not text in the API: cells are converted, an empty cell leaves the field out.
_BOOLEAN_COLUMNS = {"hidden", "enabled"}
_JSON_COLUMNS = {"responses_json"}


@given('{account_name} has an exhibit "{name}" at its conference')
def exhibit_at_conference(context, account_name, name):
    """The account has an exhibit of that name at its demo conference (its manager set it up).

    Example: Given One Sky IT Demo has an exhibit "Booth 12" at its conference
    """
    context.api.arrange_exhibit(account(account_name), name)


@given("the exhibit has these leads:")
def exhibit_has_leads(context):
    """The latest exhibit holds these leads; one row per lead, first_name and last_name required.

    Optional columns: email, company, title, phone, badge_id, scanned_at (ISO 8601 with offset),
    exhibitor_notes, hidden and enabled (true/false), responses_json (JSON). Empty cells are left out.
    Example: Given the exhibit has these leads:
    """
    leads = [_lead_fields(row) for row in context.table]
    context.api.arrange_leads(context.api.exhibit(), leads)


def _lead_fields(row):
    fields = {}
    for column, cell in zip(row.headings, row.cells):
        if cell == "":
            continue
        if column in _BOOLEAN_COLUMNS:
            if cell.lower() not in ("true", "false"):
                raise ValueError(f"the {column} column holds true or false, not {cell!r}")
            fields[column] = cell.lower() == "true"
        elif column in _JSON_COLUMNS:
            fields[column] = json.loads(cell)
        else:
            fields[column] = cell
    return fields
