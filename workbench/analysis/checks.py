"""Readiness checks: the linter a desk editor runs before a fact-check goes out.

Errors block a clean export (a forced export is stamped DRAFT); warnings are what an
editor should look at and may accept. Every finding says where it is, so the CLI can print
it and the TUI can jump there, and how to fix it, so nobody has to guess. Findings come
errors first, then in the order a reader meets them: case, claim, verdict, the sections in
reading order, the sources by number, the questions, then comments whose anchor is gone.

The codes are stable (scripts and ``workbench check --json`` key on them): never rename
one, add a new one instead.

Errors:

- ``citation-without-source``: a section cites ``[n]`` and the case has no source n
  (one finding per section and missing number).
- ``no-claim-text``: the claim's wording is empty.
- ``unknown-scale``: the case names a rating scale that is neither shipped nor configured.
- ``no-rating``: the case's scale gives ratings and the verdict has none.
- ``rating-not-on-scale``: the rating is not a label of the case's scale.
- ``no-verdict``: the scale gives no rating ("claim and conclusion") and the conclusion is
  empty, so the article concludes nothing.
- ``no-executive-summary`` / ``no-bottom-line``: the article lacks that section.
- ``empty-section``: a section's body is blank.
- ``publication-altered``: a published snapshot no longer matches its content hash, so
  the case file was changed outside the Workbench (one finding per snapshot).
- ``file-integrity``: SQLite found damage in the file itself; only ``workbench check
  --integrity`` looks (it reads every page), and adds these findings to the others.

Warnings:

- ``no-conclusion``: a rated verdict without its one-line conclusion.
- ``source-not-cited``: no section cites the source.
- ``source-without-motive`` / ``source-without-timing`` / ``source-without-corroboration``:
  one aspect of a source's assessment is missing (timing: the source is undated;
  corroboration: the matrix says nothing of it and there is no override).
- ``section-without-citation``: a body section cites no source.
- ``question-without-evidence``: no source supports or contradicts the question.
- ``single-source-question``: exactly one source takes a side on the question, and it is
  not marked corroborated by hand.
- ``circular-reporting``: two or more sources take the same side on a question, and all
  derive from one origin.
- ``quote-not-in-source``: a quotation matches none of the excerpts of the sources cited
  with it.
- ``quote-without-excerpts``: a quotation cannot be checked, because a source cited with it
  has no excerpts.
- ``rating-against-evidence``: a rating at the true end of the scale while the evidence on
  some question leans against the claim, or at the false end while none does and some
  leans for it.
- ``open-comment``: a review comment is still open (one finding per comment).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from workbench.analysis.balance import QuestionBalance, evidence_balance
from workbench.analysis.citations import cited_numbers
from workbench.analysis.quotes import find_quotes, matches_excerpt
from workbench.model import (
    AnchorKind,
    Case,
    Cell,
    Comment,
    Corroboration,
    Section,
    SectionKind,
    Source,
    TimingClass,
)
from workbench.scales import RatingScale, builtin_scales


class Severity(StrEnum):
    """An error blocks a clean export; a warning asks an editor to look."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Location:
    """Where a finding is, so the TUI can jump there and a person can find it."""

    #: "case", "claim", "verdict", "section", "source", "question" or "comment".
    kind: str
    #: The section, source, question or comment id; empty for the case, claim and verdict.
    id: str = ""
    #: Human words, e.g. 'section 2 "Putin's own later narratives"' or "source [3]".
    label: str = ""


