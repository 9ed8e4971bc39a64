"""Who may write a case file, decided in a sidecar lock file, never on the case file itself.

On Linux, closing *any* descriptor of a file drops every POSIX lock the process holds on
it, SQLite's included (SQLite's "How To Corrupt An SQLite Database File", 2.2). So nothing
here ever opens the ``.case.db``: the writer's lock is a ``flock`` on a hidden file beside
it, ``.NAME.case.db.lock``, which SQLite never touches.

- The writer holds it exclusively for as long as the case is open, and writes its process
  id into it so another process can say who has the case. The kernel releases it when the
  process dies, even by ``kill -9``: a crashed writer never locks the case out.
- A reader holds it shared for as long as it reads the main file without SQLite's locks
  (``immutable``), so no writer can checkpoint into the file under it; a writer finding it
  held waits a moment (readers are brief) before settling for read-only.
- A new case gets its lock file at birth, and it stays when the case closes: deleting a
  lock file that another process has just opened would let two writers each hold a lock
  of their own. Only a case moved to the trash has its lock file deleted, and a writer
  checks, once it holds the lock, that the file it locked is still the one by that name.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

#: How long (seconds) an opening writer waits for a brief lock (a reader, or a command
#: line ``set``) to go before it opens the case read-only.
WRITER_WAIT = 2.0
_POLL = 0.02


def lock_path(path: Path) -> Path:
    """The sidecar lock file of the case file ``path``: beside the file itself, so a
    symlink to the case and the case by its own name share one lock."""
    real = Path(os.path.realpath(path))
    return real.with_name(f".{real.name}.lock")


class WriterLock:
    """The exclusive right to write one case file, held until ``release``."""

    def __init__(self, descriptor: int) -> None:
        self._descriptor: int | None = descriptor

    @classmethod
    def acquire(cls, path: Path, *, wait: float = WRITER_WAIT) -> WriterLock | None:
        """Take the lock, waiting up to ``wait`` seconds; None when another process keeps
        it. Raises OSError when the lock file cannot be made (a read-only folder)."""
        deadline = time.monotonic() + wait
        while True:
            descriptor = os.open(lock_path(path), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(descriptor)
                if time.monotonic() >= deadline:
                    return None
                time.sleep(_POLL)
                continue
            if _still_named(descriptor, path):
                break
            # Deleted (the case went to the trash) between our open and our lock.
            os.close(descriptor)
        try:
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        except OSError:
            pass  # the pid is for messages only; a full disk must not stop the open
        return cls(descriptor)

    def remove(self, path: Path) -> None:
        """Delete the lock file and let go: for a case that is leaving its folder."""
        lock_path(path).unlink(missing_ok=True)
        self.release()

    def release(self) -> None:
        if self._descriptor is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._descriptor, 0)
        os.close(self._descriptor)
        self._descriptor = None


def writer_pid(path: Path) -> int | None:
    """The process id the current writer wrote into the lock file, when it can be read."""
    try:
        text = lock_path(path).read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


@contextlib.contextmanager
def reading(path: Path) -> Iterator[bool]:
    """Hold the lock shared while reading ``path``; yields whether no writer is active.

    True means no Workbench process writes the case and none can start until the block
    ends, so the main file can be read as it stands. False means a writer is active (read
    through SQLite's WAL, with its locks). A reader never makes the lock file: one that is
    missing (a case copied in from elsewhere, a file that is no case at all) has never had
    a writer here, and a folder where it cannot be read cannot hold a writer's WAL either.
    """
    try:
        descriptor = os.open(lock_path(path), os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        yield True
        return
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(descriptor)


def make_lock_file(path: Path) -> None:
    """Give a new case its lock file, so readers can tell a writer from its first moment.

    Best effort: without one (a full disk) the first writer makes it."""
    with contextlib.suppress(OSError):
        os.close(os.open(lock_path(path), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666))


def _still_named(descriptor: int, path: Path) -> bool:
    """Whether the lock file we hold is still the one at its name."""
    try:
        named = os.stat(lock_path(path))
    except FileNotFoundError:
        return False
    held = os.fstat(descriptor)
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)
