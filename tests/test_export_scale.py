"""Exports and readiness checks stay linear in the number of sources.

Timing is no test (the machine is shared), so these count work instead: every Python and
C function call made while exporting a case of n sources and of 2n sources. Linear work
doubles; a loop over the sources inside a loop over the sources quadruples. The whole-matrix
passes (every source's corroboration, every source's origin) must run a fixed number of
times, however many sources there are.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

import pytest

from workbench.analysis import balance, corroboration
from workbench.analysis.checks import run_checks
from workbench.config import load_config
from workbench.formats.export import render
from workbench.model import (
    AnchorKind,
    Assessment,
    Case,
    Cell,
    Claim,
    Comment,
    Corroboration,
    Motive,
    Question,
    Section,
    SectionKind,
    Source,
    Verdict,
)

SOURCES = 150
#: Twice the sources may cost a little over twice the work (a fixed part shrinks in
#: proportion), never the nearly four times a quadratic loop costs.
LINEAR_RATIO = 2.3
#: Sources per body section: the article grows with its sources, as real ones do.
CITED_PER_SECTION = 10


def scaled_case(sources: int) -> Case:
    """A case touching every per-source path: chains of repeated sources, overrides,
    quotations checked against excerpts, the matrix, comments on sources."""
    case = Case(id="scale", title="Scale", claim=Claim(text="A claim."),
                verdict=Verdict(rating="True", conclusion="Checked."))
    case.questions = [Question(id=f"q{index}", text=f"Question {index}?") for index in range(3)]
    for number in range(1, sources + 1):
        override = Corroboration.CORROBORATED if number % 7 == 0 else None
        case.sources.append(Source(
            id=f"s{number}", number=number, title=f"Source {number}",
            url=f"https://example.org/{number}", date_published="2020-05-01",
            event_date="2019", excerpts=[f"the minister said figure {number} was right"],
            # The first half repeat each the next: one long chain of circular reporting.
            derived_from=f"s{number + 1}" if number < sources // 2 else None,
            assessment=Assessment(motive=Motive.NONE_APPARENT,
                                  corroboration_override=override),
        ))
        case.comments.append(Comment(id=f"c{number}", anchor_kind=AnchorKind.SOURCE,
                                     anchor_id=f"s{number}", body="Check this."))
    cells = (Cell.SUPPORTS, Cell.SUPPORTS, Cell.CONTRADICTS, Cell.SILENT)
    for question in case.questions:
        for index, source in enumerate(case.sources):
            case.matrix[(question.id, source.id)] = cells[index % len(cells)]
    case.sections = [
        Section(id="sum", kind=SectionKind.EXECUTIVE_SUMMARY, body="In short [1]."),
        *(
            Section(id=f"b{first}", heading=f"Part {first}", body="\n\n".join(
                f'He said "the minister said figure {number} was right" [{number}].'
                for number in range(first, min(first + CITED_PER_SECTION, sources + 1))
            ))
            for first in range(1, sources + 1, CITED_PER_SECTION)
        ),
        Section(id="end", kind=SectionKind.BOTTOM_LINE, body="Therefore [2]."),
    ]
    return case


def calls_made(action: Callable[[], object]) -> int:
    """How many functions (Python and built-in) ``action`` calls, directly or not."""
    count = 0

    def profile(_frame: FrameType, event: str, _arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return count


EXPORTS: dict[str, Callable[[Case], object]] = {
    "checks": run_checks,
    **{
        name: lambda case, name=name: render(case, name, config=load_config())
        for name in ("md", "html", "txt", "json", "claimreview")
    },
}


@pytest.mark.parametrize("name", EXPORTS)
def test_work_doubles_when_the_sources_double(name: str) -> None:
    export = EXPORTS[name]
    small, large = scaled_case(SOURCES), scaled_case(2 * SOURCES)
    # The first calls pay for imports and caches: both cases, since the quote check
    # keeps each quotation's compiled pattern, as it runs on every pause in typing.
    export(small)
    export(large)
    ratio = calls_made(lambda: export(large)) / calls_made(lambda: export(small))
    assert ratio < LINEAR_RATIO, f"{name}: twice the sources cost {ratio:.2f} times the calls"


@pytest.fixture
def whole_matrix_passes(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    """Counts of the passes over every source, wherever they are called from."""
    counts = {"computed_corroborations": 0, "origins": 0}

    def counted(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return function(*args, **kwargs)
        return wrapper

    computed = counted("computed_corroborations", corroboration.computed_corroborations)
    origins = counted("origins", corroboration.origins)
    monkeypatch.setattr(corroboration, "computed_corroborations", computed)
    monkeypatch.setattr(corroboration, "origins", origins)
    monkeypatch.setattr(balance, "source_origins", origins)
    yield counts


@pytest.mark.parametrize("name", EXPORTS)
def test_whole_matrix_passes_do_not_grow_with_the_sources(
    name: str, whole_matrix_passes: dict[str, int]
) -> None:
    passes = []
    for sources in (SOURCES, 2 * SOURCES):
        for key in whole_matrix_passes:
            whole_matrix_passes[key] = 0
        EXPORTS[name](scaled_case(sources))
        passes.append(dict(whole_matrix_passes))
    assert passes[0] == passes[1]
    assert all(count <= 2 for count in passes[1].values()), passes[1]
