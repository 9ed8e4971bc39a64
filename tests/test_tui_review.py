"""Review in the TUI, by two names: the whole path from draft to a corrected republication,
driven by keys, then read back from the case file and through ``workbench log``/``diff``.

Alice writes and submits; Bob opens the case in review mode, comments on source [2] and
asks for changes; Alice fixes the source, replies and resolves; Bob approves; Alice
publishes, records a correction and edits; publishing again straight away is refused
(the correction needs a second sign-off), so she sends it to review, Bob approves and she
publishes again. The name comes from
``$WORKBENCH_USER``, set between the runs of the app as two people would. The refused
moves (approving with an open comment, publishing a draft, editing a published case)
must each say why in a notification and leave the file as it was.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from textual.pilot import Pilot
from textual.widgets import Static

from tests.support import (
    REPO,
    edit_conclusion,
    hold_autosave,
    notifications,
    plain,
    screen_of,
    settle,
    type_text,
    wait_for,
    wait_saved,
)
from workbench.casefile.store import CaseFile
from workbench.cli import main
from workbench.formats.case_json import case_from_json
from workbench.model import AnchorKind, Case, Comment, Status
from workbench.review import diff_publications
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_screen import CaseScreen
from workbench.tui.commands import binding_commands
from workbench.tui.comment_dialog import CommentDialog
from workbench.tui.confirm import Confirm
from workbench.tui.correction_dialog import CorrectionDialog
from workbench.tui.history_panel import HistoryPanel
from workbench.tui.lazy_text_area import LazyTextArea
from workbench.tui.review_panel import ReviewPanel
from workbench.tui.section_editor import SectionEditor
from workbench.tui.source_form import SourceFormScreen
from workbench.tui.sources_table import SourcesTable
from workbench.tui.status_dialog import StatusDialog

SAMPLE = REPO / "sample_cases" / "putin-nato.json"
COMMENT = "Which interview is this? Give its date."
BOTTOM_LINE_ADDITION = " No application was ever filed."


def draft_case() -> Case:
    """The Putin sample (an approved case) taken back to a draft: content, no sign-off."""
    case = case_from_json(SAMPLE.read_text("utf-8"))
    case.status = Status.DRAFT
    return case


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "putin.case.db"
    CaseFile.create(path, draft_case()).close()
    return path


def file_digest(path: Path) -> str:
    """The bytes of the case file and its write-ahead log, as one hash."""
    digest = hashlib.sha256()
    for part in (path, path.with_name(path.name + "-wal")):
        if part.exists():
            digest.update(part.read_bytes())
    return digest.hexdigest()


async def opened(pilot: Pilot[None]) -> CaseScreen:
    await settle(pilot)
    return screen_of(pilot.app)  # type: ignore[arg-type]


async def move(pilot: Pilot[None], to: Status, note: str = "") -> None:
    """The status key, the move ``to`` in the dialog's list (once checked), a note, enter;
    yes when publishing asks to confirm."""
    await pilot.press("s")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, StatusDialog)
    await wait_for(pilot, lambda: len(dialog.problems) == len(dialog.moves))
    await pilot.press("home")
    for _ in range(dialog.moves.index(to)):
        await pilot.press("down")
    if note:
        await pilot.press("tab")
        await type_text(pilot, note)
    await pilot.press("enter")
    await settle(pilot)
    if isinstance(pilot.app.screen, Confirm):
        await pilot.press("y")
        await settle(pilot)


async def write(pilot: Pilot[None], text: str) -> None:
    """Write ``text`` in the comment dialog that is open, and send it."""
    dialog = pilot.app.screen
    assert isinstance(dialog, CommentDialog)
    await type_text(pilot, text)
    await pilot.press("ctrl+s")
    await settle(pilot)


def last_note(app: WorkbenchApp) -> str:
    return notifications(app)[-1]


def run_cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


async def test_the_whole_review_by_two_names(case_file: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # Alice writes and submits.
    monkeypatch.setenv("WORKBENCH_USER", "Alice")
    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        assert plain(screen.query_one("#identity", Static)) == "as Alice"
        assert not screen.query_one("#banner").display
        edit_conclusion(app)
        await type_text(pilot, " Checked twice.")
        # Saved before the move, so the history has the edit first.
        await wait_saved(pilot)
        await pilot.press("f3")
        await move(pilot, Status.IN_REVIEW)
        assert last_note(app) == ": Status: draft → in review"
        await wait_saved(pilot)

    # Bob reviews: a comment on source [2], changes asked for; approval is refused first.
    monkeypatch.setenv("WORKBENCH_USER", "Bob")
    app = WorkbenchApp(case=case_file, review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        assert plain(screen.query_one("#banner", Static)) == (
            "Review mode: comments and sign-off only (c comment · s status · f8 review).")
        assert plain(screen.query_one("#identity", Static)) == "as Bob · reviewing"
        assert isinstance(app.focused, SourcesTable)
        await pilot.press("down", "c")
        await settle(pilot)
        assert str(app.screen.query_one("#comment-dialog").border_title).startswith(
            'Comment on source:2 "Putin\'s later interview')
        await write(pilot, COMMENT)
        assert screen.query_one(SourcesTable).rows()[1][0] == "[2] ●1"
        # Editing keys say why they do nothing, and nothing changes.
        await pilot.press("d")
        assert last_note(app) == ("Not editable: Review mode: comments and sign-off only "
                                  "(c comment · s status · f8 review).")
        assert len(screen.case.sources) == 6  # type: ignore[union-attr]
        await move(pilot, Status.APPROVED)
        assert isinstance(app.screen, StatusDialog)
        assert last_note(app).startswith(
            "Not moved: Cannot move from in review to approved: 1 open review comment "
            '(first: on source:2 "Putin\'s later interview')
        await pilot.press("escape")
        await move(pilot, Status.CHANGES_REQUESTED, note="see my comment")
        assert last_note(app) == ": Status: in review → changes requested"
        await wait_saved(pilot)

    # Alice fixes the source, answers, resolves and submits again.
    monkeypatch.setenv("WORKBENCH_USER", "Alice")
    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await pilot.press("f3", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SourceFormScreen)
        await pilot.press("end")
        await type_text(pilot, " (Oliver Stone, 2017)")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        panel = screen.query_one(ReviewPanel)
        assert app.focused is panel and str(panel.border_title) == "Review · 1 open · 1 resolved"
        await pilot.press("r")
        await settle(pilot)
        await write(pilot, "The Oliver Stone interviews, 2017; title fixed.")
        await pilot.press("x")
        await settle(pilot)
        assert last_note(app).startswith(": Resolved thread ")
        assert str(panel.border_title) == "Review · 0 open · 2 resolved"
        assert screen.query_one(SourcesTable).rows()[1][0] == "[2]"
        await move(pilot, Status.IN_REVIEW)
        await wait_saved(pilot)

    # Bob approves.
    monkeypatch.setenv("WORKBENCH_USER", "Bob")
    app = WorkbenchApp(case=case_file, review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await move(pilot, Status.APPROVED, note="good to go")
        assert last_note(app) == ": Status: in review → approved"
        await wait_saved(pilot)

    # Alice publishes; the published case is locked until she records a correction; she
    # corrects the bottom line and publishes again.
    monkeypatch.setenv("WORKBENCH_USER", "Alice")
    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await pilot.press("f3")
        await move(pilot, Status.PUBLISHED)
        assert last_note(app) == ": Status: approved → published; publication 1 frozen"
        await wait_saved(pilot)
        banner = screen.query_one("#banner", Static)
        assert banner.display and plain(banner) == "Published: add a correction (C) to edit."
        assert screen.query_one("#conclusion", LazyTextArea).read_only
        before = file_digest(case_file)
        await pilot.press("f3", "d", "a")
        await settle(pilot)
        assert last_note(app) == "Not editable: Published: add a correction (C) to edit."
        assert file_digest(case_file) == before
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, CorrectionDialog)
        await type_text(pilot, "The bottom line now says no application was filed.")
        await pilot.press("enter")
        await type_text(pilot, "It was implied, not said.")
        await pilot.press("enter")
        await settle(pilot)
        assert last_note(app).startswith(": Correction recorded: the case is corrected")
        assert not banner.display and not screen.query_one("#conclusion", LazyTextArea).read_only
        await pilot.press("f4", "end", "enter")
        editor = screen.query_one(SectionEditor)
        assert app.focused is editor and editor.section is not None
        assert editor.section.heading.startswith("Bottom line")
        editor.move_cursor(editor.document.end)
        await type_text(pilot, BOTTOM_LINE_ADDITION)
        await pilot.press("escape")
        await wait_saved(pilot)
        # Straight out again is refused in the dialog, in one line, and nothing is saved;
        # the dialog offers review instead.
        before = file_digest(case_file)
        await pilot.press("s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        await wait_for(pilot, lambda: len(dialog.problems) == len(dialog.moves))
        assert dialog.highlighted is Status.IN_REVIEW
        await pilot.press("end", "enter")
        await settle(pilot)
        assert dialog.highlighted is Status.PUBLISHED and app.screen is dialog
        assert last_note(app) == (
            "Not moved: Cannot move from corrected to published: publishing again after a "
            "correction needs a sign-off by someone else: send it to review (in review), "
            "then a second name approves it")
        await pilot.press("escape")
        await settle(pilot)
        assert file_digest(case_file) == before
        await move(pilot, Status.IN_REVIEW)
        assert last_note(app) == ": Status: corrected → in review"
        await wait_saved(pilot)

    # Bob signs the correction off.
    monkeypatch.setenv("WORKBENCH_USER", "Bob")
    app = WorkbenchApp(case=case_file, review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await move(pilot, Status.APPROVED)
        assert last_note(app) == ": Status: in review → approved"
        await wait_saved(pilot)

    # Alice publishes the corrected case.
    monkeypatch.setenv("WORKBENCH_USER", "Alice")
    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await pilot.press("f3")
        await move(pilot, Status.PUBLISHED)
        assert last_note(app) == ": Status: approved → published; publication 2 frozen"
        await wait_saved(pilot)

    with CaseFile.open(case_file) as casefile:
        case = casefile.load()
    assert case.status is Status.PUBLISHED
    assert [p.who for p in case.publications] == ["Alice", "Alice"]
    [correction] = case.corrections
    assert (correction.what, correction.why) == (
        "The bottom line now says no application was filed.", "It was implied, not said.")

    # The diff between the publications is exactly the correction's notice at the top, the
    # corrected text and the correction.
    diff = diff_publications(case)
    changed = [line for line in diff.splitlines()
               if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    bottom = next(s for s in draft_case().sections if s.heading.startswith("Bottom line"))
    last_line = bottom.body.strip().splitlines()[-1]
    assert changed == [
        "+",
        f"+> **Correction ({correction.date}):** The bottom line now says no application was "
        "filed. The correction is listed under Corrections.",
        f"-{last_line}",
        f"+{last_line}{BOTTOM_LINE_ADDITION}",
        "+",
        "+## Corrections",
        "+",
        f"+- **{correction.date}:** The bottom line now says no application was filed. "
        "Why: It was implied, not said.",
    ]
    assert run_cli("diff", str(case_file)) == diff

    # The log has every step, by the right name.
    events = json.loads(run_cli("log", str(case_file), "--json"))
    sample = len(draft_case().events)
    steps = [(e["who"], e["action"], e["field"] or e["target_kind"], e["after"])
             for e in events[sample:]]
    assert steps == [
        ("Alice", "edit", "conclusion", _endswith(" Checked twice.")),
        ("Alice", "status", "status", "in_review"),
        ("Bob", "comment", "comment", None),
        ("Bob", "status", "status", "changes_requested"),
        ("Alice", "edit", "title", _endswith(" (Oliver Stone, 2017)")),
        ("Alice", "reply", "comment", None),
        ("Alice", "resolve", "resolved", "resolved"),
        ("Alice", "status", "status", "in_review"),
        ("Bob", "status", "status", "approved"),
        ("Bob", "sign-off", "article", _anything()),
        ("Alice", "status", "status", "published"),
        ("Alice", "publish", "content_hash", _anything()),
        ("Alice", "correct", "correction", None),
        ("Alice", "status", "status", "corrected"),
        ("Alice", "edit", "body", _endswith(BOTTOM_LINE_ADDITION)),
        ("Alice", "status", "status", "in_review"),
        ("Bob", "status", "status", "approved"),
        ("Bob", "sign-off", "article", _anything()),
        ("Alice", "status", "status", "published"),
        ("Alice", "publish", "content_hash", _anything()),
    ]
    text = run_cli("log", str(case_file))
    assert re.search(r"  Bob +status: in review -> changes requested \(see my comment\)", text)
    assert re.search(r"  Bob +status: in review -> approved \(good to go\)", text)
    assert re.search(r"  Alice +recorded a correction", text)
    on_source = run_cli("log", str(case_file), "--on", "source:2")
    assert [line.split("  ")[1].strip() for line in on_source.splitlines()][-4:] == [
        "Bob", "Alice", "Alice", "Alice"]


class _anything:
    def __eq__(self, other: object) -> bool:
        return True


class _endswith:
    def __init__(self, tail: str) -> None:
        self.tail = tail

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and other.endswith(self.tail)

    def __repr__(self) -> str:
        return f"<…{self.tail!r}>"


async def test_an_edit_typed_just_before_a_status_move_is_logged_first(
        case_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "Alice")
    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        edit_conclusion(app)
        # The move comes while the typing is still inside the autosave's pause.
        hold_autosave(app)
        await type_text(pilot, " Checked twice.")
        await pilot.press("f3")
        await move(pilot, Status.IN_REVIEW)
        await wait_saved(pilot)
    events = json.loads(run_cli("log", str(case_file), "--json"))
    steps = [(e["action"], e["field"]) for e in events[len(draft_case().events):]]
    assert steps == [("edit", "conclusion"), ("status", "status")]


async def test_publishing_a_draft_is_refused_and_says_why(
        case_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "Alice")
    before = file_digest(case_file)
    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await pilot.press("f3")
        await move(pilot, Status.PUBLISHED)
        assert isinstance(app.screen, StatusDialog)
        assert last_note(app) == (
            "Not moved: Cannot move from draft to published: a case is published only once "
            "approved (draft -> in review -> approved)")
        await pilot.press("escape")
        await settle(pilot)
    assert file_digest(case_file) == before


async def test_without_a_name_review_actions_say_how_to_set_one(
        case_file: Path, monkeypatch: pytest.MonkeyPatch, isolated_config: Path) -> None:
    monkeypatch.delenv("WORKBENCH_USER", raising=False)
    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        assert plain(screen.query_one("#identity", Static)) == "no name set"
        await pilot.press("f3", "c")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert last_note(app) == (
            "Who is this?: No name to record for this: set WORKBENCH_USER, or author in the "
            f"[workbench] table of {isolated_config}, then open the case again.")
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        # Editing still works; the history names nobody.
        edit_conclusion(app)
        await pilot.press(*" Unsigned.")
        await wait_saved(pilot)
    with CaseFile.open(case_file) as casefile:
        case = casefile.load()
        history = casefile.history()
    assert case.verdict.conclusion.endswith(" Unsigned.") and case.status is Status.DRAFT
    assert (history[-1].who, history[-1].field) == ("", "conclusion")
    assert len(case.comments) == len(draft_case().comments)


async def test_the_history_tab_follows_the_selected_item(
        case_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "Bob")
    app = WorkbenchApp(case=case_file, review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await pilot.press("down", "f9")
        await settle(pilot)
        panel = screen.query_one(HistoryPanel)
        assert app.focused is panel
        title = str(panel.border_title)
        assert title.startswith('History · source:2 "Putin\'s later interview')
        # The sample's history is about the case as a whole; nothing yet on this source.
        first = panel.get_option_at_index(0).prompt.plain  # type: ignore[union-attr]
        assert first == "Nothing recorded yet."
        # Back to the list (esc closes the tab), a comment there: the tab shows it, newest
        # first, once the save has reached the file.
        await pilot.press("escape")
        assert isinstance(app.focused, SourcesTable)
        await pilot.press("c")
        await settle(pilot)
        await write(pilot, COMMENT)
        await wait_saved(pilot)
        await pilot.press("f9")
        await settle(pilot)
        newest = panel.get_option_at_index(0).prompt.plain  # type: ignore[union-attr]
        assert "  Bob  commented on source:2" in newest and COMMENT[:20] in newest
        # The verdict's history, from the claim pane.
        await pilot.press("escape", "f2")
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert str(panel.border_title).startswith("History · the claim")


async def test_the_palette_offers_the_review_actions(
        case_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every review action is a binding, so the palette (ctrl+p) lists it with its key;
    the correction only on a published case."""
    monkeypatch.setenv("WORKBENCH_USER", "Alice")
    app = WorkbenchApp(case=case_file)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await pilot.press("f3")
        names = {command.name: command.help for command in binding_commands(screen)}
        assert names["Comment"] == "c · case.comment"
        assert names["Move status…"] == "s · case.status"
        assert names["Review"] == "f8 · case.review"
        assert names["History"] == "f9 · case.history"
        assert "Add correction…" not in names
        assert screen.case is not None
        screen.case.status = Status.PUBLISHED  # as a publication would leave it
        screen.refresh_bindings()
        names = {command.name for command in binding_commands(screen)}
        assert "Add correction…" in names and "Add" not in names
        screen.case.status = Status.DRAFT  # never saved: nothing changed through the screen


# Snapshots: the case screen in review mode with the review panel open


def _review_case(path: Path) -> None:
    """In review, with Bob's open comment on source [2] (fixed id and time) beside the
    sample's resolved thread on the verdict."""
    case = draft_case()
    case.status = Status.IN_REVIEW
    case.comments.append(Comment(
        id="5e1f0c2a9b7d4e6f8a0b1c2d3e4f5a6b", anchor_kind=AnchorKind.SOURCE,
        anchor_id=case.sources[1].id, author="Bob", created="2025-03-20T10:05:00Z",
        body=COMMENT))
    CaseFile.create(path, case).close()


async def _review_panel_open(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("f8")
    await settle(pilot)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_review_mode_snapshot(snap_compare: Any, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "Bob")
    path = tmp_path / "putin.case.db"
    _review_case(path)
    app = WorkbenchApp(case=path, review=True)
    assert snap_compare(app, terminal_size=size, run_before=_review_panel_open)
