"""Steps about the credentials of a call: the application key, the account context, the bearer token.

Calls: context.api (aether_suite/client/api.py), aether_suite/auth/tokens.py (tokens the API must refuse),
aether_suite/checks/answers.py (identical refusals), aether_suite/checks/waiting.py and
aether_suite/checks/expectations.py.
"""
import secrets

from behave import given, register_type, then, when
from hamcrest import assert_that, equal_to, matches_regexp

from aether_suite.auth import tokens
from aether_suite.checks.answers import expect_identical_refusals
from aether_suite.checks.expectations import expect_answer, expect_body
from aether_suite.checks.waiting import poll
from aether_suite.client.personas import REVOKED_API_KEY_SECRET, account
from aether_suite.run.vocabulary import ACCOUNT, PERSONA, one_of

_NO_SUCH_ACCOUNT = "an account that does not exist"


def _account_id(text):
    """A demo account's id, or an account id that belongs to no account (new in every scenario)."""
    if text == _NO_SUCH_ACCOUNT:
        return "Zz" + secrets.token_urlsafe(7)[:9]  # 11 characters of ID Vision, starting with a letter
    return account(text).account_id


# The key an application calls with -> (the value sent or None, given the account's normal key and the revoked one)
_KEYS = {
    "no application key": lambda normal, revoked: None,
    "an application key nobody issued": lambda normal, revoked: "unissued-" + secrets.token_hex(8),
    "its revoked application key": lambda normal, revoked: revoked,
    "the revoked application key": lambda normal, revoked: revoked,
    "a revoked application key": lambda normal, revoked: revoked,
}
_KEY_PROBLEMS = {"missing": "api_key_missing", "unknown": "api_key_invalid", "revoked": "api_key_revoked"}
_TOKEN_PROBLEMS = {"no token was shown": "token_missing", "the token is not valid": "token_invalid",
                   "the token has expired": "token_expired"}


register_type(
    Account=ACCOUNT,
    Persona=PERSONA,
    AccountRef=one_of((*ACCOUNT.values, _NO_SUCH_ACCOUNT), _account_id),
    KeyKind=one_of(_KEYS, _KEYS.get),
    KeyProblem=one_of(_KEY_PROBLEMS, _KEY_PROBLEMS.get),
    TokenKind=one_of(tokens.FORGERIES),
    TokenProblem=one_of(_TOKEN_PROBLEMS, _TOKEN_PROBLEMS.get),
)


def _key(context, acct, kind):
    """The application key of that kind for the account (None: no key at all)."""
    return kind(context.api.api_key(acct), context.api.run.config.secret(REVOKED_API_KEY_SECRET))


# -----------------------------------------------------------------------------
# The application key
# -----------------------------------------------------------------------------
@when("{account_name:Account}'s application looks up its site with {key:KeyKind}")
def look_up_with_key(context, account_name, key):
    """The account's application looks its site up, with no key, a key nobody issued, or its revoked key.

    Example: When One Sky IT Demo's application looks up its site with its revoked application key
    """
    acct = account(account_name)
    context.api.bootstrap(acct.manager, api_key=_key(context, acct, key))


@when("{name:Persona} asks who they are with {key:KeyKind}")
@when("{name:Persona} asks who he is with {key:KeyKind}")
@when("{name:Persona} asks who she is with {key:KeyKind}")
def me_with_key(context, name, key):
    """The persona, signed in, asks who they are through an application with no key, a key nobody issued,
    or their account's revoked key.

    Example: When Cleo asks who she is with the revoked application key
    """
    context.api.me(name, api_key=_key(context, context.api.persona(name).account, key))


@when("{name:Persona} asks who they are with {key:KeyKind}, without saying which account they act in")
@when("{name:Persona} asks who he is with {key:KeyKind}, without saying which account he acts in")
@when("{name:Persona} asks who she is with {key:KeyKind}, without saying which account she acts in")
def me_with_key_without_account(context, name, key):
    """The persona, signed in, asks who they are with that kind of key and no account context.

    Example: When Cleo asks who she is with an application key nobody issued, without saying which account she acts in
    """
    context.api.me(name, api_key=_key(context, context.api.persona(name).account, key), account_id=None)


@then("the application is turned away because its key is {problem:KeyProblem}")
@then("the application is refused because its key is {problem:KeyProblem}")
def key_refused(context, problem):
    """The call was refused for its application key, naming the reason (missing, unknown or revoked).

    Example: Then the application is turned away because its key is revoked
    """
    expect_answer(context.api, 401, problem, to=f"to be turned away because of the application key ({problem})")


@when("anyone checks that the API is up, without any credentials")
def health_without_credentials(context):
    """An anonymous caller asks whether the API is up, with no key, account or token.

    Example: When anyone checks that the API is up, without any credentials
    """
    context.api.health()


@then("the API says it is up")
def api_is_up(context):
    """The health check answered that all is well.

    Example: Then the API says it is up
    """
    expect_answer(context.api, 200, to="to be told the API is up")
    expect_body(context.api, equal_to({"status": "ok"}), to="to be told the API is up")


# -----------------------------------------------------------------------------
# The account context
# -----------------------------------------------------------------------------
@when("{name:Persona} asks who they are without saying which account they act in")
@when("{name:Persona} asks who he is without saying which account he acts in")
@when("{name:Persona} asks who she is without saying which account she acts in")
def me_without_account(context, name):
    """The persona asks who they are, with their key and token but no account context.

    Example: When Osiris asks who they are without saying which account they act in
    """
    context.api.me(name, account_id=None)


