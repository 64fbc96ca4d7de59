"""No secret in any output: the console, the HTML report, the JUnit XML, every file under reports/ (the
history, the results, the pages of the later runs of tests/report included).

The secrets: the sandbox's API keys and passcodes (contract §4), its token signing key, every token it
issued during the run (and each token's signature alone), and anything shaped like a JWT.
"""
from __future__ import annotations

import html
import re

JWT_SHAPED = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")


def leaks(text: str, *, secrets: list[str], passcodes: list[str]) -> list[str]:
    """What in ``text`` is a secret, described without repeating the secret."""
    found = []
    for variant in {text, html.unescape(text)}:
        found += [f"secret #{i} at {variant.index(s)}" for i, s in enumerate(secrets) if s and s in variant]
        # A passcode is six digits: only where it stands alone, not inside a hash or an id.
        found += [f"passcode #{i} at {m.start()}" for i, p in enumerate(passcodes)
                  for m in re.finditer(rf"(?<![0-9A-Za-z]){p}(?![0-9A-Za-z])", variant)]
        found += [f"JWT-shaped {m.group()[:12]}… at {m.start()}" for m in JWT_SHAPED.finditer(variant)]
    return sorted(set(found))


def test_no_secret_in_the_console_the_report_the_junit_or_any_file_under_reports(suite_run_with_failures):
    run = suite_run_with_failures
    assert run.tokens, "the run issued no token: the scan would prove nothing"
    assert (run.reports / "aether-report.html").is_file() and list((run.reports / "junit").glob("*.xml"))
    assert (run.reports / "history.jsonl").is_file() and list((run.reports / "results").glob("*.json"))
    secrets = [*run.secrets, *run.tokens, *(token.rsplit(".", 1)[1] for token in run.tokens)]
    outputs = {"console": run.console}
    outputs.update({str(path.relative_to(run.reports)): path.read_text(encoding="utf-8", errors="replace")
                    for path in sorted(run.reports.rglob("*")) if path.is_file()})
    found = {name: leaks(text, secrets=secrets, passcodes=run.passcodes) for name, text in outputs.items()}
    assert not {name: where for name, where in found.items() if where}


def test_the_scan_finds_each_kind_of_secret():
    token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJRV09EQVBDTkxRVSJ9.c2lnbmF0dXJl"
    planted = {
        "a key": "x-aether-api-key: sbx-onesky-4f1c9a",
        "a passcode": '{"passcode": "424242"}',
        "a token": f"Authorization: Bearer {token}",
        "a token's signature": "sig c2lnbmF0dXJl",
        "an escaped key": "sbx-onesky-4f1c9a".replace("-", "&#45;"),
        "a JWT nobody issued": "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
    }
    for what, text in planted.items():
        assert leaks(text, secrets=["sbx-onesky-4f1c9a", token, "c2lnbmF0dXJl"], passcodes=["424242"]), what
    assert not leaks("sha256 9a8f424242b1 id Xy424242abc size 4242420", secrets=[], passcodes=["424242"])
