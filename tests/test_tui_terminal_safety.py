"""What the TUI sends to the terminal holds no escape from a case, only Textual's own.

A case with an OSC 52 clipboard write, a window-title OSC, a screen clear, C1 controls and
bidi overrides in its title, claim, sources, sections, comments and history is opened and
every pane visited; each frame Textual would write is rendered to the bytes a terminal
gets, Textual's own sequences (colours, cursor moves, links) are taken out, and nothing
that could act on a terminal may remain.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from textual.app import App
from textual.filter import LineFilter
from textual.pilot import Pilot

from tests.support import EVIL, RAW, escape_laden_case
from workbench.casefile import CaseFile
from workbench.model import Status
from workbench.terminal_text import drop_controls
from workbench.tui import app as tui_app
from workbench.tui.app import WorkbenchApp
from workbench.tui.terminal_filter import SafeTextFilter

#: What Textual itself writes in a frame: colours and styles, cursor moves, hyperlinks.
TEXTUAL_OWN = re.compile(r"\x1b\[[0-9;:]*[mH]|\x1b\]8;[^\x1b\x07]*(?:\x1b\\|\x07)")
#: The panes and views a reader goes through, by their keys.
TOUR = [[], ["f3"], ["f3", "m"], ["escape", "f4"], ["f5"], ["f8"], ["f9"], ["f2"]]


class UnfilteredApp(WorkbenchApp):
    """The app without its filter: what the terminal would get without it."""

    # Textual reads a relative CSS_PATH beside the module that defines the class.
    CSS_PATH = str(Path(tui_app.__file__).with_name(str(WorkbenchApp.CSS_PATH)))

    def get_line_filters(self) -> Sequence[LineFilter]:
        return App.get_line_filters(self)


@pytest.fixture
def hostile_library(tmp_path: Path) -> Path:
    case = escape_laden_case()
    # A draft, so that nothing is locked and every editing view opens.
    case.status = Status.DRAFT
    case.publications = []
    folder = tmp_path / "library"
    folder.mkdir()
    CaseFile.create(folder / "hostile.case.db", case).close()
    return folder


def terminal_frame(app: WorkbenchApp) -> str:
    """The whole screen as the text Textual would write to the terminal for it."""
    return app.screen._compositor.render_full_update().render_segments(app.console)


def raw_escapes(frame: str) -> list[str]:
    stray = TEXTUAL_OWN.sub("", frame)
    return [stray[max(0, m.start() - 20):m.end() + 20] for m in RAW.finditer(stray)]


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def tour(app: WorkbenchApp) -> list[tuple[str, list[str]]]:
    """The raw escapes found on the library screen and in each pane of the hostile case."""
    found = []
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        found.append(("library", raw_escapes(terminal_frame(app))))
        await pilot.press("enter")
        await settle(pilot)
        for keys in TOUR:
            for key in keys:
                await pilot.press(key)
            await settle(pilot)
            found.append(("+".join(keys) or "case", raw_escapes(terminal_frame(app))))
    return found


async def test_no_escape_from_a_case_reaches_the_terminal(hostile_library: Path) -> None:
    found = await tour(WorkbenchApp(library=hostile_library))
    assert [place for place, _ in found] == ["library", "case", *("+".join(k) for k in TOUR[1:])]
    assert all(not stray for _, stray in found), found


async def test_without_the_filter_the_escapes_do_reach_it(hostile_library: Path) -> None:
    """Why the filter exists: Rich and Textual pass ESC, C1 and bidi controls through."""
    found = await tour(UnfilteredApp(library=hostile_library))
    assert any("\x1b]52;c;aGk=" in "".join(stray) for _, stray in found)


async def test_the_app_itself_installs_the_filter(hostile_library: Path) -> None:
    app = WorkbenchApp(library=hostile_library)
    async with app.run_test(size=(80, 24)):
        assert any(isinstance(f, SafeTextFilter) for f in app.get_line_filters())


def test_drop_controls_keeps_the_layout() -> None:
    from rich.cells import cell_len

    text = f"Title {EVIL} \ud800 end"
    safe = drop_controls(text)
    assert RAW.search(safe) is None and "\ud800" not in safe
    assert cell_len(safe) == cell_len(text)
    assert "]52;c;aGk=" in safe  # what followed the ESC stays to be seen
    plain = "Ünïcödé עברית 日本語 🙂"
    assert drop_controls(plain) is plain
