"""Open, create, load and save one case file.

A case file is written by one process at a time: the writer holds the sidecar lock
(``lock.py``: a ``flock`` on a file beside the case, released by the kernel even after
``kill -9``), and a second process gets the case read-only and is told why. Nothing here
opens the case file except SQLite (see ``lock.py`` for why that matters). Saving writes
only the rows that changed since the last load or save, inside one transaction, so a
single edit costs a few row writes however large the case is.

The same difference becomes the case's history: each save appends events saying who
changed what, with the values before and after (``history.py``), in the same transaction.
The history is append-only and belongs to the file: events the caller added to
``case.events`` (the review engine's) are appended once, and none is ever deleted by a
save. Each event is sealed as it is written (``seal.py``): a hash over its content and the
hash before it, so an event changed, removed or moved behind the Workbench's back shows.
Two rules of publication are kept here, where every writer passes: a published case
changes only with a correction, and a published snapshot never changes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from pathlib import Path

from workbench.atomic import write_atomically
from workbench.casefile.connection import (
    connect_reader,
    connect_writer,
    read_connection,
    use_wal,
    wal_is_empty,
)
from workbench.casefile.errors import CaseFileError, CaseFileReadOnlyError, CaseFrozenError
from workbench.casefile.history import Changes, derive_events
from workbench.casefile.lock import WriterLock, make_lock_file, reading, writer_pid
from workbench.casefile.migrations import migrate, migrated_in_memory
from workbench.casefile.probe import (
    SCHEMA_VERSION,
    check_path,
    schema_version,
    sqlite_reason,
)
from workbench.casefile.rows import (
    Row,
    Rows,
    case_from_rows,
    case_rows,
    event_from_row,
    event_row,
)
from workbench.casefile.schema import CASE_TABLES, TABLES, TABLES_BY_NAME
from workbench.casefile.seal import publication_head, seal, write_head
from workbench.casefile.writes import case_file_bytes, changes_between, transaction, write_changes
from workbench.model import (
    Capture,
    Case,
    CaseIntegrityError,
    Event,
    HistoryHead,
    Publication,
    Status,
    now_timestamp,
    validate_integrity,
)

#: Edits of one value by one person this close together (seconds) are one event: autosave
#: writes every pause in typing, and a history of keystrokes would bury what happened.
COALESCE_SECONDS = 300
#: How many of SQLite's integrity problems are reported: the first few say enough.
INTEGRITY_PROBLEMS_SHOWN = 10
#: The tables a save compares; the history is appended, never compared.
_COMPARED = tuple(table for table in CASE_TABLES if table.name != "events")
#: Tables whose change is a change of the published article (the workflow's are not).
_CONTENT = frozenset({"claim", "claim_appearances", "verdict", "verdict_points", "questions",
                      "sources", "excerpts", "matrix", "sections", "acceptances",
                      "replies", "archived_copies", "captures"})
_CASE_COLUMNS = TABLES_BY_NAME["cases"].column_names
_STATUS = _CASE_COLUMNS.index("status")
#: The columns of ``cases`` that are bookkeeping or workflow, not content.
_CASE_WORKFLOW = frozenset({_STATUS, _CASE_COLUMNS.index("updated")})


class CaseFile:
    """An open case file. Use ``CaseFile.open`` or ``CaseFile.create``; close when done."""

    def __init__(self, path: Path, connection: sqlite3.Connection, *,
                 read_only_reason: str = "", lock: WriterLock | None = None,
                 lease: contextlib.ExitStack | None = None, who: str = "") -> None:
        self.path = path
        self._connection = connection
        #: The writer's lock, or a reader's hold on it while it reads without SQLite's locks.
        self._lock = lock
        self._lease = lease
        #: Why the file is read-only, in words for a banner; empty when writable.
        self.read_only_reason = read_only_reason
        #: The name the history records for edits saved through this file ("" for
        #: nobody); the caller knows who is acting (``--as``, $WORKBENCH_USER, the
        #: config), the case file layer does not read the user's settings.
        self.who = who
        self._saved: Rows | None = None
        #: What the file's history holds: the ids, the next position, the last event (an
        #: edit may be merged into it), and the chain head and count the next events extend.
        self._event_ids: set[str] = set()
        self._next_position = 0
        self._last_event: Event | None = None
        self._head = HistoryHead()
        #: Whether the file is known to be in WAL mode (switched at the first save).
        self._wal = False
        # Autosave runs in a worker thread; one statement sequence at a time.
        self._mutex = threading.Lock()

    @property
    def read_only(self) -> bool:
        return bool(self.read_only_reason)

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False, who: str = "") -> CaseFile:
        """Open an existing case file.

        A file another process is writing, or one written by a newer Workbench, opens
        read-only with ``read_only_reason`` saying so. An older file is backed up and
        migrated; opened read-only, it is read through a migrated copy in memory and left
        as it is. Anything that is not a case file raises CaseFileError, untouched: SQLite
        judges it through a read-only connection before anything may write to it.
        ``who`` is the name recorded for the edits saved (see ``CaseFile.who``).
        """
        path = Path(path)
        if read_only:
            return cls._open_reader(path, "opened read-only", who)
        with read_connection(path) as (_, version):
            pass
        if version > SCHEMA_VERSION:
            return cls._open_reader(path, _newer(version), who)
        try:
            lock = WriterLock.acquire(path)
        except OSError as error:
            return cls._open_reader(
                path, f"the folder cannot be written ({error.strerror}): read-only", who)
        if lock is None:
            pid = writer_pid(path)
            holder = f" (process {pid})" if pid else ""
            return cls._open_reader(
                path, f"open in another Workbench process{holder}: read-only", who)
        with _let_go_on_failure(path, lock.release):
            if version < SCHEMA_VERSION:
                migrate(path, version)
            connection = connect_writer(path)
        return cls(path, connection, lock=lock, who=who)

    @classmethod
    def _open_reader(cls, path: Path, reason: str, who: str) -> CaseFile:
        """Open for reading only; ``reason`` says why, for the banner."""
        check_path(path)
        lease = contextlib.ExitStack()
        with _let_go_on_failure(path, lease.close):
            no_writer = lease.enter_context(reading(path))
            connection = connect_reader(path, immutable=no_writer and wal_is_empty(path))
            try:
                version = schema_version(connection, path)
                if version > SCHEMA_VERSION:
                    reason = _newer(version)
                elif version < SCHEMA_VERSION:
                    on_disk = connection
                    try:
                        connection = migrated_in_memory(on_disk, path, version)
                    finally:
                        # The copy is made (or failed): the file is let go at once.
                        on_disk.close()
                    lease.close()
            except BaseException:
                connection.close()
                raise
        return cls(path, connection, read_only_reason=reason, lease=lease, who=who)

    @classmethod
    def create(cls, path: Path | str, case: Case, *, who: str = "") -> CaseFile:
        """Write a new case file for ``case``; refuse to replace an existing file.

        The file is built in memory and put in place whole (``workbench.atomic``), so a
        crash never leaves a half-written case file, nor a temporary one, behind. The
        case's events are written as they are (``workbench.review.record`` adds a
        "created" one).
        """
        path = Path(path)
        if path.exists():
            raise CaseFileError(f"{path}: already exists; choose another name")
        if not path.parent.is_dir():
            raise CaseFileError(f"{path.parent}: no such folder")
        validate_or_raise(case)
        try:
            write_atomically(path, case_file_bytes(case), replace=False)
            # After the case, not before: a creation killed or refused in between leaves
            # no lock file of a case that never was (the writer makes one if it is missing).
            make_lock_file(path)
        except FileExistsError:
            raise CaseFileError(f"{path}: already exists; choose another name") from None
        except (sqlite3.Error, OSError) as error:
            reason = sqlite_reason(error) if isinstance(error, sqlite3.Error) else error.strerror
            raise CaseFileError(f"{path}: cannot be written ({reason})") from None
        return cls.open(path, who=who)

    def load(self) -> Case:
        """Read the whole case; afterwards ``save`` writes only what changes."""
        with self._mutex:
            case = self._read()
            self._remember(case)
        return case

    def _read(self) -> Case:
        try:
            return case_from_rows(self._fetch)
        except sqlite3.Error as error:
            raise CaseFileError(f"{self.path}: cannot be read ({sqlite_reason(error)})") from None
        except (ValueError, TypeError, KeyError) as error:
            raise CaseFileError(
                f"{self.path}: holds values this Workbench cannot read ({error})") from None

    def _remember(self, case: Case) -> None:
        """Take ``case`` (just read) as what the file holds."""
        self._saved = case_rows(case, history=False)
        self._event_ids = {event.id for event in case.events}
        # From the file, not the count: a history edited by hand may have gaps.
        (self._next_position,) = self._connection.execute(
            "SELECT coalesce(max(position) + 1, 0) FROM events").fetchone()
        # A copy: the caller owns ``case`` and may change it.
        self._last_event = dataclasses.replace(case.events[-1]) if case.events else None
        # The chain goes on from the head the file records, not from its last event: events
        # removed at the end behind the Workbench's back then stay a visible break, rather
        # than being sealed over by the next save. A head whose record is gone starts anew,
        # which leaves a break just as visible.
        head = case.history_head
        self._head = head if head is not None and head.recorded else HistoryHead(
            "", len(case.events))

    def _fetch(self, table: str, order_by: str) -> list[Row]:
        # Columns by name: a migrated file may hold them in another order than a new one.
        return self._connection.execute(
            f"SELECT {_SELECT[table]} FROM [{table}] ORDER BY {order_by}"
        ).fetchall()

    def integrity_problems(self) -> list[str]:
        """What SQLite's full ``integrity_check`` finds wrong with the file; empty when it
        is sound. On demand only: it reads every page, which opening never needs."""
        with self._mutex:
            try:
                rows = self._connection.execute(
                    f"PRAGMA integrity_check({INTEGRITY_PROBLEMS_SHOWN})").fetchall()
            except sqlite3.Error as error:
                return [sqlite_reason(error)]
        # One problem a line; SQLite puts several in one row, under a heading.
        problems = [line for row in rows for line in str(row[0]).splitlines()
                    if line and not line.startswith("***")]
        return [] if problems == ["ok"] else problems[:INTEGRITY_PROBLEMS_SHOWN]

    def history(self) -> list[Event]:
        """Every event in the file, oldest first, as saved so far.

        The case in memory lacks the events its saves derived when the save was given a
        copy (as autosave does); this is the history as a reviewer should see it.
        """
        with self._mutex:
            try:
                return [event_from_row(row) for row in self._fetch("events", "position")]
            except sqlite3.Error as error:
                raise CaseFileError(
                    f"{self.path}: cannot read the history ({sqlite_reason(error)})") from None
            except (ValueError, TypeError) as error:
                raise CaseFileError(
                    f"{self.path}: holds history this Workbench cannot read ({error})") from None

    def save(self, case: Case, *, capture_data: Mapping[str, bytes] | None = None) -> int:
        """Commit the case in one transaction; return how many of its rows changed.

        ``capture_data`` holds the bytes of captures the case gains, by their SHA-256; they
        are written in the same transaction, and the bytes no capture names any more are
        removed with it.

        The history rows this appends are not counted: they record the change. The events
        it derives are also appended to ``case.events``, so the saved case is what a load
        gives. Refuses (CaseFrozenError) to change a published case without a correction,
        or a published snapshot at all.
        """
        if self.read_only:
            raise CaseFileReadOnlyError(f"{self.path}: {self.read_only_reason}")
        validate_or_raise(case, history=False)
        rows = case_rows(case, history=False)
        with self._mutex:
            if self._saved is None:
                self._remember(self._read())
            assert self._saved is not None
            _keep_chain_heads(self._saved, rows)
            changes = changes_between(self._saved, rows, _COMPARED)
            self._refuse_frozen_changes(self._saved, rows, changes)
            history = self._plan_history(case, derive_events(self._saved, rows, changes)
                                         if changes else [])
            try:
                if not self._wal:
                    use_wal(self._connection)
                    self._wal = True
                with transaction(self._connection):
                    changed = write_changes(self._connection, changes)
                    _write_capture_data(self._connection, capture_data or {}, changes)
                    history.write(self._connection)
                    _record_chain_heads(self._connection, self._saved, rows, changes,
                                        history)
            except sqlite3.Error as error:
                raise CaseFileError(
                    f"{self.path}: could not save ({sqlite_reason(error)})") from None
            self._saved = rows
            history.done(self, case)
            published = rows["publications"]
            for publication in case.publications:
                publication.chain_head = published[(publication.id,)][_CHAIN_HEAD]
        return changed

    def capture_bytes(self, capture: Capture) -> bytes:
        """The bytes of ``capture``, read from the file now (a case never holds them),
        checked against its SHA-256; CaseFileError when they are missing or differ."""
        with self._mutex:
            try:
                row = self._connection.execute(
                    "SELECT data FROM capture_data WHERE sha256 = ?", (capture.sha256,)
                ).fetchone()
            except sqlite3.Error as error:
                raise CaseFileError(
                    f"{self.path}: cannot read capture {capture.name!r} "
                    f"({sqlite_reason(error)})") from None
        if row is None or not isinstance(row[0], bytes | str):
            raise CaseFileError(f"{self.path}: the bytes of capture {capture.name!r} are not "
                                "in the case file")
        data = row[0].encode() if isinstance(row[0], str) else row[0]
        if hashlib.sha256(data).hexdigest() != capture.sha256:
            raise CaseFileError(f"{self.path}: capture {capture.name!r} does not match its "
                                "SHA-256: the case file was changed behind the Workbench's "
                                "back")
        return data

    def _refuse_frozen_changes(self, saved: Rows, rows: Rows, changes: Changes) -> None:
        """Publication freezes the snapshot for ever, and the case until a correction."""
        if "publications" in changes:
            gone, fresh = changes["publications"]
            old = saved["publications"]
            for row in fresh:
                if (row[0],) in old or not _publication(row).intact:
                    altered = (row[0],) in old
                    number = (old[(row[0],)][1] + 1) if altered else row[1] + 1
                    raise CaseFrozenError(
                        f"{self.path}: publication {number} "
                        + ("is frozen; a published snapshot never changes" if altered else
                           "has no valid content hash; publish through the review workflow")
                    )
            if gone:
                number = old[gone[0]][1] + 1
                raise CaseFrozenError(
                    f"{self.path}: publication {number} is frozen; a published snapshot is "
                    "never removed"
                )
        (before,) = saved["cases"].values()
        if before[_STATUS] != Status.PUBLISHED.value:
            return
        (after,) = rows["cases"].values()
        corrected = "corrections" in changes and any(
            (row[0],) not in saved["corrections"] for row in changes["corrections"][1]
        )
        if corrected:
            if after[_STATUS] in (Status.PUBLISHED.value, Status.CORRECTED.value):
                return
        elif after[_STATUS] == Status.PUBLISHED.value and not _CONTENT.intersection(changes) \
                and all(before[i] == after[i] for i in range(len(before))
                        if i not in _CASE_WORKFLOW):
            return
        raise CaseFrozenError(
            f"{self.path}: the case is published; record a correction (what changed and why) "
            "before changing it"
        )

    def _plan_history(self, case: Case, derived: list[Event]) -> _HistoryPlan:
        """The events this save appends: the caller's new ones and those derived here."""
        fresh: list[Event] = []
        for event in reversed(case.events):
            if event.id in self._event_ids:
                break
            fresh.append(event)
        fresh.reverse()
        # The save checked every list but the history; the new events are checked here.
        if len({event.id for event in fresh}) != len(fresh) or not all(e.id for e in fresh):
            raise CaseFileError("the case cannot be saved: two events share an id, or one "
                                "has none")
        # The engine's event says it better (a status move with its note): keep one.
        covered = {(e.target_kind, e.target_id, e.field) for e in fresh}
        derived = [e for e in derived if (e.target_kind, e.target_id, e.field) not in covered]
        # An edit merges into the file's last event only while that is the chain's head
        # (re-sealing it over a broken end would hide the break), and no publication
        # recorded its hash as the head it was frozen at.
        last = self._last_event
        assert self._saved is not None
        pinned = {row[_CHAIN_HEAD] for row in self._saved["publications"].values()}
        mergeable = (last if last is not None and last.hash == self._head.hash
                     and last.hash not in pinned else None)
        plan = _HistoryPlan(self._next_position, mergeable, self._head)
        # The caller's events first: they are already at the end of ``case.events``, and the
        # file keeps the order a load will give.
        for event in fresh:
            plan.add(event, derived=False)
        if derived:
            at, who = now_timestamp(), self.who
            for event in derived:
                event.at, event.who = at, who
                plan.add(event, derived=True)
        return plan

    def close(self) -> None:
        with self._mutex:
            # SQLite lets go of the file first: only then may another writer start.
            self._connection.close()
            if self._lock is not None:
                self._lock.release()
                self._lock = None
            if self._lease is not None:
                self._lease.close()
                self._lease = None

    def __enter__(self) -> CaseFile:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class _HistoryPlan:
    """The history rows one save writes: events appended, and the last one merged into.

    An edit merges into the event before it when that event is the same person's edit of
    the same value, moments earlier; the merged event keeps the first ``before``. One that
    ends where it began (typed, then undone) is dropped.
    """

    def __init__(self, next_position: int, file_last: Event | None, head: HistoryHead) -> None:
        self.next_position = next_position
        self.file_last = file_last
        #: The chain head and count: the file's, then (once written) this save's.
        self.head = head
        #: Whether the file's last event is rewritten: replaced by ``new_last``, or dropped
        #: when that is None.
        self.rewrite_last = False
        self.new_last: Event | None = None
        #: (event, derived here): the caller's events are in ``case.events`` already.
        self.appended: list[tuple[Event, bool]] = []

    def add(self, event: Event, *, derived: bool) -> None:
        if self.appended:
            last, last_derived = self.appended[-1]
        else:
            last = self.new_last if self.rewrite_last else self.file_last
            last_derived = True
        if derived and last_derived and last is not None and _merges(last, event):
            merged = Event(id=last.id, at=event.at, who=last.who, action=last.action,
                           target_kind=last.target_kind, target_id=last.target_id,
                           field=last.field, before=last.before, after=event.after,
                           detail=last.detail)
            keep = merged.before != merged.after
            if self.appended:
                self.appended[-1:] = [(merged, True)] if keep else []
            else:
                self.rewrite_last, self.new_last = True, merged if keep else None
            return
        self.appended.append((event, derived))

    @property
    def changes_history(self) -> bool:
        return self.rewrite_last or bool(self.appended)

    def write(self, connection: sqlite3.Connection) -> None:
        """Write the events, each sealed onto the one before it, and the new chain head."""
        if not self.changes_history:
            return
        position = self.next_position
        head, count = self.head.hash, self.head.events
        if self.rewrite_last:
            assert self.file_last is not None
            position -= 1
            # The rewritten event is the last: it is sealed again on the same predecessor.
            head = self.file_last.prev_hash
            if self.new_last is None:
                connection.execute("DELETE FROM events WHERE position = ?", (position,))
                count -= 1
            else:
                head = seal([self.new_last], head)
                # A merge moves only the time, the value after and the seal: an UPDATE of
                # those touches the least of the file (the save of every typing pause).
                connection.execute(
                    "UPDATE events SET at = ?, after = ?, prev_hash = ?, hash = ? "
                    "WHERE position = ?",
                    (self.new_last.at, self.new_last.after, self.new_last.prev_hash, head,
                     position))
                position += 1
        if self.appended:
            head = seal((event for event, _ in self.appended), head)
            connection.executemany(
                _REPLACE_EVENT,
                [event_row(position + i, event) for i, (event, _) in enumerate(self.appended)],
            )
            count += len(self.appended)
        write_head(connection, head, count)
        self.head = HistoryHead(head, count)

    def done(self, case_file: CaseFile, case: Case) -> None:
        """The plan is on disk: bring the file's bookkeeping and ``case.events`` along."""
        if self.rewrite_last and self.file_last is not None:
            case_file._event_ids.discard(self.file_last.id)
            case_file._next_position -= 1
            events = case.events
            at = next((i for i in range(len(events) - 1, -1, -1)
                       if events[i].id == self.file_last.id), None)
            replacement = [] if self.new_last is None else [self.new_last]
            if at is not None:
                events[at:at + 1] = replacement
            for event in replacement:
                case_file._event_ids.add(event.id)
                case_file._next_position += 1
            # A dropped last event leaves nothing known to merge into.
            case_file._last_event = (None if self.new_last is None
                                     else dataclasses.replace(self.new_last))
        for event, derived in self.appended:
            case_file._event_ids.add(event.id)
            if derived:
                case.events.append(event)
        case_file._next_position += len(self.appended)
        if self.appended:
            case_file._last_event = dataclasses.replace(self.appended[-1][0])
        if self.changes_history:
            case_file._head = self.head
            case.history_head = self._callers_head(case)

    def _callers_head(self, case: Case) -> HistoryHead | None:
        """The head ``case`` may be checked against now: the file's, when ``case.events``
        is the file's history; None when it drifted from it (saves made from a copy, as
        autosave makes, left events out or merged into one it holds stale), so that no
        check holds it to a chain it does not have. Reading the file again gives it back."""
        events = case.events
        if len(events) != self.head.events:
            return None
        # The first event this save wrote must follow the one the case holds before it:
        # were that one stale, the hashes would differ there.
        written = len(self.appended) + (self.rewrite_last and self.new_last is not None)
        first = len(events) - written
        if 0 < first < len(events) and events[first].prev_hash != events[first - 1].hash:
            return None
        if events and events[-1].hash != self.head.hash:
            return None
        return dataclasses.replace(self.head, read=len(events))


