"""Readiness checks on the review: what must be settled before a case goes out.

Review comments still open, and published snapshots changed behind the Workbench's back.
"""

from __future__ import annotations

from collections.abc import Iterator

from workbench.analysis.checked_case import CheckedCase
from workbench.analysis.findings import CASE, VERDICT, Finding, Location, finding, short
from workbench.model import AnchorKind, Comment


def open_comments(checked: CheckedCase) -> Iterator[Finding]:
    """Each unresolved comment, at the part of the case it is about."""
    for comment in checked.case.comments:
        if comment.resolved:
            continue
        where = _anchor(checked, comment)
        by = f" by {short(comment.author)}" if comment.author.strip() else ""
        on = "" if where.kind in ("case", "comment") else f" on {where.label}"
        yield finding(
            "open-comment", where,
            f'Open review comment{by}{on}: "{short(comment.body)}"',
            "Answer the comment or make the change it asks for, then resolve it "
            "before sign-off",
            subject=comment.body,
        )


def publications(checked: CheckedCase) -> Iterator[Finding]:
    """Each published snapshot whose content no longer matches its hash."""
    for number, publication in enumerate(checked.case.publications, start=1):
        if not publication.intact:
            yield finding(
                "publication-altered", Location("case", label=f"publication {number}"),
                f"Publication {number} ({short(publication.published_at)}) no longer "
                "matches its content hash: the snapshot was changed after publication",
                "Restore the case file from a backup or an earlier copy; a published "
                "snapshot is never edited",
            )


def _anchor(checked: CheckedCase, comment: Comment) -> Location:
    """The commented part of the case; the comment itself when that part is gone."""
    anchors = {
        AnchorKind.SECTION: checked.section_at,
        AnchorKind.SOURCE: checked.source_at,
        AnchorKind.QUESTION: checked.question_at,
    }.get(comment.anchor_kind)
    if anchors is None:
        return VERDICT if comment.anchor_kind is AnchorKind.VERDICT else CASE
    if comment.anchor_id in anchors:
        return anchors[comment.anchor_id]
    author = short(comment.author) or "unknown author"
    return Location("comment", comment.id, f"comment by {author}")
