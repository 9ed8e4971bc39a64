"""``write_atomically``: an export reaches the disk whole or not at all.

Shared by the CLI's ``export -o`` and the TUI's export dialog (through
``workbench.atomic``, which the config and new case files use too). Tests may run as
root, for whom no folder is unwritable, so a failing rename is simulated instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench import atomic
from workbench.formats.export import ExportError, write_atomically


def leftovers(folder: Path) -> list[str]:
    """Temporary files a write might have left behind."""
    return sorted(name for name in os.listdir(folder) if name.startswith("."))


def test_write_atomically_writes_whole_files_with_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    write_atomically(target, "first")
    umask = os.umask(0)
    os.umask(umask)
    assert target.read_text() == "first"
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    target.chmod(0o640)
    write_atomically(target, "second")
    assert target.read_text() == "second"
    assert target.stat().st_mode & 0o777 == 0o640
    assert leftovers(tmp_path) == []


def test_write_atomically_fails_in_one_line_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ExportError, match="no such folder"):
        write_atomically(tmp_path / "missing" / "a.md", "x")
    with pytest.raises(ExportError, match="is a directory"):
        write_atomically(tmp_path, "x")
    target = tmp_path / "a.md"
    target.write_text("old")

    def refuse(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(ExportError) as raised:
        write_atomically(target, "new")
    assert str(raised.value) == f"{target}: cannot be written (Permission denied)"
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_a_symlink_is_written_through_not_replaced(tmp_path: Path) -> None:
    weekly = tmp_path / "week-49.html"
    weekly.write_text("old")
    latest = tmp_path / "latest.html"
    latest.symlink_to(weekly.name)
    write_atomically(latest, "new")
    assert latest.is_symlink() and weekly.read_text() == "new"
    assert leftovers(tmp_path) == []


def test_a_writer_killed_halfway_leaves_nothing(tmp_path: Path) -> None:
    """Killed between writing and renaming, a writer leaves no file behind: the bytes are
    in a nameless file until the rename; where a name was needed, the next write of the
    same file removes it once its process is gone."""
    import subprocess
    import sys
    import textwrap

    target = tmp_path / "out.md"
    code = textwrap.dedent(f"""
        import os
        from workbench import atomic
        def die(*args):
            os._exit(9)
        atomic.os.replace = die
        atomic.write_atomically(__import__("pathlib").Path({str(target)!r}), b"x" * 100)
    """)
    for _ in range(3):
        subprocess.run([sys.executable, "-c", code], check=False, timeout=60)
    write_atomically(target, "whole")
    assert target.read_text() == "whole"
    assert leftovers(tmp_path) == []