def _write_capture_data(connection: sqlite3.Connection, data: Mapping[str, bytes],
                        changes: Changes) -> None:
    """Store the new captures' bytes, and let go of those no capture names any more."""
    if data:
        connection.executemany(
            "INSERT OR IGNORE INTO capture_data (sha256, data) VALUES (?, ?)",
            [(digest, sqlite3.Binary(blob)) for digest, blob in data.items()])
    if "captures" in changes and changes["captures"][0]:
        connection.execute(
            "DELETE FROM capture_data WHERE sha256 NOT IN (SELECT sha256 FROM captures)")


def _merges(last: Event, event: Event) -> bool:
    if (last.action, event.action) != ("edit", "edit") or last.who != event.who:
        return False
    if (last.target_kind, last.target_id, last.field) != (
            event.target_kind, event.target_id, event.field):
        return False
    try:
        then, now = datetime.fromisoformat(last.at), datetime.fromisoformat(event.at)
        seconds = (now - then).total_seconds()
    except (ValueError, TypeError):  # a hand-written time, or one without a zone
        return False
    return 0 <= seconds <= COALESCE_SECONDS


def _publication(row: Row) -> Publication:
    pid, _position, published_at, who, content_hash, article, case_json, _head = row
    return Publication(id=pid, published_at=published_at, who=who, content_hash=content_hash,
                       article=article, case_json=case_json)


