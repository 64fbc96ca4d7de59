"""Steps about exhibits at an event and the leads collected there, and the exhibit's visible leads list.

Calls: context.api (aether_suite/client/api.py), aether_suite/export/lead_tables.py (leads written as tables),
aether_suite/export/busy_show.py (generated leads), aether_suite/export/exports.py (comparing with a table),
aether_suite/export/exhibit_lists.py (an event's exhibits list).
Arranging steps act as the account's manager.
"""
import json
import re

from behave import given, register_type, then, when
from hamcrest import equal_to, has_entries, none

from aether_suite.checks.answers import made_up_like
from aether_suite.checks.expectations import expect_answer, expect_body, expect_that
from aether_suite.client.personas import account
from aether_suite.contract import endpoints
from aether_suite.contract.schema import longest_allowed
from aether_suite.export import busy_show, exhibit_lists, exports, lead_tables
from aether_suite.run.vocabulary import ACCOUNT, PERSONA, one_of, shaped

# How a text's length is said: as long as the contract allows, or that many characters beyond it.
_BEYOND_THE_LONGEST = {"as long as allowed": 0, "one character too long": 1}

register_type(
    Account=ACCOUNT,
    Persona=PERSONA,
    Fit=one_of(_BEYOND_THE_LONGEST, _BEYOND_THE_LONGEST.get),
    ExhibitText=one_of(("name", "booth")),
    LeadText=one_of(lead_tables.FIELD_WORDS, lead_tables.FIELD_WORDS.get),
    Entry=one_of(("exhibit", "lead")),
    LeadCount=shaped(r"\d{1,3}(?:,\d{3})+|\d+", ("12", "5,000"), lambda text: int(text.replace(",", ""))),
    QuotedNames=shaped(r'"[^"]+"(?:(?:, | and )"[^"]+")*',
                       ('"Edge Lab"', '"Cloud Pavilion", "Edge Lab" and "Security Corner"'),
                       lambda text: re.findall(r'"([^"]+)"', text)),
)


@given('{account_name:Account} has an exhibit "{name}" at its conference')
def exhibit_at_conference(context, account_name, name):
    """The account has an exhibit of that name at its demo conference (its manager set it up).

    Example: Given One Sky IT Demo has an exhibit "Booth 12" at its conference
    """
    context.api.arrange_exhibit(account(account_name), name)


@given("the exhibit has these leads:")
def exhibit_has_leads(context):
    """The latest exhibit holds these leads; one row per lead, first_name and last_name required.

    Optional columns: email, company, title, phone, badge_id, scanned_at (ISO 8601 with offset),
    exhibitor_notes, hidden and enabled (true/false), responses_json (JSON). Empty cells are left out;
    \\t, \\r and \\n in a cell are a tab, a carriage return and a line feed.
    Example: Given the exhibit has these leads:
    """
    leads = [lead_tables.lead_fields(row.headings, row.cells) for row in context.table]
    context.api.arrange_leads(context.api.exhibit(), leads)


@given("the exhibit has these leads and answers:")
def exhibit_has_leads_and_answers(context):
    """The latest exhibit holds these leads; a column that is no field of a lead is a question, and each
    cell the lead's answer: empty = not answered, [Cloud, Edge] = several choices. Answers go in column order.

    Example: Given the exhibit has these leads and answers:
    """
    leads = [lead_tables.lead_with_answers(row.headings, row.cells) for row in context.table]
    context.api.arrange_leads(context.api.exhibit(), leads)


@given('{name:Persona} has added the lead "{first_name} {last_name}" to the exhibit')
@given('{name:Persona} added the lead "{first_name} {last_name}" to the exhibit')
def has_added_lead(context, name, first_name, last_name):
    """The persona added a lead of that first and last name to the latest exhibit, and the API agreed.

    Example: Given Scott has added the lead "Ada Lovelace" to the exhibit
    """
    context.api.add_lead(name, context.api.exhibit()["exhibit_id"], {"first_name": first_name, "last_name": last_name})
    expect_answer(context.api, 201, to=f"to add the lead {first_name} {last_name} (arranging the scenario)")


@given('the exhibit has a lead whose {field} is "{value}"')
def exhibit_has_lead_with(context, field, value):
    """The latest exhibit holds one lead, Ada Lovelace, with that first name, last name, email, company,
    job title, phone, badge, notes, answer (to "Budget") or question (which she answered "Yes").

    Example: Given the exhibit has a lead whose company is "-2+3 Consulting"
    """
    context.api.arrange_leads(context.api.exhibit(), [lead_tables.lead_with(field, value)])


