"""The evidence table an article may carry: the case's questions against its sources,
with what the evidence matrix records for each pair.

It shows a reader how the claim was split into checkable questions and which source
says what about each, including the silences (absence of evidence is evidence too). It
is optional (``workbench export --evidence``, or ``[organisation] evidence_table`` for
every export), since a long matrix is more than some desks want in an article.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.model import Case, Cell

#: How a cell reads in an article; the order is the order a question's row lists them.
CELL_WORDS: dict[Cell, str] = {
    Cell.SUPPORTS: "supports",
    Cell.CONTRADICTS: "contradicts",
    Cell.SILENT: "silent",
    Cell.NOT_APPLICABLE: "not applicable",
}


@dataclass(frozen=True)
class EvidenceRow:
    """One question and, for each of the table's sources in turn, its mark ("" unjudged)."""

    question: str
    marks: tuple[str, ...]

    def by_mark(self, sources: tuple[int, ...]) -> tuple[tuple[str, tuple[int, ...]], ...]:
        """The row as (mark, source numbers) in ``CELL_WORDS`` order, unjudged left out:
        what a list, rather than a grid, says about the question."""
        return tuple(
            (word, numbers) for word in CELL_WORDS.values()
            if (numbers := tuple(n for n, mark in zip(sources, self.marks, strict=True)
                                 if mark == word))
        )


@dataclass(frozen=True)
class EvidenceTable:
    """Questions by sources; only sources the matrix judges on some question are columns."""

    sources: tuple[int, ...]
    rows: tuple[EvidenceRow, ...]


def evidence_table(case: Case) -> EvidenceTable | None:
    """The case's evidence table, or None when it has no questions."""
    if not case.questions:
        return None
    judged = {source_id for _, source_id in case.matrix}
    sources = sorted((s for s in case.sources if s.id in judged), key=lambda s: s.number)
    rows = tuple(
        EvidenceRow(
            question=question.text,
            marks=tuple(
                CELL_WORDS[cell] if (cell := case.matrix.get((question.id, s.id))) else ""
                for s in sources
            ),
        )
        for question in case.questions
    )
    return EvidenceTable(sources=tuple(s.number for s in sources), rows=rows)
