"""Leads written as Gherkin tables, turned into the bodies the API takes.

A cell may hold the escapes ``\\t`` (tab), ``\\r`` (carriage return) and ``\\n`` (line feed), which a
Gherkin table cannot hold literally (cells are trimmed); ``\\\\`` is one backslash.

Two ways to write leads:

- ``lead_fields``: every column is a field of the API (first_name, ..., hidden, enabled true/false,
  responses_json as JSON); an empty cell leaves the field out.
- ``lead_with_answers``: the same, but a column that is no field of the API is a question and its cell the
  lead's answer to it: empty = not answered, ``[Cloud, Edge]`` = a multi-choice answer. A lead's answers
  are given in the order of the columns.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

FIELDS = ("first_name", "last_name", "email", "company", "title", "phone", "badge_id", "scanned_at",
          "exhibitor_notes", "responses_json", "hidden", "enabled")
BOOLEAN_FIELDS = frozenset({"hidden", "enabled"})
JSON_FIELDS = frozenset({"responses_json"})
_ESCAPE = re.compile(r"\\([\\trn])")
_ESCAPED = {"\\": "\\", "t": "\t", "r": "\r", "n": "\n"}
_CHOICES = re.compile(r"\[(.*)\]\Z", re.DOTALL)


def unescape(cell: str) -> str:
    """A cell's text with ``\\t``, ``\\r``, ``\\n`` and ``\\\\`` turned into the characters they name."""
    return _ESCAPE.sub(lambda m: _ESCAPED[m.group(1)], cell)


def boolean(column: str, cell: str) -> bool:
    if cell.lower() not in ("true", "false"):
        raise ValueError(f"the {column} column holds true or false, not {cell!r}")
    return cell.lower() == "true"


def field_value(column: str, cell: str):
    """One API field from its cell (already known to be non-empty)."""
    if column in BOOLEAN_FIELDS:
        return boolean(column, cell)
    if column in JSON_FIELDS:
        return json.loads(cell)
    return unescape(cell)


def lead_fields(headings: Sequence[str], cells: Sequence[str]) -> dict:
    """A lead whose every column is an API field; empty cells are left out."""
    return {column: field_value(column, cell) for column, cell in zip(headings, cells) if cell != ""}


def answer(cell: str) -> str | list[str]:
    """``[Cloud, Edge]`` is a multi-choice answer (items split on commas), anything else one answer."""
    choices = _CHOICES.match(cell)
    if choices:
        return [unescape(item.strip()) for item in choices.group(1).split(",")]
    return unescape(cell)


def lead_with_answers(headings: Sequence[str], cells: Sequence[str]) -> dict:
    """A lead from a row whose columns are API fields or questions (see the module docstring)."""
    lead: dict = {}
    answers = []
    for column, cell in zip(headings, cells):
        if cell == "":
            continue
        if column in FIELDS:
            lead[column] = field_value(column, cell)
        else:
            answers.append({"question": unescape(column), "answer": answer(cell)})
    if answers:
        lead["responses_json"] = [*lead.get("responses_json", []), *answers]
    return lead


def named(lead: Mapping) -> str:
    return f"{lead.get('first_name', '?')} {lead.get('last_name', '?')}"


def text_of_length(length: int) -> str:
    """Real-looking text, accents and spaces included, exactly ``length`` characters long."""
    piece = "Café Müller, Präzisionstechnik. "
    return (piece * (length // len(piece) + 1))[:length]


def scanned_together(count: int, moment: str) -> list[dict]:
    """``count`` leads (Guest 1, Guest 2, ...) scanned at the same ``moment``."""
    return [{"first_name": "Guest", "last_name": str(n), "scanned_at": moment} for n in range(1, count + 1)]


# ---------------------------------------------------------------------------- one lead, one field

# How features name a lead's fields: the words -> the API field (and the export column of that name).
FIELD_WORDS = {"first name": "first_name", "last name": "last_name", "email": "email", "company": "company",
               "job title": "title", "phone": "phone", "badge": "badge_id", "notes": "exhibitor_notes"}
# A lead's answer to this question, or a question of this text answered with ANSWER_TO_ANY.
ANSWERED_QUESTION = "Budget"
ANSWER_TO_ANY = "Yes"
SPECIAL_WORDS = ("answer", "question")


def lead_with(word: str, value: str) -> dict:
    """Ada Lovelace, whose ``word`` field is ``value`` (escapes decoded): a field of FIELD_WORDS, "answer"
    (her answer to "Budget") or "question" (a question of that text, which she answered "Yes")."""
    lead = {"first_name": "Ada", "last_name": "Lovelace"}
    value = unescape(value)
    if word in FIELD_WORDS:
        lead[FIELD_WORDS[word]] = value
    elif word == "answer":
        lead["responses_json"] = [{"question": ANSWERED_QUESTION, "answer": value}]
    elif word == "question":
        lead["responses_json"] = [{"question": value, "answer": ANSWER_TO_ANY}]
    else:
        raise LookupError(f"a lead has no {word!r}; say one of: {', '.join([*FIELD_WORDS, *SPECIAL_WORDS])}")
    return lead
