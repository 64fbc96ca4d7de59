"""Contract coverage: which endpoints and error codes of the contract this run's scenarios exercised.

Derived from the exchanges the API objects recorded, never kept by hand. Only the requests the steps
make count (phase "act"); the sign-ins, set-up and clean-up behind them exercise nothing a scenario judges.
Rows nobody exercised are the gaps. A scenario is held by its key (results.scenario_key), so that the
coverage of many runs merges; the report names and links it when it renders (``to_html(ref)``).
"""
from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from aether_suite.client.recorder import Exchange
from aether_suite.contract import endpoints
from aether_suite.contract import schema as contract_schema


@dataclass(frozen=True)
class ScenarioRef:
    feature: str
    name: str
    anchor: str | None = None  # the scenario's element id in the report


# (METHOD, path template (the raw path outside the contract), status, error code) -> scenario keys
Key = tuple[str, str, int, str | None]


class ContractCoverage:
    """Collects, scenario by scenario, the answers the contract's endpoints gave during the run."""

    def __init__(self):
        self.seen: dict[Key, list[str]] = defaultdict(list)

    def to_data(self) -> list:
        return [[*key, scenarios] for key, scenarios in self.seen.items()]

    @classmethod
    def from_data(cls, rows: list) -> "ContractCoverage":
        coverage = cls()
        for method, template, status, code, scenarios in rows:
            coverage.seen[(method, template, status, code)] = list(scenarios)
        return coverage

    def merge(self, other: "ContractCoverage") -> None:
        for key, scenarios in other.seen.items():
            self.seen[key] = _unique([*self.seen[key], *scenarios])

    def add(self, scenario: str, exchanges: Iterable[Exchange]) -> None:
        for exchange in exchanges:
            if exchange.phase != "act":
                continue
            operation = contract_schema.operation_for(exchange.method, exchange.path)
            template = operation.template if operation else urlsplit(exchange.path).path
            scenarios = self.seen[(exchange.method, template, exchange.status, exchange.error_code)]
            if scenario not in scenarios:
                scenarios.append(scenario)

    def answers(self, method: str, template: str) -> dict[tuple[int, str | None], list[str]]:
        """(status, code) -> scenarios, for one endpoint."""
        return {(status, code): refs for (m, t, status, code), refs in sorted(self.seen.items(), key=_by_status)
                if (m, t) == (method, template)}

    def scenarios_with_code(self, code: str) -> list[str]:
        return _unique(ref for (_, _, _, seen_code), refs in self.seen.items() if seen_code == code for ref in refs)

    def to_html(self, ref: Callable[[str], ScenarioRef]) -> str:
        """The coverage tables; ``ref`` names a scenario key for the page."""
        doc = endpoints.document()
        endpoint_rows, exercised, unseen_total = [], 0, 0
        for method, template in endpoints.OPERATIONS:
            operation = doc["paths"][template][method.lower()]
            answers = self.answers(method, template)
            seen_statuses = {status for status, _ in answers}
            unseen = [status for status in operation["responses"] if int(status) not in seen_statuses]
            scenarios = _unique(ref for refs in answers.values() for ref in refs)
            chips = " ".join(_chip(status, code, len(refs)) for (status, code), refs in answers.items())
            exercised += bool(scenarios)
            unseen_total += len(unseen)
            endpoint_rows.append(
                f"<tr{'' if scenarios else ' class=gap'}><td><code>{method} {_e(template)}</code><br>"
                f"<small>{_e(operation.get('summary', ''))}</small></td><td>{chips or 'none'}</td>"
                f"<td>{' '.join(f'<span class=unseen>{s}</span>' for s in unseen)}</td>"
                f"<td>{_scenario_list([ref(key) for key in scenarios])}</td></tr>")
        code_rows, codes_seen = [], 0
        for entry in doc["x-error-codes"]:
            scenarios = self.scenarios_with_code(entry["code"])
            codes_seen += bool(scenarios)
            code_rows.append(
                f"<tr{'' if scenarios else ' class=gap'}><td><code>{_e(entry['code'])}</code></td>"
                f"<td>{entry['status']}</td><td>{_e(entry['meaning'])}</td>"
                f"<td>{_scenario_list([ref(key) for key in scenarios])}</td></tr>")
        return (
            f"<p>Endpoints exercised: <b>{exercised} of {len(endpoint_rows)}</b> · error codes seen: "
            f"<b>{codes_seen} of {len(code_rows)}</b> · documented answers never seen: <b>{unseen_total}</b>. "
            "Counted from the requests the steps made in this run; rows marked red were never exercised.</p>"
            "<h3>Endpoints</h3><table class='aether-table'><tr><th>Endpoint</th><th>Answers seen (scenarios)</th>"
            "<th>Documented answers never seen</th><th>Scenarios</th></tr>" + "".join(endpoint_rows) + "</table>"
            "<h3>Error codes</h3><table class='aether-table'><tr><th>Code</th><th>Status</th><th>Meaning</th>"
            "<th>Scenarios</th></tr>" + "".join(code_rows) + "</table>")


def _by_status(item: tuple[Key, list]) -> tuple:
    (_, _, status, code), _refs = item
    return status, code or ""


def _unique(refs: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(refs))


def _chip(status: int, code: str | None, count: int) -> str:
    return f"<span class=seen>{status}{' ' + _e(code) if code else ''} ×{count}</span>"


def _scenario_list(scenarios: list[ScenarioRef]) -> str:
    if not scenarios:
        return "<b>not exercised</b>"
    items = "".join(f"<li>{_link(ref)}</li>" for ref in scenarios)
    count = f"{len(scenarios)} scenario{'s' if len(scenarios) > 1 else ''}"
    return f"<details><summary>{count}</summary><ul>{items}</ul></details>"


def _link(ref: ScenarioRef) -> str:
    text = f"{_e(ref.feature)}: {_e(ref.name)}"
    return f"<a href='#{ref.anchor}'>{text}</a>" if ref.anchor else text


def _e(text: str) -> str:
    return html.escape(text, quote=True)
