"""Hostile input at the command line: every failure is one line on stderr, never a traceback.

Deep JSON, lone surrogates, absurd part numbers, endless or special files, bytes that are
not UTF-8, an unwritable standard output and click's own usage errors, each as a user (or a
script) would run into them. Commands that need a real process (argv bytes, /dev/full, a
closed pipe, a FIFO) run ``python -m workbench``; the rest use click's runner.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support import REPO, digest
from workbench.casefile import CaseFile
from workbench.cli import main
from workbench.formats import bulk
from workbench.formats.case_json import case_to_json
from workbench.model import Case

SAMPLE = REPO / "sample_cases" / "putin-nato.json"
HUGE = "1" + "0" * 30


def run(*args: str, stdin: bytes | str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def one_line(code: int, out: str, err: str, *words: str) -> str:
    """The failure shape every test here expects: exit 1, one ``workbench:`` line."""
    assert code == 1, (out, err)
    assert err.startswith("workbench: ") and err.count("\n") == 1, err
    assert "Traceback" not in out + err
    for word in words:
        assert word in err, err
    return err


def workbench(*args: str | bytes, env: dict[str, str], stdout: object = subprocess.PIPE
              ) -> subprocess.CompletedProcess[bytes]:
    """``python -m workbench`` as a separate process (argv as given, even as bytes)."""
    return subprocess.run([sys.executable, "-m", "workbench", *args], env=env, stdout=stdout,
                          stderr=subprocess.PIPE, timeout=60, check=False)


@pytest.fixture
def env(library: Path) -> dict[str, str]:
    """The environment of a subprocess: this test's library, config and name."""
    return {**os.environ, "WORKBENCH_USER": "Tester", "PYTHONPATH": str(REPO)}


@pytest.fixture
def case_path(tmp_path: Path, small_case: Case) -> Path:
    path = tmp_path / "c.case.db"
    CaseFile.create(path, small_case).close()
    return path


# --- imports ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.json", "[" * 100_000),
        ("deep.txt", "[" * 100_000),
        ("objects.json", '{"a":' * 100_000),
        # Shallow enough for the JSON parser, deep enough for a recursive walk after it.
        ("graph.jsonld", "[" * 900 + '{"@type": "ClaimReview"}' + "]" * 900),
        ("case.json", '{"format": "factcheck-workbench/case", "format_version": 2, '
                      '"id": "x", "created": "2026", "updated": "2026", "claim": '
                      + '{"x": ' * 950 + "1" + "}" * 950 + "}"),
    ],
    ids=["brackets", "brackets-txt", "objects", "nested-claimreview", "nested-case-value"],
)
def test_deeply_nested_json_is_one_line(tmp_path: Path, library: Path, name: str,
                                        text: str) -> None:
    document = tmp_path / name
    document.write_text(text, "utf-8")
    err = one_line(*run("import", str(document)), str(document))
    assert "nested" in err or "must be" in err
    assert not library.exists() or not list(library.glob("*.case.db"))


def surrogate_case_json(small_case: Case) -> str:
    return case_to_json(small_case).replace('"Council notice"', '"Council \\ud800notice"')


def test_a_lone_surrogate_in_a_case_import_is_refused_with_its_place(
        tmp_path: Path, library: Path, small_case: Case) -> None:
    document = tmp_path / "case.json"
    document.write_text(surrogate_case_json(small_case), "utf-8")
    err = one_line(*run("import", str(document)), "sources[0].title", "\\ud800")
    assert "\ud800" not in err
    assert not library.exists() or not list(library.glob("*.case.db"))


def test_a_lone_surrogate_in_claimreview_is_refused(tmp_path: Path, library: Path) -> None:
    document = tmp_path / "review.json"
    document.write_text('{"@type": "ClaimReview", "claimReviewed": "Crime \\udfff rose"}',
                        "utf-8")
    one_line(*run("import", str(document)), "claimReviewed", "\\udfff")


