"""Contract coverage is derived from the recorded exchanges; what nobody exercised is marked as a gap; the
coverage of many runs merges."""
from __future__ import annotations

import re

from aether_suite.client.recorder import Details, Exchange
from aether_suite.contract import endpoints
from aether_suite.contract import schema as contract_schema
from aether_suite.report.coverage import ContractCoverage, ScenarioRef

REFUSED = "features/export/who_may_export.feature::Scott is refused the export"
SIGNED_IN = "features/auth/signing_in.feature::Cleo signs in"
REFS = {REFUSED: ScenarioRef("Who may export", "Scott is refused the export", "s-1"),
        SIGNED_IN: ScenarioRef("Signing in", "Cleo signs in", "s-2")}


def exchange(method: str, path: str, status: int, code: str | None = None, phase: str = "act") -> Exchange:
    return Exchange(phase=phase, persona="Scott", method=method, path=path, status=status, error_code=code,
                    detail=None, elapsed_ms=3, make_details=lambda: Details({}, "", {}, ""))


def row(page: str, cell: str) -> str:
    return re.search(rf"<tr[^>]*><td><code>{re.escape(cell)}</code>.*?</tr>", page).group()


def test_answers_are_counted_per_endpoint_template_and_per_error_code():
    coverage = ContractCoverage()
    coverage.add(REFUSED, [exchange("POST", "/v3/auth/passcode", 200, phase="arrange"),
                           exchange("GET", "/v3/action/event_exhibit/Ab3dEf6hIj0/tracking_export?format=csv", 403,
                                    "permission_denied")])
    coverage.add(SIGNED_IN, [exchange("POST", "/v3/auth/passcode", 200)])
    export = coverage.answers("GET", "/v3/action/event_exhibit/{exhibit_id}/tracking_export")
    assert export == {(403, "permission_denied"): [REFUSED]}
    assert coverage.answers("POST", "/v3/auth/passcode") == {(200, None): [SIGNED_IN]}  # set-up does not count
    assert coverage.scenarios_with_code("permission_denied") == [REFUSED]


def test_the_table_lists_every_endpoint_and_code_and_marks_the_gaps():
    coverage = ContractCoverage()
    coverage.add(REFUSED, [exchange("GET", "/v3/action/event_exhibit/Ab3dEf6hIj0/tracking_export", 403,
                                    "permission_denied")])
    page = coverage.to_html(REFS.__getitem__)
    export = row(page, "GET /v3/action/event_exhibit/{exhibit_id}/tracking_export")
    assert "<tr><td>" in export and "403 permission_denied ×1" in export
    assert "<a href='#s-1'>Who may export: Scott is refused the export</a>" in export
    assert "<span class=unseen>200</span>" in export  # documented, never seen
    assert row(page, "GET /v3/health").startswith("<tr class=gap>")
    assert row(page, "permission_denied").startswith("<tr><td>")
    assert row(page, "file_too_large").startswith("<tr class=gap>")
    assert f"Endpoints exercised: <b>1 of {len(endpoints.OPERATIONS)}</b>" in page
    assert f"error codes seen: <b>1 of {len(contract_schema.error_codes())}</b>" in page


def test_the_coverage_of_two_runs_merges_through_its_data():
    first, second = ContractCoverage(), ContractCoverage()
    first.add(REFUSED, [exchange("GET", "/v3/action/event_exhibit/Ab3dEf6hIj0/tracking_export", 403,
                                 "permission_denied")])
    second.add(SIGNED_IN, [exchange("POST", "/v3/auth/passcode", 200)])
    second.add(REFUSED, [exchange("GET", "/v3/action/event_exhibit/Xy3dEf6hIj0/tracking_export", 403,
                                  "permission_denied")])
    merged = ContractCoverage.from_data(first.to_data())
    merged.merge(ContractCoverage.from_data(second.to_data()))
    assert merged.scenarios_with_code("permission_denied") == [REFUSED]
    assert merged.answers("POST", "/v3/auth/passcode") == {(200, None): [SIGNED_IN]}
