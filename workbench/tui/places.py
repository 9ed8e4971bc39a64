"""Where on the case screen an item is put right or looked at: a finding's, a comment's.

Enter on a readiness finding (the checks tab) or on a comment thread (the review tab)
takes the keyboard to the item it is about. Which item, and which widget of it, is worked
out here from the case alone, so the rule is plain data; the screen then moves there
(``case_panes``), or opens the matrix on a question.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from workbench.analysis.checks import Finding
from workbench.model import AnchorKind, Case
from workbench.review import Anchor, anchor_spec


class PlaceKind(Enum):
    #: The source's row in the source list.
    SOURCE = "source"
    #: The section list, on the section if one is named (where "a" adds one).
    SECTION = "section"
    #: The section's text, in the editor.
    SECTION_TEXT = "section-text"
    #: The question's row in the evidence matrix.
    QUESTION = "question"
    #: A field of the claim pane, by its widget id.
    FIELD = "field"


@dataclass(frozen=True)
class Place:
    """A place on the case screen: a kind, and the id of the item or the field there."""

    kind: PlaceKind
    id: str = ""


#: Where in the claim pane each claim or verdict finding is put right.
_FINDING_FIELDS = {
    "no-claim-text": "claim-text",
    "unknown-scale": "scale",
    "no-rating": "rating",
    "rating-not-on-scale": "rating",
    "rating-against-evidence": "rating",
    "no-verdict": "conclusion",
    "no-conclusion": "conclusion",
}


def finding_place(case: Case, finding: Finding) -> Place | None:
    """Where ``finding`` is put right: the field, the source, the section's text, the
    question; None when nothing on the screen is (a comment whose place is gone)."""
    where = finding.where
    field = _FINDING_FIELDS.get(finding.code)
    if where.kind == "source" and case.source(where.id) is not None:
        return Place(PlaceKind.SOURCE, where.id)
    if where.kind == "section" and any(s.id == where.id for s in case.sections):
        return Place(PlaceKind.SECTION_TEXT, where.id)
    if where.kind == "question" and any(q.id == where.id for q in case.questions):
        return Place(PlaceKind.QUESTION, where.id)
    if field is not None or where.kind in ("claim", "verdict"):
        return Place(PlaceKind.FIELD, field or "conclusion")
    if finding.code in ("no-executive-summary", "no-bottom-line"):
        # Put right by adding a section: the list is where "a" does that.
        return Place(PlaceKind.SECTION)
    return None


def anchor_place(case: Case, anchor: Anchor) -> Place | None:
    """Where the item a comment is about is shown; None when it was deleted."""
    if anchor_spec(case, anchor.kind, anchor.id).endswith("(deleted)"):
        return None
    if anchor.kind is AnchorKind.SOURCE:
        return Place(PlaceKind.SOURCE, anchor.id)
    if anchor.kind is AnchorKind.SECTION:
        return Place(PlaceKind.SECTION, anchor.id)
    if anchor.kind is AnchorKind.QUESTION:
        return Place(PlaceKind.QUESTION, anchor.id)
    if anchor.kind is AnchorKind.VERDICT:
        # A text, not the conclusion's line: it takes the focus even when read-only.
        return Place(PlaceKind.FIELD, "established")
    return Place(PlaceKind.FIELD, "claim-text")
