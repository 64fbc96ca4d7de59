"""A quick yes/no check of a JSON body against one of the contract's schemas.

contract_schema checks every answer of every run. jsonschema explains a violation well but takes about
0.3 ms to pass a created exhibit, lead or file, most of the suite's own time per request. Nearly every
answer conforms, so a check compiled once into plain Python functions answers "conforms" first (about
20 times faster), and jsonschema runs only when it says no, to say why.

It knows the keywords the contract uses, with JSON Schema 2020-12's meaning; ``compile_check`` gives
None for a schema with any other keyword, and then jsonschema checks every body. A check that wrongly
said yes would hide a violation: tests/suite/contract/test_quick_schema.py holds it to jsonschema's verdict on
every schema of the contract, for valid bodies and for broken ones.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

# Keywords that only annotate: they never make a body invalid.
ANNOTATIONS = frozenset({"description", "title", "default", "examples", "contentMediaType", "format",
                         "$comment", "deprecated", "readOnly", "writeOnly"})
TYPES: dict[str, Check] = {
    "null": lambda value: value is None,
    "boolean": lambda value: isinstance(value, bool),
    "integer": lambda value: (isinstance(value, int) and not isinstance(value, bool))
                             or (isinstance(value, float) and value.is_integer()),
    "number": lambda value: isinstance(value, (int, float)) and not isinstance(value, bool),
    "string": lambda value: isinstance(value, str),
    "array": lambda value: isinstance(value, list),
    "object": lambda value: isinstance(value, dict),
}


class Unknown(Exception):
    """The schema uses a keyword this module does not know."""


def compile_check(schema: Any) -> Check | None:
    """A function telling whether a body conforms to ``schema`` (local $refs already inlined), or None."""
    try:
        return _compile(schema)
    except Unknown:
        return None


def _compile(schema: Any) -> Check:
    if schema is True or schema == {}:
        return lambda value: True
    if schema is False:
        return lambda value: False
    if not isinstance(schema, dict):
        raise Unknown(schema)
    checks = [_keyword(keyword, argument, schema) for keyword, argument in schema.items()
              if keyword not in ANNOTATIONS]
    return lambda value: all(check(value) for check in checks)


def _keyword(keyword: str, argument: Any, schema: dict) -> Check:
    if keyword == "type":
        kinds = [TYPES[name] for name in ([argument] if isinstance(argument, str) else argument)]
        return lambda value: any(kind(value) for kind in kinds)
    if keyword == "enum":
        return lambda value: any(_equal(value, option) for option in argument)
    if keyword == "const":
        return lambda value: _equal(value, argument)
    if keyword == "allOf":
        parts = [_compile(part) for part in argument]
        return lambda value: all(part(value) for part in parts)
    if keyword == "not":
        part = _compile(argument)
        return lambda value: not part(value)
    if keyword in _STRING:
        return _only(TYPES["string"], _STRING[keyword](argument))
    if keyword in _NUMBER:
        return _only(TYPES["number"], _NUMBER[keyword](argument))
    if keyword == "required":
        return _only(TYPES["object"], lambda value: all(name in value for name in argument))
    if keyword == "minProperties":
        return _only(TYPES["object"], lambda value: len(value) >= argument)
    if keyword == "properties":
        known = {name: _compile(part) for name, part in argument.items()}
        return _only(TYPES["object"], lambda value: all(known[name](item) for name, item in value.items()
                                                         if name in known))
    if keyword == "additionalProperties":
        known, extra = set(schema.get("properties", {})), _compile(argument)
        return _only(TYPES["object"], lambda value: all(extra(item) for name, item in value.items()
                                                         if name not in known))
    if keyword == "minItems":
        return _only(TYPES["array"], lambda value: len(value) >= argument)
    if keyword == "prefixItems":
        parts = [_compile(part) for part in argument]
        return _only(TYPES["array"], lambda value: all(part(item) for part, item in zip(parts, value)))
    if keyword == "items":
        rest, skip = _compile(argument), len(schema.get("prefixItems", []))
        return _only(TYPES["array"], lambda value: all(rest(item) for item in value[skip:]))
    raise Unknown(keyword)


_STRING: dict[str, Callable[[Any], Check]] = {
    "minLength": lambda limit: lambda value: len(value) >= limit,
    "maxLength": lambda limit: lambda value: len(value) <= limit,
    "pattern": lambda pattern: re.compile(pattern).search,
}
_NUMBER: dict[str, Callable[[Any], Check]] = {
    "minimum": lambda limit: lambda value: value >= limit,
    "maximum": lambda limit: lambda value: value <= limit,
}


def _only(applies: Check, check: Check) -> Check:
    """A keyword that constrains one kind of value and lets every other kind pass."""
    return lambda value: not applies(value) or bool(check(value))


def _equal(one: Any, two: Any) -> bool:
    """JSON equality: true is not 1 (as it is in Python), 1 is 1.0, and containers compare item by item."""
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(_equal(one[key], two[key]) for key in one)
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(_equal(a, b) for a, b in zip(one, two))
    if isinstance(one, (dict, list)) or isinstance(two, (dict, list)):
        return False
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one == two
    return one == two
