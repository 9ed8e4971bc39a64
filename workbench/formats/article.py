"""The article a case becomes: one document that every exporter renders.

Markdown, HTML, plain text and the TUI's preview must say the same thing in the same order,
so the wording (a source's assessment in words, the methodology note, the verdict box) is
decided once here and the exporters only lay it out. Everything is frozen data built by
``build_article``: no I/O, no Textual, no Markdown parsing (section bodies stay Markdown).

Every string in the finished article is cleaned of control characters and other code points
no document format accepts (a terminal escape in a plain-text export, a NUL in HTML), in one
pass over the whole article, so neither a field nor an exporter can miss it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from functools import cache
from typing import TypeVar, cast
from urllib.parse import quote, urlsplit

from workbench.analysis.corroboration import corroborations
from workbench.model import (
    CONTEMPORANEOUS_DAYS,
    Case,
    Cell,
    Corroboration,
    Motive,
    SectionKind,
    Source,
    TimingClass,
    Vocabulary,
    timing_class,
)
from workbench.scales import get_scale

V = TypeVar("V", bound=Vocabulary)
T = TypeVar("T")

#: C0 and C1 controls (but tab and newline), lone surrogates and noncharacters.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)


def clean(text: str) -> str:
    """User text fit for any document: line breaks normalised, forbidden code points marked.

    A forbidden character is replaced by U+FFFD rather than dropped, so an editor sees that
    something was there.
    """
    return _FORBIDDEN.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


# What an article may link to: one rule for every exporter.

#: Characters a URL may carry as they are (RFC 3986 unreserved, sub-delims, ":" and "@").
_URL_SAFE = "!$&'()*+,;=:@-._~"
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_HOST_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def _encoded(text: str, safe: str) -> str:
    """Percent-encode what a URL may not carry, leaving existing escapes alone."""
    return quote(_STRAY_PERCENT.sub("%25", text), safe=safe + "%")


def _host(host: str) -> str | None:
    """The host in ASCII if it is a plain DNS name; an odd host is not worth a link."""
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    labels = ascii_host.rstrip(".").split(".")
    return ascii_host if all(_HOST_LABEL.match(label) for label in labels) else None


def safe_href(url: str, *, images: bool = False) -> str | None:
    """A percent-encoded href for a URL an article may point to, or None when it may not.

    Links may go to http(s), mailto or a fragment of this page; images only to http(s).
    Every exporter asks this one function, so no format lets through what another stops.
    """
    url = url.strip()
    if url.startswith("#") and not images:
        return "#" + _encoded(url[1:], _URL_SAFE + "/?")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme == "mailto" and not images:
        return "mailto:" + _encoded(url[len("mailto:") :], _URL_SAFE + "/?")
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = _host(parts.hostname)
    if host is None:
        return None
    href = f"{scheme}://{host}" + (f":{port}" if port is not None else "")
    href += _encoded(parts.path, _URL_SAFE + "/") or "/"
    if parts.query:
        href += "?" + _encoded(parts.query, _URL_SAFE + "/?")
    if parts.fragment:
        href += "#" + _encoded(parts.fragment, _URL_SAFE + "/?")
    return href


@dataclass(frozen=True)
class Row:
    """A labelled line, such as "Motive: reputational — …"; already in words."""

    label: str
    text: str


@dataclass(frozen=True)
class VerdictBox:
    """The verdict at a glance, with the claim it rules on."""

    #: False for a scale that gives no rating (claim and conclusion only).
    rates: bool
    #: Empty when the scale rates but no rating was chosen yet.
    rating: str
    conclusion: str
    #: The confidence label, or empty when none was set.
    confidence: str
    checked_on: str
    claim: str
    claimant: str
    claimant_role: str
    date_made: str

    @property
    def rows(self) -> tuple[Row, ...]:
        """The box as labelled lines, empty fields left out, in the order a reader wants.

        The first row is the rating, or the conclusion when the scale gives no rating.
        """
        rows = []
        if self.rates:
            rows.append(Row("Rating", self.rating or "not rated yet"))
        rows.append(Row("Conclusion", self.conclusion or "no conclusion yet"))
        if self.confidence:
            rows.append(Row("Confidence", self.confidence))
        if self.checked_on:
            rows.append(Row("Checked on", self.checked_on))
        rows.append(Row("Claim", self.claim or "no claim text yet"))
        claimant = ", ".join(part for part in (self.claimant, self.claimant_role) if part)
        if claimant:
            rows.append(Row("Claimant", claimant))
        if self.date_made:
            rows.append(Row("Date made", self.date_made))
        return tuple(rows)


@dataclass(frozen=True)
class BodySection:
    number: int
    heading: str
    #: Markdown citing sources as ``[n]``.
    body: str


@dataclass(frozen=True)
class BottomLine:
    #: Markdown citing sources as ``[n]``.
    body: str
    established: tuple[str, ...]
    unresolved: tuple[str, ...]


@dataclass(frozen=True)
class SourceEntry:
    """One numbered source: its citation details, then its assessment in words."""

    number: int
    title: str
    author: str
    outlet: str
    date_published: str
    #: The date of the events it describes, or a range: two dates joined by an en dash.
    events: str
    date_accessed: str
    url: str
    archived_url: str
    #: The kind's label, or empty when not set.
    kind: str
    assessment: tuple[Row, ...]

    @property
    def details(self) -> tuple[Row, ...]:
        """Who, where and when, as labelled lines; empty fields left out."""
        rows = (
            Row("Author", self.author),
            Row("Outlet", self.outlet),
            Row("Published", self.date_published),
            Row("Events", self.events),
            Row("Kind", self.kind),
            Row("Accessed", self.date_accessed),
        )
        return tuple(row for row in rows if row.text)


#: A sentence may end in a closing quotation mark as well as a full stop.
_SENTENCE_ENDS = frozenset(".!?…\"'\u201d\u2019")


def sentence(text: str) -> str:
    """``text`` ending as a sentence does, so the next sentence does not run into it."""
    if not text or text[-1] in _SENTENCE_ENDS:
        return text
    return text + "."


@dataclass(frozen=True)
class CorrectionEntry:
    date: str
    what: str
    why: str


@dataclass(frozen=True)
class Article:
    """A finished fact-check as readers see it, whatever the output format."""

    title: str
    #: The case's language tag (HTML's ``lang``).
    language: str
    #: Stamped visibly: the article is not (or not yet) fit to publish.
    draft: bool
    verdict: VerdictBox
    #: The executive summary, Markdown.
    summary: str
    sections: tuple[BodySection, ...]
    bottom_line: BottomLine
    sources: tuple[SourceEntry, ...]
    #: Plain-text paragraphs describing only the methods this case used.
    methodology: tuple[str, ...]
    corrections: tuple[CorrectionEntry, ...]


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


def build_article(case: Case, *, draft: bool = False) -> Article:
    """Assemble the article for ``case``; ``draft`` stamps it as not for publication."""
    return _cleaned(_assembled(case, draft))


def _cleaned(value: T) -> T:
    """``value`` with every string in it cleaned, however deep in the article it sits.

    One pass over the finished article rather than a ``clean`` per field: a field added
    later cannot be forgotten. What needs no cleaning is kept as it is, not copied.
    """
    if isinstance(value, str):
        return cast(T, clean(value))
    if isinstance(value, tuple):
        items = tuple(_cleaned(item) for item in value)
        unchanged = all(new is old for new, old in zip(items, value, strict=True))
        return value if unchanged else cast(T, items)
    if is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for name in _field_names(type(value)):
            old = getattr(value, name)
            new = _cleaned(old)
            if new is not old:
                changes[name] = new
        return cast(T, replace(value, **changes)) if changes else value
    return value


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(field.name for field in fields(kind))


def _assembled(case: Case, draft: bool) -> Article:
    """The article with the case's text as it is, control characters and all."""
    scale = get_scale(case.scale)
    verdict = case.verdict
    claim = case.claim
    box = VerdictBox(
        # An unknown (custom) scale is assumed to rate: hiding a rating would lose it.
        rates=scale is None or scale.rates,
        rating=verdict.rating,
        conclusion=verdict.conclusion,
        confidence=verdict.confidence.label if verdict.confidence is not None else "",
        checked_on=verdict.checked_on,
        claim=claim.text,
        claimant=claim.claimant,
        claimant_role=claim.claimant_role,
        date_made=claim.date_made,
    )
    lags = {source.id: source.lag_days for source in case.sources}
    grades = _corroborations(case)
    numbers = {source.id: source.number for source in case.sources}
    return Article(
        title=case.title or claim.text or "Untitled",
        language=case.language or "en",
        draft=draft,
        verdict=box,
        summary=_joined(case, SectionKind.EXECUTIVE_SUMMARY),
        sections=tuple(
            BodySection(number=index, heading=section.heading, body=section.body)
            for index, section in enumerate(
                (s for s in case.sections if s.kind == SectionKind.BODY), start=1
            )
        ),
        bottom_line=BottomLine(
            body=_joined(case, SectionKind.BOTTOM_LINE),
            established=tuple(verdict.established),
            unresolved=tuple(verdict.unresolved),
        ),
        sources=tuple(
            _source_entry(source, lags[source.id], grades[source.id], numbers)
            for source in case.sources
        ),
        methodology=_methodology(case, lags, grades, numbers),
        corrections=tuple(
            CorrectionEntry(date=c.date, what=sentence(c.what), why=sentence(c.why))
            for c in case.corrections
        ),
    )


