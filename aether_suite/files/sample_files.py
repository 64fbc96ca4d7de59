"""Deterministic files for scenarios, generated on demand and never stored in the repository.

Two kinds:

- ``sample_bytes(filename)``: a one-line text file; the same name always gives the same bytes.
- ``SampleFile``: a file of any size described the way the business does ("the booth brochure"),
  whose bytes are generated from a seed in 64 KiB blocks. Any slice can be produced without the rest,
  so a file of many megabytes is uploaded, hashed and compared a block at a time and never held whole.

A SampleFile's seed is its description, its size and a tag: ``sample("booth brochure")`` uses a fresh
random tag, so two scenarios (or two runs against a shared server) never upload the same bytes by
chance, which matters where the API shares storage between files with equal bytes. The same seed
always gives the same bytes: a failure report names the seed, and ``SampleFile(...)`` rebuilds it.

The first block begins with the kind's signature and SUITE_MARK; the rest of it comes from the seed
and makes the file unique. The later blocks come from the
description alone, so they are the same in every sample of that description and are made once and
kept (``_shared_block``): a 6 MB sample costs one block to make, not ninety-six.
"""
from __future__ import annotations

import functools
import hashlib
import mimetypes
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

BLOCK = 64 * 1024
SHARED_BLOCKS = 256  # blocks kept for reuse: 16 MiB, a 10 MiB file and a 6 MiB one


# Every sample begins with this (after its kind's signature): the sweep (aether_suite/run/sweep.py) tells
# the suite's files from a person's by it, on any machine.
SUITE_MARK = b"Aether acceptance suite sample"


def sample_bytes(filename: str) -> bytes:
    return SUITE_MARK + f" file: {filename}\n".encode()


def is_suite_sample(first_bytes: bytes) -> bool:
    """Whether a file that begins with these bytes (its first 64 or more) is a sample of the suite's."""
    return SUITE_MARK in first_bytes[:64]


def content_type_for(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


@dataclass(frozen=True)
class Kind:
    """A kind of file exhibitors upload: how it is named and typed, how large it usually is, how it begins."""

    filename: str
    content_type: str
    size: int
    signature: bytes  # the first bytes, as a real file of that kind begins


# The descriptions features use ("the booth brochure", "a floor plan of 5000 bytes").
KINDS: dict[str, Kind] = {
    "booth brochure": Kind("onesky-booth-brochure.pdf", "application/pdf", 6 * 1024 * 1024 + 12_345, b"%PDF-1.7\n"),
    "floor plan": Kind("hall-b-floor-plan.png", "image/png", 5000, b"\x89PNG\r\n\x1a\n"),
    "price list": Kind("price-list-2026.csv", "text/csv", 2_400, b"product,price_eur\r\n"),
    "visit report": Kind("visit-report.txt", "text/plain", 600, b"Visit report\n"),
    "product video": Kind("cloud-demo.mp4", "video/mp4", 3 * 1024 * 1024, b"\x00\x00\x00\x18ftypmp42"),
}


@dataclass(frozen=True)
class SampleFile:
    """A deterministic file: ``description`` names it, ``size`` bytes generated from ``seed``."""

    description: str
    filename: str
    content_type: str
    size: int
    seed: str
    signature: bytes = b""

    def __len__(self) -> int:
        return self.size

    def chunks(self, first: int = 0, last: int | None = None) -> Iterator[bytes]:
        """Bytes ``first`` to ``last`` (both included; ``last`` defaults to the end), a block at a time."""
        last = self.size - 1 if last is None else min(last, self.size - 1)
        position = first
        while position <= last:
            index, offset = divmod(position, BLOCK)
            block = self._block(index)
            piece = block[offset:offset + last - position + 1]
            yield piece
            position += len(piece)

    def read(self, first: int = 0, last: int | None = None) -> bytes:
        """Bytes ``first`` to ``last`` (both included) as one value: for slices and small files."""
        return b"".join(self.chunks(first, last))

    @functools.cached_property
    def sha256(self) -> str:
        """Lowercase hex SHA-256 of the whole file, computed a block at a time."""
        digest = hashlib.sha256()
        for chunk in self.chunks():
            digest.update(chunk)
        return digest.hexdigest()

    def renamed(self, filename: str, content_type: str | None = None) -> "SampleFile":
        """The same bytes under another name (and type)."""
        return SampleFile(self.description, filename, content_type or self.content_type, self.size, self.seed,
                          self.signature)

    def _block(self, index: int) -> bytes:
        length = min(BLOCK, self.size - index * BLOCK)
        if index:
            return _shared_block(self.description, index)[:length]
        block = hashlib.shake_256(f"{self.seed}/0".encode()).digest(length)
        head = self.signature + SUITE_MARK + b"\n"
        return (head + block[len(head):])[:length]

    def __str__(self) -> str:
        return f"the {self.description} ({self.filename!r}, {self.size} bytes, seed {self.seed!r})"


@functools.lru_cache(maxsize=SHARED_BLOCKS)
def _shared_block(description: str, index: int) -> bytes:
    return hashlib.shake_256(f"{description}/{index}".encode()).digest(BLOCK)


def sample(description: str, size: int | None = None, *, tag: str | None = None) -> SampleFile:
    """A file of a kind in KINDS, of its usual size unless ``size`` is given; see the module docstring."""
    if description not in KINDS:
        raise LookupError(f"no sample file is described as {description!r}; the samples are: {', '.join(KINDS)}")
    kind = KINDS[description]
    size = kind.size if size is None else size
    tag = secrets.token_hex(4) if tag is None else tag
    return SampleFile(description, kind.filename, kind.content_type, size, f"{description}/{size}/{tag}",
                      kind.signature)
