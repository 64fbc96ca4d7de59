"""The step vocabulary as a writer meets it: the values each slot of a phrase accepts, and help for a
step that matches no phrase.

A slot type made with ``one_of`` or ``shaped`` is a behave parse type that carries what it accepts,
so the catalogue (``document``), the report's glossary and the help below list the values from the
very code that parses them. ``check_vocabulary`` runs before the first scenario: every step of the
selected scenarios must match a phrase, else the run stops with, for each such step, the values its
slot accepts or the closest phrases, instead of running it as "undefined" with a Python snippet.
"""
from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import parse
from behave.matchers import ParseMatcher
from behave.step_registry import StepRegistry

from aether_suite.client.personas import ACCOUNTS, PERSONAS

PLACEHOLDER = re.compile(r"\{(\w*)(?::(\w+))?\}")
KEYWORDS = {"given": "Given", "when": "When", "then": "Then", "step": "Given/When/Then"}
_VALUES_MARK = "Values:"


# ---------------------------------------------------------------------------------------- slot types

def one_of(values: Iterable[str], meaning: Callable[[str], object] = str) -> Callable[[str], object]:
    """A parse type matching exactly one of ``values`` (the longest first); the step gets ``meaning(text)``."""
    values = tuple(values)
    # Spaces unescaped: the editor reads these patterns as JavaScript too (.vscode/settings.json).
    convert = parse.with_pattern("|".join(re.escape(v).replace("\\ ", " ")
                                          for v in sorted(values, key=len, reverse=True)))(
        lambda text: meaning(text))
    convert.values = values
    return convert


def shaped(pattern: str, examples: Iterable[str], meaning: Callable[[str], object] = str) -> Callable[[str], object]:
    """A parse type matching the regular expression ``pattern``; ``examples`` show the writer its shapes."""
    convert = parse.with_pattern(pattern)(lambda text: meaning(text))
    convert.examples = tuple(examples)
    return convert


# Slots of many step modules, each registering them as "Account" and "Persona": a demo account by its full
# or short name, a demo persona by their first or full name.
ACCOUNT = one_of(tuple(name for acct in ACCOUNTS for name in (acct.name, acct.short_name)))
PERSONA = one_of(tuple(name for person in PERSONAS for name in (person.name, person.full_name)))


def slot_types() -> dict[str, Callable]:
    """The registered slot types that say what they accept, by name."""
    return {name: convert for name, convert in ParseMatcher.TYPE_REGISTRY.items()
            if hasattr(convert, "values") or hasattr(convert, "examples")}


def accepted(type_name: str) -> str:
    """What a slot of that type accepts, as a writer reads it: 'one of: "a", "b"' or 'such as: ...'."""
    convert = slot_types()[type_name]
    if hasattr(convert, "values"):
        return "one of: " + ", ".join(f'"{value}"' for value in convert.values)
    return "such as: " + ", ".join(f'"{example}"' for example in convert.examples)


def accepts(type_name: str, text: str) -> bool:
    return re.fullmatch(f"(?:{slot_types()[type_name].pattern})", text) is not None


def slots(phrase: str) -> list[tuple[str, str]]:
    """The phrase's typed slots that say what they accept: [(field, type name)]."""
    known = slot_types()
    return [(m.group(1), m.group(2)) for m in PLACEHOLDER.finditer(phrase) if m.group(2) in known]


def values_lines(phrases: Iterable[str]) -> list[str]:
    """One line per typed slot of these phrases: '<field>: one of: ...'."""
    seen = dict.fromkeys((field, type_name) for phrase in phrases for field, type_name in slots(phrase))
    return [f"{field}: {accepted(type_name)}" for field, type_name in seen]


