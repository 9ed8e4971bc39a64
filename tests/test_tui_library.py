"""The library screen and the app's conventions, driven by keys as a person drives them.

Every test points ``$WORKBENCH_CONFIG`` at a file of its own, so the user's real config is
never read or written; the files on disk are checked after each action.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from tests.support import (
    FIXED_CONFIG,
    eiffel_case,
    notifications,
    plain,
    putin_case,
    settle,
    type_text,
    wait_for,
)
from workbench.casefile.library import TRASH_NAME, LibraryEntry
from workbench.casefile.store import CaseFile
from workbench.config import load_config
from workbench.model import Case, Claim
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_screen import CaseScreen
from workbench.tui.case_table import CaseTable, column_widths, fuzzy_filter, haystack
from workbench.tui.confirm import Confirm
from workbench.tui.help_screen import HelpScreen, help_areas
from workbench.tui.library_screen import LibraryScreen
from workbench.tui.new_case import NewCaseScreen


def moon_case() -> Case:
    return Case(
        id="case-moon",
        title="Was the Moon landing staged?",
        created="2024-03-01T08:00:00Z",
        updated="2024-03-02T08:00:00Z",
        claim=Claim(text="The 1969 Moon landing was filmed in a studio."),
    )


@pytest.fixture(autouse=True)
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config file of the test's own (absent until a test writes it)."""
    path = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("WORKBENCH_CONFIG", str(path))
    return path


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """Three cases: the seed-like one (newest), a bare draft, and the Moon landing."""
    folder = tmp_path / "library"
    folder.mkdir()
    for name, case in (("putin", putin_case()), ("eiffel", eiffel_case()),
                       ("moon", moon_case())):
        CaseFile.create(folder / f"{name}.case.db", case).close()
    return folder


def shown_titles(app: WorkbenchApp) -> list[str]:
    return [entry.title for entry in app.screen.query_one(CaseTable).entries]


def case_files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.glob("*.case.db"))


async def wait_for_similar(pilot: Pilot[None]) -> None:
    """Until the similar claims are looked up for what was typed, and shown."""
    heading = pilot.app.screen.query_one("#new-similar-heading", Static)
    await wait_for(pilot, lambda: not plain(heading).endswith("none yet"))
    # An earlier search (for the first words) may be what is shown: the last one ends here.
    await settle(pilot)


# The table and its filter


def test_columns_fit_the_width() -> None:
    rows = [LibraryEntry("a", "Short title?", "A claim", "draft", "False", "2024-01-01")]
    title, claim, status, rating, updated = column_widths(80, rows)
    assert (status, rating, updated) == (6, 6, 10)
    assert title == len("Short title?")
    assert title + claim + status + rating + updated + 2 * 5 == 80


def test_fuzzy_filter_forgives_typos_and_ranks() -> None:

    entries = [
        LibraryEntry("1", "Did Putin ask to join NATO?", putin_case().claim.text, "", "", ""),
        LibraryEntry("2", "Eiffel", eiffel_case().claim.text, "", "", ""),
    ]
    haystacks = [haystack(entry) for entry in entries]
    assert fuzzy_filter(haystacks, "west turnd it down") == [0]
    assert fuzzy_filter(haystacks, "EIFFEL tower") == [1]
    assert fuzzy_filter(haystacks, "") == [0, 1]
    assert fuzzy_filter(haystacks, "zzzzqqq") == []


async def test_typing_filters_with_a_typo_and_escape_clears(library: Path) -> None:
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert len(shown_titles(app)) == 3
        assert isinstance(app.focused, CaseTable)
        # Typing on the table starts the filter: "turnd" for "turned".
        await pilot.press(*"West turnd it")
        await settle(pilot)
        assert app.screen.query_one("#filter", Input).value == "West turnd it"
        assert shown_titles(app) == ["Did Putin ask to join NATO?"]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one("#filter", Input).value == ""
        assert len(shown_titles(app)) == 3
        assert isinstance(app.focused, CaseTable)


async def test_enter_opens_the_best_match_of_the_words_typed(library: Path) -> None:
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # The table keeps the focus: the words filter, the cursor is on the best match.
        await type_text(pilot, "moon landnig")
        await settle(pilot)
        assert shown_titles(app) == ["Was the Moon landing staged?"]
        assert isinstance(app.focused, CaseTable)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.path == library / "moon.case.db"


