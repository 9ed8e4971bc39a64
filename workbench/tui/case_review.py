"""The case screen's review side: comments, status moves, corrections and the two panels.

Every action goes through ``workbench.review`` (the rules the command line applies too)
as the person at the keyboard (``identity.acting_name``); a refusal is one notification
in the engine's words, and the case is then unchanged. What an action changed is saved
at once (``CaseChanged(immediate=True)``, as a structural edit is) and redrawn: the
markers, the claim pane's status, the review panel, and the lock on the content (a
published case is locked until a correction).

The review and history panels are tabs of the screen's panel (``case_panel``), built the
first time they are opened. The history tab reads the case file's own history
(``CaseFile.history()``) on a worker, once after each save: the autosave saves a copy of
the case, so the edits a save records never reach the case on screen. It shows the
history of the item last selected.

This is a helper object of ``CaseScreen``, not a widget: the screen binds the keys and
receives the panels' messages, and hands them here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from workbench.casefile.errors import CaseFileError
from workbench.casefile.store import CaseFile
from workbench.config import Config
from workbench.model import AnchorKind, Event, Status
from workbench.review import (
    Anchor,
    ReviewError,
    add_comment,
    add_correction,
    anchor_label,
    anchor_spec,
    move_status,
    reopen,
    reply,
    require_name,
    resolve,
    short_id,
    threads,
)
from workbench.tui.autosave import CaseChanged
from workbench.tui.case_panel import CasePanel
from workbench.tui.claim_pane import VERDICT_WIDGETS, ClaimPane
from workbench.tui.comment_dialog import CommentDialog
from workbench.tui.correction_dialog import CorrectionDialog, CorrectionText
from workbench.tui.help_screen import key_for
from workbench.tui.history_panel import HistoryPanel, HistoryTarget
from workbench.tui.identity import no_name_message
from workbench.tui.markers import MARKER_STYLE, OpenCounts, marker
from workbench.tui.review_panel import ReviewPanel, thread_context
from workbench.tui.sections_view import SectionList, SectionsView
from workbench.tui.sources_table import SourcesTable
from workbench.tui.status_dialog import StatusDialog, StatusMove

if TYPE_CHECKING:
    from workbench.tui.case_screen import CaseScreen


class HistoryRead(Message):
    """The case file's history, read on a worker for the history panel."""

    def __init__(self, events: list[Event]) -> None:
        super().__init__()
        self.events = events


