"""The evidence balance: for each question, who supports it and who contradicts it.

Sources are counted by independent origin (see ``corroboration.origin``): three outlets
repeating one press release are one voice, not three. Silence and "not applicable" take no
side, so they weigh on neither. The readiness checks read this to spot a question resting
on one source, circular reporting, and a rating the matrix does not bear out.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.analysis.corroboration import origins as source_origins
from workbench.model import Case, Cell, Question

#: The cells that take a side; silence and "not applicable" weigh on neither.
_SIDES = (Cell.SUPPORTS, Cell.CONTRADICTS)


@dataclass(frozen=True)
class QuestionBalance:
    """The sources taking each side on one question, in citation order, and their origins."""

    question: Question
    supporting: tuple[str, ...] = ()
    contradicting: tuple[str, ...] = ()
    supporting_origins: frozenset[str] = frozenset()
    contradicting_origins: frozenset[str] = frozenset()

    @property
    def positions(self) -> tuple[str, ...]:
        """Every source that takes a side, supporting first."""
        return self.supporting + self.contradicting

    @property
    def leaning(self) -> Cell | None:
        """The side more independent origins take, or None when they are level."""
        support, contradiction = len(self.supporting_origins), len(self.contradicting_origins)
        if support > contradiction:
            return Cell.SUPPORTS
        if contradiction > support:
            return Cell.CONTRADICTS
        return None


def evidence_balance(case: Case) -> list[QuestionBalance]:
    """The balance of every question, in the case's order of questions."""
    # One pass for every source's origin: asking source by source rebuilds the whole
    # derivation map each time, which is quadratic (80 ms at 500 sources).
    found = source_origins(case)
    origins = {source.id: found.get(source.id, source.id) for source in case.sources}
    sides = _sides(case)
    balances = []
    for question in case.questions:
        supporting, contradicting = sides.get(question.id, ((), ()))
        balances.append(
            QuestionBalance(
                question=question,
                supporting=supporting,
                contradicting=contradicting,
                supporting_origins=frozenset(origins[s] for s in supporting),
                contradicting_origins=frozenset(origins[s] for s in contradicting),
            )
        )
    return balances


def _sides(case: Case) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Per question, the sources supporting and those contradicting it, in citation order.

    From the matrix's cells, not from every question crossed with every source: a
    matrix is sparse, and the cross product grows as questions times sources.
    """
    order = {source.id: position for position, source in enumerate(case.sources)}
    taken: dict[str, dict[Cell, list[str]]] = {}
    for (question_id, source_id), cell in case.matrix.items():
        if cell in _SIDES and source_id in order:
            sides = taken.setdefault(question_id, {side: [] for side in _SIDES})
            sides[cell].append(source_id)
    return {
        question_id: (
            tuple(sorted(sides[Cell.SUPPORTS], key=order.__getitem__)),
            tuple(sorted(sides[Cell.CONTRADICTS], key=order.__getitem__)),
        )
        for question_id, sides in taken.items()
    }
