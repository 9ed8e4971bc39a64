"""``write_atomically``: an export reaches the disk whole or not at all.

Shared by the CLI's ``export -o`` and the TUI's export dialog. Tests may run as root, for
whom no folder is unwritable, so a failing rename is simulated instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.formats import export as export_module
from workbench.formats.export import ExportError, write_atomically


def leftovers(folder: Path) -> list[str]:
    """Temporary files a write might have left behind."""
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


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

    monkeypatch.setattr(export_module.os, "replace", refuse)
    with pytest.raises(ExportError) as raised:
        write_atomically(target, "new")
    assert str(raised.value) == f"{target}: cannot be written (Permission denied)"
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []
