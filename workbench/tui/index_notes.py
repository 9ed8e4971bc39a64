"""Telling the library index about the case files the TUI itself writes.

A case opened for editing, a new case, one moved to the trash or back: each changes the
library folder (a file comes or goes, SQLite makes and removes a WAL beside a case), and
an index that is not told would have the next ``workbench list`` or ``match`` list the
whole folder to find out what changed. So every such write is bracketed: ``begin`` takes
the folder's stamp before it, ``end`` names the files once they are closed, and
``Library.note_changed`` updates their entries and keeps the index current.

Writes that overlap (a new case, then the case screen opening it) are one batch with the
stamp taken before the first, noted once the last is closed: noted one by one, the first
note would record a folder the second had already changed. The note runs on a thread of
its own, after the folder's stamp is old enough for the index to trust it (a stamp
younger than ``RACY_NS`` is never recorded as current), so it costs the UI nothing; a
library screen reading the index waits for it first (``settle``).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from workbench.casefile.errors import CaseFileError
from workbench.casefile.library import COARSE_RACY_NS, RACY_NS, Library

#: Longest a library screen waits for a note before reading the index anyway (seconds).
SETTLE_TIMEOUT = 5.0


@dataclass
class _Batch:
    """The TUI's writes in one library folder since ``since`` was taken."""

    since: str | None
    open: int = 0
    paths: list[Path] = field(default_factory=list)
    #: Set when its note has begun: a write beginning after that starts a new batch.
    closing: bool = False
    noted: threading.Event = field(default_factory=threading.Event)


_lock = threading.Lock()
_batches: dict[Path, _Batch] = {}


def _key(folder: Path) -> Path:
    """One batch a folder however it was named (relative, absolute)."""
    return Path(os.path.abspath(folder))


def begin(folder: Path) -> None:
    """A case file in ``folder`` is about to be opened for writing, created or moved."""
    with _lock:
        batch = _batches.get(_key(folder))
        if batch is None or batch.closing:
            try:
                since: str | None = Library(folder).folder_stamp()
            except OSError:
                since = None
            batch = _batches[_key(folder)] = _Batch(since)
        batch.open += 1


def end(folder: Path, *paths: Path) -> None:
    """What ``begin`` announced is done and closed: ``paths`` are the case files it wrote
    (a file moved away is named where it was)."""
    with _lock:
        batch = _batches.get(_key(folder))
        if batch is None:
            return
        batch.paths.extend(paths)
        batch.open -= 1
        if batch.open > 0:
            return
    threading.Thread(target=_note, args=(folder, batch), name="index-note").start()


def _note(folder: Path, batch: _Batch) -> None:
    """Thread: wait until the folder's stamp can be trusted, then note the batch."""
    library = Library(folder)
    with contextlib.suppress(OSError, ValueError):
        mtime = int(library.folder_stamp().rsplit(":", 1)[1])
        racy = COARSE_RACY_NS if mtime % 1_000_000_000 == 0 else RACY_NS
        wait = (mtime + racy - time.time_ns()) / 1e9
        if wait > 0:
            time.sleep(wait + 0.005)
    with _lock:
        if batch.open > 0 or batch.closing:
            return  # Another write began meanwhile: its end notes the lot.
        batch.closing = True
    try:
        # A library that cannot be written is caught up by the next command's own look.
        with contextlib.suppress(CaseFileError, OSError):
            library.note_changed(*batch.paths, since=batch.since)
    finally:
        with _lock:
            if _batches.get(_key(folder)) is batch:
                del _batches[_key(folder)]
        batch.noted.set()


def settle(folder: Path, timeout: float = SETTLE_TIMEOUT) -> None:
    """Wait (off the UI thread) until the TUI's writes in ``folder`` are noted: a library
    screen shown again may start reading before the case screen it covered has closed
    its file, and a refresh of a folder the note has not yet caught up with would list
    it (and, the folder being just changed, leave the index not current)."""
    with _lock:
        batch = _batches.get(_key(folder))
    if batch is not None:
        batch.noted.wait(timeout)
