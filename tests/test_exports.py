"""Article exports: the structure readers rely on, and safety against hostile case text."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tests.support import REPO
from workbench.formats.article import Article, body_heading_levels, build_article, clean
from workbench.formats.case_json import case_from_json
from workbench.formats.html_export import json_ld, render_html, safe_href
from workbench.formats.markdown_export import render_markdown
from workbench.formats.text_export import plain, render_text
from workbench.model import (
    Assessment,
    Case,
    Cell,
    Claim,
    Confidence,
    Correction,
    Corroboration,
    Credibility,
    Motive,
    Question,
    Reliability,
    Section,
    SectionKind,
    Source,
    SourceKind,
    Verdict,
)

PUTIN = REPO / "sample_cases" / "putin-nato.json"

PAYLOAD = (
    '<script>alert(1)</script> "><img src=x onerror=alert(1)> [x](javascript:alert(1))\n'
    "</script><script>alert(2)</script>\n"
    "# injected heading\n"
    "setext injected\n"
    "===\n"
    "[ok](https://example.org/ok) [data](data:text/html,hi) [rel](/relative) "
    "[proto](//evil.example/x) ![pic](javascript:alert(4)) <mailto:a@example.org> [1] [99]\n"
    "\x1b[2J\r\n- # heading in a list item\r\n> # heading in a quote"
)
#: Source URLs: only the first may become a link.
HOSTILE_URLS = [
    "https://example.org/a b?q=\"x\"&y=<z>#f#g",
    "javascript:alert(1)",
    'https://x.org/"><img src=x onerror=alert(1)>',
    "data:text/html,<script>alert(1)</script>",
    "//evil.example/x",
    "https://exa mple.org/",
    "https://[::1]x/",
    "http://127.0.0.1:99999/",
]
CLAIMREVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "claimReviewed": PAYLOAD,
    "author": {"@type": "Organization", "name": "</script><script>alert(2)</script>"},
    "note": "<!-- & -->",
}


def putin() -> Case:
    return case_from_json(PUTIN.read_text("utf-8"))


def hostile_case() -> Case:
    assessment = Assessment(
        motive=Motive.COMMERCIAL, motive_note=PAYLOAD, amid_dispute=True, dispute_note=PAYLOAD,
        corroboration_override=Corroboration.CONTRADICTED, corroboration_note=PAYLOAD,
    )
    sources = [
        Source(id=f"s{n}", number=n, title=PAYLOAD, author=PAYLOAD, outlet=PAYLOAD, url=url,
               archived_url=url, date_published=PAYLOAD, event_date=PAYLOAD,
               event_date_end=PAYLOAD, date_accessed=PAYLOAD, excerpts=[PAYLOAD],
               notes=PAYLOAD, kind=SourceKind.OTHER, assessment=assessment)
        for n, url in enumerate(HOSTILE_URLS, start=1)
    ]
    return Case(
        id="hostile", title=PAYLOAD, scale=PAYLOAD, language='en"><script>alert(1)</script>',
        claim=Claim(text=PAYLOAD, claimant=PAYLOAD, claimant_role=PAYLOAD, date_made=PAYLOAD,
                    first_appearance=PAYLOAD, appearances=[PAYLOAD], context=PAYLOAD),
        verdict=Verdict(rating=PAYLOAD, conclusion=PAYLOAD, established=[PAYLOAD, PAYLOAD],
                        unresolved=[PAYLOAD], checked_on=PAYLOAD),
        sources=sources,
        sections=[
            Section(id="a", kind=SectionKind.EXECUTIVE_SUMMARY, heading=PAYLOAD, body=PAYLOAD),
            Section(id="b", heading=PAYLOAD, body=PAYLOAD),
            Section(id="c", heading=PAYLOAD, body=PAYLOAD),
            Section(id="d", kind=SectionKind.BOTTOM_LINE, heading=PAYLOAD, body=PAYLOAD),
        ],
        corrections=[Correction(id="k", date=PAYLOAD, what=PAYLOAD, why=PAYLOAD)],
    )


def headings(markdown: str) -> list[tuple[int, str]]:
    """(level, text) of every heading a CommonMark reader sees, in order."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    return [
        (int(token.tag[1]), "".join(child.content for child in tokens[index + 1].children or []))
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


