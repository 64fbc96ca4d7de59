"""The report as a person sees it: opened in headless Chromium, it renders its features.

Needs Debian's chromium (apt-get install -y chromium); without it the test is skipped, saying so.
"""
from __future__ import annotations

import html
import shutil
import struct
import subprocess
import zlib

import pytest

CHROMIUM = shutil.which("chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed: apt-get install -y chromium")


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


def test_the_report_renders_its_feature_list_in_chromium(suite_run_with_failures, tmp_path):
    report = (suite_run_with_failures.reports / "aether-report.html").as_uri()
    dom = chromium(tmp_path / "dom", "--virtual-time-budget=3000", "--dump-dom", report).stdout
    assert 'data-theme="' in dom, "the report's script did not run (it sets the theme on load)"
    text = html.unescape(dom)
    for feature, _, _, selected in suite_run_with_failures.scenarios():
        assert not selected or f"Feature: {feature}" in text, feature
    for part in ("Totals", "Contract coverage", "Step glossary", "Evidence"):
        assert part in text

    screenshot = tmp_path / "report.png"
    chromium(tmp_path / "shot", "--window-size=1280,1600", f"--screenshot={screenshot}", report)
    pixels = png_pixels(screenshot.read_bytes())
    assert len(set(pixels)) > 32, "the screenshot is blank"
