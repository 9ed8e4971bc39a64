"""The case screen's pane bar at 80 and 120 columns: every tab on screen, and the save state.

What counts is what is drawn: a tab that exists but sits beyond the right edge, under the
save state or hidden by a rule is a key the user cannot see. So each test reads where the
compositor put each widget on the screen, not whether it is in the DOM.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.errors import NoWidget
from textual.geometry import Region
from textual.widget import Widget

from tests.support import plain, putin_case, screen_of, settle
from workbench.casefile.store import CaseFile
from workbench.tui.app import WorkbenchApp
from workbench.tui.autosave import SaveIndicator, SaveState, save_state_text
from workbench.tui.pane_bar import PaneBar, PaneTab

#: Every tab of the bar, by the key that opens its pane.
KEYS = ("F2", "F3", "F4", "F5", "F8", "F9")


@pytest.fixture
def putin_file(tmp_path: Path) -> Path:
    path = tmp_path / "putin.case.db"
    CaseFile.create(path, putin_case()).close()
    return path


def drawn(app: App[Any], widget: Widget) -> Region:
    """The part of ``widget`` the user sees: the cells of its first row where it is the
    topmost widget, from its left edge on (empty: it does not show)."""
    screen = app.screen
    try:
        region = screen.find_widget(widget).region
    except NoWidget:
        return Region()
    width = 0
    for x in range(region.x, region.right):
        try:
            on_top, _ = screen.get_widget_at(x, region.y)
        except NoWidget:
            break
        if on_top is not widget and widget not in on_top.ancestors:
            break
        width += 1
    return Region(region.x, region.y, width, region.height if width else 0)


def assert_whole_on_screen(app: App[Any], widget: Widget) -> Region:
    """``widget`` is drawn whole: nothing of it is cut off or covered by another."""
    region = drawn(app, widget)
    assert region, f"{widget!r} is not on screen"
    whole = app.screen.find_widget(widget).region
    assert region == whole, f"{widget!r} is not drawn whole: {region} of {whole}"
    return region


def tabs(app: App[Any]) -> list[PaneTab]:
    return list(app.screen.query_one(PaneBar).query(PaneTab))


def assert_bar_whole(app: App[Any]) -> list[str]:
    """Every tab and the save state are drawn whole, side by side; returns the tabs' text."""
    save = assert_whole_on_screen(app, app.screen.query_one(SaveIndicator))
    shown = []
    for tab in tabs(app):
        region = assert_whole_on_screen(app, tab)
        assert not region.overlaps(save), f"{plain(tab)!r} is under the save state"
        shown.append(plain(tab))
    assert [text.split()[0] for text in shown] == list(KEYS)
    return shown


async def test_every_tab_shows_at_80_columns(putin_file: Path) -> None:
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = assert_bar_whole(app)
        # Short labels, so all six fit beside the save state.
        assert shown[1] == "F3 Src"


async def test_f8_and_f9_show_their_panes_at_80_columns(putin_file: Path) -> None:
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, view_id in (("f8", "review-view"), ("f9", "history-view")):
            await pilot.press(key)
            await settle(pilot)
            view = app.screen.query_one(f"#{view_id}")
            assert view.has_focus
            assert drawn(app, view).height > 2, f"{view_id} is not on screen"
            # The claim pane gives way: at 80 columns one pane shows at a time.
            assert not drawn(app, app.screen.query_one("#claim"))
            lit = [plain(tab) for tab in tabs(app) if tab.has_class("-active")]
            assert [text.split()[0] for text in lit] == [key.upper()]
            assert_bar_whole(app)


async def test_full_labels_and_who_is_acting_at_120_columns(putin_file: Path) -> None:
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = assert_bar_whole(app)
        assert [text.split()[1] for text in shown] == [
            "Claim", "Sources", "Sections", "Checks", "Review", "History"]
        assert drawn(app, app.screen.query_one("#identity"))
        # Narrowed to 80 columns, the labels shorten; widened again, they come back.
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert assert_bar_whole(app)[1] == "F3 Src"
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert assert_bar_whole(app)[1] == "F3 Sources"


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
async def test_a_long_save_failure_never_pushes_the_tabs_off(
        putin_file: Path, size: tuple[int, int]) -> None:
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        reason = f"could not save {'/very/long/path' * 6}/putin.case.db (disk I/O error)"
        failed = save_state_text(SaveState.FAILED, reason=reason, retry_in=30)
        screen_of(app).saving.show(SaveState.FAILED, failed)
        await pilot.pause()
        assert_bar_whole(app)
        save = app.screen.query_one(SaveIndicator)
        # Cut to a word or two, the whole of it one hover away (and said in a notification).
        assert plain(save) == "✗ save failed"
        assert save.tooltip == failed
        # Saved again, the bar has room for the whole words once more.
        saved = save_state_text(SaveState.SAVED, at="12:34:56")
        screen_of(app).saving.show(SaveState.SAVED, saved)
        await pilot.pause()
        assert_bar_whole(app)
        assert plain(save) == saved
        assert save.tooltip is None
