"""Import a published fact-check laid out like the seed article, so its sourcing can be audited.

The layout (plain text or Markdown): an optional title line ("Fact check: …" or a ``#``
heading), an "Executive Summary" heading, numbered sections ("1. Heading", "## 1. Heading",
"1) Heading") whose last one usually starts "Bottom line", ``[n]`` citations, and perhaps a
"Sources" / "References" list. Anything before the title or the first heading (a donation
banner, site navigation) is dropped.

Every cited number becomes a source. Articles like the seed print no citation list, so most
sources are stubs with an empty title: the readiness checks then name exactly what each one
lacks, which is the point of importing an article — a reviewer sees every claim it rests on.
When the article does list its sources, a listed entry fills the stub's title and URL.

The claim text is the title: the reviewer replaces it with the claim's exact wording, which
an article's headline rarely is.

Headings are kept as written ("Executive Summary", "Bottom line: what can be said with
confidence…"), so the article exports with them again; a numbered bottom line keeps its
number, the one thing that says the article numbers it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbench.formats.case_json import CaseFormatError
from workbench.formats.claimreview import title_from_text
from workbench.model import Case, Claim, Section, SectionKind, Source, new_id

STUB_NOTE = (
    "Stub created from citation [{n}] in the imported article; fill in the source's details."
)
LISTED_NOTE = "Created from the imported article's source list [{n}]; check the details."

_ATX = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_BOLD = re.compile(r"^(\*\*|__)(.+)\1$")
_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+(\S.*)$")
_SUMMARY = re.compile(r"^(executive\s+summary|summary)\s*:?$", re.IGNORECASE)
_BOTTOM_LINE = re.compile(r"^bottom\s+line\b", re.IGNORECASE)
_BOTTOM_LINE_HEADING = re.compile(r"^bottom\s+line\s*:?$", re.IGNORECASE)
_REFERENCES = re.compile(r"^(sources|references|citations)\s*:?$", re.IGNORECASE)
_FACT_CHECK_PREFIX = re.compile(r"^fact[\s-]*check(?:ed)?\s*[:|-]\s*", re.IGNORECASE)
_CITATION = re.compile(r"\[(\d{1,4})\]")
_ENTRY = re.compile(r"^(?:\[(\d{1,4})\]|(\d{1,4})[.)])\s*(.*)$")
_URL = re.compile(r"https?://[^\s<>\"]+")
#: A numbered line longer than this is a paragraph (or list item), not a heading.
HEADING_MAX = 200
#: An untagged line this short, without a full stop, may be the article's title.
TITLE_MAX = 150


@dataclass
class _Part:
    kind: SectionKind
    heading: str
    lines: list[str] = field(default_factory=list)


@dataclass
class _Article:
    title: str = ""
    parts: list[_Part] = field(default_factory=list)
    #: Citation number -> the text of its entry in the article's own source list.
    listed: dict[int, str] = field(default_factory=dict)


def has_article_headings(text: str) -> bool:
    """True when the text has the headings ``case_from_article`` needs (used by detection)."""
    return bool(_parse(text).parts)


def case_from_article(text: str) -> Case:
    """A draft case with the article's sections and one source per citation number."""
    article = _parse(text)
    if not article.parts:
        raise CaseFormatError(
            "no executive summary or numbered sections found (expected a line such as "
            "'Executive Summary' or '1. Heading')"
        )
    sections = [
        Section(id=new_id(), kind=part.kind, heading=part.heading, body=_body(part.lines))
        for part in article.parts
    ]
    cited = {int(n) for section in sections for n in _CITATION.findall(section.body)}
    title = article.title or _fallback_title(sections)
    return Case(
        title=title,
        claim=Claim(text=title),
        sections=sections,
        sources=[_source(n, article.listed.get(n)) for n in sorted(cited | set(article.listed))],
    )


