"""How people type what they enter at sign-in: an email or a domain in another letter case, or with
spaces around it. Each way is made from the value as the deployment registered it (client/personas.py),
so a scenario that names a way holds on any deployment, whatever its demo dataset's emails and domains.
"""
from __future__ import annotations

import re
from typing import Callable

from aether_suite.errors import ArrangementFailed

AS_REGISTERED = "as registered"


def capitalised(text: str) -> str:
    """Each run of letters with a capital first: ``cleo@demo.example`` -> ``Cleo@Demo.Example``."""
    return re.sub(r"[A-Za-z]+", lambda run: run[0].capitalize(), text)


# Ways to type any value that is matched in any letter case (a domain, an email).
IN_ANY_CASE: dict[str, Callable[[str], str]] = {
    AS_REGISTERED: lambda text: text,
    "in capitals": str.upper,
    "with each word capitalised": capitalised,
}
# Ways to type an email, which is also matched trimmed.
AN_EMAIL: dict[str, Callable[[str], str]] = {
    **IN_ANY_CASE,
    "with spaces around it": lambda text: f"  {text}  ",
    "with each word capitalised and a space either side": lambda text: f" {capitalised(text)} ",
}


def typed(way: str, value: str) -> str:
    """``value`` typed ``way`` (a key of AN_EMAIL). A way that leaves the value as it is (a domain without
    letters typed in capitals) would prove nothing, so it fails the arrangement."""
    result = AN_EMAIL[way](value)
    if way != AS_REGISTERED and result == value:
        raise ArrangementFailed(f"{value!r} typed {way} is {value!r} again: on this deployment the "
                                f"scenario cannot show that it is recognised however it is typed")
    return result
