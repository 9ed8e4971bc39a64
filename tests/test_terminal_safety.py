"""No text from a case file or an import reaches the terminal raw.

A case whose every field carries terminal escapes (an OSC 52 clipboard write, a window
title, a screen clear, C1 controls, bidi overrides) is fed through every command; nothing
they print, on stdout or stderr, may hold one of those characters raw. JSON output stays
the same JSON value, and ``export -o`` keeps the exact bytes of the export.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support import RAW, escape_laden_case, evil
from workbench.casefile import CaseFile
from workbench.cli import main
from workbench.config import load_config
from workbench.formats.case_json import case_from_json, case_to_json
from workbench.formats.export import render
from workbench.terminal_text import json_safe, terminal_safe


@pytest.fixture
def hostile(library: Path) -> Path:
    library.mkdir()
    path = library / "hostile.case.db"
    CaseFile.create(path, escape_laden_case()).close()
    return path


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False, input=stdin,
                                env={"WORKBENCH_USER": "Tester"})
    return result.exit_code, result.stdout, result.stderr


def assert_safe(args: list[str], out: str, err: str) -> None:
    for stream, text in (("stdout", out), ("stderr", err)):
        found = RAW.search(text)
        assert found is None, (args, stream, repr(text[max(0, found.start() - 40):
                                                        found.end() + 40]))
        assert "Traceback" not in text, (args, text)


def commands(f: str) -> list[list[str]]:
    """Every command, with the hostile case (and hostile arguments where one is quoted)."""
    return [
        ["list"], ["list", "--json"],
        ["log", f], ["log", f, "--json"], ["log", f, "--on", "source:1"],
        ["log", f, "--on", "claim"], ["log", f, "--on", evil("place")],
        ["review", f, "--all"], ["review", f, "--json", "--all"], ["review", f],
        ["check", f], ["check", f, "--json"],
        ["status", f], ["status", f, evil("status")],
        ["match", "Putin asked to join"], ["match", "Putin asked", "--json"],
        ["match", evil("claim")],
        ["diff", f], ["diff", f, "--from", "1", "--to", "2"], ["diff", f, "--to", "9"],
        *[["export", f, "--format", kind] for kind in ("md", "html", "txt", "json",
                                                      "claimreview")],
        *[["export", f, "--format", kind, "--force"] for kind in ("md", "html", "txt")],
        ["set", f, "source:1.date_published", evil("date")],
        ["set", f, "verdict.confidence", evil("confidence")],
        ["set", f, evil("part") + ".title", "x"],
        ["set", f, "source:1." + evil("field"), "x"],
        ["comment", f, "--on", evil("place"), "--text", "x"],
        ["comment", f, "--on", "source:1", "--text", evil("comment")],
        ["comment", f, "--reply-to", evil("id"), "--text", "x"],
        ["resolve", f, evil("id")], ["reopen", f, "c-evil"],
        ["correct", f, "--text", evil("what"), "--why", evil("why"), "--date", evil("d")],
        ["new", evil("claim"), "--scale", evil("scale")],
        ["new", evil("claim"), "--as", evil("Name")],
        ["export", evil("missing.case.db"), "--format", "md"],
        ["import", evil("missing.json")],
        ["list", "--" + evil("option")], [evil("command")],
        ["export", f, "--format", evil("format")],
        ["reindex"],
    ]


def test_every_command_escapes_what_a_hostile_case_holds(hostile: Path) -> None:
    for args in commands(str(hostile)):
        _, out, err = run(*args)
        assert_safe(args, out, err)
    # The commands that succeed also showed the hostile text, escaped, rather than nothing.
    code, out, err = run("list")
    assert code == 0 and "Title \\x1b]52;c;aGk=\\x07" in out
    code, out, _ = run("log", str(hostile))
    assert "\\u202eevil" in out


def test_set_and_new_with_hostile_values_print_nothing_raw(hostile: Path,
                                                           tmp_path: Path) -> None:
    case = tmp_path / "plain.case.db"
    code, out, err = run("new", evil("A claim"), "-o", str(case))
    assert code == 0, err
    assert_safe(["new"], out, err)
    for args in (["set", str(case), "title", evil("title")],
                 ["set", str(case), "title", evil("title")],  # unchanged: says so on stderr
                 ["set", str(case), "section:1.body", "-"],
                 ["comment", str(case), "--on", "section:1", "--text", evil("note")],
                 ["status", str(case)], ["log", str(case)], ["review", str(case)],
                 ["check", str(case)]):
        code, out, err = run(*args, stdin=evil("from stdin"))
        assert_safe(args, out, err)


def test_importing_hostile_files_prints_nothing_raw(tmp_path: Path, library: Path) -> None:
    table = tmp_path / "claims.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["claim", "rating", "date"],
                                      [evil("claim one"), evil("label"), "2020"],
                                      [evil("claim two"), "false", evil("when")]])
    review = tmp_path / "review.json"
    review.write_text(json.dumps({"@type": "ClaimReview", "claimReviewed": evil("claim"),
                                  "datePublished": evil("date")}), "utf-8")
    case = tmp_path / "case.json"
    case.write_text(case_to_json(escape_laden_case()), "utf-8")
    for document in (table, review, case):
        code, out, err = run("import", str(document))
        assert_safe(["import", document.name], out, err)
        assert code == 0 or "Traceback" not in err
    assert re.search(r"claims\.csv:\d+: date 'when \\x1b", run("import", str(table))[2])


@pytest.mark.parametrize("kind", ["json", "claimreview"])
def test_json_exports_are_the_same_json_with_nothing_raw(hostile: Path, tmp_path: Path,
                                                         kind: str) -> None:
    code, out, err = run("export", str(hostile), "--format", kind, "--force")
    assert code == 0, err
    assert_safe(["export", kind], out, err)
    target = tmp_path / f"out.{kind}"
    run("export", str(hostile), "--format", kind, "--force", "-o", str(target))
    assert target.read_text("utf-8") == out
    if kind == "json":
        with CaseFile.open(hostile, read_only=True) as case_file:
            case = case_file.load()
        assert case_from_json(out) == case


def test_json_listings_keep_the_exact_values(hostile: Path) -> None:
    _, out, _ = run("list", "--json")
    assert json.loads(out)[0]["title"] == evil("Title")
    _, out, _ = run("review", str(hostile), "--json", "--all")
    assert {c["body"] for c in json.loads(out)} == {evil("comment"), evil("reply")}
    _, out, _ = run("log", str(hostile), "--json")
    assert evil("Carol") in {e["who"] for e in json.loads(out)}


@pytest.mark.parametrize("kind", ["md", "html", "txt"])
def test_article_export_to_a_file_keeps_its_bytes(hostile: Path, tmp_path: Path,
                                                  kind: str) -> None:
    """Only what is printed is escaped: ``-o`` writes the export exactly as rendered."""
    target = tmp_path / f"out.{kind}"
    code, _, err = run("export", str(hostile), "--format", kind, "--force", "-o", str(target))
    assert code == 0, err
    with CaseFile.open(hostile, read_only=True) as case_file:
        case = case_file.load()
    expected = render(case, kind, config=load_config(), url="", draft=True)
    assert target.read_bytes() == expected.encode("utf-8")


# --- the helpers themselves -----------------------------------------------------------------


def test_terminal_safe_shows_each_control_as_an_escape() -> None:
    assert terminal_safe("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert terminal_safe("\x9b\x85\x7f\x00") == "\\x9b\\x85\\x7f\\x00"
    assert terminal_safe("\u202eabc\u2066") == "\\u202eabc\\u2066"
    assert terminal_safe("one\ntwo\r") == "one\\ntwo\\r"
    assert terminal_safe("one\ntwo\tthree", multiline=True) == "one\ntwo\tthree"
    assert terminal_safe("Caf\udce9") == "Caf\\xe9"  # a byte that was not UTF-8
    assert terminal_safe("half \ud800") == "half \\ud800"
    plain = "Ünïcödé — «quotes» 日本語 עברית \u200f emoji 🙂 C:\\path"
    assert terminal_safe(plain) == plain


def test_json_safe_is_the_same_json_value() -> None:
    value = {"t": "a\x9bb\u202ec\x7f\ud800", "n": [1, "\u2069"]}
    text = json.dumps(value, ensure_ascii=False)
    safe = json_safe(text)
    assert RAW.search(safe) is None and "\ud800" not in safe
    assert json.loads(safe) == value
    plain = json.dumps({"t": "Ünïcödé 🙂"}, ensure_ascii=False)
    assert json_safe(plain) == plain


def test_a_hostile_case_round_trips_through_case_json() -> None:
    case = escape_laden_case()
    text = case_to_json(case)
    assert RAW.search(text) is None
    assert case_from_json(text) == dataclasses.replace(case)