def one_line(text: str) -> str:
    return " ".join(clean(text).split())


# --- the article ----------------------------------------------------------------------------


def test_article_carries_the_case_in_reading_order() -> None:
    case = putin()
    article = build_article(case)
    assert article.title == "Did Putin ask to join NATO?"
    assert not article.draft and build_article(case, draft=True).draft
    assert [s.number for s in article.sections] == [1, 2, 3, 4, 5]
    assert [s.heading for s in article.sections] == [
        s.heading for s in case.sections if s.kind == SectionKind.BODY]
    assert article.summary.startswith("Vladimir Putin, and others")
    assert len(article.bottom_line.established) == 3
    assert len(article.bottom_line.unresolved) == 3
    rows = {row.label: row.text for row in article.verdict.rows}
    assert rows["Rating"] == "Mixture"
    assert rows["Confidence"] == "medium"
    assert rows["Claimant"] == "Vladimir Putin, President of Russia"
    assert rows["Checked on"] == "2025-03-14"


def test_source_assessment_in_words() -> None:
    first, second, third = build_article(putin()).sources[:3]
    words = {row.label: row.text for row in first.assessment}
    assert words["Motive"].startswith("reputational — A former alliance chief")
    assert words["Timing"] == "retrospective: 20 years after the events"
    assert words["Dispute"].startswith("made amid dispute or tension — Told in hindsight")
    assert words["Corroboration"].startswith("corroborated — ")
    assert words["Grading"] == "B2 (usually reliable; probably true)"
    assert {row.label: row.text for row in first.details}["Kind"] == (
        "first-hand account / recollection")
    assert {row.label: row.text for row in second.assessment}["Timing"] == "undated"
    assert third.events == "1954\N{EN DASH}2000"


def test_timing_words_for_recent_sources() -> None:
    case = Case(sources=[
        Source(id="a", number=1, event_date="2024-05-01", date_published="2024-05-01"),
        Source(id="b", number=2, event_date="2024-05-01", date_published="2024-05-11"),
        Source(id="c", number=3, event_date="2024-01-01", date_published="2024-07-01"),
    ])
    timings = [
        {row.label: row.text for row in source.assessment}["Timing"]
        for source in build_article(case).sources
    ]
    assert timings == [
        "contemporaneous: published at the time of the events",
        "contemporaneous: 10 days after the events",
        "near-term: 6 months after the events",
    ]


@pytest.mark.parametrize(("levels", "placed"), [
    ([], []),
    ([2], [3]),
    ([1, 3], [3, 4]),
    ([3, 1], [3, 3]),
    ([2, 2, 1, 3], [3, 3, 3, 4]),
    ([1, 2, 3, 4, 5, 6], [3, 4, 5, 6, 6, 6]),
])
def test_body_headings_keep_their_outline_below_the_section(
    levels: list[int], placed: list[int]
) -> None:
    assert body_heading_levels(levels) == placed


def test_unjudged_source_shows_no_corroboration_and_overrides_say_so() -> None:
    case = Case(
        questions=[Question(id="q", text="?")],
        sources=[
            Source(id="a", number=1),
            Source(id="b", number=2, assessment=Assessment(
                corroboration_override=Corroboration.CONTRADICTED, corroboration_note="why")),
        ],
    )
    first, second = build_article(case).sources
    assert "Corroboration" not in {row.label for row in first.assessment}
    assert {row.label: row.text for row in second.assessment}["Corroboration"] == (
        "contradicted (set by the fact-checker, not from the evidence matrix) — why")


def test_no_rating_scale_has_no_rating_row() -> None:
    case = Case(scale="none", verdict=Verdict(conclusion="Wrong: it was 3%."))
    article = build_article(case)
    assert [row.label for row in article.verdict.rows][:1] == ["Conclusion"]
    assert "Rating" not in render_markdown(article)
    assert "Verdict: Wrong: it was 3%." in render_text(article)
    assert "gives no rating" in article.methodology[0]


# --- methodology ----------------------------------------------------------------------------


