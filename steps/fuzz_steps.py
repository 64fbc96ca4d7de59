"""Steps about requests generated from the machine-readable contract.

Calls: aether_suite/fuzz/generated.py (generated requests and linked sequences, each answer judged).
"""
from behave import register_type, then, when

from aether_suite.fuzz import generated
from aether_suite.run.vocabulary import PERSONA

register_type(Persona=PERSONA)


@when("{name:Persona} sends the requests generated from the contract about them")
def sends_generated_requests(context, name):
    """Generated requests, valid and invalid, about the exhibit, lead and file the scenario arranged, then
    linked sequences from the contract's links; bounded (aether_suite/fuzz/generated.py, Budget).

    Example: When Osiris sends the requests generated from the contract about them
    """
    api = context.api
    ids = generated.real_ids(api.exhibit(), api.leads[-1], api.file())
    # The generated requests, made meanwhile in a process of their own (environment.py), or here (None).
    context.generated = generated.run(api, api.persona(name), ids, pregeneration=context.pregeneration)


@then("every generated request was answered as the contract allows")
def answered_as_the_contract_allows(context):
    """No finding: no 5xx, every status, media type and body as documented, no valid request refused as invalid.

    Example: Then every generated request was answered as the contract allows
    """
    outcome = context.generated
    assert outcome.requests, f"no generated request was sent ({outcome.summary()})"
    assert not outcome.findings, outcome.evidence()
