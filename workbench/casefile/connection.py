"""Connections to a case file, for writing or for reading only; nothing else opens it.

A reader must leave no trace: SQLite's read-only mode on a WAL database creates the
``-wal`` and ``-shm`` files beside it and cannot remove them on close (and on a full disk
cannot create them at all). When no writer is active (the sidecar lock says so, and keeps
one from starting) and the WAL holds nothing, the main file is complete on its own and is
opened as immutable, which touches nothing; otherwise the reader shares the writer's WAL
under SQLite's own locks, and sees each save whole or not at all.

The writer switches the file to WAL only when it first writes: opening a case changes
none of its bytes, so a save that is refused leaves the file exactly as it was.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from workbench.casefile.errors import CaseFileError
from workbench.casefile.lock import reading
from workbench.casefile.probe import check_path, schema_version, sqlite_reason


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def wal_is_empty(path: Path) -> bool:
    """Whether the WAL holds no committed page: then the main file is the whole case.

    An empty WAL is what a writer leaves when it could not finish opening (a full disk)
    or was killed before its first save."""
    try:
        return wal_path(path).stat().st_size == 0
    except FileNotFoundError:
        return True


def _text(value: bytes) -> str:
    """Text as SQLite hands it over; bytes that are not UTF-8 (written by another program)
    are shown as replacement characters rather than making the whole case unreadable."""
    return value.decode("utf-8", errors="replace")


def connect_writer(path: Path) -> sqlite3.Connection:
    # mode=rw: a file that vanished since it was judged is an error, not a new empty one.
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True,
                                 isolation_level=None, check_same_thread=False)
    connection.text_factory = _text
    # Every committed edit survives a power cut, not just a crash of the process.
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def use_wal(connection: sqlite3.Connection) -> None:
    """Put the file in WAL mode (a no-op when it is): readers then never wait on a save."""
    connection.execute("PRAGMA journal_mode = WAL")


def connect_reader(path: Path, *, immutable: bool) -> sqlite3.Connection:
    flags = "mode=ro&immutable=1" if immutable else "mode=ro"
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True,
                                 isolation_level=None, check_same_thread=False)
    connection.text_factory = _text
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


@contextlib.contextmanager
def read_connection(path: Path) -> Iterator[tuple[sqlite3.Connection, int]]:
    """A judged read-only connection and the file's schema version, for the block.

    Raises CaseFileError, in one line, for anything that is not a readable case file.
    """
    check_path(path)
    with reading(path) as no_writer:
        try:
            connection = connect_reader(path, immutable=no_writer and wal_is_empty(path))
        except sqlite3.Error as error:
            raise CaseFileError(f"{path}: cannot be opened ({sqlite_reason(error)})") from None
        try:
            yield connection, schema_version(connection, path)
        finally:
            connection.close()


def examine(path: Path) -> int:
    """The schema version of the case file ``path``, as SQLite judges it; CaseFileError
    (one line) when it is not a readable case file. Nothing is written."""
    with read_connection(path) as (_connection, version):
        return version
