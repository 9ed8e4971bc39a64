"""Anchors: the place in a case a review comment is attached to, typed and shown.

An anchor is written as on the command line: ``section:N`` (the Nth body section, as the
article prints it and the readiness checks count it), ``section:summary`` and
``section:bottom-line``, ``source:N`` (citation number N), ``question:N`` (the Nth
question), ``verdict``, ``case``. It is stored by id, so a comment stays with its section
or source when they move; the number is worked out again each time it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.model import AnchorKind, Case
from workbench.review.wording import ReviewError, counted, shorten
from workbench.sections import is_section_name, no_section, section_addresses, section_at


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
    usage = ("use section:N, section:summary, section:bottom-line, source:N, question:N, "
             "verdict or case")
    digits = number.strip()
    if kind == "section" and (section := section_at(case.sections, digits)):
        return Anchor(AnchorKind.SECTION, section.id)
    if kind == "section" and is_section_name(digits):
        raise ReviewError(no_section(case.sections, digits))
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
    if kind == "section":
        raise ReviewError(no_section(case.sections, digits))
    questions = case.questions
    if not 1 <= n <= len(questions):
        raise ReviewError(f"the case has {counted(len(questions), kind)}; there is no {kind} {n}")
    return Anchor(AnchorKind.QUESTION, questions[n - 1].id)


def anchor_spec(case: Case, kind: AnchorKind | str, anchor_id: str = "") -> str:
    """The anchor as it is typed: ``source:2``; ``source (deleted)`` when it is gone."""
    kind = str(kind)
    if kind in ("verdict", "case", "claim"):
        return kind
    if kind == "source":
        source = case.source(anchor_id)
        return f"source:{source.number}" if source else "source (deleted)"
    if kind == "section":
        address = section_addresses(case.sections).get(anchor_id)
        return f"section:{address}" if address else "section (deleted)"
    if kind != "question":
        return kind
    position = next((i for i, question in enumerate(case.questions, start=1)
                     if question.id == anchor_id), None)
    return f"question:{position}" if position else "question (deleted)"


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
