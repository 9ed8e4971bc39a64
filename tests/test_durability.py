"""An editing Workbench survives whatever else touches its case file, with nothing lost.

The trap these guard against: on Linux, closing any descriptor of a file drops every POSIX
lock the process holds on it, SQLite's included. An outside program (the ``sqlite3`` shell)
that opens and closes the file then believes nobody else has it, deletes the WAL, and the
Workbench goes on saving into a deleted file. Each test here kills the writer with SIGKILL
where it matters and reads the file back from outside.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from workbench.casefile.connection import examine
from workbench.casefile.errors import CaseFileError
from workbench.casefile.library import Library, read_summary
from workbench.casefile.lock import lock_path
from workbench.casefile.store import CaseFile
from workbench.model import Case


def _descriptors_on(path: Path) -> list[str]:
    """What this process has open of ``path`` and its SQLite companions, by name."""
    names = []
    for entry in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(entry)
        except OSError:
            continue
        if target.startswith(str(path)):
            names.append(target.removeprefix(str(path)) or "main")
    return sorted(names)


def _outside_open_close(path: Path) -> None:
    """Another process opens the file with plain SQLite, reads, and closes it, as
    ``sqlite3 FILE .tables`` does."""
    code = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
            "c.execute('select name from sqlite_master').fetchall(); c.close()")
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=30)


def _outside_text(path: Path) -> str:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT text FROM claim").fetchone()[0]
    finally:
        connection.close()


def _posix_locks_on(path: Path) -> int:
    """How many POSIX (fcntl) locks this process holds on ``path``, from /proc/locks."""
    info = path.stat()
    device = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    count = 0
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "POSIX" in fields and str(os.getpid()) in fields and device in fields:
            count += 1
    return count


def test_an_open_case_holds_only_sqlites_descriptors(tmp_path: Path, small_case: Case) -> None:
    path = tmp_path / "c.case.db"
    CaseFile.create(path, small_case).close()
    with CaseFile.open(path) as case_file:
        case = case_file.load()
        case.claim.text = "edited"
        case_file.save(case)
        # SQLite's own three; the writer's lock is on the sidecar file, not on the case.
        assert _descriptors_on(path) == ["-shm", "-wal", "main"]
        held = _posix_locks_on(path)
        assert held >= 1
        # A library refresh and the other readers run in this process meanwhile: none
        # of them may drop the writer's SQLite locks.
        read_summary(path)
        examine(path)
        Library(tmp_path).refresh()
        with CaseFile.open(path, read_only=True) as reader:
            reader.load()
        assert _posix_locks_on(path) == held
        # SQLite may keep a reader's descriptor for reuse instead of closing it (that is
        # how it keeps its locks), but nothing else has the file open.
        assert set(_descriptors_on(path)) == {"-shm", "-wal", "main"}


def test_read_summary_then_outside_sqlite_then_save_survives_kill(tmp_path: Path,
                                                                 small_case: Case) -> None:
    """The issue's repro, in a child process killed with SIGKILL after its last save."""
    path = tmp_path / "c.case.db"
    CaseFile.create(path, small_case).close()
    ready = tmp_path / "saved"
    child = textwrap.dedent(f"""
        import os, subprocess, sys, time
        from pathlib import Path
        from workbench.casefile.library import read_summary
        from workbench.casefile.store import CaseFile
        path = Path({str(path)!r})
        case_file = CaseFile.open(path)
        case = case_file.load()
        read_summary(path)
        code = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                "c.execute('select name from sqlite_master').fetchall(); c.close()")
        subprocess.run([sys.executable, "-c", code, str(path)], check=True)
        for number in range(5):
            case.claim.text = f"after the shell {{number}}"
            case_file.save(case)
        Path({str(ready)!r}).write_text("done")
        time.sleep(60)
    """)
    process = subprocess.Popen([sys.executable, "-c", child])
    try:
        deadline = time.monotonic() + 30
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists(), "the child never saved"
        # Seen from outside while the writer runs, then after it is killed.
        assert _outside_text(path) == "after the shell 4"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert _outside_text(path) == "after the shell 4"
    with CaseFile.open(path) as case_file:
        assert not case_file.read_only
        assert case_file.load().claim.text == "after the shell 4"


def test_outside_readers_during_an_edit_session_lose_nothing(tmp_path: Path,
                                                             small_case: Case) -> None:
    path = tmp_path / "c.case.db"
    CaseFile.create(path, small_case).close()
    library = Library(tmp_path)
    with CaseFile.open(path) as case_file:
        case = case_file.load()
        for number in range(6):
            library.refresh()
            _outside_open_close(path)
            case.claim.text = f"edit {number}"
            case_file.save(case)
            assert _outside_text(path) == f"edit {number}"
            with CaseFile.open(path, read_only=True) as reader:
                assert reader.load().claim.text == f"edit {number}"


def test_a_second_workbench_gets_the_case_read_only_and_cannot_save(tmp_path: Path,
                                                                   small_case: Case) -> None:
    path = tmp_path / "c.case.db"
    CaseFile.create(path, small_case).close()
    with CaseFile.open(path) as writer:
        code = textwrap.dedent(f"""
            from workbench.casefile.store import CaseFile
            with CaseFile.open({str(path)!r}) as second:
                print(second.read_only_reason)
        """)
        started = time.monotonic()
        result = subprocess.run([sys.executable, "-c", code], capture_output=True,
                                text=True, check=True, timeout=30)
        assert f"(process {os.getpid()})" in result.stdout
        assert "read-only" in result.stdout
        assert time.monotonic() - started < 20
        case = writer.load()
        case.claim.text = "the first writer's edit"
        writer.save(case)
    with CaseFile.open(path) as again:
        assert again.load().claim.text == "the first writer's edit"


