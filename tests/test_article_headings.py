"""Headings as written: the summary and the bottom line go out under the case's own
headings, number and subtitle kept, so the seed article imported and exported as text
shows the seed's headings in the seed's order.

Each export is read as a reader's tool reads it: the text by its lines, the Markdown by
markdown-it, the HTML by an HTML parser.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from tests.support import REPO
from workbench.cli import main
from workbench.formats.article import build_article
from workbench.formats.article_import import case_from_article
from workbench.formats.markdown_export import render_markdown
from workbench.formats.text_export import render_text
from workbench.model import Section, SectionKind

SEED = REPO.parent / "shared" / "reference" / "seed-article.txt"
#: The seed's headings, in its order: the title line, the summary, six numbered sections
#: of which the last is the bottom line.
SEED_HEADINGS = [
    "Fact check: Did Putin ask to join NATO",
    "Executive Summary",
    "1. A former NATO chief\u2019s recollection that sounds like an offer \u2014 and why it "
    "matters",
    "2. Putin\u2019s own later narratives: multiple versions and shifting emphases",
    "3. Western and archival silence: no record of a formal NATO membership application",
    "4. The NATO expansion debate: promises, perceptions, and competing histories",
    "5. Assessing motives and agendas behind the competing claims",
    "6. Bottom line: what can be said with confidence and what remains unresolved",
]


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture
def seed() -> str:
    if not SEED.exists():
        pytest.skip("../shared is not beside the repository")
    return SEED.read_text("utf-8")


def test_seed_headings_are_in_the_seed_itself(seed: str) -> None:
    lines = seed.splitlines()
    assert [lines.index(h) for h in SEED_HEADINGS] == sorted(lines.index(h)
                                                              for h in SEED_HEADINGS)


def test_seed_imported_and_exported_as_text_shows_its_headings_in_order(
        seed: str, tmp_path: Path, library: Path) -> None:
    case_path = Path(run("import", str(SEED)).strip())
    target = tmp_path / "seed.txt"
    # The imported article's sources are stubs, so its readiness checks find errors.
    run("export", str(case_path), "--format", "txt", "-o", str(target), "--force")
    lines = target.read_text("utf-8").splitlines()
    found = [lines.index(heading) for heading in SEED_HEADINGS]
    assert found == sorted(found)
    # No fixed label stands in for the seed's own.
    assert "Bottom line" not in lines and "Executive summary" not in lines


def test_markdown_and_html_carry_the_same_headings(seed: str) -> None:
    article = build_article(case_from_article(seed))
    tokens = MarkdownIt("commonmark").parse(render_markdown(article))
    # The heading's text as a reader sees it (its source may escape "6\\." as a list).
    markdown = ["".join(c.content for c in tokens[i + 1].children or [])
                for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert [h for h in markdown if h in SEED_HEADINGS] == SEED_HEADINGS[1:]

    from workbench.formats.html_export import render_html

    class Headings(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[str] = []
            self.inside = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "h2":
                self.inside = True
                self.found.append("")

        def handle_endtag(self, tag: str) -> None:
            self.inside = self.inside and tag != "h2"

        def handle_data(self, data: str) -> None:
            if self.inside:
                self.found[-1] += data

    parser = Headings()
    parser.feed(render_html(article))
    assert [h for h in parser.found if h in SEED_HEADINGS] == SEED_HEADINGS[1:]


def test_text_export_imports_back_with_the_same_headings(seed: str) -> None:
    case = case_from_article(seed)
    again = case_from_article(render_text(build_article(case)))
    assert [(s.kind, s.heading) for s in again.sections] == [
        (s.kind, s.heading) for s in case.sections]


def test_a_numbered_bottom_line_follows_the_body_sections(seed: str) -> None:
    case = case_from_article(seed)
    case.sections.insert(-1, Section(id="extra", heading="A sixth look", body="More [1]."))
    lines = render_text(build_article(case)).splitlines()
    assert "6. A sixth look" in lines
    assert ("7. Bottom line: what can be said with confidence and what remains unresolved"
            in lines)


def test_blank_headings_fall_back_to_the_usual_labels() -> None:
    case = case_from_article(
        "Fact check: Is it so?\nExecutive Summary\nIt is [1].\n1. Why\nBecause [1].\n"
        "Bottom line\nYes.")
    for section in case.sections:
        if section.kind is not SectionKind.BODY:
            section.heading = "  "
    lines = render_text(build_article(case)).splitlines()
    assert "Executive summary" in lines and "Bottom line" in lines


def test_only_the_bottom_line_is_renumbered() -> None:
    case = case_from_article(
        "Fact check: Is it so?\n## 1. In short\nIt is [1].\n## 2. Why\nBecause [1].\n"
        "## 3. Bottom line\nYes.")
    case.sections[0].kind = SectionKind.EXECUTIVE_SUMMARY
    case.sections[0].heading = "1. In short"
    lines = render_text(build_article(case)).splitlines()
    # The summary's heading as written; the bottom line follows the one body section.
    assert "1. In short" in lines and "1. Why" in lines and "2. Bottom line" in lines
