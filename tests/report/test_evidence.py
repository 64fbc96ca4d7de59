"""The evidence of a scenario: the expectation as one sentence, then the exchanges, safe to show in a page."""
from __future__ import annotations

from aether_suite.client.recorder import Details, Exchange, Redactor
from aether_suite.report.evidence import exchanges_html, expectation


def exchange(path: str, status: int, response_body: str, phase: str = "act") -> Exchange:
    return Exchange(phase=phase, persona="Scott", method="GET", path=path, status=status, error_code=None,
                    detail=None, elapsed_ms=12,
                    make_details=lambda: Details({"x-aether-api-key": "«redacted»"}, "",
                                                 {"content-type": "application/json"}, response_body))


def test_the_expectation_is_one_sentence_and_the_matcher_detail_comes_apart():
    message = "expected Scott to be refused the export\nExpected: 403 permission_denied\n     but: 200"
    assert expectation(message) == ("Expected Scott to be refused the export.",
                                    "Expected: 403 permission_denied\n     but: 200")
    assert expectation("Is it refused?") == ("Is it refused?", None)
    assert expectation("") == ("The step failed without a message.", None)


def test_every_exchange_is_listed_the_latest_open():
    page = exchanges_html([exchange("/v3/auth/me", 200, "{}", phase="arrange"),
                           exchange("/v3/action/event_exhibit/Ab3dEf6hIj0/tracking_export", 200, "")], Redactor())
    assert page.index("1. [arrange] Scott&#x27;s GET /v3/auth/me") < page.index("2. [act]")
    assert "<details class=exchange><summary>1. [arrange]" in page
    assert ("<details class=exchange open><summary>2. [act] Scott&#x27;s GET "
            "/v3/action/event_exhibit/Ab3dEf6hIj0/tracking_export → 200 in 12 ms</summary>") in page
    assert "&gt; x-aether-api-key: «redacted»" in page
    assert exchanges_html([], Redactor()) == "<p>No request had been made in this scenario.</p>"


def test_markup_in_a_body_is_shown_as_text_and_secrets_are_redacted_again():
    notes = '{"exhibitor_notes": "<script>alert(1)</script> tok-123"}'
    page = exchanges_html([exchange("/v3/x?t=tok-123", 200, notes)], Redactor(["tok-123"]))
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "tok-123" not in page
