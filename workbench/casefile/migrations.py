"""Bring an older case file up to the current schema, after backing it up.

Each migration moves a file from one schema version to the next. Before the first step the
whole file is copied with SQLite's online backup API (a consistent copy even with a WAL);
all steps then run in one transaction with the new ``user_version``, so a failure leaves the
file as it was. Schema 1 is the first, so the list is empty today; the machinery is tested
with a hand-made older file and a migration of the test's own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.casefile.errors import CaseFileError
from workbench.casefile.probe import SCHEMA_VERSION

if TYPE_CHECKING:
    import sqlite_utils


@dataclass(frozen=True)
class Migration:
    from_version: int
    description: str
    apply: Callable[[sqlite_utils.Database], None]


MIGRATIONS: tuple[Migration, ...] = ()


def backup_path(path: Path, version: int) -> Path:
    candidate = path.with_name(f"{path.name}.v{version}-backup")
    counter = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.v{version}-backup{counter}")
        counter += 1
    return candidate


def migrate(
    path: Path,
    from_version: int,
    *,
    migrations: Sequence[Migration] | None = None,
    target: int = SCHEMA_VERSION,
) -> Path:
    """Back up ``path`` and migrate it to ``target``; return the backup's path."""
    available = {m.from_version: m for m in (MIGRATIONS if migrations is None else migrations)}
    steps = []
    for version in range(from_version, target):
        if version not in available:
            raise CaseFileError(
                f"{path}: schema {from_version} cannot be upgraded (no migration from {version})"
            )
        steps.append(available[version])
    backup = backup_path(path, from_version)
    source = sqlite3.connect(path, isolation_level=None)
    try:
        target_db = sqlite3.connect(backup)
        try:
            source.backup(target_db)
        finally:
            target_db.close()
        source.execute("PRAGMA foreign_keys = OFF")
        source.execute("BEGIN IMMEDIATE")
        try:
            import sqlite_utils

            db = sqlite_utils.Database(source)
            for step in steps:
                step.apply(db)
            source.execute(f"PRAGMA user_version = {target}")
        except Exception as error:
            source.execute("ROLLBACK")
            raise CaseFileError(
                f"{path}: upgrade to schema {target} failed ({error}); the file is unchanged "
                f"and a copy is at {backup}"
            ) from None
        source.execute("COMMIT")
    finally:
        source.close()
    return backup
