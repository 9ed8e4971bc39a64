"""Readiness checks on the article's sections, as a reader meets them.

The summary and bottom line every article needs, sections left empty, citations of
sources the case lacks, and quotations that no excerpt of a cited source bears out.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from workbench.analysis.checked_case import CheckedCase
from workbench.analysis.findings import (
    CASE,
    Finding,
    Location,
    capital,
    finding,
    short,
    sources_named,
)
from workbench.analysis.quote_match import Difference
from workbench.analysis.quotes import check_quote, describe, find_quotes
from workbench.model import Section, SectionKind

#: How many differences a quotation finding spells out; it counts the rest.
MAX_SHOWN = 2


def article_shape(checked: CheckedCase) -> Iterator[Finding]:
    """The executive summary and the bottom line every article has."""
    kinds = {section.kind for section in checked.case.sections}
    for kind, code in (
        (SectionKind.EXECUTIVE_SUMMARY, "no-executive-summary"),
        (SectionKind.BOTTOM_LINE, "no-bottom-line"),
    ):
        if kind not in kinds:
            yield finding(
                code, CASE,
                f"The article has no {kind.label} section",
                f"Add a section of kind {kind.label}",
            )


def sections(checked: CheckedCase) -> Iterator[Finding]:
    """Each section in reading order: its body, its citations and its quotations."""
    for section in checked.case.sections:
        where = checked.section_at[section.id]
        if not section.body.strip():
            optional = section.kind is SectionKind.BODY
            yield finding(
                "empty-section", where,
                f"{capital(where.label)} is empty",
                f"Write {where.label}{', or delete it' if optional else ''}",
            )
            continue
        cited = checked.cited[section.id]
        for number in cited:
            if number not in checked.by_number:
                yield finding(
                    "citation-without-source", where,
                    f"{capital(where.label)} cites [{number}], "
                    f"but the case has no source [{number}]",
                    f"Add source [{number}] or change the citation in {where.label}",
                )
        if section.kind is SectionKind.BODY and not cited:
            yield finding(
                "section-without-citation", where,
                f"{capital(where.label)} cites no source",
                f"Cite the sources {where.label} relies on as [n]",
                subject=section.body,
            )
        yield from _quotes(checked, section, where)


def _quotes(checked: CheckedCase, section: Section, where: Location) -> Iterator[Finding]:
    """Check each quotation, word for word, against the excerpts of the sources cited with
    it, or against the claim when it quotes the claim (see ``analysis.quotes``)."""
    claim = checked.case.claim.text
    for quote in find_quotes(section.body):
        sources = [
            source
            for source in map(checked.by_number.get, quote.cited)
            if source is not None
        ]
        wrong = check_quote(
            quote.text, claim, [(source.number, source.excerpts) for source in sources]
        )
        if wrong is None:
            continue
        quoted = f'"{short(quote.text)}"'
        bare = [source for source in sources if not source.excerpts]
        if wrong.claim:
            yield finding(
                "quote-not-in-source", where,
                f"The quotation {quoted} in {where.label} differs from the claim: "
                + _differences(wrong.differences, "the claim"),
                "Quote the claim as the case records it, or cite the source the words "
                "come from",
                subject=quote.text,
            )
        elif bare:
            named = sources_named(bare)
            have = "has" if len(bare) == 1 else "have"
            yield finding(
                "quote-without-excerpts", where,
                f"The quotation {quoted} in {where.label} cannot be checked: "
                f"{named} {have} no excerpts to check against",
                f"Add the passage it quotes to the excerpts of {named}",
                subject=quote.text,
            )
        else:
            named = sources_named(sources)
            said = _differences(wrong.differences, f"the excerpt of [{wrong.number}]")
            yield finding(
                "quote-not-in-source", where,
                f"The quotation {quoted} in {where.label} matches no excerpt of {named}"
                + (f": {said}" if said else ""),
                f"Correct the quotation, add the passage to the excerpts of {named}, "
                "or cite the source it comes from",
                subject=quote.text,
            )


def _differences(differences: Sequence[Difference], of: str) -> str:
    """The first few differences in words, and how many more there are."""
    shown = "; ".join(describe(difference, of) for difference in differences[:MAX_SHOWN])
    more = len(differences) - MAX_SHOWN
    return shown + (f"; and {more} more difference{'s' if more > 1 else ''}" if more > 0 else "")
