"""Kill a case-file writer at a random moment and check what it leaves: the crash harness.

One round: a writer (``crash_child``) is forked onto a case file it edits and saves in a
loop, an outside reader is forked beside it (or not), and after a random delay the writer
gets SIGKILL. Then the file is checked as the next Workbench meets it: ``CaseFile.open``
must give it for writing (a killed writer's lock never blocks the next open), the case it
loads must hold the last save the writer logged (or the one in flight), and ``PRAGMA
integrity_check`` must say ``ok``. The next round's writer carries on with the same file,
so each file goes through many kills, recoveries and reopenings.

Readers, each in its own process, opening and closing the file in a loop meanwhile:

- ``sqlite``: Python's ``sqlite3``, a plain read-write connection and a query, as any
  SQLite tool does (its close checkpoints and deletes the WAL when it thinks it is last);
- ``shell``: the real ``sqlite3 FILE .tables`` (when ``/usr/bin/sqlite3`` exists);
- ``workbench``: ``CaseFile.open(read_only=True)`` and a load, ``workbench check`` and
  ``workbench export``; the file is healthy, so each refusal is a false alarm, counted.

Processes are forked from the harness (already imported) rather than spawned, so a round
costs the delay before the kill, not an interpreter's start. Nothing holds a connection
when they are forked.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.crash_child import (
    WRITER,
    Record,
    create_crash_file,
    read_log,
    run_writer,
    state_digest,
)
from workbench.casefile.errors import CaseFileError
from workbench.casefile.store import CaseFile

SQLITE_SHELL = shutil.which("sqlite3")
#: The reader kinds; ``shell`` only where the sqlite3 program is installed.
READERS = ("none", "sqlite", "shell", "workbench")


def available_readers() -> tuple[str, ...]:
    return tuple(r for r in READERS if r != "shell" or SQLITE_SHELL)


@dataclass
class FileCheck:
    """What one killed writer left in its file."""

    integrity: str = ""
    #: Why the next open was refused or read-only; empty when it opened for writing.
    blocked: str = ""
    #: Why the case could not be loaded; empty when it loaded.
    unreadable: str = ""
    saves_logged: int = 0
    saves_lost: int = 0
    #: In words, for a failure: which save the file holds instead of the last one logged.
    detail: str = ""

    @property
    def corrupt(self) -> bool:
        return self.integrity != "ok" or bool(self.unreadable)


def _acceptable(records: list[Record]) -> set[str]:
    """The digests the file may hold: the last save logged as done (or, before any, the
    state the first writer found), and any save tried after it (in flight at the kill)."""
    last_done = max((i for i, r in enumerate(records) if "done" in r), default=-1)
    found = records[last_done]["done"] if last_done >= 0 else next(
        (r["open"] for r in records if "open" in r), None)
    in_flight = {r["try"] for r in records[last_done + 1:] if "try" in r}
    return {found, *in_flight} - {None}


def check_file(path: Path, log_path: Path) -> FileCheck:
    """Check the file a killed writer left against the saves it logged."""
    check = FileCheck()
    records = read_log(log_path)
    check.saves_logged = sum(1 for record in records if "done" in record)
    try:
        case_file = CaseFile.open(path, who=WRITER)
    except CaseFileError as error:
        check.blocked = check.unreadable = str(error)
    else:
        try:
            check.blocked = case_file.read_only_reason
            case = case_file.load()
        except CaseFileError as error:
            check.unreadable = str(error)
        else:
            _compare(check, state_digest(case), records)
        finally:
            case_file.close()
    check.integrity = integrity(path)
    return check


def _compare(check: FileCheck, digest: str, records: list[Record]) -> None:
    """Count the saves lost: those logged as done after the state the file holds."""
    if digest in _acceptable(records):
        return
    held = max((i for i, r in enumerate(records) if digest in (r.get("done"), r.get("open"))),
               default=None)
    if held is None:
        check.saves_lost = 1
        check.detail = "the file holds a state no logged save had"
        return
    check.saves_lost = sum(1 for record in records[held + 1:] if "done" in record)
    check.detail = (f"the file holds the state of save {check.saves_logged - check.saves_lost}"
                    f" of {check.saves_logged} logged: {check.saves_lost} lost")


def integrity(path: Path) -> str:
    """``PRAGMA integrity_check`` and ``foreign_key_check`` as a plain SQLite tool runs them."""
    try:
        connection = sqlite3.connect(path)
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
            dangling = connection.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as error:
        return f"cannot check: {error}"
    verdict = "; ".join(str(row[0]) for row in rows)
    return verdict if not dangling else f"{verdict}; {len(dangling)} dangling references"


# Outside readers: each loops until killed, writing one line per read to its log.


def _read_with_sqlite(path: Path) -> str:
    connection = sqlite3.connect(path, timeout=5)
    try:
        connection.execute("SELECT count(*) FROM sources").fetchone()
    finally:
        connection.close()
    return ""


def _read_with_shell(path: Path) -> str:
    assert SQLITE_SHELL is not None
    done = subprocess.run([SQLITE_SHELL, str(path), ".tables"], capture_output=True,
                          text=True, check=False)
    return done.stderr.strip() if done.returncode or done.stderr else ""


def _workbench_readers(path: Path) -> Iterator[Callable[[], str]]:
    """CaseFile.open(read_only=True), ``workbench check``, ``workbench export``, in turn."""
    from click.testing import CliRunner

    from workbench.cli import main

    runner = CliRunner()
    exported = path.with_name(path.name + ".export.md")

    def open_read_only() -> str:
        try:
            with CaseFile.open(path, read_only=True) as case_file:
                case_file.load()
        except CaseFileError as error:
            return str(error)
        return ""

    def command(*arguments: str) -> Callable[[], str]:
        def run() -> str:
            result = runner.invoke(main, list(arguments))
            return result.stderr.strip() if "workbench:" in result.stderr else ""

        return run

    check = command("check", str(path))
    export = command("export", str(path), "--format", "md", "--force", "-o", str(exported))
    while True:
        yield open_read_only
        yield check
        yield export


def _reader_loop(kind: str, path: Path, log_path: Path) -> None:
    if kind == "workbench":
        reads = _workbench_readers(path)
    else:
        action = _read_with_sqlite if kind == "sqlite" else _read_with_shell
        reads = itertools.repeat(functools.partial(action, path))
    descriptor = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    for read in reads:
        try:
            refusal = read()
        except sqlite3.Error as error:
            refusal = f"{type(error).__name__}: {error}"
        line = f"refused\t{' '.join(refusal.split())}" if refusal else "ok"
        os.write(descriptor, f"{line}\n".encode())


def _fork(target: Callable[[], int | None]) -> int:
    """Run ``target`` in a forked process; its return value is the exit status."""
    pid = os.fork()
    if pid:
        return pid
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        status = target() or 0
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        os._exit(status)


def _kill(pid: int) -> bool:
    """SIGKILL the process; False when it had already ended by itself."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


