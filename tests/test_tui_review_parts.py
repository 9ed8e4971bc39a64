"""The review pieces of the TUI on their own: the dialogs, the review and history panels,
the markers and the name being recorded, each on a small host app."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static, TextArea

from tests.support import notifications, putin_case, settle
from workbench.config import Config
from workbench.model import AnchorKind, Case, Event, Status
from workbench.review import (
    Anchor,
    add_comment,
    move_status,
    parse_anchor,
    record,
    reply,
    resolve,
)
from workbench.tui.comment_dialog import CommentDialog
from workbench.tui.correction_dialog import CorrectionDialog, CorrectionText
from workbench.tui.history_panel import HistoryPanel, HistoryTarget, history_rows
from workbench.tui.identity import acting_name, identity_text, no_name_message
from workbench.tui.markers import OpenCounts, marker
from workbench.tui.matrix_screen import MatrixScreen
from workbench.tui.review_panel import ReviewPanel, review_summary, thread_prompt
from workbench.tui.status_dialog import StatusDialog, StatusMove


class Host(App[None]):
    """An app with one widget, recording the messages it posts and what dialogs return."""

    def __init__(self, widget: Widget | None = None) -> None:
        super().__init__()
        self.widget = widget
        self.messages: list[Message] = []
        self.results: list[object] = []

    def compose(self) -> ComposeResult:
        yield self.widget if self.widget is not None else Static("host")

    def open(self, screen: Screen[object]) -> None:
        self.push_screen(screen, self.results.append)

    def on_review_panel_jump(self, message: ReviewPanel.Jump) -> None:
        self.messages.append(message)

    def on_review_panel_reply(self, message: ReviewPanel.Reply) -> None:
        self.messages.append(message)

    def on_review_panel_resolve(self, message: ReviewPanel.Resolve) -> None:
        self.messages.append(message)


def reviewed_case() -> Case:
    """The seed-like case in review by Alice, with Bob's open comment on source [2] and a
    resolved thread on the verdict."""
    case = putin_case()
    record(case, "Alice", "status", target_kind="case", target_id=case.id, field="status",
           before="draft", after="in_review", at="2024-05-03T09:00:00Z")
    add_comment(case, parse_anchor(case, "source:2"), "Which interview is this?", "Bob")
    verdict = add_comment(case, Anchor(AnchorKind.VERDICT), "Say what we did not check.",
                          "Bob")
    reply(case, verdict.id, "Added to the unresolved list.", "Alice")
    resolve(case, verdict.id, "Bob")
    return case


# The name


def test_the_name_comes_from_the_environment_then_the_config(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "  Ana   Ruiz ")
    assert acting_name(Config(author="Someone")) == "Ana Ruiz"
    monkeypatch.delenv("WORKBENCH_USER")
    assert acting_name(Config(author="Bob")) == "Bob"
    assert acting_name(Config()) is None
    assert identity_text("Bob", reviewing=True) == "as Bob · reviewing"
    assert identity_text(None, reviewing=False) == "no name set"


def test_without_a_name_the_message_says_how_to_set_one(tmp_path: Path) -> None:
    message = no_name_message(Config(path=tmp_path / "config.toml"))
    assert "WORKBENCH_USER" in message and "[workbench]" in message
    assert str(tmp_path / "config.toml") in message and "\n" not in message


def test_a_broken_config_still_lets_the_environment_name_the_user(
        monkeypatch: pytest.MonkeyPatch, isolated_config: Path) -> None:
    isolated_config.write_text("[workbench\n")
    monkeypatch.setenv("WORKBENCH_USER", "Bob")
    assert acting_name() == "Bob"
    monkeypatch.delenv("WORKBENCH_USER")
    assert acting_name() is None


# Markers


def test_open_comments_are_counted_per_item() -> None:
    case = reviewed_case()
    add_comment(case, parse_anchor(case, "source:2"), "And the date?", "Bob")
    add_comment(case, parse_anchor(case, "section:summary"), "Too long.", "Bob")
    counts = OpenCounts.of(case)
    assert counts.sources == {"src-interview": 2}
    assert counts.sections == {"sec-summary": 1}
    assert counts.verdict == 0  # resolved
    assert counts.total == 3
    assert marker(2) == "●2" and marker(0) == ""


# The comment dialog


async def test_the_comment_dialog_returns_the_text() -> None:
    app = Host()
    async with app.run_test() as pilot:
        app.open(CommentDialog('Comment on source:2 "[a] title"', who="Bob"))
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CommentDialog)
        assert isinstance(app.focused, TextArea)
        await pilot.press("ctrl+s")
        assert "Write the comment first" in notifications(app)[-1]
        assert app.screen is dialog
        app.focused.insert("Which edition?\nThe 2015 one?")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == ["Which edition?\nThe 2015 one?"]
        app.open(CommentDialog("Comment on the verdict"))
        await pilot.pause()
        await pilot.press("x", "escape")
        await pilot.pause()
        assert app.results[-1] is None


# The correction dialog


async def test_the_correction_dialog_needs_what_and_why() -> None:
    app = Host()
    async with app.run_test() as pilot:
        app.open(CorrectionDialog())
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert "Say what changed first" in notifications(app)[-1]
        await pilot.press(*"Fixed a date", "enter")
        assert app.focused is app.screen.query_one("#correction-why", Input)
        await pilot.press("enter")
        assert "Say why first" in notifications(app)[-1]
        await pilot.press(*"It was wrong", "enter")
        await pilot.pause()
        assert app.results == [CorrectionText("Fixed a date", "It was wrong")]


# The status dialog


def _options(dialog: StatusDialog) -> list[str]:
    moves = dialog.query_one("#status-moves", OptionList)
    return [moves.get_option_at_index(i).prompt.plain  # type: ignore[union-attr]
            for i in range(moves.option_count)]


def _why(dialog: StatusDialog) -> str:
    return dialog.query_one("#status-why", Static).content.plain  # type: ignore[union-attr]


async def test_the_status_dialog_shows_why_a_move_is_blocked() -> None:
    case = reviewed_case()
    app = Host()
    async with app.run_test() as pilot:
        app.open(StatusDialog(case, "Bob", Config()))
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        assert _options(dialog) == ["✓ changes requested", "✗ approved  blocked", "✓ draft",
                                    "✗ published  blocked", "✗ corrected  blocked"]
        await pilot.press("down")
        assert "1 open review comment (first: on source:2" in _why(dialog)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert ("Not moved: Cannot move from in review to approved: 1 open review comment"
                in notifications(app)[-1])
        await pilot.press("up", "tab", *"see my comment", "enter")
        await pilot.pause()
        assert app.results == [StatusMove(Status.CHANGES_REQUESTED, "see my comment")]
        assert case.status is Status.IN_REVIEW  # the dialog only chooses


async def test_asking_for_changes_needs_a_note_without_open_comments() -> None:
    case = putin_case()
    app = Host()
    async with app.run_test() as pilot:
        app.open(StatusDialog(case, "Bob", Config()))
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        assert _options(dialog)[0] == "✗ changes requested  blocked"
        await pilot.press("home")  # from approval, offered first, to asking for changes
        assert "say what to change" in _why(dialog)
        await pilot.press("tab", *"the dates")
        assert _options(dialog)[0] == "✓ changes requested"


async def test_a_published_case_moves_on_only_by_a_correction() -> None:
    case = putin_case()
    case.status = Status.PUBLISHED
    app = Host()
    async with app.run_test() as pilot:
        app.open(StatusDialog(case, "Alice", Config()))
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        assert _options(dialog) == ["✓ corrected", "✗ draft  blocked", "✗ in review  blocked",
                                    "✗ changes requested  blocked", "✗ approved  blocked"]
        assert "record a correction (what changed and why); enter opens it" in _why(dialog)
        await pilot.press("down")
        assert "a published case changes only through a correction" in _why(dialog)
        await pilot.press("up", "enter")
        await pilot.pause()
        assert app.results == [StatusMove(Status.CORRECTED)]


# The review panel


async def test_the_review_panel_lists_threads_open_first_and_asks_for_actions() -> None:
    case = reviewed_case()
    panel = ReviewPanel(id="review")
    app = Host(panel)
    async with app.run_test() as pilot:
        panel.show(case)
        panel.focus()
        await pilot.pause()
        assert str(panel.border_title) == "Review · 1 open · 1 resolved"
        first = thread_prompt(case, panel.threads[0]).plain
        assert first.startswith('● source:2 "Putin tells Oliver Stone')
        assert "Bob · " in first and "Which interview is this?" in first
        second = thread_prompt(case, panel.threads[1]).plain
        assert second.startswith("✓ verdict")
        assert "↳ Alice · " in second and "resolved by Bob" in second
        source_thread, verdict_thread = panel.threads
        await pilot.press("enter", "r", "x", "o")  # "o" is not offered on an open thread
        await pilot.press("down", "o", "x")  # nor "x" on a resolved one
        await pilot.pause()
        got = [(type(m).__name__, getattr(m, "comment_id", None), getattr(m, "reopen", None))
               for m in app.messages]
        assert got == [
            ("Jump", None, None),
            ("Reply", source_thread.root.id, None),
            ("Resolve", source_thread.root.id, False),
            ("Resolve", verdict_thread.root.id, True),
        ]
        jump = app.messages[0]
        assert isinstance(jump, ReviewPanel.Jump)
        assert jump.anchor == Anchor(AnchorKind.SOURCE, "src-interview")


async def test_an_empty_review_panel_says_how_to_comment() -> None:
    panel = ReviewPanel()
    app = Host(panel)
    async with app.run_test() as pilot:
        panel.show(putin_case())
        await pilot.pause()
        assert str(panel.border_title) == "Review · 0 open"
        prompt = panel.get_option_at_index(0).prompt
        assert "No review comments yet: press c" in prompt.plain  # type: ignore[union-attr]
        assert review_summary([]) == "Review · 0 open"


# The history panel


def test_history_rows_are_the_items_events_newest_first() -> None:
    case = reviewed_case()
    move_status(case, Status.CHANGES_REQUESTED, "Bob", note="see my comment")
    edit = Event(at="2024-05-04T10:00:00Z", who="Alice", action="edit",
                 target_kind="source", target_id="src-interview", field="title",
                 before="Old", after="New")
    events = [*case.events, edit]
    rows = [row.plain for row in history_rows(case, events,
                                              HistoryTarget("source", "src-interview"))]
    assert rows[0] == ('2024-05-04 10:00  Alice  source:2 "Putin tells Oliver Stone he '
                       'raised NATO…" title: "Old" -> "New"')
    assert "Bob  commented on source:2" in rows[1]
    assert len(rows) == 2
    case_rows = [row.plain for row in history_rows(case, events, HistoryTarget("case",
                                                                               case.id))]
    assert "Bob  status: in review -> changes requested (see my comment)" in case_rows[0]
    assert "Alice  status: draft -> in review" in case_rows[-1]
    assert len(history_rows(case, events, HistoryTarget())) == len(events)


async def test_the_history_panel_shows_the_target_and_its_rows() -> None:
    case = reviewed_case()
    panel = HistoryPanel()
    app = Host(panel)
    async with app.run_test() as pilot:
        target = HistoryTarget("verdict")
        panel.show_loading(case, target)
        await pilot.pause()
        assert "reading the history" in panel.get_option_at_index(0).prompt.plain  # type: ignore[union-attr]
        panel.show(case, case.events, target)
        await pilot.pause()
        assert str(panel.border_title) == "History · the verdict (3)"
        panel.show(case, [], HistoryTarget("source", "src-robertson"))
        assert "Nothing recorded yet" in panel.get_option_at_index(0).prompt.plain  # type: ignore[union-attr]


# The matrix, read by a reviewer


class MatrixHost(App[None]):
    """The matrix, read-only, with comments recorded straight into the case as Bob."""

    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case
        self.changes = 0
        self.anchors: list[Anchor] = []

    def on_mount(self) -> None:
        self.push_screen(MatrixScreen(self.case, self.changed, read_only=True,
                                      read_only_reason="Review mode: comments and sign-off "
                                                       "only", on_comment=self.comment))

    def changed(self) -> None:
        self.changes += 1

    def comment(self, anchor: Anchor) -> None:
        self.anchors.append(anchor)
        add_comment(self.case, anchor, "Is this the right question?", "Bob")
        # As the case screen does: a dialog goes over the matrix and comes back.
        self.push_screen(CommentDialog("Comment"))


async def test_a_read_only_matrix_refuses_edits_and_takes_comments() -> None:
    case = putin_case()
    before = dict(case.matrix)
    app = MatrixHost(case)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("space", "a", "d", "enter")
        await pilot.pause()
        assert case.matrix == before and len(case.questions) == 2 and app.changes == 0
        assert notifications(app)[-1] == ": Review mode: comments and sign-off only"
        assert "Review mode" in str(app.screen.query_one("#matrix-banner", Static).content)
        await pilot.press("down", "c")
        await pilot.pause()
        assert app.anchors == [Anchor(AnchorKind.QUESTION, "q-application")]
        await pilot.press("escape")  # the dialog
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        first_column = [str(app.screen.grid.get_row_at(row)[0]) for row in range(2)]
        assert first_column == ["Q1 Did Putin voice interest in membership?",
                                "●1 Q2 Was a formal application made?"]
