"""The claim pane opens as text and becomes a form behind it, without losing a key.

The form is built after the case is first painted; until then ``ClaimPreview`` draws the
same rows. Keys typed at the preview meanwhile must land in the claim text, in order.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.content import Content
from textual.widgets import TextArea

from tests.support import settle
from workbench.casefile.store import CaseFile
from workbench.model import Case, Claim, Verdict
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_screen import CaseScreen
from workbench.tui.claim_pane import ClaimPane
from workbench.tui.claim_preview import LABEL_WIDTH, ClaimPreview, PreviewRow


def test_preview_rows_are_two_columns() -> None:
    preview = ClaimPreview()
    preview.set_rows([
        PreviewRow("Claim", Content("one two three four five"), min_lines=2),
        PreviewRow("Title", Content("a title far too long for its column"), wrap=False),
        PreviewRow(None, Content("Verdict"), blank_before=True),
        PreviewRow("Rating", Content("")),
    ])
    lines = [line.plain for line in preview.lines(LABEL_WIDTH + 10)]
    assert lines == [
        "Claim       one two",
        "            three four",
        "            five",
        "Title       a title fa",
        "",
        "Verdict",
        "Rating      ",
    ]


def small_case() -> Case:
    return Case(id="case-small", title="Is it so?", created="2024-05-01T09:00:00Z",
                claim=Claim(text="It is so.", claimant="Someone"),
                verdict=Verdict(conclusion="It is not."))


async def test_keys_typed_before_the_form_exists_reach_the_claim(tmp_path: Path) -> None:
    path = tmp_path / "small.case.db"
    CaseFile.create(path, small_case()).close()
    app = WorkbenchApp(case=path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        while screen.case is None:
            await pilot.pause(0.001)
        pane = screen.query_one(ClaimPane)
        preview = pane.query_one(ClaimPreview)
        assert [row.label for row in preview.rows][:3] == ["Claim", "Title", "Claimant"]
        # Straight to the driver, as a fast typist: no waiting between the keys.
        driver = app._driver
        assert driver is not None
        for key, character in (("N", "N"), ("o", "o"), ("space", " "), ("backspace", None),
                               ("exclamation_mark", "!"), ("space", " ")):
            event = events.Key(key, character)
            event.set_sender(app)
            driver.send_message(event)
        await settle(pilot)
        assert pane.built and not pane.query(ClaimPreview)
        area = app.focused
        assert isinstance(area, TextArea) and area.id == "claim-text-area"
        assert area.text == "No! It is so."
        assert screen.case.claim.text == "No! It is so."



async def test_quitting_while_the_form_is_built_exits_cleanly(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    CaseFile.create(folder / "small.case.db", small_case()).close()
    app = WorkbenchApp(library=folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # Open the case and quit at once, before the claim form is built.
        await pilot.press("enter", "ctrl+q")
    assert app.return_code == 0