@dataclass
class Round:
    check: FileCheck
    reads: int = 0
    refusals: list[str] = field(default_factory=list)
    #: The writer's own summary reads refused, and errors it logged (not killed by us).
    writer_notes: list[str] = field(default_factory=list)


def kill_round(path: Path, log_path: Path, reader: str, rng: random.Random, *,
               longest: float = 0.5) -> Round:
    """Start a writer (and a reader) on ``path``, SIGKILL the writer, check the file."""
    reader_log = path.with_name(path.name + ".reads")
    reader_log.unlink(missing_ok=True)
    records_before = len(read_log(log_path))
    seed = rng.randrange(2**31)
    writer = _fork(lambda: run_writer(path, log_path, seed))
    reader_pid = None
    reader_died = False
    if reader != "none":
        reader_pid = _fork(lambda: _reader_loop(reader, path, reader_log))
    # One kill in five falls early: while the writer opens, recovers the WAL or loads.
    time.sleep(rng.uniform(0, 0.03) if rng.random() < 0.2 else rng.uniform(0.03, longest))
    _kill(writer)
    if reader_pid is not None:
        # The reader may meet the file of the dead writer for a moment, as a real one would.
        time.sleep(rng.uniform(0, 0.02))
        reader_died = not _kill(reader_pid)
    result = Round(check=check_file(path, log_path))
    if reader_pid is not None and reader_died:
        result.writer_notes.append(f"the {reader} reader ended by itself (see its stderr)")
    for record in read_log(log_path)[records_before:]:
        for key in ("blocked", "error", "summary_refused", "failed"):
            if key in record:
                result.writer_notes.append(f"{key}: {record[key]}")
                if key == "blocked":
                    result.check.blocked = result.check.blocked or record[key]
    if reader_log.exists():
        lines = reader_log.read_text(encoding="utf-8").splitlines()
        result.reads = len(lines)
        result.refusals = [line.partition("\t")[2] for line in lines if line != "ok"]
        reader_log.unlink()
    return result