@given("the exhibit has {count:LeadCount} leads from a busy show day")
def exhibit_has_many_leads(context, count):
    """The latest exhibit holds that many generated leads, entered in a shuffled order, scanned a second
    apart, with notes, answers, hidden and disabled ones (see aether_suite/export/busy_show.py); on the
    embedded sandbox they go straight into its store, elsewhere through the API.

    Example: Given the exhibit has 5,000 leads from a busy show day
    """
    tracking_ids = busy_show.arrange(context.api, context.api.exhibit(), count, context.sandbox)
    context.busy_show = {"count": count, "tracking_ids": tracking_ids}


@given("the exhibit has {count:d} leads scanned in the same second")
def exhibit_has_same_second_leads(context, count):
    """The latest exhibit holds that many leads, all scanned at 2026-03-10T10:00:00Z: only their tracking ids
    can order them.

    Example: Given the exhibit has 12 leads scanned in the same second
    """
    context.api.arrange_leads(context.api.exhibit(), lead_tables.scanned_together(count, "2026-03-10T10:00:00Z"))


@when("{name:Persona} lists the exhibit's visible leads")
def lists_visible_leads(context, name):
    """The persona reads the exhibit's leads list, which shows only leads neither hidden nor disabled.

    Example: When Scott lists the exhibit's visible leads
    """
    context.api.list_leads(name, context.api.exhibit()["exhibit_id"])


@then("the visible leads are:")
def visible_leads_are(context):
    """The visible list holds exactly these leads, in this order (leads scanned in the same second in any
    order), compared in the columns the table names.

    Example: Then the visible leads are:
    """
    exports.expect_visible_leads(context.api, [context.table.headings, *(row.cells for row in context.table)])


@given('the exhibit has a lead whose notes are "{value}"')
def exhibit_has_lead_with_notes(context, value):
    """The latest exhibit holds one lead, Ada Lovelace, whose exhibitor notes are exactly this (HTML welcome;
    \\t, \\r and \\n are a tab, a carriage return and a line feed).

    Example: Given the exhibit has a lead whose notes are "<p>Hot&nbsp;lead</p><p>Call <b>Mon</b>day</p>"
    """
    context.api.arrange_leads(context.api.exhibit(), [lead_tables.lead_with("notes", value)])


@when("{name:Persona} lists the exhibits at the conference")
def lists_exhibits(context, name):
    """The persona reads the list of the exhibits at their account's conference.

    Example: When Cleo lists the exhibits at the conference
    """
    context.api.list_exhibits(name)


@when("{name:Persona} lists the exhibits at the conference by booth")
def lists_exhibits_by_booth(context, name):
    """The persona asks the exhibits list for one booth only, a filter the list does not offer.

    Example: When Cleo lists the exhibits at the conference by booth
    """
    context.api.list_exhibits(name, query={"booth": "B12"})


@then("the list holds the exhibits {names:QuotedNames}, oldest first")
def list_holds_exhibits(context, names):
    """The list holds the scenario's exhibits of these names as they were created (other exhibits at the
    event may be there too), and the whole list comes oldest first.

    Example: Then the list holds the exhibits "Cloud Pavilion" and "Edge Lab", oldest first
    """
    exhibit_lists.expect_exhibits_listed(context.api, names)


@when("{name:Persona} asks to replace the exhibit as a whole")
def replaces_exhibit(context, name):
    """The persona sends the whole exhibit anew, a way of changing it the API does not offer (PUT).

    Example: When Osiris asks to replace the exhibit as a whole
    """
    exhibit = context.api.exhibit()
    context.api.send("PUT", endpoints.EXHIBIT.path(exhibit_id=exhibit["exhibit_id"]), persona=name,
                     json={"name": exhibit["name"], "booth": exhibit.get("booth")})


@then("{name:Persona} is told that is not offered for an exhibit, and what is")
def told_what_an_exhibit_offers(context, name):
    """Refused as a method the path does not support (405), its Allow header naming exactly the methods the
    contract gives an exhibit.

    Example: Then Osiris is told that is not offered for an exhibit, and what is
    """
    expect_answer(context.api, 405, "method_not_allowed", to="to be told that is not offered")
    allowed = {m.strip().upper() for m in context.api.last.headers.get("Allow", "").split(",") if m.strip()}
    expect_that(context.api, allowed, equal_to(set(endpoints.EXHIBIT.methods)), to="to be told what is offered")