def _parse(text: str) -> _Article:
    article = _Article()
    candidate = ""  # the last plain line before the first heading: perhaps an untagged title
    in_references = False
    # Plain numbered headings must run 1, 2, 3 …, so "1." inside a section is a list item;
    # once the article marks its headings with "#", a plain numbered line never is one.
    expected = 1
    marked = False
    last_entry: int | None = None
    for raw in text.splitlines():
        level, content = _heading_parts(raw.strip())
        if not content:
            if article.parts and not in_references:
                article.parts[-1].lines.append("")
            continue
        if _REFERENCES.match(content) and (level or article.parts):
            in_references, last_entry = True, None
            continue
        if in_references and not level:
            last_entry = _add_entry(article.listed, content, last_entry)
            continue
        in_references = False
        numbered = _NUMBERED.match(content)
        part: _Part | None = None
        if _SUMMARY.match(content):
            part = _Part(SectionKind.EXECUTIVE_SUMMARY, content.rstrip(": "))
        elif numbered and len(content) <= HEADING_MAX and (
            level or (not marked and int(numbered.group(1)) == expected)
        ):
            expected = int(numbered.group(1)) + 1
            kind = _kind(numbered.group(2))
            # A body section's number is its place, which the article prints anyway; the
            # seed numbers its bottom line too ("6. Bottom line: …"), and only the heading
            # can say so, so there the number stays (exports renumber it in sequence).
            heading = content if kind is SectionKind.BOTTOM_LINE else numbered.group(2)
            part = _Part(kind, heading)
        elif not article.parts and (level == 1 or _FACT_CHECK_PREFIX.match(content)):
            article.title = _FACT_CHECK_PREFIX.sub("", content).strip()
            continue
        elif level or _BOTTOM_LINE_HEADING.match(content):
            part = _Part(_kind(content), content.rstrip(": "))
        if part is not None:
            marked = marked or level > 0
            if not article.parts and not article.title and _could_be_title(candidate):
                article.title = candidate
            article.parts.append(part)
        elif article.parts:
            article.parts[-1].lines.append(raw.rstrip())
        else:
            candidate = content
    return article


def _heading_parts(line: str) -> tuple[int, str]:
    """(ATX heading level or 0, the line's text without ``#`` marks or whole-line bold)."""
    atx = _ATX.match(line)
    level, content = (len(atx.group(1)), atx.group(2)) if atx else (0, line)
    bold = _BOLD.match(content)
    return level, (bold.group(2).strip() if bold else content)


def _kind(heading: str) -> SectionKind:
    return SectionKind.BOTTOM_LINE if _BOTTOM_LINE.match(heading) else SectionKind.BODY


def _could_be_title(line: str) -> bool:
    # A banner's sentences end with a full stop; a headline does not.
    return bool(line) and len(line) <= TITLE_MAX and not line.endswith(".")


def _add_entry(listed: dict[int, str], line: str, last: int | None) -> int | None:
    """Record one line of a source list; a line without a number continues the last entry."""
    entry = _ENTRY.match(line)
    if entry:
        number = int(entry.group(1) or entry.group(2))
        listed[number] = entry.group(3).strip()
        return number
    if last is not None:
        listed[last] = f"{listed[last]} {line}".strip()
    return last


def _body(lines: list[str]) -> str:
    """The section's Markdown: blank-line paragraphs kept, or one paragraph per plain line.

    Plain-text articles (the seed) put each paragraph on one line with no blank lines
    between; Markdown wraps paragraphs and separates them with blank lines.
    """
    while lines and not lines[0]:
        lines = lines[1:]
    while lines and not lines[-1]:
        lines = lines[:-1]
    if "" not in lines:
        return "\n\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def _fallback_title(sections: list[Section]) -> str:
    first = next((s.body for s in sections if s.body), sections[0].heading)
    return title_from_text(re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0])


def _source(number: int, listed: str | None) -> Source:
    if listed is None:
        return Source(id=new_id(), number=number, notes=STUB_NOTE.format(n=number))
    url = _URL.search(listed)
    address = url.group().rstrip(".,;)") if url else ""
    title = _URL.sub("", listed).strip(" ,;.:-\u2013\u2014") if url else listed
    return Source(
        id=new_id(), number=number, title=title, url=address, notes=LISTED_NOTE.format(n=number)
    )
