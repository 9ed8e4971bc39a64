"""The article's source list and the methodology note that explains its tags.

Each source is numbered as the article cites it, with its citation details and its
assessment in words (motive, timing, dispute, corroboration, independence, grading). The
methodology note explains only the tags this case uses, in the same words, so a reader
can look up what "retrospective" or "B2" means without a glossary of things never used.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from workbench.analysis.corroboration import (
    corroborations,
    one_origin_groups,
    one_origin_words,
)
from workbench.formats.article_parts import Row
from workbench.model import (
    CONTEMPORANEOUS_DAYS,
    ArchivedCopy,
    Case,
    Cell,
    Corroboration,
    Motive,
    Source,
    TimingClass,
    Vocabulary,
    timing_class,
)
from workbench.scales import get_scale

V = TypeVar("V", bound=Vocabulary)


#: The label of the row listing a source's archived copies (the HTML shows them as links).
ARCHIVED_COPIES = "Archived copies"


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
    #: Where its excerpts are in it, "p. 12: “…”; at 06:09: “…”"; empty when none is placed.
    excerpts: str = ""
    #: Copies kept by web archives, in the order added.
    archived_copies: tuple[ArchivedCopy, ...] = ()
    #: The copy a Robust Link points at (``Source.latest_copy``); None when there is none.
    latest_copy: ArchivedCopy | None = None
    #: The files of it kept in the case file, each as "page.pdf (PDF, 12,345 bytes,
    #: SHA-256 3f2a9c1e5b7d…)".
    captures: str = ""

    @property
    def copies_text(self) -> str:
        """The archived copies in words: "Wayback Machine, 2021-03-04: URL; ..."."""
        return "; ".join(
            f"{', '.join(part for part in (copy.archive, copy.captured) if part) or 'copy'}: "
            f"{copy.url}" for copy in self.archived_copies)

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
            Row(ARCHIVED_COPIES, self.copies_text),
            Row("Captures", self.captures),
            Row("Excerpts", self.excerpts),
        )
        return tuple(row for row in rows if row.text)


def source_list(case: Case) -> tuple[tuple[SourceEntry, ...], tuple[str, ...]]:
    """The numbered source entries, and the methodology paragraphs that explain them."""
    lags = {source.id: source.lag_days for source in case.sources}
    grades = _corroborations(case)
    numbers = {source.id: source.number for source in case.sources}
    same_origin = {member.id: members for _, members in one_origin_groups(case)
                   for member in members}
    entries = tuple(
        _source_entry(source, lags[source.id], grades[source.id], numbers, same_origin)
        for source in case.sources
    )
    return entries, _methodology(case, lags, grades, numbers)


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
    source: Source, lag: int | None, grade: Corroboration | None, numbers: dict[str, int],
    same_origin: dict[str, list[Source]],
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
    if source.origin.strip():
        rows.append(Row("Origin", _origin_words(source, same_origin)))
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
        excerpts=_located_excerpts(source),
        archived_copies=tuple(source.archived_copies),
        latest_copy=source.latest_copy(),
        captures="; ".join(
            f"{capture.name} ({capture.media_type.rpartition('/')[2].upper()}, "
            f"{capture.size:,} bytes, SHA-256 {capture.sha256[:12]}…)"
            for capture in source.captures),
    )


#: How much of an excerpt the source list quotes beside its place.
_EXCERPT_SHOWN = 100


def _located_excerpts(source: Source) -> str:
    """The excerpts placed in the source, each as "p. 12: “text”"; the others left out."""
    placed = []
    for index, text in enumerate(source.excerpts):
        citation = source.locator(index).citation
        if citation:
            words = " ".join(text.split())
            if len(words) > _EXCERPT_SHOWN:
                words = words[:_EXCERPT_SHOWN].rsplit(" ", 1)[0] + " …"
            placed.append(f"{citation}: “{words}”")
    return "; ".join(placed)


def _origin_words(source: Source, same_origin: dict[str, list[Source]]) -> str:
    """Whose account the source carries, and which other sources carry it too."""
    name = " ".join(source.origin.split())
    others = [f"[{other.number}]" for other in same_origin.get(source.id, [])
              if other.id != source.id]
    if not others:
        return name
    if len(others) == 1:
        return f"{name}; {others[0]} carries the same account: one origin"
    listed = f"{', '.join(others[:-1])} and {others[-1]}"
    return f"{name}; {listed} carry the same account: one origin"


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
    shared = [one_origin_words(members, name) for name, members in one_origin_groups(case)]
    if shared:
        paragraphs.append(
            "Sources that carry one speaker's or organisation's account count once, however "
            f"many outlets carried it: {'; '.join(shared)}."
        )
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
