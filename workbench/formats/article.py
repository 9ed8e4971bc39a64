"""The article a case becomes: one document that every exporter renders.

Markdown, HTML, plain text and the TUI's preview must say the same thing in the same order,
so the wording (a source's assessment in words, the methodology note, the verdict box) is
decided once and the exporters only lay it out. Everything is frozen data built by
``build_article``: no I/O, no Textual, no Markdown parsing (section bodies stay Markdown).

Every string in the finished article is cleaned of control characters and other code points
no document format accepts (a terminal escape in a plain-text export, a NUL in HTML), in one
pass over the whole article, so neither a field nor an exporter can miss it.

This module puts the article together and is what the exporters import. Its parts are
built beside it: ``article_parts`` (labelled rows, the verdict box, sections,
corrections), ``article_masthead`` (byline, organisation, dates, the correction notice
and the standards links), ``article_sources`` (the source list and the methodology note),
``article_reply`` (the right of reply), ``cleaning`` (the cleaning pass) and ``links``
(``safe_href``, what an article may link to).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.formats.article_evidence import EvidenceRow, EvidenceTable, evidence_table
from workbench.formats.article_masthead import Masthead, masthead
from workbench.formats.article_parts import (
    BodySection,
    BottomLine,
    CorrectionEntry,
    Row,
    VerdictBox,
    corrections,
    part_heading,
    verdict_box,
)
from workbench.formats.article_reply import RIGHT_OF_REPLY_HEADING, right_of_reply
from workbench.formats.article_sources import SourceEntry, source_list
from workbench.formats.cleaning import clean, cleaned
from workbench.formats.links import safe_href
from workbench.model import Case, SectionKind

if TYPE_CHECKING:  # only a type here: the exporters load without the config's imports
    from workbench.config import Organisation

__all__ = [
    "BODY_HEADING_LEVEL",
    "RIGHT_OF_REPLY_HEADING",
    "Article",
    "BodySection",
    "BottomLine",
    "CorrectionEntry",
    "EvidenceRow",
    "EvidenceTable",
    "Masthead",
    "Row",
    "SourceEntry",
    "VerdictBox",
    "body_heading_levels",
    "build_article",
    "clean",
    "safe_href",
]


@dataclass(frozen=True)
class Article:
    """A finished fact-check as readers see it, whatever the output format."""

    title: str
    #: The case's language tag (HTML's ``lang``).
    language: str
    #: Stamped visibly: the article is not (or not yet) fit to publish.
    draft: bool
    #: Byline, organisation, dates, the correction notice and the standards links.
    masthead: Masthead
    verdict: VerdictBox
    #: The executive summary's heading as the case writes it ("Executive Summary").
    summary_heading: str
    #: The executive summary, Markdown.
    summary: str
    sections: tuple[BodySection, ...]
    bottom_line: BottomLine
    sources: tuple[SourceEntry, ...]
    #: The questions against the sources, when the export asks for it.
    evidence: EvidenceTable | None
    #: Plain-text paragraphs describing only the methods this case used.
    methodology: tuple[str, ...]
    corrections: tuple[CorrectionEntry, ...]
    #: A sentence per attempt to reach someone the check names (``article_reply``).
    right_of_reply: tuple[str, ...] = ()


#: The level a section body's top headings get: below the article's "##" section headings.
BODY_HEADING_LEVEL = 3


def body_heading_levels(levels: list[int]) -> list[int]:
    """Where a body's headings (levels 1-6, in order) belong in the article's outline.

    They must sit below the section's own heading and may not skip a level (the HTML
    checker rejects an <h4> straight after an <h2>), so the outline is kept and renumbered:
    a body using "#" and "###" gets levels 3 and 4, one using only "##" gets 3.
    """
    placed: list[int] = []
    stack: list[tuple[int, int]] = []
    for level in levels:
        while stack and stack[-1][0] >= level:
            stack.pop()
        new = min(6, stack[-1][1] + 1) if stack else BODY_HEADING_LEVEL
        stack.append((level, new))
        placed.append(new)
    return placed


def build_article(case: Case, *, draft: bool = False,
                  organisation: Organisation | None = None, evidence: bool = False) -> Article:
    """Assemble the article for ``case``; ``draft`` stamps it as not for publication.

    ``organisation`` (the config's) names the publisher and its methodology and
    corrections pages in the masthead; without it the article names none. ``evidence``
    adds the evidence table (when the case has questions).
    """
    return cleaned(_assembled(case, draft, organisation, evidence))


def _assembled(case: Case, draft: bool, organisation: Organisation | None,
               evidence: bool) -> Article:
    """The article with the case's text as it is, control characters and all."""
    verdict = case.verdict
    sources, methodology = source_list(case)
    bodies = [s for s in case.sections if s.kind == SectionKind.BODY]
    return Article(
        title=case.title or case.claim.text or "Untitled",
        language=case.language or "en",
        draft=draft,
        masthead=masthead(case, organisation),
        verdict=verdict_box(case),
        summary_heading=part_heading(case, SectionKind.EXECUTIVE_SUMMARY, len(bodies)),
        summary=_joined(case, SectionKind.EXECUTIVE_SUMMARY),
        sections=tuple(
            BodySection(number=index, heading=section.heading, body=section.body)
            for index, section in enumerate(bodies, start=1)
        ),
        bottom_line=BottomLine(
            heading=part_heading(case, SectionKind.BOTTOM_LINE, len(bodies)),
            body=_joined(case, SectionKind.BOTTOM_LINE),
            established=tuple(verdict.established),
            unresolved=tuple(verdict.unresolved),
        ),
        sources=sources,
        evidence=evidence_table(case) if evidence else None,
        methodology=methodology,
        corrections=corrections(case),
        right_of_reply=right_of_reply(case),
    )


def _joined(case: Case, kind: SectionKind) -> str:
    """The bodies of every section of one kind: a case may split its summary in two."""
    return "\n\n".join(s.body for s in case.sections if s.kind == kind)