def test_a_lone_surrogate_in_one_averitec_record_skips_that_record_only(
        tmp_path: Path, library: Path) -> None:
    document = tmp_path / "averitec.json"
    document.write_text(
        '[{"claim": "Taxes rose.", "label": "Refuted", "questions": []},'
        ' {"claim": "Taxes \\ud83d fell.", "label": "Refuted", "questions": []}]', "utf-8")
    code, out, err = run("import", str(document))
    assert code == 1 and "Traceback" not in out + err
    assert "Queued 1 claim " in out
    assert ":2: [1].claim" in err and "\\ud83d" in err


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/null", "fifo", "folder"])
def test_import_refuses_what_is_not_a_regular_file_before_reading(
        tmp_path: Path, env: dict[str, str], special: str) -> None:
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "claims.json"
        os.mkfifo(path)
    elif special == "folder":
        path = tmp_path / "folder.json"
        path.mkdir()
    # A subprocess: were the FIFO or /dev/zero read, the timeout would end the test.
    result = workbench("import", str(path), env=env)
    err = result.stderr.decode()
    one_line(result.returncode, result.stdout.decode(), err, str(path))
    expected = {"/dev/zero": "is a device", "/dev/null": "is a device",
                "fifo": "is a named pipe (FIFO)", "folder": "is a directory"}[special]
    assert expected in err


def test_import_reads_no_more_than_its_cap(tmp_path: Path, library: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "MAX_IMPORT_BYTES", 1000)
    document = tmp_path / "claims.csv"
    document.write_text("claim,rating\n" + "Taxes rose.,false\n" * 100, "utf-8")
    one_line(*run("import", str(document)), "larger than", "split")
    document.write_text("claim,rating\n" + "Taxes rose.,false\n" * 10, "utf-8")
    code, out, err = run("import", str(document))
    assert code == 0, err
    assert "Queued 1 claim " in out  # ten rows of one claim: queued once


# --- arguments that are not text ---------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["new", "Crime \ud800 rose"],
        ["new", "Crime rose", "--title", "\udcff"],
        ["set", "{f}", "title", "Ti\udcfftle"],
        ["set", "{f}", "\ud800", "x"],
        ["comment", "{f}", "--on", "verdict", "--text", "\ud800"],
        ["status", "{f}", "in_review", "--note", "\udcfe"],
        ["match", "\ud800"],
    ],
    ids=["new-claim", "new-title", "set-value", "set-field", "comment-text", "status-note",
         "match"],
)
def test_a_lone_surrogate_argument_is_one_line_and_changes_nothing(
        case_path: Path, library: Path, args: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "Tester")
    before = digest(case_path)
    err = one_line(*run(*[a.format(f=case_path) for a in args]), "UTF-8")
    assert "\ud800" not in err and "\udcff" not in err
    assert digest(case_path) == before
    assert not library.exists() or not list(library.glob("*.case.db"))


def test_argv_bytes_that_are_not_utf8(case_path: Path, env: dict[str, str]) -> None:
    before = digest(case_path)
    result = workbench("set", str(case_path), "title", b"Caf\xe9 \xff", env=env)
    err = result.stderr.decode("utf-8")
    one_line(result.returncode, result.stdout.decode(), err, "VALUE", "UTF-8")
    assert digest(case_path) == before


def test_a_non_utf8_value_on_standard_input(case_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "Tester")
    before = digest(case_path)
    one_line(*run("set", str(case_path), "title", "-", stdin=b"Caf\xe9\n"),
             "standard input", "UTF-8")
    assert digest(case_path) == before
    code, _, err = run("set", str(case_path), "title", "-", stdin="Café\n".encode())
    assert code == 0, err
    with CaseFile.open(case_path, read_only=True) as case_file:
        assert case_file.load().title == "Café"


# --- part numbers ---------------------------------------------------------------------------

NUMBERS = [HUGE, "9" * 5000, "\u00b2", "\u0661"]
NUMBER_IDS = ["10^30", "5000-digits", "superscript-2", "arabic-indic-1"]


@pytest.mark.parametrize("kind", ["source", "section", "question"])
@pytest.mark.parametrize("number", NUMBERS, ids=NUMBER_IDS)
def test_absurd_part_numbers_are_one_line(case_path: Path, kind: str, number: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "Tester")
    before = digest(case_path)
    field = "text" if kind == "question" else ("heading" if kind == "section" else "title")
    for args in (["set", str(case_path), f"{kind}:{number}.{field}", "x"],
                 ["comment", str(case_path), "--on", f"{kind}:{number}", "--text", "x"],
                 ["log", str(case_path), "--on", f"{kind}:{number}"]):
        err = one_line(*run(*args), kind)
        assert len(err) < 300, err
    assert digest(case_path) == before


# --- standard output that cannot be written ---------------------------------------------------


@pytest.fixture
def library_case(library: Path) -> Path:
    code, out, err = run("import", str(SAMPLE))
    assert code == 0, err
    return Path(out.strip())


