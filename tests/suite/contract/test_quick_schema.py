"""The quick conformance check agrees with jsonschema on every body schema of the contract.

A quick check that said yes where jsonschema says no would let an answer that breaks the contract pass
unnoticed, so each schema is tried with bodies drawn to conform to it and with the same bodies broken.
"""
from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aether_suite.contract import quick_schema
from aether_suite.contract import schema as contract_schema


def _body_schemas() -> dict[str, contract_schema.BodySchema]:
    """Each distinct body schema of the contract, named by the first answer that uses it."""
    found: dict[str, tuple[str, contract_schema.BodySchema]] = {}
    for (method, template), operation in contract_schema._contract().operations.items():
        for status, media in operation.responses.items():
            for media_type, schema in media.items():
                if schema is not None:
                    found.setdefault(json.dumps(schema.validator.schema, sort_keys=True),
                                     (f"{method} {template} {status} {media_type}", schema))
    return dict(found.values())


BODY_SCHEMAS = _body_schemas()
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                    max_leaves=8)


def conforming(schema) -> st.SearchStrategy:
    """Bodies meant to conform to ``schema`` (the contract's keywords; allOf of objects is merged)."""
    if schema is True or schema == {}:
        return JSON
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "allOf" in schema:
        rest = {key: value for key, value in schema.items() if key != "allOf"}
        parts = [conforming(part) for part in schema["allOf"]] + ([conforming(rest)] if rest.get("properties") else [])
        return st.tuples(*parts).map(lambda values: {key: value for part in values for key, value in part.items()})
    kinds = schema.get("type", "object" if "properties" in schema else None)
    if isinstance(kinds, list):
        return st.one_of([conforming({**schema, "type": kind}) for kind in kinds])
    if kinds == "object":
        properties = {name: conforming(part) for name, part in schema.get("properties", {}).items()}
        required = set(schema.get("required", ()))
        return st.fixed_dictionaries({name: value for name, value in properties.items() if name in required},
                                     optional={name: value for name, value in properties.items() if name not in required})
    if kinds == "array":
        prefix = [conforming(part) for part in schema.get("prefixItems", [])]
        rest = conforming(schema["items"]) if "items" in schema else JSON
        extra = max(0, schema.get("minItems", 0) - len(prefix))
        return st.tuples(st.tuples(*prefix), st.lists(rest, min_size=extra, max_size=extra + 2)).map(
            lambda parts: [*parts[0], *parts[1]])
    if kinds == "string":
        low, high = schema.get("minLength", 0), schema.get("maxLength", math.inf)
        if "pattern" not in schema:
            return st.text(min_size=low, max_size=min(high, 40))
        return st.from_regex(schema["pattern"]).filter(lambda value: low <= len(value) <= high)
    if kinds in ("integer", "number"):
        return st.integers(schema.get("minimum", -10**6), schema.get("maximum", 10**6))
    if kinds == "boolean":
        return st.booleans()
    if kinds == "null":
        return st.none()
    return JSON


@st.composite
def broken(draw, body):
    """``body`` with one thing changed somewhere: a value replaced, a field dropped or added."""
    if isinstance(body, dict) and body and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(body)))
        change = draw(st.sampled_from(["replace", "drop", "add", "inside"]))
        if change == "replace":
            return {**body, key: draw(JSON)}
        if change == "drop":
            return {name: value for name, value in body.items() if name != key}
        if change == "add":
            return {**body, draw(st.text(min_size=1, max_size=8)): draw(JSON)}
        return {**body, key: draw(broken(body[key]))}
    if isinstance(body, list) and body and draw(st.booleans()):
        index = draw(st.integers(0, len(body) - 1))
        return body[:index] + [draw(broken(body[index]))] + body[index + 1:]
    if isinstance(body, str) and draw(st.booleans()):
        return body + draw(st.sampled_from(["", "x", "\n", "-" * 300, "é" * 10001]))
    return draw(JSON | st.sampled_from([True, False, 0, 1, 1.0, -1, 0.5, "", None, [], {}]))


@pytest.mark.parametrize("where", sorted(BODY_SCHEMAS))
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_the_quick_check_agrees_with_jsonschema(where, data):
    schema = BODY_SCHEMAS[where]
    assert schema.conforms is not None, f"{where}: the quick check does not know all of its keywords"
    body = data.draw(conforming(schema.validator.schema))
    for candidate in (body, data.draw(broken(body))):
        assert schema.conforms(candidate) == schema.validator.is_valid(candidate), candidate


def test_bodies_drawn_to_conform_mostly_do():
    """The agreement above means little if the drawn bodies never conform: most must."""
    schema = next(schema for where, schema in BODY_SCHEMAS.items() if where.startswith("POST /v3/crud/event_exhibit/{exhibit_id}/tracking 201"))
    found = []

    @settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(conforming(schema.validator.schema))
    def draw(body):
        found.append(schema.validator.is_valid(body))

    draw()
    assert sum(found) > 0.9 * len(found)


@pytest.mark.parametrize("schema, value, expected", [
    ({"type": "integer"}, 1.0, True), ({"type": "integer"}, 1.5, False), ({"type": "integer"}, True, False),
    ({"type": "number"}, False, False), ({"const": 1}, True, False), ({"const": 1}, 1.0, True),
    ({"enum": [[1]]}, [True], False), ({"enum": [{"a": 0}]}, {"a": 0.0}, True), ({"const": "x"}, ["x"], False),
    ({"const": {"a": 1}}, {"a": 1, "b": 2}, False), ({"const": [1]}, [1, 1], False),
    ({"minimum": 1}, "a", True), ({"maxLength": 2}, "ab", True), ({"maxLength": 2}, "abc", False),
    ({"minProperties": 1}, {}, False), ({"not": {"type": "null"}}, None, False),
    ({"prefixItems": [{"const": 1}], "items": {"type": "string"}}, [1, "a"], True),
    ({"prefixItems": [{"const": 1}], "items": {"type": "string"}}, [1, 2], False),
    ({"properties": {"a": {"type": "string"}}, "additionalProperties": False}, {"a": "x", "b": 1}, False),
    ({"pattern": "^a$"}, "a\n", True), ({"type": "number", "maximum": 1}, math.inf, False),
])
def test_edge_cases_match_jsonschema(schema, value, expected):
    assert quick_schema.compile_check(schema)(value) is expected
    assert contract_schema.Draft202012Validator(schema).is_valid(value) is expected


def test_a_schema_with_an_unknown_keyword_is_left_to_jsonschema():
    assert quick_schema.compile_check({"type": "object", "dependentRequired": {"a": ["b"]}}) is None
    assert quick_schema.compile_check({"items": {"uniqueItems": True}}) is None
