"""Import a published fact-check (plain text or Markdown), so its sourcing can be audited.

The layout is the seed article's: an optional title line ("Fact check: …" or a ``#``
heading), an "Executive Summary" heading, numbered sections ("1. Heading", "## 1. Heading",
"1) Heading") whose last one usually starts "Bottom line", ``[n]`` citations, and perhaps a
"Sources" / "References" list. Anything before the title or the first heading (a donation
banner, site navigation) is dropped, except the lines that state the claim.

The claim and who made it are read where the article states them: "Claim:" and
"Claimant:" lines ("Who said it:", "Said by:", "Speaker:" too), and the verdict box the
Workbench's own exports print ("Verdict: False", "Rating:", "Conclusion:", "Date made:";
in Markdown a "Verdict" section of such lines). An article that states none gets its
headline as the claim, with an open review comment asking the user to confirm it: a
headline is rarely the claim's exact wording. A stated verdict becomes the case's rating
when a rating scale has it (the scale the article's methodology note names first), and
otherwise stays as the conclusion's text.

Every cited number becomes a source. Articles like the seed print no citation list, so most
sources are stubs with an empty title: the readiness checks then name exactly what each one
lacks, which is the point of importing an article — a reviewer sees every claim it rests on.
A listed entry fills its source's title, address, outlet and date (``source_list``).

Headings are kept as written ("Executive Summary", "Bottom line: what can be said with
confidence…"), so the article exports with them again; a numbered bottom line keeps its
number, the one thing that says the article numbers it. The parts the exports generate
from a case (the methodology note, "About this fact check", the evidence table) are not
imported as prose: exporting the case writes them again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from workbench.formats.case_json import CaseFormatError
from workbench.formats.claimreview import rating_on_scale, title_from_text
from workbench.formats.source_list import (
    ListedSource,
    plain_markdown,
    read_source_list,
    whole_date,
)
from workbench.model import (
    AnchorKind,
    Case,
    Claim,
    Comment,
    Confidence,
    Correction,
    Section,
    SectionKind,
    Source,
    Verdict,
    new_id,
    now_timestamp,
)
from workbench.scales import RatingScale, builtin_scales

STUB_NOTE = (
    "Stub created from citation [{n}] in the imported article; fill in the source's details."
)
LISTED_NOTE = "Created from the imported article's source list [{n}]; check the details."
#: Who the review comment on a claim taken from the headline is by.
IMPORTER = "workbench import"
HEADLINE_COMMENT = (
    "Taken from the {where}: confirm this is the claim as stated (the claimant's own "
    "words), and fill in who made it."
)

_ATX = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_BOLD = re.compile(r"^(\*\*|__)(.+)\1$")
_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+(\S.*)$")
_SUMMARY = re.compile(r"^(executive\s+summary|summary)\s*:?$", re.IGNORECASE)
_BOTTOM_LINE = re.compile(r"^bottom\s+line\b", re.IGNORECASE)
#: A plain line that is the bottom line's heading: a subtitle may follow, a sentence not.
_BOTTOM_LINE_HEADING = re.compile(r"^bottom\s+line\b(?:\s*:?$|\s*:\s+.{1,150}(?<![.!?])$)",
                                  re.IGNORECASE)
#: A correction as the exports list it: "- 2025-03-20: What changed. Why: Because."
_CORRECTION = re.compile(r"^[-*]\s+(?P<date>\d{4}-\d{2}-\d{2}|Undated):\s+(?P<what>.*?)"
                         r"(?:\s+Why:\s+(?P<why>.*))?$")
_REFERENCES = re.compile(r"^(sources|references|citations)\s*:?$", re.IGNORECASE)
_FACT_CHECK_PREFIX = re.compile(r"^fact[\s-]*check(?:ed)?\s*[:|-]\s*", re.IGNORECASE)
_CITATION = re.compile(r"\[(\d{1,4})\]")
_QUESTION = re.compile(
    r"^(?:is|are|was|were|did|does|do|has|have|had|can|could|will|would|should|shall|may|"
    r"might|must|who|what|when|where|why|how|which)\b", re.IGNORECASE)
#: A numbered line longer than this is a paragraph (or list item), not a heading.
HEADING_MAX = 200
#: An untagged line this short, without a full stop, may be the article's title.
TITLE_MAX = 150
#: A "Claim" section this long is an argument, not the claim's wording.
CLAIM_MAX = 500
#: A "Verdict" section's one line this short is a rating, not a conclusion.
RATING_MAX = 60

#: The labels of a stated claim and verdict, by the field they fill.
_BOX_LABELS = {
    "claim": ("claim", "the claim", "claim checked", "claim reviewed", "what was claimed"),
    "claimant": ("claimant", "who said it", "who said", "said by", "speaker", "claimed by",
                 "made by", "who made the claim", "source of the claim", "source of claim"),
    "role": ("claimant role", "claimant's role", "role"),
    "rating": ("verdict", "rating", "our verdict", "our rating", "ruling", "our ruling"),
    "conclusion": ("conclusion", "our conclusion"),
    "confidence": ("confidence",),
    "checked_on": ("checked on", "fact-checked on", "fact checked on"),
    "date_made": ("date made", "date of claim", "date of the claim", "claim date",
                  "claimed on", "said on"),
}
_BOX_FIELD = {label: name for name, labels in _BOX_LABELS.items() for label in labels}
_BOX_LINE = re.compile(
    r"^(?:[>*+-]\s*)*(?:\*\*|__|\*|_)?\s*(?P<label>[A-Za-z][A-Za-z' -]{1,30}?)\s*"
    r"(?:\*\*|__|\*|_)?\s*:\s*(?:\*\*|__)?\s*(?P<value>\S.*?)\s*$"
)
#: Headings of a part that may be the verdict box, or state the claim or verdict alone.
_BOX_HEADINGS = frozenset({"verdict", "our verdict", "the verdict", "at a glance"})
_CLAIM_HEADINGS = frozenset({"claim", "the claim", "what was claimed"})
#: What the exports print in the verdict box for a field not filled in yet.
_PLACEHOLDERS = frozenset({"not rated yet", "no conclusion yet", "no claim text yet"})
#: The exports' methodology note names the scale in one of these sentences.
_SCALE_SENTENCE = re.compile(r"The rating uses the (?P<name>.+?) scale\.")
_NO_RATING_SENTENCE = "This check gives no rating"
#: Headings of the parts the exports generate; what each becomes on import.
_TRAILERS = {
    "methodology": "methodology",
    "about this fact check": "generated",
    "questions and evidence": "generated",
    "what is established": "established",
    "what remains unresolved": "unresolved",
    "corrections": "corrections",
    "right of reply": "",
}


@dataclass
class _Part:
    kind: SectionKind
    heading: str
    lines: list[str] = field(default_factory=list)
    #: "" for the article's prose, else what the part is (a ``_TRAILERS`` value, "box").
    role: str = ""


@dataclass
class _Article:
    title: str = ""
    parts: list[_Part] = field(default_factory=list)
    #: The source list's lines, without its heading.
    listing: list[str] = field(default_factory=list)
    #: The stated claim and verdict: field name -> (its label, the text as written); the
    #: first one of each wins.
    box: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: Lines after a stated claim and before the first heading: the article's opening.
    lede: list[str] = field(default_factory=list)
    #: Whether the article marks its headings with "#": it is Markdown.
    marked: bool = False


@dataclass(frozen=True)
class ImportedArticle:
    """The case an article makes, and what the user should know about how it was read."""

    case: Case
    #: One line each, to show beside the import ("…: the claim was taken from …").
    notes: tuple[str, ...] = ()


def has_article_headings(text: str) -> bool:
    """True when the text has what ``case_from_article`` needs (used by detection): the
    headings of an article, or a stated claim."""
    article = _parse(text)
    return bool(article.parts or "claim" in article.box)


def case_from_article(text: str, *, scales: Mapping[str, RatingScale] | None = None) -> Case:
    """A draft case with the article's sections and one source per citation number."""
    return read_article(text, scales=scales).case


