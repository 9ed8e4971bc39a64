"""Accepting a check warning: who, why and when, tied to the text the warning is about.

An accepted warning stays listed, as accepted, until the text it is about changes; then it
is open again. Errors cannot be accepted. Acceptances live in the case file (schema 3,
migrated from 2) and in case JSON (version 3 when a case has any), and are logged.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support import SCHEMA_5_DROPS, digest, schema_layout
from workbench.analysis.checks import Finding, Severity, run_checks
from workbench.casefile import CaseFile
from workbench.casefile.probe import SCHEMA_VERSION
from workbench.casefile.writes import empty_case_file
from workbench.cli import main
from workbench.formats.case_json import case_from_json, case_to_json
from workbench.model import Case, Section, Status
from workbench.review import ReviewError
from workbench.review.acceptance import accept, find_finding, withdraw

QUOTE = 'The notice says "the bridge shuts for good next spring" [1].'


@pytest.fixture
def case(small_case: Case) -> Case:
    """The small case with a quotation no excerpt of its source holds."""
    small_case.sections.insert(1, Section(id="x-body", heading="The notice", body=QUOTE))
    return small_case


def the_quote(case: Case) -> Finding:
    [found] = [f for f in run_checks(case) if f.code == "quote-not-in-source"]
    return found


# The rules, without files.


def test_an_accepted_warning_carries_who_why_and_when(case: Case) -> None:
    finding = the_quote(case)
    assert finding.open and finding.accepted is None
    acceptance = accept(case, finding, " Ana  Ruiz ", "Quoted from the council's video,\n"
                        "not its notice")
    assert (acceptance.who, acceptance.why) == ("Ana Ruiz",
                                                "Quoted from the council's video, not its notice")
    again = the_quote(case)
    assert again.accepted == acceptance and not again.open
    assert again.ref == finding.ref
    event = case.events[-1]
    assert (event.action, event.who, event.field, event.after) == (
        "accept", "Ana Ruiz", "quote-not-in-source", acceptance.why)


def test_changing_the_text_brings_the_warning_back(case: Case) -> None:
    accept(case, the_quote(case), "Ana", "From the video")
    body = next(s for s in case.sections if s.id == "x-body")
    body.body = body.body.replace("next spring", "next summer")
    changed = the_quote(case)
    assert changed.accepted is None
    # Only the quotation counts: moving the section or rewording around it does not.
    body.body = 'Reading on, "the bridge shuts for good next spring" [1]. More words.'
    case.sections.append(case.sections.pop(1))
    assert the_quote(case).accepted is not None


def test_errors_cannot_be_accepted(case: Case) -> None:
    case.sections[0].body = "Cites [9]."
    error = next(f for f in run_checks(case) if f.severity is Severity.ERROR)
    with pytest.raises(ReviewError, match="errors cannot be accepted"):
        accept(case, error, "Ana", "It is fine")
    assert case.acceptances == []


@pytest.mark.parametrize(("who", "why", "message"), [
    ("Ana", "  ", "a reason is required"),
    ("", "Fine", "no name"),
    ("Ana", "x" * 301, "at most 300"),
])
def test_a_name_and_a_reason_are_required(case: Case, who: str, why: str, message: str) -> None:
    with pytest.raises(ReviewError, match=message):
        accept(case, the_quote(case), who, why)
    assert case.acceptances == [] and case.events == []


def test_a_published_case_refuses_and_withdrawing_reopens(case: Case) -> None:
    finding = the_quote(case)
    accept(case, finding, "Ana", "From the video")
    with pytest.raises(ReviewError, match="already accepted by Ana"):
        accept(case, finding, "Bo", "Again")
    withdraw(case, finding, "Bo")
    assert the_quote(case).open and case.events[-1].action == "unaccept"
    with pytest.raises(ReviewError, match="is not accepted"):
        withdraw(case, finding, "Bo")
    case.status = Status.PUBLISHED
    with pytest.raises(ReviewError, match="published"):
        accept(case, finding, "Ana", "From the video")


def test_a_finding_is_named_by_its_reference_or_a_unique_code(case: Case) -> None:
    findings = run_checks(case)
    quote = the_quote(case)
    assert find_finding(findings, quote.ref[:4].upper()) == quote
    assert find_finding(findings, "quote-not-in-source") == quote
    with pytest.raises(ReviewError, match="at least 4"):
        find_finding(findings, quote.ref[:3])
    with pytest.raises(ReviewError, match="no finding"):
        find_finding(findings, "zzzz")


# The case file and case JSON.


def test_acceptances_round_trip_through_the_case_file_and_json(tmp_path: Path,
                                                               case: Case) -> None:
    accept(case, the_quote(case), "Ana", "From the video")
    path = tmp_path / "c.case.db"
    CaseFile.create(path, case).close()
    with CaseFile.open(path) as case_file:
        loaded = case_file.load()
    assert loaded.acceptances == case.acceptances
    assert the_quote(loaded).accepted == case.acceptances[0]
    text = case_to_json(loaded)
    document = json.loads(text)
    assert document["format_version"] == 3
    assert document["acceptances"][0]["why"] == "From the video"
    assert case_from_json(text) == loaded
    # Without acceptances the document is the version 2 it always was.
    loaded.acceptances = []
    assert json.loads(case_to_json(loaded))["format_version"] == 2
    assert "acceptances" not in json.loads(case_to_json(loaded))


def test_a_schema_2_file_is_backed_up_and_migrated(tmp_path: Path, case: Case) -> None:
    path = tmp_path / "old.case.db"
    CaseFile.create(path, case).close()
    # Schema 2 was today's schema without the acceptances table (schema 3) and the sealed
    # history's columns and table (schema 4, which added its columns at the end), nor the
    # locators and origins (schema 5, likewise at the end).
    old = sqlite3.connect(path)
    for statement in (*SCHEMA_5_DROPS, "DROP TABLE acceptances", "DROP TABLE history_head",
                      "ALTER TABLE events DROP COLUMN hash",
                      "ALTER TABLE events DROP COLUMN prev_hash",
                      "ALTER TABLE publications DROP COLUMN chain_head"):
        old.execute(statement)
    old.execute("PRAGMA user_version = 2")
    old.commit()
    old.close()
    before = digest(path)
    with CaseFile.open(path, read_only=True) as reader:
        assert reader.load().acceptances == []
    assert digest(path) == before
    with CaseFile.open(path, who="Ana") as writer:
        loaded = writer.load()
        accept(loaded, the_quote(loaded), "Ana", "From the video")
        writer.save(loaded)
    assert (tmp_path / "old.case.db.v2-backup").exists()
    migrated = sqlite3.connect(path)
    fresh = sqlite3.connect(":memory:")
    fresh.deserialize(empty_case_file())
    assert migrated.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert schema_layout(migrated) == schema_layout(fresh)
    migrated.close()
    with CaseFile.open(path) as again:
        assert [a.why for a in again.load().acceptances] == ["From the video"]


# The command line.


def run(*args: str, ok: bool = True) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_accept_from_the_command_line(tmp_path: Path, case: Case) -> None:
    path = tmp_path / "c.case.db"
    CaseFile.create(path, case).close()
    file = str(path)
    ref = the_quote(case).ref
    _, out, _ = run("check", file)
    assert f"warning  quote-not-in-source  section 1 \"The notice\"  [{ref}]" in out
    code, _, err = run("accept", file, ref, "--as", "Ana", ok=False)
    assert code == 1 and err == "workbench: say why the warning may stand: --why TEXT\n"
    _, out, _ = run("accept", file, ref, "--why", "From the video", "--as", "Ana Ruiz")
    assert out == 'quote-not-in-source at section 1 "The notice": accepted (Ana Ruiz)\n'
    _, out, _ = run("check", file)
    assert f"accepted quote-not-in-source  section 1 \"The notice\"  [{ref}]" in out
    assert "accepted by Ana Ruiz (" in out and "): From the video" in out
    assert out.rstrip().endswith(", 1 accepted")
    _, out, _ = run("check", file, "--json")
    [entry] = [f for f in json.loads(out) if f["code"] == "quote-not-in-source"]
    assert entry["finding"] == ref
    assert entry["accepted"]["who"] == "Ana Ruiz" and entry["accepted"]["why"] == "From the video"
    _, out, _ = run("log", file)
    assert "Ana Ruiz" in out.splitlines()[-1] and "From the video" in out.splitlines()[-1]
    run("accept", file, ref[:5], "--undo", "--as", "Bo")
    _, out, _ = run("check", file, "--json")
    assert all(f["accepted"] is None for f in json.loads(out))


def test_the_command_line_refuses_errors_and_published_cases(tmp_path: Path,
                                                            case: Case) -> None:
    case.sections[0].body = "Cites [9]."
    path = tmp_path / "c.case.db"
    CaseFile.create(path, case).close()
    before = digest(path)
    code, _, err = run("accept", str(path), "citation-without-source", "--why", "x",
                       "--as", "Ana", ok=False)
    assert code == 1
    assert err.startswith("workbench: citation-without-source is an error, and errors cannot")
    assert digest(path) == before
    case.sections[0].body = "Closed [1]."
    case.status = Status.PUBLISHED
    CaseFile.create(tmp_path / "p.case.db", case).close()
    code, _, err = run("accept", str(tmp_path / "p.case.db"), "quote-not-in-source",
                       "--why", "x", "--as", "Ana", ok=False)
    assert code == 1 and "published" in err and err.endswith("\n") and err.count("\n") == 1