def test_a_killed_writer_never_locks_the_case_out(tmp_path: Path, small_case: Case) -> None:
    path = tmp_path / "c.case.db"
    CaseFile.create(path, small_case).close()
    code = textwrap.dedent(f"""
        import time
        from workbench.casefile.store import CaseFile
        case_file = CaseFile.open({str(path)!r})
        print("open", flush=True)
        time.sleep(60)
    """)
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stdout.readline() == "open\n"
        with CaseFile.open(path) as blocked:
            assert blocked.read_only
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    with CaseFile.open(path) as after:
        assert not after.read_only


def test_a_brief_lock_is_waited_for(tmp_path: Path, small_case: Case) -> None:
    """A command-line ``set`` holds the case for a moment; the Workbench opening it then
    must not settle for read-only."""
    path = tmp_path / "c.case.db"
    CaseFile.create(path, small_case).close()
    code = textwrap.dedent(f"""
        import time
        from workbench.casefile.store import CaseFile
        case_file = CaseFile.open({str(path)!r})
        print("open", flush=True)
        time.sleep(0.4)
        case_file.close()
        time.sleep(30)
    """)
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stdout.readline() == "open\n"
        with CaseFile.open(path) as case_file:
            assert not case_file.read_only
    finally:
        process.kill()
        process.wait()


def test_opening_and_a_refused_save_change_no_byte(tmp_path: Path, small_case: Case) -> None:
    """The journal mode is set by the first save, not by opening: a case opened and left
    (or a save that is refused) leaves the file as it was, even one another tool switched
    out of WAL."""
    path = tmp_path / "c.case.db"
    CaseFile.create(path, small_case).close()
    outside = sqlite3.connect(path)
    outside.execute("PRAGMA journal_mode = DELETE")
    outside.close()
    before = path.read_bytes()
    with CaseFile.open(path) as case_file:
        case = case_file.load()
        # Two sources with one number: the save is refused before it writes.
        case.sources[1].number = case.sources[0].number
        with pytest.raises(CaseFileError):
            case_file.save(case)
    assert path.read_bytes() == before


def test_a_checkpoint_cut_short_is_not_refused(tmp_path: Path, small_case: Case) -> None:
    """A main file shorter than its header says, with the pages in the WAL (a writer
    killed while checkpointing into a growing file), is a healthy case: SQLite reads it."""
    path = tmp_path / "c.case.db"
    CaseFile.create(path, small_case).close()
    code = textwrap.dedent(f"""
        import os
        from workbench.casefile.store import CaseFile
        case_file = CaseFile.open({str(path)!r})
        case = case_file.load()
        for number in range(40):
            case.sections[0].body = "grow " * 2000 + str(number)
            case_file.save(case)
        os.kill(os.getpid(), 9)
    """)
    subprocess.run([sys.executable, "-c", code], check=False, timeout=60)
    wal = path.with_name(path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    # As if the checkpoint had rewritten page 1 (a larger page count) and died before
    # the file grew: the header promises more pages than the main file holds.
    header = bytearray(path.read_bytes()[:100])
    pages = int.from_bytes(header[28:32], "big")
    with path.open("r+b") as handle:
        handle.seek(28)
        handle.write((pages + 50).to_bytes(4, "big"))
    for read_only in (True, False):
        with CaseFile.open(path, read_only=read_only) as case_file:
            assert case_file.load().sections[0].body.endswith("39")
    assert lock_path(path).exists()


def test_other_tools_reading_during_an_edit_session_cost_nothing(tmp_path: Path,
                                                                 small_case: Case) -> None:
    """sqlite-utils, and our own export, check and list in other processes, read the
    file while this process edits it: every save stays, and each sees the last one."""
    path = tmp_path / "c.case.db"
    CaseFile.create(path, small_case).close()
    sqlite_utils_read = ("import sqlite_utils, sys; db = sqlite_utils.Database(sys.argv[1]); "
                         "print(list(db['claim'].rows)[0]['text']); db.close()")
    with CaseFile.open(path) as case_file:
        case = case_file.load()
        for number in range(3):
            case.claim.text = f"edit {number}"
            case_file.save(case)
            seen = subprocess.run([sys.executable, "-c", sqlite_utils_read, str(path)],
                                  capture_output=True, text=True, check=True, timeout=60)
            assert seen.stdout.strip() == f"edit {number}"
            for args in (("export", str(path), "--format", "json"),
                         ("check", str(path)),
                         ("--library", str(tmp_path), "list", "--json")):
                result = subprocess.run([sys.executable, "-m", "workbench", *args],
                                        capture_output=True, text=True, timeout=60)
                assert "Traceback" not in result.stderr
                assert "damaged" not in result.stderr and "cannot" not in result.stderr
                if args[0] != "check":
                    assert f"edit {number}" in result.stdout
    with CaseFile.open(path, read_only=True) as reader:
        assert reader.load().claim.text == "edit 2"


def test_new_killed_at_any_moment_leaves_no_temporary_file(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    for attempt in range(20):
        process = subprocess.Popen(
            [sys.executable, "-m", "workbench", "--library", str(library), "new",
             f"Claim number {attempt}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.15 + (attempt % 7) * 0.05)
        process.send_signal(signal.SIGKILL)
        process.wait()
    names = [p.name for p in library.iterdir()]
    cases = {name for name in names if name.endswith(".case.db")}
    assert all(name in cases or (name.startswith(".") and name.endswith(".case.db.lock")
                                 and name[1:-5] in cases) or name == ".workbench-index.db"
               for name in names), names
    for case in cases:
        with CaseFile.open(library / case, read_only=True) as reader:
            assert reader.load().claim.text.startswith("Claim number")