def read_article(text: str, *,
                 scales: Mapping[str, RatingScale] | None = None) -> ImportedArticle:
    """The article as a draft case, with notes on what the user should check.

    ``scales`` are those a stated verdict may name (default: the shipped ones).
    """
    scales = builtin_scales() if scales is None else scales
    article = _parse(text)
    _read_box_parts(article)
    _place_lede(article)
    prose = [part for part in article.parts if not part.role]
    if not prose and article.box:
        raise CaseFormatError(
            "states a claim but holds no article under it (expected its text after the "
            "'Claim:' lines, or headings such as 'Executive Summary' or '1. Heading')")
    if not prose:
        raise CaseFormatError(
            "no executive summary or numbered sections found (expected a line such as "
            "'Executive Summary', '1. Heading' or 'Claim: …')"
        )
    notes: list[str] = []
    sections = [
        Section(id=new_id(), kind=part.kind, heading=part.heading, body=_body(part.lines))
        for part in prose
    ]
    listed = read_source_list(article.listing, markdown=article.marked)
    claim, flagged = _claim(article, sections)
    case = Case(
        title=article.title or title_from_text(claim.text) or _fallback_title(sections),
        claim=claim,
        sections=sections,
        sources=_sources(sections, listed, notes),
    )
    _verdict(case, article, scales, notes)
    case.corrections = _corrections(article)
    if flagged:
        case.comments.append(Comment(
            id=new_id(), anchor_kind=AnchorKind.CASE, author=IMPORTER,
            created=now_timestamp(), body=HEADLINE_COMMENT.format(where=flagged)))
        notes.insert(0, f"the claim was taken from the {flagged}; confirm it")
    elif not claim.claimant:
        notes.insert(0, "the article names no claimant; add who made the claim")
    return ImportedArticle(case, tuple(notes))


