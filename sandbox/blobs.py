"""The blob store: the bytes of every file, one blob per content, shared by all accounts.

A blob's name is the lowercase sha256 hex of its bytes; a file row refers to its blob by that hash. A blob
is removed once no file row of any account refers to it. ``LOCK`` serialises "place or reuse the blob, then
commit the row" against "commit the row's deletion, then remove the blob if nothing refers to it", so a
concurrent upload of the same bytes can never end up referring to a removed blob.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import threading
from pathlib import Path
from typing import BinaryIO, Iterator

LOCK = threading.Lock()
CHUNK = 64 * 1024


class Incoming:
    """Bytes being received: written to a temp file in the blob dir, hashed and counted on the way.

    Past ``limit`` bytes the temp file is dropped and the rest is only counted, so nothing refused is kept.
    Used as a context manager: on exit the temp file goes unless ``keep`` made it a blob.
    """

    def __init__(self, blob_dir: Path, limit: int):
        fd, name = tempfile.mkstemp(dir=blob_dir, prefix=".incoming-")
        self._path, self._out = Path(name), os.fdopen(fd, "wb")
        self._sha256 = hashlib.sha256()
        self._kept = False
        self.limit = limit
        self.size = 0

    def __enter__(self) -> "Incoming":
        return self

    def __exit__(self, *exc_info) -> None:
        self._discard()

    @property
    def too_large(self) -> bool:
        return self.size > self.limit

    @property
    def sha256(self) -> str:
        return self._sha256.hexdigest()

    def write(self, data: bytes) -> None:
        self.size += len(data)
        if self.too_large:
            self._discard()
        else:
            self._sha256.update(data)
            self._out.write(data)

    def keep(self) -> str:
        """Make the bytes the blob of their hash (an existing blob is reused); call under ``LOCK``."""
        self._out.close()
        target = self._path.parent / self.sha256
        if not target.exists():
            os.replace(self._path, target)  # atomic: a blob is never seen half written
            self._kept = True
        return self.sha256

    def _discard(self) -> None:
        self._out.close()
        if not self._kept:
            self._path.unlink(missing_ok=True)


class BlobStore:
    def __init__(self, blob_dir: Path):
        self.dir = blob_dir

    def receive(self, limit: int) -> Incoming:
        return Incoming(self.dir, limit)

    def open(self, sha256: str) -> BinaryIO:
        """The blob, opened: it stays readable even if it is removed while being served."""
        return open(self.dir / sha256, "rb")

    def remove(self, sha256: str) -> None:
        (self.dir / sha256).unlink(missing_ok=True)

    @staticmethod
    def unreferenced(db: sqlite3.Connection, sha256: str) -> bool:
        """No file of any account refers to the blob."""
        return db.execute("SELECT 1 FROM files WHERE sha256 = ? LIMIT 1", (sha256,)).fetchone() is None

    def remove_unreferenced(self, db: sqlite3.Connection, sha256: str) -> None:
        """Remove the blob unless a file of any account still refers to it; call under ``LOCK``."""
        if self.unreferenced(db, sha256):
            self.remove(sha256)


def chunks(blob: BinaryIO, start: int, length: int) -> Iterator[bytes]:
    """``length`` bytes of ``blob`` from ``start``, a chunk at a time; closes the blob when done."""
    with blob:
        blob.seek(start)
        while length > 0:
            data = blob.read(min(CHUNK, length))
            if not data:
                return
            length -= len(data)
            yield data
