"""The library: a folder of case files and an index database rebuilt from them.

The index (``.workbench-index.db`` inside the folder) is a cache, never the only copy of
anything: each entry remembers the size and modification time of its case file (and WAL),
and a refresh rereads just the files that changed, drops the ones that went away and can
always be rebuilt from scratch by deleting it. A missing, damaged or outdated index is
rebuilt rather than trusted.

Beside the list of cases it keeps a full-text index (SQLite FTS5) of each case's claim,
claimant and title, normalised as every fuzzy comparison is, so that claim matching can
narrow 100,000 cases down to a few hundred before scoring them
(``workbench.analysis.matching``).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from workbench.casefile.candidates import best_matches, fts_phrase
from workbench.casefile.connection import read_connection, wal_path
from workbench.casefile.errors import CaseFileError
from workbench.casefile.probe import sqlite_reason
from workbench.casefile.rows import as_text
from workbench.text import normalise_text, slugify

#: SQLite's result codes that mean the index itself is bad: a missing table (an index
#: edited by hand), a damaged file, not a database at all.
_INDEX_DAMAGE = frozenset({1, 11, 26})

SUFFIX = ".case.db"
INDEX_NAME = ".workbench-index.db"
TRASH_NAME = ".trash"
ENVIRONMENT_VARIABLE = "WORKBENCH_LIBRARY"


def default_library_path() -> Path:
    import platformdirs

    return platformdirs.user_data_path("factcheck-workbench") / "library"


def resolve_library_path(option: str | Path | None) -> Path:
    """``--library DIR`` wins, then ``$WORKBENCH_LIBRARY``, then the platform's data dir."""
    if option:
        return Path(option).expanduser()
    if os.environ.get(ENVIRONMENT_VARIABLE):
        return Path(os.environ[ENVIRONMENT_VARIABLE]).expanduser()
    return default_library_path()


@dataclass(frozen=True)
class LibraryEntry:
    path: str
    title: str
    claim: str
    status: str
    rating: str
    updated: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class Skipped:
    """A file in the library folder that could not be indexed, and why."""

    path: Path
    reason: str


#: The index's layout; a file with any other ``user_version`` is emptied and rebuilt.
INDEX_VERSION = 2

_INDEX_SCHEMA = (
    """CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        claim TEXT NOT NULL,
        claimant TEXT NOT NULL,
        status TEXT NOT NULL,
        rating TEXT NOT NULL,
        updated TEXT NOT NULL,
        -- The file's state when it was read: a mismatch means reread it.
        stamp TEXT NOT NULL
    )""",
    # Full-text search over the normalised claim, claimant and title; rowid is cases.id.
    # Marks (M*) belong to words, as in workbench.analysis.normalise: a Devanagari vowel
    # sign must not split a word in two.
    """CREATE VIRTUAL TABLE claims USING fts5(
        claim, claimant, title,
        tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
    )""",
    f"PRAGMA user_version = {INDEX_VERSION}",
)

_SUMMARY = """
SELECT cases.title, claim.text, claim.claimant, cases.status, verdict.rating, cases.updated
FROM cases JOIN claim ON claim.case_id = cases.id JOIN verdict ON verdict.case_id = cases.id
"""

#: Title, claim, claimant, status, rating and updated of one case.
Summary = tuple[str, str, str, str, str, str]


def _stamp(path: Path) -> str:
    """Size and mtime of the file and its WAL: edits land in the WAL before a checkpoint."""
    parts = []
    for candidate in (path, wal_path(path)):
        try:
            info = candidate.stat()
        except OSError:  # gone, or a symlink loop: read_summary says which
            continue
        parts.append(f"{info.st_size}:{info.st_mtime_ns}")
    return "/".join(parts)


def read_summary(path: Path) -> Summary:
    """Title, claim, claimant, status, rating and updated of a case file, read-only.

    Through SQLite alone: the library is refreshed while a case of it may be open for
    editing in this same process, whose locks an ``open()``/``close()`` of ours would drop.
    """
    try:
        with read_connection(path) as (connection, _version):
            row = connection.execute(_SUMMARY).fetchone()
    except sqlite3.Error as error:
        raise CaseFileError(f"{path}: cannot be read ({sqlite_reason(error)})") from None
    if row is None:
        raise CaseFileError(f"{path}: holds no case")
    return tuple(as_text(value) for value in row)  # type: ignore[return-value]