_CHAIN_HEAD = TABLES_BY_NAME["publications"].column_names.index("chain_head")


def _keep_chain_heads(saved: Rows, rows: Rows) -> None:
    """A publication's chain head is the file's to set: whatever the caller's copy holds
    (nothing, for a copy made before the save that set it), the file's value stands, and
    a new publication starts with none."""
    old = saved["publications"]
    fresh = rows["publications"]
    for key, row in fresh.items():
        was = old.get(key)
        wanted = "" if was is None else was[_CHAIN_HEAD]
        if row[_CHAIN_HEAD] != wanted:
            fresh[key] = (*row[:_CHAIN_HEAD], wanted, *row[_CHAIN_HEAD + 1:])


def _record_chain_heads(connection: sqlite3.Connection, saved: Rows, rows: Rows,
                        changes: Changes, history: _HistoryPlan) -> None:
    """Give each publication this save adds the chain head it was frozen at, in the file
    and in ``rows``."""
    if "publications" not in changes:
        return
    sealed = [event for event, _ in history.appended]
    for row in changes["publications"][1]:
        key = (row[0],)
        if key in saved["publications"]:
            continue
        head = publication_head(row[0], sealed, history.head.hash)
        connection.execute("UPDATE publications SET chain_head = ? WHERE id = ?",
                           (head, row[0]))
        rows["publications"][key] = (*row[:_CHAIN_HEAD], head, *row[_CHAIN_HEAD + 1:])


_EVENT_COLUMNS = TABLES_BY_NAME["events"].column_names
_REPLACE_EVENT = (
    f"INSERT OR REPLACE INTO events ({', '.join(f'[{c}]' for c in _EVENT_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _EVENT_COLUMNS)})"
)
_SELECT = {table.name: ", ".join(f"[{c}]" for c in table.column_names) for table in TABLES}


@contextlib.contextmanager
def _let_go_on_failure(path: Path, let_go: Callable[[], object]) -> Iterator[None]:
    """While opening: on any failure release what was taken (a lock, a lease) and say
    what SQLite found in one line."""
    try:
        yield
    except sqlite3.Error as error:
        let_go()
        raise CaseFileError(f"{path}: cannot be opened ({sqlite_reason(error)})") from None
    except BaseException:
        let_go()
        raise


def _newer(version: int) -> str:
    return (f"written by a newer Workbench (schema {version}; this one knows "
            f"{SCHEMA_VERSION}): read-only")


def validate_or_raise(case: Case, *, history: bool = True) -> None:
    try:
        validate_integrity(case, history=history)
    except CaseIntegrityError as error:
        raise CaseFileError(f"the case cannot be saved: {error}") from None


