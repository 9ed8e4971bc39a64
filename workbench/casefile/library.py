"""The library: a folder of case files and an index database rebuilt from them.

The index (``.workbench-index.db`` inside the folder) is a cache, never the only copy of
anything: each entry remembers the size and modification time of its case file (and WAL),
and a refresh rereads just the files that changed, drops the ones that went away and can
always be rebuilt from scratch by deleting it.
"""

from __future__ import annotations

import os
import re
import sqlite3
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from workbench.casefile.connection import connect, wal_path
from workbench.casefile.errors import CaseFileError
from workbench.casefile.probe import read_header

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


_INDEX_SCHEMA = """
CREATE TABLE IF NOT EXISTS cases (
    path TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    claim TEXT NOT NULL,
    claimant TEXT NOT NULL,
    status TEXT NOT NULL,
    rating TEXT NOT NULL,
    updated TEXT NOT NULL,
    -- The file's state when it was read: a mismatch means reread it.
    stamp TEXT NOT NULL
);
"""

_SUMMARY = """
SELECT cases.title, claim.text, claim.claimant, cases.status, verdict.rating, cases.updated
FROM cases JOIN claim ON claim.case_id = cases.id JOIN verdict ON verdict.case_id = cases.id
"""


def _stamp(path: Path) -> str:
    """Size and mtime of the file and its WAL: edits land in the WAL before a checkpoint."""
    parts = []
    for candidate in (path, wal_path(path)):
        try:
            info = candidate.stat()
        except FileNotFoundError:
            continue
        parts.append(f"{info.st_size}:{info.st_mtime_ns}")
    return "/".join(parts)


def read_summary(path: Path) -> tuple[str, str, str, str, str, str]:
    """Title, claim, claimant, status, rating and updated of a case file, read-only."""
    read_header(path)
    try:
        connection = connect(path, read_only=True)
        try:
            row = connection.execute(_SUMMARY).fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise CaseFileError(f"{path}: cannot be read ({error})") from None
    if row is None:
        raise CaseFileError(f"{path}: holds no case")
    return tuple(value or "" for value in row)  # type: ignore[return-value]


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

    def refresh(self) -> list[Skipped]:
        """Bring the index in step with the files; return the files that were skipped."""
        self.ensure_exists()
        skipped: list[Skipped] = []
        connection = sqlite3.connect(self.index_path, isolation_level=None)
        try:
            connection.executescript(_INDEX_SCHEMA)
            known = dict(connection.execute("SELECT path, stamp FROM cases"))
            present = {str(path): path for path in self.case_paths()}
            connection.execute("BEGIN")
            connection.executemany(
                "DELETE FROM cases WHERE path = ?",
                [(name,) for name in known if name not in present],
            )
            for name, path in present.items():
                stamp = _stamp(path)
                if known.get(name) == stamp:
                    continue
                try:
                    summary = read_summary(path)
                except CaseFileError as error:
                    skipped.append(Skipped(path, str(error)))
                    connection.execute("DELETE FROM cases WHERE path = ?", (name,))
                    continue
                connection.execute(
                    "INSERT OR REPLACE INTO cases VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (name, *summary, stamp),
                )
            connection.execute("COMMIT")
        except sqlite3.Error:
            connection.close()
            # The index is only a cache: a damaged one is thrown away and rebuilt.
            self.index_path.unlink(missing_ok=True)
            return self.refresh()
        connection.close()
        return skipped

    def entries(self) -> list[LibraryEntry]:
        """The indexed cases, most recently updated first (call ``refresh`` before)."""
        if not self.index_path.exists():
            return []
        connection = sqlite3.connect(self.index_path)
        try:
            rows = connection.execute(
                "SELECT path, title, claim, status, rating, updated FROM cases "
                "ORDER BY updated DESC, path"
            ).fetchall()
        finally:
            connection.close()
        return [LibraryEntry(*row) for row in rows]


def slugify(text: str, *, limit: int = 60) -> str:
    """A file-name-safe stem: ASCII letters and digits joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-")