def open_index(path: Path) -> sqlite3.Connection:
    """A connection to the index database at ``path``, in the current layout.

    A new file gets the tables; a file of another layout (an older Workbench wrote it) is
    emptied, so the next refresh refills it from the case files. A file that is not SQLite
    at all raises ``sqlite3.DatabaseError``: the caller throws it away.
    """
    connection = sqlite3.connect(path, isolation_level=None, timeout=10)
    try:
        # WAL: a claim match in the workbench reads on while `workbench reindex` writes.
        connection.execute("PRAGMA journal_mode = WAL")
        if connection.execute("PRAGMA user_version").fetchone()[0] != INDEX_VERSION:
            connection.execute("BEGIN IMMEDIATE")
            # Another process may have brought it up to date while this one waited.
            if connection.execute("PRAGMA user_version").fetchone()[0] != INDEX_VERSION:
                connection.execute("DROP TABLE IF EXISTS claims")
                connection.execute("DROP TABLE IF EXISTS cases")
                for statement in _INDEX_SCHEMA:
                    connection.execute(statement)
            connection.execute("COMMIT")
    except sqlite3.Error:
        connection.close()
        raise
    return connection


def store_entry(connection: sqlite3.Connection, path: str, summary: Summary, stamp: str) -> None:
    """Record (or replace) one case in the index, in the caller's transaction."""
    title, claim, claimant = summary[:3]
    row = connection.execute("SELECT id FROM cases WHERE path = ?", (path,)).fetchone()
    if row is None:
        case_id = connection.execute(
            "INSERT INTO cases (path, title, claim, claimant, status, rating, updated, stamp) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (path, *summary, stamp),
        ).lastrowid
    else:
        case_id = row[0]
        connection.execute(
            "UPDATE cases SET title = ?, claim = ?, claimant = ?, status = ?, rating = ?, "
            "updated = ?, stamp = ? WHERE id = ?",
            (*summary, stamp, case_id),
        )
        connection.execute("DELETE FROM claims WHERE rowid = ?", (case_id,))
    connection.execute(
        "INSERT INTO claims (rowid, claim, claimant, title) VALUES (?, ?, ?, ?)",
        (case_id, normalise_text(claim), normalise_text(claimant), normalise_text(title)),
    )


def _forget_entry(connection: sqlite3.Connection, path: str) -> None:
    connection.execute(
        "DELETE FROM claims WHERE rowid IN (SELECT id FROM cases WHERE path = ?)", (path,)
    )
    connection.execute("DELETE FROM cases WHERE path = ?", (path,))


def _discard_index(path: Path) -> None:
    """Delete an index file with its journals: a stale journal would corrupt its successor."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _utf8(text: str) -> bool:
    """Whether ``text`` (a file name, undecodable bytes kept as surrogates) is UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _damaged(error: sqlite3.DatabaseError) -> bool:
    """Whether SQLite says the index file itself is bad (rather than the disk, say)."""
    return (getattr(error, "sqlite_errorcode", 0) & 0xFF) in _INDEX_DAMAGE


@dataclass(frozen=True)
class Candidate:
    """A case the full-text prefilter found, with the normalised text to score it on."""

    entry: LibraryEntry
    claim_words: str
    title_words: str


#: Reports progress through the case files: (files done, files to do).
Progress = Callable[[int, int], None]


