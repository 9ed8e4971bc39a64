"""The library screen over the index: pages read on demand, rows of every kind, and the
TUI's own writes told to the index (issue 15).

A library of a few thousand corpus rows is past ``SMALL_LIBRARY``: the table holds a
few pages of it, reads the rest as it comes into view and filters in SQLite. Everything
is checked on screen (the rendered lines) and read back from disk: the case files in the
folder, the index through ``Library``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.support import (
    burst,
    edit_conclusion,
    notifications,
    on_disk,
    plain,
    putin_case,
    screen_of,
    settle,
    type_text,
    wait_for,
    wait_saved,
)
from workbench.casefile.library import (
    CASE,
    QUEUED,
    REFERENCE,
    TRASH_NAME,
    Library,
    ReferenceClaim,
)
from workbench.casefile.store import CaseFile
from workbench.formats.backlog import queued_claim
from workbench.model import Case, Claim
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_screen import CaseScreen
from workbench.tui.case_table import PAGE, SMALL_LIBRARY, CaseTable
from workbench.tui.library_screen import LibraryScreen
from workbench.tui.new_case import NewCaseScreen
from workbench.tui.prior_check_dialog import PriorCheckDialog

#: Prior checks in the large library: past SMALL_LIBRARY, a few pages' worth.
REFERENCES = 3_000
MOON_CHECK = "The Moon landing footage was shot in a film studio in Nevada"
QUEUED_CLAIM = "Wind turbines cause more bird deaths than all cats together"


@pytest.fixture(autouse=True)
def no_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_CONFIG", str(tmp_path / "config" / "config.toml"))


def moon_case() -> Case:
    return Case(title="Was the Moon landing staged?", created="2024-03-01T08:00:00Z",
                updated="2024-03-02T08:00:00Z",
                claim=Claim(text="The 1969 Moon landing was filmed in a studio."))


def make_library(folder: Path, references: int) -> Library:
    """Two cases, ``references`` prior checks (one about the Moon landing, by Full
    Fact) and one queued claim; the index built."""
    folder.mkdir(parents=True)
    CaseFile.create(folder / "moon.case.db", moon_case()).close()
    CaseFile.create(folder / "putin.case.db", putin_case()).close()
    library = Library(folder)
    library.refresh()
    rows = [ReferenceClaim(claim=f"Claim {number:05d} says figure {number} went up",
                           claimant="Someone", date=f"20{number % 20:02d}-01-01",
                           rating="False", publisher="PolitiFact",
                           url=f"https://politifact.example/{number}")
            for number in range(references - 1)]
    rows.append(ReferenceClaim(claim=MOON_CHECK, claimant="A blog", date="2023-05-01",
                               rating="Pants on fire", publisher="Full Fact",
                               url="https://fullfact.example/moon-studio"))
    library.add_references(rows)
    case = Case(title="Do wind turbines kill more birds than cats?",
                claim=Claim(text=QUEUED_CLAIM, claimant="A columnist", date_made="2024-02-02"))
    library.queue([queued_claim(case, "backlog.csv:2")])
    return library


@pytest.fixture
def large(tmp_path: Path) -> Library:
    return make_library(tmp_path / "large", REFERENCES)


@pytest.fixture
def small(tmp_path: Path) -> Library:
    return make_library(tmp_path / "small", 20)


def table_of(app: WorkbenchApp) -> CaseTable:
    return app.screen.query_one("#cases", CaseTable)


def screen_lines(table: CaseTable) -> list[str]:
    """The table's lines as drawn (header first)."""
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


async def filtered(pilot: Pilot[None], app: WorkbenchApp, words: str) -> CaseTable:
    """Type ``words`` into the filter and wait for the rows they find."""
    await type_text(pilot, words)
    table = table_of(app)
    await wait_for(pilot, lambda: app.screen._query.strip() == words)
    await settle(pilot)
    return table


def recorded_stamp(library: Library) -> str | None:
    with sqlite3.connect(library.index_path) as connection:
        row = connection.execute(
            "SELECT value FROM meta WHERE key = 'folder_stamp'").fetchone()
    return None if row is None else row[0]


# Reading on demand


