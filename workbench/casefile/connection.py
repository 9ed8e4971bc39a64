"""Connections to a case file, for writing or for reading only.

A reader must leave no trace: SQLite's read-only mode on a WAL database still creates the
``-wal`` and ``-shm`` files beside it and cannot remove them on close. When no writer is
active (there is no ``-wal`` file), the file is complete on its own and is opened as
immutable, which touches nothing; with a writer present, the reader shares its WAL.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    if read_only:
        flags = "mode=ro" if wal_path(path).exists() else "mode=ro&immutable=1"
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True,
                                     isolation_level=None, check_same_thread=False)
    else:
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA journal_mode = WAL")
        # Every committed edit survives a power cut, not just a crash of the process.
        connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA foreign_keys = ON")
    return connection
