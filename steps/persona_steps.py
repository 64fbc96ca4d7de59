"""Steps about the demo personas: signing in, and who the API says they are.

Calls: context.api (aether_suite/api.py) and aether_suite/expectations.py.
"""
import parse
from behave import register_type, then, when
from hamcrest import has_entries

from aether_suite.expectations import expect_answer, expect_body
from aether_suite.personas import account, persona


@parse.with_pattern(r"manager|staff member")
def parse_role(text):
    return {"manager": "manager", "staff member": "staff"}[text]


@parse.with_pattern(r"with|without")
def parse_with(text):
    return text == "with"


register_type(Role=parse_role, WithOrWithout=parse_with)


@when("{name} signs in with their passcode")
def sign_in(context, name):
    """A demo persona signs in on their account's site with their own passcode.

    Example: When Cleo signs in with their passcode
    """
    context.api.sign_in(name)


@then("{name} is signed in to {account_name}")
def signed_in_to(context, name, account_name):
    """The sign-in succeeded: the persona holds a token for that person in that account.

    Example: Then Cleo is signed in to One Sky IT Demo
    """
    expect_answer(context.api, 200, to="to be signed in")
    expect_body(context.api, has_entries(person_id=persona(name).person_id,
                                         account_id=account(account_name).account_id,
                                         token_type="bearer"),
                to=f"to be signed in to {account_name}")


@then("{name} is recognised as a {role:Role} {access:WithOrWithout} leads access")
def recognised_as(context, name, role, access):
    """Asked who is signed in, the API names the persona, their role and whether they may pull leads.

    Example: Then Cleo is recognised as a staff member with leads access
    """
    person = persona(name)
    context.api.me(person)
    expect_answer(context.api, 200, to="to be told who they are")
    expect_body(context.api, has_entries(person_id=person.person_id, account_id=person.account.account_id,
                                         name=person.full_name, email=person.email,
                                         role=role, leads_api_access=access),
                to=f"to be recognised as {person.full_name}, {role}, leads access {access}")
