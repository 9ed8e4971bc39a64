"""ctrl+q over the smaller dialogs with something typed: each asks, and "save and quit"
does what the dialog's own enter would (rename, create, move, import), then quits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.support import REPO, settle, type_text, wait_for
from workbench.casefile.library import Library
from workbench.casefile.store import CaseFile
from workbench.model import Case, Status
from workbench.tui.app import WorkbenchApp
from workbench.tui.import_dialog import ImportDialog
from workbench.tui.new_case import NewCaseScreen
from workbench.tui.prompt import TextPrompt
from workbench.tui.quit_question import QuitQuestion
from workbench.tui.status_dialog import StatusDialog

SEED = REPO.parent / "shared" / "reference" / "seed-article.txt"


@pytest.fixture
def case_file(tmp_path: Path, small_case: Case, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WORKBENCH_USER", "Ann")
    path = tmp_path / "bridge.case.db"
    CaseFile.create(path, small_case).close()
    return path


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    Library(folder).refresh()
    return folder


def on_disk(path: Path) -> Case:
    with CaseFile.open(path, read_only=True) as reader:
        return reader.load()


async def save_and_quit(pilot: Pilot[Any]) -> None:
    """ctrl+q, which must ask; s; then wait for the app to have gone."""
    await pilot.press("ctrl+q")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, QuitQuestion))
    await pilot.press("s")
    await wait_for(pilot, lambda: not pilot.app.is_running)


async def test_a_section_renamed_in_its_prompt_is_saved(case_file: Path) -> None:
    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4", "r")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt))
        app.screen.query_one("#prompt-input").value = ""
        await type_text(pilot, "What the council said")
        await save_and_quit(pilot)
    assert app.return_code == 0
    assert "What the council said" in [section.heading for section in on_disk(case_file).sections]


async def test_a_new_case_is_created_and_the_app_quits(library: Path) -> None:
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewCaseScreen))
        await type_text(pilot, "The river has never flooded")
        await save_and_quit(pilot)
    assert app.return_code == 0
    [path] = library.glob("*.case.db")
    assert on_disk(path).claim.text == "The river has never flooded"


async def test_a_status_move_with_a_note_is_made(case_file: Path) -> None:
    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3", "s")
        await wait_for(pilot, lambda: isinstance(app.screen, StatusDialog))
        await settle(pilot)
        app.screen.query_one("#status-note").focus()
        await type_text(pilot, "please check the dates")
        await save_and_quit(pilot)
    assert app.return_code == 0
    case = on_disk(case_file)
    assert case.status is Status.IN_REVIEW
    assert any("please check the dates" in (event.detail or "") for event in case.events)


@pytest.mark.skipif(not SEED.exists(), reason="the seed article is not beside the project")
async def test_an_import_is_finished_before_the_app_quits(library: Path) -> None:
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportDialog))
        await type_text(pilot, str(SEED))
        await save_and_quit(pilot)
    assert app.return_code == 0
    [path] = library.glob("*.case.db")
    assert len(on_disk(path).sections) == 7
