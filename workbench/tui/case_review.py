"""The case screen's review side: comments, status moves, corrections, accepted check
warnings, and the two panels.

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

This is a controller the case screen owns, not a widget: the screen binds the keys and
receives the panels' messages, and hands them here; it hands down who is acting, whether
in review mode, and the case once loaded (attributes down), and is told through
``show_lock`` when an action may have changed the lock on the content.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget

from workbench.analysis.checks import run_checks
from workbench.analysis.findings import Finding
from workbench.casefile.errors import CaseFileError
from workbench.casefile.store import CaseFile
from workbench.config import Config
from workbench.model import AnchorKind, Case, Event, Status
from workbench.review import (
    Anchor,
    ReviewError,
    add_comment,
    add_correction,
    anchor_label,
    move_status,
    reopen,
    reply,
    require_name,
    resolve,
    short_id,
    threads,
)
from workbench.review.acceptance import accept, withdraw
from workbench.tui.autosave import CaseChanged
from workbench.tui.case_panel import CasePanel
from workbench.tui.claim_pane import VERDICT_WIDGETS, ClaimPane
from workbench.tui.comment_dialog import CommentDialog
from workbench.tui.correction_dialog import CorrectionDialog, CorrectionText
from workbench.tui.help_screen import key_for
from workbench.tui.history_panel import HistoryPanel, HistoryTarget
from workbench.tui.identity import no_name_message
from workbench.tui.markers import MARKER_STYLE, OpenCounts, marker
from workbench.tui.open_case import OpenCase
from workbench.tui.pane_bar import PaneBar
from workbench.tui.places import Place, anchor_place
from workbench.tui.prompt import TextPrompt
from workbench.tui.review_panel import ReviewPanel, thread_context
from workbench.tui.sections_view import SectionsView
from workbench.tui.sources_table import SourcesTable
from workbench.tui.status_dialog import StatusDialog, StatusMove


class HistoryRead(Message):
    """The case file's history, read on a worker for the history panel."""

    def __init__(self, events: list[Event]) -> None:
        super().__init__()
        self.events = events


