"""Steps about the demo personas: signing in, and who the API says they are.

Calls: context.api (aether_suite/client/api.py), aether_suite/auth/sign_ins.py (failed sign-ins, the lockout),
aether_suite/checks/answers.py (identical refusals) and aether_suite/checks/expectations.py.
"""
from behave import given, register_type, step, then, when
from hamcrest import all_of, assert_that, greater_than, has_entries, not_none

from aether_suite.auth import sign_ins
from aether_suite.auth.as_typed import AN_EMAIL, typed
from aether_suite.checks.answers import expect_identical_refusals
from aether_suite.checks.expectations import expect_answer, expect_body
from aether_suite.client.personas import account, persona
from aether_suite.run.vocabulary import ACCOUNT, PERSONA, one_of, shaped

_ROLES = {"manager": "manager", "staff member": "staff"}
register_type(
    Account=ACCOUNT,
    Persona=PERSONA,
    Role=one_of(_ROLES, _ROLES.get),
    EmailTyped=one_of(AN_EMAIL),
    WithOrWithout=one_of(("with", "without"), lambda text: text == "with"),
    Seconds=shaped(r"\d+(?:\.\d+)? seconds?", ("1 second", "0.5 seconds"), lambda text: float(text.split()[0])),
)


@step("{name:Persona} signs in with their passcode")
@step("{name:Persona} signs in with his passcode")
@step("{name:Persona} signs in with her passcode")
def sign_in(context, name):
    """A demo persona signs in on their account's site with their own passcode.

    Example: When Cleo signs in with their passcode
    """
    context.api.sign_in(name)


@then("{name:Persona} is signed in to {account_name:Account}")
def signed_in_to(context, name, account_name):
    """The sign-in succeeded: the persona holds a token for that person in that account.

    Example: Then Cleo is signed in to One Sky IT Demo
    """
    expect_answer(context.api, 200, to="to be signed in")
    expect_body(context.api, has_entries(person_id=persona(name).person_id,
                                         account_id=account(account_name).account_id,
                                         token_type="bearer"),
                to=f"to be signed in to {account_name}")


@then("{name:Persona} is recognised as a {role:Role} {access:WithOrWithout} leads access")
def recognised_as(context, name, role, access):
    """Asked who is signed in, the API names the persona, their role and whether they may pull leads.

    Example: Then Cleo is recognised as a staff member with leads access
    """
    context.api.me(name)
    _expect_named(context, persona(name), role, access)


def _expect_named(context, person, role, access):
    expect_answer(context.api, 200, to="to be told who they are")
    expect_body(context.api, has_entries(person_id=person.person_id, account_id=person.account.account_id,
                                         name=person.full_name, email=person.email,
                                         role=role, leads_api_access=access),
                to=f"to be recognised as {person.full_name}, {role}, leads access {access}")


# -----------------------------------------------------------------------------
# Signing in: who gets a token, and how a refusal looks
# -----------------------------------------------------------------------------
@when("{name:Persona} signs in with their passcode, the application sending its key alone")
@when("{name:Persona} signs in with his passcode, the application sending its key alone")
@when("{name:Persona} signs in with her passcode, the application sending its key alone")
def sign_in_with_key_alone(context, name):
    """The persona signs in on their site; besides the sign-in itself, the application sends its key and
    nothing else, no account it acts in and no token.

    Example: When Cleo signs in with their passcode, the application sending its key alone
    """
    context.api.sign_in(name, account_id=None, token=None)


@when("{name:Persona} signs in with a wrong passcode")
def sign_in_wrongly(context, name):
    """The persona signs in on their site with a passcode that is not theirs (they sign in rightly afterwards).

    Example: When Scott signs in with a wrong passcode
    """
    sign_ins.sign_in_wrongly(context.api, name, context.sandbox)


@when("someone signs in on {account_name:Account}'s site with an email nobody has")
def sign_in_unknown_email(context, account_name):
    """An anonymous visitor signs in on the account's site with an email no person has.

    Example: When someone signs in on One Sky IT Demo's site with an email nobody has
    """
    sign_ins.visitor_sign_in(context.api, account(account_name), sign_ins.visitor_email())


@when("someone signs in on {site_of:Account}'s site through {application_of:Account}'s application")
def sign_in_through_other_application(context, site_of, application_of):
    """An anonymous visitor signs in, with an email nobody has, on one account's site through another
    account's application.

    Example: When someone signs in on Northwind Expo's site through One Sky IT Demo's application
    """
    sign_ins.visitor_sign_in(context.api, account(site_of), sign_ins.visitor_email(), through=account(application_of))