def methodology_case(**changes: object) -> Case:
    case = Case(
        scale="politifact",
        questions=[Question(id="q1", text="Was it closed?")],
        sources=[
            Source(id="s1", number=1, event_date="2026-05-01", date_published="2026-05-02",
                   assessment=Assessment(motive=Motive.COMMERCIAL)),
            Source(id="s2", number=2, event_date="2026-05-01", date_published="2026-05-03"),
        ],
        matrix={("q1", "s1"): Cell.SUPPORTS, ("q1", "s2"): Cell.SUPPORTS},
    )
    for name, value in changes.items():
        setattr(case, name, value)
    return case


def test_methodology_mentions_only_the_tags_in_use() -> None:
    text = " ".join(build_article(methodology_case()).methodology)
    assert "PolitiFact" in text
    assert "commercial (1 source)" in text
    assert "contemporaneous (2 sources)" in text
    assert "1 question" in text
    assert "corroborated (2 sources)" in text
    for absent in ("political narrative", "self justification", "retrospective", "undated",
                   "near-term", "contradicted", "unverifiable", "Silence", "repeats",
                   "Admiralty", "dispute", "by hand"):
        assert absent not in text, absent


def test_methodology_explains_derived_sources_silence_disputes_and_grades() -> None:
    case = methodology_case()
    case.sources[1].derived_from = "s1"
    case.sources[1].assessment = Assessment(
        amid_dispute=True, reliability=Reliability.C, credibility=Credibility.DOUBTFUL)
    case.sources.append(Source(id="s3", number=3))
    case.matrix[("q1", "s3")] = Cell.SILENT
    text = " ".join(build_article(case).methodology)
    assert "[2] repeats [1]" in text and "independent" in text
    assert "Silence counts too" in text
    assert "We marked 1 source as speaking amid dispute" in text
    assert "Used here: C fairly reliable, 4 doubtful." in text
    assert "undated (1 source)" in text


def test_methodology_without_a_matrix_says_nothing_of_corroboration() -> None:
    text = " ".join(build_article(methodology_case(matrix={})).methodology)
    assert "orroborat" not in text


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_heading_tree_for_the_putin_sample() -> None:
    case = putin()
    body = [s.heading for s in case.sections if s.kind == SectionKind.BODY]
    assert headings(render_markdown(build_article(case))) == [
        (1, "Did Putin ask to join NATO?"),
        (2, "Verdict"),
        (2, "Executive summary"),
        *((2, f"{number}. {heading}") for number, heading in enumerate(body, start=1)),
        # The case's own heading, subtitle and all.
        (2, "Bottom line: what can be said with confidence and what remains unresolved"),
        (3, "What is established"),
        (3, "What remains unresolved"),
        (2, "Sources"),
        (2, "Methodology"),
    ]


def test_markdown_lists_sources_verdict_and_corrections() -> None:
    case = putin()
    case.corrections = [
        Correction(id="c", date="2025-04-01", what="Fixed a date.", why="Typo."),
        Correction(id="d", date="2025-04-02", what="Named the minister", why="Omitted"),
    ]
    markdown = render_markdown(build_article(case, draft=True))
    assert "**DRAFT — not for publication.**" in markdown
    assert "- **Rating:** Mixture" in markdown
    assert "- \\[1\\] **Robertson recollection" in markdown
    assert "  - **Grading:** B2 (usually reliable; probably true)" in markdown
    assert ("## Corrections\n\n- **2025-04-01:** Fixed a date. Why: Typo.\n"
            "- **2025-04-02:** Named the minister. Why: Omitted.\n") in markdown
    assert markdown.endswith("\n") and not markdown.endswith("\n\n")


def test_markdown_hostile_text_cannot_change_the_outline() -> None:
    case = hostile_case()
    text = one_line(PAYLOAD)
    # Each body's own headings sit below its section; no one-line field makes a heading.
    demoted = [(3, "injected heading"), (3, "setext injected"), (3, "heading in a list item"),
               (3, "heading in a quote")]
    found = headings(render_markdown(build_article(case)))
    expected = [(1, text), (2, "Verdict")]
    # The summary's and the bottom line's headings are the case's own, escaped like any.
    for part in (text, f"1. {text}", f"2. {text}", text):
        expected += [(2, part), *demoted]
    expected += [(3, "What is established"), (3, "What remains unresolved"), (2, "Sources"),
                 (2, "Methodology"), (2, "Corrections")]
    assert found == expected


