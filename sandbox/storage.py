"""Where the sandbox keeps its state: one data directory with the SQLite file and the blob store."""
from __future__ import annotations

import shutil
import sqlite3
import tempfile
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
        # Kept open (idle, no transaction) while the sandbox runs. Without it every request's connection is
        # the last one to close, and SQLite then checkpoints the WAL into the database and syncs it to disk:
        # ~10 ms a request on a busy disk, which synchronous=NORMAL alone does not avoid (bench/suite_speed.py).
        self._keeper = self.connect()
        self._keeper.execute("SELECT COUNT(*) FROM accounts").fetchall()  # a read opens the WAL index

    def connect(self) -> sqlite3.Connection:
        return db.connect(self.db_path)

    def close(self) -> None:
        """Remove the data directory if the sandbox made it; a configured one is kept."""
        self._keeper.close()  # the last connection: SQLite checkpoints the WAL into the database file
        if self.temporary:
            shutil.rmtree(self.root, ignore_errors=True)
