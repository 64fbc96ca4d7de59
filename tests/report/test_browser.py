"""The report as a person uses it, in headless Chromium at desktop and phone widths: the overview lists every
rule, search and each filter narrow the page, the failure list's links reach their evidence, nothing makes
the page wider than the screen.

A copy of the report gets a script that works the page as a reader would (types, picks, clicks) and writes
what it saw into the page; Chromium's --dump-dom hands that back. Needs Debian's chromium (apt-get install -y
chromium); without it these tests are skipped, saying so.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import struct
import subprocess
import zlib

import pytest

CHROMIUM = shutil.which("chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]
WIDTHS = {"desktop": "1280,900", "phone": "400,860"}

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed: apt-get install -y chromium")

READER = """<script>
(async function () {
  const $$ = s => Array.from(document.querySelectorAll(s));
  const visible = el => !el.closest('[hidden]');
  const scenarios = () => $$('details.scenario').filter(visible);
  const rows = () => $$('tr.rule-row').filter(visible);
  const unique = values => Array.from(new Set(values)).sort();
  const pick = (id, value) => { const el = document.getElementById(id); el.value = value;
                                el.dispatchEvent(new Event('input')); };
  const wide = () => [document.documentElement.scrollWidth, window.innerWidth];
  const seen = {ready: document.body.dataset.ready, everything: [scenarios().length, rows().length],
                rules: $$('tr.rule-row').map(r => r.querySelector('td.rule-name a').textContent), width: wide()};
  pick('q', 'LOCKOUT');
  seen.search = {scenarios: scenarios().length, all_match: scenarios().every(s => s.dataset.text.includes('lockout')),
                 rows: rows().length, shown: document.getElementById('shown').textContent};
  pick('q', '');
  pick('f-area', 'files');
  seen.area = {scenarios: scenarios().length, areas: unique(scenarios().map(s => s.dataset.area)),
               rows: rows().length, row_areas: unique(rows().map(r => r.dataset.area)),
               features: $$('section.feature').filter(visible).length};
  pick('f-area', '');
  pick('f-tag', 'smoke');
  seen.tag = {scenarios: scenarios().length, all_tagged: scenarios().every(s => s.dataset.tags.includes(' smoke ')),
              rows: rows().length};
  pick('f-tag', '');
  pick('f-status', 'failed');
  seen.status = {scenarios: scenarios().length, statuses: unique(scenarios().map(s => s.dataset.status)),
                 row_statuses: unique(rows().map(r => r.dataset.status)),
                 features: $$('section.feature').filter(visible).length, rules: $$('div.rule').filter(visible).length};
  seen.links = [];
  for (const link of $$('ul.problems a')) {
    pick('f-status', 'passed');  // the failure is filtered out: following its link must bring it back
    link.click();
    await new Promise(resolve => setTimeout(resolve, 100));
    const target = document.getElementById(link.getAttribute('href').slice(1));
    const top = target.getBoundingClientRect().top;
    seen.links.push({visible: visible(target), open: target.open, top: Math.round(top)});
  }
  document.getElementById('open-passed').click();
  document.getElementById('developer').click();
  for (const d of $$('details')) d.open = true;
  seen.width_opened = wide();
  const out = document.createElement('pre');
  out.id = 'reader-saw';
  out.textContent = JSON.stringify(seen);
  document.body.appendChild(out);
})();
</script>"""


def chromium(profile, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120)


def png_pixels(png: bytes) -> bytes:
    """The decompressed scanlines of a PNG (enough to tell a blank page from a rendered one)."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n"), "not a PNG"
    data, position = b"", 8
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position:position + 8])
        if kind == b"IDAT":
            data += png[position + 8:position + 8 + length]
        position += 12 + length
    return zlib.decompress(data)


@pytest.fixture(scope="module")
def worked_page(suite_run_with_failures, tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    page = folder / "report.html"
    page.write_text(suite_run_with_failures.html.replace("</body>", READER + "</body>"), encoding="utf-8")
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_a_reader_finds_every_rule_narrows_the_page_and_follows_each_failure(
        suite_run_with_failures, worked_page, tmp_path, width):
    dom = chromium(tmp_path / "profile", f"--window-size={WIDTHS[width]}", "--virtual-time-budget=10000",
                   "--dump-dom", worked_page.as_uri()).stdout
    found = re.search(r'<pre id="reader-saw">(.*?)</pre>', dom, re.DOTALL)
    assert found, "the reader's script did not finish"
    seen = json.loads(html.unescape(found.group(1)))
    assert seen["ready"] == "yes", "the report's own script did not run"

    groups = {rule or feature for feature, rule, _, _ in suite_run_with_failures.scenarios()}
    assert set(seen["rules"]) == groups and len(seen["rules"]) == len({(f, r) for f, r, _, _
                                                                          in suite_run_with_failures.scenarios()})
    scenarios, rules = seen["everything"]
    assert scenarios == len(suite_run_with_failures.scenarios()) and rules == len(seen["rules"])

    search = seen["search"]
    assert 0 < search["scenarios"] < scenarios and search["all_match"] and 0 < search["rows"] < rules
    assert search["shown"] == f"{search['rows']} of {rules} rules shown"
    area = seen["area"]
    assert 0 < area["scenarios"] < scenarios and area["areas"] == area["row_areas"] == ["files"]
    tag = seen["tag"]
    assert 0 < tag["scenarios"] < scenarios and tag["all_tagged"] and 0 < tag["rows"] < rules
    status = seen["status"]
    assert status["scenarios"] == 3 and status["statuses"] == status["row_statuses"] == ["failed"]
    assert status["features"] == 1 and status["rules"] == 1  # no passing feature or empty rule bar is left

    assert len(seen["links"]) == 4  # three failures, one error
    height = int(WIDTHS[width].split(",")[1])
    assert all(link["visible"] and link["open"] and 0 <= link["top"] < height for link in seen["links"]), seen["links"]

    page_width, screen = seen["width"]
    assert page_width <= screen, f"the page is {page_width} px wide on a {screen} px screen"
    page_width, screen = seen["width_opened"]
    assert page_width <= screen, f"with everything opened the page is {page_width} px wide on a {screen} px screen"


def test_the_report_is_not_blank_in_a_screenshot(suite_run_with_failures, tmp_path):
    screenshot = tmp_path / "report.png"
    chromium(tmp_path / "shot", "--window-size=1280,1600", f"--screenshot={screenshot}",
             suite_run_with_failures.page.as_uri())
    pixels = png_pixels(screenshot.read_bytes())
    assert len(set(pixels)) > 32, "the screenshot is blank"
