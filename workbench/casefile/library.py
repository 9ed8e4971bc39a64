"""The library: a folder of case files, plus an index of them and of prior fact-checks.

The index lives in ``.workbench-index/index.db`` inside the folder: a folder of its own, so
that SQLite creating and deleting the index's WAL files never changes the library folder,
whose modification time says whether a case file came, went or was written.

Layout (``INDEX_VERSION`` 4; plain tables, readable in ``sqlite3`` or Datasette):

- ``meta (key, value)``: ``folder_stamp``, the library folder's device, inode and
  modification time (ns) when the cases were last known to be in step with the files.
- ``cases (id, path, title, claim, claimant, status, rating, updated, stamp)``: one row per
  case file. ``path`` is the file's name inside the library folder, so the folder written
  relatively, absolutely or through a symlink is one index; ``stamp`` is the size and
  mtime of the file and its WAL when it was read. Indexed on ``updated`` (newest first).
- ``corpus (id, kind, key, claim, claimant, date, rating, publisher, url, language, origin,
  added, payload)``: claims that are not case files. ``kind`` is ``reference`` (a prior
  fact-check imported from a dataset or a feed: who checked it, the rating, the review's
  address) or ``queued`` (a backlog claim waiting for someone to open it; ``payload`` is
  the case it becomes, as case JSON). ``key`` makes a re-import update rather than
  duplicate: a digest of the review URL and normalised claim when there is a URL, else of
  publisher, normalised claim and date (``reference_key``). ``origin`` says where the row came from
  (file and line), ``added`` when it was imported. Indexed on ``(kind, date)``.
- ``claims``: SQLite FTS5 over ``claim, claimant, title``, normalised as every fuzzy
  comparison is (``workbench.text.normalise_text``). A case's row has ``rowid = cases.id``
  (positive); a corpus row has ``rowid = -corpus.id`` (negative), and an empty ``title``
  (its publisher is no part of what was claimed). Claim matching searches both at once.
- ``claim_terms (term, docs)``: how many rows of ``claims`` hold each word, kept in step
  with it (``workbench.casefile.candidates``): the claim matcher looks up how telling a
  word is, and corrects a typo to the word one edit away that most claims hold, without
  searching. Layout 3 gains it in place (counted from ``claims``), keeping the corpus.

Cases are a cache of their files and can always be rebuilt from them; the corpus and the
queue are not: they live only here (the corpus can be imported again from its files). So
a damaged index is set aside as ``index.db.damaged``, never deleted, before a new one is
built.

Keeping the cases in step costs what changed, not the size of the library:

- A command compares the folder's stamp with ``folder_stamp``. When they agree, no case
  file came, went or was opened for writing since (SQLite makes a WAL beside a file it
  writes and removes it on close, each a change to the folder), so the index is trusted:
  only the cases that were open for writing then (their WAL there, in their ``stamp``;
  a partial index finds them) are stamped again, in case they were saved since.
- When they differ, the folder is listed and each case file's stamp compared: only
  changed files are reread.
- Writes the Workbench makes through a library (``changing``: new, import, open from the
  queue; ``note_changed``: a case saved or trashed by the TUI) update their own entries
  and keep the index current, so the next command does not list the folder.
- What this misses: a change that leaves no trace on the folder or on a case open for
  writing. A file written in place by a program that is not SQLite; a change within the
  same tick of the folder's clock as the recorded stamp (so a stamp younger than
  ``RACY_NS`` is never recorded). Another program writing a case that is held open in
  WAL mode is seen, through its WAL. ``workbench reindex`` (and ``refresh(walk=True)``,
  for the TUI's ctrl+r) compares every file and brings anything back.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.casefile.candidates import (
    CANDIDATE_SCHEMA,
    best_matches,
    forget_rows,
    fts_phrase,
    index_rows,
    recount_terms,
)
from workbench.casefile.connection import read_connection, wal_path
from workbench.casefile.errors import CaseFileError
from workbench.casefile.probe import sqlite_reason
from workbench.text import normalise_text, slugify

if TYPE_CHECKING:
    from workbench.model import Case

#: SQLite's result codes that mean the index itself is bad: a missing table (an index
#: edited by hand), a damaged file, not a database at all.
_INDEX_DAMAGE = frozenset({1, 11, 26})

SUFFIX = ".case.db"
INDEX_FOLDER = ".workbench-index"
INDEX_FILE = "index.db"
#: Where INDEX_VERSION 2 and earlier kept the index: removed when the new one is made.
LEGACY_INDEX_NAME = ".workbench-index.db"
TRASH_NAME = ".trash"
ENVIRONMENT_VARIABLE = "WORKBENCH_LIBRARY"

#: ``corpus.kind`` of a prior fact-check and of a backlog claim waiting to be opened.
REFERENCE = "reference"
QUEUED = "queued"
#: ``kind`` of an index row that is a case file.
CASE = "case"

#: A folder stamp younger than this may hide a change made in the same tick of the file
#: system's clock (Linux stamps files from a clock that ticks every few milliseconds).
RACY_NS = 50_000_000
#: ... and on a file system that keeps whole seconds (FAT, HFS+), within two seconds.
COARSE_RACY_NS = 2_000_000_000
#: A filter's last word is taken as the start of a word from this many characters: a
#: shorter start stands for thousands of words, each a list of rows to merge.
PREFIX_CHARACTERS = 3
#: A filter held by at most this many rows starts a page from its matches, sorted by date;
#: a commoner one walks the date index instead (sorting a million matches would not do).
FEW_MATCHES = 20_000
#: Corpus rows written per batch of an import (one transaction for the whole import).
CORPUS_BATCH = 5_000


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
class IndexRow:
    """One row of the index of any kind, as a list of the library shows it.

    ``kind`` is ``case``, ``reference`` or ``queued``; ``id`` is the case's or the corpus
    row's id (``Library.open_queued`` takes a queued one). A case has its ``path`` (the
    file, under the library folder as the library was named), ``status`` and ``updated``;
    a corpus row has its ``publisher``, review ``url``, ``language`` and ``origin``, and
    ``updated`` holds the claim's (or review's) date.
    """

    kind: str
    id: int
    path: str
    title: str
    claim: str
    claimant: str
    status: str
    rating: str
    updated: str
    publisher: str = ""
    url: str = ""
    language: str = ""
    origin: str = ""

    def to_dict(self) -> dict[str, str | int]:
        return asdict(self)


@dataclass(frozen=True)
class ReferenceClaim:
    """A prior fact-check to keep in the corpus: what was claimed, by whom, when, and who
    rated it how, where. ``origin`` says where it came from (a file and line)."""

    claim: str
    claimant: str = ""
    date: str = ""
    rating: str = ""
    publisher: str = ""
    url: str = ""
    language: str = ""
    origin: str = ""


@dataclass(frozen=True)
class QueuedClaim:
    """A backlog claim waiting to be opened: the searchable fields, and ``payload``, the
    whole case it becomes (case JSON, made and read by ``workbench.formats``)."""

    claim: str
    claimant: str
    date: str
    rating: str
    origin: str
    payload: str


@dataclass(frozen=True)
class CorpusCount:
    """What an import did: rows added, rows that updated a row imported before."""

    added: int = 0
    updated: int = 0


@dataclass(frozen=True)
class Skipped:
    """A file in the library folder that could not be indexed, and why."""

    path: Path
    reason: str


#: The index's layout. Layout 3 (no word counts) is brought up to date in place; an
#: older one (cases only) is emptied and refilled from the case files.
INDEX_VERSION = 4
#: The first layout that holds a corpus: from it on, an index is upgraded, never emptied.
_CORPUS_LAYOUT = 3

_INDEX_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        -- The file's name inside the library folder.
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
    "CREATE INDEX cases_by_updated ON cases (updated DESC, path)",
    # The few cases open for writing when last read, found without reading the others.
    "CREATE INDEX cases_open ON cases (path) WHERE instr(stamp, '/') > 0",
    """CREATE TABLE corpus (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('reference', 'queued')),
        key TEXT NOT NULL,
        claim TEXT NOT NULL,
        claimant TEXT NOT NULL,
        date TEXT NOT NULL,
        rating TEXT NOT NULL,
        publisher TEXT NOT NULL,
        url TEXT NOT NULL,
        language TEXT NOT NULL,
        origin TEXT NOT NULL,
        added TEXT NOT NULL,
        payload TEXT NOT NULL DEFAULT '',
        UNIQUE (kind, key)
    )""",
    "CREATE INDEX corpus_by_date ON corpus (kind, date DESC, id DESC)",
    # Full-text search over the normalised claim, claimant and title: rowid is cases.id for
    # a case, -corpus.id for a corpus row. Marks (M*) belong to words, as in
    # workbench.analysis.normalise: a Devanagari vowel sign must not split a word in two.
    """CREATE VIRTUAL TABLE claims USING fts5(
        claim, claimant, title,
        tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
    )""",
    # How many rows of ``claims`` hold each word: the candidate pass's typo correction.
    *CANDIDATE_SCHEMA,
    f"PRAGMA user_version = {INDEX_VERSION}",
)

#: The cases whose WAL was there when read (their stamp has two parts): open for writing.
_OPEN_CASES = "SELECT path, stamp FROM cases WHERE instr(stamp, '/') > 0"

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
    # Here, not at the top: the rows module brings the whole model, which a command that
    # trusts the index (match, list) never needs.
    from workbench.casefile.rows import as_text

    try:
        with read_connection(path) as (connection, _version):
            row = connection.execute(_SUMMARY).fetchone()
    except sqlite3.Error as error:
        raise CaseFileError(f"{path}: cannot be read ({sqlite_reason(error)})") from None
    if row is None:
        raise CaseFileError(f"{path}: holds no case")
    return tuple(as_text(value) for value in row)  # type: ignore[return-value]


def reference_key(publisher: str, claim_words: str, date: str, url: str = "") -> str:
    """What makes a corpus row the same row when imported again: its review's address
    with the claim (one article may review several claims: AVeriTeC's dev set has 500
    claims from 371 articles), or else who published it, the claim and its date.
    ``claim_words`` is the claim as ``normalise_text`` gives it."""
    if url.strip():
        return _digest(f"url {url.strip()}|{claim_words}")
    return _digest(f"claim {normalise_text(publisher)}|{claim_words}|{date.strip()}")


def _digest(key: str) -> str:
    """A key's digest: a unique index of a million 24-character keys is a tenth of one
    of the claims themselves."""
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


#: A corpus row as written: key, claim, claimant, date, rating, publisher, url, language,
#: origin, payload, then the normalised claim and claimant for the full-text index.
_CorpusRow = tuple[str, str, str, str, str, str, str, str, str, str, str, str]


def open_index(path: Path) -> sqlite3.Connection:
    """A connection to the index database at ``path``, in the current layout.

    A new file gets the tables; a file of an older layout (an older Workbench wrote it,
    which kept only cases) is emptied, so the next refresh refills it from the case
    files. A file of a newer layout is refused (CaseFileError): emptying it would lose
    its corpus. A file that is not SQLite at all raises ``sqlite3.DatabaseError``: the
    caller sets it aside.
    """
    path.parent.mkdir(exist_ok=True)
    connection = sqlite3.connect(path, isolation_level=None, timeout=10)
    try:
        if _layout(connection, path) != INDEX_VERSION:
            # WAL: a claim match reads on while `workbench reindex` or an import writes.
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("BEGIN IMMEDIATE")
            # Another process may have brought it up to date while this one waited.
            layout = _layout(connection, path)
            if layout == _CORPUS_LAYOUT:
                # It may hold the only copy of a corpus: add the word counts, keep the rest.
                for statement in CANDIDATE_SCHEMA:
                    connection.execute(statement)
                recount_terms(connection)
                connection.execute(f"PRAGMA user_version = {INDEX_VERSION}")
            elif layout != INDEX_VERSION:
                for table in ("claims", "cases", "corpus", "meta", "claim_terms"):
                    connection.execute(f"DROP TABLE IF EXISTS {table}")
                for statement in _INDEX_SCHEMA:
                    connection.execute(statement)
            connection.execute("COMMIT")
            _discard_index(path.parent.parent / LEGACY_INDEX_NAME)
    except (sqlite3.Error, CaseFileError):
        connection.close()
        raise
    return connection


def _layout(connection: sqlite3.Connection, path: Path) -> int:
    version: int = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > INDEX_VERSION:
        raise CaseFileError(f"{path}: the library index was written by a newer Workbench "
                            f"(layout {version}); use that version, or move the file away")
    return version


def store_entry(connection: sqlite3.Connection, name: str, summary: Summary, stamp: str) -> None:
    """Record (or replace) one case in the index, in the caller's transaction.

    ``name`` is the case file's name inside the library folder.
    """
    title, claim, claimant = summary[:3]
    row = connection.execute("SELECT id FROM cases WHERE path = ?", (name,)).fetchone()
    if row is None:
        case_id = connection.execute(
            "INSERT INTO cases (path, title, claim, claimant, status, rating, updated, stamp) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (name, *summary, stamp),
        ).lastrowid
    else:
        case_id = row[0]
        connection.execute(
            "UPDATE cases SET title = ?, claim = ?, claimant = ?, status = ?, rating = ?, "
            "updated = ?, stamp = ? WHERE id = ?",
            (*summary, stamp, case_id),
        )
        forget_rows(connection, [case_id])
        connection.execute("DELETE FROM claims WHERE rowid = ?", (case_id,))
    texts = (normalise_text(claim), normalise_text(claimant), normalise_text(title))
    connection.execute(
        "INSERT INTO claims (rowid, claim, claimant, title) VALUES (?, ?, ?, ?)",
        (case_id, *texts),
    )
    index_rows(connection, [texts])


def _forget_entry(connection: sqlite3.Connection, name: str) -> None:
    forget_rows(connection, [case_id for (case_id,) in connection.execute(
        "SELECT id FROM cases WHERE path = ?", (name,))])
    connection.execute(
        "DELETE FROM claims WHERE rowid IN (SELECT id FROM cases WHERE path = ?)", (name,)
    )
    connection.execute("DELETE FROM cases WHERE path = ?", (name,))


def _discard_index(path: Path) -> None:
    """Delete an index file with its journals: a stale journal would corrupt its successor."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _set_aside_index(path: Path) -> None:
    """Move a damaged index (and its journals) out of the way: it may hold the only copy
    of queued claims, which a person may want to recover with ``sqlite3 .recover``."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        source = path.with_name(path.name + suffix)
        with contextlib.suppress(FileNotFoundError):
            os.replace(source, source.with_name(f"{path.name}.damaged{suffix}"))


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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Candidate:
    """An index row the full-text prefilter found, with the normalised text to score it on.

    ``entry`` is the row as a case would show it (a corpus row has no path or status, and
    its ``updated`` is its date); ``kind``, ``publisher`` and ``url`` say what it is.
    """

    entry: LibraryEntry
    claim_words: str
    title_words: str
    kind: str = CASE
    publisher: str = ""
    url: str = ""
    id: int = 0


#: Reports progress through the case files: (files done, files to do).
Progress = Callable[[int, int], None]

_PAGE_COLUMNS = (
    "kind, id, path, title, claim, claimant, status, rating, updated, publisher, url, "
    "language, origin"
)
#: The order of a page, newest first, and its restriction to each kind: the parts of a
#: page are cut short in their own order, which must agree with the whole's (a corpus row
#: has an empty path, a case a unique one).
_PAGE_ORDER = "updated DESC, kind ASC, path ASC, id DESC"
_CASE_ORDER = "updated DESC, path ASC"
_CORPUS_ORDER = "date DESC, id DESC"


def _filter_match(filter: str) -> str:
    """The FTS5 query of a list's filter: every word, the last one also as the start of a
    longer word once it has ``PREFIX_CHARACTERS`` (it may still be being typed)."""
    words = [fts_phrase(word) for word in normalise_text(filter).split()]
    if words and len(words[-1]) - 2 >= PREFIX_CHARACTERS:
        words[-1] += " *"
    return " AND ".join(words)


def _reversed(order: str) -> str:
    """An ORDER BY clause of ``column DESC|ASC`` terms, each the other way round."""
    flipped = {"DESC": "ASC", "ASC": "DESC"}
    return ", ".join(f"{column} {flipped[way]}" for column, way in
                     (term.split() for term in order.split(", ")))


_CASE_PAGE = (
    "SELECT 'case' AS kind, id, path, title, claim, claimant, status, rating, updated, "
    "'' AS publisher, '' AS url, '' AS language, '' AS origin"
)
_CORPUS_PAGE = (
    "SELECT kind, id, '' AS path, '' AS title, claim, claimant, '' AS status, rating, "
    "date AS updated, publisher, url, language, origin"
)


class Library:
    """A folder of ``*.case.db`` files and the index of them and of prior checks."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.index_path = folder / INDEX_FOLDER / INDEX_FILE
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

    def _path(self, name: str) -> str:
        """A case file's path as callers know it: under the folder as it was named."""
        return str(self.folder / name)

    def _name(self, path: Path | str) -> str | None:
        """The name inside the library of a case file at ``path``, or None when it lies
        elsewhere (another folder, or a sub-folder such as the trash)."""
        path = Path(path)
        if path.parent == self.folder:
            return path.name
        try:
            same = os.path.samefile(path.parent, self.folder)
        except OSError:
            same = os.path.realpath(path.parent) == os.path.realpath(self.folder)
        return path.name if same else None

    # --- keeping the cases in step --------------------------------------------------------

    def folder_stamp(self) -> str:
        """The library folder's device, inode and modification time: when it is what the
        index recorded, no case file came, went or was opened for writing since."""
        info = os.stat(self.folder)
        return f"{info.st_dev}:{info.st_ino}:{info.st_mtime_ns}"

    @staticmethod
    def _trustworthy(stamp: str) -> bool:
        """Whether a folder stamp is old enough that no change can hide in its tick."""
        mtime = int(stamp.rsplit(":", 1)[1])
        racy = COARSE_RACY_NS if mtime % 1_000_000_000 == 0 else RACY_NS
        return time.time_ns() - mtime >= racy

    @staticmethod
    def _recorded_stamp(connection: sqlite3.Connection) -> str | None:
        row = connection.execute("SELECT value FROM meta WHERE key = 'folder_stamp'").fetchone()
        return None if row is None else row[0]

    def _record_stamp(self, connection: sqlite3.Connection, stamp: str | None) -> None:
        """Record ``stamp`` as the folder's state the cases are in step with (in the
        caller's transaction); a racy or missing one records that nothing is known."""
        if stamp is None or not self._trustworthy(stamp):
            connection.execute("DELETE FROM meta WHERE key = 'folder_stamp'")
        else:
            connection.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('folder_stamp', ?)", (stamp,))

    def refresh(self, progress: Progress | None = None, *, walk: bool = False) -> list[Skipped]:
        """Bring the index in step with the files; return the files that were skipped.

        When the folder is as the index recorded it, nothing is read. Otherwise (or with
        ``walk``) every case file's stamp is compared and only the changed files reread;
        ``progress`` hears about those rereads.
        """
        return self._update(progress, rebuild=False, walk=walk)

    def reindex(self, progress: Progress | None = None) -> list[Skipped]:
        """Rebuild the cases of the index from every case file; return the files skipped.

        The corpus and the queue stay. The rebuild is one transaction: until it commits,
        readers see the old index.
        """
        return self._update(progress, rebuild=True, walk=True)

    def _update(self, progress: Progress | None, *, rebuild: bool, walk: bool) -> list[Skipped]:
        self.ensure_exists()
        with self._index_errors():
            try:
                return self._read_files(progress, rebuild=rebuild, walk=walk)
            except sqlite3.DatabaseError as error:
                if not _damaged(error):
                    raise
                # The cases can be rebuilt; the corpus is kept aside for recovery.
                _set_aside_index(self.index_path)
                return self._read_files(progress, rebuild=True, walk=True)

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

    def _read_files(self, progress: Progress | None, *, rebuild: bool,
                    walk: bool) -> list[Skipped]:
        skipped: list[Skipped] = []
        # Made first: making it changes the folder.
        self.index_path.parent.mkdir(exist_ok=True)
        # Before listing: a file that changes during the walk changes the folder after it.
        stamp = self.folder_stamp()
        connection = open_index(self.index_path)
        try:
            if not walk and stamp == self._recorded_stamp(connection):
                # No file came or went, and no WAL: only a case open for writing (its WAL
                # there at the last listing, so still there) can have changed.
                known = dict(connection.execute(_OPEN_CASES))
                present = {name: self.folder / name for name in known}
            else:
                known = {} if rebuild else dict(connection.execute(
                    "SELECT path, stamp FROM cases"))
                present = self._listing(skipped)
            # Stamp before reading: a file that changes in between is simply reread next time.
            stamps = {name: _stamp(path) for name, path in present.items()}
            changed = [name for name in present if known.get(name) != stamps[name]]
            if not changed and known.keys() <= present.keys() and not rebuild and (
                    stamp == self._recorded_stamp(connection)):
                return skipped
            if progress:
                progress(0, len(changed))
            connection.execute("BEGIN IMMEDIATE")
            if rebuild:
                connection.execute("DELETE FROM claims WHERE rowid > 0")
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
            if rebuild:
                # The cases' rows went without their words being uncounted: count afresh.
                recount_terms(connection)
            self._record_stamp(connection, stamp)
            connection.execute("COMMIT")
        finally:
            connection.close()
        return skipped

    def _listing(self, skipped: list[Skipped]) -> dict[str, Path]:
        """The case files in the folder by name; a name an index cannot hold is skipped."""
        present = {}
        for path in self.case_paths():
            if _utf8(str(path)):
                present[path.name] = path
            else:
                shown = os.fsencode(path).decode("utf-8", "backslashreplace")
                skipped.append(Skipped(path, f"{shown}: the file name is not UTF-8 "
                                             "(an index cannot hold it); rename the file"))
        return present

    def note_changed(self, *paths: Path | str, since: str | None = None) -> None:
        """Bring the index entries of the case files at ``paths`` in step with the files:
        for cases the Workbench itself wrote (saved, created, moved to the trash).

        Call it once the files are closed (closing removes a WAL, which changes the
        folder). ``since`` is ``folder_stamp()`` taken before the cases were opened: when
        the index was current then, it stays current, and the next command reads no
        folder. Without it the entries are updated and the next command compares the
        files. Does nothing when there is no index yet (the first command builds it);
        paths outside the library are left out.
        """
        names = [name for name in map(self._name, paths) if name is not None]
        if not names or not self.index_path.exists():
            return
        with self._index_errors():
            connection = open_index(self.index_path)
            try:
                connection.execute("BEGIN IMMEDIATE")
                current = since is not None and since == self._recorded_stamp(connection)
                for name in names:
                    self._note(connection, name)
                self._record_stamp(connection, self.folder_stamp() if current else None)
                connection.execute("COMMIT")
            except sqlite3.DatabaseError as error:
                # A damaged index is set aside and rebuilt by the next command.
                if not _damaged(error):
                    raise
            finally:
                connection.close()

    def _note(self, connection: sqlite3.Connection, name: str) -> None:
        path = self.folder / name
        if not path.exists():
            _forget_entry(connection, name)
            return
        stamp = _stamp(path)
        try:
            summary = read_summary(path)
        except CaseFileError:
            _forget_entry(connection, name)
        else:
            store_entry(connection, name, summary, stamp)

    @contextlib.contextmanager
    def changing(self) -> Iterator[Callable[[Path], None]]:
        """For a write the Workbench makes in the library: yields ``note(path)`` to call
        for each case file written; afterwards their entries are updated, and an index
        that was current before the write stays current (no folder listing next time)."""
        since = self.folder_stamp() if self.index_path.exists() else None
        written: list[Path] = []
        yield written.append
        self.note_changed(*written, since=since)

    # --- reading ---------------------------------------------------------------------------

    def _reader(self) -> sqlite3.Connection:
        """The index to read, built first when there is none."""
        if not self.index_path.exists():
            self.refresh()
        return open_index(self.index_path)

    def entries(self) -> list[LibraryEntry]:
        """The indexed cases, most recently updated first (call ``refresh`` before)."""
        if not self.index_path.exists():
            return []
        with self._index_errors():
            connection = open_index(self.index_path)
            try:
                rows = connection.execute(
                    "SELECT path, title, claim, status, rating, updated FROM cases "
                    "ORDER BY updated DESC, path"
                ).fetchall()
            finally:
                connection.close()
        return [LibraryEntry(self._path(row[0]), *row[1:]) for row in rows]

    def page(self, offset: int = 0, limit: int = 50, filter: str = "",
             kinds: Sequence[str] = (CASE, REFERENCE, QUEUED), *,
             total: int | None = None) -> list[IndexRow]:
        """``limit`` rows of the index from ``offset``, newest first (cases by when they
        were updated, corpus rows by their date), of the ``kinds`` asked for.

        ``filter`` keeps the rows whose claim, claimant or title hold every one of its
        words; the last may be the start of a word (it is still being typed) once it has
        ``PREFIX_CHARACTERS``. Read on demand: a page costs about the same at a million
        rows as at a thousand (a filter costs the rows holding its words: a few tenths of
        a second for "the" at a million).

        A deep page costs the rows before it, unless the caller knows ``total``, how many
        rows the same filter and kinds give (as a table that counted them does): a page
        past the middle is then read from the oldest end, so the last page of a million
        rows costs what the first does.
        """
        if limit <= 0 or not kinds or not self.index_path.exists():
            return []
        match = _filter_match(filter)
        backwards = total is not None and offset > total // 2
        if backwards:
            # The same rows, counted from the other end: those before ``offset`` newest
            # first are those after ``total - offset`` oldest first.
            limit = min(limit, total - offset)
            if limit <= 0:
                return []
            offset = total - offset - limit
        with self._index_errors():
            connection = open_index(self.index_path)
            try:
                query, arguments = self._page_query(connection, match, offset + limit, kinds,
                                                    oldest_first=backwards)
                rows = connection.execute(query, (*arguments, limit, offset)).fetchall()
            finally:
                connection.close()
        if backwards:
            rows.reverse()
        return [IndexRow(row[0], row[1], self._path(row[2]) if row[2] else "", *row[3:])
                for row in rows]

    @staticmethod
    def _page_query(connection: sqlite3.Connection, match: str, wanted: int,
                    kinds: Sequence[str], *, oldest_first: bool = False
                    ) -> tuple[str, list[object]]:
        """The query of a page (its LIMIT and OFFSET to add) and its arguments.

        One part a kind, each read newest first (``oldest_first``: the exact reverse) and
        cut short at ``wanted`` rows. Each part's order is the whole query's order
        restricted to its kind (updated, then kind, then a case's path or a corpus row's
        id, newest first), so that consecutive pages neither repeat nor skip a row among
        many of one date. Without
        a filter, or with one most rows hold, a part walks its date index and keeps the
        rows the filter's full-text matches hold; with one few rows hold (up to
        ``FEW_MATCHES``), it starts from those matches and sorts just them.
        """
        few = bool(match) and connection.execute(
            "SELECT count(*) FROM (SELECT 1 FROM claims WHERE claims MATCH ? LIMIT ?)",
            (match, FEW_MATCHES + 1)).fetchone()[0] <= FEW_MATCHES
        parts: list[str] = []
        arguments: list[object] = []
        for kind in dict.fromkeys(kinds):
            conditions: list[str] = []
            if kind == CASE:
                select, table, order, sign = _CASE_PAGE, "cases", _CASE_ORDER, ""
            else:
                select, table, order, sign = _CORPUS_PAGE, "corpus", _CORPUS_ORDER, "-"
            if oldest_first:
                order = _reversed(order)
            source = table
            if few:
                source = (f"(SELECT {sign}rowid AS hit FROM claims WHERE claims MATCH ?) "
                          f"AS found CROSS JOIN {table} ON {table}.id = found.hit")
                arguments.append(match)
            if kind != CASE:
                conditions.append("kind = ?")
                arguments.append(kind)
            if match and not few:
                conditions.append(f"id IN (SELECT {sign}rowid FROM claims WHERE claims MATCH ?)")
                arguments.append(match)
            where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
            parts.append(f"SELECT * FROM ({select} FROM {source}{where} ORDER BY {order} "
                         "LIMIT ?)")
            arguments.append(wanted)
        order = _reversed(_PAGE_ORDER) if oldest_first else _PAGE_ORDER
        return (f"SELECT {_PAGE_COLUMNS} FROM ({' UNION ALL '.join(parts)}) "
                f"ORDER BY {order} LIMIT ? OFFSET ?"), arguments

    def corpus_row(self, corpus_id: int) -> IndexRow | None:
        """The prior check or queued claim with this id, every field of it; None when
        there is none."""
        if not self.index_path.exists():
            return None
        with self._index_errors():
            connection = open_index(self.index_path)
            try:
                row = connection.execute(f"{_CORPUS_PAGE} FROM corpus WHERE id = ?",
                                         (corpus_id,)).fetchone()
            finally:
                connection.close()
        return None if row is None else IndexRow(*row)

    def count(self, kind: str | None = None, filter: str = "") -> int:
        """How many rows the index holds: cases and corpus, or of one ``kind``; with a
        ``filter``, how many of them ``page`` finds with it (a common word may be in
        most of a million rows: a few tenths of a second)."""
        if not self.index_path.exists():
            return 0
        match = _filter_match(filter)
        kinds = (CASE, REFERENCE, QUEUED) if kind is None else (kind,)
        parts: list[str] = []
        arguments: list[object] = []
        for each in kinds:
            table, sign = ("cases", "") if each == CASE else ("corpus", "-")
            conditions = [] if each == CASE else ["kind = ?"]
            arguments.extend([] if each == CASE else [each])
            if match:
                conditions.append(f"id IN (SELECT {sign}rowid FROM claims WHERE claims MATCH ?)")
                arguments.append(match)
            where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
            parts.append(f"(SELECT count(*) FROM {table}{where})")
        with self._index_errors():
            connection = open_index(self.index_path)
            try:
                return connection.execute(f"SELECT {' + '.join(parts)}", arguments).fetchone()[0]
            finally:
                connection.close()

    def claim_candidates(self, words: Iterable[str], *, limit: int = 300,
                         cases_only: bool = False) -> list[Candidate]:
        """Cases and corpus rows whose claim, claimant or title holds some of the
        normalised ``words``, most relevant (bm25) first, at most ``limit`` of them.

        This is the cheap first pass of claim matching (``workbench.casefile.candidates``
        picks the rows): it narrows a large library down to a few hundred rows worth a
        fuzzy score. Words are searched as plain text, never read as FTS5 syntax. A
        missing or damaged index is rebuilt from the case files first. ``cases_only``
        leaves the corpus out of the pass itself, not just out of its result.
        """
        phrases = list(dict.fromkeys(fts_phrase(word) for word in words))
        if not phrases:
            return []
        with self._index_errors():
            try:
                return self._query_candidates(phrases, limit, cases_only)
            except sqlite3.DatabaseError as error:
                if not _damaged(error):
                    raise
                _set_aside_index(self.index_path)
                self.refresh()
                return self._query_candidates(phrases, limit, cases_only)

    def _query_candidates(self, phrases: list[str], limit: int,
                          cases_only: bool) -> list[Candidate]:
        connection = self._reader()
        try:
            ranked = best_matches(connection, phrases, limit, positive_only=cases_only)
            if not ranked:
                return []
            found: dict[int, Candidate] = {}
            case_ids = [rowid for rowid in ranked if rowid > 0]
            corpus_ids = [-rowid for rowid in ranked if rowid < 0]
            if case_ids:
                marks = ", ".join("?" * len(case_ids))
                for row in connection.execute(
                    "SELECT cases.id, cases.path, cases.title, cases.claim, cases.status, "
                    "cases.rating, cases.updated, claims.claim, claims.title "
                    "FROM cases JOIN claims ON claims.rowid = cases.id "
                    f"WHERE cases.id IN ({marks})", case_ids,
                ):
                    entry = LibraryEntry(self._path(row[1]), *row[2:7])
                    found[row[0]] = Candidate(entry, row[7], row[8], id=row[0])
            if corpus_ids:
                marks = ", ".join("?" * len(corpus_ids))
                for row in connection.execute(
                    "SELECT corpus.id, corpus.kind, corpus.claim, corpus.rating, corpus.date, "
                    "corpus.publisher, corpus.url, claims.claim "
                    "FROM corpus JOIN claims ON claims.rowid = -corpus.id "
                    f"WHERE corpus.id IN ({marks})", corpus_ids,
                ):
                    corpus_id, kind, claim, rating, date, publisher, url, words = row
                    entry = LibraryEntry("", "", claim, "", rating, date)
                    found[-corpus_id] = Candidate(entry, words, "", kind=kind,
                                                  publisher=publisher, url=url, id=corpus_id)
        finally:
            connection.close()
        # In the full-text pass's order.
        return [found[rowid] for rowid in ranked if rowid in found]

    # --- the corpus and the queue --------------------------------------------------------

    def add_references(self, records: Iterable[ReferenceClaim], *,
                       progress: Callable[[int], None] | None = None) -> CorpusCount:
        """Put prior fact-checks in the corpus, one transaction for the lot; a record
        imported before (same ``reference_key``) is updated, not added again.

        ``progress`` hears how many records were written so far, once a batch.
        """
        # Claimants repeat (a speaker has many claims): each is folded once.
        claimants: dict[str, str] = {}

        def rows() -> Iterator[_CorpusRow]:
            for r in records:
                words = normalise_text(r.claim)
                if r.claimant not in claimants:
                    claimants[r.claimant] = normalise_text(r.claimant)
                yield (reference_key(r.publisher, words, r.date, r.url), r.claim, r.claimant,
                       r.date, r.rating, r.publisher, r.url, r.language, r.origin, "", words,
                       claimants[r.claimant])

        return self._put_corpus(REFERENCE, rows(), progress)

    def queue(self, records: Iterable[QueuedClaim], *,
              progress: Callable[[int], None] | None = None) -> CorpusCount:
        """Put backlog claims in the queue, as ``add_references`` does; the same claim
        (normalised) by the same claimant on the same date queued again is updated."""
        def rows() -> Iterator[_CorpusRow]:
            for r in records:
                words, claimant = normalise_text(r.claim), normalise_text(r.claimant)
                yield (_digest(f"queued {words}|{claimant}|{r.date}"), r.claim, r.claimant,
                       r.date, r.rating, "", "", "", r.origin, r.payload, words, claimant)

        return self._put_corpus(QUEUED, rows(), progress)

    def _put_corpus(self, kind: str, rows: Iterable[_CorpusRow],
                    progress: Callable[[int], None] | None) -> CorpusCount:
        self.ensure_exists()
        added = updated = done = 0
        with self._index_errors():
            connection = self._reader()
            try:
                connection.execute("BEGIN IMMEDIATE")
                next_id = connection.execute(
                    "SELECT coalesce(max(id), 0) + 1 FROM corpus").fetchone()[0]
                batch: dict[str, _CorpusRow] = {}
                for row in rows:
                    batch[row[0]] = row
                    if len(batch) >= CORPUS_BATCH:
                        counted = self._write_batch(connection, kind, batch, next_id)
                        added, updated, next_id = (added + counted[0], updated + counted[1],
                                                   next_id + counted[0])
                        done += len(batch)
                        batch = {}
                        if progress:
                            progress(done)
                if batch:
                    counted = self._write_batch(connection, kind, batch, next_id)
                    added, updated = added + counted[0], updated + counted[1]
                    done += len(batch)
                connection.execute("COMMIT")
            finally:
                connection.close()
        if progress:
            progress(done)
        return CorpusCount(added, updated)

    @staticmethod
    def _write_batch(connection: sqlite3.Connection, kind: str,
                     batch: dict[str, _CorpusRow], next_id: int) -> tuple[int, int]:
        """Write one batch (keyed by ``key``), new rows from ``next_id``; (added, updated)."""
        keys = list(batch)
        existing: dict[str, int] = {}
        # SQLite allows at most 32,766 parameters a statement.
        for start in range(0, len(keys), 30_000):
            chunk = keys[start:start + 30_000]
            existing.update(connection.execute(
                f"SELECT key, id FROM corpus WHERE kind = ? AND key IN "
                f"({', '.join('?' * len(chunk))})", (kind, *chunk)))
        added = [key for key in keys if key not in existing]
        ids = {key: next_id + index for index, key in enumerate(added)}
        ids.update(existing)
        now = _now()
        connection.executemany(
            "INSERT INTO corpus (id, kind, key, claim, claimant, date, rating, publisher, url, "
            "language, origin, added, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((ids[key], kind, *batch[key][:9], now, batch[key][9]) for key in added))
        if existing:
            connection.executemany(
                "UPDATE corpus SET claim = ?, claimant = ?, date = ?, rating = ?, "
                "publisher = ?, url = ?, language = ?, origin = ?, added = ?, payload = ? "
                "WHERE id = ?",
                ((*batch[key][1:9], now, batch[key][9], corpus_id)
                 for key, corpus_id in existing.items()))
            forget_rows(connection, [-corpus_id for corpus_id in existing.values()])
            connection.executemany("DELETE FROM claims WHERE rowid = ?",
                                   ((-corpus_id,) for corpus_id in existing.values()))
        # In ascending rowid order: FTS5 takes rows three times as fast so.
        connection.executemany(
            "INSERT INTO claims (rowid, claim, claimant, title) VALUES (?, ?, ?, '')",
            ((-ids[key], batch[key][10], batch[key][11])
             for key in sorted(keys, key=ids.__getitem__, reverse=True)))
        index_rows(connection, ((batch[key][10], batch[key][11], "") for key in keys))
        return len(added), len(existing)

    def remove_corpus(self, corpus_ids: Iterable[int]) -> int:
        """Take rows out of the corpus or the queue; how many there were."""
        ids = [(corpus_id,) for corpus_id in corpus_ids]
        with self._index_errors():
            connection = self._reader()
            try:
                connection.execute("BEGIN IMMEDIATE")
                before = connection.total_changes
                connection.executemany("DELETE FROM corpus WHERE id = ?", ids)
                removed = connection.total_changes - before
                forget_rows(connection, [-corpus_id for (corpus_id,) in ids])
                connection.executemany("DELETE FROM claims WHERE rowid = -?", ids)
                connection.execute("COMMIT")
            finally:
                connection.close()
        return removed

    def open_queued(self, queued_id: int, build: Callable[[str], Case]) -> Path:
        """Make the case file of a queued claim, index it as a case and take it out of the
        queue; return its path. ``build`` turns the queued payload into its case
        (``workbench.formats.corpus.open_queued`` passes the case JSON reader).

        The index stays locked for writing throughout, so two people opening the same
        claim get one case. The case file is on disk before the claim leaves the queue, in
        one transaction with its entry: a crash in between leaves the claim queued (and
        perhaps a case file too), never lost. Raises CaseFileError when ``queued_id`` is
        no queued claim.
        """
        from workbench.casefile.store import CaseFile

        self.ensure_exists()
        with self._index_errors():
            since = self.folder_stamp()
            connection = self._reader()
            try:
                connection.execute("BEGIN IMMEDIATE")
                row = connection.execute(
                    "SELECT payload FROM corpus WHERE id = ? AND kind = 'queued'",
                    (queued_id,)).fetchone()
                if row is None:
                    raise CaseFileError(f"no queued claim has id {queued_id}")
                case = build(row[0])
                path = self.path_for(case.title)
                CaseFile.create(path, case).close()
                current = since == self._recorded_stamp(connection)
                self._note(connection, path.name)
                connection.execute("DELETE FROM corpus WHERE id = ?", (queued_id,))
                forget_rows(connection, [-queued_id])
                connection.execute("DELETE FROM claims WHERE rowid = ?", (-queued_id,))
                self._record_stamp(connection, self.folder_stamp() if current else None)
                connection.execute("COMMIT")
            finally:
                connection.close()
        return path
