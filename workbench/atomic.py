"""Write a file whole or not at all, and leave nothing behind when killed halfway.

One helper for every file the Workbench writes outside SQLite (exports, new case files,
the config, recovery files). The bytes go to a nameless file in the target's folder
(``O_TMPFILE``), are synced, and only then get a name: a reader, a crash or a full disk
never meets half a file, and a ``kill -9`` leaves nothing, since a file with no name is
gone with its last descriptor. A replacement needs a name for an instant before the
rename, and where the file system has no ``O_TMPFILE`` a hidden temporary name stands in
throughout; such names carry the writer's process id, and the next replacement of the same
file removes those whose process is gone. (New files, a bulk import's thousands, skip that
scan of the folder: it would make the import quadratic.)

A symbolic link is written through, not replaced: ``-o latest.html`` pointing at this
week's file updates that file. A file that is replaced keeps its permissions; a new one
gets those the umask gives an ordinary new file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

_TEMPORARY_SUFFIX = ".wbtmp"
#: Errors that mean "this file system has no O_TMPFILE", not "this write failed".
_NO_TMPFILE = frozenset({errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT})


def write_atomically(path: Path, data: bytes, *, replace: bool = True) -> Path:
    """Put ``data`` at ``path`` (through a symlink); return the file written.

    With ``replace`` False an existing file is never touched (FileExistsError). Raises
    OSError with the system's reason; nothing is left behind then.
    """
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    folder = target.parent
    if replace:
        _sweep(folder, target.name)
    try:
        mode = target.stat().st_mode & 0o7777 if replace else None
    except FileNotFoundError:
        mode = None
    try:
        descriptor = os.open(folder, os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, 0o666)
    except OSError as error:
        if error.errno not in _NO_TMPFILE:
            raise
        return _write_named(target, data, mode, replace=replace)
    try:
        _fill(descriptor, data, mode)
        if replace:
            temporary = _temporary_name(target)
            _name(descriptor, temporary)
            try:
                os.replace(temporary, target)
            except OSError:
                temporary.unlink(missing_ok=True)
                raise
        else:
            _name(descriptor, target)
    except (FileNotFoundError, NotADirectoryError):
        # No /proc to link through: write it under a name instead.
        os.close(descriptor)
        return _write_named(target, data, mode, replace=replace)
    except BaseException:
        os.close(descriptor)
        raise
    os.close(descriptor)
    _sync_folder(folder)
    return target


def _name(descriptor: int, path: Path) -> None:
    """Give the nameless file open on ``descriptor`` the name ``path``.

    ``linkat`` must follow /proc's link to the open file; ``os.link`` asks for that only
    when given a directory descriptor (with none it calls ``link``, which fails here).
    """
    links = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.link(str(descriptor), path, src_dir_fd=links, follow_symlinks=True)
    finally:
        os.close(links)


def _write_named(target: Path, data: bytes, mode: int | None, *, replace: bool) -> Path:
    temporary = _temporary_name(target)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC,
                         0o666)
    try:
        try:
            _fill(descriptor, data, mode)
        finally:
            os.close(descriptor)
        if replace:
            os.replace(temporary, target)
        else:
            os.link(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    _sync_folder(target.parent)
    return target


def _fill(descriptor: int, data: bytes, mode: int | None) -> None:
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]
    if mode is not None:
        os.fchmod(descriptor, mode)
    # On disk before the name: after a crash the name holds the old file or the new one.
    os.fsync(descriptor)


def _temporary_name(target: Path) -> Path:
    return target.with_name(
        f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}{_TEMPORARY_SUFFIX}")


def _sweep(folder: Path, name: str) -> None:
    """Remove temporary files of ``name`` left by writers that died before renaming."""
    prefix = f".{name}."
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.startswith(prefix) and entry.name.endswith(_TEMPORARY_SUFFIX):
                pid = entry.name[len(prefix):].partition("-")[0]
                if pid.isdigit() and not _alive(int(pid)):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sync_folder(folder: Path) -> None:
    """Make the new name itself durable (the file's own fsync does not cover it)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
