"""Steps about finding an account's site by its domain (site bootstrap), with the application key only.

Calls: context.api (aether_suite/client/api.py) and aether_suite/checks/expectations.py.
"""
from behave import register_type, then, when
from hamcrest import has_entries

from aether_suite.auth.as_typed import IN_ANY_CASE, typed
from aether_suite.checks.expectations import expect_answer, expect_body
from aether_suite.client.api import OMIT
from aether_suite.client.personas import account
from aether_suite.run.vocabulary import ACCOUNT, one_of

register_type(Account=ACCOUNT, DomainTyped=one_of(IN_ANY_CASE))


@when('{account_name:Account}\'s application looks up the site at "{domain}"')
def look_up_site(context, account_name, domain):
    """The account's application asks which site answers at that domain.

    Example: When One Sky IT Demo's application looks up the site at "expo.nowhere.example"
    """
    acct = account(account_name)
    context.api.bootstrap(acct.manager, domain)


@when("{account_name:Account}'s application looks up the site at its domain typed {way:DomainTyped}")
def look_up_own_site_typed(context, account_name, way):
    """The account's application asks for the site at its own domain, typed that way.

    Example: When One Sky IT Demo's application looks up the site at its domain typed in capitals
    """
    acct = account(account_name)
    context.api.bootstrap(acct.manager, typed(way, acct.domain))


@when("{account_name:Account}'s application looks up the site at {other_name:Account}'s domain")
def look_up_other_site(context, account_name, other_name):
    """The account's application asks for the site at another account's domain.

    Example: When One Sky IT Demo's application looks up the site at Northwind Expo's domain
    """
    context.api.bootstrap(account(account_name).manager, account(other_name).domain)


@when("{account_name:Account}'s application looks up its site with its application key alone")
def look_up_with_key_alone(context, account_name):
    """The account's application looks up its own domain before anyone has signed in: it sends its key and
    nothing else, no account it acts in and no token.

    Example: When One Sky IT Demo's application looks up its site with its application key alone
    """
    acct = account(account_name)
    context.api.bootstrap(acct.manager, acct.domain, account_id=None, token=None)


@when("{account_name:Account}'s application looks up a site without giving a domain")
def look_up_without_domain(context, account_name):
    """The account's application asks for a site but names no domain.

    Example: When One Sky IT Demo's application looks up a site without giving a domain
    """
    context.api.bootstrap(account(account_name).manager, OMIT)


@then("the site found is {account_name:Account}'s, where sign-in is by passcode")
def site_found(context, account_name):
    """The lookup found the account's site, with its domain as registered, offering passcode sign-in.

    Example: Then the site found is One Sky IT Demo's, where sign-in is by passcode
    """
    acct = account(account_name)
    expect_answer(context.api, 200, to=f"to find {acct.name}'s site")
    expect_body(context.api, has_entries(site_id=acct.site_id, account_id=acct.account_id, domain=acct.domain,
                                         passcode_login=True),
                to=f"to find {acct.name}'s site")


@then("no site is found")
def no_site_found(context):
    """The lookup found nothing: no site of the application's account answers at that domain.

    Example: Then no site is found
    """
    expect_answer(context.api, 404, "not_found", to="to find no site")


@then("the lookup is refused because no domain was given")
def lookup_needs_domain(context):
    """The lookup was refused as invalid: it must name a domain.

    Example: Then the lookup is refused because no domain was given
    """
    expect_answer(context.api, 422, "validation_error", to="to be told the lookup needs a domain")
