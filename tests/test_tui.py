"""The terminal interface, driven the way a person drives it: keys in, screens read back.

Cases are built with fixed ids and timestamps so the snapshots are the same on every run
and machine; the library lives in a temporary folder whose path never reaches the screen
of a non-empty library.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Input, OptionList, Static

from tests.support import (
    PUTIN_CLAIM,
    SAMPLE_CASES,
    eiffel_case,
    notifications,
    plain,
    putin_case,
    settle,
)
from workbench.casefile.library import Skipped
from workbench.casefile.store import CaseFile
from workbench.formats.case_json import case_from_json
from workbench.model import ClaimantKind, Confidence, Corroboration, Source, SourceKind
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_screen import CaseScreen
from workbench.tui.case_table import CaseTable, entry_cells
from workbench.tui.choice import Choice
from workbench.tui.labels import lag_text, one_line, skipped_line, status_label, timing_badge
from workbench.tui.lazy_text_area import LazyTextArea
from workbench.tui.library_screen import LibraryScreen
from workbench.tui.section_editor import SectionEditor
from workbench.tui.sources_table import SourcesTable, source_cells


@pytest.fixture
def case_library(tmp_path: Path) -> Path:
    """Two case files: the seed-like case (newest) and a bare draft."""
    folder = tmp_path / "library"
    folder.mkdir()
    for name, case in (("putin", putin_case()), ("eiffel", eiffel_case())):
        CaseFile.create(folder / f"{name}.case.db", case).close()
    return folder


@pytest.fixture
def bad_file(case_library: Path) -> Path:
    path = case_library / "x.case.db"
    path.write_bytes(bytes(range(256)) * 4)
    return path


def case_rows(table: CaseTable) -> list[list[str]]:
    """The library table's cells as shown, uncut: the table draws only what fits."""
    return [list(entry_cells(entry)) for entry in table.entries]


def test_one_line_collapses_and_cuts() -> None:
    assert one_line("a  b\nc", 10) == "a b c"
    assert one_line("abcdefghij", 5) == "abcd…"
    assert one_line("日本語の主張", 5) == "日本…"


def test_labels_never_raise_on_odd_values() -> None:
    assert status_label("in_review") == "in review"
    assert status_label("from_the_future") == "from_the_future"
    assert [lag_text(days) for days in (1, 12, 364, 365, 5900)] == [
        "1 day", "12 days", "364 days", "1 year", "16 years",
    ]


def test_timing_badge_shows_the_lag() -> None:
    robertson, _, archives = putin_case().sources
    assert timing_badge(robertson) == "retrospective (20 years)"
    assert timing_badge(archives) == "undated"


def test_a_source_without_a_title_says_so_in_its_row() -> None:
    untitled = Source(id="s-x", number=4, kind=SourceKind.ARCHIVAL_RECORD)
    assert source_cells(untitled, Corroboration.UNVERIFIABLE) == (
        "[4]", "(untitled)", "archival record", "—", "undated", "unverifiable",
    )
    assert source_cells(untitled, Corroboration.UNVERIFIABLE, narrow=True)[1] == "(untitled)"


def test_skipped_line_drops_the_folder(tmp_path: Path) -> None:
    path = tmp_path / "x.case.db"
    assert skipped_line(Skipped(path, f"{path}: is not a case file")) == (
        "x.case.db: is not a case file"
    )


