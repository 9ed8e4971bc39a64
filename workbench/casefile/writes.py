"""Rows into SQL: the one transaction of a save, the changes it writes, a new file's bytes.

A save compares the rows of the case as last saved with the rows of the case now
(``changes_between``) and writes only the difference (``write_changes``), so one edit costs
a few row writes however large the case. A new case file is the same writing done on an
in-memory copy of an empty template, then handed over as bytes; its history is sealed
as it is written (``seal.py``), whatever seals its events arrived with.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from collections.abc import Iterator, Sequence

from workbench.casefile.history import Changes
from workbench.casefile.probe import APPLICATION_ID, SCHEMA_VERSION
from workbench.casefile.rows import Rows, case_rows
from workbench.casefile.schema import CASE_TABLES, TABLES_BY_NAME, Table, create_schema
from workbench.casefile.seal import publication_head, seal, write_head
from workbench.model import Case


@functools.cache
def empty_case_file() -> bytes:
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


#: Bytes 18 and 19 of an SQLite header: the file format's write and read versions,
#: 2 for WAL. An image built in memory says 1 (rollback journal).
_WAL_VERSIONS = slice(18, 20)


def case_file_bytes(case: Case) -> bytes:
    """The whole case file for ``case``, built in memory from the template.

    The case's events are sealed from the start of the chain and its publications given
    their chain heads: ``case`` then holds what the file holds.
    """
    head = seal(case.events, "")
    for publication in case.publications:
        publication.chain_head = publication_head(publication.id, case.events, head)
    connection = sqlite3.connect(":memory:", isolation_level=None)
    try:
        connection.deserialize(empty_case_file())
        connection.execute("PRAGMA foreign_keys = ON")
        with transaction(connection):
            write_changes(connection, changes_between({}, case_rows(case), CASE_TABLES))
            write_head(connection, head, len(case.events))
        image = bytearray(connection.serialize())
    finally:
        connection.close()
    # A case file is in WAL mode from the start (a persistent property of the file).
    image[_WAL_VERSIONS] = b"\x02\x02"
    return bytes(image)


@contextlib.contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[None]:
    # References are checked at commit, so rows may be written in any order.
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("PRAGMA defer_foreign_keys = ON")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def changes_between(before: Rows, after: Rows, tables: Sequence[Table]) -> Changes:
    """Per table that differs: the keys of rows gone, and the rows new or changed."""
    changes: Changes = {}
    for table in tables:
        old, new = before.get(table.name, {}), after[table.name]
        gone = [key for key in old if key not in new]
        fresh = [row for key, row in new.items() if old.get(key) != row]
        if gone or fresh:
            changes[table.name] = (gone, fresh)
    return changes


def write_changes(connection: sqlite3.Connection, changes: Changes) -> int:
    """Turn the changes into deletes and upserts; return how many rows they touch."""
    changed = 0
    for name, (gone, fresh) in changes.items():
        table = TABLES_BY_NAME[name]
        if gone:
            condition = " AND ".join(f"[{column}] = ?" for column in table.pk)
            connection.executemany(f"DELETE FROM [{table.name}] WHERE {condition}", gone)
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