def _joined(case: Case, kind: SectionKind) -> str:
    """The bodies of every section of one kind: a case may split its summary in two."""
    return "\n\n".join(s.body for s in case.sections if s.kind == kind)


def _corroborations(case: Case) -> dict[str, Corroboration | None]:
    """Each source's corroboration, or None while nothing decides it.

    A source the matrix has not judged yet would come out "unverifiable", which would tell
    the reader something the fact-checker never found. All sources in one pass over the
    matrix: source by source, it is rescanned for each (297 s at 10,000 sources).
    """
    judged = {source_id for _, source_id in case.matrix}
    grades = corroborations(case)
    return {
        source.id: grades[source.id]
        if source.assessment.corroboration_override is not None or source.id in judged
        else None
        for source in case.sources
    }


def lag_words(days: int) -> str:
    """A lag as a reader says it: days, then months, then whole years."""
    if days < 2 * CONTEMPORANEOUS_DAYS:
        unit, count = "day", days
    elif days < 365:
        unit, count = "month", days // 30
    else:
        unit, count = "year", days // 365
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def timing_words(lag: int | None) -> str:
    """A source's timing from its lag in days, e.g. "retrospective: 20 years after the events"."""
    label = timing_class(lag).label
    if lag is None:
        return label
    if lag == 0:
        return f"{label}: published at the time of the events"
    return f"{label}: {lag_words(lag)} after the events"