@pytest.mark.parametrize("opening", ["```", "~~~~", "<!-- never closed", "<script>", "<pre>"])
def test_markdown_body_left_open_does_not_swallow_later_sections(opening: str) -> None:
    case = methodology_case(sections=[
        Section(id="a", heading="First", body=f"Text.\n\n{opening}\nstill the body"),
        Section(id="b", heading="Second", body="More [1]."),
    ])
    found = headings(render_markdown(build_article(case)))
    assert (2, "1. First") in found and (2, "2. Second") in found
    assert (2, "Sources") in found


#: Pieces that Markdown gives a meaning, to fuzz the exporters with.
MARKUP = st.lists(st.sampled_from([
    "#", "# ", "## ", "*", "_", "`", "```", "~~~", "[", "]", "(", ")", "<", ">", "!", "-", "+",
    "=", "===", "---", "1.", "2)", "|", "&", "&amp;", "\\", " ", "    ", "\n", "\n\n", "\r",
    "\t", "<!--", "-->", "<script>", "</script>", "<div>", "<?", "<![CDATA[", "a", "Z", "é",
    "[1]", "http://x.org", "javascript:x",
]), max_size=40).map("".join)


@settings(max_examples=200, deadline=None)
@given(title=MARKUP, heading=MARKUP, item=MARKUP, body=MARKUP, summary=MARKUP)
def test_markdown_outline_survives_any_text(
    title: str, heading: str, item: str, body: str, summary: str
) -> None:
    case = Case(
        title=title or "t", verdict=Verdict(established=[item], unresolved=[item]),
        sections=[Section(id="a", kind=SectionKind.EXECUTIVE_SUMMARY, body=summary),
                  Section(id="b", heading=heading, body=body),
                  Section(id="c", heading=heading, body=body)],
        corrections=[Correction(id="k", what=item, why=item)],
    )
    found = headings(render_markdown(build_article(case)))
    assert [(level, text) for level, text in found if level <= 2] == [
        (1, one_line(title or "t")), (2, "Verdict"), (2, "Executive summary"),
        (2, f"1. {one_line(heading)}".rstrip()), (2, f"2. {one_line(heading)}".rstrip()),
        (2, "Bottom line"), (2, "Methodology"), (2, "Corrections"),
    ]
    assert [text for level, text in found if level == 3][-2:] == [
        "What is established", "What remains unresolved"]


# --- plain text -----------------------------------------------------------------------------


def test_text_is_laid_out_like_the_seed() -> None:
    case = putin()
    text = render_text(build_article(case))
    lines = text.splitlines()
    assert lines[0] == "Fact check: Did Putin ask to join NATO?"
    assert "Verdict: Mixture" in lines
    assert "DRAFT" not in text
    # The case's own headings for the summary and the bottom line (tests/test_article_headings
    # checks the seed's own); the body sections numbered.
    bottom = "Bottom line: what can be said with confidence and what remains unresolved"
    positions = [lines.index("Executive summary")]
    body = [s.heading for s in case.sections if s.kind == SectionKind.BODY]
    positions += [lines.index(f"{n}. {heading}") for n, heading in enumerate(body, start=1)]
    positions += [lines.index(part) for part in (bottom, "Sources", "Methodology")]
    assert positions == sorted(positions)
    assert lines[lines.index("Executive summary") + 1].endswith("[1] [2] [3] [4].")
    assert lines[lines.index("Sources") + 1].startswith("[1] Robertson recollection")
    assert "    Timing: retrospective: 20 years after the events" in lines


def test_text_draft_stamp() -> None:
    assert render_text(build_article(putin(), draft=True)).startswith("DRAFT")


