"""Open review comments as markers beside what they are about: "●2" on a source's row.

The counts are worked out once per change of the case (``OpenCounts.of``: one pass over
the comments) and handed down to the lists, which only look numbers up while drawing: the
source list is drawn a line at a time for 500 sources and must not walk the comments per
line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.model import AnchorKind, Case
from workbench.review import open_comment_counts

#: The marker's sign; a count follows it.
MARKER = "●"
#: How a marker is drawn (Textual content style): it should catch the eye like a warning.
MARKER_STYLE = "bold $text-warning"


def marker(count: int) -> str:
    """``●2`` for two open comments, "" for none."""
    return f"{MARKER}{count}" if count > 0 else ""


@dataclass(frozen=True)
class OpenCounts:
    """Open comments per source, section and question (by id), on the verdict and case."""

    sources: dict[str, int] = field(default_factory=dict)
    sections: dict[str, int] = field(default_factory=dict)
    questions: dict[str, int] = field(default_factory=dict)
    verdict: int = 0
    case: int = 0

    @classmethod
    def of(cls, case: Case) -> OpenCounts:
        by_kind: dict[AnchorKind, dict[str, int]] = {kind: {} for kind in AnchorKind}
        for anchor, count in open_comment_counts(case).items():
            by_kind[anchor.kind][anchor.id] = by_kind[anchor.kind].get(anchor.id, 0) + count
        return cls(
            sources=by_kind[AnchorKind.SOURCE],
            sections=by_kind[AnchorKind.SECTION],
            questions=by_kind[AnchorKind.QUESTION],
            verdict=sum(by_kind[AnchorKind.VERDICT].values()),
            case=sum(by_kind[AnchorKind.CASE].values()),
        )

    @property
    def total(self) -> int:
        return (sum(self.sources.values()) + sum(self.sections.values())
                + sum(self.questions.values()) + self.verdict + self.case)