def document(registry: StepRegistry) -> None:
    """Add to each step function's docstring the values its typed slots accept (the catalogue shows them)."""
    phrases: dict[Callable, list[str]] = {}
    for matchers in registry.steps.values():
        for matcher in matchers:
            phrases.setdefault(matcher.func, []).append(matcher.pattern)
    for func, patterns in phrases.items():
        lines = values_lines(patterns)
        if lines and _VALUES_MARK not in (func.__doc__ or ""):
            func.__doc__ = (func.__doc__ or "").rstrip() + f"\n\n    {_VALUES_MARK}\n" + "".join(
                f"      {line}\n" for line in lines)


def read_docstring(doc: str | None) -> tuple[str | None, str | None]:
    """(meaning, example) of a step docstring: its first line, and its 'Example: ...' line without the label."""
    lines = [line.strip() for line in (doc or "").strip().splitlines()]
    meaning = lines[0] if lines and lines[0] and not lines[0].startswith("Example:") else None
    example = next((line[len("Example:"):].strip() for line in lines if line.startswith("Example:")), None)
    return meaning, example or None


# ---------------------------------------------------------------------------------------- the editor

# behave's built-in parse types a phrase uses, as regular expressions
_BUILT_IN = {"d": r"-?\d+", "w": r"\w+"}


def editor_settings(registry: StepRegistry) -> dict:
    """.vscode/settings.json for the Cucumber extension: where features and steps are, and every
    placeholder of a phrase (``{name}``, ``{description:FileSample}``) as a parameter type it knows."""
    placeholders = sorted({m.group(0)[1:-1]: m for matchers in registry.steps.values() for matcher in matchers
                           for m in PLACEHOLDER.finditer(matcher.pattern)}.items())
    types = ParseMatcher.TYPE_REGISTRY
    return {
        "cucumber.features": ["features/**/*.feature"],
        "cucumber.glue": ["steps/*.py"],
        "cucumber.parameterTypes": [
            {"name": inner, "regexp": types[m.group(2)].pattern if m.group(2) in types
             else _BUILT_IN.get(m.group(2) or "", ".*")}
            for inner, m in placeholders],
    }


# ---------------------------------------------------------------------------------------- help

@dataclass(frozen=True)
class Unmatched:
    """A step of a feature that matches no phrase, and what to write instead."""

    location: str  # "features/files/uploading.feature:12"
    step: str  # "When Cleo uploads the price lst"
    advice: tuple[str, ...]

    def render(self) -> str:
        return "\n".join([f"{self.location}  {self.step}", *(f"    {line}" for line in self.advice)])


def unmatched_steps(features: Iterable, registry: StepRegistry, selected: Callable[[object], bool]) -> list[Unmatched]:
    """Every step of the selected scenarios of ``features`` that matches no phrase of ``registry``."""
    found: dict[str, Unmatched] = {}
    for scenario in (s for feature in features for s in feature.walk_scenarios() if selected(s)):
        for step in scenario.all_steps:
            location = f"{step.location.filename}:{step.location.line}"
            if location not in found and registry.find_match(step) is None:
                found[location] = Unmatched(location, f"{step.keyword} {step.name}",
                                            tuple(advice(registry, step.step_type, step.name)))
    return list(found.values())


def advice(registry: StepRegistry, step_type: str, text: str) -> list[str]:
    """What to write instead of a step that matches nothing: the slot values, the keyword, or close phrases."""
    near = [wrong for wrong in (_wrong_values(matcher, text) for matcher in _candidates(registry, step_type)) if wrong]
    if near:  # the phrases that need the fewest values changed
        fewest = min(len(wrong) for wrong in near)
        return list(dict.fromkeys(line for wrong in near if len(wrong) == fewest for line in wrong))[:4]
    other_keyword = [matcher for kind, matchers in registry.steps.items() if kind not in (step_type, "step")
                     for matcher in matchers if matcher.match(text)]
    if other_keyword:
        kind = KEYWORDS[other_keyword[0].step_type]
        return [f'this phrase exists as a {kind} step: write "{kind} {text}"']
    return ["no phrase matches; the closest are:", *(f"  {line}" for line in _closest(registry, step_type, text))]


