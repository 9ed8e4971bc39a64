"""Transparency in the article (IFCN commitments 4 and 5), in every format: the byline
(who wrote it, who signed it off), the organisation, the publication and correction
dates, a correction notice at the top as well as the corrections at the end, and links to
the organisation's methodology and corrections policy.

Each export is read as a reader's tool reads it: HTML by an HTML parser, Markdown by
markdown-it, plain text by its lines.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.support import REPO, matrix_case
from workbench.config import Config, Organisation
from workbench.formats.case_json import case_from_json
from workbench.formats.export import render
from workbench.model import Case, Event, Status
from workbench.review.workflow import move_status

ORGANISATION = Organisation(
    name="Example Checks", url="https://checks.example.org",
    review_url="https://checks.example.org/checks/{slug}",
    methodology_url="https://checks.example.org/methodology",
    corrections_url="https://checks.example.org/corrections",
)
CONFIG = Config(organisation=ORGANISATION)
BYLINE = "By r.alvarez; signed off by k.mensah"
DATELINE = "Example Checks. Published 2025-03-13; updated 2025-03-18"
NOTICE_START = "The bottom line said that vacancies lasting decades"


def sample(name: str) -> Case:
    return case_from_json((REPO / "sample_cases" / f"{name}.json").read_text("utf-8"))


class _Page(HTMLParser):
    """The text of each element with a class or id, the links, and the order they came."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: dict[str, str] = {}
        self.order: list[str] = []
        self.links: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        name = found.get("class") or found.get("id")
        if name and tag in ("p", "aside", "section"):
            self._open.append(str(name))
            self.order.append(str(name))
            self.texts.setdefault(str(name), "")
        elif tag in ("p", "aside", "section"):
            self._open.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "aside", "section") and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for name in self._open:
            if name:
                self.texts[name] += data


def page(case: Case, config: Config = CONFIG) -> _Page:
    parser = _Page()
    parser.feed(render(case, "html", config=config))
    parser.close()
    return parser


def test_html_shows_byline_organisation_dates_notice_and_links() -> None:
    found = page(sample("cruz-supreme-court-size"))
    assert found.texts["byline"] == BYLINE
    assert found.texts["dateline"] == DATELINE
    notice = found.texts["correction-notice"]
    assert notice.startswith("Correction (2025-03-18): " + NOTICE_START)
    # The notice is at the top, before the verdict; the corrections are still at the end.
    assert found.order.index("correction-notice") < found.order.index("verdict")
    assert found.order.index("corrections") > found.order.index("sources")
    assert {"https://checks.example.org/methodology", "https://checks.example.org/corrections",
            "https://checks.example.org/"} <= set(found.links)
    assert "How we fact-check" in found.texts["about"]
    assert "Corrections policy" in found.texts["about"]


def test_markdown_shows_the_same() -> None:
    markdown = render(sample("cruz-supreme-court-size"), "md", config=CONFIG)
    tokens = MarkdownIt("commonmark").parse(markdown)
    inline = [t for t in tokens if t.type == "inline"]
    texts = [t.content for t in inline]
    assert BYLINE in texts and DATELINE in texts
    verdict = texts.index("Verdict")
    [notice] = [i for i, t in enumerate(tokens) if t.type == "blockquote_open"]
    assert tokens[notice + 2].content.startswith("**Correction (2025-03-18):** " + NOTICE_START)
    assert inline.index(tokens[notice + 2]) < verdict < texts.index("Corrections")
    links = [str(child.attrGet("href")) for t in inline for child in t.children or []
             if child.type == "link_open"]
    assert {"https://checks.example.org/methodology",
            "https://checks.example.org/corrections"} <= set(links)
    assert "About this fact check" in texts


def test_text_shows_the_same() -> None:
    lines = render(sample("cruz-supreme-court-size"), "txt", config=CONFIG).splitlines()
    assert lines[2:4] == [BYLINE, DATELINE]
    [notice] = [i for i, line in enumerate(lines) if line.startswith("Correction (")]
    assert lines[notice].startswith("Correction (2025-03-18): " + NOTICE_START)
    assert notice < lines.index("Verdict: Mostly False") < lines.index("Corrections")
    assert "How we fact-check: https://checks.example.org/methodology" in lines
    assert "Corrections policy: https://checks.example.org/corrections" in lines
    assert "Published by: Example Checks (https://checks.example.org)" in lines


@pytest.mark.parametrize("format_name", ["md", "html", "txt"])
def test_a_draft_names_its_author_and_no_editor(format_name: str) -> None:
    case = sample("obama-carbon-pollution")  # a draft: nobody has signed it off
    text = render(case, format_name, config=CONFIG, draft=True)
    author = next(e.who for e in case.events if e.action == "created")
    assert f"By {author}" in text and "signed off" not in text.lower()
    assert "Published 20" not in text and "Correction (" not in text


@pytest.mark.parametrize("format_name", ["md", "html", "txt"])
def test_without_an_organisation_nothing_is_invented(format_name: str) -> None:
    text = render(sample("putin-nato"), format_name, config=Config())
    assert "About this fact check" not in text and "Example Checks" not in text


