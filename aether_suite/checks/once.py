"""Sent twice at once, done once: of two deletes of the same thing sent together, one is done and the other
finds nothing to delete, as a second delete sent after the first would (contract §1, check 8)."""
from __future__ import annotations

import requests

from aether_suite.client.api import AetherApi


def deleted_once_problems(api: AetherApi, answers: list[requests.Response], what: str) -> list[str]:
    """Why two answers to deleting ``what`` twice at once are not one done (204) and one not found."""
    exchanges = [api.exchange_of(response) for response in answers]
    outcomes = sorted((exchange.status, exchange.error_code or "") for exchange in exchanges)
    if outcomes == [(204, ""), (404, "not_found")]:
        return []
    return [f"the deletions of {what} answered {' and '.join(exchange.answer for exchange in exchanges)}: one "
            f"should be done and the other find no such {what}"]