@when("{name:Persona} sets up an exhibit whose {field:ExhibitText} is {beyond:Fit}")
def sets_up_exhibit_with(context, name, field, beyond):
    """The persona sets up an exhibit at their conference whose name or booth is exactly as long as the contract
    allows, or one character longer (named "Pop-up stand" where the booth is given).

    Example: When Osiris sets up an exhibit whose name is one character too long
    """
    text = lead_tables.text_of_length(longest_allowed("ExhibitCreate", field) + beyond)
    context.entered = {"name": "Pop-up stand", field: text}
    context.api.create_exhibit(name, **context.entered)


@when("{name:Persona} sets up an exhibit with an empty name")
def sets_up_exhibit_unnamed(context, name):
    """The persona sets up an exhibit at their conference whose name is the empty text.

    Example: When Scott sets up an exhibit with an empty name
    """
    context.api.create_exhibit(name, "")


@when("{name:Persona} sets up an exhibit without saying its booth")
def sets_up_exhibit_without_booth(context, name):
    """The persona sets up an exhibit "Pop-up stand" at their conference, leaving its booth out.

    Example: When Osiris sets up an exhibit without saying its booth
    """
    context.entered = {"name": "Pop-up stand"}
    context.api.create_exhibit(name, **context.entered)


@when("{name:Persona} changes an exhibit that does not exist, saying nothing to change")
def changes_missing_exhibit_with_nothing(context, name):
    """The persona sends an empty change to a made-up exhibit: the request is both invalid and about nothing.

    Example: When Osiris changes an exhibit that does not exist, saying nothing to change
    """
    context.api.update_exhibit(name, made_up_like(context.api.persona(name).account.event_id), {})


@when("{name:Persona} adds a lead whose {field:LeadText} is {beyond:Fit}")
@when("{name:Persona} adds a lead whose {field:LeadText} are {beyond:Fit}")
def adds_lead_with(context, name, field, beyond):
    """The persona adds Ada Lovelace to the latest exhibit, that field of hers exactly as long as the contract
    allows, or one character longer.

    Example: When Cleo adds a lead whose notes are as long as allowed
    """
    text = lead_tables.text_of_length(longest_allowed("LeadCreate", field) + beyond)
    context.entered = {"first_name": "Ada", "last_name": "Lovelace", field: text}
    context.api.add_lead(name, context.api.exhibit()["exhibit_id"], context.entered)


@when('{name:Persona} adds a lead scanned at "{moment}"')
def adds_lead_scanned_at(context, name, moment):
    """The persona adds Ada Lovelace to the latest exhibit, scanned at that time as written.

    Example: When Cleo adds a lead scanned at "2026-03-10T09:30:00"
    """
    context.api.add_lead(name, context.api.exhibit()["exhibit_id"],
                         {"first_name": "Ada", "last_name": "Lovelace", "scanned_at": moment})


@when("{name:Persona} adds a lead whose answers are {answers}")
def adds_lead_answering(context, name, answers):
    """The persona adds Ada Lovelace to the latest exhibit with these answers, written as JSON.

    Example: When Cleo adds a lead whose answers are [{"question": "", "answer": "Yes"}]
    """
    context.api.add_lead(name, context.api.exhibit()["exhibit_id"],
                         {"first_name": "Ada", "last_name": "Lovelace", "responses_json": json.loads(answers)})


@then("the {thing:Entry} is kept as entered")
def kept_as_entered(context, thing):
    """The API created it, holding every field exactly as the persona entered it.

    Example: Then the lead is kept as entered
    """
    expect_answer(context.api, 201, to=f"to have the {thing} kept")
    expect_body(context.api, has_entries(context.entered), to=f"to find the {thing} as entered")


@then("the exhibit has no booth")
def exhibit_without_booth(context):
    """The API created the exhibit, its booth empty (null), not a text.

    Example: Then the exhibit has no booth
    """
    expect_answer(context.api, 201, to="to have the exhibit set up")
    expect_that(context.api, context.api.last_json.get("booth", "(no booth field)"), none(),
                to="to find the exhibit without a booth")


@then("{name:Persona} is refused because what was entered is not valid")
def refused_as_invalid(context, name):
    """The API refused the request as invalid (a field too long, empty or of the wrong form), storing nothing.

    Example: Then Cleo is refused because what was entered is not valid
    """
    expect_answer(context.api, 422, "validation_error", to="to be refused for entering what is not valid")
