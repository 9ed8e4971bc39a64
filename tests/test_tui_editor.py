"""The case screen as an editor: keys in, then the case file read back from disk.

Each test drives the screen the way a fact-checker would (typing, the list keys, the
citation picker, undo), waits for the autosave to say "saved", closes the app and opens
the case file afresh: what counts is what reached the disk, not what the screen shows.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from tests.support import (
    edit_conclusion,
    eiffel_case,
    hold_autosave,
    indicator,
    notifications,
    plain,
    putin_case,
    screen_of,
    settle,
    type_text,
    wait_for,
    wait_saved,
)
from workbench.casefile.errors import CaseFileError
from workbench.casefile.store import CaseFile
from workbench.fields import lines_of
from workbench.formats.case_json import case_from_json
from workbench.model import (
    Case,
    Cell,
    Confidence,
    SectionKind,
    Status,
)
from workbench.tui import autosave
from workbench.tui.app import WorkbenchApp
from workbench.tui.autosave import SaveState, save_state_text
from workbench.tui.case_screen import section_markdown
from workbench.tui.choice import Choice, ChoiceList, find_option
from workbench.tui.citation_picker import CitationPicker
from workbench.tui.claim_pane import date_error
from workbench.tui.lazy_text_area import LazyTextArea
from workbench.tui.section_editor import SectionEditor, invalid_citations
from workbench.tui.sections_view import SectionList, citation_warning
from workbench.tui.sources_table import SourcesTable


def source_rows(app: WorkbenchApp) -> list[tuple[str, ...]]:
    return app.screen.query_one(SourcesTable).rows()


@pytest.fixture
def putin_file(tmp_path: Path) -> Path:
    path = tmp_path / "putin.case.db"
    CaseFile.create(path, putin_case()).close()
    return path


@pytest.fixture
def eiffel_file(tmp_path: Path) -> Path:
    path = tmp_path / "eiffel.case.db"
    CaseFile.create(path, eiffel_case()).close()
    return path


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failed save is retried after half a second, not a whole one."""
    monkeypatch.setattr(autosave, "RETRY_DELAYS", (0.5,))


def read_back(path: Path) -> Case:
    with CaseFile.open(path) as casefile:
        assert not casefile.read_only, "the app still holds the writer's lock"
        return casefile.load()


async def pick(pilot: Pilot[None], choice_id: str, label: str) -> None:
    """Open a choice from the keyboard, type the start of ``label``, and take it."""
    screen = pilot.app.screen
    screen.query_one(f"#{choice_id}", Choice).focus()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ChoiceList)
    await type_text(pilot, label)
    await pilot.press("enter")
    await pilot.pause()
    assert pilot.app.screen is screen


# Words and small pieces, without Textual


def test_save_state_words() -> None:
    assert save_state_text(SaveState.SAVED) == "● saved"
    assert save_state_text(SaveState.SAVED, at="14:02:11") == "● saved 14:02:11"
    assert save_state_text(SaveState.SAVING) == "◌ saving…"
    assert save_state_text(SaveState.FAILED, reason="disk full", retry_in=2) == (
        "✗ save failed — retrying in 2s (disk full)"
    )


def test_dates_and_lists() -> None:
    assert date_error("") == date_error("2017") == date_error("2017-06-12") == ""
    assert "not a date" in date_error("2017-13")
    assert "YYYY-MM-DD" in date_error("June")
    assert lines_of(" a \n\n b\n") == ["a", "b"]


def test_invalid_citations_are_named_once() -> None:
    assert invalid_citations("See [1] and [7], again [7] and [2, 9].", {1, 2}) == [7, 9]
    assert invalid_citations("A [link](http://x) and `[5]` in code.", set()) == []
    assert citation_warning([7]) == "⚠ [7] has no source"
    assert citation_warning([7, 9]) == "⚠ [7], [9] have no source"
    assert citation_warning([]) == ""


def test_choice_finds_by_prefix_then_substring() -> None:
    labels = ["True", "Mostly True", "Half True", "Mostly False", "False", "Pants on Fire"]
    assert find_option(labels, "fa") == 4
    assert find_option(labels, "mostly") == 1
    assert find_option(labels, "mostly", start=2) == 3
    assert find_option(labels, "fire") == 5
    assert find_option(labels, "xyz") is None


