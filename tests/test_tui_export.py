"""Export from the TUI: the dialog driven by keys, then the file read back and parsed.

From the case screen (ctrl+o, on the case as it is in memory) and from the library (ctrl+o
on the highlighted case). A case with readiness errors is said to have them and goes out
stamped DRAFT; a file already there is replaced only after a yes; a file that cannot be
written is a notification, and nothing is left behind.
"""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from textual.pilot import Pilot
from textual.widgets import Button, Input, OptionList, Static

from tests.support import notifications, settle
from workbench.analysis.checks import VERDICT, Finding, Severity
from workbench.casefile.store import CaseFile
from workbench.formats.case_json import case_from_json
from workbench.model import (
    Case,
    Claim,
    Section,
    SectionKind,
    Source,
    Verdict,
)
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_screen import CaseScreen
from workbench.tui.confirm import Confirm
from workbench.tui.export_dialog import (
    ExportDialog,
    export_path,
    readiness_line,
    resolve,
    with_format_suffix,
)
from workbench.tui.library_screen import LibraryScreen


def ready_case() -> Case:
    """No readiness errors: a rated verdict, a summary and a bottom line citing a source."""
    return Case(
        id="case-ready", title="Is the bridge closed?", scale="politifact",
        created="2024-05-01T09:00:00Z", updated="2024-05-02T16:30:00Z",
        claim=Claim(text="The bridge is closed to all traffic.", claimant="A. Mayor"),
        verdict=Verdict(rating="Mostly True", conclusion="Closed to cars, open to bikes."),
        sources=[Source(id="s1", number=1, title="Council notice", date_published="2024-04-01",
                        event_date="2024-04-01")],
        sections=[
            Section(id="x1", kind=SectionKind.EXECUTIVE_SUMMARY, heading="Summary",
                    body="Closed to cars [1]."),
            Section(id="x2", kind=SectionKind.BOTTOM_LINE, heading="Bottom line",
                    body="Mostly true [1]."),
        ],
    )


def draft_case() -> Case:
    """Two readiness errors: no rating, and a citation to a source that is not there."""
    case = ready_case()
    case.id = "case-draft"
    case.verdict.rating = ""
    case.sections[0].body = "Closed to cars [1] [4]."
    return case


@pytest.fixture
def ready_file(tmp_path: Path) -> Path:
    path = tmp_path / "bridge.case.db"
    CaseFile.create(path, ready_case()).close()
    return path


@pytest.fixture
def draft_file(tmp_path: Path) -> Path:
    path = tmp_path / "bridge-draft.case.db"
    CaseFile.create(path, draft_case()).close()
    return path


async def open_dialog(pilot: Pilot[None]) -> ExportDialog:
    await pilot.press("ctrl+o")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def choose_format(pilot: Pilot[None], steps_down: int) -> None:
    """From the format list: down to the format, enter on to the file name."""
    await pilot.press(*["down"] * steps_down, "enter")
    await pilot.pause()
    assert isinstance(pilot.app.focused, Input) and pilot.app.focused.id == "export-path"


def leftovers(folder: Path) -> list[str]:
    """Temporary files an export might have left behind."""
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


# Without Textual


def test_default_names_sit_beside_the_case_file(tmp_path: Path) -> None:
    case_path = tmp_path / "putin.case.db"
    assert export_path(case_path, "md") == tmp_path / "putin.md"
    assert export_path(case_path, "claimreview") == tmp_path / "putin.jsonld"
    assert export_path(tmp_path / "odd.db", "html") == tmp_path / "odd.html"
    assert with_format_suffix("/x/putin.md", "html") == "/x/putin.html"
    assert with_format_suffix("/x/notes.markdown", "html") == "/x/notes.markdown"
    assert with_format_suffix("", "html") == ""
    assert resolve("out/a.md", tmp_path) == tmp_path / "out" / "a.md"
    assert resolve("  ", tmp_path) is None
    assert resolve("~/a.md", tmp_path) == Path.home() / "a.md"


def test_the_readiness_line_says_what_a_draft_means() -> None:
    error = Finding("no-rating", Severity.ERROR, VERDICT, "The verdict has no rating", "Rate")
    assert "DRAFT" in readiness_line([error], "html").plain
    assert "first: The verdict has no rating" in readiness_line([error], "md").plain
    assert "1 readiness error " in readiness_line([error], "md").plain
    assert "never" in readiness_line([error], "json").plain
    assert readiness_line([], "md").plain.startswith("✓")


# From the case screen


async def test_export_html_from_the_case_screen(ready_file: Path) -> None:
    app = WorkbenchApp(case=ready_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot)
        assert dialog.query_one("#export-path", Input).value == str(
            ready_file.with_name("bridge.md"))
        readiness = dialog.query_one("#export-readiness", Static)
        assert "No readiness errors" in str(readiness.content)
        # Down to HTML: the file name follows the format.
        await choose_format(pilot, 1)
        assert dialog.query_one("#export-path", Input).value == str(
            ready_file.with_name("bridge.html"))
        assert str(dialog.query_one("#export-go", Button).label) == "Export"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        target = ready_file.with_name("bridge.html")
        assert notifications(app)[-1] == f"Exported: HTML page: {target}"
    html = target.read_text("utf-8")
    HTMLParser().feed(html)
    assert "<title>Fact check: Is the bridge closed?</title>" in html
    # No organisation is configured, so the ClaimReview would lack its address and author:
    # an incomplete one is never embedded.
    assert "DRAFT" not in html and "application/ld+json" not in html
    assert leftovers(ready_file.parent) == []