class CaseReview:
    """Review actions and panels for one case screen."""

    def __init__(self, screen: Screen[Any], show_lock: Callable[[], None],
                 save_pending: Callable[[], object]) -> None:
        """``show_lock`` shows the lock on the content as it now stands (banner, keys);
        ``save_pending`` saves edits still waiting for the pause after typing."""
        self.screen = screen
        self.show_lock = show_lock
        self.save_pending = save_pending
        #: The name review actions record (see ``identity``); None: nobody.
        self.who: str | None = None
        #: ``workbench open --review``: the content is locked, comments and sign-off on.
        self.review_mode = False
        #: The case; handed down once it is loaded.
        self.opened: OpenCase | None = None
        #: Open review comments per item, for the markers; worked out once per change.
        self.counts = OpenCounts()
        #: The file's history as last read; None: read it again (after a save).
        self.history: list[Event] | None = None
        #: Whose history the history panel shows: the item last selected.
        self.target = HistoryTarget()

    @property
    def case(self) -> Case | None:
        return self.opened.case if self.opened is not None else None

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
            return require_name(self.who)
        except ReviewError:
            self.screen.notify(no_name_message(self.config), title="Who is this?",
                               severity="error", markup=False, timeout=10)
            return None

    def _refused(self, error: ReviewError, title: str) -> None:
        self.screen.notify(str(error), title=title, severity="error", markup=False,
                           timeout=10)

    def _before_acting(self) -> None:
        """Save the edits typed just before a review action first, so the history tells
        them before the action (a save records an edit after the actions it carries)."""
        self.save_pending()

    def _changed(self, done: str) -> None:
        """An action changed the case: save it now, redraw what shows review, say so."""
        self.screen.post_message(CaseChanged(immediate=True))
        self.show()
        self.show_lock()
        self.screen.notify(done, markup=False)

    def show(self) -> None:
        """Markers, status and the review panel as the case now stands (one pass)."""
        screen, opened = self.screen, self.opened
        if opened is None:
            return
        case = opened.case
        self.counts = OpenCounts.of(case)
        screen.query_one(SourcesTable).set_comments(self.counts.sources)
        screen.query_one(SectionsView).set_comments(self.counts.sections)
        claim = screen.query_one(ClaimPane)
        claim.show_comments(self.counts.verdict)
        claim.show_status(movable=not opened.read_only)
        still_open = self.counts.total
        badge = Content.styled(marker(still_open), MARKER_STYLE) if still_open else Content("")
        screen.query_one(PaneBar).set_badge("review", badge)
        view = self._view("review")
        if isinstance(view, ReviewPanel):
            view.show(case, self._accepted_warnings())

    def hand_down(self, view: Widget) -> None:
        """A review or history tab was opened: give it what it shows."""
        if isinstance(view, ReviewPanel) and self.case is not None:
            view.show(self.case, self._accepted_warnings())
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
        if self.case is not None:
            self.comment_on(self.focused_anchor())

    def comment_on(self, anchor: Anchor) -> None:
        """Ask for a comment's text, then record it on ``anchor``."""
        case, who = self.case, self._name()
        if case is None or who is None:
            return
        where = anchor_label(case, anchor.kind, anchor.id)

        def add(text: str | None) -> None:
            if text is None:
                return
            self._before_acting()
            try:
                comment = add_comment(case, anchor, text, who)
            except ReviewError as error:
                self._refused(error, "Not commented")
                return
            self._changed(f"Comment {short_id(comment.id)} added on {where}")

        self.screen.app.push_screen(CommentDialog(f"Comment on {where}", who=who), add)

    def reply(self, comment_id: str) -> None:
        """Ask for a reply's text, then add it to the thread of ``comment_id``."""
        case, who = self.case, self._name()
        if case is None or who is None:
            return
        thread = next((t for t in threads(case, include_resolved=True)
                       if t.root.id == comment_id), None)
        if thread is None:
            return

        def answer(text: str | None) -> None:
            if text is None:
                return
            self._before_acting()
            try:
                reply(case, comment_id, text, who)
            except ReviewError as error:
                self._refused(error, "Not replied")
                return
            self._changed(f"Replied in thread {short_id(comment_id)}")

        where = anchor_label(case, thread.root.anchor_kind, thread.root.anchor_id)
        self.screen.app.push_screen(CommentDialog(f"Reply on {where}",
                                                  context=thread_context(thread), who=who),
                                    answer)

    def resolve(self, comment_id: str, *, reopen_it: bool = False) -> None:
        """Resolve (or reopen) the thread of ``comment_id``."""
        case, who = self.case, self._name()
        if case is None or who is None:
            return
        act, done = (reopen, "Reopened") if reopen_it else (resolve, "Resolved")
        self._before_acting()
        try:
            act(case, comment_id, who)
        except ReviewError as error:
            self._refused(error, "Not changed")
            return
        self._changed(f"{done} thread {short_id(comment_id)}")

    # Accepted check warnings

    def _accepted_warnings(self) -> list[Finding]:
        """The warnings accepted that still apply, for the review panel. The checks run
        only for a case that has acceptances: a case without pays nothing."""
        opened = self.opened
        if opened is None or not opened.case.acceptances:
            return []
        findings = run_checks(opened.case, scales=opened.scales,
                              require_right_of_reply=opened.require_right_of_reply)
        return [finding for finding in findings if finding.accepted is not None]

    def accept_finding(self, finding: Finding) -> None:
        """Accept the warning ``finding``, asking why; if it is accepted, take that back.

        Refused, in one line, where the case cannot change: a file this process may not
        write, a published case (the engine's words), or no name to record.
        """
        opened, who = self.opened, self._name()
        if opened is None or who is None:
            return
        if opened.read_only:
            self.screen.notify(f"{opened.casefile.read_only_reason}: nothing can be saved.",
                               title="Not accepted", severity="error", markup=False)
            return
        case = opened.case
        if finding.accepted is not None:
            self._before_acting()
            try:
                withdraw(case, finding, who)
            except ReviewError as error:
                self._refused(error, "Not changed")
                return
            self._changed(f"{finding.code} at {finding.where.label} is open again")
            return

        def record(why: str | None) -> None:
            if why is None:
                return
            self._before_acting()
            try:
                accept(case, finding, who, why)
            except ReviewError as error:
                self._refused(error, "Not accepted")
                return
            self._changed(f"Accepted {finding.code} at {finding.where.label}")

        self.screen.app.push_screen(
            TextPrompt(f"Accept {finding.code} at {finding.where.label}: why may it stand?",
                       placeholder="one line, e.g. the quotation is from the video [2]",
                       hint="enter accepts, recorded with your name · esc cancels",
                       required="why the warning may stand"),
            record,
        )

    def place_of(self, anchor: Anchor) -> Place | None:
        """Where the item a thread is about is shown; None, said, when it was deleted."""
        if self.case is None:
            return None
        place = anchor_place(self.case, anchor)
        if place is None:
            self.screen.notify(f"That {anchor.kind.value} was deleted.", severity="warning")
        return place

    # Status moves and corrections

    def move_status(self) -> None:
        """Offer the moves open to the case now, with the reasons any is blocked."""
        case, who = self.case, self._name()
        if case is None or who is None:
            return
        config = self.config

        def move(chosen: StatusMove | None) -> None:
            if chosen is None:
                return
            if chosen.status is Status.CORRECTED and case.status is Status.PUBLISHED:
                self.add_correction()
                return
            before = case.status
            self._before_acting()
            try:
                move_status(case, chosen.status, who, note=chosen.note, config=config)
            except ReviewError as error:
                self._refused(error, "Not moved")
                return
            done = f"Status: {before.label} → {case.status.label}"
            if case.status is Status.PUBLISHED:
                done += f"; publication {len(case.publications)} frozen"
            self._changed(done)

        self.screen.app.push_screen(StatusDialog(case, who, config), move)

    def add_correction(self) -> None:
        """Record a correction to the published case: it moves to corrected, where its
        content can be edited and published again."""
        case, who = self.case, self._name()
        if case is None or who is None:
            return

        def record(result: CorrectionText | None) -> None:
            if result is None:
                return
            self._before_acting()
            try:
                add_correction(case, result.what, result.why, who)
            except ReviewError as error:
                self._refused(error, "Not recorded")
                return
            status = key_for(self.screen.app, "case.status", "s")
            edit = "" if self.review_mode else "; edit it, then "
            self._changed(f"Correction recorded: the case is corrected{edit or '; '}"
                          f"{status} sends it to review: a second name signs it off before "
                          "it is published again")

        self.screen.app.push_screen(CorrectionDialog(), record)

    # The history tab

    def follow_selection(self) -> None:
        """The history panel follows the item last selected (never the panels themselves)."""
        target = self._selected_target()
        if target is None or target == self.target:
            return
        self.target = target
        self.show_history()

    def _selected_target(self) -> HistoryTarget | None:
        screen, case, focused = self.screen, self.case, self.screen.focused
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
        opened = self.opened
        panel = panel or self._view("history")
        if not isinstance(panel, HistoryPanel) or opened is None:
            return
        case = opened.case
        if self.history is None:
            panel.show_loading(case, self.target)
            casefile = opened.casefile
            self.screen.run_worker(lambda: self._read_history(casefile), thread=True,
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
