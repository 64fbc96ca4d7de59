"""A list answer (``{"items": [...], "count": n}``, contract §3) judged by what a scenario knows of it.

The server may hold other people's objects too (a shared dev API), so a list is never expected to be
exactly the scenario's objects: ``listing_problems`` checks that the answer is a list whose count is its
length, that the whole list is in the contract's order (by ``created_at``, then the id by code point),
that each of ``present`` is in it as the API described it when it was created, and that none of
``absent`` is. An empty result means the list is as expected; ``expect_listed`` fails in words on the last act's answer.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from aether_suite.checks.expectations import expect_answer, expect_none
from aether_suite.client.api import AetherApi


def expect_listed(api: AetherApi, key: str, present: Sequence[Mapping] = (), absent: Iterable[Mapping] = (), *,
                  to: str, describe: Callable[[Mapping], str] | None = None) -> None:
    """The last act was answered with a list that holds ``present`` and none of ``absent``, oldest first."""
    expect_answer(api, 200, to=to)
    expect_none(api, listing_problems(api.last_json, key, present, absent, describe or _named), to=to)


def _named(item: Mapping) -> str:
    return repr(item.get("name") or item.get("filename"))


def listing_problems(body: Any, key: str, present: Sequence[Mapping] = (), absent: Iterable[Mapping] = (),
                     describe: Callable[[Mapping], str] = _named) -> list[str]:
    """What is wrong with the list ``body`` of objects identified by ``key`` (``"file_id"``, ``"exhibit_id"``);
    ``describe`` names an object in a problem."""
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        return [f"the answer is not a list of objects: {body!r:.200}"]
    problems = []
    if body.get("count") != len(items):
        problems.append(f"its count is {body.get('count')!r} for {len(items)} items")
    order = [(item.get("created_at"), item.get(key)) for item in items]
    if order != sorted(order, key=lambda pair: (str(pair[0]), str(pair[1]))):
        problems.append("it is not in order of creation, oldest first (by created_at, then "
                        f"{key}): {', '.join(f'{at} {ident}' for at, ident in order[:12])}")
    listed = {item.get(key): item for item in items}
    for item in present:
        found = listed.get(item[key])
        if found is None:
            problems.append(f"{describe(item)} ({item[key]}) is not in it")
        elif found != item:
            changed = sorted(name for name in {*found, *item} if found.get(name) != item.get(name))
            problems.append(f"{describe(item)} is listed with other details: "
                            + ", ".join(f"{name} {item.get(name)!r} as {found.get(name)!r}" for name in changed))
    problems += [f"{describe(item)} ({item[key]}) is in it" for item in absent if item[key] in listed]
    return problems
