"""Large synthetic cases for benchmarks, built from the real claims in ../shared/datasets."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

from workbench.model import (
    Assessment,
    Case,
    Cell,
    Claim,
    Motive,
    Question,
    Section,
    SectionKind,
    Source,
    SourceKind,
    Verdict,
)

DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"


def liar_statements() -> list[tuple[str, str, str]]:
    """(statement, speaker, justification) rows of LIAR-PLUS, or synthetic ones offline."""
    rows: list[tuple[str, str, str]] = []
    for name in ("liar-plus-val2.tsv", "liar-plus-test2.tsv"):
        path = DATASETS / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle, delimiter="\t"):
                if len(row) >= 16:
                    rows.append((row[3], row[5], row[15]))
    return rows or [(f"Claim number {i} about the economy", "someone", "") for i in range(100)]


def large_case(sources: int = 500, sections: int = 100, questions: int = 10) -> Case:
    statements = itertools.cycle(liar_statements())
    case = Case(id="bench", title="A large case", claim=Claim(text=next(statements)[0]),
                verdict=Verdict(conclusion="A verdict drawn from five hundred sources."))
    case.questions = [Question(id=f"q{i}", text=f"Question {i}?") for i in range(questions)]
    for number in range(1, sources + 1):
        statement, speaker, justification = next(statements)
        case.sources.append(Source(
            id=f"s{number}", number=number, title=statement[:120], author=speaker,
            outlet="Outlet", url=f"https://example.org/{number}", kind=SourceKind.NEWS_REPORT,
            date_published="2020-05-01", event_date="2019", excerpts=[justification[:300]],
            assessment=Assessment(motive=Motive.NONE_APPARENT, motive_note="none seen"),
        ))
    cells = itertools.cycle(Cell)
    for question in case.questions:
        for source in case.sources[::5]:
            case.matrix[(question.id, source.id)] = next(cells)
    case.sections = [Section(id="sum", kind=SectionKind.EXECUTIVE_SUMMARY, heading="Summary",
                             body="In short [1] [2].")]
    for index in range(sections - 2):
        body = " ".join(f"Paragraph sentence citing [{(index * 7 + k) % sources + 1}]."
                        for k in range(20))
        case.sections.append(Section(id=f"b{index}", heading=f"Section {index + 1}", body=body))
    case.sections.append(Section(id="end", kind=SectionKind.BOTTOM_LINE, heading="Bottom line",
                                 body="Therefore [3]."))
    return case