async def test_a_filter_matching_nothing_says_so(library: Path) -> None:
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_text(pilot, "qqqzzzxxx")
        await settle(pilot)
        message = app.screen.query_one("#no-match", Static)
        assert message.display
        assert plain(message) == (
            "No case matches “qqqzzzxxx”.\n\nPress esc to clear the filter."
        )
        # Backspace still edits the words; escape clears them and the table is back.
        await pilot.press("backspace")
        assert app.screen.query_one("#filter", Input).value == "qqqzzzxx"
        await pilot.press("escape")
        await settle(pilot)
        assert len(shown_titles(app)) == 3
        assert isinstance(app.focused, CaseTable)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)


# Typing never fires a command (issue 12.1)


async def test_typing_names_filters_and_fires_no_command(library: Path) -> None:
    """"donald trump" once trashed the highlighted case (d) and "nato" opened the
    new-case dialog (n): typed at machine speed, both only filter."""
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        filter_line = app.screen.query_one("#filter", Input)
        await type_text(pilot, "donald trump")
        await settle(pilot)
        assert filter_line.value == "donald trump"
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("escape")
        await type_text(pilot, "nato")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert filter_line.value == "nato"
        assert shown_titles(app)[0] == "Did Putin ask to join NATO?"
    assert case_files(library) == ["eiffel.case.db", "moon.case.db", "putin.case.db"]
    assert not (library / TRASH_NAME).exists() or not any((library / TRASH_NAME).iterdir())


async def test_every_printable_key_lands_in_the_filter_in_order(library: Path) -> None:
    typed = "/u d n? 9/11 y ~!@#$%^&*()_+-=[]{};:'\",.<>\\|` é"
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_text(pilot, typed)
        await settle(pilot)
        assert app.screen.query_one("#filter", Input).value == typed
        assert isinstance(app.screen, LibraryScreen)
        assert notifications(app) == []
    assert case_files(library) == ["eiffel.case.db", "moon.case.db", "putin.case.db"]


async def test_a_printable_key_in_the_keymap_still_types(
        library: Path, config_file: Path) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('[keys]\n"library.new" = "n"\n', "utf-8")
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_text(pilot, "nato")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one("#filter", Input).value == "nato"


async def test_a_pasted_line_filters(library: Path) -> None:
    from textual import events

    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one(CaseTable).post_message(events.Paste("Eiffel\n tower"))
        await settle(pilot)
        assert app.screen.query_one("#filter", Input).value == "Eiffel tower"
        assert shown_titles(app) == ["Does the Eiffel Tower grow in summer?"]


async def test_ten_thousand_cases_draw_only_what_is_visible() -> None:
    from textual.app import App, ComposeResult


    entries = [
        LibraryEntry(f"/x/{i}.case.db", f"Case {i}", f"Claim {i}", "draft", "", "2024-01-01")
        for i in range(10_000)
    ]
    drawn: list[int] = []

    class Counting(CaseTable):
        def render_line(self, y: int):  # type: ignore[no-untyped-def]
            drawn.append(y)
            return super().render_line(y)

    selected: list[str] = []

    class TableApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Counting()

        def on_mount(self) -> None:
            self.query_one(CaseTable).show(entries)

        def on_case_table_selected(self, message: CaseTable.Selected) -> None:
            selected.append(message.entry.title)

    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(CaseTable)
        assert table.virtual_size.height == 10_001
        assert 0 < len(drawn) <= 3 * 24  # a screenful or so, never 10,000 rows
        await pilot.press("end")
        assert table.cursor_entry is not None and table.cursor_entry.title == "Case 9999"
        assert int(table.scroll_y) == 10_001 - 24
        await pilot.press("pageup", "up")
        assert table.cursor_row == 9999 - 23 - 1
        await pilot.press("home", "enter")
        await pilot.pause()
        assert selected == ["Case 0"]


# Creating a case


async def test_new_case_is_written_and_opened(library: Path) -> None:
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, NewCaseScreen)
        await type_text(pilot, "Bananas are [berries]")
        await pilot.press("tab")
        await type_text(pilot, "Are bananas berries?")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        path = library / "are-bananas-berries.case.db"
        assert app.screen.path == path
        with CaseFile.open(path, read_only=True) as casefile:
            case = casefile.load()
        assert case.claim.text == "Bananas are [berries]"
        assert case.title == "Are bananas berries?"
        assert case.scale == "none"  # the config's default_scale (none by default)


