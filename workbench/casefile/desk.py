"""The desk index: several libraries' claims in one read-only database, for Datasette.

A fact-checker's library is theirs alone. A desk gathers what its people checked into one
SQLite file, rebuilt whenever it likes (``workbench desk build``), and serves it with
Datasette: a search box over every claim, facets on status, rating, claimant, publisher
and library, a "similar claims" query, and a link back to each case file. Nothing in it
is the only copy of anything: it is read from the libraries' indexes and written whole,
to a temporary file renamed over the old one, so a server reading the previous build
never meets half of the next.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from workbench.atomic import write_atomically
from workbench.casefile.errors import CaseFileError
from workbench.casefile.library import Library, Skipped
from workbench.casefile.probe import sqlite_reason

#: Marks a database as a desk index (``PRAGMA application_id``, "WBDK"): the only kind of
#: file ``build`` writes over.
APPLICATION_ID = 0x5742444B
DESK_VERSION = 1
#: The word shares above which a word tells nothing: the similar-claims query leaves it out.
COMMON_SHARE = 20

_SCHEMA = (
    f"PRAGMA application_id = {APPLICATION_ID}",
    f"PRAGMA user_version = {DESK_VERSION}",
    """CREATE TABLE libraries (
        name TEXT PRIMARY KEY,
        folder TEXT NOT NULL,
        claims INTEGER NOT NULL
    )""",
    """CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        library TEXT NOT NULL REFERENCES libraries(name),
        kind TEXT NOT NULL,
        claim TEXT NOT NULL,
        claimant TEXT,
        title TEXT,
        status TEXT,
        rating TEXT,
        publisher TEXT,
        updated TEXT,
        link TEXT,
        path TEXT
    )""",
    # Datasette finds the search table by its content="claims".
    """CREATE VIRTUAL TABLE claims_fts USING fts5(
        claim, claimant, title, content="claims", content_rowid="id",
        tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
    )""",
    # The similar-claims query asks how many claims hold each word.
    "CREATE VIRTUAL TABLE claims_fts_vocab USING fts5vocab(claims_fts, 'row')",
    "CREATE TABLE built (at TEXT NOT NULL)",
)
#: Facets count by these columns: an index each keeps that quick in a large desk.
FACETS = ("status", "rating", "claimant", "publisher", "library")

#: The canned "similar claims" query: the claims sharing the most telling words with
#: :text, best (bm25) first. The text is cut into words in SQL, each quoted so that no
#: word reads as search syntax, and words in more than one claim in COMMON_SHARE are left
#: out (they would make the search scan most of a large desk and rank nothing). Text
#: with no telling word searches for the empty phrase, which finds nothing.
SIMILAR_CLAIMS = f"""with recursive
  words(word, rest) as (
    select '', trim(replace(replace(:text, char(10), ' '), char(9), ' ')) || ' '
    union all
    select substr(rest, 1, instr(rest, ' ') - 1), ltrim(substr(rest, instr(rest, ' ') + 1))
    from words where rest <> ''
  ),
  telling(search) as (
    select group_concat('"' || replace(word, '"', '""') || '"', ' OR ') from words
    where word <> '' and coalesce((
      select doc from claims_fts_vocab where term = lower(word)
    ), 0) * {COMMON_SHARE} <= (select count(*) from claims) + {COMMON_SHARE}
  )
select claims.id, claims.claim, claims.claimant, claims.rating, claims.status,
  claims.publisher, claims.library, claims.kind, claims.link
