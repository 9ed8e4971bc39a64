"""Quitting never throws away the only copy of an edit.

On a full disk the final save fails, and a recovery file beside the case fails too: the
edits must go to a recovery file wherever there is room, and the app must say where on the
terminal after it has gone. If no place takes them, ctrl+q asks before it quits. A hang-up
(SIGHUP, an SSH connection dropping) saves as ctrl+q does.
"""

from __future__ import annotations

import errno
import os
import signal
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from workbench import atomic
from workbench.casefile.errors import CaseFileError
from workbench.casefile.store import CaseFile
from workbench.formats import recovery
from workbench.formats.case_json import case_from_json
from workbench.model import Case
from workbench.tui.app import WorkbenchApp
from workbench.tui.confirm import Confirm

FULL = "the disk is full; free some space and try again"


@pytest.fixture
def case_file(tmp_path: Path, small_case: Case) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    path = folder / "bridge.case.db"
    CaseFile.create(path, small_case).close()
    return path


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """Saves fail as on a full disk, and so does every write but those into the folders
    the test lists in what this returns (empty: no room anywhere)."""
    roomy: list[Path] = []

    def refuse(self: CaseFile, case: Case) -> int:
        raise CaseFileError(f"{self.path}: could not save ({FULL})")

    real_write = atomic.write_atomically

    def write(path: Path, data: bytes, *, replace: bool = True) -> Path:
        if not any(Path(path).is_relative_to(folder) for folder in roomy):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real_write(path, data, replace=replace)

    monkeypatch.setattr(CaseFile, "save", refuse)
    monkeypatch.setattr(recovery, "write_atomically", write)
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setattr(recovery, "recovery_folders", lambda next_to: iter(
        [next_to.parent, tmp_path / "data", elsewhere]))
    return roomy


async def _type_into_the_claimant(pilot: Pilot[None], app: WorkbenchApp, text: str) -> None:
    for _ in range(200):
        await pilot.pause()
        if app.screen.query("#claimant"):
            break
    app.screen.query_one("#claimant", Input).focus()
    await pilot.press("end", *text)


async def test_ctrl_q_on_a_full_disk_writes_recovery_where_there_is_room(
        case_file: Path, full_disk: list[Path], tmp_path: Path) -> None:
    full_disk.append(tmp_path / "elsewhere")
    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await _type_into_the_claimant(pilot, app, " today")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 1
    recovered = list((tmp_path / "elsewhere").glob("bridge.case.db.unsaved-*.json"))
    assert len(recovered) == 1
    assert case_from_json(recovered[0].read_text()).claim.claimant == "A. Mayor today"
    # Told on the terminal once the app has gone, not in a notification that goes with it.
    told = app.farewell
    assert told.startswith("bridge.case.db: could not save (the disk is full;")
    assert f"your edits are in {recovered[0]} " in told
    # Nothing half-written where the disk was full.
    assert sorted(p.name for p in case_file.parent.iterdir()) == [
        ".bridge.case.db.lock", "bridge.case.db"]


async def test_ctrl_q_with_no_room_anywhere_asks_and_stays(
        case_file: Path, full_disk: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await _type_into_the_claimant(pilot, app, " today")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        # Enter by reflex must not lose the edits: the default is to stay.
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, Confirm)
        # Space comes back: the next ctrl+q saves and quits.
        monkeypatch.undo()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    with CaseFile.open(case_file, read_only=True) as reader:
        assert reader.load().claim.claimant == "A. Mayor today"


async def test_quit_anyway_when_asked_exits_with_an_error(
        case_file: Path, full_disk: list[Path]) -> None:
    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await _type_into_the_claimant(pilot, app, "!")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 1


async def test_a_hang_up_saves_what_was_typed(case_file: Path) -> None:
    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await _type_into_the_claimant(pilot, app, " at noon")
        # Within the pause after typing, before autosave would have written it.
        os.kill(os.getpid(), signal.SIGHUP)
        await pilot.pause()
        await pilot.pause()
    assert app.return_code == 0
    with CaseFile.open(case_file, read_only=True) as reader:
        assert reader.load().claim.claimant == "A. Mayor at noon"