async def test_export_exports_the_case_as_edited(ready_file: Path) -> None:
    """Unsaved edits too: the export is of the case in memory."""
    app = WorkbenchApp(case=ready_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*"Even bikes? ")
        await open_dialog(pilot)
        await choose_format(pilot, 3)  # Case JSON
        await pilot.press("enter")
        await settle(pilot)
    exported = case_from_json(ready_file.with_name("bridge.json").read_text("utf-8"))
    assert exported.claim.text == "Even bikes? The bridge is closed to all traffic."


async def test_a_case_with_errors_is_exported_as_a_draft(draft_file: Path) -> None:
    app = WorkbenchApp(case=draft_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot)
        readiness = str(dialog.query_one("#export-readiness", Static).content)
        assert "2 readiness errors" in readiness and "DRAFT" in readiness
        assert str(dialog.query_one("#export-go", Button).label) == "Export as DRAFT"
        # The case JSON is never a draft.
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert str(dialog.query_one("#export-go", Button).label) == "Export"
        # Markdown, by the button.
        await pilot.press("home", "enter")
        await pilot.pause()
        await pilot.press("tab", "enter")
        await settle(pilot)
        target = draft_file.with_name("bridge-draft.md")
        assert notifications(app)[-1] == (
            f"Exported as DRAFT: Markdown article, stamped DRAFT (2 readiness errors): {target}"
        )
    markdown = target.read_text("utf-8")
    tokens = MarkdownIt().parse(markdown)
    inline = [token.content for token in tokens if token.type == "inline"]
    assert "**DRAFT — not for publication.**" in inline
    assert "Summary" in inline  # the case's own heading for its executive summary


async def test_cancel_writes_nothing(draft_file: Path) -> None:
    app = WorkbenchApp(case=draft_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_dialog(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
    # Nothing but the case and its companions (SQLite's, and its lock file).
    assert sorted(path.name for path in draft_file.parent.iterdir()
                  if draft_file.name not in path.name) == []


async def test_replacing_a_file_is_asked_first(ready_file: Path,
                                               isolated_config: Path) -> None:
    # An organisation and its review address, so the ClaimReview is complete (unmarked).
    isolated_config.write_text('[organisation]\nname = "Example Checks"\n'
                               'review_url = "https://checks.example.org/{slug}"\n', "utf-8")
    target = ready_file.with_name("bridge.jsonld")
    target.write_text("keep me")
    app = WorkbenchApp(case=ready_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_dialog(pilot)
        await choose_format(pilot, 4)  # ClaimReview
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert str(target) in str(app.screen.query_one("#confirm-question", Static).content)
        # No: back to the dialog, on the file name, nothing written.
        await pilot.press("n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert app.focused is dialog.query_one("#export-path", Input)
        assert dialog.format == "claimreview"
        assert target.read_text() == "keep me"
        # Yes this time.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert notifications(app)[-1] == f"Exported: ClaimReview JSON-LD: {target}"
    review = json.loads(target.read_text("utf-8"))
    assert review["@type"] == "ClaimReview"
    assert review["reviewRating"]["alternateName"] == "Mostly True"
    assert "creativeWorkStatus" not in review


async def test_an_unwritable_place_is_a_notification(ready_file: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    app = WorkbenchApp(case=ready_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot)
        await choose_format(pilot, 0)
        dialog.query_one("#export-path", Input).value = ""
        await pilot.press(*str(blocker / "out.md"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert notifications(app)[-1] == f"Export failed: {blocker}: no such folder"
    assert leftovers(tmp_path) == []


async def test_a_blank_file_name_is_refused_in_the_dialog(ready_file: Path) -> None:
    app = WorkbenchApp(case=ready_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot)
        await choose_format(pilot, 0)
        dialog.query_one("#export-path", Input).value = ""
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        error = dialog.query_one("#export-error", Static)
        assert error.display and "name of the file" in str(error.content)


# From the library


async def test_export_from_the_library(ready_file: Path, draft_file: Path) -> None:
    app = WorkbenchApp(library=ready_file.parent)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        # The newest case is on top: the draft was created last.
        dialog = await open_dialog(pilot)
        assert dialog.query_one("#export-path", Input).value == str(
            draft_file.with_name("bridge-draft.md"))
        assert str(dialog.query_one("#export-go", Button).label) == "Export as DRAFT"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("down")
        dialog = await open_dialog(pilot)
        assert isinstance(app.focused, OptionList)
        await choose_format(pilot, 2)  # plain text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        target = ready_file.with_name("bridge.txt")
        assert notifications(app)[-1] == f"Exported: Plain text article: {target}"
    assert target.read_text("utf-8").startswith("Fact check:")