# --- reading the layout ---------------------------------------------------------------------


def _parse(text: str) -> _Article:
    article = _Article()
    candidate = ""  # the last plain line before the first heading: perhaps an untagged title
    in_references = False
    # Plain numbered headings must run 1, 2, 3 …, so "1." inside a section is a list item;
    # once the article marks its headings with "#", a plain numbered line never is one.
    expected = 1
    for raw in text.splitlines():
        level, content = _heading_parts(raw.strip())
        if not content:
            if in_references:
                article.listing.append("")
            elif article.parts:
                article.parts[-1].lines.append("")
            elif article.box:
                article.lede.append("")
            continue
        if _REFERENCES.match(content) and (level or article.parts or article.box):
            in_references = True
            continue
        trailer = _TRAILERS.get(content.rstrip(": ").casefold())
        if trailer is not None and (level or article.parts):
            in_references = False
            article.parts.append(_Part(SectionKind.BODY, content.rstrip(": "), role=trailer))
            continue
        if in_references and not level:
            article.listing.append(raw.rstrip())
            continue
        in_references = False
        if not level and not article.parts and _box_line(article, content):
            continue
        numbered = _NUMBERED.match(content)
        part: _Part | None = None
        if _SUMMARY.match(content):
            part = _Part(SectionKind.EXECUTIVE_SUMMARY, content.rstrip(": "))
        elif numbered and len(content) <= HEADING_MAX and (
            level or (not article.marked and int(numbered.group(1)) == expected)
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
            heading = content.rstrip(": ")
            folded = heading.casefold()
            role = "box" if folded in _BOX_HEADINGS or folded in _CLAIM_HEADINGS else ""
            part = _Part(_kind(content), heading, role=role)
        if part is not None:
            article.marked = article.marked or level > 0
            if not article.parts and not article.title and _could_be_title(candidate):
                article.title = candidate
            article.parts.append(part)
        elif article.parts:
            article.parts[-1].lines.append(raw.rstrip())
        elif article.box:
            article.lede.append(raw.rstrip())
        else:
            candidate = content
    return article


def _box_line(article: _Article, line: str) -> bool:
    """Record a "Label: value" line of the stated claim or verdict; False for other lines."""
    match = _BOX_LINE.match(line)
    name = _BOX_FIELD.get(match["label"].strip().casefold()) if match else None
    if match is None or name is None:
        return False
    article.box.setdefault(name, (match["label"].strip().casefold(), match["value"]))
    return True


def _read_box_parts(article: _Article) -> None:
    """A "Verdict" part of "Label: value" lines is the verdict box; a "Claim" part of one
    paragraph is the claim, a "Verdict" part of one short line the rating. Any other such
    part is prose like the rest, and so are a methodology, corrections and lists of what is
    established or unresolved not laid out as the exports lay them out."""
    for part in article.parts:
        lines = [line.strip() for line in part.lines if line.strip()]
        if part.role == "corrections" and not all(
                _CORRECTION.match(_line_text(article, line)) for line in lines):
            part.role = ""
        if part.role in ("established", "unresolved") and not all(
                line.startswith(("- ", "* ")) for line in lines):
            part.role = ""
        # Only the exports' own note, which names the scale, is written again on export;
        # an article's account of its methods is its prose.
        said = " ".join(lines)
        if part.role == "methodology" and not (
                _NO_RATING_SENTENCE in said or _SCALE_SENTENCE.search(said)):
            part.role = ""
    for part in [part for part in article.parts if part.role == "box"]:
        lines = [line.strip() for line in part.lines if line.strip()]
        folded = part.heading.casefold()
        box = _Article()
        if lines and all(_box_line(box, line) for line in lines):
            for name, value in box.box.items():
                article.box.setdefault(name, value)
        elif folded in _CLAIM_HEADINGS and lines and "" not in _trimmed(part.lines) and len(
                " ".join(lines)) <= CLAIM_MAX and "claim" not in article.box:
            article.box["claim"] = (folded, " ".join(lines))
        elif folded in _BOX_HEADINGS and len(lines) == 1 and len(lines[0]) <= RATING_MAX:
            article.box.setdefault("rating", (folded, lines[0]))
        else:
            part.role = ""
            continue
        article.parts.remove(part)


def _place_lede(article: _Article) -> None:
    """What follows a stated claim before the first heading opens the article: it is the
    summary, or goes before it."""
    lede = _trimmed(article.lede)
    if not lede:
        return
    summary = next((p for p in article.parts if p.kind is SectionKind.EXECUTIVE_SUMMARY), None)
    if summary is None:
        article.parts.insert(0, _Part(SectionKind.EXECUTIVE_SUMMARY, "", lede))
    else:
        summary.lines[:0] = [*lede, ""]


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


def _trimmed(lines: list[str]) -> list[str]:
    while lines and not lines[0]:
        lines = lines[1:]
    while lines and not lines[-1]:
        lines = lines[:-1]
    return lines


def _body(lines: list[str]) -> str:
    """The section's Markdown: blank-line paragraphs kept, or one paragraph per plain line.

    Plain-text articles (the seed) put each paragraph on one line with no blank lines
    between; Markdown wraps paragraphs and separates them with blank lines.
    """
    lines = _trimmed(lines)
    if "" not in lines:
        return "\n\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def _fallback_title(sections: list[Section]) -> str:
    first = next((s.body for s in sections if s.body), sections[0].heading)
    return title_from_text(re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0])


