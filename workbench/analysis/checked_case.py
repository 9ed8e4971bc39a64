"""The case as the readiness checks see it: what every check needs, worked out once.

Each group of checks names sections, sources and questions the same way, looks sources up
by number and by id, and reads the same citations and evidence balances. Building those
once per run keeps the checks linear in the size of the case (source by source, the
evidence matrix would be rescanned for each) and their labels consistent.
"""

from __future__ import annotations

from collections.abc import Mapping

from workbench.analysis.balance import evidence_balance
from workbench.analysis.citations import cited_numbers
from workbench.analysis.findings import Finding, Location, Severity, short
from workbench.model import Case, Section, SectionKind
from workbench.scales import RatingScale
from workbench.sections import section_addresses

#: The order a reader meets the parts of a case in, for sorting findings.
_KIND_ORDER = ("case", "claim", "verdict", "section", "source", "question", "comment")


class CheckedCase:
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
                f'question "{short(question.text)}"' if question.text.strip()
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


def _section_locations(sections: list[Section]) -> dict[str, Location]:
    """Body sections are numbered as ``section:N`` numbers them (as the article prints
    them); the others go by kind.

    The heading follows unless it only repeats the kind ("Bottom line").
    """
    addresses = section_addresses(sections)
    locations: dict[str, Location] = {}
    for section in sections:
        if section.kind is SectionKind.BODY:
            kind = name = f"section {addresses[section.id]}"
        else:
            kind, name = section.kind.label, f"the {section.kind.label}"
        heading = short(_main_heading(section.heading))
        if heading.casefold() not in ("", kind):
            name = f'{name} "{heading}"'
        locations[section.id] = Location("section", section.id, name)
    return locations


def _main_heading(heading: str) -> str:
    """A heading without its subtitle: "Bottom line: what ..." reads as "Bottom line"."""
    for separator in (": ", " — "):
        heading = heading.split(separator, 1)[0]
    return heading
