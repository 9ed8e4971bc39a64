"""Deleting a case moves its file to the library's ``.trash`` folder, so it can be undone.

A case file may have companions beside it (SQLite's ``-wal`` and ``-shm``): edits not yet
checkpointed live in the WAL, so the companions travel with the file, or the case would
come back without its latest edits. The trash is a plain folder a person can empty; the
library index never looks inside it (only ``*.case.db`` directly in the library counts).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from workbench.casefile.errors import CaseFileError
from workbench.casefile.library import SUFFIX, TRASH_NAME
from workbench.casefile.lock import WriterLock

#: SQLite's files beside a database, in the order they are moved back (the main file last).
COMPANIONS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Trashed:
    """A case file moved to the trash: where it was, and where it is now."""

    original: Path
    trashed: Path


def _companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in COMPANIONS]


def _free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``stem-2.case.db`` and so on when that or a companion is taken."""
    stem = name.removesuffix(SUFFIX)
    suffix = name[len(stem):]
    candidate = folder / name
    counter = 2
    while candidate.exists() or any(p.exists() for p in _companions(candidate)):
        candidate = folder / f"{stem}-{counter}{suffix}"
        counter += 1
    return candidate


def _move(source: Path, target: Path) -> None:
    for companion, moved in zip(_companions(source), _companions(target), strict=True):
        if companion.exists():
            os.replace(companion, moved)


def move_to_trash(library_folder: Path, path: Path) -> Trashed:
    """Move the case file ``path`` (and its companions) into ``library_folder/.trash``.

    The writer's lock is held throughout, so no Workbench can open the case halfway
    through the move; its lock file is then removed, as the case has left the folder.
    """
    if not path.exists():
        raise CaseFileError(f"{path}: no such file")
    try:
        lock = WriterLock.acquire(path, wait=0)
    except OSError as error:
        raise CaseFileError(f"{path.name}: cannot move to the trash ({error.strerror})") from None
    if lock is None:
        raise CaseFileError(f"{path.name}: open in another Workbench process; not deleted")
    trash = library_folder / TRASH_NAME
    try:
        trash.mkdir(exist_ok=True)
        target = _free_name(trash, path.name)
        # The main file first: from then on the library no longer lists the case.
        os.replace(path, target)
        _move(path, target)
    except OSError as error:
        lock.release()
        raise CaseFileError(f"{path.name}: cannot move to the trash ({error.strerror})") from None
    lock.remove(path)
    return Trashed(original=path, trashed=target)


def restore(item: Trashed) -> Path:
    """Move a trashed case back beside the others; a taken name gets a ``-2`` suffix."""
    if not item.trashed.exists():
        raise CaseFileError(f"{item.trashed}: no longer in the trash")
    target = _free_name(item.original.parent, item.original.name)
    try:
        # Companions first, so the library never reads the file without its latest edits.
        _move(item.trashed, target)
        os.replace(item.trashed, target)
    except OSError as error:
        raise CaseFileError(
            f"{item.trashed.name}: cannot restore from the trash ({error.strerror})"
        ) from None
    return target