# --- the claim and the verdict --------------------------------------------------------------


def _stated(article: _Article, name: str) -> str:
    """A field of the stated claim or verdict as text, "" when absent or a placeholder."""
    value = article.box.get(name, ("", ""))[1]
    if article.marked:
        value = plain_markdown(value)
    value = " ".join(value.split())
    return "" if value.casefold() in _PLACEHOLDERS else value


def _claim(article: _Article, sections: list[Section]) -> tuple[Claim, str]:
    """The claim as the article states it, and where it was taken from when it does not
    ("" when stated; "headline question", "headline" or "article's first sentence")."""
    claimant, role = _stated(article, "claimant"), _stated(article, "role")
    label = article.box.get("claimant", ("", ""))[0]
    if label == "claimant" and not role and ", " in claimant:
        # The exports print the claimant and their role in one line, "Name, Role"; after
        # "Said by:" a comma more likely goes on about the occasion.
        claimant, role = (part.strip() for part in claimant.split(", ", 1))
    claim = Claim(text=_unquoted(_stated(article, "claim")), claimant=claimant,
                  claimant_role=role,
                  date_made=whole_date(_stated(article, "date_made")) or "")
    if claim.text:
        return claim, ""
    if article.title:
        claim.text = article.title
        question = article.title.endswith("?") or _QUESTION.match(article.title)
        return claim, "headline question" if question else "headline"
    claim.text = _fallback_title(sections)
    return claim, "article's first sentence"


#: Quotation marks around a whole claim: the claim is its words, without them.
_QUOTES = {'"': '"', "\u201c": "\u201d", "'": "'", "\u2018": "\u2019", "\u00ab": "\u00bb"}


def _unquoted(text: str) -> str:
    if len(text) > 2 and _QUOTES.get(text[0]) == text[-1]:
        return text[1:-1].strip()
    return text


