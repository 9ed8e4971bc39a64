"""Corroboration of each source, derived from the evidence matrix.

A source that takes a position on a question (supports or contradicts) is weighed per
question against the other sources, counted by independent origin: it is *corroborated*
there when at least one agrees and the agreeing origins are no fewer than the disagreeing
ones, and *contradicted* when the disagreeing ones outnumber them. Across questions,
contradiction is reported first, because it is what a fact-checker must resolve. A source
that takes no position anywhere is *unverifiable*; one nobody else speaks to is
*uncorroborated*.
Sources are independent unless one is derived from the other or both from a common origin
(circular reporting is no corroboration). An assessment's override wins over all of this.
"""

from __future__ import annotations

from workbench.model import Case, Cell, Corroboration, Source

_OPPOSITE = {Cell.SUPPORTS: Cell.CONTRADICTS, Cell.CONTRADICTS: Cell.SUPPORTS}


def origin(case: Case, source: Source) -> str:
    """The id of the source this one ultimately repeats (itself if it repeats nothing)."""
    seen = {source.id}
    current = source
    while current.derived_from is not None:
        parent = case.source(current.derived_from)
        if parent is None or parent.id in seen:
            break
        seen.add(parent.id)
        current = parent
    return current.id


def computed_corroboration(case: Case, source: Source) -> Corroboration:
    """Corroboration from the matrix alone, ignoring any override."""
    origins = {other.id: origin(case, other) for other in case.sources}
    own_origin = origins.get(source.id, source.id)
    positions = {
        question_id: cell
        for (question_id, source_id), cell in case.matrix.items()
        if source_id == source.id and cell in _OPPOSITE
    }
    if not positions:
        return Corroboration.UNVERIFIABLE
    agreeing: dict[str, set[str]] = {question_id: set() for question_id in positions}
    disagreeing: dict[str, set[str]] = {question_id: set() for question_id in positions}
    for (question_id, source_id), cell in case.matrix.items():
        position = positions.get(question_id)
        other_origin = origins.get(source_id, source_id)
        if position is None or source_id == source.id or other_origin == own_origin:
            continue
        if cell == position:
            agreeing[question_id].add(other_origin)
        elif cell == _OPPOSITE[position]:
            disagreeing[question_id].add(other_origin)
    verdicts = set()
    for question_id in positions:
        agree, disagree = len(agreeing[question_id]), len(disagreeing[question_id])
        if agree and agree >= disagree:
            verdicts.add(Corroboration.CORROBORATED)
        elif disagree:
            verdicts.add(Corroboration.CONTRADICTED)
    for outcome in (Corroboration.CONTRADICTED, Corroboration.CORROBORATED):
        if outcome in verdicts:
            return outcome
    return Corroboration.UNCORROBORATED


def corroboration(case: Case, source: Source) -> Corroboration:
    """What the case says of the source: the override if set, else the computed value."""
    override = source.assessment.corroboration_override
    return override if override is not None else computed_corroboration(case, source)