from claims_fts join claims on claims.id = claims_fts.rowid
where claims_fts match (select coalesce(search, '""') from telling)
order by bm25(claims_fts, 1.0, 0.3, 0.5)
limit 20"""


@dataclass(frozen=True)
class DeskBuilt:
    """What a build wrote: the database, its metadata file, how many claims from where,
    and the case files some library had to skip."""

    database: Path
    metadata: Path
    claims: dict[str, int]
    skipped: list[Skipped]


def metadata_path(database: Path) -> Path:
    """Where the Datasette metadata of ``database`` goes: ``desk.db`` -> ``desk.metadata.json``."""
    return database.with_name(f"{database.stem}.metadata.json")


def is_desk(path: Path) -> bool:
    """Whether ``path`` is a desk index (read through SQLite, never changed)."""
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro",
                                                uri=True)) as connection:
            return connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    except sqlite3.Error:
        return False


def build_desk(database: Path, folders: Sequence[Path]) -> DeskBuilt:
    """Gather the libraries in ``folders`` into the desk index ``database`` and write its
    Datasette metadata beside it.

    Each library's index is brought up to date first. ``database`` may only be a desk
    index already (then it is replaced whole) or not exist; the same goes for the
    metadata file, which is written over only along with its desk.
    """
    target = Path(os.path.abspath(database))
    metadata = metadata_path(target)
    if target.exists() and not is_desk(target):
        raise CaseFileError(f"{database}: exists and is not a desk index; "
                            "give a new file name")
    if metadata.exists() and not target.exists():
        raise CaseFileError(f"{metadata}: exists and belongs to no desk index; "
                            "give a new file name")
    libraries = _libraries(folders)
    skipped: list[Skipped] = []
    for library in libraries.values():
        skipped += library.refresh()
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        claims = _fill(temporary, libraries)
        _sync(temporary)
        write_atomically(metadata, json.dumps(datasette_metadata(target.stem, claims),
                                              indent=2).encode("utf-8"))
        os.replace(temporary, target)
    except sqlite3.Error as error:
        raise CaseFileError(f"{database}: cannot be written ({sqlite_reason(error)})") from None
    finally:
        temporary.unlink(missing_ok=True)
    return DeskBuilt(target, metadata, claims, skipped)


def _libraries(folders: Sequence[Path]) -> dict[str, Library]:
    """The libraries by the name their rows carry: the folder's name, numbered when two
    folders share one. A folder given twice counts once."""
    named: dict[str, Library] = {}
    seen: set[Path] = set()
    for folder in folders:
        if not Library(folder).index_path.exists() and not Library(folder).case_paths():
            raise CaseFileError(f"{folder}: not a library (no case files, no index)")
        real = folder.resolve()
        if real in seen:
            continue
        seen.add(real)
        name = real.name or "library"
        number = 2
        while name in named:
            name = f"{real.name}-{number}"
            number += 1
        named[name] = Library(real)
    return named


def _fill(path: Path, libraries: dict[str, Library]) -> dict[str, int]:
    """Write the desk database at ``path``; return how many claims each library gave."""
    path.unlink(missing_ok=True)
    claims: dict[str, int] = {}
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("PRAGMA journal_mode = OFF")  # a failed build is thrown away
        connection.execute("BEGIN")
        for statement in _SCHEMA:
            connection.execute(statement)
        for name, library in libraries.items():
            before = connection.total_changes
            connection.executemany(
                "INSERT INTO claims (library, kind, claim, claimant, title, status, rating, "
                "publisher, updated, link, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((name, *row) for row in _rows(library)))
            claims[name] = connection.total_changes - before
            connection.execute("INSERT INTO libraries VALUES (?, ?, ?)",
                               (name, str(library.folder), claims[name]))
        connection.execute("INSERT INTO claims_fts (claims_fts) VALUES ('rebuild')")
        for column in FACETS:
            connection.execute(f"CREATE INDEX claims_{column} ON claims ({column})")
        connection.execute("INSERT INTO built VALUES (?)",
                           (datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),))
        connection.execute("COMMIT")
        connection.execute("PRAGMA journal_mode = DELETE")
    return claims


def _rows(library: Library) -> Iterator[tuple[str | None, ...]]:
    """Kind, claim, claimant, title, status, rating, publisher, updated, link and path of
    each of a library's cases, then of its prior checks and queued claims (the corpus),
    read from its index. A case links to its file; a prior check to its review."""
    folder = library.folder
    uri = f"{library.index_path.as_uri()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as index:
        for path, title, claim, claimant, status, rating, updated in index.execute(
            "SELECT path, title, claim, claimant, status, rating, updated FROM cases "
            "ORDER BY id"
        ):
            # Case files sit in the library folder itself, however the index names them.
            case_file = folder / Path(path).name
            yield ("case", claim, claimant or None, title or None, status or None,
                   rating or None, None, updated or None, case_file.as_uri(), str(case_file))
        if index.execute("SELECT 1 FROM sqlite_master WHERE name = 'corpus'").fetchone():
            for kind, claim, claimant, date, rating, publisher, url in index.execute(
                "SELECT kind, claim, claimant, date, rating, publisher, url FROM corpus "
                "ORDER BY id"
            ):
                yield (kind, claim, claimant or None, None, None, rating or None,
                       publisher or None, date or None, url or None, None)


def _sync(path: Path) -> None:
    """Make the new database durable before it takes the old one's name."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def datasette_metadata(name: str, claims: dict[str, int]) -> dict[str, object]:
    """Datasette's metadata for a desk database called ``name`` (its file name's stem)."""
    total = sum(claims.values())
    sources = ", ".join(f"{library} ({count:,})" for library, count in claims.items())
    return {
        "title": "Fact-check desk",
        "description": f"{total:,} claims checked, from {sources or 'no libraries'}: "
                       "search them, or paste a claim into Similar claims.",
        "databases": {name: {
            "description": "Built by workbench desk build; read-only, rebuilt whole.",
            "tables": {
                "claims": {
                    "title": "Claims",
                    "description": "Every case of every library. link opens the case "
                                   "file (file:// URL); library says whose it is.",
                    "fts_table": "claims_fts",
                    "fts_pk": "id",
                    "facets": ["status", "rating", "claimant", "publisher", "library"],
                    "label_column": "claim",
                    "sort_desc": "updated",
                },
                "libraries": {
                    "title": "Libraries",
                    "description": "The libraries gathered, with their folders.",
                },
                "built": {"hidden": True},
                **{table: {"hidden": True} for table in (
                    "claims_fts", "claims_fts_vocab", "claims_fts_config", "claims_fts_data",
                    "claims_fts_docsize", "claims_fts_idx")},
            },
            "queries": {
                "similar_claims": {
                    "title": "Similar claims",
                    "description": "The claims sharing the most telling words with the "
                                   "text, best first: paste a claim as you met it.",
                    "sql": SIMILAR_CLAIMS,
                },
            },
        }},
    }
