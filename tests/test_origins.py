"""Independent origins (issue 13, point 4): a source names whose account it carries.

Two of Putin's interviews are one voice, however many outlets carried them: corroboration
counts origins, not sources (beside ``derived_from``), and the checks and the article say
so in words: "[2] and [3] are both Vladimir Putin's own account: one origin".
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from workbench.analysis.balance import evidence_balance
from workbench.analysis.checks import run_checks
from workbench.analysis.corroboration import computed_corroborations, origins
from workbench.casefile import CaseFile
from workbench.fields import set_field
from workbench.formats.article import build_article
from workbench.formats.case_json import case_from_json, case_to_dict, case_to_json
from workbench.formats.html_export import render_html
from workbench.formats.markdown_export import render_markdown
from workbench.formats.text_export import render_text
from workbench.model import Case, Cell, Corroboration, Question, Source

ONE_ORIGIN = "[2] and [3] are both Vladimir Putin's own account: one origin"


def putin_twice() -> Case:
    """A recollection, and two Putin interviews (spelt differently) on one question."""
    question = Question(id="q", text="Did Putin voice interest in membership?")
    robertson = Source(id="robertson", number=1, title="Robertson recalls",
                       origin="George Robertson")
    stone = Source(id="stone", number=2, title="The Putin Interviews",
                   origin="Vladimir Putin")
    frost = Source(id="frost", number=3, title="BBC Breakfast with Frost",
                   origin="  vladimir   PUTIN ")
    return Case(id="c", title="Did Putin ask to join NATO?", questions=[question],
                sources=[robertson, stone, frost],
                matrix={("q", "stone"): Cell.SUPPORTS, ("q", "frost"): Cell.SUPPORTS})


def test_two_sources_with_one_origin_count_once() -> None:
    case = putin_twice()
    found = origins(case)
    assert found["stone"] == found["frost"] != found["robertson"]
    # Both support the question, but they are one voice: neither corroborates the other.
    grades = computed_corroborations(case)
    assert grades["stone"] is grades["frost"] is Corroboration.UNCORROBORATED
    (balance,) = evidence_balance(case)
    assert balance.supporting == ("stone", "frost")
    assert len(balance.supporting_origins) == 1
    # A second origin makes it corroborated.
    case.matrix[("q", "robertson")] = Cell.SUPPORTS
    grades = computed_corroborations(case)
    assert set(grades.values()) == {Corroboration.CORROBORATED}


def test_different_origins_are_independent() -> None:
    case = putin_twice()
    case.sources[2].origin = "Boris Yeltsin"
    assert computed_corroborations(case)["stone"] is Corroboration.CORROBORATED


def test_a_source_repeating_another_carries_its_origin() -> None:
    case = putin_twice()
    repeat = Source(id="repeat", number=4, title="Agency copy", derived_from="stone")
    case.sources.append(repeat)
    case.sources[2].origin = ""
    case.matrix = {("q", "repeat"): Cell.SUPPORTS, ("q", "frost"): Cell.SUPPORTS}
    assert origins(case)["repeat"] == "stone"
    assert computed_corroborations(case)["repeat"] is Corroboration.CORROBORATED
    # Naming the second interview Putin's makes the two one origin again.
    case.sources[2].origin = "Vladimir Putin"
    assert computed_corroborations(case)["repeat"] is Corroboration.UNCORROBORATED


def test_the_checks_say_it_in_words() -> None:
    messages = [finding.message for finding in run_checks(putin_twice())
                if finding.code == "circular-reporting"]
    assert messages == [f'Question "Did Putin voice interest in membership?": {ONE_ORIGIN}, '
                        "so their support counts once"]


def test_workbench_set_names_the_origin(small_case: Case) -> None:
    change = set_field(small_case, "source:2.origin", "City council")
    assert (change.before, change.after) == ("", "City council")
    assert small_case.sources[1].origin == "City council"


def test_the_case_file_and_case_json_keep_the_origin(tmp_path: Path) -> None:
    case = putin_twice()
    path = tmp_path / "putin.case.db"
    CaseFile.create(path, case).close()
    with CaseFile.open(path, read_only=True) as reader:
        loaded = reader.load()
    assert [source.origin for source in loaded.sources] == [
        "George Robertson", "Vladimir Putin", "  vladimir   PUTIN "]
    document = case_to_dict(case)
    assert document["format_version"] == 4
    assert document["sources"][1]["origin"] == "Vladimir Putin"
    assert case_from_json(case_to_json(case)) == case
    for source in case.sources:
        source.origin = ""
    assert "origin" not in case_to_dict(case)["sources"][0]


def markdown_text(tokens: list[Token]) -> str:
    """The words a Markdown document shows, as markdown-it parses it (escapes undone)."""
    return " ".join("".join(child.content if child.type != "softbreak" else " "
                            for child in token.children or [])
                    for token in tokens if token.type == "inline")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


@pytest.fixture
def article_texts() -> dict[str, str]:
    """The article of ``putin_twice`` as each exporter writes it, read back as text."""
    article = build_article(putin_twice())
    tokens = MarkdownIt().parse(render_markdown(article))
    markdown = markdown_text(tokens)
    parser = _Text()
    parser.feed(render_html(article))
    parser.close()
    return {"md": " ".join(markdown.split()), "html": " ".join("".join(parser.parts).split()),
            "txt": " ".join(render_text(article).split())}


@pytest.mark.parametrize("kind", ["md", "html", "txt"])
def test_the_article_says_it_in_words(article_texts: dict[str, str], kind: str) -> None:
    text = article_texts[kind]
    assert ("Sources that carry one speaker's or organisation's account count once, however "
            f"many outlets carried it: {ONE_ORIGIN}.") in text
    assert "Vladimir Putin; [3] carries the same account: one origin" in text
    assert "vladimir   PUTIN" not in text
    assert "George Robertson" in text
