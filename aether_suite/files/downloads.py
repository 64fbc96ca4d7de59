"""Verifying downloads: every byte, as it streams, and every label the contract puts on it.

- ``receive(response, expected)`` reads a streamed body with requests' ``iter_content``, hashing it and
  comparing it with the expected bytes (an iterable of chunks, e.g. ``SampleFile.chunks(first, last)``)
  on the way; neither side is ever held whole.
- ``label_problems(...)`` lists, in words, how a download's headers differ from the contract's.
- ``range_header(phrase)`` turns the business's "bytes 0 to 99" / "the last 500 bytes" into a Range value.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

import requests

from aether_suite.checks.headers import cache_problems, disposition

READ_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Received:
    """What a download delivered, measured as it streamed."""

    size: int
    sha256: str
    expected_size: int | None  # None: nothing was expected
    first_difference: int | None  # the first position where it differs from the expected bytes; None: identical

    @property
    def as_expected(self) -> bool:
        return self.expected_size is not None and self.first_difference is None

    def describe(self) -> str:
        """``6303801 bytes, sha256 ab12…`` plus where it departs from what was expected."""
        text = f"{self.size} bytes, sha256 {self.sha256}"
        if self.expected_size is not None and self.first_difference is not None:
            if self.first_difference == min(self.size, self.expected_size) and self.size != self.expected_size:
                shorter_or_longer = "shorter" if self.size < self.expected_size else "longer"
                text += f", {shorter_or_longer} than the {self.expected_size} expected"
            else:
                text += f", differing from the expected bytes from position {self.first_difference} on"
        return text


def receive(response: requests.Response, expected: Iterable[bytes] | None = None) -> Received:
    """Read the body as it streams (then close it), hashing it and comparing it with ``expected``."""
    digest = hashlib.sha256()
    comparison = None if expected is None else _Comparison(iter(expected))
    size = 0
    try:
        for chunk in response.iter_content(READ_CHUNK):
            digest.update(chunk)
            if comparison is not None:
                comparison.feed(chunk, size)
            size += len(chunk)
    finally:
        response.close()
    if comparison is None:
        return Received(size, digest.hexdigest(), None, None)
    expected_size, difference = comparison.finish(size)
    return Received(size, digest.hexdigest(), expected_size, difference)


class _Comparison:
    """Compares received chunks with expected chunks of other sizes, holding at most a chunk of each."""

    def __init__(self, expected: Iterator[bytes]):
        self._expected = expected
        self._pending = b""  # expected bytes not yet compared
        self._compared = 0  # expected bytes consumed by the comparison
        self.first_difference: int | None = None

    def feed(self, chunk: bytes, position: int) -> None:
        if self.first_difference is not None:
            return
        parts, missing = [self._pending], len(chunk) - len(self._pending)
        while missing > 0:
            more = next(self._expected, None)
            if more is None:
                break
            parts.append(more)
            missing -= len(more)
        self._pending = b"".join(parts)
        want = self._pending[:len(chunk)]
        if chunk != want:
            self.first_difference = position + next(
                (i for i, (a, b) in enumerate(zip(chunk, want)) if a != b), min(len(chunk), len(want)))
            return
        self._pending = self._pending[len(chunk):]
        self._compared += len(chunk)

    def finish(self, received: int) -> tuple[int, int | None]:
        """(expected size, first difference): drains the rest of the expected bytes to learn their size."""
        rest = len(self._pending) + sum(len(more) for more in self._expected)
        if self.first_difference is not None:
            # The comparison stopped early: count what it consumed plus everything left.
            return self._compared + rest, self.first_difference
        expected_size = self._compared + rest
        return expected_size, (received if rest else None)


# --- the labels on a download --------------------------------------------------------------------------------

def label_problems(headers: Mapping[str, str], *, content_type: str, size: int, sha256: str,
                   filename: str) -> list[str]:
    """How a whole-file download's headers depart from the contract, one sentence each (empty: none)."""
    problems = []

    def expect(header: str, wanted: str, meaning: str) -> None:
        got = headers.get(header)
        if got != wanted:
            problems.append(f"{meaning}: expected {header} {wanted!r}, got {got!r}")

    expect("Content-Type", content_type, "its type as stored")
    expect("Content-Length", str(size), "its length")
    expect("ETag", f'"{sha256}"', "its version tag, the content hash")
    expect("Accept-Ranges", "bytes", "that parts of it may be asked for")
    problems += [f"its disposition: {problem}" for problem in disposition_problems(headers, filename)]
    return problems


def disposition_problems(headers: Mapping[str, str], filename: str) -> list[str]:
    """How Content-Disposition departs from an attachment named ``filename`` exactly, with an ASCII fallback."""
    header = headers.get("Content-Disposition")
    parsed = disposition(header)
    problems = list(parsed.problems)
    if parsed.kind != "attachment":
        problems.append(f"{header!r} is not an attachment")
    if parsed.filename_star != filename:
        problems.append(f"filename* names {parsed.filename_star!r}, not {filename!r} ({header!r})")
    if parsed.filename is None or not parsed.filename.isascii() or not parsed.filename.isprintable():
        problems.append(f"the plain filename fallback {parsed.filename!r} is not printable ASCII ({header!r})")
    return problems