class Library:
    """A folder of ``*.case.db`` files."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.index_path = folder / INDEX_NAME
        self.trash = folder / TRASH_NAME

    def ensure_exists(self) -> None:
        if self.folder.exists() and not self.folder.is_dir():
            raise CaseFileError(f"{self.folder}: the library must be a folder")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CaseFileError(
                f"{self.folder}: cannot create the library ({error.strerror})"
            ) from None

    def case_paths(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.glob(f"*{SUFFIX}") if not p.name.startswith("."))

    def path_for(self, title: str) -> Path:
        """A new, unused file name in the library made from the case's title."""
        stem = slugify(title) or "case"
        candidate = self.folder / f"{stem}{SUFFIX}"
        counter = 2
        while candidate.exists():
            candidate = self.folder / f"{stem}-{counter}{SUFFIX}"
            counter += 1
        return candidate

    def refresh(self, progress: Progress | None = None) -> list[Skipped]:
        """Bring the index in step with the files; return the files that were skipped.

        Only files whose stamp changed are reread, so this is cheap when little changed;
        ``progress`` hears about those rereads.
        """
        return self._update(progress, rebuild=False)

    def reindex(self, progress: Progress | None = None) -> list[Skipped]:
        """Rebuild the index from every case file; return the files that were skipped.

        The rebuild is one transaction: until it commits, readers see the old index.
        """
        return self._update(progress, rebuild=True)

    def _update(self, progress: Progress | None, *, rebuild: bool) -> list[Skipped]:
        self.ensure_exists()
        with self._index_errors():
            try:
                return self._read_files(progress, rebuild=rebuild)
            except sqlite3.DatabaseError as error:
                if not _damaged(error):
                    raise
                # The index is only a cache: a damaged one is thrown away and rebuilt.
                _discard_index(self.index_path)
                return self._read_files(progress, rebuild=True)

    @contextlib.contextmanager
    def _index_errors(self) -> Iterator[None]:
        """A library whose index cannot be written (a read-only or full folder) is one line."""
        try:
            yield
        except sqlite3.Error as error:
            raise CaseFileError(
                f"{self.folder}: the library index cannot be used ({sqlite_reason(error)})"
            ) from None
        except OSError as error:
            raise CaseFileError(
                f"{self.folder}: the library index cannot be used ({error.strerror})"
            ) from None

    def _read_files(self, progress: Progress | None, *, rebuild: bool) -> list[Skipped]:
        skipped: list[Skipped] = []
        connection = open_index(self.index_path)
        try:
            known = {} if rebuild else dict(connection.execute("SELECT path, stamp FROM cases"))
            present = {}
            for path in self.case_paths():
                if _utf8(str(path)):
                    present[str(path)] = path
                else:
                    shown = os.fsencode(path).decode("utf-8", "backslashreplace")
                    skipped.append(Skipped(path, f"{shown}: the file name is not UTF-8 "
                                                 "(an index cannot hold it); rename the file"))
            # Stamp before reading: a file that changes in between is simply reread next time.
            stamps = {name: _stamp(path) for name, path in present.items()}
            changed = [name for name in present if known.get(name) != stamps[name]]
            if progress:
                progress(0, len(changed))
            connection.execute("BEGIN IMMEDIATE")
            if rebuild:
                connection.execute("DELETE FROM claims")
                connection.execute("DELETE FROM cases")
            for name in known.keys() - present.keys():
                _forget_entry(connection, name)
            for done, name in enumerate(changed, 1):
                try:
                    summary = read_summary(present[name])
                except CaseFileError as error:
                    skipped.append(Skipped(present[name], str(error)))
                    _forget_entry(connection, name)
                else:
                    store_entry(connection, name, summary, stamps[name])
                if progress:
                    progress(done, len(changed))
            connection.execute("COMMIT")
        finally:
            connection.close()
        return skipped

    def entries(self) -> list[LibraryEntry]:
        """The indexed cases, most recently updated first (call ``refresh`` before)."""
        if not self.index_path.exists():
            return []
        with self._index_errors():
            connection = sqlite3.connect(self.index_path)
            try:
                rows = connection.execute(
                    "SELECT path, title, claim, status, rating, updated FROM cases "
                    "ORDER BY updated DESC, path"
                ).fetchall()
            finally:
                connection.close()
        return [LibraryEntry(*row) for row in rows]

    def claim_candidates(self, words: Iterable[str], *, limit: int = 300) -> list[Candidate]:
        """Cases whose claim, claimant or title holds some of the normalised ``words``,
        most relevant (bm25) first, at most ``limit`` of them.

        This is the cheap first pass of claim matching: it narrows a large library down
        to a few hundred cases worth a fuzzy score. Words are searched as plain text,
        never read as FTS5 syntax (``"``, ``*``, ``NEAR`` are safe). Words that are in
        most cases ("the", "says") are left out when rarer ones are enough to find the
        case, which keeps the pass fast in a large library and changes little: bm25
        would rank by the rare words anyway. A missing, outdated or damaged index is
        rebuilt from the case files first.
        """
        phrases = list(dict.fromkeys(fts_phrase(word) for word in words))
        if not phrases:
            return []
        with self._index_errors():
            try:
                return self._query_candidates(phrases, limit)
            except sqlite3.DatabaseError as error:
                if not _damaged(error):
                    raise
                _discard_index(self.index_path)
                self.refresh()
                return self._query_candidates(phrases, limit)

    def _query_candidates(self, phrases: list[str], limit: int) -> list[Candidate]:
        if not self.index_path.exists():
            self.refresh()
        connection = open_index(self.index_path)
        try:
            ranked = best_matches(connection, phrases, limit)
            if not ranked:
                return []
            # Read just the winners' rows, in the full-text pass's order.
            marks = ", ".join("?" * len(ranked))
            rows = {row[0]: row[1:] for row in connection.execute(
                "SELECT cases.id, cases.path, cases.title, cases.claim, cases.status, "
                "cases.rating, cases.updated, claims.claim, claims.title "
                "FROM cases JOIN claims ON claims.rowid = cases.id "
                f"WHERE cases.id IN ({marks})",
                ranked,
            )}
            rows = [rows[rowid] for rowid in ranked if rowid in rows]
        finally:
            connection.close()
        return [Candidate(LibraryEntry(*row[:6]), row[6], row[7]) for row in rows]