def test_the_approved_article_is_the_published_one() -> None:
    """The byline names the editor as soon as the case is approved, so the article an
    editor signs off and the article published are the same text, dates and all."""
    case = sample("putin-nato")
    move_status(case, Status.IN_REVIEW, "Ana", config=CONFIG)
    move_status(case, Status.APPROVED, "Kofi", config=CONFIG)
    approved = render(case, "md", config=CONFIG)
    assert "By Ana; signed off by Kofi" in approved
    move_status(case, Status.PUBLISHED, "Kofi", config=CONFIG)
    [publication] = case.publications
    # The frozen article carries its own publication date, as every later export does.
    assert publication.article == render(case, "md", config=CONFIG)
    assert f"Example Checks. Published {publication.published_at[:10]}" in publication.article
    # Sent back to review, the sign-off no longer stands.
    case.status = Status.IN_REVIEW
    assert "signed off" not in render(case, "md", config=CONFIG)


# --- hostile names ------------------------------------------------------------------------


def test_hostile_names_and_addresses_stay_text() -> None:
    case = sample("putin-nato")
    case.events.append(Event(at="2026-01-01T00:00:00Z", who="<script>alert(1)</script>",
                             action="status", field="status", after="in_review"))
    evil = Config(organisation=Organisation(
        name="# Evil\n## Org <b>", url="javascript:alert(2)",
        methodology_url="data:text/html,<script>x</script>", corrections_url="//evil.example",
    ))
    html = render(case, "html", config=evil)
    assert "<script>alert" not in html and "javascript:" not in html
    assert 'href="data:' not in html and 'href="//evil' not in html
    found = _Page()
    found.feed(html)
    assert found.texts["byline"].startswith("By <script>alert(1)</script>;")
    markdown = render(case, "md", config=evil)
    levels = [t.tag for t in MarkdownIt("commonmark").parse(markdown)
              if t.type == "heading_open"]
    assert levels.count("h1") == 1  # the organisation's "#" made no heading


# --- the evidence table -------------------------------------------------------------------


def test_evidence_table_only_when_asked() -> None:
    case = matrix_case()
    assert "Questions and evidence" not in render(case, "md", config=Config())
    on = Config(organisation=Organisation(evidence_table=True))
    assert "Questions and evidence" in render(case, "md", config=on)
    assert "Questions and evidence" not in render(case, "md", config=on, evidence=False)


def test_evidence_table_in_html_is_a_table_of_questions_by_sources() -> None:
    class Table(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[list[str]] = []
            self.inside = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "table":
                self.inside = ("class", "evidence") in attrs
            elif self.inside and tag == "tr":
                self.rows.append([])
            elif self.inside and tag in ("th", "td"):
                self.rows[-1].append("")

        def handle_endtag(self, tag: str) -> None:
            if tag == "table":
                self.inside = False

        def handle_data(self, data: str) -> None:
            if self.inside and self.rows and self.rows[-1]:
                self.rows[-1][-1] += data

    table = Table()
    table.feed(render(matrix_case(), "html", config=Config(), evidence=True))
    assert [[cell.strip() for cell in row] for row in table.rows] == [
        ["Question", "[1]", "[2]", "[3]", "[4]"],
        ["Q1. Did Putin voice interest in membership?", "✓ supports", "✓ supports", "",
         "✓ supports"],
        ["Q2. Was a formal application made?", "○ silent", "✓ supports", "✗ contradicts", ""],
    ]


def test_evidence_table_in_markdown_and_text_lists_each_question() -> None:
    markdown = render(matrix_case(), "md", config=Config(), evidence=True)
    tokens = MarkdownIt("commonmark").parse(markdown)
    texts = ["".join(c.content for c in t.children or []) for t in tokens if t.type == "inline"]
    assert ("Q2. Was a formal application made? — supports [2]; contradicts [3]; silent [1]"
            in texts)
    lines = render(matrix_case(), "txt", config=Config(), evidence=True).splitlines()
    start = lines.index("Questions and evidence")
    assert lines[start + 1:start + 5] == [
        "Q1. Did Putin voice interest in membership?", "    supports: [1] [2] [4]",
        "Q2. Was a formal application made?", "    supports: [2]; contradicts: [3]; silent: [1]",
    ]


def test_export_evidence_option(tmp_path: Path, isolated_config: Path) -> None:
    from click.testing import CliRunner

    from workbench.casefile.store import CaseFile
    from workbench.cli import main

    path = tmp_path / "matrix.case.db"
    CaseFile.create(path, matrix_case()).close()

    def export(*flags: str) -> str:
        result = CliRunner().invoke(main, ["export", str(path), "--format", "txt", "--force",
                                           *flags], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    assert "Questions and evidence" not in export()
    assert "Questions and evidence" in export("--evidence")
    isolated_config.write_text("[organisation]\nevidence_table = true\n", "utf-8")
    assert "Questions and evidence" in export()
    assert "Questions and evidence" not in export("--no-evidence")
