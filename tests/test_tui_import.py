"""Importing a file from the library screen (ctrl+l): the CLI's import, from the TUI.

The files on disk are checked after each import: a case opened on success, nothing at all
written on failure, one notification line either way.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.support import notifications, settle, type_text, wait_for
from workbench.casefile.store import CaseFile
from workbench.formats import importing
from workbench.model import Case, Claim, SectionKind
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_screen import CaseScreen
from workbench.tui.claim_pane import ClaimPane
from workbench.tui.import_dialog import ImportDialog
from workbench.tui.library_screen import LibraryScreen

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
SEED = REFERENCE / "seed-article.txt"
CLAIMREVIEW = REFERENCE / "claimreview-schemaorg-example.jsonld"
needs_reference = pytest.mark.skipif(not SEED.exists(), reason="needs the shared seed article")


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    CaseFile.create(folder / "moon.case.db",
                    Case(title="Was the Moon landing staged?",
                         claim=Claim(text="The Moon landing was filmed in a studio."))).close()
    return folder


def case_files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.glob("*.case.db"))


async def import_by_keys(pilot: Pilot[None], typed: str) -> None:
    """ctrl+l, the path typed at machine speed, enter."""
    await settle(pilot)
    await pilot.press("ctrl+l")
    assert isinstance(pilot.app.screen, ImportDialog)
    await type_text(pilot, typed)
    await pilot.press("enter")


async def opened_case(pilot: Pilot[None]) -> CaseScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen)
                   and app.screen.case is not None)
    screen = app.screen
    assert isinstance(screen, CaseScreen)
    # Leaving while the claim form is still being built is another test's matter.
    await wait_for(pilot, lambda: screen.query_one(ClaimPane).built)
    await settle(pilot)
    return screen


@needs_reference
async def test_the_seed_article_becomes_a_case_and_opens(library: Path, tmp_path: Path) -> None:
    article = tmp_path / "seed article.txt"
    shutil.copy(SEED, article)
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await import_by_keys(pilot, str(article))
        screen = await opened_case(pilot)
        case = screen.case
        assert case is not None
        assert screen.path.parent == library
        assert len(case.sections) == 7
        assert case.sections[0].kind is SectionKind.EXECUTIVE_SUMMARY
        assert case.sections[-1].kind is SectionKind.BOTTOM_LINE
        assert notifications(app)[-1] == f"Imported: seed article.txt is now {screen.path.name}"
    assert len(case_files(library)) == 2
    # The same file as the command line makes from the same article.
    with CaseFile.open(screen.path, read_only=True) as casefile:
        imported = casefile.load()
    assert [s.heading for s in imported.sections] == [
        s.heading for s in importing.plan_import(SEED, scales={}).cases[0].sections]


@needs_reference
async def test_a_path_under_the_home_folder_is_expanded(
        library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    shutil.copy(CLAIMREVIEW, home / "Downloads" / "perry.jsonld")
    monkeypatch.setenv("HOME", str(home))
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await import_by_keys(pilot, "~/Downloads/perry.jsonld")
        screen = await opened_case(pilot)
        assert screen.case is not None
        assert "3,000 homicides" in screen.case.claim.text


async def test_several_claimreview_records_are_all_imported(
        library: Path, tmp_path: Path) -> None:
    records = [
        {"@context": "https://schema.org", "@type": "ClaimReview",
         "claimReviewed": f"Claim number {n} about the bridge", "url": f"https://x.org/{n}",
         "reviewRating": {"@type": "Rating", "alternateName": "False"}}
        for n in (1, 2, 3)
    ]
    import json

    document = tmp_path / "three.jsonld"
    document.write_text(json.dumps(records), "utf-8")
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await import_by_keys(pilot, str(document))
        await wait_for(pilot, lambda: any(n.startswith("Imported") for n in notifications(app)))
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert notifications(app)[-1] == "Imported: 3 cases from three.jsonld"
    assert len(case_files(library)) == 4


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("notes.txt", "Just some prose, with no headings at all.\n", "neither an article"),
    ("broken.json", "{not json", "JSON"),
    ("claims.csv", "claim,label\nThe sky is green,false\nWater is dry,false\n",
     "import it from the command line: workbench import"),
], ids=["unknown-format", "bad-json", "bulk-list"])
async def test_a_file_that_cannot_be_imported_is_one_line_and_writes_nothing(
        library: Path, tmp_path: Path, name: str, content: str | None, reason: str) -> None:
    path = tmp_path / name
    path.write_text(content, "utf-8")
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await import_by_keys(pilot, str(path))
        await wait_for(pilot, lambda: any(n.startswith("Not imported") for n in
                                          notifications(app)))
        await settle(pilot)
        [note] = [n for n in notifications(app) if n.startswith("Not imported")]
        assert note.startswith(f"Not imported: {path}: ")
        assert reason in note
        assert "\n" not in note and "Traceback" not in note
        assert isinstance(app.screen, LibraryScreen)
    assert case_files(library) == ["moon.case.db"]
    assert [p.name for p in library.iterdir() if not p.name.startswith(".")
            and not p.name.endswith((".case.db", ".lock"))] == []


@pytest.mark.parametrize(("name", "said"), [("missing.txt", "does not exist"),
                                            ("folder", "is a folder")])
async def test_a_path_that_is_no_file_is_said_in_the_dialog(
        library: Path, tmp_path: Path, name: str, said: str) -> None:
    """A mistyped path keeps the dialog open with the path in it, to correct."""
    path = tmp_path / name
    if name == "folder":
        path.mkdir()
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await import_by_keys(pilot, str(path))
        await settle(pilot)
        assert isinstance(app.screen, ImportDialog)
        assert app.screen.query_one(Input).value == str(path)
        assert notifications(app)[-1] == (
            f"Not imported: {path} {said}: type the path of a file (esc cancels)")
    assert case_files(library) == ["moon.case.db"]


async def test_the_import_runs_off_the_ui_thread(
        library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[threading.Thread] = []
    real = importing.import_into_library

    def recorded(*args: object, **kwargs: object) -> importing.LibraryImport:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importing, "import_into_library", recorded)
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = tmp_path / "notes.txt"
        notes.write_text("Prose, no headings.\n", "utf-8")
        await import_by_keys(pilot, str(notes))
        await wait_for(pilot, lambda: bool(threads))
        await settle(pilot)
    assert threads and threads[0] is not threading.main_thread()


async def test_escape_cancels_and_an_empty_path_is_asked_for(library: Path) -> None:
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l", "enter")
        assert isinstance(app.screen, ImportDialog)
        assert notifications(app)[-1] == (
            ": Type the path of the file to import (esc cancels)")
        await type_text(pilot, "nato")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        # What was typed in the dialog stayed there: the library's filter is empty.
        assert app.screen.query_one("#filter", Input).value == ""
    assert case_files(library) == ["moon.case.db"]


async def test_how_the_article_was_read_is_said_and_the_index_knows_the_case(
        library: Path, tmp_path: Path) -> None:
    """An article stating no claim gets its headline as the claim: the user is told to
    confirm it, and the new case is in the library's index without a walk of the folder."""
    from workbench.casefile.library import Library

    article = tmp_path / "headline.md"
    article.write_text("# Did the council double the parking fines?\n\n"
                       "## Executive summary\n\nFines rose by a third, not doubled [1].\n\n"
                       "## 1. The budget figures\n\nThe council's budget shows it [1].\n\n"
                       "## Sources\n\n1. [Council budget](https://example.org/budget)"
                       " — City Council, 2024-03-05\n", "utf-8")
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await import_by_keys(pilot, str(article))
        screen = await opened_case(pilot)
        assert screen.case is not None
        assert screen.case.claim.text == "Did the council double the parking fines?"
        warnings = [note for note in notifications(app) if note.startswith("Check headline.md")]
        assert warnings and "headline" in warnings[0]
    index = Library(library)
    titles = [row.title for row in index.page(limit=10, kinds=("case",))]
    assert "Did the council double the parking fines?" in titles