def _candidates(registry: StepRegistry, step_type: str) -> Iterator:
    yield from registry.steps.get(step_type, [])
    if step_type != "step":
        yield from registry.steps.get("step", [])


def _wrong_values(matcher, text: str) -> list[str]:
    """For a phrase that matches ``text`` once its typed slots accept anything: each slot's wrong value."""
    typed = slots(matcher.pattern)
    if not typed:
        return []
    loose = PLACEHOLDER.sub(lambda m: "{%s}" % m.group(1) if m.group(2) in dict(typed).values() else m.group(0),
                            matcher.pattern)
    found = parse.Parser(loose, extra_types=ParseMatcher.TYPE_REGISTRY).parse(text)
    if found is None:
        return []
    return [f'"{found[field]}" is not {_label(type_name)} this phrase takes ({matcher.pattern}); '
            f"{field} is {accepted(type_name)}"
            for field, type_name in typed if not accepts(type_name, found[field])]


def _label(type_name: str) -> str:
    """'FileSample' -> 'a file sample', 'Action' -> 'an action'."""
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", type_name).lower()
    return ("an " if words[0] in "aeiou" else "a ") + words


def _closest(registry: StepRegistry, step_type: str, text: str, count: int = 3) -> list[str]:
    best = {}  # step function -> (score, keyword, its closest phrase, its example): one phrase per step
    for matcher in _candidates(registry, step_type):
        example = read_docstring(matcher.func.__doc__)[1] or ""
        example_text = re.sub(r"^(Given|When|Then|And|But)\s+", "", example)
        score = max(_similarity(text, example_text), _similarity(text, PLACEHOLDER.sub("", matcher.pattern)))
        if score > best.get(matcher.func, (-1,))[0]:
            best[matcher.func] = (score, KEYWORDS[matcher.step_type], matcher.pattern, example)
    scored = sorted(best.values(), key=lambda item: -item[0])
    return [f"{keyword} {pattern}" + (f"   e.g. {example}" if example else "")
            for _, keyword, pattern, example in scored[:count]]


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold()).ratio()


def report(unmatched: list[Unmatched]) -> str:
    """The help shown when steps match no phrase: one block per step, then where the vocabulary is."""
    return "\n\n".join([
        f"{len(unmatched)} step(s) of the selected scenarios match no phrase of the vocabulary; nothing was run.",
        *(item.render() for item in unmatched),
        "Every phrase with its meaning and values: behave --steps-catalog, or docs/writing-scenarios.md.\n"
        "Engineers adding a phrase: behave --snippets runs anyway and prints a step definition to start from."])


def check_vocabulary(context) -> str | None:
    """None when every step of the selected scenarios matches a phrase; else the help goes to stderr and
    the reason to stop the run, one line, is returned.

    With ``--snippets`` (behave.ini turns snippets off) the run goes on, and behave reports undefined
    steps with a snippet for each, as engineers adding a phrase want.
    """
    if context.config.show_snippets:
        return None
    features, registry = parsed_run(context)
    unmatched = unmatched_steps(features, registry, lambda scenario: scenario.should_run(context.config))
    if not unmatched:
        return None
    print(report(unmatched), file=sys.stderr)
    return f"{len(unmatched)} step(s) match no phrase of the vocabulary (listed above)"


def parsed_run(context) -> tuple[list, StepRegistry]:
    """The features behave parsed for this run and the steps it loaded (it offers them only through its runner)."""
    runner = context._runner  # tests/features/test_wrong_phrases.py fails if behave moves them
    return list(runner.features), runner.step_registry


def main() -> None:
    """``python -m aether_suite.run.vocabulary > .vscode/settings.json``: the editor settings for the steps."""
    import json  # noqa: PLC0415 - only this command needs them
    from pathlib import Path  # noqa: PLC0415

    from behave.runner_util import load_step_modules  # noqa: PLC0415
    from behave.step_registry import registry  # noqa: PLC0415

    load_step_modules([str(Path(__file__).resolve().parents[2] / "steps")])
    print(json.dumps(editor_settings(registry), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
