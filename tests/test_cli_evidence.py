"""Every piece of evidence from a script: sources, excerpts with their places, questions,
the matrix and the verdict's lists, added, edited, moved and removed from the command
line, then read back from the case file, the article and the checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.support import load, refused, run
from workbench.casefile import CaseFile
from workbench.model import Cell, LocatorKind, Status, new_case


@pytest.fixture
def case_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WORKBENCH_USER", "Ann")
    path = tmp_path / "crime.case.db"
    run("new", "Crime doubled in 2023", "-o", str(path))
    return path


def inline_texts(markdown: str) -> list[str]:
    """Each paragraph, heading and list item of an article as a reader sees its text."""
    return ["".join(child.content for child in token.children or [])
            for token in MarkdownIt().parse(markdown) if token.type == "inline"]


def test_a_whole_case_built_from_the_command_line(case_path: Path) -> None:
    f = str(case_path)
    _, out, _ = run("source", "add", f, "--title", "Annual crime statistics 2023",
                    "--outlet", "City police", "--kind", "primary_document",
                    "--published", "2024-02", "--url", "https://police.example/2023",
                    "--origin", "City police", "--as", "Bob")
    assert out == "Added [1] Annual crime statistics 2023 — City police, 2024-02 (0 excerpts)\n"
    _, out, _ = run("source", "add", f, "--title", "The mayor on crime", "--kind", "interview",
                    "--author", "A. Mayor", "--origin", "A. Mayor", "--published", "2024-03-01",
                    "--json")
    added = json.loads(out)
    assert (added["number"], added["title"], added["kind"], added["origin"]) == (
        2, "The mayor on crime", "interview", "A. Mayor")

    _, out, _ = run("excerpt", "add", f, "1", "Recorded crime rose by 12 percent in 2023.",
                    "--page", "12", "--prefix", "In summary:", "--suffix", "Burglary fell.")
    assert out == "[1] 1. p. 12: “Recorded crime rose by 12 percent in 2023.”\n"
    _, out, _ = run("excerpt", "add", f, "2", "Crime has doubled.", "--at", "6:09", "--json")
    assert json.loads(out) == {"source": 2, "index": 1, "text": "Crime has doubled.",
                               "locator": {"kind": "timestamp", "value": "06:09"}}
    run("excerpt", "add", f, "source:1", "Violent crime was unchanged.", "--para", "4")

    run("question", "add", f, "How much did recorded crime change in 2023?")
    _, out, _ = run("question", "add", f, "Did crime double?", "--json")
    assert json.loads(out)["number"] == 2
    run("matrix", "set", f, "question:1", "source:1", "supports")
    run("matrix", "set", f, "2", "[1]", "contradicts")
    _, out, _ = run("matrix", "set", f, "2", "2", "supports", "--json")
    assert json.loads(out) == {"question": 2, "source": 2, "value": "supports"}
    run("matrix", "set", f, "1", "2", "not applicable")

    run("verdict", "add", f, "established", "Recorded crime rose by 12 percent in 2023.")
    run("verdict", "add", f, "unresolved", "Whether unrecorded crime rose more.")
    run("verdict", "add", f, "unresolved", "What the mayor counted.")
    run("verdict", "move", f, "unresolved", "2", "--to", "1")

    # The prose, by `set`, quoting an excerpt exactly.
    run("set", f, "section:summary.body", "Police figures show a rise of 12 percent [1].")
    run("set", f, "section:bottom-line.body",
        'The police say "recorded crime rose by 12 percent" [1]; the mayor\'s "doubled" '
        "has no figures behind it [2].")
    run("set", f, "verdict.conclusion", "Crime rose by 12 percent, not 100 percent.")

    case = load(case_path)
    first, second = case.sources
    assert second.locators[0].citation == "at 06:09"
    assert first.locators[0].kind is LocatorKind.PAGE and first.locators[0].value == "12"
    assert first.locators[0].prefix == "In summary:"
    assert first.locators[1].kind is LocatorKind.PARAGRAPH
    assert case.matrix[(case.questions[1].id, first.id)] is Cell.CONTRADICTS
    assert case.verdict.unresolved == ["What the mayor counted.",
                                       "Whether unrecorded crime rose more."]
    assert {event.who for event in case.events if event.target_id == first.id} >= {"Bob"}

    _, article, _ = run("export", f, "--format", "md", "--evidence")
    texts = inline_texts(article)
    assert "Recorded crime rose by 12 percent in 2023." in texts
    assert "What the mayor counted." in texts
    sources = [text for text in texts if text.startswith("[")]
    assert sources[:2] == ["[1] Annual crime statistics 2023", "[2] The mayor on crime"]
    assert any("p. 12: “Recorded crime rose by 12 percent in 2023.”" in text for text in texts)
    assert any("para. 4: “Violent crime was unchanged.”" in text for text in texts)
    assert any("at 06:09: “Crime has doubled.”" in text for text in texts)
    assert "Q2. Did crime double? — supports [2]; contradicts [1]" in texts

    code, out, _ = run("check", f, "--json")
    findings = json.loads(out)
    assert code == 0 and all(finding["severity"] != "error" for finding in findings)
    assert all({"code", "severity", "where", "message", "fix"} <= set(f) for f in findings)
    assert not [finding for finding in findings if "quot" in finding["code"]]


def test_moving_a_source_keeps_every_citation_on_its_source(case_path: Path) -> None:
    f = str(case_path)
    for title in ("Alpha", "Beta", "Gamma"):
        run("source", "add", f, "--title", title)
    run("set", f, "section:summary.body", "A [1], B [2], both [1, 3].")
    _, out, _ = run("source", "move", f, "3", "--to", "1")
    assert out.startswith("Moved source [3] to [1]")
    case = load(case_path)
    assert [(s.number, s.title) for s in case.sources] == [(1, "Gamma"), (2, "Alpha"),
                                                           (3, "Beta")]
    assert case.sections[0].body == "A [2], B [3], both [2, 1]."
    _, out, _ = run("source", "move", f, "1", "--to", "2", "--json")
    assert [s["title"] for s in json.loads(out)] == ["Alpha", "Gamma", "Beta"]
    assert load(case_path).sections[0].body == "A [1], B [3], both [1, 2]."


def test_removing_a_source_takes_its_cells_and_says_it_is_still_cited(case_path: Path) -> None:
    f = str(case_path)
    run("source", "add", f, "--title", "Alpha")
    run("source", "add", f, "--title", "Beta")
    run("question", "add", f, "Q?")
    run("matrix", "set", f, "1", "2", "silent")
    run("set", f, "section:summary.body", "Beta says so [2].")
    _, out, err = run("source", "remove", f, "2")
    assert out == "Removed [2] Beta (0 excerpts)\n"
    assert "[2] is still cited 1 time" in err
    case = load(case_path)
    assert [s.title for s in case.sources] == ["Alpha"] and case.matrix == {}
    _, out, _ = run("source", "list", f)
    assert out == "[1] Alpha (0 excerpts)\n"


def test_a_source_derived_from_another(case_path: Path) -> None:
    f = str(case_path)
    run("source", "add", f, "--title", "Wire story")
    refused(case_path, "source", "add", f, "--title", "Reprint", "--derived-from", "2",
            message="the case has no source [2]")
    _, out, _ = run("source", "add", f, "--title", "Reprint", "--derived-from", "1")
    wire, reprint = load(case_path).sources
    assert reprint.derived_from == wire.id
    _, out, _ = run("source", "list", f, "--json")
    assert [s["derived_from"] for s in json.loads(out)] == [None, wire.id]
    run("source", "remove", f, "1")
    assert load(case_path).sources[0].derived_from is None


def test_excerpts_keep_their_places_through_edits_moves_and_removals(case_path: Path) -> None:
    f = str(case_path)
    run("source", "add", f, "--title", "Report")
    run("excerpt", "add", f, "1", "First.", "--page", "3")
    run("excerpt", "add", f, "1", "Second.")
    run("excerpt", "add", f, "1", "Third.", "--line", "7", "--exact", "Third!")
    run("excerpt", "move", f, "1", "3", "--to", "1")
    _, out, _ = run("excerpt", "list", f, "1")
    assert out.splitlines() == ["1. line 7: “Third.”", "2. p. 3: “First.”", "3. “Second.”"]
    run("excerpt", "remove", f, "1", "2")
    run("excerpt", "edit", f, "1", "2", "Second, reworded.", "--section", "Methods")
    run("excerpt", "edit", f, "1", "1", "--unplaced", "--exact", "")
    _, out, _ = run("excerpt", "list", f, "1", "--json")
    assert json.loads(out) == [
        {"source": 1, "index": 1, "text": "Third."},
        {"source": 1, "index": 2, "text": "Second, reworded.",
         "locator": {"kind": "section", "value": "Methods"}},
    ]
    # What `set` and the source form show reads back the same.
    _, out, _ = run("export", f, "--format", "json")
    excerpts = json.loads(out)["sources"][0]["excerpts"]
    assert excerpts[0] == "Third."


def test_questions_move_and_go_with_their_cells(case_path: Path) -> None:
    f = str(case_path)
    run("source", "add", f, "--title", "Report")
    for text in ("One?", "Two?", "Three?"):
        run("question", "add", f, text)
    run("matrix", "set", f, "3", "1", "contradicts")
    run("question", "move", f, "3", "--to", "1")
    _, out, _ = run("question", "list", f)
    assert out.splitlines() == ["1. Three?", "2. One?", "3. Two?"]
    _, out, _ = run("matrix", "show", f, "--json")
    assert [cell["value"] for cell in json.loads(out)] == ["contradicts", None, None]
    run("question", "remove", f, "1")
    assert load(case_path).matrix == {}
    run("matrix", "set", f, "1", "1", "supports")
    run("matrix", "set", f, "1", "1", "unset")
    assert load(case_path).matrix == {}


def test_verdict_points_edit_and_remove(case_path: Path) -> None:
    f = str(case_path)
    run("verdict", "add", f, "established", "One.")
    run("verdict", "add", f, "established", "Two.")
    _, out, _ = run("verdict", "edit", f, "established", "2", "Two, reworded.", "--json")
    assert json.loads(out) == {"list": "established", "index": 2, "text": "Two, reworded."}
    run("verdict", "remove", f, "established", "1")
    _, out, _ = run("verdict", "list", f, "--json")
    assert json.loads(out) == {"established": ["Two, reworded."], "unresolved": []}


def test_refusals_are_one_line_and_leave_the_file_alone(case_path: Path) -> None:
    f = str(case_path)
    run("source", "add", f, "--title", "Report", "--url", "https://example.org/r")
    run("question", "add", f, "Q?")
    run("verdict", "add", f, "established", "One.")
    refused(case_path, "excerpt", "add", f, "1", "Text.", "--page", "0",
            message="--page: there is no page 0 (pages count from 1)")
    refused(case_path, "excerpt", "add", f, "1", "Text.", "--at", "06:75",
            message="--at: 06:75 is not a timestamp")
    refused(case_path, "excerpt", "add", f, "1", "Text.", "--page", "2", "--line", "3",
            message="an excerpt has one place")
    refused(case_path, "excerpt", "add", f, "1", "[p. 3] Text.",
            message="reads as a place in brackets")
    refused(case_path, "excerpt", "add", f, "1", "One.\n\nTwo.", message="one paragraph")
    refused(case_path, "excerpt", "add", f, "1", "One.", "--prefix", "a\nb",
            message="--prefix is one line")
    refused(case_path, "excerpt", "add", f, "9", "Text.", message="the case has no source [9]")
    refused(case_path, "excerpt", "remove", f, "1", "1",
            message="source [1] has no excerpt 1 (it has 0)")
    refused(case_path, "source", "move", f, "1", "--to", "4",
            message="the case has no source [4]")
    refused(case_path, "source", "remove", f, "x", message="source:x is no source")
    refused(case_path, "source", "add", f, "--title", "Other", "--published", "2023-02-30",
            message="--published: 2023-02-30 is not a date: February 2023 has 28 days")
    refused(case_path, "source", "add", f, "--title", "Other", "--kind", "rumour",
            message="--kind: 'rumour' is not one of")
    refused(case_path, "source", "add", f, "--title", "Copy", "--url", "https://example.org/r",
            message="this looks like source [1]")
    refused(case_path, "matrix", "set", f, "1", "1", "maybe",
            message="'maybe' is not one of: supports, contradicts, silent, not_applicable")
    refused(case_path, "matrix", "set", f, "2", "1", "supports",
            message="the case has no question 2 (it has 1)")
    refused(case_path, "question", "add", f, "  ", message="the question is empty")
    refused(case_path, "verdict", "add", f, "unresolved", "One\nTwo",
            message="a point of unresolved is one line")
    refused(case_path, "verdict", "remove", f, "established", "3",
            message="established has no point 3 (it has 1)")
    refused(case_path, "question", "add", f, "Who?", "--as", " ", message="--as needs a name")
    refused(case_path, "verdict", message="missing command: one of add, edit, move")
    run("source", "add", f, "--title", "Copy", "--url", "https://example.org/r", "--keep-both")


def test_a_published_case_is_refused_as_set_refuses_it(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "Ann")
    path = tmp_path / "published.case.db"
    case = new_case("The bridge is closed")
    case.status = Status.PUBLISHED
    CaseFile.create(path, case).close()
    message = "the case is published; record a correction"
    for args in (("source", "add", str(path), "--title", "New"),
                 ("question", "add", str(path), "Q?"),
                 ("verdict", "add", str(path), "established", "One.")):
        refused(path, *args, message=message)
    run("source", "list", str(path))


def test_move_question_keeps_ids_and_stops_at_either_end() -> None:
    from workbench.editing import add_question, move_question

    case = new_case("Claim")
    one, two = add_question(case, "One?"), add_question(case, "Two?")
    assert move_question(case, two.id, -1) and case.questions == [two, one]
    assert not move_question(case, two.id, -1) and not move_question(case, one.id, 1)
    assert case.questions == [two, one]