def test_plain_reduces_markdown_but_keeps_citations() -> None:
    markdown = (
        "Some *emphasis* and a [link](https://example.org) [1] [2].\nNext line.\n\n"
        "- one\n- two\n\n1. first\n\n> quoted\n\n```\ncode\n```\n\n# Heading"
    )
    assert plain(markdown) == (
        "Some emphasis and a link (https://example.org) [1] [2]. Next line.\n\n"
        "  - one\n  - two\n\n  1. first\n\n> quoted\n\n    code\n\nHeading"
    )


def test_text_hostile_fields_stay_on_their_line_and_lose_control_characters() -> None:
    text = render_text(build_article(hostile_case()))
    assert "\x1b" not in text and "\r" not in text
    assert f"Fact check: {one_line(PAYLOAD)}" in text.splitlines()
    assert not [line for line in text.splitlines() if re.match(r"\d+\. ", line)
                and not line.startswith(("1. ", "2. "))]


# --- HTML -----------------------------------------------------------------------------------


class Collector(HTMLParser):
    """Every element and attribute a browser would build, and each script's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._script: list[str] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._script = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data: str) -> None:
        (self._script if self._script is not None else self.text).append(data)


def parsed(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    collector.close()
    return collector


def test_html_hostile_case_is_inert() -> None:
    html = render_html(build_article(hostile_case(), draft=True), claimreview=CLAIMREVIEW)
    page = parsed(html)
    scripts = [attrs for tag, attrs in page.elements if tag == "script"]
    assert scripts == [{"type": "application/ld+json"}]
    assert json.loads(page.scripts[0]) == CLAIMREVIEW
    for tag, attrs in page.elements:
        assert not [name for name in attrs if name.startswith("on")], tag
        for name in ("href", "src"):
            if name in attrs:
                assert re.match(r"^(https?://|mailto:|#)", attrs[name] or ""), attrs
    tags = [tag for tag, _ in page.elements]
    assert not set(tags) & {"iframe", "object", "embed", "form", "base", "link", "img"}
    assert tags.count("style") == 1 and tags.count("meta") == 2
    assert page.elements[0] == ("html", {"lang": "und"})
    assert "\x1b" not in html


@settings(max_examples=150, deadline=None)
@given(text=MARKUP, body=MARKUP, url=MARKUP)
def test_html_stays_inert_for_any_text(text: str, body: str, url: str) -> None:
    case = Case(title=text, claim=Claim(text=text), verdict=Verdict(established=[text]),
                sections=[Section(id="a", heading=text, body=body)],
                sources=[Source(id="s", number=1, title=text, url=url, archived_url=text)])
    page = parsed(render_html(build_article(case), claimreview={"name": text}))
    assert [tag for tag, _ in page.elements].count("script") == 1
    assert json.loads(page.scripts[0]) == {"name": text}
    for _, attrs in page.elements:
        assert not [name for name in attrs if name.startswith("on")]
        for name in ("href", "src"):
            assert re.match(r"^(https?://|mailto:|#)", attrs.get(name) or "#")


def test_html_hostile_links_and_citations() -> None:
    page = parsed(render_html(build_article(hostile_case())))
    hrefs = [attrs.get("href") for tag, attrs in page.elements if tag == "a"]
    assert "https://example.org/ok" in hrefs
    assert "mailto:a@example.org" in hrefs
    assert "#source-1" in hrefs and "#source-99" not in hrefs
    # The one acceptable source URL, percent-encoded so the file validates; the rest as text.
    assert hrefs.count("https://example.org/a%20b?q=%22x%22&y=%3Cz%3E#f%23g") == 2
    text = "".join(page.text)
    for url in HOSTILE_URLS[1:]:
        assert url in text
    assert "img" not in {tag for tag, _ in page.elements}
    assert "pic" in text  # a dropped image keeps its alt text


def test_html_putin_sample() -> None:
    case = putin()
    html = render_html(build_article(case), claimreview={"@type": "ClaimReview"})
    assert html.startswith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')
    page = parsed(html)
    ids = [attrs.get("id") for _, attrs in page.elements if attrs.get("id")]
    assert [i for i in ids if i.startswith("source-")] == [f"source-{n}" for n in range(1, 7)]
    assert [i for i in ids if i.startswith("section-")] == [f"section-{n}" for n in range(1, 6)]
    hrefs = {attrs.get("href") for tag, attrs in page.elements if tag == "a"}
    assert {f"#source-{n}" for n in range(1, 7)} <= hrefs
    h2 = html.count("<h2>")
    assert h2 == 10 and "<title>Fact check: Did Putin ask to join NATO?</title>" in html
    assert "DRAFT" not in html
    assert 'class="draft-stamp"' in render_html(build_article(case, draft=True))


def test_html_body_headings_sit_below_the_section_heading() -> None:
    case = methodology_case(sections=[Section(id="a", heading="One", body="# Top\n\n### Next")])
    html = render_html(build_article(case))
    assert "<h3>Top</h3>" in html and "<h4>Next</h4>" in html
    assert (4, "Next") in headings(render_markdown(build_article(case)))


def test_json_ld_cannot_close_its_script() -> None:
    text = json_ld({"a": "</script><!-- & -->", "b": "\u2028"})
    assert not set("<>&") & set(text)
    assert json.loads(text) == {"a": "</script><!-- & -->", "b": "\u2028"}


@pytest.mark.parametrize(("url", "expected"), [
    ("https://example.org/path?q=1#top", "https://example.org/path?q=1#top"),
    ("HTTP://Example.ORG", "http://example.org/"),
    ("https://user:pw@example.org:8080/x", "https://example.org:8080/x"),
    ("https://bücher.example/ä", "https://xn--bcher-kva.example/%C3%A4"),
    ("https://example.org/100%", "https://example.org/100%25"),
    ("mailto:desk@example.org", "mailto:desk@example.org"),
    ("#source-2", "#source-2"),
    ("javascript:alert(1)", None),
    (" JaVaScRiPt:alert(1)", None),
    ("data:text/html,x", None),
    ("vbscript:x", None),
    ("/relative", None),
    ("//evil.example/x", None),
    ("https://", None),
    ("https://exa mple.org", None),
    ("https://example.org:99999/", None),
])
def test_safe_href(url: str, expected: str | None) -> None:
    assert safe_href(url) == expected


def test_images_only_from_the_web() -> None:
    assert safe_href("mailto:a@example.org", images=True) is None
    assert safe_href("#x", images=True) is None
    assert safe_href("https://example.org/i.png", images=True) == "https://example.org/i.png"


VNU = os.environ.get("VNU_JAR", "")


@pytest.mark.skipif(not VNU, reason="set VNU_JAR to the Nu HTML Checker's vnu.jar to run")
@pytest.mark.parametrize("article", [
    pytest.param(lambda: build_article(putin()), id="putin"),
    pytest.param(lambda: build_article(hostile_case(), draft=True), id="hostile"),
])
def test_html_passes_the_nu_checker(tmp_path: Path, article: Callable[[], Article]) -> None:
    page = tmp_path / "article.html"
    page.write_text(render_html(article(), claimreview=CLAIMREVIEW), "utf-8")
    result = subprocess.run(["java", "-jar", VNU, "--errors-only", str(page)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# --- layers ---------------------------------------------------------------------------------


def test_export_modules_load_neither_textual_nor_rich() -> None:
    probe = ("import sys, workbench.formats.article, workbench.formats.markdown_export, "
             "workbench.formats.text_export, workbench.formats.html_export; "
             "print(sorted({'textual', 'rich'} & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, cwd=REPO)
    assert result.stdout.strip() == "[]"


def test_every_sample_case_renders_in_every_format() -> None:
    for path in sorted((REPO / "sample_cases").glob("*.json")):
        article = build_article(case_from_json(path.read_text("utf-8")), draft=True)
        for text in (render_markdown(article), render_text(article), render_html(article)):
            assert "DRAFT" in text and article.title in text


def test_confidence_label_reaches_every_format() -> None:
    case = methodology_case(verdict=Verdict(rating="True", confidence=Confidence.HIGH))
    article = build_article(case)
    assert "- **Confidence:** high" in render_markdown(article)
    assert "Confidence: high" in render_text(article)
    assert "<dt>Confidence</dt><dd>high</dd>" in render_html(article)
