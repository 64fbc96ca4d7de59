"""The step glossary: every step phrase with its meaning, an example and the values its slots accept, read
from behave's step registry.

Each step function's docstring says what the step means (its first line) and shows it as a feature
writes it (a line ``Example: When Cleo signs in with their passcode``); a function may carry several
phrases (he/she/their, with and without "has"), and its example need match only one of them. The values
of a typed slot come from the parse type itself (aether_suite/run/vocabulary.py). The glossary is built
from the registry after behave has loaded the steps, so it lists exactly the steps that exist.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from behave.step_registry import StepRegistry

from aether_suite.run.vocabulary import read_docstring, values_lines

KEYWORDS = {"given": "Given", "when": "When", "then": "Then", "step": "Step"}
_PLACEHOLDER = re.compile(r"\{(\w+)(?::\w+)?\}")
_EXAMPLE_KEYWORD = re.compile(r"^(Given|When|Then|And|But|\*)\s+")


@dataclass(frozen=True)
class Entry:
    keyword: str  # "When"
    phrase: str  # "{name} signs in with their passcode"
    meaning: str | None
    example: str | None  # "When Cleo signs in with their passcode"
    module: str  # "steps/persona_steps.py"
    line: int
    concept: str  # first line of the step module's docstring
    example_matches: bool  # the example is a step this function matches, under one of its phrases
    values: tuple[str, ...]  # what each typed slot accepts: 'description: one of: "booth brochure", ...'


def entries(registry: StepRegistry) -> list[Entry]:
    """Every step definition in the registry, by module, then Given/When/Then, then line."""
    found = []
    phrases = {}  # step function -> its matchers
    for matchers in registry.steps.values():
        for matcher in matchers:
            phrases.setdefault(matcher.func, []).append(matcher)
    for step_type, matchers in registry.steps.items():
        for matcher in matchers:
            meaning, example = read_docstring(matcher.func.__doc__)
            example_text = _EXAMPLE_KEYWORD.sub("", example or "")
            module_doc = (matcher.func.__globals__.get("__doc__") or "").strip()
            found.append(Entry(
                keyword=KEYWORDS[step_type], phrase=matcher.pattern, meaning=meaning, example=example,
                module=_relative(matcher.location.filename), line=matcher.location.line,
                concept=module_doc.splitlines()[0] if module_doc else "",
                example_matches=bool(example) and any(other.match(example_text) is not None
                                                      for other in phrases[matcher.func]),
                values=tuple(values_lines([matcher.pattern]))))
    order = list(KEYWORDS.values())
    return sorted(found, key=lambda e: (e.module, order.index(e.keyword), e.line))


def problems(registry: StepRegistry) -> list[str]:
    """What keeps the glossary from explaining every step: missing meanings, missing or wrong examples."""
    found = []
    for entry in entries(registry):
        where = f"{entry.module}:{entry.line} {entry.keyword} {entry.phrase!r}"
        if not entry.meaning:
            found.append(f"{where}: the docstring has no first line saying what the step means")
        if not entry.example:
            found.append(f"{where}: the docstring has no 'Example: <the step as a feature writes it>' line")
        elif not entry.example_matches:
            found.append(f"{where}: the example {entry.example!r} is not a step this function matches")
    return found


def to_html(glossary: list[Entry]) -> str:
    """The glossary as HTML: one table per step module (a domain concept), one row per step function
    with all its phrases, its meaning, the values its slots accept and its example."""
    parts = [f"<p>{len(glossary)} phrases, generated from the step definitions of this run.</p>"]
    for module in dict.fromkeys(entry.module for entry in glossary):
        steps = {}  # a step function (its line) -> its phrases
        for entry in glossary:
            if entry.module == module:
                steps.setdefault(entry.line, []).append(entry)
        first = next(iter(steps.values()))[0]
        parts.append(f"<h3>{_e(first.concept or module)} <small>{_e(module)}</small></h3>"
                     "<table class='aether-table'><tr><th>Step</th><th>Meaning</th><th>Example</th><th>Line</th></tr>")
        for line, phrases in steps.items():
            entry = phrases[0]
            values = sorted({value for phrase in phrases for value in phrase.values})
            parts.append(
                "<tr><td>" + "<br>".join(f"<b>{p.keyword}</b> {phrase_html(p.phrase)}" for p in phrases) + "</td>"
                f"<td{'' if entry.meaning else ' class=gap'}>{_e(entry.meaning or 'not explained yet')}"
                + "".join(f"<br><small>{_e(value)}</small>" for value in values) + "</td>"
                f"<td><code>{_e(entry.example or '')}</code></td><td>{line}</td></tr>")
        parts.append("</table>")
    return "".join(parts)


def _relative(filename: str) -> str:
    path = Path(filename)
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def phrase_html(pattern: str) -> str:
    """``{name} signs in`` -> ``<var>name</var> signs in``: the parts a writer fills in."""
    return _PLACEHOLDER.sub(lambda m: f"<var>{m.group(1)}</var>", _e(pattern))


def _e(text: str) -> str:
    return html.escape(text, quote=True)