async def test_the_table_holds_a_few_pages_and_reads_the_end_when_shown(large: Library) -> None:
    total = large.count()
    assert total == REFERENCES + 3 > SMALL_LIBRARY
    app = WorkbenchApp(library=large.folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = table_of(app)
        assert table.paged and table.row_count == total
        assert len(table.entries) <= PAGE  # the first page, not three thousand rows
        assert app.screen.sub_title == "Library · 2 cases · 3,000 prior checks · 1 queued"
        await pilot.press("end")
        await settle(pilot)
        last = large.page(total - 1, 1)[0]
        assert table.cursor_entry == last
        assert last.claim[:30] in screen_lines(table)[-1]
        # The first page and those in view: a few pages held, however far it went.
        assert len(table.entries) <= 3 * PAGE
        await pilot.press("home")
        await settle(pilot)
        assert table.cursor_entry == large.page(0, 1)[0]


# Filtering finds every kind and says which it is


@pytest.mark.parametrize("size", ["small", "large"])
async def test_the_filter_finds_a_prior_check_and_a_case_and_marks_each(
        request: pytest.FixtureRequest, size: str) -> None:
    library: Library = request.getfixturevalue(size)
    app = WorkbenchApp(library=library.folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = await filtered(pilot, app, "moon landing")
        assert table.paged == (size == "large")
        kinds = {getattr(row, "kind", CASE): row for row in table.entries}
        assert set(kinds) == {CASE, REFERENCE}
        assert kinds[CASE].title == "Was the Moon landing staged?"
        assert kinds[REFERENCE].claim == MOON_CHECK
        lines = screen_lines(table)
        check_line = next(line for line in lines if "footage was shot" in line)
        case_line = next(line for line in lines if "Moon landing staged" in line)
        assert "prior · Full Fact" in check_line
        assert "Pants on fire" in check_line
        assert "draft" in case_line and "prior" not in case_line
        assert isinstance(app.focused, CaseTable)


async def test_in_a_large_library_a_retyped_claim_puts_its_prior_check_first(
        large: Library) -> None:
    """Words no row holds as typed: the claim matcher finds the check the SQL filter
    cannot."""
    app = WorkbenchApp(library=large.folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = await filtered(pilot, app, "moon landing footage shot in a film studo")
        assert table.cursor_entry is not None and table.cursor_entry.claim == MOON_CHECK
        # Found by the matcher, it is not listed again among what the words find.
        await pilot.press("escape")
        table = await filtered(pilot, app, "moon landing footage shot in a film")
        claims = [row.claim for row in table.entries]
        assert claims[0] == MOON_CHECK and claims.count(MOON_CHECK) == 1
        assert table.row_count == len(claims)


async def test_a_burst_of_words_filters_for_the_last_of_them(large: Library) -> None:
    app = WorkbenchApp(library=large.folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(pilot, ["claim 0004", "backspace", "2", "backspace", "7"])
        await wait_for(pilot, lambda: app.screen._query == "claim 0007")
        await settle(pilot)
        table = table_of(app)
        assert app.screen.query_one("#filter").value == "claim 0007"
        claims = [row.claim for row in table.entries]
        # "0007" as a word or its start: claims 00070 to 00079.
        assert len(claims) == table.row_count == 10
        assert all(claim.startswith("Claim 0007") for claim in claims)
        assert isinstance(app.screen, LibraryScreen)


async def test_a_filter_matching_nothing_in_a_large_library_says_so(large: Library) -> None:
    app = WorkbenchApp(library=large.folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await filtered(pilot, app, "qqqzzzxxx")
        message = app.screen.query_one("#no-match")
        assert message.display
        assert plain(message).startswith("Nothing matches “qqqzzzxxx”.")
        await pilot.press("escape")
        await settle(pilot)
        assert table_of(app).row_count == large.count()


# Enter on each kind


@pytest.mark.parametrize("size", ["small", "large"])
async def test_enter_on_a_queued_claim_makes_its_case_and_opens_it(
        request: pytest.FixtureRequest, size: str) -> None:
    library: Library = request.getfixturevalue(size)
    before = sorted(library.folder.glob("*.case.db"))
    app = WorkbenchApp(library=library.folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = await filtered(pilot, app, "wind turbines")
        assert "queued" in screen_lines(table)[1]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen))
        await settle(pilot)
        path = screen_of(app).path
        await pilot.press("ctrl+q")
    assert sorted(library.folder.glob("*.case.db")) == sorted([*before, path])
    assert on_disk(path).claim.text == QUEUED_CLAIM
    assert on_disk(path).claim.claimant == "A columnist"
    assert library.count(QUEUED) == 0
    assert [row.path for row in library.page(0, 5, filter="wind turbines")] == [str(path)]


async def test_enter_on_a_prior_check_shows_it_read_only(small: Library) -> None:
    app = WorkbenchApp(library=small.folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await filtered(pilot, app, "film studio nevada")
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PriorCheckDialog)
        shown = {name: plain(dialog.query_one(f"#prior-{name}")) for name in
                 ("claim", "claimant", "rating", "checked", "date", "review")}
        assert shown == {"claim": MOON_CHECK, "claimant": "A blog", "rating": "Pants on fire",
                         "checked": "Full Fact", "date": "2023-05-01",
                         "review": "https://fullfact.example/moon-studio"}
        await pilot.press("c")
        assert notifications(app)[-1] == (
            "Review link copied: https://fullfact.example/moon-studio")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    # Nothing was written: the corpus and the folder are as they were.
    assert small.count(REFERENCE) == 20
    assert sorted(p.name for p in small.folder.glob("*.case.db")) == [
        "moon.case.db", "putin.case.db"]


async def test_delete_on_a_prior_check_trashes_nothing(large: Library) -> None:
    app = WorkbenchApp(library=large.folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await filtered(pilot, app, "footage")
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert notifications(app)[-1].startswith("Not deleted: Only a case")
    assert large.count(REFERENCE) == REFERENCES
    assert not (large.folder / TRASH_NAME).exists()


# The new-case dialog


async def test_the_new_case_dialog_lists_a_prior_check_with_publisher_and_link(
        large: Library) -> None:
    app = WorkbenchApp(library=large.folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await type_text(pilot, "moon landing footage was shot in a studio")
        dialog = app.screen
        assert isinstance(dialog, NewCaseScreen)
        await wait_for(pilot, lambda: dialog._corpus)
        await settle(pilot)
        options = dialog.query_one("#new-similar")
        prompts = [str(options.get_option_at_index(i).prompt)
                   for i in range(options.option_count)]
        assert any("Was the Moon landing staged?" in prompt for prompt in prompts)
        check = next(prompt for prompt in prompts if "prior check" in prompt)
        assert "prior check · Full Fact" in check
        assert "https://fullfact.example/moon-studio" in check
        assert MOON_CHECK in check
        # Chosen, it is shown whole, the claimant read from the index.
        options.focus()
        options.highlighted = prompts.index(check)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PriorCheckDialog))
        assert plain(app.screen.query_one("#prior-claimant")) == "A blog"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is dialog
    assert sorted(p.name for p in large.folder.glob("*.case.db")) == [
        "moon.case.db", "putin.case.db"]


# The TUI's writes keep the index current


async def test_a_save_from_the_tui_keeps_the_index_current(small: Library) -> None:
    import time

    time.sleep(0.1)  # the folder's stamp is old enough to be recorded
    small.refresh(walk=True)
    assert recorded_stamp(small) == small.folder_stamp()
    path = small.folder / "moon.case.db"
    app = WorkbenchApp(library=small.folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.open_case(path)  # type: ignore[attr-defined]
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen)
                       and app.screen.case is not None)
        await settle(pilot)
        edit_conclusion(app)
        await type_text(pilot, " Edited.")
        await wait_saved(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await wait_for(pilot, lambda: recorded_stamp(small) == small.folder_stamp())
        await settle(pilot)
    # The index is current (a command reads no folder) and has the case as saved.
    assert recorded_stamp(small) == small.folder_stamp()
    saved = on_disk(path)
    assert saved.verdict.conclusion.endswith("Edited.")
    [entry] = [row for row in small.page(0, 50, kinds=(CASE,)) if row.path == str(path)]
    assert entry.updated == saved.updated


async def test_trash_and_undo_keep_the_index_current(small: Library) -> None:
    import time

    time.sleep(0.1)
    small.refresh(walk=True)
    app = WorkbenchApp(library=small.folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await filtered(pilot, app, "landing staged")
        await pilot.press("ctrl+d")
        await pilot.press("y")
        await wait_for(pilot, lambda: not (small.folder / "moon.case.db").exists())
        await wait_for(pilot, lambda: recorded_stamp(small) == small.folder_stamp())
        assert [row.title for row in small.page(0, 50, kinds=(CASE,))] == [
            "Did Putin ask to join NATO?"]
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: (small.folder / "moon.case.db").exists())
        await wait_for(pilot, lambda: recorded_stamp(small) == small.folder_stamp())
        await settle(pilot)
    assert sorted(row.title for row in small.page(0, 50, kinds=(CASE,))) == [
        "Did Putin ask to join NATO?", "Was the Moon landing staged?"]


async def test_a_new_case_and_a_quit_from_it_keep_the_index_current(small: Library) -> None:
    """The new case's file, then the case screen opening it, then ctrl+q: one batch of
    writes, noted once the app has gone."""
    import time

    time.sleep(0.1)
    small.refresh(walk=True)
    app = WorkbenchApp(library=small.folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await type_text(pilot, "Bananas are radioactive enough to set off alarms")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen)
                       and app.screen.case is not None)
        await settle(pilot)
        path = screen_of(app).path
        await pilot.press("ctrl+q")
    from workbench.tui import index_notes

    index_notes.settle(small.folder)
    assert recorded_stamp(small) == small.folder_stamp()
    assert [row.path for row in small.page(0, 5, filter="bananas radioactive")] == [str(path)]
    assert on_disk(path).claim.text == "Bananas are radioactive enough to set off alarms"


async def test_back_from_a_case_the_cursor_is_on_it_again(large: Library) -> None:
    """The second case edited: it is the newest now, first in the list, under the cursor."""
    app = WorkbenchApp(library=large.folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = table_of(app)
        await pilot.press("down")
        chosen = table.cursor_entry
        assert chosen is not None and chosen.path
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen)
                       and app.screen.case is not None)
        await settle(pilot)
        # An edit makes it the newest: it moves to the top, and the cursor with it.
        edit_conclusion(app)
        await type_text(pilot, " Edited.")
        await wait_saved(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await settle(pilot)
        table = table_of(app)
        assert table.paged
        assert table.cursor_row == 0
        assert table.cursor_entry is not None and table.cursor_entry.path == chosen.path


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_prior_check_s_claim_starts_where_titles_do(
        small: Library, size: tuple[int, int]) -> None:
    """A prior check has no title: its claim takes the title's place and the claim's
    column too, rather than leaving the title's blank."""
    app = WorkbenchApp(library=small.folder)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = await filtered(pilot, app, "film studio nevada")
        line = next(line for line in screen_lines(table) if "prior" in line)
        assert line.startswith("  " + MOON_CHECK[:20])
        header = screen_lines(table)[0]
        claim_column = header.find("Claim")
        if claim_column > 0:
            # Wider than the title column alone: the text runs on under "Claim".
            assert line[claim_column:claim_column + 5].strip()


async def test_a_queued_claim_chosen_in_the_new_case_dialog_becomes_its_case(
        large: Library) -> None:
    app = WorkbenchApp(library=large.folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await type_text(pilot, QUEUED_CLAIM)
        dialog = app.screen
        assert isinstance(dialog, NewCaseScreen)
        await wait_for(pilot, lambda: dialog._corpus)
        await settle(pilot)
        options = dialog.query_one("#new-similar")
        prompts = [str(options.get_option_at_index(i).prompt)
                   for i in range(options.option_count)]
        options.focus()
        options.highlighted = next(i for i, prompt in enumerate(prompts) if "queued" in prompt)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen))
        await settle(pilot)
    assert large.count(QUEUED) == 0
    made = set(p.name for p in large.folder.glob("*.case.db")) - {"moon.case.db",
                                                                   "putin.case.db"}
    assert len(made) == 1
    assert on_disk(large.folder / made.pop()).claim.text == QUEUED_CLAIM
