"""Open, create, load and save one case file.

A case file is written by one process at a time: the writer holds an advisory lock on the
file (``flock``, released by the kernel even after ``kill -9``), and a second process gets
the case read-only and is told why. Saving writes only the rows that changed since the last
load or save, inside one transaction, so a single edit costs a few row writes however large
the case is.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from workbench.casefile.connection import connect, wal_path
from workbench.casefile.errors import CaseFileError, CaseFileReadOnlyError
from workbench.casefile.migrations import migrate
from workbench.casefile.probe import APPLICATION_ID, SCHEMA_VERSION, read_header
from workbench.casefile.rows import Row, Rows, case_from_rows, case_rows
from workbench.casefile.schema import TABLES, create_schema
from workbench.model import Case, CaseIntegrityError, validate_integrity


def _try_lock(path: Path) -> IO[bytes] | None:
    """Take the writer's lock on the file, or None when another process holds it."""
    handle = path.open("rb")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


class CaseFile:
    """An open case file. Use ``CaseFile.open`` or ``CaseFile.create``; close when done."""

    def __init__(self, path: Path, connection: sqlite3.Connection, *,
                 read_only_reason: str = "", lock: IO[bytes] | None = None) -> None:
        self.path = path
        self._connection = connection
        self._lock = lock
        #: Why the file is read-only, in words for a banner; empty when writable.
        self.read_only_reason = read_only_reason
        self._saved: Rows | None = None
        # Autosave runs in a worker thread; one statement sequence at a time.
        self._mutex = threading.Lock()

    @property
    def read_only(self) -> bool:
        return bool(self.read_only_reason)

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False) -> CaseFile:
        """Open an existing case file.

        A file another process is writing, or one written by a newer Workbench, opens
        read-only with ``read_only_reason`` saying so. An older file is backed up and
        migrated. Anything that is not a case file raises CaseFileError, untouched.
        """
        path = Path(path)
        header = read_header(path)
        reason = "opened read-only" if read_only else ""
        if header.schema_version > SCHEMA_VERSION:
            reason = (
                f"written by a newer Workbench (schema {header.schema_version}; this one "
                f"knows {SCHEMA_VERSION}): read-only"
            )
        lock = None
        if not reason:
            lock = _try_lock(path)
            if lock is None:
                reason = "open in another Workbench process: read-only"
        try:
            if not reason and header.schema_version < SCHEMA_VERSION:
                migrate(path, header.schema_version)
            connection = connect(path, read_only=bool(reason))
        except (sqlite3.Error, OSError) as error:
            if lock is not None:
                lock.close()
            raise CaseFileError(f"{path}: cannot be opened ({error})") from None
        return cls(path, connection, read_only_reason=reason, lock=lock)

    @classmethod
    def create(cls, path: Path | str, case: Case) -> CaseFile:
        """Write a new case file for ``case``; refuse to replace an existing file.

        The file is built under a temporary name and linked into place only when complete,
        so a crash never leaves a half-written case file behind.
        """
        path = Path(path)
        if path.exists():
            raise CaseFileError(f"{path}: already exists; choose another name")
        if not path.parent.is_dir():
            raise CaseFileError(f"{path.parent}: no such folder")
        validate_or_raise(case)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            temporary.write_bytes(_empty_case_file())
            connection = sqlite3.connect(temporary, isolation_level=None)
            try:
                connection.execute("PRAGMA journal_mode = WAL")
                # Nobody sees the file until it is linked into place: one fsync then suffices.
                connection.execute("PRAGMA synchronous = OFF")
                connection.execute("PRAGMA foreign_keys = ON")
                with _transaction(connection):
                    _write(connection, {}, case_rows(case))
            finally:
                connection.close()
            with temporary.open("rb+") as handle:
                os.fsync(handle.fileno())
            os.link(temporary, path)
        except FileExistsError:
            raise CaseFileError(f"{path}: already exists; choose another name") from None
        except (sqlite3.Error, OSError) as error:
            raise CaseFileError(f"{path}: cannot be written ({error})") from None
        finally:
            for leftover in (temporary, *_sidecars(temporary)):
                leftover.unlink(missing_ok=True)
        return cls.open(path)

    def load(self) -> Case:
        """Read the whole case; afterwards ``save`` writes only what changes."""
        with self._mutex:
            try:
                case = case_from_rows(self._fetch)
            except (sqlite3.Error, ValueError) as error:
                raise CaseFileError(
                    f"{self.path}: is damaged and cannot be read ({error})"
                ) from None
            self._saved = case_rows(case)
        return case

    def _fetch(self, table: str, order_by: str) -> list[Row]:
        return self._connection.execute(f"SELECT * FROM [{table}] ORDER BY {order_by}").fetchall()

    def save(self, case: Case) -> int:
        """Commit the case in one transaction; return how many rows changed."""
        if self.read_only:
            raise CaseFileReadOnlyError(f"{self.path}: {self.read_only_reason}")
        validate_or_raise(case)
        rows = case_rows(case)
        with self._mutex:
            if self._saved is None:
                self._saved = case_rows(case_from_rows(self._fetch))
            try:
                with _transaction(self._connection):
                    changed = _write(self._connection, self._saved, rows)
            except sqlite3.Error as error:
                raise CaseFileError(f"{self.path}: could not save ({error})") from None
            self._saved = rows
        return changed

    def close(self) -> None:
        with self._mutex:
            self._connection.close()
            if self._lock is not None:
                self._lock.close()
                self._lock = None

    def __enter__(self) -> CaseFile:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


@functools.cache
def _empty_case_file() -> bytes:
    """The bytes of a case file with the schema and no case, built once per process.

    Creating fourteen tables costs far more than writing one case; bulk imports create
    thousands of files, so each starts as a copy of this template.
    """
    connection = sqlite3.connect(":memory:", isolation_level=None)
    try:
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        # sqlite_utils costs ~100 ms to import: only creating a file needs it.
        import sqlite_utils

        create_schema(sqlite_utils.Database(connection))
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return connection.serialize()
    finally:
        connection.close()


def validate_or_raise(case: Case) -> None:
    try:
        validate_integrity(case)
    except CaseIntegrityError as error:
        raise CaseFileError(f"the case cannot be saved: {error}") from None


def _sidecars(path: Path) -> tuple[Path, Path]:
    return wal_path(path), path.with_name(path.name + "-shm")


@contextlib.contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    # References are checked at commit, so rows may be written in any order.
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("PRAGMA defer_foreign_keys = ON")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _write(connection: sqlite3.Connection, before: Rows, after: Rows) -> int:
    """Turn the difference between two row sets into deletes and upserts."""
    changed = 0
    for table in TABLES:
        old, new = before.get(table.name, {}), after[table.name]
        gone = [key for key in old if key not in new]
        if gone:
            condition = " AND ".join(f"[{column}] = ?" for column in table.pk)
            connection.executemany(f"DELETE FROM [{table.name}] WHERE {condition}", gone)
        fresh = [row for key, row in new.items() if old.get(key) != row]
        if fresh:
            columns = ", ".join(f"[{column}]" for column in table.column_names)
            marks = ", ".join("?" for _ in table.column_names)
            updates = ", ".join(
                f"[{column}] = excluded.[{column}]"
                for column in table.column_names if column not in table.pk
            )
            conflict = ", ".join(f"[{column}]" for column in table.pk)
            connection.executemany(
                f"INSERT INTO [{table.name}] ({columns}) VALUES ({marks}) "
                f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}",
                fresh,
            )
        changed += len(gone) + len(fresh)
    return changed
