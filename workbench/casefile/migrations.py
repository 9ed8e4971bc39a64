"""Bring an older case file up to the current schema, after backing it up.

Each migration moves a file from one schema version to the next. Before the first step the
whole file is copied with SQLite's online backup API (a consistent copy even with a WAL);
all steps then run in one transaction with the new ``user_version``, so a failure leaves the
file as it was.

A file opened only for reading is never changed: it is copied into memory and the copy is
migrated, so an old file can be read, checked and exported (and any other process may keep
it open) while it stays exactly as it was on disk.

Migrations are frozen in time: each spells out its own SQL instead of reading
``schema.TABLES``, which describes only the newest schema. A test checks that a migrated
file has the same tables, columns and indexes as a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.casefile.errors import CaseFileError
from workbench.casefile.probe import SCHEMA_VERSION, sqlite_reason
from workbench.model import Event, event_hash, now_timestamp

if TYPE_CHECKING:
    import sqlite_utils


@dataclass(frozen=True)
class Migration:
    from_version: int
    description: str
    apply: Callable[[sqlite_utils.Database], None]


def _history_and_sign_off(db: sqlite_utils.Database) -> None:
    """Schema 1 -> 2: events say what changed (target, field, before, after) and get ids;
    comments say who resolved them and when."""
    db.execute(
        """CREATE TABLE "events_v2" (
   "position" INTEGER PRIMARY KEY,
   "id" TEXT NOT NULL,
   "at" TEXT,
   "who" TEXT,
   "action" TEXT,
   "target_kind" TEXT,
   "target_id" TEXT,
   "field" TEXT,
   "before" TEXT,
   "after" TEXT,
   "detail" TEXT
)"""
    )
    # Old events get ids from their place in the history: the same on every machine, so
    # two copies of one old file migrate to the same events.
    db.execute(
        """INSERT INTO events_v2 (position, id, at, who, action, target_kind, target_id,
                                  field, before, after, detail)
           SELECT position, 'event-' || (position + 1), at, who, action, '', '', '',
                  NULL, NULL, detail
           FROM events"""
    )
    db.execute("DROP TABLE events")
    db.execute("ALTER TABLE events_v2 RENAME TO events")
    db.execute('CREATE UNIQUE INDEX "events_by_id" ON "events" ("id")')
    db.execute('ALTER TABLE comments ADD COLUMN "resolved_by" TEXT')
    db.execute('ALTER TABLE comments ADD COLUMN "resolved_at" TEXT')
    db.execute("UPDATE comments SET resolved_by = '', resolved_at = ''")


def _accepted_warnings(db: sqlite_utils.Database) -> None:
    """Schema 2 -> 3: check warnings accepted, with who, why and when (none yet)."""
    db.execute(
        """CREATE TABLE "acceptances" (
   "code" TEXT,
   "target_kind" TEXT,
   "target_id" TEXT,
   "fingerprint" TEXT,
   "position" INTEGER,
   "who" TEXT,
   "why" TEXT,
   "at" TEXT,
   PRIMARY KEY ("code", "target_kind", "target_id", "fingerprint")
)"""
    )


#: The id of the event a migration to schema 4 appends: one per file, the same everywhere.
SEAL_EVENT_ID = "history-sealed"


def _sealed_history(db: sqlite_utils.Database) -> None:
    """Schema 3 -> 4: the history is sealed (each event hashes its content and the hash
    before it), publications record the chain head, and the head is kept apart.

    Nothing vouches for the events written before this step, so it says so: it appends a
    ``seal`` event ("history sealed from here") and then seals every event, old ones
    included, as they stand. From here on changing any of them shows; the readiness check
    names the events before the seal as unsealed when written. The hash is
    ``model.event_hash``, whose framing never changes (files hold its values).
    """
    db.execute('ALTER TABLE events ADD COLUMN "prev_hash" TEXT')
    db.execute('ALTER TABLE events ADD COLUMN "hash" TEXT')
    db.execute('ALTER TABLE publications ADD COLUMN "chain_head" TEXT')
    db.execute("UPDATE publications SET chain_head = ''")
    db.execute(
        """CREATE TABLE "history_head" (
   "id" INTEGER PRIMARY KEY,
   "hash" TEXT NOT NULL,
   "events" INTEGER NOT NULL
)"""
    )
    # Text as the case file reads it (``connection.py``, ``rows.py``): bytes that are not
    # UTF-8 as replacement characters, a BLOB or a number as text; the hashes must be over
    # what a later reading gives.
    text_factory = db.conn.text_factory
    db.conn.text_factory = bytes
    try:
        rows = [(row[0], *map(_as_read, row[1:])) for row in db.execute(
            "SELECT position, id, at, who, action, target_kind, target_id, field, before, "
            "after, detail FROM events ORDER BY position").fetchall()]
    finally:
        db.conn.text_factory = text_factory
    if rows:
        (case_id,) = db.execute("SELECT coalesce(max(id), '') FROM cases").fetchone()
        count = len(rows)
        rows.append((rows[-1][0] + 1, SEAL_EVENT_ID, now_timestamp(), "", "seal",
                     "case", case_id, "", None, None,
                     f"history sealed from here (upgrade to schema 4): {count} earlier "
                     f"event{'s were' if count != 1 else ' was'} recorded unsealed"))
        db.execute(
            "INSERT INTO events (position, id, at, who, action, target_kind, target_id, "
            "field, before, after, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows[-1])
    head = ""
    sealed = []
    for position, *fields in rows:
        # NULL text reads as "", except before and after, where it means "not set".
        eid, at, who, action, target_kind, target_id, field, before, after, detail = fields
        event = Event(id=eid or "", at=at or "", who=who or "", action=action or "",
                      target_kind=target_kind or "", target_id=target_id or "",
                      field=field or "", before=before, after=after, detail=detail or "")
        new_head = event_hash(head, event)
        sealed.append((head, new_head, position))
        head = new_head
    db.conn.executemany("UPDATE events SET prev_hash = ?, hash = ? WHERE position = ?",
                        sealed)
    db.execute("INSERT INTO history_head (id, hash, events) VALUES (1, ?, ?)",
               (head, len(rows)))


def _locators_and_origins(db: sqlite_utils.Database) -> None:
    """Schema 4 -> 5: each excerpt can say where it is in its source (a locator and the
    TextQuoteSelector's prefix, exact and suffix), and each source whose account it
    carries (its origin). Existing excerpts are placed nowhere and sources name no
    origin: empty text, and a NULL locator kind for "no locator"."""
    for column in ("locator_kind", "locator", "prefix", "exact", "suffix"):
        db.execute(f'ALTER TABLE excerpts ADD COLUMN "{column}" TEXT')
    db.execute("UPDATE excerpts SET locator = '', prefix = '', exact = '', suffix = ''")
    db.execute('ALTER TABLE sources ADD COLUMN "origin" TEXT')
    db.execute("UPDATE sources SET origin = ''")


def _right_of_reply(db: sqlite_utils.Database) -> None:
    """Schema 5 -> 6: the right-of-reply log, each attempt to reach the claimant or
    another person the check names, and their answer (none logged yet)."""
    db.execute(
        """CREATE TABLE "replies" (
   "id" TEXT PRIMARY KEY,
   "position" INTEGER,
   "name" TEXT,
   "claimant" INTEGER,
   "date" TEXT,
   "channel" TEXT NOT NULL,
   "asked" TEXT,
   "deadline" TEXT,
   "answer" TEXT,
   "answered" TEXT
)"""
    )


def _preserved_sources(db: sqlite_utils.Database) -> None:
    """Schema 6 -> 7: several archived copies per source, with the archive and the capture
    time, and files of a source kept in the case file (their description, and their bytes
    by SHA-256). None yet: a source's ``archived_url`` stays where it is, the address the
    source form edits."""
    db.execute(
        """CREATE TABLE "archived_copies" (
   "source_id" TEXT REFERENCES "sources"("id"),
   "position" INTEGER,
   "url" TEXT,
   "archive" TEXT,
   "captured" TEXT,
   PRIMARY KEY ("source_id", "position")
)"""
    )
    db.execute(
        """CREATE TABLE "captures" (
   "id" TEXT PRIMARY KEY,
   "source_id" TEXT NOT NULL REFERENCES "sources"("id"),
   "position" INTEGER,
   "name" TEXT,
   "media_type" TEXT,
   "sha256" TEXT NOT NULL,
   "size" INTEGER NOT NULL
)"""
    )
    db.execute(
        """CREATE TABLE "capture_data" (
   "sha256" TEXT PRIMARY KEY,
   "data" BLOB NOT NULL
)"""
    )


def _claimant_type(db: sqlite_utils.Database) -> None:
    """Schema 7 -> 8: the claimant is typed a person or an organization, and may name an
    address that identifies them (sameAs). Every claimant so far was written as a person,
    so that is what existing claims say; none has an address."""
    db.execute('ALTER TABLE claim ADD COLUMN "claimant_kind" TEXT')
    db.execute('ALTER TABLE claim ADD COLUMN "claimant_same_as" TEXT')
    db.execute("UPDATE claim SET claimant_kind = 'person', claimant_same_as = ''")


def _as_read(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "history with before/after and event ids; who resolved a comment",
              _history_and_sign_off),
    Migration(2, "accepted check warnings", _accepted_warnings),
    Migration(3, "sealed history", _sealed_history),
    Migration(4, "excerpt locators and source origins", _locators_and_origins),
    Migration(5, "right-of-reply log", _right_of_reply),
    Migration(6, "archived copies and captures", _preserved_sources),
    Migration(7, "claimant type and sameAs", _claimant_type),
)


def backup_path(path: Path, version: int) -> Path:
    candidate = path.with_name(f"{path.name}.v{version}-backup")
    counter = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.v{version}-backup{counter}")
        counter += 1
    return candidate


def _steps(path: Path, from_version: int, target: int,
           migrations: Sequence[Migration] | None) -> list[Migration]:
    available = {m.from_version: m for m in (MIGRATIONS if migrations is None else migrations)}
    steps = []
    for version in range(from_version, target):
        if version not in available:
            raise CaseFileError(
                f"{path}: schema {from_version} cannot be upgraded (no migration from {version})"
            )
        steps.append(available[version])
    return steps


def _apply(connection: sqlite3.Connection, steps: Sequence[Migration], target: int) -> None:
    """Run the steps and set the version in one transaction; roll back on any failure."""
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("BEGIN IMMEDIATE")
    try:
        import sqlite_utils

        db = sqlite_utils.Database(connection)
        for step in steps:
            step.apply(db)
        connection.execute(f"PRAGMA user_version = {target}")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def migrate(
    path: Path,
    from_version: int,
    *,
    migrations: Sequence[Migration] | None = None,
    target: int = SCHEMA_VERSION,
) -> Path:
    """Back up ``path`` and migrate it to ``target``; return the backup's path.

    A failed upgrade leaves the file as it was, so its backup is removed with it: a file
    that fails every time it is opened must not leave a full copy behind each time.
    """
    steps = _steps(path, from_version, target, migrations)
    backup = backup_path(path, from_version)
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True,
                             isolation_level=None)
    try:
        try:
            target_db = sqlite3.connect(backup)
            try:
                source.backup(target_db)
            finally:
                target_db.close()
            _apply(source, steps, target)
        except Exception as error:
            backup.unlink(missing_ok=True)
            reason = sqlite_reason(error) if isinstance(error, sqlite3.Error) else error
            raise CaseFileError(
                f"{path}: upgrade to schema {target} failed ({reason}); the file is unchanged"
            ) from None
    finally:
        source.close()
    return backup


def migrated_in_memory(
    source: sqlite3.Connection,
    path: Path,
    from_version: int,
    *,
    migrations: Sequence[Migration] | None = None,
    target: int = SCHEMA_VERSION,
) -> sqlite3.Connection:
    """A migrated copy, in memory, of the older case file open (read-only) on ``source``."""
    steps = _steps(path, from_version, target, migrations)
    memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        source.backup(memory)
        _apply(memory, steps, target)
    except Exception as error:
        memory.close()
        raise CaseFileError(
            f"{path}: cannot be read as schema {target} ({error})"
        ) from None
    memory.execute("PRAGMA foreign_keys = ON")
    return memory
