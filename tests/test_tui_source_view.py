"""A locked case's source opens read-only: a reviewer reads its excerpts, URL and notes.

Published, in review mode, or in a file another process holds, a case's content cannot
change, so ``e``/``enter`` on a source opens the read-only view instead of the form (which
once left the key dead). Typing there changes nothing, on screen or on disk; esc closes
without asking; in review mode ``c`` comments on the source.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from tests.support import REPO, plain, settle, type_text, wait_for
from workbench.casefile.store import CaseFile
from workbench.formats.case_json import case_from_json
from workbench.model import AnchorKind, Case, Status
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_keys import KeyState, action_works
from workbench.tui.comment_dialog import CommentDialog
from workbench.tui.confirm import Confirm
from workbench.tui.source_form import SourceFormScreen
from workbench.tui.source_view import SourceViewScreen

SAMPLE = REPO / "sample_cases" / "putin-nato.json"
EXCERPT = "I would like Russia to be part of NATO, he said, but not as a queue-jumper."
URL = "https://archive.example.org/robertson/2021/interview-putin-nato-membership"
NOTES = "Reported in 2021; the interview is not linked."


def sample_case(status: Status) -> Case:
    case = case_from_json(SAMPLE.read_text("utf-8"))
    case.status = status
    first = case.sources[0]
    first.excerpts = [EXCERPT, "A second paragraph."]
    first.url = URL
    first.notes = NOTES
    first.origin = "George Robertson"
    return case


def case_file(tmp_path: Path, status: Status) -> Path:
    path = tmp_path / "putin.case.db"
    CaseFile.create(path, sample_case(status)).close()
    return path


def digest(path: Path) -> str:
    """The bytes of the case file and its write-ahead log, as one hash."""
    hashed = hashlib.sha256()
    for part in (path, path.with_name(path.name + "-wal")):
        if part.exists():
            hashed.update(part.read_bytes())
    return hashed.hexdigest()


def read_back(path: Path) -> Case:
    with CaseFile.open(path) as casefile:
        return casefile.load()


async def open_first_source(pilot: Pilot[None], key: str = "e") -> None:
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)


def view_of(pilot: Pilot[None]) -> SourceViewScreen:
    screen = pilot.app.screen
    assert isinstance(screen, SourceViewScreen), screen
    return screen


@pytest.mark.parametrize(("status", "review", "key"), [
    (Status.PUBLISHED, False, "e"),
    (Status.IN_REVIEW, True, "enter"),
], ids=["published", "review-mode"])
async def test_a_locked_case_opens_its_source_read_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, status: Status, review: bool,
        key: str) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "Bob")
    path = case_file(tmp_path, status)
    app = WorkbenchApp(case=path, review=review)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_source(pilot, key)
        view = view_of(pilot)
        assert plain(view.query_one("#url", Static)) == URL
        assert plain(view.query_one("#title", Static)) == sample_case(status).sources[0].title
        excerpts = view.query_one("#excerpts", TextArea)
        assert excerpts.text == f"{EXCERPT}\n\nA second paragraph."
        assert view.query_one("#notes", TextArea).text == NOTES
        assert plain(view.query_one("#view-banner", Static)).startswith(
            "Published" if not review else "Review mode")
        assert str(view.query_one("#view-dialog").border_title) == (
            "Source [1] (read-only)")
        # The form's rows and labels, in the form's order.
        labels = [plain(label) for label in view.query(".field-label").results(Static)]
        assert labels[:8] == ["Title", "Author / speaker", "Outlet", "URL", "Archived URL",
                              "Kind", "Derived from", "Origin"]
        assert plain(view.query_one("#origin", Static)) == "George Robertson"
        assert plain(view.query_one("#computed-corroboration", Static)).endswith(
            "(from the evidence matrix)")

        before = digest(path)
        await type_text(pilot, "xyz abd")
        await pilot.press("tab")
        assert view.focused is excerpts
        await type_text(pilot, "overwritten")
        await pilot.press("backspace", "delete", "ctrl+x", "ctrl+v")
        assert excerpts.text == f"{EXCERPT}\n\nA second paragraph."
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SourceViewScreen | Confirm)
    assert digest(path) == before
    assert read_back(path).sources == sample_case(status).sources


async def test_a_file_open_elsewhere_shows_its_source_without_comments(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process writes the file: the source reads, and nothing offers to write."""
    monkeypatch.setenv("WORKBENCH_USER", "Bob")
    path = case_file(tmp_path, Status.DRAFT)
    with CaseFile.open(path) as writer:
        assert not writer.read_only
        app = WorkbenchApp(case=path)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first_source(pilot)
            view = view_of(pilot)
            assert plain(view.query_one("#url", Static)) == URL
            assert "read-only" in plain(view.query_one("#view-banner", Static))
            await pilot.press("c")
            assert app.screen is view
            assert "c" not in view.active_bindings  # nor in the footer


async def test_review_mode_comments_on_the_source_from_the_view(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "Bob")
    path = case_file(tmp_path, Status.IN_REVIEW)
    app = WorkbenchApp(case=path, review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_source(pilot)
        source_id = view_of(pilot).source.id
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CommentDialog))
        await type_text(pilot, "Which interview?")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SourceViewScreen))
        await pilot.press("escape")
        await settle(pilot)
    comments = read_back(path).comments
    assert [(c.anchor_kind, c.anchor_id, c.body, c.author) for c in comments[-1:]] == [
        (AnchorKind.SOURCE, source_id, "Which interview?", "Bob")]


async def test_an_editable_case_still_opens_the_form(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "Alice")
    app = WorkbenchApp(case=case_file(tmp_path, Status.DRAFT))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_source(pilot)
        assert isinstance(app.screen, SourceFormScreen)


def test_opening_a_source_works_whatever_the_lock() -> None:
    """``edit_source`` opens the form or the view, so it works on any case once read."""
    state = KeyState(loaded=True, writable=True, locked=False, published=False,
                     panel_open=False, can_undo=False, can_go_back=True)
    for locked in (replace(state, locked=True, published=True),
                   replace(state, locked=True),
                   replace(state, writable=False, locked=True)):
        assert action_works("edit_source", locked)
        assert not action_works("add_source", locked)
    assert not action_works("edit_source", replace(state, loaded=False))


class ViewApp(App[None]):
    """The view alone, on a fixed case, so its snapshot does not follow the case screen."""

    def on_mount(self) -> None:
        case = sample_case(Status.PUBLISHED)
        self.push_screen(SourceViewScreen(case, case.sources[0],
                                          reason="Published: add a correction (C) to edit.",
                                          on_comment=lambda _anchor: None))


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_source_view_snapshot(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(ViewApp(), terminal_size=size)