async def test_typing_without_a_pause_is_still_saved_every_little_while(
        case_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fast typist never pauses long enough for the debounce: the cap on the wait saves
    what they typed anyway, so a kill mid-paragraph loses at most the last moments."""
    from workbench.tui import autosave

    monkeypatch.setattr(autosave, "DEBOUNCE", 60.0)
    monkeypatch.setattr(autosave, "MAX_WAIT", 0.3)
    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await _type_into_the_claimant(pilot, app, " and")
        for _ in range(40):
            await pilot.press("x")
            await pilot.pause(0.02)
            with CaseFile.open(case_file, read_only=True) as reader:
                if reader.load().claim.claimant.startswith("A. Mayor andx"):
                    break
        else:
            pytest.fail("nothing typed was saved while typing went on")
        await pilot.press("ctrl+q")
        await pilot.pause()


async def _open_a_new_source_form(pilot: Pilot[None], app: WorkbenchApp, title: str) -> None:
    from workbench.tui.source_form import SourceFormScreen

    for _ in range(200):
        await pilot.pause()
        if app.screen.query("#claimant"):
            break
    await pilot.press("f3", "a")
    for _ in range(200):
        await pilot.pause()
        if isinstance(app.screen, SourceFormScreen) and app.screen.query("#title"):
            break
    app.screen.query_one("#title", Input).focus()
    await pilot.press(*title)


async def _until_gone(pilot: Pilot[None], app: WorkbenchApp) -> None:
    """Wait for the app to finish quitting (a form's result lands first)."""
    for _ in range(100):
        await pilot.pause(0.02)
        if not app.is_running:
            return


def _source_titles(path: Path) -> list[str]:
    with CaseFile.open(path, read_only=True) as reader:
        return [source.title for source in reader.load().sources]


async def test_ctrl_q_over_a_source_form_asks_and_enter_stays(case_file: Path) -> None:
    from workbench.tui.quit_question import QuitQuestion
    from workbench.tui.source_form import SourceFormScreen

    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_a_new_source_form(pilot, app, "Bridge inspection report")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitQuestion)
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, SourceFormScreen)
        assert app.screen.query_one("#title", Input).value == "Bridge inspection report"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")
        await _until_gone(pilot, app)
    assert app.return_code == 0
    assert "Bridge inspection report" in _source_titles(case_file)


async def test_ctrl_q_over_a_source_form_can_quit_without_it(case_file: Path) -> None:
    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_a_new_source_form(pilot, app, "Not wanted")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")
        await _until_gone(pilot, app)
    assert app.return_code == 0
    assert "Not wanted" not in _source_titles(case_file)


async def test_a_form_that_cannot_save_keeps_the_app_open(case_file: Path) -> None:
    from workbench.tui.source_form import SourceFormScreen

    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_a_new_source_form(pilot, app, "Dated wrongly")
        app.screen.query_one("#date_published", Input).value = "2018-02-30"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause(0.2)
        assert app.is_running and isinstance(app.screen, SourceFormScreen)
        assert app.screen.query_one("#title", Input).value == "Dated wrongly"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause(0.2)


async def test_ctrl_q_over_a_comment_saves_it_when_asked(
        case_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.widgets import TextArea

    from workbench.tui.comment_dialog import CommentDialog

    monkeypatch.setenv("WORKBENCH_USER", "Ann")
    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await _type_into_the_claimant(pilot, app, "")
        await pilot.press("f3", "c")
        for _ in range(100):
            await pilot.pause()
            if isinstance(app.screen, CommentDialog):
                break
        assert isinstance(app.screen, CommentDialog)
        app.screen.query_one(TextArea).insert("Who is A. Mayor?")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")
        await _until_gone(pilot, app)
    assert app.return_code == 0
    with CaseFile.open(case_file, read_only=True) as reader:
        assert [comment.body for comment in reader.load().comments] == ["Who is A. Mayor?"]