def test_section_markdown() -> None:
    assert section_markdown("Bottom line", "No record [3].\n") == (
        "## Bottom line\n\nNo record [3].\n"
    )


# The claim pane


async def test_claim_and_verdict_edits_reach_the_disk(putin_file: Path) -> None:
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        # The claim text has the cursor from the start: typing goes straight into it.
        claim = screen.query_one("#claim-text-area", TextArea)
        assert app.focused is claim
        claim.move_cursor(claim.document.end)
        await type_text(pilot, " In 2000.")
        screen.query_one("#claimant", Input).focus()
        await pilot.press("end")
        await type_text(pilot, " (via aides)")
        screen.query_one("#date-made", Input).focus()
        await pilot.press(*["backspace"] * 7)
        await type_text(pilot, "2017-1")
        await pilot.pause()
        error = screen.query_one("#date-made-error", Static)
        assert error.display and "not a date" in plain(error)
        await type_text(pilot, "3")
        await pilot.pause()
        # "2017-13" is no month: shown as an error, and the case keeps the last good date.
        assert error.display
        assert screen.case is not None and screen.case.claim.date_made == "2017"
        await pilot.press("backspace", "backspace")
        await type_text(pilot, "06-12")
        await pilot.pause()
        assert not error.display
        # Tab into a multi-line field turns its text into an editor.
        screen.query_one("#first-appearance", Input).focus()
        await pilot.press("tab")
        assert app.focused is screen.query_one("#appearances-area", TextArea)
        await type_text(pilot, "https://example.org/a\nhttps://example.org/b")

        await pick(pilot, "rating", "false")
        await pick(pilot, "confidence", "high")
        edit_conclusion(app)
        await type_text(pilot, " Checked.")
        established = screen.query_one("#established", LazyTextArea).become_editor()
        established.move_cursor(established.document.end)
        await type_text(pilot, "\nNo application was filed")
        screen.query_one("#checked-on", Input).focus()
        await pilot.press(*["backspace"] * 10)
        await type_text(pilot, "2024-06")
        await wait_saved(pilot)
    case = read_back(putin_file)
    assert case.claim.text == "Russia asked to join NATO, and the West turned it down. In 2000."
    assert case.claim.claimant == "Vladimir Putin (via aides)"
    assert case.claim.date_made == "2017-06-12"
    assert case.claim.appearances == ["https://example.org/a", "https://example.org/b"]
    # The status is not a field: it moves through the review workflow (test_tui_review).
    assert case.status is Status.IN_REVIEW
    assert case.verdict.rating == "False"
    assert case.verdict.confidence is Confidence.HIGH
    assert case.verdict.conclusion.endswith("no formal application exists. Checked.")
    assert case.verdict.established == [
        "Putin raised membership informally in 2000 [1] [2]", "No application was filed",
    ]
    assert case.verdict.checked_on == "2024-06"
    assert case.updated > "2024-05-02T16:30:00Z"


# The sections and the citation picker


async def test_new_section_with_a_citation_from_the_picker(putin_file: Path) -> None:
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        assert isinstance(app.focused, SectionList)
        await pilot.press("a")
        await type_text(pilot, "What the archives hold")
        await pilot.press("enter")
        await pilot.pause()
        editor = app.screen.query_one(SectionEditor)
        assert app.focused is editor
        await type_text(pilot, "Robertson recalled it")
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, CitationPicker)
        await type_text(pilot, "robertson")
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is editor
        await type_text(pilot, ". See also [9].")
        await pilot.pause()
        warning = app.screen.query_one("#citation-warnings", Static)
        assert warning.display and plain(warning) == "⚠ [9] has no source"
        await wait_saved(pilot)
    case = read_back(putin_file)
    # Added after the section that was highlighted (the executive summary).
    assert [s.heading for s in case.sections] == [
        "Executive summary", "What the archives hold", "A former NATO chief's recollection",
        "Bottom line",
    ]
    assert case.sections[1].kind is SectionKind.BODY
    assert case.sections[1].body == "Robertson recalled it [1]. See also [9]."


async def test_a_new_section_starts_empty_on_its_first_line(putin_file: Path) -> None:
    """The enter that confirms the heading, and another pressed to "write" (as on the
    list), leave no blank line at the top of the body: typing starts on line 1."""
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4", "a")
        await type_text(pilot, "What the archives hold\n\nNo application.")
        editor = app.screen.query_one(SectionEditor)
        await wait_for(pilot, lambda: editor.text == "No application.")
        assert editor.cursor_location == (0, len("No application."))
        await wait_saved(pilot)
    case = read_back(putin_file)
    assert case.sections[1].heading == "What the archives hold"
    assert case.sections[1].body == "No application."