@when("{name:Persona} asks who they are without saying which account they act in, and without signing in")
@when("{name:Persona} asks who he is without saying which account he acts in, and without signing in")
@when("{name:Persona} asks who she is without saying which account she acts in, and without signing in")
def me_without_account_or_token(context, name):
    """The persona asks who they are with their key alone: no account context and no token.

    Example: When Osiris asks who they are without saying which account they act in, and without signing in
    """
    context.api.me(name, account_id=None, token=None)


@then("{name:Persona} is told to say which account they act in")
@then("{name:Persona} is told to say which account he acts in")
@then("{name:Persona} is told to say which account she acts in")
def told_to_name_account(context, name):
    """The call was refused as a bad request: it did not say which account it acts in.

    Example: Then Osiris is told to say which account they act in
    """
    expect_answer(context.api, 400, "account_context_missing", to="to be told to name the account they act in")


@when("{name:Persona} asks who they are, acting in {account_id:AccountRef}")
@when("{name:Persona} asks who he is, acting in {account_id:AccountRef}")
@when("{name:Persona} asks who she is, acting in {account_id:AccountRef}")
def me_acting_in(context, name, account_id):
    """The persona asks who they are with their own key and token, in another (or no real) account's context.

    Example: When Osiris asks who they are, acting in an account that does not exist
    """
    context.api.me(name, account_id=account_id)


@when("{name:Persona} asks who they are, acting in {account_id:AccountRef}, without signing in")
@when("{name:Persona} asks who he is, acting in {account_id:AccountRef}, without signing in")
@when("{name:Persona} asks who she is, acting in {account_id:AccountRef}, without signing in")
def me_in_account_without_token(context, name, account_id):
    """The persona's application asks who is calling in that account, with its key and no token.

    Example: When Osiris asks who they are, acting in Northwind Expo, without signing in
    """
    context.api.me(name, account_id=account_id, token=None)


@then("both are refused entry the same way, without revealing which accounts exist")
def refused_entry_alike(context):
    """The last two calls were both refused entry to the account, with the very same answer.

    Example: Then both are refused entry the same way, without revealing which accounts exist
    """
    expect_identical_refusals(context.api, 403, "account_forbidden", to="to be refused entry to that account")


@when("{name:Persona} asks who they are in {account_name:Account} with that account's own application key")
@when("{name:Persona} asks who he is in {account_name:Account} with that account's own application key")
@when("{name:Persona} asks who she is in {account_name:Account} with that account's own application key")
def me_in_other_account(context, name, account_name):
    """The persona's token is used in another account's context, even with that account's own key.

    Example: When Nadia asks who they are in One Sky IT Demo with that account's own application key
    """
    other = account(account_name)
    context.api.me(name, api_key=context.api.api_key(other), account_id=other.account_id)


@then("{name:Persona} is refused entry to {account_name:Account}")
def refused_entry(context, name, account_name):
    """The call was refused because the caller may not act in that account.

    Example: Then Nadia is refused entry to One Sky IT Demo
    """
    expect_answer(context.api, 403, "account_forbidden", to=f"to be refused entry to {account_name}")


# -----------------------------------------------------------------------------
# The bearer token
# -----------------------------------------------------------------------------
@given("this sandbox signs its tokens with a key the test made up")
def sandbox_trusts_key(context):
    """The embedded sandbox signs and checks tokens with a key the test knows, until the scenario ends.

    Example: Given this sandbox signs its tokens with a key the test made up
    """
    context.trusted_key = tokens.trust_key_on_sandbox(context.api, context.sandbox)


@when("{name:Persona} asks who they are with {kind:TokenKind}")
@when("{name:Persona} asks who he is with {kind:TokenKind}")
@when("{name:Persona} asks who she is with {kind:TokenKind}")
def me_with_token(context, name, kind):
    """The persona asks who they are showing a token that is missing, broken or forged (aether_suite/auth/tokens.py).

    Example: When Scott asks who they are with their own token rewritten to name their manager
    """
    holder = context.api.persona(name)
    context.api.me(holder, token=tokens.forge(context.api, holder, kind, getattr(context, "trusted_key", None)))


@given("{name:Persona} has signed in for just one second")
@given("{name:Persona} signed in for just one second")
def signed_in_briefly(context, name):
    """The persona signed in asking for a token that lasts one second.

    Example: Given Scott has signed in for just one second
    """
    context.api.sign_in(name, expires_in=1)
    expect_answer(context.api, 200, to="to be signed in for one second")


@when("{name:Persona} asks who they are once that second has passed")
@when("{name:Persona} asks who he is once that second has passed")
@when("{name:Persona} asks who she is once that second has passed")
def me_after_expiry(context, name):
    """The persona asks who they are with that token until it is refused (a few seconds at most).

    Example: When Scott asks who they are once that second has passed
    """
    poll(lambda: context.api.me(name), lambda answer: answer.status_code != 200,
         deadline=tokens.EXPIRY_DEADLINE_SECONDS, clock=context.api.run.clock)


@then("{name:Persona} is asked to sign in because {problem:TokenProblem}")
@then("{name:Persona} is refused because {problem:TokenProblem}")
def asked_to_sign_in(context, name, problem):
    """The call was refused for its token, naming the reason, and the answer asks for a bearer token.

    Example: Then Scott is asked to sign in because the token is not valid
    """
    expect_answer(context.api, 401, problem, to=f"to be asked to sign in ({problem})")
    challenge = context.api.last.headers.get("WWW-Authenticate", "")
    assert_that(challenge, matches_regexp(r"(?i)^bearer\b"),
                f"expected the refusal of {name}'s token to ask for a bearer token (WWW-Authenticate), "
                f"got {challenge!r}")