async def test_new_case_uses_the_default_scale_from_config(
    library: Path, config_file: Path
) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('[workbench]\ndefault_scale = "politifact"\n', "utf-8")
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await type_text(pilot, "Cats sleep sixteen hours a day")
        await pilot.press("enter")
        await settle(pilot)
        path = library / "cats-sleep-sixteen-hours-a-day.case.db"
        with CaseFile.open(path, read_only=True) as casefile:
            assert casefile.load().scale == "politifact"


async def test_new_case_refuses_an_empty_claim(library: Path) -> None:
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n", "enter")
        await settle(pilot)
        assert isinstance(app.screen, NewCaseScreen)
        assert "Type the claim first" in plain(app.screen.query_one("#new-case-error", Static))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert case_files(library) == ["eiffel.case.db", "moon.case.db", "putin.case.db"]


async def test_similar_claims_appear_and_open_the_prior_check(library: Path) -> None:
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await type_text(pilot, "russia asked to join nato but the west turned it down")
        await wait_for_similar(pilot)
        similar = app.screen.query_one("#new-similar", OptionList)
        assert similar.display and similar.option_count >= 1
        first = str(similar.get_option_at_index(0).prompt)
        assert "Did Putin ask to join NATO?" in first
        # Choosing it opens the existing case rather than starting a duplicate.
        similar.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.path == library / "putin.case.db"
        assert case_files(library) == ["eiffel.case.db", "moon.case.db", "putin.case.db"]


# Deleting and undoing


async def test_delete_moves_to_trash_and_undo_brings_it_back(library: Path) -> None:
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert shown_titles(app)[0] == "Did Putin ask to join NATO?"
        # With nothing typed, delete cannot have been meant as text: it acts at once.
        await pilot.press("delete")
        await settle(pilot)
        assert case_files(library) == ["eiffel.case.db", "moon.case.db"]
        assert sorted(p.name for p in (library / TRASH_NAME).iterdir()) == ["putin.case.db"]
        assert "Did Putin ask to join NATO?" not in shown_titles(app)
        assert notifications(app)[-1] == (
            "Deleted: “Did Putin ask to join NATO?” moved to trash — press ^z to undo"
        )
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert case_files(library) == ["eiffel.case.db", "moon.case.db", "putin.case.db"]
        assert list((library / TRASH_NAME).iterdir()) == []
        assert shown_titles(app)[0] == "Did Putin ask to join NATO?"
        with CaseFile.open(library / "putin.case.db", read_only=True) as casefile:
            assert casefile.load().claim.text == putin_case().claim.text


async def test_two_deletes_undo_in_reverse_order(library: Path) -> None:
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+d")
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        assert case_files(library) == ["moon.case.db"]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert case_files(library) == ["eiffel.case.db", "moon.case.db"]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert case_files(library) == ["eiffel.case.db", "moon.case.db", "putin.case.db"]
        # Nothing left to undo: the key is hidden from the footer and does nothing.
        assert "ctrl+z" not in app.screen.active_bindings


async def test_delete_with_words_in_the_filter_asks_first(library: Path) -> None:
    """Typed words mean the user was typing: delete may have been meant for them."""
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_text(pilot, "nato")
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert "Did Putin ask to join NATO?" in str(
            app.screen.query_one("#confirm-question", Static).content)
        # Enter by reflex keeps the case: the default is No.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert case_files(library) == ["eiffel.case.db", "moon.case.db", "putin.case.db"]
        assert app.screen.query_one("#filter", Input).value == "nato"
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert case_files(library) == ["eiffel.case.db", "moon.case.db"]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert case_files(library) == ["eiffel.case.db", "moon.case.db", "putin.case.db"]


