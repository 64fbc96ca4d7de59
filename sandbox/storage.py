"""Where the sandbox keeps its state: one data directory with the SQLite file and the blob store."""
from __future__ import annotations

import queue
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import db, seed


class Storage:
    def __init__(self, data_dir: Path | None):
        self.temporary = data_dir is None
        self.root = Path(tempfile.mkdtemp(prefix="aether-sandbox-")) if data_dir is None else Path(data_dir)
        self.blob_dir = self.root / "blobs"
        self.blob_dir.mkdir(parents=True, exist_ok=True)
        self.db_path = self.root / "aether.sqlite3"
        db.create_schema(self.db_path)
        with self.connect() as conn:
            if conn.execute("SELECT COUNT(*) FROM accounts").fetchone()[0] == 0:
                seed.seed(conn)
        # Idle connections, reused: opening one and setting its pragmas costs more than a request's queries,
        # and while one stays open SQLite does not checkpoint the WAL into the database and sync it to disk
        # at every request's end, as it does when the last connection closes (~10 ms on a busy disk).
        self._idle: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()

    def connect(self) -> sqlite3.Connection:
        return db.connect(self.db_path)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One connection for one request or control, all its own until the block ends: committed then,
        rolled back if the block raises, and kept for the next."""
        try:
            conn = self._idle.get_nowait()
        except queue.Empty:
            conn = self.connect()
        try:
            yield conn
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            self._idle.put(conn)

    def close(self) -> None:
        """Remove the data directory if the sandbox made it; a configured one is kept."""
        while not self._idle.empty():  # the last to close checkpoints the WAL into the database file
            self._idle.get_nowait().close()
        if self.temporary:
            shutil.rmtree(self.root, ignore_errors=True)