def _with_note(words: str, note: str) -> str:
    return f"{words} — {note}" if note else words


def _source_entry(
    source: Source, lag: int | None, grade: Corroboration | None, numbers: dict[str, int]
) -> SourceEntry:
    assessment = source.assessment
    rows: list[Row] = []
    if assessment.motive is not None:
        motive = _with_note(assessment.motive.label, assessment.motive_note)
        rows.append(Row("Motive", motive))
    rows.append(Row("Timing", timing_words(lag)))
    if assessment.amid_dispute is not None:
        words = "made amid dispute or tension" if assessment.amid_dispute else "not amid dispute"
        rows.append(Row("Dispute", _with_note(words, assessment.dispute_note)))
    if grade is not None:
        words = grade.label
        if assessment.corroboration_override is not None:
            words += " (set by the fact-checker, not from the evidence matrix)"
        rows.append(Row("Corroboration", _with_note(words, assessment.corroboration_note)))
    if source.derived_from is not None and source.derived_from in numbers:
        rows.append(Row("Independence", f"repeats [{numbers[source.derived_from]}], "
                                        "so it is no independent corroboration"))
    grading = _grading(source)
    if grading:
        rows.append(Row("Grading", grading))
    events = "\N{EN DASH}".join(d for d in (source.event_date, source.event_date_end) if d)
    return SourceEntry(
        number=source.number,
        title=source.title or "Untitled source",
        author=source.author,
        outlet=source.outlet,
        date_published=source.date_published,
        events=events,
        date_accessed=source.date_accessed,
        url=source.url,
        archived_url=source.archived_url,
        kind=source.kind.label if source.kind is not None else "",
        assessment=tuple(rows),
    )


def _meaning(label: str) -> str:
    """The words after the code in an Admiralty label such as "B - usually reliable"."""
    return label.partition(" - ")[2]


def _grading(source: Source) -> str:
    """The Admiralty code with its meaning, e.g. "B2 (usually reliable; probably true)"."""
    reliability = source.assessment.reliability
    credibility = source.assessment.credibility
    parts = [grade for grade in (reliability, credibility) if grade is not None]
    if not parts:
        return ""
    code = "".join(grade.value for grade in parts)
    return f"{code} ({'; '.join(_meaning(grade.label) for grade in parts)})"


_MOTIVE_MEANINGS = {
    Motive.NONE_APPARENT: "no stake in the claim was found",
    Motive.SELF_JUSTIFICATION: "the account defends its teller's own conduct",
    Motive.POLITICAL_NARRATIVE: "the account serves a political story its teller promotes",
    Motive.REPUTATIONAL: "the teller's reputation depends on how the events are seen",
    Motive.COMMERCIAL: "the source stands to gain money from the claim",
    Motive.ADVERSARIAL: "the source opposes the claimant",
    Motive.ADVOCACY: "the source campaigns for a cause the claim touches",
    Motive.UNKNOWN: "the source's stake could not be determined",
}

_TIMING_MEANINGS = {
    TimingClass.CONTEMPORANEOUS: "published within 30 days of the events",
    TimingClass.NEAR_TERM: "published within a year of the events",
    TimingClass.RETROSPECTIVE: (
        "published more than a year after the events, when memory fades and hindsight "
        "can reshape an account"
    ),
    TimingClass.UNDATED: "the date of the events or of publication is unknown",
}