async def test_deleting_the_last_case_leaves_no_hidden_filter(tmp_path: Path) -> None:
    """An empty library hides the filter; the words must not wait there for the next case."""
    folder = tmp_path / "library"
    folder.mkdir()
    CaseFile.create(folder / "moon.case.db", moon_case()).close()
    app = WorkbenchApp(library=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_text(pilot, "moon")
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert case_files(folder) == []
        assert app.screen.query_one("#filter", Input).value == ""
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert shown_titles(app) == ["Was the Moon landing staged?"]


async def test_a_trashed_name_already_taken_is_kept_apart(library: Path) -> None:
    trash = library / TRASH_NAME
    trash.mkdir()
    (trash / "putin.case.db").write_bytes(b"an older deletion")
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        assert sorted(p.name for p in trash.iterdir()) == ["putin-2.case.db", "putin.case.db"]
        assert (trash / "putin.case.db").read_bytes() == b"an older deletion"


async def test_a_case_open_elsewhere_is_not_deleted(library: Path) -> None:
    with CaseFile.open(library / "putin.case.db"):
        app = WorkbenchApp(library=library)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("delete")
            await settle(pilot)
            assert (library / "putin.case.db").exists()
            assert notifications(app)[-1].endswith(
                "putin.case.db: open in another Workbench process; not deleted"
            )


# Empty library


async def test_empty_library_says_what_to_do(tmp_path: Path) -> None:
    app = WorkbenchApp(library=tmp_path / "fresh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        empty = app.screen.query_one("#empty", Static)
        assert empty.display
        text = plain(empty)
        assert "Press ^n to start a case" in text
        assert "Press ^l to import an article" in text
        assert "workbench import FILE" in text
        # Typing has nothing to filter; the key it names works.
        await type_text(pilot, "nato")
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, NewCaseScreen)
        assert app.screen.query_one("#new-claim", Input).value == ""


# Help, palette, keymap, themes


async def test_f1_lists_the_bindings_of_the_focused_area(library: Path) -> None:
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        areas = {area.name: area for area in screen.areas}
        assert list(areas) == ["Case table (cases)", "Library screen", "Everywhere"]
        ids = {name: [row.binding_id for row in area.rows] for name, area in areas.items()}
        assert "library.open" in ids["Case table (cases)"]
        assert "case_table.down" in ids["Case table (cases)"]
        assert {"app.quit", "app.help", "app.command_palette"} <= set(ids["Everywhere"])
        keys = {row.binding_id: row.keys for row in areas["Library screen"].rows
                if row.binding_id}  # Textual's own ctrl+c (copy) has no id
        assert keys == {
            "library.new": "^n", "library.import": "^l", "library.delete": "del, ^d",
            "library.undo": "^z", "library.erase": "⌫", "library.clear_filter": "esc",
            "library.refresh": "^r", "library.export": "^o",
        }
        text = plain(screen.query_one("#help-list", Static))
        assert "library.undo" in text  # listed, dimmed: nothing to undo yet
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_the_footer_shows_the_commands_keys(library: Path) -> None:
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = {key: binding.binding.description
                 for key, binding in app.screen.active_bindings.items()
                 if binding.binding.show and binding.enabled}
        assert shown == {"enter": "Open", "ctrl+n": "New case", "ctrl+l": "Import",
                         "delete": "Delete", "ctrl+d": "Delete", "ctrl+q": "Quit",
                         "f1": "Help"}
        rows = {row.binding_id: row for area in help_areas(app.screen) for row in area.rows}
        # Words in the filter make escape and backspace work on them.
        assert not rows["library.clear_filter"].available
        await type_text(pilot, "x")
        rows = {row.binding_id: row for area in help_areas(app.screen) for row in area.rows}
        assert rows["library.clear_filter"].available and rows["library.erase"].available


async def test_f1_works_in_the_new_case_dialog(library: Path) -> None:
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n", "f1")
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        assert screen.areas[0].name == "Input (new-claim)"
        ids = {row.binding_id for area in screen.areas for row in area.rows}
        assert {"new_case.create", "new_case.cancel", "app.help"} <= ids
        await pilot.press("f1")  # F1 again closes the list
        assert isinstance(app.screen, NewCaseScreen)


async def test_palette_finds_new_case(library: Path) -> None:
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"new case")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NewCaseScreen)


async def test_palette_lists_screen_actions_and_theme(library: Path) -> None:
    from workbench.tui.commands import binding_commands

    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        names = [command.name for command in binding_commands(app.screen)]
        assert names[:3] == ["Open", "New case", "Import"]
        assert {"Delete", "Quit", "Help", "Refresh"} <= set(names)
        assert "Undo" not in names  # nothing to undo yet
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Change theme" in titles and "Quit" not in titles


async def test_keymap_from_config_rebinds_new_case(library: Path, config_file: Path) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('[keys]\n"library.new" = "f2"\n', "utf-8")
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # ctrl+n is no longer bound; f2 is.
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("f2")
        assert isinstance(app.screen, NewCaseScreen)
        await pilot.press("escape")
        await pilot.press("f1")
        rows = {row.binding_id: row for area in app.screen.areas for row in area.rows}
        assert rows["library.new"].keys == "f2"


