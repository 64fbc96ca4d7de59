"""An event's exhibits list (contract §3), from which the team picks the exhibit whose leads to export.

The server may hold other exhibits at the event (a shared dev API): the list must hold the scenario's
exhibits as they were created, the whole list oldest first (aether_suite/checks/listings.py).
"""
from __future__ import annotations

from collections.abc import Mapping

from aether_suite.checks.listings import expect_listed
from aether_suite.client.api import AetherApi


def _described(exhibit: Mapping) -> str:
    return f"the exhibit {exhibit.get('name')!r}"


def expect_exhibits_listed(api: AetherApi, names: list[str]) -> None:
    """The last act's list holds the scenario's exhibits of these names, as created, oldest first."""
    present = [api.exhibit(name) for name in names]
    expect_listed(api, "exhibit_id", present, to=f"to be shown the exhibits {', '.join(map(repr, names))}, "
                  "oldest first", describe=_described)