async def test_enter_still_breaks_lines_once_a_section_has_text(putin_file: Path) -> None:
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4", "a")
        await type_text(pilot, "Notes\nOne\n\nTwo")
        editor = app.screen.query_one(SectionEditor)
        await wait_for(pilot, lambda: editor.text == "One\n\nTwo")
        await wait_saved(pilot)
    assert read_back(putin_file).sections[1].body == "One\n\nTwo"


async def test_ctrl_home_and_ctrl_end_go_to_the_ends_of_the_section(tmp_path: Path) -> None:
    case = putin_case()
    # Long soft-wrapped paragraphs: end goes to the end of a wrapped line, ctrl+end further.
    case.sections[1].body = "\n\n".join(f"Paragraph {n}. " + " ".join(["word"] * 60)
                                         for n in range(8))
    path = tmp_path / "long.case.db"
    CaseFile.create(path, case).close()
    app = WorkbenchApp(case=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4", "down", "enter")
        editor = app.screen.query_one(SectionEditor)
        assert app.focused is editor
        editor.move_cursor((6, 3))
        await pilot.press("ctrl+end")
        assert editor.cursor_location == editor.document.end
        assert editor.scroll_y == editor.max_scroll_y > 0
        await type_text(pilot, " Last.")
        await pilot.press("ctrl+home")
        assert editor.cursor_location == (0, 0)
        assert editor.scroll_y == 0
        await type_text(pilot, "First. ")
        await pilot.press("ctrl+shift+end")
        assert editor.selected_text == editor.text[len("First. "):]
        await pilot.press("ctrl+home", "ctrl+shift+end", "ctrl+shift+home")
        assert editor.selection.end == (0, 0)
        await wait_saved(pilot)
    body = read_back(path).sections[1].body
    assert body.startswith("First. Paragraph 0.")
    assert body.endswith("word Last.")


async def test_section_list_keys_rename_move_and_change_kind(putin_file: Path) -> None:
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4", "down", "r")
        await pilot.pause()
        await pilot.press(*["backspace"] * 40)
        await type_text(pilot, "Robertson [1] recalls")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("shift+up")
        await pilot.press("down", "k", "k")
        await wait_saved(pilot)
        prompts = [str(app.screen.query_one(SectionList).get_option_at_index(i).prompt)
                   for i in range(3)]
        # A heading holding "[1]" is shown as typed, not read as markup.
        assert prompts[0] == "Robertson [1] recalls  body"
    case = read_back(putin_file)
    assert [s.heading for s in case.sections] == [
        "Robertson [1] recalls", "Executive summary", "Bottom line",
    ]
    # k cycles the kind: executive summary -> body -> bottom line.
    assert case.sections[1].kind is SectionKind.BOTTOM_LINE


async def test_delete_section_and_undo(putin_file: Path) -> None:
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4", "down", "d")
        await pilot.pause()
        assert notifications(app)[-1].endswith(
            "Deleted section “A former NATO chief's recollection” — ^z to undo"
        )
        await wait_saved(pilot)
        assert [s.id for s in read_back_while_open(putin_file).sections] == [
            "sec-summary", "sec-bottom",
        ]
        await pilot.press("ctrl+z")
        await pilot.pause()
        # The editor writes into the restored section, not into the deleted copy.
        editor = app.screen.query_one(SectionEditor)
        assert editor.section is not None
        assert editor.section is screen_of(app).case.sections[1]  # type: ignore[union-attr]
        editor.focus()
        await pilot.press("end")
        await type_text(pilot, " Twice.")
        await wait_saved(pilot)
    case = read_back(putin_file)
    assert [s.id for s in case.sections] == ["sec-summary", "sec-chief", "sec-bottom"]
    assert case.sections[1].body == "George Robertson recalled the wish **years later** [1]. Twice."


def read_back_while_open(path: Path) -> Case:
    """The case as on disk while the app still holds the file (a second, read-only reader)."""
    with CaseFile.open(path) as casefile:
        return casefile.load()


# The sources


async def test_reordering_sources_rewrites_citations(putin_file: Path) -> None:
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        assert isinstance(app.focused, SourcesTable)
        await pilot.press("shift+down")
        await pilot.pause()
        assert [row[0:2] for row in source_rows(app)][:2] == [
            ("[1]", "Putin tells Oliver Stone he raised NATO membership with Clinton"),
            ("[2]", "Ex-Nato head says Putin wanted to join alliance early on"),
        ]
        # The cursor went with the source; "]" moves it once more.
        await pilot.press("right_square_bracket")
        await pilot.pause()
        editor = app.screen.query_one(SectionEditor)
        assert editor.text == "Recollections of an overture, but no formal application [3] [1] [2]."
        await wait_saved(pilot)
    case = read_back(putin_file)
    assert [(s.number, s.id) for s in case.sources] == [
        (1, "src-interview"), (2, "src-archives"), (3, "src-robertson"),
    ]
    assert case.sections[0].body == (
        "Recollections of an overture, but no formal application [3] [1] [2]."
    )
    assert case.sections[1].body == "George Robertson recalled the wish **years later** [3]."
    assert case.sections[2].body == (
        "Informal interest: likely. A formal application: no record [2]."
    )


async def test_delete_source_flags_its_citations_and_undo_restores_it(putin_file: Path) -> None:
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3", "end", "d")
        await pilot.pause()
        assert notifications(app)[-1].endswith("Deleted source [3] — ^z to undo")
        assert [row[0] for row in source_rows(app)] == ["[1]", "[2]"]
        warning = app.screen.query_one("#citation-warnings", Static)
        assert plain(warning) == "⚠ [3] has no source"
        sections = app.screen.query_one(SectionList)
        assert str(sections.get_option_at_index(2).prompt).startswith("⚠ Bottom line")
        await wait_saved(pilot)
        on_disk = read_back_while_open(putin_file)
        assert [s.id for s in on_disk.sources] == ["src-robertson", "src-interview"]
        assert ("q-application", "src-archives") not in on_disk.matrix

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert notifications(app)[-1].endswith("Undone: Deleted source [3]")
        assert not warning.display
        await wait_saved(pilot)
    case = read_back(putin_file)
    assert [s.id for s in case.sources] == ["src-robertson", "src-interview", "src-archives"]
    assert case.matrix[("q-application", "src-archives")] is Cell.CONTRADICTS


async def test_undo_is_dropped_once_something_else_changed(putin_file: Path) -> None:
    """An undo restores sources and sections wholesale: after other edits it would lose them."""
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3", "d", "d")
        await pilot.pause()
        assert len(screen_of(app).undo_stack) == 2
        await pilot.press("f4", "enter")
        editor = app.screen.query_one(SectionEditor)
        editor.move_cursor(editor.document.end)
        await type_text(pilot, " Kept.")
        await pilot.pause()
        assert screen_of(app).undo_stack == []
        # In the source list ctrl+z is the case's undo (in the editor it undoes typing).
        await pilot.press("f3", "ctrl+z")
        await wait_saved(pilot)
    case = read_back(putin_file)
    assert [s.id for s in case.sources] == ["src-archives"]
    assert case.sections[0].body.endswith("[1] [2] [3]. Kept.")


async def test_copy_citation_and_section(putin_file: Path) -> None:
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3", "down", "y")
        assert app.clipboard == "[2]"
        assert notifications(app)[-1].endswith("Copied [2] to the clipboard")
        await pilot.press("f4", "enter", "ctrl+t")
        assert app.clipboard == (
            "## Executive summary\n\n"
            "Recollections of an overture, but no formal application [1] [2] [3].\n"
        )


# Saving


async def test_a_failed_save_is_kept_and_retried(
    putin_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_save = CaseFile.save
    failing = threading.Event()
    failing.set()
    failed: list[str] = []

    def flaky_save(self: CaseFile, case: Case) -> int:
        if failing.is_set():
            failed.append(case.claim.claimant)
            raise CaseFileError(f"{self.path}: could not save (disk I/O error)")
        return real_save(self, case)

    monkeypatch.setattr(CaseFile, "save", flaky_save)
    # Retried every fifth of a second: the screen says it failed for as long as saving fails.
    monkeypatch.setattr(autosave, "RETRY_DELAYS", (0.2,))
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#claimant", Input).focus()
        await pilot.press("end")
        await type_text(pilot, " Jr")
        await wait_for(pilot, lambda: failed[-1:] == ["Vladimir Putin Jr"]
                       and indicator(app).state is SaveState.FAILED)
        # Too long to sit beside the tabs: the bar says it in a word or two, the whole
        # words are the indicator's tooltip (and the notification below).
        assert plain(indicator(app)) == "✗ save failed"
        assert indicator(app).tooltip == (
            "✗ save failed — retrying in 0.2s (could not save (disk I/O error))"
        )
        assert notifications(app)[-1] == (
            "Save failed: Could not save: could not save (disk I/O error). "
            "Your edits are kept and saving is retried."
        )
        assert screen_of(app).case.claim.claimant == "Vladimir Putin Jr"  # type: ignore[union-attr]
        # The disk works again: the next retry saves, with no key pressed.
        failing.clear()
        await wait_saved(pilot)
    assert read_back(putin_file).claim.claimant == "Vladimir Putin Jr"


async def test_typing_right_before_quitting_is_saved(putin_file: Path) -> None:
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        edit_conclusion(app)
        hold_autosave(app)
        await type_text(pilot, " Final")
        # Still inside the pause after typing: quitting flushes it.
        assert screen_of(app).autosaver.dirty  # type: ignore[union-attr]
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert read_back(putin_file).verdict.conclusion.endswith("exists. Final")


async def test_when_saving_never_works_quitting_writes_a_recovery_file(
    putin_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_save(self: CaseFile, case: Case) -> int:
        raise CaseFileError(f"{self.path}: could not save (disk full)")

    monkeypatch.setattr(CaseFile, "save", broken_save)
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#claimant", Input).focus()
        await pilot.press("end")
        await type_text(pilot, " Sr")
        await wait_for(pilot, lambda: indicator(app).state is SaveState.FAILED)
        await pilot.press("ctrl+q")
        await pilot.pause()
    [recovered] = putin_file.parent.glob("putin.case.db.unsaved-*.json")
    assert case_from_json(recovered.read_text("utf-8")).claim.claimant == "Vladimir Putin Sr"
    monkeypatch.undo()
    assert read_back(putin_file).claim.claimant == "Vladimir Putin"


async def test_external_editor(putin_file: Path, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "fake-editor"
    script.write_text('#!/bin/sh\nprintf "\\nAdded in the editor [2].\\n" >> "$1"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4", "down", "enter", "ctrl+e")
        await pilot.pause()
        editor = app.screen.query_one(SectionEditor)
        assert editor.text.endswith("**years later** [1].\nAdded in the editor [2].")
        assert notifications(app)[-1].endswith("Section updated from the editor.")
        await wait_saved(pilot)
    assert read_back(putin_file).sections[1].body == (
        "George Robertson recalled the wish **years later** [1].\nAdded in the editor [2]."
    )


def fake_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """$EDITOR is a shell script run on the section's file (``$1``)."""
    path = tmp_path / "fake-editor"
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(path))


async def test_one_undo_takes_back_an_editor_round_trip(putin_file: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # Rewrites the whole file, as an editor saving a reworked section does.
    fake_editor(tmp_path, monkeypatch,
                'printf "Rewritten in the editor [2].\\n\\nA second paragraph.\\n" > "$1"')
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4", "down", "enter")
        editor = app.screen.query_one(SectionEditor)
        editor.move_cursor(editor.document.end)
        await type_text(pilot, " Typed.")
        typed = "George Robertson recalled the wish **years later** [1]. Typed."
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert editor.text == "Rewritten in the editor [2].\n\nA second paragraph."
        await wait_saved(pilot)
        assert read_back_while_open(putin_file).sections[1].body == editor.text
        await pilot.press("ctrl+z")
        await pilot.pause()
        # The text as it was just before ctrl+e, what was typed before it included.
        assert editor.text == typed
        await wait_saved(pilot)
        assert read_back_while_open(putin_file).sections[1].body == typed
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert editor.text == "George Robertson recalled the wish **years later** [1]."
        await wait_saved(pilot)
    assert read_back(putin_file).sections[1].body == (
        "George Robertson recalled the wish **years later** [1]."
    )


async def test_blank_lines_the_editor_leaves_around_the_text_are_dropped(
    putin_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # vim's "o" on an empty file: the text starts on line 2.
    fake_editor(tmp_path, monkeypatch, 'printf "\\n\\n    code first\\nthen prose\\n\\n" > "$1"')
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4", "a")
        await type_text(pilot, "Written elsewhere\n")
        editor = app.screen.query_one(SectionEditor)
        await wait_for(pilot, lambda: app.focused is editor)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert editor.text == "    code first\nthen prose"
        assert editor.cursor_location == (0, 0)
        await wait_saved(pilot)
    assert read_back(putin_file).sections[1].body == "    code first\nthen prose"


async def test_a_failing_editor_changes_nothing(putin_file: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", "false")
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4", "enter", "ctrl+e")
        await pilot.pause()
        assert "false exited with status 1" in notifications(app)[-1]
        assert screen_of(app).autosaver is not None
        assert not screen_of(app).autosaver.dirty  # type: ignore[union-attr]


# Read-only and narrow terminals


async def test_a_locked_case_is_read_only(putin_file: Path) -> None:
    with CaseFile.open(putin_file) as writer:
        assert not writer.read_only
        app = WorkbenchApp(case=putin_file)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            banner = app.screen.query_one("#banner", Static)
            assert banner.display
            assert plain(banner) == (
                f"Open in another Workbench process (process {os.getpid()}): read-only. "
                "Editing is off; changes cannot be saved."
            )
            assert plain(indicator(app)) == "read-only: not saving"
            assert app.screen.query_one("#claimant", Input).disabled
            assert app.screen.query_one(SectionEditor).read_only
            assert isinstance(app.focused, SourcesTable)
            await pilot.press("d", "a", "shift+down")
            await pilot.pause()
            assert [row[0] for row in source_rows(app)] == ["[1]", "[2]", "[3]"]
            # Reading still works: copying a citation changes nothing.
            await pilot.press("y")
            assert app.clipboard == "[1]"
    assert read_back(putin_file).sources[2].id == "src-archives"


async def test_narrow_terminal_shows_one_pane_at_a_time(putin_file: Path) -> None:
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        shown = lambda: [p for p in ("claim", "sources", "sections")  # noqa: E731
                         if screen.query_one(f"#{p}").display]
        assert shown() == ["claim"]
        await pilot.press("f3")
        await pilot.pause()
        assert shown() == ["sources"] and isinstance(app.focused, SourcesTable)
        # The narrow source list keeps the badges and drops the kind.
        assert source_rows(app)[0] == (
            "[1]", "Ex-Nato head says Putin wanted to join alliance early on",
            "reputational", "retrospective", "corroborated",
        )
        await pilot.press("f4")
        await pilot.pause()
        assert shown() == ["sections"] and isinstance(app.focused, SectionList)
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.focused, SectionEditor)


async def test_a_bare_case_on_the_no_rating_scale(eiffel_file: Path) -> None:
    app = WorkbenchApp(case=eiffel_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert not screen.query_one("#rating").display
        assert screen.query_one("#no-rating").display
        assert screen.query_one("#claim-text", LazyTextArea).text == (
            "The Eiffel Tower is [about] 15 cm taller in summer."
        )
        await pilot.press("f3")
        table = screen.query_one(SourcesTable)
        assert table.row_count == 0
        await pilot.press("d", "y", "shift+down")
        await pilot.pause()
        await pick(pilot, "scale", "politi")
        assert screen.query_one("#rating").display
        await pick(pilot, "rating", "pants")
        await wait_saved(pilot)
    case = read_back(eiffel_file)
    assert (case.scale, case.verdict.rating) == ("politifact", "Pants on Fire")


# Snapshots


def _steady(pilot: Pilot[None]) -> object:
    """Settle, and stop the cursor blinking so every run draws the same frame."""

    async def run() -> None:
        await settle(pilot)
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False  # type: ignore[attr-defined]
        await pilot.pause()

    return run()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_case_editor_snapshot(snap_compare: Any, putin_file: Path,
                              size: tuple[int, int]) -> None:
    assert snap_compare(WorkbenchApp(case=putin_file), terminal_size=size, run_before=_steady)


def test_case_editor_sections_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    """The sections pane with a citation to a missing source, on an 80-column terminal."""
    case = putin_case()
    case.sections[1].body += " And [7]."
    path = tmp_path / "flagged.case.db"
    CaseFile.create(path, case).close()

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f4", "down")
        await _steady(pilot)  # type: ignore[misc]

    assert snap_compare(WorkbenchApp(case=path), terminal_size=(80, 24), run_before=run_before)
