"""Steps about the wall between accounts: another account's objects, crossed credentials, fields that
name another account, identical bytes in two accounts, opaque identifiers.

Calls: aether_suite/tenancy/wall.py (the made-up twin, the owner's view), context.api,
aether_suite/checks/expectations.py, and the files steps' log of uploads (context.uploads,
aether_suite/files/uploads.py). The actions themselves are tried with "{name} tries to {action}"
(steps/action_steps.py, aether_suite/client/actions.py).
"""
from behave import given, register_type, then, when
from hamcrest import assert_that, empty

from aether_suite.checks.expectations import expect_answer
from aether_suite.client.personas import account, persona
from aether_suite.files.uploads import upload_copy
from aether_suite.run.vocabulary import ACCOUNT, PERSONA, one_of, shaped
from aether_suite.tenancy import wall

register_type(Account=ACCOUNT, Persona=PERSONA, ListedKind=one_of(wall.LISTED_KEYS),
              FieldAction=one_of(wall.FIELD_ACTIONS), FieldTarget=one_of(wall.FIELD_TARGETS),
              FieldName=shaped(r"[a-z][a-z0-9_]*", ("account_id", "uploaded_by")))

# ---------------------------------------------------------------------------- the wall


@then("{name:Persona} is answered exactly as if it did not exist")
@then("{name:Persona} is refused exactly as if it did not exist")
def answered_as_missing(context, name):
    """The answer is the one a made-up id gets (not found), the same status and the same body: the
    other account's object is not even revealed to exist.

    Example: Then Nadia is answered exactly as if it did not exist
    """
    wall.expect_answered_as_missing(context.api, name)


@then("nothing of {account_name:Account} has changed, as {name:Persona} sees it")
def nothing_changed(context, account_name, name):
    """The person reads everything the scenario set up in that account (exhibits, leads, files and their
    bytes) and finds it exactly as it was set up.

    Example: Then nothing of One Sky has changed, as Osiris sees it
    """
    wall.expect_unchanged(context.api, account(account_name), persona(name))


# ---------------------------------------------------------------------------- lists


@then("the list holds {own_name:Account}'s {kind:ListedKind} and none of {other_name:Account}'s")
def list_holds_own_only(context, own_name, kind, other_name):
    """The list of the person's own account holds what the scenario made there, and nothing the
    scenario made in the other account.

    Example: Then the list holds Northwind's file and none of One Sky's
    """
    wall.expect_listed_apart(context.api, kind, account(other_name), account(own_name))


@then("the list holds no {kind:ListedKind} of {other_name:Account}'s")
def list_holds_none_of(context, kind, other_name):
    """The list holds nothing the scenario made in that account.

    Example: Then the list holds no file of One Sky's
    """
    wall.expect_listed_apart(context.api, kind, account(other_name))


# ---------------------------------------------------------------------------- crossed credentials


@when("{name:Persona} reads {conference_of:Account}'s conference through {application_of:Account}'s application")
def reads_conference_through(context, name, conference_of, application_of):
    """The person, with their own sign-in, reads an account's conference in that account, using the
    application (API key) of the account named last.

    Example: When Nadia reads Northwind's conference through One Sky's application
    """
    wall.read_conference_through(context.api, persona(name), account(conference_of), account(application_of))


@then("{name:Persona} is refused exactly like an email nobody has, on {site_of:Account}'s site")
def refused_like_unknown_email(context, name, site_of):
    """The sign-in failed with the very answer an unknown email gets: the site does not reveal that the
    person exists elsewhere.

    Example: Then Nadia is refused exactly like an email nobody has, on One Sky's site
    """
    wall.expect_refused_as_unknown_email(context.api, persona(name), account(site_of))


# ---------------------------------------------------------------------------- mass assignment


@when("{name:Persona} attempts to {action:FieldAction} with {field:FieldName} set to {target:FieldTarget}")
def attempts_with_field(context, name, action, field, target):
    """The person does something to their own account's objects, the request also carrying a field that
    names something of another account (one the request does not define).

    Example: When Nadia attempts to upload a file with uploaded_by set to Osiris
    """
    api = context.api
    context.field_attempt = wall.attempt_with_field(api, persona(name), action, field,
                                                       wall.field_value(api, target))


@then("{name:Persona} is refused for sending a field the request does not have")
def refused_for_unknown_field(context, name):
    """The API refused the request as invalid instead of ignoring (or obeying) the field.

    Example: Then Nadia is refused for sending a field the request does not have
    """
    expect_answer(context.api, 422, "validation_error", to="to be refused for sending a field it does not have")


@then("the attempt stored nothing in either account")
def stored_nothing(context):
    """No exhibit, lead or file came of the attempt: none was answered as created, and an upload's bytes
    are found by their content in neither account.

    Example: Then the attempt stored nothing in either account
    """
    stored = wall.stored_by(context.api, getattr(context, "field_attempt", None))
    assert_that(stored, empty(), "expected the refused attempt to store nothing")


# ---------------------------------------------------------------------------- identical bytes


@given('{name:Persona} has uploaded the same {description} as "{filename}"')
def has_uploaded_same_as(context, name, description, filename):
    """The persona uploaded the very bytes of the scenario's file of that kind, under a name of their own.

    Example: Given Nadia has uploaded the same price list as "northwind-price-list-2026.csv"
    """
    uploads = context.uploads if "uploads" in context else None  # the files steps' log of uploads
    upload_copy(context.api, uploads, persona(name), description, filename)


@then("{name:Persona} receives their own copy")
@then("{name:Persona} receives his own copy")
@then("{name:Persona} receives her own copy")
def receives_own_copy(context, name):
    """The download is the file the person's own account holds, whole and under its own name, although
    another account holds a file with the same bytes.

    Example: Then Osiris receives their own copy
    """
    wall.expect_own_copy(context.api, persona(name))


# ---------------------------------------------------------------------------- ID Vision and times


@when("{name:Persona} reads the conference, the exhibit, a lead, the visible leads and the file's details")
def reads_everything(context, name):
    """The person reads each kind of object the scenario set up, keeping the answers.

    Example: When Osiris reads the conference, the exhibit, a lead, the visible leads and the file's details
    """
    context.answers_read = wall.read_everything(context.api, persona(name))


@then("every identifier in those answers is an opaque 11-character code")
def identifiers_are_opaque(context):
    """Each identifier (of an account, person, event, exhibit, lead, file) is 11 letters, digits, "-" or
    "_", never a number: nothing to count or guess from.

    Example: Then every identifier in those answers is an opaque 11-character code
    """
    problems = wall.identifier_problems(context.answers_read)
    assert_that(problems, empty(), "expected every kind of identifier, each an opaque 11-character code")


@then("every time in those answers is told in UTC, to the whole second")
def times_in_utc(context):
    """Each time (a creation, a scan) reads like 2026-03-10T09:30:00Z: UTC, whole seconds, a Z at the end.

    Example: Then every time in those answers is told in UTC, to the whole second
    """
    problems = wall.time_problems(context.answers_read)
    assert_that(problems, empty(), "expected every time in UTC, to the whole second, with a Z")
