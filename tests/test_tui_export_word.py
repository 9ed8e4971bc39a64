"""The TUI's export dialog: a Word document, and an incomplete ClaimReview refused.

Driven by keys and clicks as a user drives it; the file written is read back (the .docx by
python-docx, the ClaimReview as JSON), and a refused one is looked for on disk.
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static

from tests.support import REPO, notifications, run, settle
from workbench.casefile.store import CaseFile
from workbench.formats.case_json import case_from_json
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_screen import CaseScreen
from workbench.tui.export_dialog import ExportDialog


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    """A published sample case with no readiness errors and one open review comment."""
    case = case_from_json((REPO / "sample_cases" / "cruz-supreme-court-size.json")
                          .read_text("utf-8"))
    path = tmp_path / "cruz.case.db"
    CaseFile.create(path, case).close()
    return path


async def dialog_on(pilot: Pilot[None], steps_down: int) -> ExportDialog:
    """The export dialog, the format ``steps_down`` from the first chosen, on the name."""
    await settle(pilot)
    await pilot.press("ctrl+o")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    await pilot.press(*["down"] * steps_down, "enter")
    await pilot.pause()
    assert pilot.app.focused is dialog.query_one("#export-path", Input)
    return dialog


async def test_a_word_document_from_the_dialog(case_file: Path) -> None:
    target = case_file.with_name("cruz.docx")
    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await dialog_on(pilot, 5)
        assert dialog.format == "docx"
        assert dialog.query_one("#export-path", Input).value == str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert notifications(app)[-1] == f"Exported: Word document: {target}"
    document = docx.Document(str(target))
    title = next(p for p in document.paragraphs if p.style.name == "Heading 1")
    assert title.text == "Is there long historical precedent for a Supreme Court with fewer " \
                         "justices?"
    assert any(p.text == "Sources" and p.style.name == "Heading 2"
               for p in document.paragraphs)


async def test_an_incomplete_claimreview_is_refused_until_forced(case_file: Path) -> None:
    """No organisation is configured: the ClaimReview has no address and no author."""
    target = case_file.with_name("cruz.jsonld")
    code, _, err = run("export", str(case_file), "--format", "claimreview", ok=False)
    assert code == 1
    reason = err.removeprefix(f"workbench: {case_file}: ").split("; --force")[0]
    assert reason.startswith("the ClaimReview lacks what a published one needs: url")
    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await dialog_on(pilot, 4)
        assert "⚠ Incomplete: " + reason in str(
            dialog.query_one("#export-readiness", Static).content)
        force = dialog.query_one("#export-incomplete", Button)
        assert not force.display
        await pilot.press("enter")
        await settle(pilot)
        # Refused: the CLI's reason, in one line; the dialog still open; nothing written.
        assert app.screen is dialog
        said = notifications(app)[-1]
        assert said.startswith(f"ClaimReview refused: {reason}; ") and "\n" not in said
        assert not target.exists()
        # Pressing Export again still refuses: forcing is its own button.
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog and not target.exists()
        assert force.display
        await pilot.click("#export-incomplete")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert notifications(app)[-1] == (
            f"Exported: ClaimReview JSON-LD, marked Incomplete: {target}")
    review = json.loads(target.read_text("utf-8"))
    assert review["creativeWorkStatus"].startswith("Incomplete: no url")


async def test_a_complete_claimreview_goes_straight_out(case_file: Path,
                                                       isolated_config: Path) -> None:
    isolated_config.write_text('[organisation]\nname = "Example Checks"\n'
                               'review_url = "https://checks.example.org/{slug}"\n', "utf-8")
    target = case_file.with_name("cruz.jsonld")
    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await dialog_on(pilot, 4)
        assert "Incomplete" not in str(dialog.query_one("#export-readiness", Static).content)
        await pilot.press("enter")
        await settle(pilot)
        assert notifications(app)[-1] == f"Exported: ClaimReview JSON-LD: {target}"
    assert "creativeWorkStatus" not in json.loads(target.read_text("utf-8"))
