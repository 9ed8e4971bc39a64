"""One numbering of sections everywhere: ``section:N`` is the Nth body section, as the
article prints it and the readiness checks count it; the summary and the bottom line go by
name. The checks, comments, ``set`` and the history must all mean the same section."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support import REPO
from workbench.cli import main

#: Summary, three body sections, bottom line. The second body section cites nothing, so
#: the checks report it.
SECTIONS = ["sec-summary", "sec-total", "sec-proportional", "sec-outlook", "sec-bottom-line"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def ok(*args: str) -> str:
    code, out, err = run(*args)
    assert code == 0, err
    return out


@pytest.fixture
def case_path(tmp_path: Path) -> Path:
    document = json.loads((REPO / "sample_cases" / "obama-carbon-pollution.json").read_text())
    outlook = {"id": "sec-outlook", "kind": "body", "heading": "What came next",
               "body": "Emissions rose again the following year [1]."}
    document["sections"].insert(3, outlook)
    assert [s["id"] for s in document["sections"]] == SECTIONS
    source = tmp_path / "case.json"
    source.write_text(json.dumps(document))
    path = tmp_path / "case.case.db"
    ok("import", str(source), "-o", str(path))
    return path


def _section_of_finding(path: Path) -> tuple[str, str]:
    # The case has readiness errors, so check exits 1; its JSON is what matters here.
    findings = json.loads(run("check", str(path), "--json")[1])
    uncited = [f for f in findings if f["code"] == "section-without-citation"]
    assert len(uncited) == 1
    return uncited[0]["where"], uncited[0]["id"]


def test_check_comment_set_and_log_name_the_same_section(case_path: Path) -> None:
    f = str(case_path)
    where, section_id = _section_of_finding(case_path)
    assert section_id == "sec-proportional"
    assert where == 'section 2 "Proportional cuts"'

    out = ok("comment", f, "--on", "section:2", "--text", "Needs a source.", "--as", "Ann")
    assert out.split(None, 1)[1].strip() == 'on section:2 "Proportional cuts"'
    comments = json.loads(ok("review", f, "--json"))
    assert [c["anchor_id"] for c in comments if c["body"] == "Needs a source."] == [section_id]

    ok("set", f, "section:2.heading", "Scaled cuts", "--as", "Ann")
    log = json.loads(ok("log", f, "--on", "section:2", "--json"))
    assert [e["target_id"] for e in log if e["action"] == "edit"] == [section_id]
    described = [e["description"] for e in log]
    assert 'section:2 "Scaled cuts" heading: "Proportional cuts" -> "Scaled cuts"' in described
    assert any(d.startswith('commented on section:2 "Scaled cuts"') for d in described)
    assert _section_of_finding(case_path) == ('section 2 "Scaled cuts"', section_id)


@pytest.mark.parametrize(("place", "section_id"), [
    ("section:summary", "sec-summary"),
    ("section:executive-summary", "sec-summary"),
    ("section:bottom-line", "sec-bottom-line"),
    ("section:1", "sec-total"),
    ("section:3", "sec-outlook"),
])
def test_named_and_numbered_places_work_in_comment_set_and_log(
        case_path: Path, place: str, section_id: str) -> None:
    f = str(case_path)
    canonical = "section:summary" if "summary" in place else place
    out = ok("comment", f, "--on", place, "--text", "Look here.", "--as", "Ann")
    assert f"on {canonical} " in out
    ok("set", f, f"{place}.heading", "Renamed", "--as", "Ann")
    document = json.loads(ok("export", f, "--format", "json"))
    renamed = [s["id"] for s in document["sections"] if s["heading"] == "Renamed"]
    assert renamed == [section_id]
    log = json.loads(ok("log", f, "--on", place, "--json"))
    mine = [e for e in log if e["who"] == "Ann"]
    assert {e["action"] for e in mine} == {"comment", "edit"}
    assert all(e["description"].count(f'{canonical} "Renamed"') == 1 for e in mine)


@pytest.mark.parametrize("place", ["section:0", "section:4"])
@pytest.mark.parametrize("command", ["comment", "set", "log"])
def test_a_section_outside_the_numbering_is_refused_saying_how_they_are_numbered(
        case_path: Path, place: str, command: str) -> None:
    f = str(case_path)
    args = {"comment": ["comment", f, "--on", place, "--text", "x", "--as", "Ann"],
            "set": ["set", f, f"{place}.heading", "x", "--as", "Ann"],
            "log": ["log", f, "--on", place]}[command]
    before = hashlib.sha256(case_path.read_bytes()).hexdigest()
    code, _, err = run(*args)
    assert code == 1
    assert err.startswith("workbench: ") and err.count("\n") == 1, err
    assert (f"no section {place[8:]}: its body sections are section:1 to section:3, counted "
            "as the article prints them; the summary and the bottom line are "
            "section:summary and section:bottom-line") in err
    assert hashlib.sha256(case_path.read_bytes()).hexdigest() == before


def test_a_case_without_a_bottom_line_says_so_when_it_is_named(case_path: Path) -> None:
    f = str(case_path)
    ok("set", f, "section:bottom-line.kind", "body", "--as", "Ann")
    code, _, err = run("comment", f, "--on", "section:bottom-line", "--text", "x", "--as", "Ann")
    assert code == 1
    assert "no section bottom-line: its body sections are section:1 to section:4" in err
