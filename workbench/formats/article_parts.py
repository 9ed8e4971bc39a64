"""The small parts of an article: labelled rows, the verdict box, sections, corrections.

Each is frozen data in words a reader sees, built from the case here so that every
exporter lays out the same wording; ``workbench.formats.article`` puts them together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.model import Case, SectionKind
from workbench.scales import get_scale


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
    #: The case's own heading ("6. Bottom line: what can be said…"), numbered in sequence.
    heading: str
    #: Markdown citing sources as ``[n]``.
    body: str
    established: tuple[str, ...]
    unresolved: tuple[str, ...]


@dataclass(frozen=True)
class CorrectionEntry:
    date: str
    what: str
    why: str


def verdict_box(case: Case) -> VerdictBox:
    """The case's verdict and claim as the box at the top of the article shows them."""
    scale = get_scale(case.scale)
    verdict = case.verdict
    claim = case.claim
    return VerdictBox(
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


#: What a part is called when the case gives it no heading of its own.
SUMMARY_HEADING = "Executive summary"
BOTTOM_LINE_HEADING = "Bottom line"
#: A heading's leading number as the seed writes it: "6. ", "6) ".
_LEADING_NUMBER = re.compile(r"^\d{1,3}(?=[.)]\s)")


def part_heading(case: Case, kind: SectionKind, bodies: int) -> str:
    """The heading the case gives its summary or bottom line, as written.

    The first section of the kind names the part (a case may split one in two); a blank
    heading falls back to the usual label. A bottom line written with a number, as the
    seed numbers it ("6. Bottom line: …"), keeps it, renumbered to follow the ``bodies``
    body sections, so adding a section never leaves two parts numbered alike.
    """
    heading = next((" ".join(s.heading.split()) for s in case.sections if s.kind == kind), "")
    if kind is SectionKind.EXECUTIVE_SUMMARY:
        return heading or SUMMARY_HEADING
    return _LEADING_NUMBER.sub(str(bodies + 1), heading, count=1) or BOTTOM_LINE_HEADING


def corrections(case: Case) -> tuple[CorrectionEntry, ...]:
    """The case's corrections, each what and why read as a sentence."""
    return tuple(
        CorrectionEntry(date=c.date, what=sentence(c.what), why=sentence(c.why))
        for c in case.corrections
    )


#: A sentence may end in a closing quotation mark as well as a full stop.
_SENTENCE_ENDS = frozenset(".!?…\"'\u201d\u2019")


def sentence(text: str) -> str:
    """``text`` ending as a sentence does, so the next sentence does not run into it."""
    if not text or text[-1] in _SENTENCE_ENDS:
        return text
    return text + "."