async def test_a_broken_config_file_is_one_line_and_defaults(
    library: Path, config_file: Path
) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text("[keys\nbroken =", "utf-8")
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        [note] = notifications(app)
        assert note.startswith(f"Config file: {config_file}: is not valid TOML")
        assert note.endswith("using the defaults")
        assert "\n" not in note
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, NewCaseScreen)


async def test_an_unknown_theme_in_config_is_reported(library: Path, config_file: Path) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('[workbench]\ntheme = "no-such-theme"\n', "utf-8")
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        assert notifications(app)[0].endswith("unknown theme 'no-such-theme'; using the default")


async def test_theme_change_is_remembered_and_applied_next_start(
    library: Path, config_file: Path
) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('# mine\n[organisation]\nname = "Example Checks"\n', "utf-8")
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.theme = "nord"  # what the palette's "Change theme" does
        await settle(pilot)
    assert config_file.read_text("utf-8") == (
        '# mine\n[organisation]\nname = "Example Checks"\n\n[workbench]\ntheme = "nord"\n'
    )
    assert load_config().theme == "nord"
    again = WorkbenchApp(library=library)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"
        assert notifications(again) == []
    # Starting with the remembered theme is not a change: the file is not rewritten.
    assert load_config().theme == "nord"


async def test_theme_chosen_in_the_palette_is_remembered(
    library: Path, config_file: Path
) -> None:
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"change theme")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"gruvbox")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "gruvbox"
    assert load_config().theme == "gruvbox"


async def test_ctrl_q_quits_from_the_new_case_dialog(library: Path) -> None:
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n", *"half typed", "ctrl+q")
        await pilot.pause()
        # The half-typed claim is unsaved input: ctrl+q asks, and d quits without it.
        await pilot.press("d")
        await pilot.pause()
        await pilot.pause()
        assert app.return_code == 0


# Snapshots


@pytest.fixture
def fixed_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_CONFIG", FIXED_CONFIG)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_help_snapshot(snap_compare, fixed_config: None, library: Path,
                       size: tuple[int, int]) -> None:
    async def open_help(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(WorkbenchApp(library=library), terminal_size=size, run_before=open_help)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_library_filtered_snapshot(snap_compare, fixed_config: None, library: Path,
                                   size: tuple[int, int]) -> None:
    async def filtered(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await type_text(pilot, "Eifel towr")
        await settle(pilot)

    assert snap_compare(WorkbenchApp(library=library), terminal_size=size, run_before=filtered)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_new_case_snapshot(snap_compare, fixed_config: None, library: Path,
                           size: tuple[int, int]) -> None:
    async def typing(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await type_text(pilot, "Russia asked to join NATO and was turned down")
        await wait_for_similar(pilot)
        # A blinking cursor would make the picture depend on the moment it is taken.
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    assert snap_compare(WorkbenchApp(library=library), terminal_size=size, run_before=typing)


def test_empty_library_snapshot(snap_compare, fixed_config: None, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    # The library's path is on screen: relative, it reads the same on every machine.
    monkeypatch.chdir(tmp_path)
    app = WorkbenchApp(library=Path("empty-library"))

    async def empty(pilot: Pilot[None]) -> None:
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=empty)


LIAR_PLUS = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "liar-plus-val2.tsv"


@pytest.mark.skipif(not LIAR_PLUS.exists(), reason="needs the shared LIAR-PLUS file")
async def test_a_retyped_claim_in_the_filter_finds_its_case_first(tmp_path: Path) -> None:
    """Real LIAR-PLUS statements; the filter is given one retyped in other words and
    order, which the plain partial-ratio filter misses and the claim matcher finds."""
    import csv

    folder = tmp_path / "library"
    folder.mkdir()
    with LIAR_PLUS.open(encoding="utf-8", newline="") as handle:
        statements = [row[3] for row in csv.reader(handle, delimiter="\t")][:40]
    for number, statement in enumerate(statements):
        CaseFile.create(folder / f"c{number}.case.db",
                        Case(title=f"Case {number}", claim=Claim(text=statement))).close()
    wanted = next(s for s in statements if s.startswith("When Obama was sworn into office"))
    retyped = "obama didnt use the bible when sworn into office"
    entries = [LibraryEntry(str(n), f"Case {n}", s, "", "", "") for n, s in enumerate(statements)]
    assert fuzzy_filter([haystack(entry) for entry in entries], retyped) == []

    app = WorkbenchApp(library=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_text(pilot, retyped)
        await settle(pilot)
        shown = app.screen.query_one(CaseTable).entries
        assert shown[0].claim == wanted