@pytest.mark.parametrize("args", [["list"], ["export", "{f}", "--format", "md"],
                                  ["log", "{f}", "--json"]], ids=["list", "export", "log"])
def test_standard_output_on_a_full_disk(library_case: Path, env: dict[str, str],
                                        args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        result = workbench(*[a.format(f=library_case) for a in args], env=env, stdout=full)
    one_line(result.returncode, "", result.stderr.decode(), "standard output",
             "no space left")


def test_a_closed_pipe_ends_quietly(library_case: Path, env: dict[str, str]) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "workbench", "export", str(library_case), "--format", "md"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # as `| head -0` would, before the first line is written
    err = process.stderr.read()
    assert process.wait(timeout=60) == 1
    assert err == b""


# --- a library or output folder that cannot be written ---------------------------------------


def test_a_library_under_a_file_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    (tmp_path / "plain").write_text("not a folder")
    monkeypatch.setenv("WORKBENCH_LIBRARY", str(tmp_path / "plain" / "library"))
    one_line(*run("new", "Crime rose"), "plain")
    one_line(*run("import", str(SAMPLE)), "plain")
    one_line(*run("list"), "plain")


@pytest.mark.parametrize(
    "error",
    [OSError(errno.ENOSPC, "No space left on device"),
     OSError(errno.EROFS, "Read-only file system"),
     PermissionError(errno.EACCES, "Permission denied")],
    ids=["full", "read-only", "denied"],
)
def test_a_folder_that_refuses_the_write_is_one_line(
        library: Path, monkeypatch: pytest.MonkeyPatch, error: OSError) -> None:
    # Running as root, a read-only folder still takes writes: the refusal is simulated where
    # the case file is created, as the disk or the mount would give it.
    def refuse(*args: object, **kwargs: object) -> None:
        raise type(error)(error.errno, error.strerror, str(library / "x.case.db"))

    monkeypatch.setattr(CaseFile, "create", refuse)
    for args in (["new", "Crime rose"], ["import", str(SAMPLE)]):
        err = one_line(*run(*args), str(library))
        assert error.strerror.lower() in err.lower()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
def test_a_read_only_library_folder_is_one_line(library: Path) -> None:
    library.mkdir()
    library.chmod(0o500)
    try:
        one_line(*run("new", "Crime rose"), str(library))
        one_line(*run("import", str(SAMPLE)), str(library))
    finally:
        library.chmod(0o700)


# --- click's own usage errors ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["list", "--bogus"], ["--bogus", "workbench list --help"]),
        (["export"], ["FILE", "workbench export --help"]),
        (["export", "x.case.db", "--format", "pdf"], ["--format", "pdf", "md",
                                                       "workbench export --help"]),
        (["frobnicate"], ["frobnicate", "workbench --help"]),
        (["match", "x", "--limit", "zero"], ["--limit", "workbench match --help"]),
        (["--bogus"], ["--bogus", "workbench --help"]),
        (["list", "--jsn"], ["no such option '--jsn' (did you mean '--json'?); "
                             "see `workbench list --help`"]),
    ],
    ids=["unknown-option", "missing-argument", "bad-choice", "unknown-command", "bad-number",
         "unknown-top-option", "suggestion"],
)
def test_usage_errors_are_one_line_with_status_1(library: Path, args: list[str],
                                                 words: list[str]) -> None:
    one_line(*run(*args), *words)


def test_help_and_version_still_exit_0() -> None:
    for args in (["--help"], ["-h"], ["export", "--help"], ["--version"]):
        code, out, err = run(*args)
        assert code == 0 and err == "" and out, args
    assert "--format" in run("export", "--help")[1]


# --- the last resort -------------------------------------------------------------------------


def test_an_unexpected_failure_is_one_line(case_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom\x1b[2J")

    monkeypatch.setattr("workbench.analysis.checks.run_checks", explode)
    err = one_line(*run("check", str(case_path)), "boom", "please report")
    assert "\x1b" not in err


def test_a_case_json_import_round_trips_with_c1_and_bidi(tmp_path: Path, small_case: Case,
                                                         library: Path) -> None:
    small_case.title = "Ti\x9btle \u202eevil"
    document = tmp_path / "case.json"
    text = case_to_json(small_case)
    assert "\x9b" not in text and "\u202e" not in text
    assert json.loads(text)["title"] == small_case.title
    document.write_text(text, "utf-8")
    code, out, err = run("import", str(document))
    assert code == 0, err
    with CaseFile.open(Path(out.strip()), read_only=True) as case_file:
        assert case_file.load().title == small_case.title