@dataclass(frozen=True)
class Finding:
    """One thing wrong with the case: what, where, and how to put it right."""

    #: Stable kebab-case code, one of ``CODES``.
    code: str
    severity: Severity
    where: Location
    #: One line: what is wrong.
    message: str
    #: One line: how to fix it.
    fix: str

    def to_dict(self) -> dict[str, str]:
        """The finding as ``workbench check --json`` prints it: flat strings only."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "where": self.where.label,
            "message": self.message,
            "fix": self.fix,
            "kind": self.where.kind,
            "id": self.where.id,
        }


@dataclass(frozen=True)
class RatingEnds:
    """The labels of a scale that call a claim true, and those that call it false."""

    true: frozenset[str]
    false: frozenset[str]


#: The two ends of each shipped scale, for spotting a rating the evidence does not bear
#: out. A scale not listed (a user's own) is not checked: only its author knows which of
#: its labels mean true or false. Middle ratings ("Half True", "Mixture") are never at odds.
RATING_ENDS: dict[str, RatingEnds] = {
    "politifact": RatingEnds(
        true=frozenset({"True", "Mostly True"}),
        false=frozenset({"Mostly False", "False", "Pants on Fire"}),
    ),
    "snopes": RatingEnds(
        true=frozenset({"True", "Mostly True"}),
        false=frozenset({"Mostly False", "False"}),
    ),
    "averitec": RatingEnds(true=frozenset({"Supported"}), false=frozenset({"Refuted"})),
}

#: Every code and its severity; a code never changes severity.
CODES: dict[str, Severity] = {
    **dict.fromkeys(
        (
            "citation-without-source", "no-claim-text", "unknown-scale", "no-rating",
            "rating-not-on-scale", "no-verdict", "no-executive-summary", "no-bottom-line",
            "empty-section", "publication-altered", "file-integrity",
        ),
        Severity.ERROR,
    ),
    **dict.fromkeys(
        (
            "no-conclusion", "source-not-cited", "source-without-motive",
            "source-without-timing", "source-without-corroboration",
            "section-without-citation", "question-without-evidence", "single-source-question",
            "circular-reporting", "quote-not-in-source", "quote-without-excerpts",
            "rating-against-evidence", "open-comment",
        ),
        Severity.WARNING,
    ),
}

#: How long a heading, question or quotation may run in a label before it is cut.
LABEL_WIDTH = 60

_KIND_ORDER = ("case", "claim", "verdict", "section", "source", "question", "comment")
CASE = Location("case", label="case")
CLAIM = Location("claim", label="claim")
VERDICT = Location("verdict", label="verdict")


def run_checks(
    case: Case, *, scales: Mapping[str, RatingScale] | None = None
) -> list[Finding]:
    """Every finding for the case, errors first, then in reading order.

    ``scales`` are the scales a case may use (shipped and the user's own, as the config
    gives them); without it only the shipped scales are known.
    """
    review = _Review(case, builtin_scales() if scales is None else scales)
    findings = [
        *review.claim_and_verdict(),
        *review.article_shape(),
        *review.sections(),
        *review.sources(),
        *review.questions(),
        *review.rating_balance(),
        *review.open_comments(),
        *review.publications(),
    ]
    return sorted(findings, key=review.order)


def has_errors(findings: Iterable[Finding]) -> bool:
    """Whether any finding blocks a clean export."""
    return any(finding.severity is Severity.ERROR for finding in findings)


class _Review:
    """One pass over a case: the locations and citations every check shares, built once."""

    def __init__(self, case: Case, scales: Mapping[str, RatingScale]) -> None:
        self.case = case
        self.scales = scales
        self.section_at = _section_locations(case.sections)
        self.source_at = {
            source.id: Location("source", source.id, f"source [{source.number}]")
            for source in case.sources
        }
        self.question_at = {
            question.id: Location(
                "question", question.id,
                f'question "{_short(question.text)}"' if question.text.strip()
                else f"question {position}",
            )
            for position, question in enumerate(case.questions, start=1)
        }
        self.by_id = {source.id: source for source in case.sources}
        self.by_number = {source.number: source for source in case.sources}
        self.cited = {section.id: cited_numbers(section.body) for section in case.sections}
        self.balances = evidence_balance(case)
        self._positions = {
            (kind, item.id): position
            for kind, items in (
                ("section", case.sections),
                ("source", case.sources),
                ("question", case.questions),
                ("comment", case.comments),
            )
            for position, item in enumerate(items)
        }

    def order(self, finding: Finding) -> tuple[int, int, int]:
        """Sort key: errors first, then where a reader meets the finding's location."""
        where = finding.where
        return (
            finding.severity is not Severity.ERROR,
            _KIND_ORDER.index(where.kind),
            self._positions.get((where.kind, where.id), 0),
        )

    # The claim and the verdict.

    def claim_and_verdict(self) -> Iterator[Finding]:
        case, verdict = self.case, self.case.verdict
        if not case.claim.text.strip():
            yield _finding(
                "no-claim-text", CLAIM,
                "The claim has no text, so there is nothing to check",
                "Enter the exact wording of the claim as it was made",
            )
        rating = _short(verdict.rating)
        scale = self.scales.get(case.scale)
        if scale is None:
            known = ", ".join(sorted(self.scales))
            yield _finding(
                "unknown-scale", CASE,
                f'The case uses the rating scale "{_short(case.scale)}", which is not defined',
                f"Switch the case to one of the known scales ({known}), "
                "or define this one in the config",
            )
        elif scale.rates and not rating:
            yield _finding(
                "no-rating", VERDICT,
                f'The verdict has no rating on the "{scale.name}" scale',
                f"Choose a rating: {_labels(scale)}",
            )
        elif rating and scale.rating(verdict.rating) is None:
            yield _finding(
                "rating-not-on-scale", VERDICT,
                f'The rating "{rating}" is not on the "{scale.name}" scale',
                f"Choose a rating: {_labels(scale)}" if scale.rates
                else "Clear the rating, or switch the case to a scale that has it",
            )
        if verdict.conclusion.strip():
            return
        if scale is not None and not scale.rates:
            yield _finding(
                "no-verdict", VERDICT,
                "The verdict has no conclusion, and the case's scale gives no rating, "
                "so the article concludes nothing",
                "Write the one-line conclusion: the claim and what the check found",
            )
        else:
            yield _finding(
                "no-conclusion", VERDICT,
                "The verdict has no one-line conclusion",
                "Write the one-line conclusion: the claim and what the check found",
            )

    # The article's sections.

    def article_shape(self) -> Iterator[Finding]:
        kinds = {section.kind for section in self.case.sections}
        for kind, code in (
            (SectionKind.EXECUTIVE_SUMMARY, "no-executive-summary"),
            (SectionKind.BOTTOM_LINE, "no-bottom-line"),
        ):
            if kind not in kinds:
                yield _finding(
                    code, CASE,
                    f"The article has no {kind.label} section",
                    f"Add a section of kind {kind.label}",
                )

    def sections(self) -> Iterator[Finding]:
        for section in self.case.sections:
            where = self.section_at[section.id]
            if not section.body.strip():
                optional = section.kind is SectionKind.BODY
                yield _finding(
                    "empty-section", where,
                    f"{_capital(where.label)} is empty",
                    f"Write {where.label}{', or delete it' if optional else ''}",
                )
                continue
            cited = self.cited[section.id]
            for number in cited:
                if number not in self.by_number:
                    yield _finding(
                        "citation-without-source", where,
                        f"{_capital(where.label)} cites [{number}], "
                        f"but the case has no source [{number}]",
                        f"Add source [{number}] or change the citation in {where.label}",
                    )
            if section.kind is SectionKind.BODY and not cited:
                yield _finding(
                    "section-without-citation", where,
                    f"{_capital(where.label)} cites no source",
                    f"Cite the sources {where.label} relies on as [n]",
                )
            yield from self._quotes(section, where)

    def _quotes(self, section: Section, where: Location) -> Iterator[Finding]:
        """Check each quotation against the excerpts of the sources cited with it."""
        for quote in find_quotes(section.body):
            sources = [
                source
                for source in map(self.by_number.get, quote.cited)
                if source is not None
            ]
            if not sources or matches_excerpt(
                quote.text, (excerpt for source in sources for excerpt in source.excerpts)
            ):
                continue
            quoted = f'"{_short(quote.text)}"'
            bare = [source for source in sources if not source.excerpts]
            if bare:
                named = _sources(bare)
                have = "has" if len(bare) == 1 else "have"
                yield _finding(
                    "quote-without-excerpts", where,
                    f"The quotation {quoted} in {where.label} cannot be checked: "
                    f"{named} {have} no excerpts to check against",
                    f"Add the passage it quotes to the excerpts of {named}",
                )
            else:
                named = _sources(sources)
                yield _finding(
                    "quote-not-in-source", where,
                    f"The quotation {quoted} in {where.label} matches no excerpt of {named}",
                    f"Correct the quotation, add the passage to the excerpts of {named}, "
                    "or cite the source it comes from",
                )

    # The sources.

    def sources(self) -> Iterator[Finding]:
        cited_anywhere = {number for numbers in self.cited.values() for number in numbers}
        # A source that takes no side on any question is what ``computed_corroboration``
        # calls unverifiable; asking it source by source costs O(sources x matrix).
        sided = {source_id for balance in self.balances for source_id in balance.positions}
        for source in self.case.sources:
            where, name = self.source_at[source.id], f"source [{source.number}]"
            if source.number not in cited_anywhere:
                yield _finding(
                    "source-not-cited", where,
                    f"{_capital(name)} is not cited in any section",
                    f"Cite {name} where the article relies on it, or delete it",
                )
            if source.assessment.motive is None:
                yield _finding(
                    "source-without-motive", where,
                    f"{_capital(name)} has no motive assessed",
                    f'Tag the stake {name} has in the claim ("unknown" if it cannot be told)',
                )
            if source.timing is TimingClass.UNDATED:
                yield _finding(
                    "source-without-timing", where,
                    f"{_capital(name)} has no timing: {_undated_because(source)}",
                    f"Enter when {name} was published and the date of the events it "
                    "describes (YYYY, YYYY-MM or YYYY-MM-DD)",
                )
            if source.assessment.corroboration_override is None and source.id not in sided:
                yield _finding(
                    "source-without-corroboration", where,
                    f"{_capital(name)} has no corroboration assessment: in the evidence "
                    "matrix it supports or contradicts no question",
                    f"Mark in the evidence matrix what {name} says on each question, "
                    "or set its corroboration by hand with a note",
                )

    # The questions and the evidence matrix.

    def questions(self) -> Iterator[Finding]:
        for balance in self.balances:
            where = self.question_at[balance.question.id]
            if not balance.positions:
                yield _finding(
                    "question-without-evidence", where,
                    f"{_capital(where.label)} has no source that supports or contradicts it",
                    f"Mark in the evidence matrix which sources support or contradict "
                    f"{where.label}, or drop the question",
                )
                continue
            if len(balance.positions) == 1:
                source = self.by_id[balance.positions[0]]
                if source.assessment.corroboration_override is not Corroboration.CORROBORATED:
                    name = f"source [{source.number}]"
                    yield _finding(
                        "single-source-question", where,
                        f"{_capital(where.label)} rests on {name} alone",
                        f"Find an independent source on it, or set the corroboration of "
                        f"{name} by hand with a note if it is confirmed elsewhere",
                    )
            for side, ids, origins in (
                ("support", balance.supporting, balance.supporting_origins),
                ("contradict", balance.contradicting, balance.contradicting_origins),
            ):
                if len(ids) >= 2 and len(origins) == 1:
                    yield self._circular(where, side, ids, next(iter(origins)))

    def _circular(
        self, where: Location, side: str, ids: tuple[str, ...], root_id: str
    ) -> Finding:
        """Two or more sources on one side that all repeat one origin are one voice."""
        root = f"source [{self.by_id[root_id].number}]"
        sources = [self.by_id[source_id] for source_id in ids]
        return _finding(
            "circular-reporting", where,
            f"{_capital(where.label)}: {_sources(sources)} {side} it, but all derive from "
            f"{root}, so they are one voice",
            f"Find a source independent of {root}, or count {where.label} as resting on "
            f"{root} alone",
        )

    def rating_balance(self) -> Iterator[Finding]:
        ends = RATING_ENDS.get(self.case.scale)
        scale = self.scales.get(self.case.scale)
        rating = scale.rating(self.case.verdict.rating) if scale is not None else None
        if ends is None or rating is None:
            return
        against = [b for b in self.balances if b.leaning is Cell.CONTRADICTS]
        in_favour = [b for b in self.balances if b.leaning is Cell.SUPPORTS]
        if rating.label in ends.true and against:
            yield _finding(
                "rating-against-evidence", VERDICT,
                f'The rating "{rating.label}" is at the true end of the scale, but the evidence '
                f"on {self._weighed(against[0])}{_and_more(against)} leans against the claim",
                f"Reconsider the rating, or revisit the evidence matrix for "
                f"{self.question_at[against[0].question.id].label}",
            )
        elif rating.label in ends.false and in_favour and not against:
            yield _finding(
                "rating-against-evidence", VERDICT,
                f'The rating "{rating.label}" is at the false end of the scale, but no question\'s '
                f"evidence leans against the claim, and on {self._weighed(in_favour[0])}"
                f"{_and_more(in_favour)} it leans for it",
                "Reconsider the rating, or mark in the evidence matrix the sources that "
                "contradict the claim",
            )

    def _weighed(self, balance: QuestionBalance) -> str:
        """A question's label with its count, e.g. 'question "..." (2 against, 1 for)'."""
        return (
            f"{self.question_at[balance.question.id].label} "
            f"({len(balance.contradicting_origins)} independent against, "
            f"{len(balance.supporting_origins)} for)"
        )

    # Review.

    def open_comments(self) -> Iterator[Finding]:
        for comment in self.case.comments:
            if comment.resolved:
                continue
            where = self._anchor(comment)
            by = f" by {_short(comment.author)}" if comment.author.strip() else ""
            on = "" if where.kind in ("case", "comment") else f" on {where.label}"
            yield _finding(
                "open-comment", where,
                f'Open review comment{by}{on}: "{_short(comment.body)}"',
                "Answer the comment or make the change it asks for, then resolve it "
                "before sign-off",
            )

    def publications(self) -> Iterator[Finding]:
        for number, publication in enumerate(self.case.publications, start=1):
            if not publication.intact:
                yield _finding(
                    "publication-altered", Location("case", label=f"publication {number}"),
                    f"Publication {number} ({_short(publication.published_at)}) no longer "
                    "matches its content hash: the snapshot was changed after publication",
                    "Restore the case file from a backup or an earlier copy; a published "
                    "snapshot is never edited",
                )

    def _anchor(self, comment: Comment) -> Location:
        """The commented part of the case; the comment itself when that part is gone."""
        anchors = {
            AnchorKind.SECTION: self.section_at,
            AnchorKind.SOURCE: self.source_at,
            AnchorKind.QUESTION: self.question_at,
        }.get(comment.anchor_kind)
        if anchors is None:
            return VERDICT if comment.anchor_kind is AnchorKind.VERDICT else CASE
        if comment.anchor_id in anchors:
            return anchors[comment.anchor_id]
        author = _short(comment.author) or "unknown author"
        return Location("comment", comment.id, f"comment by {author}")