@when("{name:Persona} signs in with their own passcode on {account_name:Account}'s site")
@when("{name:Persona} signs in with his own passcode on {account_name:Account}'s site")
@when("{name:Persona} signs in with her own passcode on {account_name:Account}'s site")
def sign_in_on_other_site(context, name, account_name):
    """The persona signs in, with their real passcode, on another account's site through that account's app.

    Example: When Nadia signs in with their own passcode on One Sky IT Demo's site
    """
    other = account(account_name)
    context.api.sign_in(name, site_id=other.site_id, api_key=context.api.api_key(other))


@when("{name:Persona} signs in with their email typed {way:EmailTyped}")
@when("{name:Persona} signs in with his email typed {way:EmailTyped}")
@when("{name:Persona} signs in with her email typed {way:EmailTyped}")
def sign_in_with_email_typed(context, name, way):
    """The persona signs in with their passcode, typing their email that way (capitals, spaces).

    Example: When Cleo signs in with her email typed with spaces around it
    """
    context.api.sign_in(name, email=typed(way, persona(name).email))


@when("{name:Persona} signs in asking for a token that lasts {seconds:d} seconds")
def sign_in_for(context, name, seconds):
    """The persona signs in with their passcode and asks for a token of that lifetime.

    Example: When Cleo signs in asking for a token that lasts 86400 seconds
    """
    context.api.sign_in(name, expires_in=seconds)


@then("both sign-ins are refused the same way, without revealing whether the email exists")
def refused_alike(context):
    """The last two sign-ins were both refused as failed, with the very same answer.

    Example: Then both sign-ins are refused the same way, without revealing whether the email exists
    """
    expect_identical_refusals(context.api, 401, "login_failed", to="to be refused as a failed sign-in")


@then("{name:Persona} is signed in for {seconds:d} seconds")
def signed_in_for(context, name, seconds):
    """The sign-in succeeded and the token lasts exactly that long.

    Example: Then Cleo is signed in for 3600 seconds
    """
    expect_answer(context.api, 200, to="to be signed in")
    expect_body(context.api, has_entries(person_id=persona(name).person_id, expires_in=seconds),
                to=f"to get a token lasting {seconds} seconds")


@then("{name:Persona} is refused a token of that lifetime")
def refused_lifetime(context, name):
    """The sign-in was refused as invalid: a token lasts from 1 second to 1 day.

    Example: Then Cleo is refused a token of that lifetime
    """
    expect_answer(context.api, 422, "validation_error", to="to be refused a token of that lifetime")


# -----------------------------------------------------------------------------
# Lockout
# -----------------------------------------------------------------------------
@given("a visitor has failed to sign in {times:d} times in a row on {account_name:Account}'s site with an email nobody has")  # noqa: E501
@given("a visitor failed to sign in {times:d} times in a row on {account_name:Account}'s site with an email nobody has")
def visitor_failed(context, times, account_name):
    """A visitor with a made-up email (new in every scenario) was refused that many times in a row.

    Example: Given a visitor has failed to sign in 5 times in a row on One Sky IT Demo's site with an email nobody has
    """
    context.visitor = (account(account_name), sign_ins.visitor_email())
    sign_ins.fail_as_visitor(context.api, *context.visitor, times)


@when("the visitor signs in once more with the same email")
def visitor_again(context):
    """The visitor makes one more attempt with the same email.

    Example: When the visitor signs in once more with the same email
    """
    sign_ins.visitor_sign_in(context.api, *context.visitor)


@when("the visitor keeps signing in with the same email while locked out")
def visitor_keeps_trying(context):
    """The visitor tries again and again, until the time they are told to wait goes down (a few seconds at most).

    Example: When the visitor keeps signing in with the same email while locked out
    """
    context.waits_told = sign_ins.keep_trying_while_locked(context.api, *context.visitor)


@given("{name:Persona} has mistyped their passcode {times:d} times in a row")
@given("{name:Persona} has mistyped his passcode {times:d} times in a row")
@given("{name:Persona} has mistyped her passcode {times:d} times in a row")
@given("{name:Persona} mistyped their passcode {times:d} times in a row")
@given("{name:Persona} mistyped his passcode {times:d} times in a row")
@given("{name:Persona} mistyped her passcode {times:d} times in a row")
def mistyped(context, name, times):
    """The persona, from a clean count, was refused that many times in a row for a wrong passcode.

    They first sign in rightly (so leftovers of an interrupted run do not count), and again when the scenario ends.

    Example: Given Scott has mistyped their passcode 4 times in a row
    """
    sign_ins.mistype(context.api, name, times, context.sandbox)