_CORROBORATION_MEANINGS = {
    Corroboration.CORROBORATED: "another independent source supports the same answer",
    Corroboration.CONTRADICTED: "more independent sources disagree with it than agree",
    Corroboration.UNCORROBORATED: "no other source speaks to what it says",
    Corroboration.UNVERIFIABLE: "it takes no position on any question",
}


def _counted(counts: Counter[V], meanings: Mapping[V, str]) -> str:
    """"label (n sources) — meaning" for each value used, in vocabulary order."""
    parts = []
    for value, meaning in meanings.items():
        if counts[value]:
            amount = f"{counts[value]} source" + ("" if counts[value] == 1 else "s")
            parts.append(f"{value.label} ({amount}) — {meaning}")
    return "; ".join(parts)


def _methodology(
    case: Case,
    lags: dict[str, int | None],
    grades: dict[str, Corroboration | None],
    numbers: dict[str, int],
) -> tuple[str, ...]:
    """Paragraphs explaining the tags this case actually uses, and nothing else."""
    paragraphs = []
    scale = get_scale(case.scale)
    if scale is not None and not scale.rates:
        paragraphs.append("This check gives no rating: it states the claim and our conclusion.")
    else:
        name = scale.name if scale is not None else case.scale
        paragraphs.append(f"The rating uses the {name} scale.")
    sources = case.sources
    motives = Counter(s.assessment.motive for s in sources if s.assessment.motive is not None)
    if motives:
        paragraphs.append(
            "For each source we judged its stake in the claim. Motives found: "
            f"{_counted(motives, _MOTIVE_MEANINGS)}."
        )
    if sources:
        timings = Counter(timing_class(lag) for lag in lags.values())
        paragraphs.append(
            "Timing is the lag between the events a source describes and its publication: "
            f"{_counted(timings, _TIMING_MEANINGS)}."
        )
    disputed = sum(1 for source in sources if source.assessment.amid_dispute)
    if disputed:
        amount = "1 source" if disputed == 1 else f"{disputed} sources"
        paragraphs.append(
            f"We marked {amount} as speaking amid dispute or tension over the events, which "
            "can colour an account; each entry says why."
        )
    paragraphs.extend(_corroboration_paragraphs(case, grades, numbers))
    paragraphs.extend(_grading_paragraphs(case))
    return tuple(paragraphs)


def _corroboration_paragraphs(
    case: Case, grades: dict[str, Corroboration | None], numbers: dict[str, int]
) -> list[str]:
    counts = Counter(grade for grade in grades.values() if grade is not None)
    if not counts:
        return []
    paragraphs = []
    questions = len({question_id for question_id, _ in case.matrix})
    if questions:
        amount = "1 question" if questions == 1 else f"{questions} questions"
        cells = set(case.matrix.values())
        weighed = "supports, contradicts or is silent on" if Cell.SILENT in cells else (
            "supports or contradicts"
        )
        text = (
            f"Corroboration comes from our evidence matrix: we split the claim into {amount} "
            f"and recorded whether each source {weighed} each one."
        )
        if Cell.SILENT in cells:
            text += " Silence counts too: a record that should mention something and does not "
            text += "is evidence of its absence."
        paragraphs.append(text)
    paragraphs.append(f"Corroboration found: {_counted(counts, _CORROBORATION_MEANINGS)}.")
    derived = [
        f"[{source.number}] repeats [{numbers[source.derived_from]}]"
        for source in case.sources
        if source.derived_from is not None and source.derived_from in numbers
    ]
    if derived:
        paragraphs.append(
            "A source that merely repeats another does not count as independent "
            f"corroboration ({', '.join(derived)})."
        )
    overridden = [
        f"[{source.number}]"
        for source in case.sources
        if source.assessment.corroboration_override is not None
    ]
    if overridden:
        paragraphs.append(
            f"For {' '.join(overridden)} the fact-checker set corroboration by hand rather "
            "than from the matrix; the entry gives the reason."
        )
    return paragraphs


def _grading_paragraphs(case: Case) -> list[str]:
    reliabilities = {s.assessment.reliability for s in case.sources} - {None}
    credibilities = {s.assessment.credibility for s in case.sources} - {None}
    if not reliabilities and not credibilities:
        return []
    used = [
        f"{grade.value} {_meaning(grade.label)}"
        for grades in (reliabilities, credibilities)
        for grade in sorted(grades, key=lambda g: g.value)
    ]
    return [
        "Sources are graded on the Admiralty system: a letter for the source's reliability "
        f"(A to F) and a digit for the information's credibility (1 to 6). Used here: "
        f"{', '.join(used)}."
    ]