def guard_problems(headers: Mapping[str, str]) -> list[str]:
    """How a download departs from 'never sniffed, never stored by caches'."""
    return sniff_problems(headers) + cache_problems(headers)


def sniff_problems(headers: Mapping[str, str]) -> list[str]:
    """How a download departs from 'browsers take its type as given' (X-Content-Type-Options: nosniff)."""
    if headers.get("X-Content-Type-Options", "").strip().lower() == "nosniff":
        return []
    return [f"expected X-Content-Type-Options 'nosniff', got {headers.get('X-Content-Type-Options')!r}"]


# --- byte ranges as the business says them -------------------------------------------------------------------

_RANGE_PHRASES: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(pattern + r"\Z"), form) for pattern, form in (
    (r"the first (?P<n>\d+) bytes", "first"),
    (r"the last (?P<n>\d+) bytes", "suffix"),
    (r"bytes (?P<a>\d+) onwards", "open"),
    (r"bytes (?P<a>\d+) to (?P<b>\d+) and (?P<c>\d+) to (?P<d>\d+)", "two"),
    (r"bytes (?P<a>\d+) to (?P<b>\d+)", "span"),
    (r"(?P<unit>[a-z]+) (?P<a>\d+) to (?P<b>\d+)", "unit"),
))
# The phrases as one regular expression without named groups (a step parameter type's pattern).
RANGE_PHRASE = re.sub(r"\?P<\w+>", "?:", "|".join(p.pattern.removesuffix(r"\Z") for p, _ in _RANGE_PHRASES))

_RANGE_FORMS: dict[str, Callable[[dict[str, str]], str]] = {
    "first": lambda g: f"bytes=0-{int(g['n']) - 1}",
    "suffix": lambda g: f"bytes=-{g['n']}",
    "open": lambda g: f"bytes={g['a']}-",
    "two": lambda g: f"bytes={g['a']}-{g['b']},{g['c']}-{g['d']}",
    "span": lambda g: f"bytes={g['a']}-{g['b']}",
    "unit": lambda g: f"{g['unit']}={g['a']}-{g['b']}",
}


def range_header(phrase: str) -> str:
    """The Range value for "the first 100 bytes", "the last 500 bytes", "bytes 4000 onwards",
    "bytes 0 to 99", "bytes 0 to 9 and 20 to 29" (two ranges) or "<unit> 0 to 99" (another unit)."""
    for pattern, form in _RANGE_PHRASES:
        found = pattern.match(phrase)
        if found:
            return _RANGE_FORMS[form](found.groupdict())
    raise ValueError(f"no byte range is written {phrase!r}")


# --- judging a download --------------------------------------------------------------------------------------

def whole_file_problems(response: requests.Response, expected: Iterable[bytes], size: int,
                        sha256: str) -> list[str]:
    """How a download departs from 'the whole file, byte for byte' (reads and closes the body)."""
    if response.status_code != 200:
        response.close()
        return [f"expected the whole file (200), got {response.status_code}"]
    problems = []
    if "Content-Range" in response.headers:
        problems.append(f"a whole file carries no Content-Range, got {response.headers['Content-Range']!r}")
    if response.headers.get("Content-Length") != str(size):
        problems.append(f"expected Content-Length {size}, got {response.headers.get('Content-Length')!r}")
    received = receive(response, expected)
    if not received.as_expected or received.sha256 != sha256:
        problems.append(f"expected {size} bytes with sha256 {sha256}, received {received.describe()}")
    return problems


def part_problems(response: requests.Response, expected: Iterable[bytes], first: int, last: int,
                  total: int) -> list[str]:
    """How a download departs from 'bytes first to last (both included) of a file of total bytes'."""
    if response.status_code != 206:
        response.close()
        return [f"expected part of the file (206), got {response.status_code}"]
    problems = []
    wanted_range = f"bytes {first}-{last}/{total}"
    if response.headers.get("Content-Range") != wanted_range:
        problems.append(f"expected Content-Range {wanted_range!r}, got {response.headers.get('Content-Range')!r}")
    if response.headers.get("Content-Length") != str(last - first + 1):
        problems.append(f"expected Content-Length {last - first + 1}, "
                        f"got {response.headers.get('Content-Length')!r}")
    received = receive(response, expected)
    if not received.as_expected:
        problems.append(f"expected bytes {first} to {last} of the original, received {received.describe()}")
    return problems


def typed_problems(headers: Mapping[str, str], content_type: str) -> list[str]:
    """How a download's type departs from ``content_type``, which browsers must not second-guess."""
    return ([f"expected Content-Type {content_type!r}, got {headers.get('Content-Type')!r}"]
            if headers.get("Content-Type") != content_type else []) + sniff_problems(headers)


def size_told_problems(headers: Mapping[str, str], size: int) -> list[str]:
    """How a refused range's answer departs from naming the file's size (``Content-Range: bytes */size``)."""
    wanted = f"bytes */{size}"
    got = headers.get("Content-Range")
    return [] if got == wanted else [f"expected Content-Range {wanted!r}, got {got!r}"]


def not_modified_problems(response: requests.Response) -> list[str]:
    """How a "not modified" answer departs from carrying no bytes (reads and closes the body)."""
    received = receive(response)
    return [] if received.size == 0 else [f"a 'not modified' answer carries no bytes, got {received.describe()}"]
