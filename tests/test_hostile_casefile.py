"""Hostile case files meet every command with one clear line, and are never changed.

Each file below is put where a case file would be, then opened, checked, exported, logged,
set and listed. A file that is not a usable case gets one line on stderr and a non-zero
exit; a case whose rows break the model in ways a person would still want to read (NULLs,
BLOBs, bytes that are not UTF-8, links to nothing) opens and exports. Either way no byte of
it changes and nothing is left beside it, and nothing hangs (a FIFO would block ``open()``).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.casefile.errors import CaseFileError
from workbench.casefile.library import Library
from workbench.casefile.probe import APPLICATION_ID, SCHEMA_VERSION
from workbench.casefile.store import CaseFile
from workbench.cli import main
from workbench.model import Case

Make = Callable[[Path, Case], None]


def _sql(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path)
    try:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


def _case_with(*statements: str) -> Make:
    """A real case file, then edited by hand with ``statements``, as in ``sqlite3``."""

    def make(path: Path, case: Case) -> None:
        CaseFile.create(path, case).close()
        _sql(path, *statements)

    return make


def _other_application(path: Path, _case: Case) -> None:
    _sql(path, "PRAGMA application_id = 1234", "CREATE TABLE notes (body TEXT)",
         "INSERT INTO notes VALUES ('not ours')")


def _other_application_wal(path: Path, _case: Case) -> None:
    _sql(path, "PRAGMA journal_mode = WAL", "CREATE TABLE notes (body TEXT)")


def _newer_schema(path: Path, case: Case) -> None:
    CaseFile.create(path, case).close()
    _sql(path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")


def _half_of_a_case(path: Path, case: Case) -> None:
    CaseFile.create(path, case).close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _no_schema(path: Path, _case: Case) -> None:
    _sql(path, f"PRAGMA application_id = {APPLICATION_ID}", "CREATE TABLE x (y)")


UNUSABLE: dict[str, tuple[Make, str]] = {
    "empty": (lambda p, c: p.write_bytes(b""), "is empty"),
    "header-only": (lambda p, c: p.write_bytes(b"SQLite format 3\x00" + b"\x00" * 20),
                    "not an SQLite database"),
    "random-bytes": (lambda p, c: p.write_bytes(os.urandom(4096 * 3)), "not an SQLite"),
    "text-file": (lambda p, c: p.write_text("Did Putin ask to join NATO?\n" * 200),
                  "not an SQLite"),
    "other-application": (_other_application, "not a Workbench case file"),
    "other-application-wal": (_other_application_wal, "not a Workbench case file"),
    "half-a-case": (_half_of_a_case, "damaged"),
    "no-schema": (_no_schema, "no schema"),
    "unknown-status": (_case_with("UPDATE cases SET status = 'bogus'"), "'bogus'"),
    "unknown-section-kind": (_case_with("UPDATE sections SET kind = 'poem'"), "'poem'"),
    "no-case-row": (_case_with("PRAGMA foreign_keys = OFF", "DELETE FROM claim"),
                    "table claim holds 0 rows"),
    "source-number-text": (_case_with("UPDATE sources SET number = 'one' WHERE id = 's1'"),
                           "whole number"),
}

READABLE: dict[str, Make] = {
    "null-title-and-texts": _case_with("UPDATE cases SET title = NULL",
                                       "UPDATE claim SET text = NULL, claimant = NULL",
                                       "UPDATE sources SET title = NULL, notes = NULL"),
    "blob-in-text": _case_with("UPDATE claim SET text = CAST('blob text' AS BLOB)",
                               "UPDATE sections SET body = x'ff00fe41'"),
    "number-in-text": _case_with("UPDATE cases SET title = 42"),
    "not-utf8": _case_with("UPDATE sources SET title = CAST(x'c3283c3e' AS TEXT)"),
    "dangling-links": _case_with(
        "PRAGMA foreign_keys = OFF",
        "INSERT INTO matrix VALUES ('no-question', 's1', 'supports')",
        "INSERT INTO matrix VALUES ('q1', 'no-source', 'contradicts')",
        "UPDATE sources SET derived_from = 'gone' WHERE id = 's2'",
    ),
    "unknown-scale": _case_with("UPDATE cases SET scale = 'nobody-knows'"),
}


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.iterdir() if p.is_file()}


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception)
    return result.exit_code, result.stdout, result.stderr


COMMANDS: dict[str, Callable[[Path], tuple[str, ...]]] = {
    "check": lambda p: ("check", str(p)),
    "export-md": lambda p: ("export", str(p), "--format", "md", "--force"),
    "export-json": lambda p: ("export", str(p), "--format", "json"),
    "log": lambda p: ("log", str(p)),
    "review": lambda p: ("review", str(p)),
    "status": lambda p: ("status", str(p)),
    "set": lambda p: ("set", str(p), "title", "A new title", "--as", "Ann"),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", UNUSABLE)
def test_an_unusable_file_is_one_line_and_unchanged(tmp_path: Path, small_case: Case,
                                                    name: str, command: str) -> None:
    make, message = UNUSABLE[name]
    path = tmp_path / "bad.case.db"
    make(path, small_case)
    before = _digests(tmp_path)
    code, out, err = _run(*COMMANDS[command](path))
    assert code != 0
    assert err.startswith("workbench: ") and err.count("\n") == 1, err
    assert message in err
    assert "Traceback" not in out + err
    assert _digests(tmp_path) == before


@pytest.mark.parametrize("name", UNUSABLE)
def test_an_unusable_file_is_refused_for_writing_and_reading(tmp_path: Path,
                                                             small_case: Case,
                                                             name: str) -> None:
    make, message = UNUSABLE[name]
    path = tmp_path / "bad.case.db"
    make(path, small_case)
    before = _digests(tmp_path)
    if name == "other-application-wal":
        before_names = set(before)
    for read_only in (False, True):
        with (pytest.raises(CaseFileError, match=message) as raised,
              CaseFile.open(path, read_only=read_only) as case_file):
            case_file.load()
        assert "\n" not in str(raised.value)
    assert _digests(tmp_path) == before
    if name == "other-application-wal":
        assert set(_digests(tmp_path)) == before_names


def test_a_newer_schema_opens_read_only_and_is_not_written(tmp_path: Path,
                                                           small_case: Case) -> None:
    path = tmp_path / "new.case.db"
    _newer_schema(path, small_case)
    before = _digests(tmp_path)
    with CaseFile.open(path) as case_file:
        assert "newer Workbench" in case_file.read_only_reason
    code, _out, err = _run("set", str(path), "title", "x", "--as", "Ann")
    assert code == 1 and "newer Workbench" in err and err.count("\n") == 1
    assert _digests(tmp_path) == before


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", READABLE)
def test_a_case_edited_by_hand_still_reads(tmp_path: Path, small_case: Case, name: str,
                                           command: str) -> None:
    path = tmp_path / "odd.case.db"
    READABLE[name](path, small_case)
    before = _digests(tmp_path)
    code, out, err = _run(*COMMANDS[command](path))
    assert "Traceback" not in out + err
    if command == "set":
        assert code == 0, err
        with CaseFile.open(path, read_only=True) as case_file:
            assert case_file.load().title == "A new title"
        return
    # check exits 1 when the case has readiness errors; anything else must succeed.
    assert code == 0 or (command == "check" and code == 1), err
    assert _digests(tmp_path) == before


def test_text_that_is_not_text_reads_as_text(tmp_path: Path, small_case: Case) -> None:
    path = tmp_path / "odd.case.db"
    READABLE["blob-in-text"](path, small_case)
    with CaseFile.open(path, read_only=True) as case_file:
        case = case_file.load()
    assert case.claim.text == "blob text"
    assert case.sections[0].body == "\ufffd\x00\ufffdA"


def test_links_to_nothing_are_let_go_and_the_case_saves(tmp_path: Path,
                                                        small_case: Case) -> None:
    path = tmp_path / "odd.case.db"
    READABLE["dangling-links"](path, small_case)
    with CaseFile.open(path) as case_file:
        case = case_file.load()
        assert set(case.matrix) == {("q1", "s1"), ("q1", "s2")}
        assert case.source_by_number(2).derived_from is None
        case.title = "saved"
        case_file.save(case)


def _fifo(path: Path, _case: Case) -> None:
    os.mkfifo(path)


def _directory(path: Path, _case: Case) -> None:
    path.mkdir()


def _symlink_loop(path: Path, _case: Case) -> None:
    path.symlink_to(path.name)


def _dangling_symlink(path: Path, _case: Case) -> None:
    path.symlink_to("nowhere.case.db")


NOT_FILES: dict[str, tuple[Make, str]] = {
    "fifo": (_fifo, "not a regular file"),
    "directory": (_directory, "is a directory"),
    "symlink-loop": (_symlink_loop, "symbolic links"),
    "dangling-symlink": (_dangling_symlink, "no such file"),
}


@pytest.mark.parametrize("name", NOT_FILES)
def test_what_is_not_a_file_is_refused_without_hanging(tmp_path: Path, small_case: Case,
                                                       name: str) -> None:
    """Run as a user would, in a process of its own: a FIFO that hung ``open()`` would
    hang the command for ever, so a timeout catches it."""
    make, message = NOT_FILES[name]
    library = tmp_path / "library"
    library.mkdir()
    CaseFile.create(library / "good.case.db", small_case).close()
    path = library / "x.case.db"
    make(path, small_case)
    for args in (("check", str(path)), ("export", str(path), "--format", "md"),
                 ("log", str(path)), ("set", str(path), "title", "t", "--as", "Ann"),
                 ("open", str(path))):
        result = subprocess.run([sys.executable, "-m", "workbench", *args],
                                capture_output=True, text=True, timeout=60,
                                stdin=subprocess.DEVNULL)
        assert result.returncode == 1, (args, result.stderr)
        assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    result = subprocess.run([sys.executable, "-m", "workbench", "--library", str(library),
                             "list"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Is the bridge closed?" in result.stdout
    assert f"skipped {path}" in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr


def test_the_library_lists_good_cases_beside_bad_ones(tmp_path: Path,
                                                      small_case: Case) -> None:
    """Files SQLite cannot read as a case are skipped with a reason; cases whose rows
    break the model are listed (the summary reads), and say what is wrong when opened."""
    for name, (make, _message) in UNUSABLE.items():
        make(tmp_path / f"{name}.case.db", small_case)
    for name, readable in READABLE.items():
        readable(tmp_path / f"{name}.case.db", small_case)
    CaseFile.create(tmp_path / "good.case.db", small_case).close()
    before = _digests(tmp_path)
    code, out, err = _run("--library", str(tmp_path), "list")
    assert code == 0 and "Traceback" not in out + err
    listed = {Path(entry.path).name.removesuffix(".case.db")
              for entry in Library(tmp_path).entries()}
    assert {"good", *READABLE} <= listed
    unreadable = {"empty", "header-only", "random-bytes", "text-file", "other-application",
                  "other-application-wal", "half-a-case", "no-schema", "no-case-row"}
    assert not listed & unreadable
    assert all(f"{name}.case.db" in err for name in unreadable)
    assert err.count("\n") == len(unreadable)
    after = _digests(tmp_path)
    after.pop(".workbench-index.db", None)
    assert after == before


def test_a_failing_upgrade_leaves_no_backup_behind(tmp_path: Path, small_case: Case) -> None:
    from workbench.casefile.migrations import Migration, migrate

    def broken(db: object) -> None:
        raise RuntimeError("this step always fails")

    path = tmp_path / "old.case.db"
    CaseFile.create(path, small_case).close()
    before = _digests(tmp_path)
    for _attempt in range(3):
        with pytest.raises(CaseFileError, match="the file is unchanged"):
            migrate(path, SCHEMA_VERSION, migrations=[Migration(SCHEMA_VERSION, "x", broken)],
                    target=SCHEMA_VERSION + 1)
    assert _digests(tmp_path) == before


def test_a_file_name_that_is_not_utf8_is_skipped_with_a_reason(tmp_path: Path,
                                                               small_case: Case) -> None:
    folder = os.fsencode(tmp_path)
    CaseFile.create(Path(os.fsdecode(folder + b"/caf\xe9.case.db")), small_case).close()
    CaseFile.create(tmp_path / "good.case.db", small_case).close()
    library = Library(tmp_path)
    skipped = library.refresh()
    assert [Path(entry.path).name for entry in library.entries()] == ["good.case.db"]
    assert len(skipped) == 1 and "caf\\xe9.case.db: the file name is not UTF-8" in (
        skipped[0].reason)


def test_check_integrity_asks_sqlite_to_read_every_page(tmp_path: Path,
                                                        small_case: Case) -> None:
    path = tmp_path / "c.case.db"
    CaseFile.create(path, small_case).close()
    code, out, _err = _run("check", str(path), "--integrity", "--json")
    assert "file-integrity" not in out
    # An index page that claims 50 cells it does not have: the case still loads (no read
    # goes through that index), and only the full check finds it.
    connection = sqlite3.connect(path)
    (page,) = connection.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'events_by_id'").fetchone()
    (page_size,) = connection.execute("PRAGMA page_size").fetchone()
    connection.close()
    data = bytearray(path.read_bytes())
    data[(page - 1) * page_size + 3:(page - 1) * page_size + 5] = (50).to_bytes(2, "big")
    path.write_bytes(bytes(data))
    code, out, _err = _run("check", str(path))
    assert "file-integrity" not in out
    code, out, _err = _run("check", str(path), "--integrity")
    assert code == 1 and "error    file-integrity  the file" in out
    assert f"On tree page {page} cell" in out