def _verdict(case: Case, article: _Article, scales: Mapping[str, RatingScale],
             notes: list[str]) -> None:
    """The stated verdict on the scale that has it, the established and unresolved lists,
    and the scale the methodology note names."""
    scale_id = _named_scale(article, scales)
    stated = _stated(article, "rating")
    conclusion = _stated(article, "conclusion")
    case.verdict = Verdict(
        conclusion=conclusion,
        established=_items(article, "established"),
        unresolved=_items(article, "unresolved"),
        checked_on=whole_date(_stated(article, "checked_on")) or "",
    )
    stated_confidence = _stated(article, "confidence")
    case.verdict.confidence = next(
        (c for c in Confidence if stated_confidence.casefold() in (c.value, c.label)), None)
    if scale_id is not None:
        case.scale = scale_id
    if not stated:
        return
    scale = scales.get(scale_id) if scale_id is not None else None
    if scale is not None and not scale.rates:
        # With no rating, the verdict line is the conclusion (the exports print it so).
        case.verdict.conclusion = conclusion or stated
        return
    found = scale.rating(stated) if scale is not None else None
    on_scale = (scale_id, found.label) if found is not None and scale_id else (
        rating_on_scale(stated, scales) if scale is None else None)
    if on_scale is not None:
        case.scale, case.verdict.rating = on_scale
        return
    case.scale = "none"
    case.verdict.conclusion = f"{stated}: {conclusion}" if conclusion else stated
    notes.append(f"the verdict {stated!r} is no rating on the scales known here; it was "
                 "kept as the conclusion's text")


def _named_scale(article: _Article, scales: Mapping[str, RatingScale]) -> str | None:
    """The scale the exports' methodology note names, if the article carries one."""
    text = " ".join(" ".join(p.lines) for p in article.parts if p.role == "methodology")
    if _NO_RATING_SENTENCE in text:
        return next((key for key, scale in scales.items() if not scale.rates), None)
    match = _SCALE_SENTENCE.search(plain_markdown(text) if article.marked else text)
    if match is None:
        return None
    name = match["name"]
    return next((key for key, scale in scales.items() if name in (scale.name, key)), None)


def _line_text(article: _Article, line: str) -> str:
    """A line as its reader sees it: Markdown's escapes and emphasis undone, the list
    marker kept."""
    return plain_markdown(line) if article.marked else line


def _corrections(article: _Article) -> list[Correction]:
    """The corrections the exports list; a "Corrections" part written otherwise was made
    prose by ``_read_box_parts``."""
    found = []
    for part in article.parts:
        if part.role != "corrections":
            continue
        for line in part.lines:
            match = _CORRECTION.match(_line_text(article, line.strip()))
            if match is not None:
                date = "" if match["date"] == "Undated" else match["date"]
                found.append(Correction(id=new_id(), date=date, what=match["what"],
                                        why=match["why"] or ""))
    return found


def _items(article: _Article, role: str) -> list[str]:
    lines = [line.strip() for p in article.parts if p.role == role for line in p.lines]
    items = [line[2:].strip() for line in lines if line.startswith(("- ", "* "))]
    return [plain_markdown(item) if article.marked else item for item in items]


# --- sources --------------------------------------------------------------------------------


def _sources(sections: list[Section], listed: list[ListedSource],
             notes: list[str]) -> list[Source]:
    """A source per cited number and per listed entry; an entry listed under a number
    already taken gets the next free one."""
    by_number: dict[int, ListedSource] = {}
    moved = []
    for entry in listed:
        if entry.number in by_number:
            moved.append(entry)
        else:
            by_number[entry.number] = entry
    cited = {int(n) for section in sections for n in _CITATION.findall(section.body)}
    numbers = sorted(cited | set(by_number))
    for entry in moved:
        entry.number = max(numbers, default=0) + 1
        numbers.append(entry.number)
        by_number[entry.number] = entry
    if moved:
        notes.append(f"{_counted(len(moved), 'source entry', 'source entries')} listed "
                     f"under a number already used got a new one: "
                     + " ".join(f"[{entry.number}]" for entry in moved))
    unread = [entry for entry in by_number.values() if not entry.read]
    if unread:
        notes.append(
            f"{_counted(len(unread), 'source entry', 'source entries')} could not be read "
            "field by field (no address, outlet or date found) and kept "
            f"{'its' if len(unread) == 1 else 'their'} text as the title: "
            + " ".join(f"[{entry.number}]" for entry in unread))
    return [_source(number, by_number.get(number)) for number in numbers]


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _source(number: int, listed: ListedSource | None) -> Source:
    if listed is None:
        return Source(id=new_id(), number=number, notes=STUB_NOTE.format(n=number))
    notes = "\n".join([LISTED_NOTE.format(n=number), *listed.extra])
    return Source(
        id=new_id(), number=number, title=listed.title, author=listed.author,
        outlet=listed.outlet, url=listed.url, archived_url=listed.archived_url,
        date_published=listed.date_published, date_accessed=listed.date_accessed,
        event_date=listed.event_date, event_date_end=listed.event_date_end,
        kind=listed.kind, origin=listed.origin, notes=notes,
    )