@given("{name:Persona} has then mistyped their passcode once more")
@given("{name:Persona} has then mistyped his passcode once more")
@given("{name:Persona} has then mistyped her passcode once more")
@given("{name:Persona} then mistyped their passcode once more")
@given("{name:Persona} then mistyped his passcode once more")
@given("{name:Persona} then mistyped her passcode once more")
def mistyped_once_more(context, name):
    """The persona was refused once more for a wrong passcode.

    Example: Given Scott has then mistyped their passcode once more
    """
    sign_ins.mistype(context.api, name, 1, context.sandbox, in_a_row=False)


@given("{name:Persona} has then signed in with their passcode")
@given("{name:Persona} has then signed in with his passcode")
@given("{name:Persona} has then signed in with her passcode")
@given("{name:Persona} has signed in with their passcode")
@given("{name:Persona} has signed in with his passcode")
@given("{name:Persona} has signed in with her passcode")
@given("{name:Persona} signed in with their passcode")
@given("{name:Persona} signed in with his passcode")
@given("{name:Persona} signed in with her passcode")
@given("{name:Persona} has signed in")
@given("{name:Persona} is signed in")
def has_signed_in(context, name):
    """The persona signed in successfully with their own passcode.

    Example: Given Scott has then signed in with their passcode
    """
    context.api.sign_in(name)
    expect_answer(context.api, 200, to="to be signed in with their own passcode")


@given("on this sandbox a sign-in lock lasts {seconds:Seconds}")
def lock_lasts(context, seconds):
    """The embedded sandbox locks sign-ins for that long instead of 15 minutes, until the scenario ends.

    Example: Given on this sandbox a sign-in lock lasts 1 second
    """
    sign_ins.shorten_lockout(context.api, context.sandbox, seconds)


@when("{name:Persona} signs in with their passcode once the lock has had time to lift")
@when("{name:Persona} signs in with his passcode once the lock has had time to lift")
@when("{name:Persona} signs in with her passcode once the lock has had time to lift")
def sign_in_after_lock(context, name):
    """The persona signs in with their right passcode again and again until the lock is over (a few seconds at most).

    Example: When Scott signs in with their passcode once the lock has had time to lift
    """
    sign_ins.sign_in_once_lock_lifts(context.api, name, context.sandbox)


@then("the sign-in is locked, with the time to wait")
@then("the sign-in is refused as locked, with the time to wait")
def sign_in_locked(context):
    """The sign-in was refused because of too many failures, saying in whole seconds how long to wait.

    Example: Then the sign-in is locked, with the time to wait
    """
    expect_answer(context.api, 429, "login_locked", to="to be locked out after too many failed sign-ins")
    told = sign_ins.retry_after(context.api.last)
    assert_that(sign_ins.whole_seconds(told), all_of(not_none(), greater_than(0)),
                f"expected the locked sign-in to say how many whole seconds to wait (Retry-After), got {told!r}")


@then("the time they are told to wait goes down, as the lock is not extended")
def wait_goes_down(context):
    """While locked out, the visitor was told a shorter and shorter wait: refused attempts do not extend the lock.

    Example: Then the time they are told to wait goes down, as the lock is not extended
    """
    expect_answer(context.api, 429, "login_locked", to="to be still locked out")
    assert_that(sign_ins.wait_went_down(context.waits_told),
                f"expected the time to wait (Retry-After) to go down while the visitor kept trying; "
                f"told, in order: {context.waits_told}")


# -----------------------------------------------------------------------------
# Who am I
# -----------------------------------------------------------------------------
@step("{name:Persona} asks who they are")
@step("{name:Persona} asks who he is")
@step("{name:Persona} asks who she is")
def asks_who_they_are(context, name):
    """The persona, signed in, asks the API who they are.

    Example: When Scott asks who they are
    """
    context.api.me(name)


@then("the API names {name:Persona} as a {role:Role} {access:WithOrWithout} leads access")
def names_as(context, name, role, access):
    """The answer to who-am-I names the persona, their account, role and whether they may pull leads.

    Example: Then the API names Scott as a staff member without leads access
    """
    _expect_named(context, persona(name), role, access)
