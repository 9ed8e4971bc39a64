"""Anchors: the place in a case a review comment is attached to, typed and shown.

An anchor is written as on the command line: ``section:N`` (the Nth section in reading
order), ``source:N`` (citation number N), ``question:N`` (the Nth question), ``verdict``,
``case``. It is stored by id, so a comment stays with its section or source when they
move; the number is worked out again each time it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.model import AnchorKind, Case
from workbench.review.wording import ReviewError, counted, shorten


@dataclass(frozen=True)
class Anchor:
    """What a review comment is attached to: a kind and, for parts of the case, an id."""

    kind: AnchorKind
    id: str = ""


def parse_anchor(case: Case, text: str) -> Anchor:
    """``section:N``, ``source:N``, ``question:N``, ``verdict`` or ``case``, in this case."""
    spec = text.strip().casefold()
    if spec in ("verdict", "case"):
        return Anchor(AnchorKind(spec))
    kind, _, number = spec.partition(":")
    usage = "use section:N, source:N, question:N, verdict or case"
    digits = number.strip()
    # ASCII digits only ("²" is a digit to str.isdigit, not to int), and no more than a
    # part number can have: a thousand-digit N is refused, not converted.
    if kind not in ("section", "source", "question") or not (
            digits.isascii() and digits.isdigit() and len(digits.lstrip("0")) <= 9):
        raise ReviewError(f"{text[:40]!r} is not a place in the case; {usage}")
    n = int(digits)
    if kind == "source":
        source = case.source_by_number(n)
        if source is None:
            raise ReviewError(f"the case has no source [{n}]")
        return Anchor(AnchorKind.SOURCE, source.id)
    items = case.sections if kind == "section" else case.questions
    if not 1 <= n <= len(items):
        raise ReviewError(f"the case has {counted(len(items), kind)}; there is no {kind} {n}")
    return Anchor(AnchorKind(kind), items[n - 1].id)


def anchor_spec(case: Case, kind: AnchorKind | str, anchor_id: str = "") -> str:
    """The anchor as it is typed: ``source:2``; ``source (deleted)`` when it is gone."""
    kind = str(kind)
    if kind in ("verdict", "case", "claim"):
        return kind
    if kind == "source":
        source = case.source(anchor_id)
        return f"source:{source.number}" if source else "source (deleted)"
    items = {"section": case.sections, "question": case.questions}.get(kind)
    if items is None:
        return kind
    position = next((i for i, item in enumerate(items, start=1) if item.id == anchor_id), None)
    return f"{kind}:{position}" if position else f"{kind} (deleted)"


def anchor_label(case: Case, kind: AnchorKind | str, anchor_id: str = "") -> str:
    """The anchor with the words that name it: ``source:2 "Local paper"``."""
    spec = anchor_spec(case, kind, anchor_id)
    name = ""
    if str(kind) == "source" and (source := case.source(anchor_id)):
        name = source.title
    elif str(kind) == "section":
        name = next((s.heading for s in case.sections if s.id == anchor_id), "")
    elif str(kind) == "question":
        name = next((q.text for q in case.questions if q.id == anchor_id), "")
    return f'{spec} "{shorten(name, 40)}"' if name.strip() else spec