@dataclass
class Totals:
    kills: int = 0
    reads: int = 0
    #: Outside reads done, and kills after which a check failed, per reader kind.
    reads_by_reader: dict[str, int] = field(default_factory=dict)
    failed_by_reader: dict[str, int] = field(default_factory=dict)
    refusals: list[str] = field(default_factory=list)
    files_checked: int = 0
    saves_logged: int = 0
    saves_lost: int = 0
    corrupt: int = 0
    blocked: int = 0
    failures: list[str] = field(default_factory=list)
    writer_notes: list[str] = field(default_factory=list)

    def add(self, reader: str, path: Path, result: Round, saves_before: int) -> bool:
        """Count one round; True when the file failed a check."""
        check = result.check
        self.kills += 1
        self.files_checked += 1
        self.reads += result.reads
        self.reads_by_reader[reader] = self.reads_by_reader.get(reader, 0) + result.reads
        self.refusals += [f"{reader}: {refusal}" for refusal in result.refusals]
        self.saves_logged += check.saves_logged - saves_before
        self.saves_lost += check.saves_lost
        self.corrupt += check.corrupt
        self.blocked += bool(check.blocked)
        self.writer_notes += result.writer_notes
        problems = [text for text in (
            check.detail,
            f"integrity: {check.integrity}" if check.integrity != "ok" else "",
            f"unreadable: {check.unreadable}" if check.unreadable else "",
            f"blocked: {check.blocked}" if check.blocked else "",
        ) if text]
        if problems:
            self.failures.append(f"{path.name} (reader {reader}): {'; '.join(problems)}")
            self.failed_by_reader[reader] = self.failed_by_reader.get(reader, 0) + 1
        return bool(problems)


def run_kills(folder: Path, kills: int, *, readers: tuple[str, ...], seed: int = 1,
              kills_per_file: int = 25, longest: float = 0.5,
              progress: Callable[[Totals], None] | None = None) -> Totals:
    """``kills`` rounds, the readers taken in turn, a new file every ``kills_per_file``.

    A file that failed a check is moved (with its logs) to ``folder/failed`` and a new one
    started, since its log no longer says what it holds; a file that passed every check is
    deleted once it has had its kills.
    """
    rng = random.Random(seed)
    totals = Totals()
    if "workbench" in readers:
        _warm_up(folder)
    files = itertools.count()
    current: tuple[Path, Path] | None = None
    kills_on_file = 0
    for index in range(kills):
        if current is None or kills_on_file == kills_per_file:
            if current is not None:
                _discard(*current)
            current = _new_file(folder, next(files))
            kills_on_file = 0
        path, log_path = current
        reader = readers[index % len(readers)]
        saves_before = sum(1 for record in read_log(log_path) if "done" in record)
        result = kill_round(path, log_path, reader, rng, longest=longest)
        kills_on_file += 1
        if totals.add(reader, path, result, saves_before):
            _keep(folder, path, log_path, index)
            current = None
        if progress:
            progress(totals)
    if current is not None:
        _discard(*current)
    return totals


def _warm_up(folder: Path) -> None:
    """Run the Workbench's reads once here, so each forked reader starts with the imports
    done (``check`` and ``export`` import their parts on first use) and reads at once."""
    path, log_path = _new_file(folder, 999)
    readers = _workbench_readers(path)
    for _ in range(3):
        next(readers)()
    _discard(path, log_path)


def _new_file(folder: Path, number: int) -> tuple[Path, Path]:
    path = folder / f"crash-{number:03d}.case.db"
    log_path = path.with_name(path.name + ".log")
    create_crash_file(path, log_path)
    return path, log_path


def _sidecars(path: Path) -> list[Path]:
    return [p for p in path.parent.iterdir()
            if p != path and p.name.endswith(tuple(s for s in ("-wal", "-shm", ".lock",
                                                                 "-lock", ".export.md")))
            and path.name in p.name]


def _discard(path: Path, log_path: Path) -> None:
    for leftover in (path, log_path, *_sidecars(path)):
        leftover.unlink(missing_ok=True)


def _keep(folder: Path, path: Path, log_path: Path, index: int) -> None:
    kept = folder / "failed" / f"kill-{index:04d}"
    kept.mkdir(parents=True, exist_ok=True)
    for item in (path, log_path, *_sidecars(path)):
        if item.exists():
            shutil.move(item, kept / item.name)
