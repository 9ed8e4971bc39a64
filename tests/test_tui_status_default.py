"""The status dialog's first choice is never publishing: ``s`` then enter pressed by reflex
must not freeze a snapshot, and publishing chosen on purpose asks once more."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Static

from tests.support import notifications, putin_case, settle, wait_for, wait_saved
from workbench.casefile.store import CaseFile
from workbench.config import Config
from workbench.model import Case, Status
from workbench.review import add_comment, move_status, parse_anchor
from workbench.tui.app import WorkbenchApp
from workbench.tui.confirm import Confirm
from workbench.tui.status_dialog import StatusDialog


@pytest.fixture
def approved_file(tmp_path: Path) -> Path:
    case = putin_case()
    move_status(case, Status.APPROVED, "Bob")
    path = tmp_path / "approved.case.db"
    CaseFile.create(path, case).close()
    return path


def on_disk(path: Path) -> Case:
    with CaseFile.open(path) as casefile:
        return casefile.load()


async def status_dialog(pilot: Pilot[None]) -> StatusDialog:
    """The status key (from the sources list), then the dialog once every move is checked."""
    await pilot.press("f3", "s")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, StatusDialog)
    await wait_for(pilot, lambda: len(dialog.problems) == len(dialog.moves))
    return dialog


async def choose_publishing(pilot: Pilot[None]) -> None:
    """In the status dialog: highlight "published" and press enter."""
    dialog = await status_dialog(pilot)
    await pilot.press("down")  # from nothing highlighted to the first move
    for _ in range(dialog.moves.index(Status.PUBLISHED)):
        await pilot.press("down")
    assert dialog.highlighted is Status.PUBLISHED
    await pilot.press("enter")
    await settle(pilot)


async def test_s_then_enter_on_an_approved_case_does_not_publish(
        approved_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "Alice")
    app = WorkbenchApp(case=approved_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # At reflex speed: the checks have not even finished.
        await pilot.press("f3", "s", "enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StatusDialog) and dialog.highlighted is None
        assert "Nothing chosen" in str(dialog.query_one("#status-why", Static).content)
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, StatusDialog)
    case = on_disk(approved_file)
    assert case.status is Status.APPROVED and not case.publications


async def test_publishing_asks_first_and_escape_or_enter_there_does_not_publish(
        approved_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "Alice")
    app = WorkbenchApp(case=approved_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await choose_publishing(pilot)
        confirm = app.screen
        assert isinstance(confirm, Confirm)
        question = str(confirm.query_one("#confirm-question", Static).content)
        assert "freezes a snapshot" in question and "only with a correction" in question
        await pilot.press("escape")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StatusDialog), "a no leaves the status dialog open"
        # Enter answers no too: its default is the safe answer.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        await pilot.press("escape")
        await settle(pilot)
    case = on_disk(approved_file)
    assert case.status is Status.APPROVED and not case.publications


async def test_publishing_chosen_and_confirmed_publishes(
        approved_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "Alice")
    app = WorkbenchApp(case=approved_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await choose_publishing(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert notifications(app)[-1] == (": Status: approved → published; "
                                          "publication 1 frozen")
        await wait_saved(pilot)
    case = on_disk(approved_file)
    assert case.status is Status.PUBLISHED and len(case.publications) == 1


# The first choice in review: approval when it can be made, else asking for changes


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("host")


@pytest.mark.parametrize(("commented", "offered"), [
    (False, Status.APPROVED), (True, Status.CHANGES_REQUESTED)])
async def test_in_review_the_first_choice_is_approval_unless_it_is_blocked(
        commented: bool, offered: Status) -> None:
    case = putin_case()
    if commented:
        add_comment(case, parse_anchor(case, "source:2"), "Which interview is this?", "Bob")
    app = Host()
    async with app.run_test() as pilot:
        app.push_screen(StatusDialog(case, "Bob", Config()))
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        await wait_for(pilot, lambda: len(dialog.problems) == len(dialog.moves))
        assert dialog.highlighted is offered
