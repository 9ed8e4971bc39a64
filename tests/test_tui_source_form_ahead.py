"""The source form built ahead: once the source list has the keyboard, the form for the
next new source is built off screen, so ``a`` only shows it. It must be the form ``a``
would build: drawn the same, its title taking the keys typed behind ``a``, and never
shown once the case has changed under it (then ``a`` builds one anew).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Select

from tests.support import (
    burst,
    on_disk,
    putin_case,
    saved_source,
    screen_of,
    settle,
    wait_for,
)
from workbench.casefile.library import Library
from workbench.casefile.store import CaseFile
from workbench.model import Case
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_screen import CaseScreen
from workbench.tui.source_form import SourceFormScreen, source_choice_label


@pytest.fixture
def putin_file(tmp_path: Path) -> Path:
    path = tmp_path / "putin.case.db"
    CaseFile.create(path, putin_case()).close()
    return path


async def form_built_ahead(pilot: Pilot[Any]) -> SourceFormScreen:
    """F3 on the settled case, then until the form for a new source is built and laid out."""
    await settle(pilot)
    await pilot.press("f3")
    actions = screen_of(pilot.app).sources
    await wait_for(pilot, lambda: actions.prepared is not None
                   and actions.prepared.is_mounted and actions.prepared.size)
    await settle(pilot)
    form = actions.prepared
    assert form is not None
    return form


def derived_choices(form: SourceFormScreen) -> list[str]:
    select = form.query_one("#derived_from", Select)
    return [str(prompt) for prompt, _value in select._options]


async def test_a_shows_the_form_built_ahead_drawn_as_one_built_then(putin_file: Path) -> None:
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        ahead = await form_built_ahead(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is ahead
        assert app.focused is ahead.query_one("#title")
        shown_ahead = app.export_screenshot()
        await pilot.press("escape")
        await settle(pilot)
        # The same key with nothing built ahead: the form is built as ``a`` is pressed.
        screen_of(app).sources.discard_prepared()
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, SourceFormScreen))
        await settle(pilot)
        assert app.screen is not ahead
        assert app.export_screenshot() == shown_ahead


async def test_keys_typed_behind_a_land_in_the_form_built_ahead(putin_file: Path) -> None:
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        ahead = await form_built_ahead(pilot)
        burst(pilot, ["a", "Built ahead", "tab", "Someone", "ctrl+s"])
        source = await saved_source(pilot, putin_file, "Built ahead")
        # It was the one shown: dismissed, it is gone (one not shown would be kept).
        assert not ahead.is_attached and screen_of(app).sources.prepared is not ahead
    assert source.author == "Someone"
    assert source.number == len(putin_case().sources) + 1


async def test_a_case_changed_since_gets_a_form_built_anew(putin_file: Path) -> None:
    """A source deleted after the form was built ahead: ``a`` shows a form with the
    number and the "derived from" list of the case as it is now."""
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        ahead = await form_built_ahead(pilot)
        await pilot.press("end", "d")
        await settle(pilot)
        case = screen_of(app).case
        assert isinstance(case, Case)
        assert len(case.sources) == len(putin_case().sources) - 1
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, SourceFormScreen))
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SourceFormScreen) and form is not ahead
        assert not ahead.is_attached
        assert derived_choices(form)[1:] == [source_choice_label(s) for s in case.sources]
        burst(pilot, ["After the delete", "ctrl+s"])
        source = await saved_source(pilot, putin_file, "After the delete")
    assert source.number == len(putin_case().sources)
    assert [s.title for s in on_disk(putin_file).sources][-1] == "After the delete"


async def test_the_form_built_ahead_goes_with_its_case(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    CaseFile.create(folder / "putin.case.db", putin_case()).close()
    Library(folder).refresh()
    app = WorkbenchApp(library=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen)
                       and app.screen.case is not None)
        ahead = await form_built_ahead(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, CaseScreen))
        await settle(pilot)
        assert not ahead.is_attached and not ahead.is_running


async def test_a_form_let_go_while_it_mounts_goes_quietly(putin_file: Path) -> None:
    """The case closes (or the app quits) just as the form is being built ahead: the form
    is let go half-mounted, and nothing fails when its mount event comes."""
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        actions = screen_of(app).sources
        actions.discard_prepared()
        actions._prepare()
        assert actions.prepared is not None
        actions.discard_prepared()
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