def _section_locations(sections: list[Section]) -> dict[str, Location]:
    """Body sections are numbered as the article numbers them; the others go by kind.

    The heading follows unless it only repeats the kind ("Bottom line").
    """
    locations: dict[str, Location] = {}
    number = 0
    for section in sections:
        if section.kind is SectionKind.BODY:
            number += 1
            kind, name = f"section {number}", f"section {number}"
        else:
            kind, name = section.kind.label, f"the {section.kind.label}"
        heading = _short(_main_heading(section.heading))
        if heading.casefold() not in ("", kind):
            name = f'{name} "{heading}"'
        locations[section.id] = Location("section", section.id, name)
    return locations


def _main_heading(heading: str) -> str:
    """A heading without its subtitle: "Bottom line: what ..." reads as "Bottom line"."""
    for separator in (": ", " — "):
        heading = heading.split(separator, 1)[0]
    return heading


def _undated_because(source: Source) -> str:
    published, events = source.date_published.strip(), source.event_date.strip()
    if not published and not events:
        return "it has neither a publication date nor a date for the events"
    if not published:
        return "it has no publication date"
    if not events:
        return "it has no date for the events it describes"
    return "its dates are not of the form YYYY, YYYY-MM or YYYY-MM-DD"


def _labels(scale: RatingScale) -> str:
    return ", ".join(rating.label for rating in scale.ratings)


def _sources(sources: list[Source]) -> str:
    """ "source [1]" or "sources [1] and [3]", for a message."""
    numbers = [f"[{source.number}]" for source in sources]
    if len(numbers) == 1:
        return f"source {numbers[0]}"
    return f"sources {', '.join(numbers[:-1])} and {numbers[-1]}"


def _and_more(balances: list[QuestionBalance]) -> str:
    others = len(balances) - 1
    if not others:
        return ""
    return f" and {others} other question{'s' if others > 1 else ''}"


def _short(text: str, width: int = LABEL_WIDTH) -> str:
    """User text on one line, cut with "…": a message must stay one line."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _finding(code: str, where: Location, message: str, fix: str) -> Finding:
    return Finding(code, CODES[code], where, message, fix)


def readiness_errors(
    case: Case, scales: Mapping[str, RatingScale] | None = None
) -> list[Finding]:
    """The findings that block a clean export, approval and publication, in reading order.

    Every place that refuses or stamps a case for readiness asks this, so they all agree
    on what blocks. ``scales`` as for ``run_checks``.
    """
    return [finding for finding in run_checks(case, scales=scales)
            if finding.severity is Severity.ERROR]
