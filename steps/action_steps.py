"""Steps that try an action by its business name and judge only whether it was allowed.

Calls: aether_suite/client/actions.py (the catalogue of actions) and aether_suite/checks/expectations.py.
"""
from behave import register_type, then, when
from hamcrest import assert_that, equal_to, less_than

from aether_suite.checks.expectations import expect_answer, expect_body, expect_that
from aether_suite.client.actions import ACTIONS, attempt
from aether_suite.contract import endpoints
from aether_suite.contract.endpoints import created_path
from aether_suite.run.vocabulary import PERSONA, one_of

register_type(Action=one_of(ACTIONS), Persona=PERSONA)


@when("{name:Persona} tries to {action:Action}")
def tries_to(context, name, action):
    """The persona attempts one action on the objects the scenario arranged (the latest exhibit, lead, file).

    Example: When Scott tries to delete the exhibit
    """
    attempt(context.api, context.api.persona(name), action)


@when("{name:Persona} tries to {action:Action} without signing in")
def tries_to_unsigned(context, name, action):
    """The persona attempts the action through their application, showing no token.

    Example: When Osiris tries to export the leads without signing in
    """
    attempt(context.api, context.api.persona(name), action, token=None)


@then("{name:Persona} is allowed to do it")
def allowed(context, name):
    """The API carried the action out.

    Example: Then Cleo is allowed to do it
    """
    exchange = context.api.last_exchange
    assert_that(exchange.status, less_than(300),
                f"expected {name} to be allowed: {exchange.answer} to {exchange.request}")


@then("what {name:Persona} created can be read where the answer says it is")
def created_where_said(context, name):
    """The create was answered as done, naming (Location) the new object's own path, where the persona then
    reads exactly what the create answered.

    Example: Then what Cleo created can be read where the answer says it is
    """
    expect_answer(context.api, 201, to="to be told the object was created")
    created, location = context.api.last_json, context.api.last.headers.get("Location")
    expect_that(context.api, location, equal_to(created_path(created)), to="to be told where the new object is")
    context.api.send("GET", location, persona=name)
    expect_body(context.api, equal_to(created), to="to read the new object where the create said it is")


@then("{name:Persona} is refused for lack of permission")
@then("{name:Persona} is not allowed to do it")
@then("{name:Persona} is refused the export")
def refused_for_permission(context, name):
    """The API refused because the persona's role or leads access does not allow the action.

    Example: Then Scott is refused for lack of permission
    """
    expect_answer(context.api, 403, "permission_denied", to="to be refused for lack of permission")


@then("{name:Persona} is refused for asking the list for something it does not offer")
def refused_for_list_query(context, name):
    """The API refused the list as invalid instead of ignoring a filter or option the list does not have.

    Example: Then Scott is refused for asking the list for something it does not offer
    """
    expect_answer(context.api, 422, "validation_error", to="to be refused a filter the list does not offer")


@when("{name:Persona} asks for the exhibit's photos, which Aether does not have")
def asks_for_what_is_not_there(context, name):
    """The persona reads a path under the exhibit that the contract does not define.

    Example: When Osiris asks for the exhibit's photos, which Aether does not have
    """
    context.api.send("GET", endpoints.NOT_IN_THE_CONTRACT.format(exhibit_id=context.api.exhibit()["exhibit_id"]),
                     persona=name)


@then("{name:Persona} is told there is no such thing")
def told_no_such_thing(context, name):
    """The API answered that what was asked for does not exist (not found).

    Example: Then Osiris is told there is no such thing
    """
    expect_answer(context.api, 404, "not_found", to="to be told there is no such thing")
