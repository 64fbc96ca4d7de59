"""The evidence embedded on a failed step: the expectation, then the exchanges, safe to show in a page."""
from __future__ import annotations

from aether_suite.client.recorder import Details, Exchange, Redactor
from aether_suite.report.evidence import evidence_html


def exchange(path: str, status: int, response_body: str, phase: str = "act") -> Exchange:
    return Exchange(phase=phase, persona="Scott", method="GET", path=path, status=status, error_code=None,
                    detail=None, elapsed_ms=12,
                    make_details=lambda: Details({"x-aether-api-key": "«redacted»"}, "",
                                                 {"content-type": "application/json"}, response_body))


def test_the_expectation_comes_first_then_every_exchange_the_latest_open():
    failure = AssertionError("expected Scott to be refused the export\nExpected: 403 permission_denied")
    page = evidence_html(failure, [exchange("/v3/auth/me", 200, "{}", phase="arrange"),
                                   exchange("/v3/action/event_exhibit/Ab3dEf6hIj0/tracking_export", 200, "")],
                         Redactor())
    assert page.index("expected Scott") < page.index("1. [arrange] Scott&#x27;s GET /v3/auth/me")
    assert "<details><summary>1. [arrange]" in page
    assert ("<details open><summary>2. [act] Scott&#x27;s GET /v3/action/event_exhibit/Ab3dEf6hIj0/tracking_export"
            " → 200 in 12 ms</summary>") in page
    assert "&gt; x-aether-api-key: «redacted»" in page


def test_markup_in_a_body_is_shown_as_text_and_secrets_are_redacted_again():
    notes = '{"exhibitor_notes": "<script>alert(1)</script> tok-123"}'
    page = evidence_html(AssertionError("no tok-123 here"), [exchange("/v3/x?t=tok-123", 200, notes)],
                         Redactor(["tok-123"]))
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "tok-123" not in page
