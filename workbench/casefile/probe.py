"""Recognise a case file: SQLite judges the bytes, we only read what it reports.

Our own reading of the header bytes used to refuse files SQLite reads and checks as fine
(a main file shorter than its header says while the WAL holds the pages; a file another
process was growing), and it had to ``open()`` and ``close()`` the case file, which drops
SQLite's locks when the same process has a connection open. So the path is looked at with
``stat`` only (no ``open``: a FIFO would hang it), and the rest is asked of a read-only
SQLite connection: ``PRAGMA application_id`` and ``user_version``, and the schema. SQLite's
own error codes say what is wrong, and a full disk is never called damage.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from workbench.casefile.errors import CaseFileError

#: ``PRAGMA application_id`` of every case file: "FCWB" in ASCII.
APPLICATION_ID = 0x46435742
#: The schema version this Workbench writes (``PRAGMA user_version``).
SCHEMA_VERSION = 8

#: SQLite's primary result codes, in words a person can act on.
_SQLITE_REASONS = {
    3: "permission denied",
    5: "busy: another program holds a lock on it; try again",
    6: "busy: another program holds a lock on it; try again",
    8: "read-only",
    10: "a disk input/output error",
    11: "damaged (SQLite reports a malformed file); restore it from a backup copy",
    13: "the disk is full; free some space and try again",
    14: "cannot be opened (check the folder and its permissions)",
    23: "permission denied",
    26: "not a case file (not an SQLite database)",
}


#: Extended result codes that say more than their primary code.
_SQLITE_EXTENDED_REASONS = {
    # No room to grow the shared-memory file a WAL database needs: the disk is full.
    10 | (19 << 8): "the disk is full (no room for SQLite's -shm file); free some space "
                    "and try again",
}


def sqlite_reason(error: sqlite3.Error) -> str:
    """What ``error`` means for the user, from SQLite's result code rather than its text."""
    code = getattr(error, "sqlite_errorcode", None)
    if code in _SQLITE_EXTENDED_REASONS:
        return _SQLITE_EXTENDED_REASONS[code]
    if code is not None and code & 0xFF in _SQLITE_REASONS:
        return _SQLITE_REASONS[code & 0xFF]
    return str(error) or type(error).__name__


def check_path(path: Path) -> None:
    """Refuse, by ``stat`` alone, a path that cannot be a case file."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise CaseFileError(f"{path}: no such file") from None
    except OSError as error:
        raise CaseFileError(f"{path}: cannot be read ({error.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise CaseFileError(f"{path}: is a directory, not a case file")
    if not stat.S_ISREG(info.st_mode):
        raise CaseFileError(f"{path}: is not a regular file (a pipe, device or socket)")
    if info.st_size == 0:
        raise CaseFileError(f"{path}: is empty, not a case file")
    if not os.access(path, os.R_OK):
        raise CaseFileError(f"{path}: cannot be read (permission denied)")


def schema_version(connection: sqlite3.Connection, path: Path) -> int:
    """The case file's schema version, as SQLite reads it; CaseFileError if it is none."""
    try:
        (application_id,) = connection.execute("PRAGMA application_id").fetchone()
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        # Reading the schema makes SQLite look past the header.
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as error:
        raise CaseFileError(f"{path}: {_is_or_has(sqlite_reason(error))}") from None
    if application_id != APPLICATION_ID:
        raise CaseFileError(
            f"{path}: is an SQLite database but not a Workbench case file "
            f"(application id {application_id:#x})"
        )
    if version < 1:
        raise CaseFileError(f"{path}: is a case file with no schema (never finished writing)")
    return version


def _is_or_has(reason: str) -> str:
    """"is damaged", "is read-only", but "the disk is full" as it stands."""
    if reason.startswith(("damaged", "not ", "read-only", "busy")):
        return f"is {reason}"
    if reason.startswith(("cannot", "the ")):
        return reason
    return f"cannot be read ({reason})"