async def test_library_lists_cases_newest_first(case_library: Path) -> None:
    app = WorkbenchApp(library=case_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        rows = case_rows(app.screen.query_one("#cases", CaseTable))
        assert [row[0] for row in rows] == [
            "Did Putin ask to join NATO?",
            "Does the Eiffel Tower grow in summer?",
        ]
        assert rows[0][2:] == ["in review", "Mostly False", "2024-05-02"]
        # A claim holding "[about]" is shown as typed, not read as markup.
        assert "[about]" in rows[1][1]
        assert rows[1][2] == "draft"
        assert not app.screen.query_one("#empty").display
        assert notifications(app) == []


async def test_open_case_and_go_back(case_library: Path) -> None:
    app = WorkbenchApp(library=case_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        assert screen.case is not None and screen.case.id == "case-putin"
        assert screen.query_one("#claim-text", LazyTextArea).text == PUTIN_CLAIM
        values = {field.id: field.value for field in screen.query(Input)}
        assert values["claimant"] == "Vladimir Putin"
        assert values["claimant-role"] == "President of Russia"
        assert screen.query_one("#conclusion", LazyTextArea).text.startswith(
            "Interest was voiced informally")
        choices = {choice.id: choice.value for choice in screen.query(Choice)}
        assert choices == {
            "claimant-kind": ClaimantKind.PERSON, "scale": "politifact",
            "rating": "Mostly False", "confidence": Confidence.MEDIUM,
        }
        # The status is shown, and moved by the review workflow (s), not chosen here.
        status = screen.query_one("#status", Static).content
        assert isinstance(status, Content) and status.plain == "in review  s moves it"
        assert screen.query_one("#established", LazyTextArea).text == (
            "Putin raised membership informally in 2000 [1] [2]"
        )
        assert not screen.query_one("#banner").display

        sources = screen.query_one(SourcesTable).rows()
        assert sources[0][0] == "[1]"
        assert sources[0][1].startswith("Ex-Nato head says Putin")
        assert sources[0][2:] == (
            "first-hand account /…", "reputational", "retrospective (20 years)", "corroborated",
        )
        assert sources[1][5] == "contradicted"
        assert sources[2][1:] == (
            "National Security Archive", "archival record", "—", "undated", "contradicted",
        )

        headings = screen.query_one("#section-list", OptionList)
        prompts = [str(headings.get_option_at_index(i).prompt) for i in range(3)]
        # The kind is shown only where the heading does not already say it.
        assert prompts == [
            "Executive summary", "A former NATO chief's recollection  body", "Bottom line",
        ]
        assert "no formal application" in screen.query_one(SectionEditor).text

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        # The case file was closed with the screen: nothing holds its lock any more.
        with CaseFile.open(case_library / "putin.case.db") as casefile:
            assert not casefile.read_only


async def test_click_opens_a_case(case_library: Path) -> None:
    app = WorkbenchApp(library=case_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # Line 0 is the header, line 2 the second case: a click highlights it, the next opens.
        await pilot.click("#cases", offset=(3, 2))
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        await pilot.click("#cases", offset=(3, 2))
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.case is not None and app.screen.case.id == "case-eiffel"


async def test_sections_follow_the_list(case_library: Path) -> None:
    app = WorkbenchApp(case=case_library / "putin.case.db")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#section-list", OptionList).focus()
        await pilot.press("down")
        await settle(pilot)
        editor = app.screen.query_one(SectionEditor)
        assert "**years later**" in editor.text
        assert editor.border_title == "A former NATO chief's recollection"


async def test_ctrl_q_quits_from_the_case_screen(case_library: Path) -> None:
    app = WorkbenchApp(library=case_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0


async def test_escape_stays_when_opened_on_one_case(case_library: Path) -> None:
    app = WorkbenchApp(case=case_library / "eiffel.case.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        # The "none" scale has no ratings: the conclusion is the verdict.
        assert not app.screen.query_one("#rating").display
        assert app.screen.query_one("#no-rating").display
        assert app.screen.query_one("#established", LazyTextArea).text == ""
        assert app.screen.query_one(SectionEditor).text == ""
        assert app.return_code is None


async def test_empty_library_says_how_to_start(tmp_path: Path) -> None:
    app = WorkbenchApp(library=tmp_path / "new-library")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        empty = app.screen.query_one("#empty", Static)
        assert empty.display
        assert not app.screen.query_one("#cases").display
        text = plain(empty)
        assert 'workbench new "CLAIM"' in text and "workbench import FILE" in text
        assert str(tmp_path / "new-library") in text


async def test_unreadable_file_is_skipped_with_a_notification(
    case_library: Path, bad_file: Path
) -> None:
    app = WorkbenchApp(library=case_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#cases", CaseTable).row_count == 2
        assert notifications(app) == [
            "Skipped 1 unreadable file: "
            "x.case.db: is not a case file (not an SQLite database)"
        ]
        # Coming back from a case does not repeat the warning.
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert len(notifications(app)) == 1


async def test_unreadable_case_file_shows_an_error(bad_file: Path) -> None:
    app = WorkbenchApp(case=bad_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        [note] = notifications(app)
        assert note == (
            f"Cannot open the case: {bad_file}: is not a case file (not an SQLite database)"
        )
        assert "\n" not in note
        assert app.screen.query_one("#case-error").display
        assert not app.screen.query_one("#case-body").display
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0


async def test_a_case_that_vanished_returns_to_the_library(case_library: Path) -> None:
    app = WorkbenchApp(library=case_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        (case_library / "putin.case.db").unlink()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert notifications(app)[0].endswith("putin.case.db: no such file")


async def test_a_case_open_elsewhere_is_read_only(case_library: Path) -> None:
    with CaseFile.open(case_library / "putin.case.db") as writer:
        assert not writer.read_only
        app = WorkbenchApp(case=case_library / "putin.case.db")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            banner = app.screen.query_one("#banner", Static)
            assert banner.display
            # The writer is this very process, named by its id from the lock file.
            assert plain(banner) == (
                f"Open in another Workbench process (process {os.getpid()}): read-only. "
                "Editing is off; changes cannot be saved."
            )


@pytest.mark.parametrize("sample", SAMPLE_CASES or [None], ids=lambda p: p.name if p else "none")
async def test_sample_cases_open(tmp_path: Path, sample: Path | None) -> None:
    if sample is None:
        pytest.skip("no sample cases yet")
    case = case_from_json(sample.read_text("utf-8"))
    path = tmp_path / "sample.case.db"
    CaseFile.create(path, case).close()
    app = WorkbenchApp(case=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert notifications(app) == []
        assert app.screen.query_one(SourcesTable).row_count == len(case.sources)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_library_snapshot(snap_compare, case_library: Path, size: tuple[int, int]) -> None:
    assert snap_compare(WorkbenchApp(library=case_library), terminal_size=size, run_before=settle)
