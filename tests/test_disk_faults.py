"""A full disk costs no work: the write fails in one line, the old file stays intact, and
nothing lingers once space comes back.

The disk is real: a small tmpfs mounted for the test (which needs root, as CI has; the
tests skip elsewhere), filled up with a filler file, so SQLite meets a genuine ENOSPC
wherever it happens to write: the WAL, the checkpoint into the main file, a new file.
A file-size limit (RLIMIT_FSIZE) covers the same paths where mounting is not possible.
"""

from __future__ import annotations

import contextlib
import os
import resource
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.casefile.store import CaseFile
from workbench.model import Case


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path, leave: int) -> Path:
    """Fill the disk until ``leave`` bytes are free; return the filler to delete later."""
    filler = folder / "filler"
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    with contextlib.suppress(OSError), filler.open("ab") as handle:
        handle.write(b"\0" * max(free - leave, 0))
    return filler


def _workbench(*args: str, limit: int | None = None,
               stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    def limited() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True,
                          text=True, timeout=120, preexec_fn=limited, input=stdin,
                          env={**os.environ, "WORKBENCH_USER": "Ann"})


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("workbench: ") and result.stderr.count("\n") == 1, (
        result.stderr)
    assert "Traceback" not in result.stderr
    return result.stderr


def _healthy(path: Path) -> str:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def test_a_save_on_a_full_disk_fails_in_one_line_and_keeps_the_case(
        tiny_disk: Path, small_case: Case) -> None:
    path = tiny_disk / "c.case.db"
    CaseFile.create(path, small_case).close()
    filler = _fill(tiny_disk, leave=4096)
    big = "word " * 100_000
    message = _one_line(_workbench("set", str(path), "section:1.body", "-", stdin=big))
    assert "the disk is full" in message and "damaged" not in message
    filler.unlink()
    assert _healthy(path) == "ok"
    result = _workbench("check", str(path))
    assert "damaged" not in result.stderr and "Traceback" not in result.stderr
    with CaseFile.open(path, read_only=True) as case_file:
        assert case_file.load().sections[0].body == small_case.sections[0].body


@pytest.mark.parametrize("leave", [0, 8192, 40_000, 120_000, 200_000, 280_000, 320_000, 400_000])
def test_whatever_the_disk_has_left_a_case_is_never_locked_out(
        tiny_disk: Path, small_case: Case, leave: int) -> None:
    """However little room there is when a save (and the checkpoint at its close) runs
    out, the case opens, checks and saves again once the space comes back, and holds
    either the old text or the new one."""
    path = tiny_disk / "c.case.db"
    CaseFile.create(path, small_case).close()
    filler = _fill(tiny_disk, leave=leave)
    new_body = "grown " * 20_000
    result = _workbench("set", str(path), "section:1.body", "-", stdin=new_body)
    assert "Traceback" not in result.stderr
    filler.unlink()
    assert _healthy(path) == "ok"
    with CaseFile.open(path) as case_file:
        assert not case_file.read_only
        body = case_file.load().sections[0].body
    assert body in (small_case.sections[0].body, new_body)
    assert (body == new_body) == (result.returncode == 0)
    again = _workbench("set", str(path), "title", "after the space came back")
    assert again.returncode == 0, again.stderr
    for command in (("check", str(path)), ("export", str(path), "--format", "json"),
                    ("log", str(path))):
        assert "damaged" not in _workbench(*command).stderr


def test_new_and_export_on_a_full_disk_leave_nothing_half_written(
        tiny_disk: Path, tmp_path: Path, small_case: Case) -> None:
    case_path = tmp_path / "c.case.db"
    CaseFile.create(case_path, small_case).close()
    old_export = tiny_disk / "article.md"
    old_export.write_text("the published article")
    filler = _fill(tiny_disk, leave=0)
    before = sorted(p.name for p in tiny_disk.iterdir())
    _one_line(_workbench("export", str(case_path), "--format", "md", "--force",
                         "-o", str(old_export)))
    _one_line(_workbench("new", "A claim on a full disk", "-o", str(tiny_disk / "n.case.db")))
    assert sorted(p.name for p in tiny_disk.iterdir()) == before
    assert old_export.read_text() == "the published article"
    filler.unlink()


def test_a_file_size_limit_is_one_line_and_keeps_the_old_files(tmp_path: Path,
                                                               small_case: Case) -> None:
    """RLIMIT_FSIZE (EFBIG) instead of a full disk: works without root."""
    path = tmp_path / "c.case.db"
    CaseFile.create(path, small_case).close()
    size = path.stat().st_size
    _one_line(_workbench("set", str(path), "section:1.body", "-", stdin="x" * 2_000_000,
                         limit=size + 8192))
    assert _healthy(path) == "ok"
    export = tmp_path / "a.md"
    export.write_text("old")
    _one_line(_workbench("export", str(path), "--format", "md", "--force", "-o", str(export),
                         limit=10))
    assert export.read_text() == "old"
    # SQLite's own companions may stay after a failed write (the next open recovers
    # them); no file of ours is left half-written.
    left = {p.name for p in tmp_path.iterdir()} - {"c.case.db-wal", "c.case.db-shm"}
    assert left == {".c.case.db.lock", "a.md", "c.case.db"}
