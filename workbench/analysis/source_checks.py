"""Readiness checks on each source: is it cited, and is its assessment complete?

An assessment a reader can trust says the source's stake in the claim (motive), how long
after the events it spoke (timing) and whether other sources bear it out (corroboration).
"""

from __future__ import annotations

from collections.abc import Iterator

from workbench.analysis.checked_case import CheckedCase
from workbench.analysis.findings import Finding, capital, finding
from workbench.model import Source, TimingClass


def sources(checked: CheckedCase) -> Iterator[Finding]:
    """Each source by number: cited somewhere, and its assessment filled in."""
    cited_anywhere = {number for numbers in checked.cited.values() for number in numbers}
    # A source that takes no side on any question is what ``computed_corroboration``
    # calls unverifiable; asking it source by source costs O(sources x matrix).
    sided = {source_id for balance in checked.balances for source_id in balance.positions}
    for source in checked.case.sources:
        where, name = checked.source_at[source.id], f"source [{source.number}]"
        if source.number not in cited_anywhere:
            yield finding(
                "source-not-cited", where,
                f"{capital(name)} is not cited in any section",
                f"Cite {name} where the article relies on it, or delete it",
            )
        if source.assessment.motive is None:
            yield finding(
                "source-without-motive", where,
                f"{capital(name)} has no motive assessed",
                f'Tag the stake {name} has in the claim ("unknown" if it cannot be told)',
            )
        if source.timing is TimingClass.UNDATED:
            yield finding(
                "source-without-timing", where,
                f"{capital(name)} has no timing: {_undated_because(source)}",
                f"Enter when {name} was published and the date of the events it "
                "describes (YYYY, YYYY-MM or YYYY-MM-DD)",
            )
        if source.assessment.corroboration_override is None and source.id not in sided:
            yield finding(
                "source-without-corroboration", where,
                f"{capital(name)} has no corroboration assessment: in the evidence "
                "matrix it supports or contradicts no question",
                f"Mark in the evidence matrix what {name} says on each question, "
                "or set its corroboration by hand with a note",
            )


def _undated_because(source: Source) -> str:
    published, events = source.date_published.strip(), source.event_date.strip()
    if not published and not events:
        return "it has neither a publication date nor a date for the events"
    if not published:
        return "it has no publication date"
    if not events:
        return "it has no date for the events it describes"
    return "its dates are not of the form YYYY, YYYY-MM or YYYY-MM-DD"
