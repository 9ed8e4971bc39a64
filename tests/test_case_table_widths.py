"""The library table gives case titles the width there is, at 120 and at 80 columns.

A title is how a desk tells its cases apart, so it comes first: it is cut only when the
terminal is too narrow for it, and in a narrow terminal the claim column goes before the
title is cut to a stub.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import settle
from workbench.casefile.library import LibraryEntry
from workbench.casefile.store import CaseFile
from workbench.model import Case, Claim
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_table import CaseTable, column_widths, text_widths

#: 58 characters: more than the old three-fifths share at 120 columns (47 cells).
TITLE = "Did the US cut its carbon pollution more than any nation?"
CLAIM = ("Over the past eight years, the United States has cut its total carbon pollution "
         "more than any other advanced nation")
LONGEST = ("Is there long historical precedent for a Supreme Court nominee not being "
           "confirmed in an election year, as the senator said?")


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    for name, title, updated in (("carbon", TITLE, "2025-03-11T08:00:00Z"),
                                 ("court", LONGEST, "2025-03-10T08:00:00Z")):
        case = Case(title=title, claim=Claim(text=CLAIM), created=updated, updated=updated)
        CaseFile.create(folder / f"{name}.case.db", case).close()
    return folder


async def shown_rows(library: Path, size: tuple[int, int]) -> list[str]:
    """The table's header and rows as the terminal shows them."""
    app = WorkbenchApp(library=library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = app.screen.query_one(CaseTable)
        return [table.render_line(y).text for y in range(3)]


async def test_at_120_columns_a_title_that_fits_is_shown_whole(library: Path) -> None:
    header, carbon, court = await shown_rows(library, (120, 40))
    assert f"  {TITLE}  " in carbon
    assert "Claim" in header and "Over the past" in carbon
    # The longest title is cut only where the claim keeps its 20 cells.
    title_cells = len(court) - len(court.lstrip()) + len(court.strip().split("  ")[0])
    assert court.strip().startswith(LONGEST[:50])
    assert title_cells >= 60


async def test_at_80_columns_the_title_takes_the_claims_room(library: Path) -> None:
    header, carbon, court = await shown_rows(library, (80, 24))
    assert "Claim" not in header and "Title" in header
    assert carbon.strip().startswith(TITLE[:38])
    assert court.strip().startswith(LONGEST[:38])
    assert "Over the past" not in carbon


def test_the_title_takes_what_it_needs_and_the_claim_the_rest() -> None:
    assert text_widths(80, longest_title=27, longest_claim=200) == (27, 53)
    # Titles longer than the room: the claim keeps a quarter (20 cells at least).
    assert text_widths(80, longest_title=200, longest_claim=200) == (60, 20)
    assert text_widths(120, longest_title=200, longest_claim=200) == (90, 30)
    # Too narrow for both: the title takes it all and the claim column is hidden.
    assert text_widths(39, longest_title=200, longest_claim=200) == (39, 0)
    # A title that fits is whole, when the claim keeps a few cells (8) or goes.
    assert text_widths(39, longest_title=27, longest_claim=200) == (27, 12)
    assert text_widths(68, longest_title=57, longest_claim=200) == (57, 11)
    assert text_widths(39, longest_title=35, longest_claim=200) == (39, 0)
    assert text_widths(10, longest_title=200, longest_claim=200) == (24, 0)


def test_the_columns_fill_the_width() -> None:
    rows = [LibraryEntry("a", TITLE, CLAIM, "draft", "False", "2024-01-01")]
    for width in (80, 100, 120, 200):
        title, claim, status, rating, updated = column_widths(width, rows)
        assert title + claim + status + rating + updated + 2 * 5 == width
        assert title == min(len(TITLE), width - 2 * 5 - status - rating - updated)
        assert claim == 0 or claim >= 8
