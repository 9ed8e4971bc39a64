"""Type-ahead: keys typed at machine speed land where they were aimed.

A terminal hands the app a whole burst of keys at once (a paste of keystrokes, tmux
``send-keys``, a fast typist while a form is being built). Each burst here goes to the
app in one go, with no wait between keys, and the result is read back from the case file
on disk once it is saved: a key that opens a form or moves the focus must have done so
before the next key is delivered.
"""

from __future__ import annotations

from pathlib import Path

import pytest

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
from workbench.tui.app import WorkbenchApp
from workbench.tui.source_form import SourceFormScreen


@pytest.fixture
def putin_file(tmp_path: Path) -> Path:
    path = tmp_path / "putin.case.db"
    CaseFile.create(path, putin_case()).close()
    return path


async def test_new_source_fields_typed_ahead_land_in_their_fields(putin_file: Path) -> None:
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        burst(pilot, ["a", "Some title", "tab", "Some author", "ctrl+s"])
        source = await saved_source(pilot, putin_file, "Some title")
    assert source.author == "Some author"


async def test_every_text_field_typed_ahead_in_order(putin_file: Path) -> None:
    """Title, author, outlet, url: four fields, three tabs, one burst."""
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        burst(pilot, ["a", "Robertson again", "tab", "G. Robertson", "tab", "BBC", "tab",
                      "https://bbc.example/x", "ctrl+s"])
        source = await saved_source(pilot, putin_file, "Robertson again")
    assert (source.author, source.outlet, source.url) == (
        "G. Robertson", "BBC", "https://bbc.example/x")


async def test_keys_typed_as_a_case_opens_go_where_they_were_aimed(putin_file: Path) -> None:
    """F3 then ``a`` before the case is even read: the source form opens, the claim is
    untouched, and the title typed after them is the new source's."""
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        burst(pilot, ["f3", "a", "Typed early", "tab", "Early author", "ctrl+s"])
        source = await saved_source(pilot, putin_file, "Typed early")
    assert source.author == "Early author"
    assert on_disk(putin_file).claim.text == putin_case().claim.text


async def test_keys_typed_while_the_library_opens_a_case(tmp_path: Path) -> None:
    """Enter on a case in the library, then F3 ``a`` and a title at once."""
    folder = tmp_path / "library"
    folder.mkdir()
    path = folder / "putin.case.db"
    CaseFile.create(path, putin_case()).close()
    Library(folder).refresh()
    app = WorkbenchApp(library=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        burst(pilot, ["enter", "f3", "a", "From the library", "tab", "Someone", "ctrl+s"])
        source = await saved_source(pilot, path, "From the library")
    assert source.author == "Someone"
    assert on_disk(path).claim.text == putin_case().claim.text


async def test_the_form_is_built_before_its_first_key(putin_file: Path) -> None:
    """The first character after ``a`` is the title's first, not lost on the way."""
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        burst(pilot, ["a", "Xyz"])
        await wait_for(pilot, lambda: isinstance(app.screen, SourceFormScreen))
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SourceFormScreen)
        assert form.collect().title == "Xyz"


async def test_a_key_typed_as_the_case_appears_shows_before_the_claim_form_exists(
        putin_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The claim pane shows its rows as a preview while its form is built behind it: a
    key typed at the preview is drawn in the preview's claim at once (it no longer waits
    for the rest of the form), then typed into the claim text once the form is there."""
    from workbench.tui.claim_pane import ClaimPane
    from workbench.tui.claim_preview import ClaimPreview

    building = ClaimPane._start_build
    # The form is held back, so the preview is what the key meets, however fast the
    # machine.
    monkeypatch.setattr(ClaimPane, "_start_build", lambda self: None)
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_of(app).case is not None)
        await settle(pilot)
        pane = app.screen.query_one(ClaimPane)
        assert not pane.built
        burst(pilot, ["Q", "backspace", "Wh"])
        await settle(pilot)
        preview = pane.query_one(ClaimPreview)
        claim = putin_case().claim.text
        assert preview.rows[0].value.plain == "Wh" + claim
        assert not pane.built
        building(pane)
        await settle(pilot)
        assert pane.built and not pane.query(ClaimPreview)
        screen_of(app).saving.commit()
        await settle(pilot)
    assert on_disk(putin_file).claim.text == "Wh" + claim


async def test_a_choice_opens_its_list_when_clicked(putin_file: Path) -> None:
    """A choice in the source form is drawn as one widget until first used; a click
    on it still opens its list, as a click on a Select does."""
    from textual.widgets import Select

    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3", "a")
        await wait_for(pilot, lambda: isinstance(app.screen, SourceFormScreen))
        await settle(pilot)
        kind = app.screen.query_one("#kind", Select)
        assert not kind.expanded
        await pilot.click("#kind")
        await settle(pilot)
        assert kind.expanded
        assert app.focused is not None and kind in app.focused.ancestors_with_self