class CaseReview:
    """Review actions and panels for one case screen."""

    def __init__(self, screen: CaseScreen) -> None:
        self.screen = screen
        #: Open review comments per item, for the markers; worked out once per change.
        self.counts = OpenCounts()
        #: The file's history as last read; None: read it again (after a save).
        self.history: list[Event] | None = None
        #: Whose history the history panel shows: the item last selected.
        self.target = HistoryTarget()

    def _view(self, tab: str) -> Widget | None:
        """The panel's ``tab`` view while it is the one shown (None otherwise)."""
        panel = self.screen.query_one(CasePanel)
        return panel.view(tab) if panel.display and panel.tab == tab else None

    @property
    def config(self) -> Config | None:
        config = getattr(self.screen.app, "config", None)
        return config if isinstance(config, Config) else None

    def _name(self) -> str | None:
        """The name to record, or None after saying (one line) how to set one."""
        try:
            return require_name(self.screen.who)
        except ReviewError:
            self.screen.notify(no_name_message(self.config), title="Who is this?",
                               severity="error", markup=False, timeout=10)
            return None

    def _refused(self, error: ReviewError, title: str) -> None:
        self.screen.notify(str(error), title=title, severity="error", markup=False,
                           timeout=10)

    def _changed(self, done: str) -> None:
        """An action changed the case: save it now, redraw what shows review, say so."""
        screen = self.screen
        screen.post_message(CaseChanged(immediate=True))
        self.show()
        screen.show_lock()
        screen.notify(done, markup=False)

    def show(self) -> None:
        """Markers, status and the review panel as the case now stands (one pass)."""
        screen, case = self.screen, self.screen.case
        if case is None:
            return
        self.counts = OpenCounts.of(case)
        screen.query_one(SourcesTable).set_comments(self.counts.sources)
        screen.query_one(SectionsView).set_comments(self.counts.sections)
        claim = screen.query_one(ClaimPane)
        claim.show_comments(self.counts.verdict)
        claim.show_status(movable=not screen.read_only)
        from workbench.tui.case_screen import PaneTab  # the screen's module imports this one

        opened = self.counts.total
        screen.query_one("#tab-review", PaneTab).set_badge(
            Content.styled(marker(opened), MARKER_STYLE) if opened else Content(""))
        view = self._view("review")
        if isinstance(view, ReviewPanel):
            view.show(case)

    def hand_down(self, view: Widget) -> None:
        """A review or history tab was opened: give it what it shows."""
        if isinstance(view, ReviewPanel) and self.screen.case is not None:
            view.show(self.screen.case)
        elif isinstance(view, HistoryPanel):
            self.show_history(view)

    # Comments

    def focused_anchor(self) -> Anchor:
        """What a comment made now is about: the item where the keyboard is."""
        screen = self.screen
        focused = screen.focused
        nodes = list(focused.ancestors_with_self) if focused is not None else []

        def inside(kind: type[Widget]) -> bool:
            return any(isinstance(node, kind) for node in nodes)

        if inside(SourcesTable) and (source_id := screen.query_one(SourcesTable).selected_id()):
            return Anchor(AnchorKind.SOURCE, source_id)
        if inside(SectionsView) and (section := screen.query_one(SectionsView).current):
            return Anchor(AnchorKind.SECTION, section.id)
        review = next((node for node in nodes if isinstance(node, ReviewPanel)), None)
        if review is not None and (thread := review.selected):
            return Anchor(AnchorKind(thread.root.anchor_kind), thread.root.anchor_id)
        if inside(ClaimPane):
            # The claim's fields (its wording, who said it, the title) are the case's.
            ids = {node.id for node in nodes}
            if ids & VERDICT_WIDGETS or focused is screen.query_one(ClaimPane):
                return Anchor(AnchorKind.VERDICT)
            return Anchor(AnchorKind.CASE)
        if self.target.kind in ("source", "section", "question") and self.target.id:
            return Anchor(AnchorKind(self.target.kind), self.target.id)
        return Anchor(AnchorKind.CASE)

    def comment_here(self) -> None:
        """Comment on the item where the keyboard is."""
        if self.screen.case is not None:
            self.comment_on(self.focused_anchor())

    def comment_on(self, anchor: Anchor) -> None:
        """Ask for a comment's text, then record it on ``anchor``."""
        screen, case = self.screen, self.screen.case
        who = self._name()
        if case is None or who is None:
            return
        where = anchor_label(case, anchor.kind, anchor.id)

        def add(text: str | None) -> None:
            if text is None or screen.case is None:
                return
            try:
                comment = add_comment(screen.case, anchor, text, who)
            except ReviewError as error:
                self._refused(error, "Not commented")
                return
            self._changed(f"Comment {short_id(comment.id)} added on {where}")

        screen.app.push_screen(CommentDialog(f"Comment on {where}", who=who), add)

    def reply(self, comment_id: str) -> None:
        """Ask for a reply's text, then add it to the thread of ``comment_id``."""
        screen, case = self.screen, self.screen.case
        who = self._name()
        if case is None or who is None:
            return
        thread = next((t for t in threads(case, include_resolved=True)
                       if t.root.id == comment_id), None)
        if thread is None:
            return

        def answer(text: str | None) -> None:
            if text is None or screen.case is None:
                return
            try:
                reply(screen.case, comment_id, text, who)
            except ReviewError as error:
                self._refused(error, "Not replied")
                return
            self._changed(f"Replied in thread {short_id(comment_id)}")

        where = anchor_label(case, thread.root.anchor_kind, thread.root.anchor_id)
        screen.app.push_screen(CommentDialog(f"Reply on {where}",
                                             context=thread_context(thread), who=who),
                               answer)

    def resolve(self, comment_id: str, *, reopen_it: bool = False) -> None:
        """Resolve (or reopen) the thread of ``comment_id``."""
        case = self.screen.case
        who = self._name()
        if case is None or who is None:
            return
        act, done = (reopen, "Reopened") if reopen_it else (resolve, "Resolved")
        try:
            act(case, comment_id, who)
        except ReviewError as error:
            self._refused(error, "Not changed")
            return
        self._changed(f"{done} thread {short_id(comment_id)}")

    def jump(self, anchor: Anchor) -> None:
        """Show the item a thread is about, with the keyboard on it."""
        screen, case = self.screen, self.screen.case
        if case is None:
            return
        if anchor_spec(case, anchor.kind, anchor.id).endswith("(deleted)"):
            screen.notify(f"That {anchor.kind.value} was deleted.", severity="warning")
            return
        if anchor.kind is AnchorKind.SOURCE:
            screen.action_focus_pane("sources")
            screen.query_one(SourcesTable).show(case, screen.corroborations, select=anchor.id)
        elif anchor.kind is AnchorKind.SECTION:
            screen.action_focus_pane("sections")
            screen.query_one(SectionsView).show(case, select=anchor.id)
            screen.query_one(SectionList).focus()
        elif anchor.kind is AnchorKind.QUESTION:
            screen.action_matrix(anchor.id)
        elif anchor.kind is AnchorKind.VERDICT:
            screen.action_focus_pane("claim")
            # A text, not the conclusion's line: it takes the focus even when read-only.
            screen.query_one(ClaimPane).focus_field("established")
        else:
            screen.action_focus_pane("claim")

    # Status moves and corrections

    def move_status(self) -> None:
        """Offer the moves open to the case now, with the reasons any is blocked."""
        screen, case = self.screen, self.screen.case
        who = self._name()
        if case is None or who is None:
            return
        config = self.config

        def move(chosen: StatusMove | None) -> None:
            case = screen.case
            if chosen is None or case is None:
                return
            if chosen.status is Status.CORRECTED and case.status is Status.PUBLISHED:
                self.add_correction()
                return
            before = case.status
            try:
                move_status(case, chosen.status, who, note=chosen.note, config=config)
            except ReviewError as error:
                self._refused(error, "Not moved")
                return
            done = f"Status: {before.label} → {case.status.label}"
            if case.status is Status.PUBLISHED:
                done += f"; publication {len(case.publications)} frozen"
            self._changed(done)

        screen.app.push_screen(StatusDialog(case, who, config), move)

    def add_correction(self) -> None:
        """Record a correction to the published case: it moves to corrected, where its
        content can be edited and published again."""
        screen = self.screen
        who = self._name()
        if screen.case is None or who is None:
            return

        def record(result: CorrectionText | None) -> None:
            if result is None or screen.case is None:
                return
            try:
                add_correction(screen.case, result.what, result.why, who)
            except ReviewError as error:
                self._refused(error, "Not recorded")
                return
            status = key_for(screen.app, "case.status", "s")
            edit = "" if screen.review_mode else "; edit it, then "
            self._changed(f"Correction recorded: the case is corrected{edit or '; '}"
                          f"{status} publishes it again")

        screen.app.push_screen(CorrectionDialog(), record)

    # The history tab

    def follow_selection(self) -> None:
        """The history panel follows the item last selected (never the panels themselves)."""
        target = self._selected_target()
        if target is None or target == self.target:
            return
        self.target = target
        self.show_history()

    def _selected_target(self) -> HistoryTarget | None:
        screen, case, focused = self.screen, self.screen.case, self.screen.focused
        if case is None or focused is None:
            return None
        nodes = list(focused.ancestors_with_self)

        def inside(kind: type[Widget]) -> bool:
            return any(isinstance(node, kind) for node in nodes)

        if inside(HistoryPanel):
            return None
        if inside(SourcesTable):
            source_id = screen.query_one(SourcesTable).selected_id()
            return HistoryTarget("source", source_id) if source_id else None
        if inside(SectionsView):
            section = screen.query_one(SectionsView).current
            return HistoryTarget("section", section.id) if section else None
        review = next((node for node in nodes if isinstance(node, ReviewPanel)), None)
        if review is not None:
            thread = review.selected
            if thread is None:
                return None
            kind = AnchorKind(thread.root.anchor_kind)
            if kind is AnchorKind.CASE:
                return HistoryTarget("case", case.id)
            return HistoryTarget(kind.value, thread.root.anchor_id)
        if inside(ClaimPane):
            if {node.id for node in nodes} & VERDICT_WIDGETS:
                return HistoryTarget("verdict")
            return HistoryTarget("claim")
        return None

    def saved(self) -> None:
        """A save appended history to the file: read it again when the panel shows it."""
        self.history = None
        self.show_history()

    def show_history(self, panel: Widget | None = None) -> None:
        """Show the target's history in the history tab (``panel``, else the tab if shown)."""
        screen, case = self.screen, self.screen.case
        panel = panel or self._view("history")
        if not isinstance(panel, HistoryPanel) or case is None or screen.casefile is None:
            return
        if self.history is None:
            panel.show_loading(case, self.target)
            casefile = screen.casefile
            screen.run_worker(lambda: self._read_history(casefile), thread=True,
                              exclusive=True, group="history", name="history",
                              exit_on_error=False)
        else:
            panel.show(case, self.history, self.target)

    def _read_history(self, casefile: CaseFile) -> None:
        """Worker thread: SQLite off the UI thread, so a long history never stalls keys."""
        try:
            events = casefile.history()
        except CaseFileError as error:
            self.screen.post_message(HistoryRead([]))
            self.screen.app.call_from_thread(self.screen.notify, str(error),
                                             severity="error", markup=False)
            return
        self.screen.post_message(HistoryRead(events))

    def history_read(self, events: list[Event]) -> None:
        self.history = events
        self.show_history()
