"""The command palette offers only what works: on a locked case, no editing action.

The palette sits on top of the case screen, so a pane's binding to ``screen.add_source``
was asked of the palette (which allows anything) rather than of the case screen (which
refuses editing while the case is published or in review): the palette listed "Add",
"Delete" and the moves, which then did nothing. Hidden, as the footer hides them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import Command, CommandList, CommandPalette
from textual.pilot import Pilot

from tests.support import REPO, settle, wait_for
from workbench.casefile.store import CaseFile
from workbench.formats.case_json import case_from_json
from workbench.model import Status
from workbench.tui.app import WorkbenchApp
from workbench.tui.matrix_screen import MatrixScreen

SAMPLE = REPO / "sample_cases" / "putin-nato.json"
#: What the source list offers that edits the case.
SOURCE_EDITS = {"Add", "Delete", "Move up", "Move down"}


def case_file(tmp_path: Path, status: Status) -> Path:
    case = case_from_json(SAMPLE.read_text("utf-8"))
    case.status = status
    path = tmp_path / "putin.case.db"
    CaseFile.create(path, case).close()
    return path


async def palette_entries(pilot: Pilot[None]) -> set[str]:
    """Open the palette over the source list and read what it offers."""
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    results = pilot.app.screen.query_one(CommandList)
    await wait_for(pilot, lambda: results.option_count > 0)
    await settle(pilot)
    entries = set()
    for index in range(results.option_count):
        option = results.get_option_at_index(index)
        assert isinstance(option, Command)
        entries.add(str(option.hit.text))
    return entries


@pytest.mark.parametrize(("status", "review"), [(Status.PUBLISHED, False),
                                                (Status.IN_REVIEW, True)],
                         ids=["published", "review-mode"])
async def test_a_locked_case_offers_no_editing_in_the_palette(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, status: Status,
        review: bool) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "Bob")
    app = WorkbenchApp(case=case_file(tmp_path, status), review=review)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        entries = await palette_entries(pilot)
        assert not entries & SOURCE_EDITS, entries
        assert {"Matrix", "Copy [n]", "Comment"} <= entries


async def test_an_editable_case_offers_its_edits_and_they_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "Alice")
    app = WorkbenchApp(case=case_file(tmp_path, Status.DRAFT))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        entries = await palette_entries(pilot)
        assert SOURCE_EDITS | {"Matrix", "Comment"} <= entries
        await pilot.press(*"matrix", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MatrixScreen))
