"""The case screen: the claim and verdict, the sources and the sections of one case file.

The case file stays open while the screen is up, so this process holds the writer's lock:
a second Workbench on the same file gets it read-only and the banner says so.

The screen is a composition: it lays out the panes, has the case read on a worker
(``open_case``) and hands it down to the controllers it owns, each in a module of its own,
and routes the panes' keys and messages to them (``delegation``):

- ``case_panes``: which pane has the keyboard, the panel below them, going to a place
  (``places``: a finding's, a comment's); the pane bar is ``pane_bar``;
- ``source_actions`` and ``section_actions``: what the panes' structural keys do (bound
  on the panes as ``screen.*`` actions, so the footer offers them where they apply);
- ``case_edits``: every edit saved and redrawn, deletes on the ``undo_stack``;
- ``case_checks``: the readiness checks, rerun on a worker after each pause in editing;
- ``case_review``: comments, status moves, corrections, the review and history tabs;
- ``case_saving``: the autosaver, the save indicator, leaving and quitting without loss.

The content is locked (its editing keys off, ``case_keys``, and a one-line notice when one
is pressed) for the reasons ``review.locking`` gives: a read-only file, review mode, a
published case until a correction is recorded; so autosave never meets a save the case
file would refuse.
"""

from __future__ import annotations

import gc
import pickle
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static

from workbench.analysis.checks import Finding
from workbench.casefile.store import CaseFile
from workbench.config import Config
from workbench.model import Case, Status
from workbench.review import LockKeys, lock_reason
from workbench.tui.autosave import Autosaver, CaseChanged
from workbench.tui.case_checks import CaseChecks
from workbench.tui.case_edits import CaseEdits
from workbench.tui.case_keys import CONTENT_ACTIONS, KeyState, action_works, lock_keys
from workbench.tui.case_panel import PANEL_TABS, CasePanel
from workbench.tui.case_panes import NARROW_WIDTH, CasePanes
from workbench.tui.case_review import CaseReview, HistoryRead
from workbench.tui.case_saving import CaseSaving
from workbench.tui.checks_view import ChecksView, counts_badge
from workbench.tui.claim_pane import ClaimPane
from workbench.tui.delegation import handed_to
from workbench.tui.footer import CoalescedFooter
from workbench.tui.history_panel import HistoryPanel
from workbench.tui.identity import acting_name, identity_text
from workbench.tui.locking import is_editing_key
from workbench.tui.open_case import CaseLoader, OpenCase
from workbench.tui.pane_bar import PANEL, PaneBar, PaneTab
from workbench.tui.places import finding_place
from workbench.tui.quitting import QuitReport
from workbench.tui.review_panel import ReviewPanel
from workbench.tui.section_actions import SectionActions, section_markdown
from workbench.tui.sections_view import SectionsView
from workbench.tui.source_actions import SourceActions
from workbench.tui.sources_table import SourcesTable
from workbench.tui.undo_stack import UndoStack

# ``section_markdown`` moved to ``section_actions``; still importable from here.
__all__ = ["CHECKS_DEBOUNCE", "CaseScreen", "section_markdown"]

#: The checks rerun once editing pauses this long (seconds); read at each edit, so a test
#: can take the wait away.
CHECKS_DEBOUNCE = 0.5


class CaseScreen(Screen[None]):
    """Shows and edits one case; Escape returns to the screen it was opened from, if any."""

    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-narrow"), (NARROW_WIDTH, "-wide"),
    ]
    #: No focus until the case is shown: the first focusable widget, focused early, would
    #: be drawn twice and cost a Footer rebuild (tens of ms at opening).
    AUTO_FOCUS = ""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="case.back"),
        Binding("ctrl+z", "undo", "Undo", id="case.undo"),
        Binding("ctrl+s", "save", "Save now", show=False, id="case.save"),
        Binding("f2", "focus_pane('claim')", "Claim", show=False, id="case.claim"),
        Binding("f3", "focus_pane('sources')", "Sources", show=False, id="case.sources"),
        Binding("f4", "focus_pane('sections')", "Sections", show=False, id="case.sections"),
        # Not in the footer, which has no room for them at 80 columns: the panel's tabs
        # are in the pane bar (with the checks' counts), and F1 and ctrl+p list both.
        *(Binding(tab.key, f"show_panel('{tab.id}')", tab.label, show=False,
                  id=f"case.{tab.id}")
          for tab in PANEL_TABS),
        Binding("ctrl+o", "export", "Export", show=False, id="case.export"),
        Binding("c", "comment", "Comment", id="case.comment"),
        # Not in the footer (no room at 80 columns): the claim pane's status line names
        # its key, and F1 and the palette list it.
        Binding("s", "move_status", "Move status…", show=False, id="case.status"),
        # Offered only while the case is published, when it is the way forward.
        Binding("C", "add_correction", "Add correction…", id="case.correct"),
        Binding("R", "reply_log", "Right of reply…", show=False, id="case.reply_log"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        #: The case open here, once read; its file stays open while the screen is up.
        self.opened: OpenCase | None = None
        #: The case file, until the screen closes it (None before and after).
        self.casefile: CaseFile | None = None
        #: The name review actions and saves record (see ``identity``); None: nobody.
        self.who: str | None = None
        #: ``workbench open --review``: content locked, comments and sign-off on.
        self.review_mode = False
        self.panes = CasePanes(self, hand_down=self._hand_down, open_matrix=self.action_matrix)
        self.checks = CaseChecks(self)
        self.saving = CaseSaving(self, path)
        self.review = CaseReview(self, self.show_lock, self._save_pending)
        # The checks' wait is read at each edit, from this module, so a test can change it.
        self.edits = CaseEdits(self, self.saving,
                               after_edit=lambda: self.checks.schedule(CHECKS_DEBOUNCE),
                               after_structure=self.review.show)
        self.sources = SourceActions(self, self.edits)
        self.sections = SectionActions(self, self.edits)

    @property
    def case(self) -> Case | None:
        return self.opened.case if self.opened is not None else None

    @property
    def ready_for_keys(self) -> bool:
        """Keys typed while the case is read wait for it (``typeahead``): they are aimed at
        the panes it fills, and an early F3 must not lose the focus to the claim."""
        return self.case is not None or self.has_class("-failed")

    @property
    def undo_stack(self) -> UndoStack:
        return self.edits.undo_stack

    @property
    def autosaver(self) -> Autosaver | None:
        return self.saving.autosaver

    @property
    def findings(self) -> list[Finding] | None:
        """The latest readiness findings; None until the first run is back."""
        return self.checks.findings

    # Layout and loading

    def compose(self) -> ComposeResult:
        # The name first: the file records it for every edit saved.
        config = getattr(self.app, "config", None)
        config = config if isinstance(config, Config) else None
        self.who = acting_name(config)
        self.review_mode = bool(getattr(self.app, "review_mode", False))
        self.review.who, self.review.review_mode = self.who, self.review_mode
        # Reading starts before the panes are built, so the two overlap (SQLite reads
        # without holding the GIL); the case arrives after they are mounted, as a message.
        # Edits saved from this screen are recorded under the name its review actions
        # use; without one, under none ("unknown" in the history).
        CaseLoader(self).start(self.path, self.who or "", config)
        narrow = self.app.size.width < NARROW_WIDTH
        self.set_class(narrow, "-narrow", update=False)
        self.set_class(not narrow, "-wide", update=False)
        yield Header()
        yield Static(id="banner", markup=False)
        yield PaneBar(identity_text(self.who, reviewing=self.review_mode),
                      active=self.panes.active, id="case-bar")
        with Vertical(id="case-body"):
            with Horizontal(id="case-top"):
                # Active from the start: a class changed later restyles the whole pane.
                yield ClaimPane(id="claim", classes="-active")
                yield SectionsView(id="sections")
            # Full width: the assessment badges are the point of the list.
            yield SourcesTable(id="sources")
            # Empty until a tab is first opened: the panel costs nothing at opening.
            yield CasePanel(id=PANEL)
        yield Static(id="case-error", markup=False)
        yield CoalescedFooter()

    def on_mount(self) -> None:
        self.sub_title = self.path.name
        # Hidden, not covered by a loading indicator: the panes are laid out and drawn
        # once, with the case in them (the indicator cost some 50 ms to add and remove).
        self.query_one("#case-body").display = False
        # A full garbage collection walks every object in the process: some 0.1 s here in
        # the middle of opening a large case. What is alive now (modules, the library)
        # outlives this screen, so it is left out of collections while the case is open.
        gc.freeze()

    def on_unmount(self) -> None:
        self.sources.discard_prepared()
        self.saving.flush(close=True)
        if self.casefile is not None:
            self.casefile.close()
            self.casefile = None
        gc.unfreeze()

    @on(CaseLoader.Loaded)
    def _show_case(self, message: CaseLoader.Loaded) -> None:
        message.stop()
        # The case just read lives as long as the screen too (see on_mount).
        gc.freeze()
        opened = self.opened = message.opened
        self.casefile = opened.casefile
        for controller in (self.panes, self.checks, self.edits, self.sources, self.sections,
                           self.review):
            controller.opened = opened
        case = opened.case
        self.sub_title = case.title
        self.saving.start(opened)
        locked = self.locked
        self.query_one("#case-body").display = True
        self.query_one(ClaimPane).show(case, opened.scales, read_only=locked)
        self.query_one(SourcesTable).show(case, opened.corroborations)
        self.query_one(SectionsView).show(case, read_only=locked)
        self.show_lock()
        self.review.show()
        if locked:
            self.action_focus_pane("sources")
        else:
            self.query_one(ClaimPane).focus_first()
        # Once the claim form is built: the checks' counts follow a moment later (their
        # thread shared the interpreter with the form and the first keys typed).
        self.query_one(ClaimPane).when_built(self.checks.run)

    @on(CaseLoader.Failed)
    def _show_failure(self, message: CaseLoader.Failed) -> None:
        self.notify(message.reason, title="Cannot open the case", severity="error", markup=False)
        if self.can_go_back:
            self.dismiss()
            return
        self.query_one("#case-error", Static).update(
            f"This case file cannot be opened.\n\n{message.reason}\n\nPress ctrl+q to quit."
        )
        self.add_class("-failed")

    # Panes and places (``case_panes``)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.review.follow_selection()
        self.panes.follow_focus(event.widget)

    def on_resize(self, event: events.Resize) -> None:
        self.panes.lay_out()

    action_focus_pane = handed_to("panes", "focus")
    action_show_panel = handed_to("panes", "show_panel")
    action_close_panel = handed_to("panes", "close_panel")

    @on(PaneTab.Clicked)
    async def _tab_clicked(self, message: PaneTab.Clicked) -> None:
        message.stop()
        if message.panel:
            await self.action_show_panel(message.pane)
        else:
            self.action_focus_pane(message.pane)

    def _hand_down(self, tab: str) -> None:
        """Give a built tab of the panel what it shows."""
        view = self.query_one(CasePanel).view(tab)
        if isinstance(view, ChecksView) and self.findings is not None:
            view.show(self.findings)
        elif isinstance(view, ReviewPanel | HistoryPanel):
            self.review.hand_down(view)

    # Readiness checks (``case_checks``)

    @on(CaseChecks.Checked)
    def _checked(self, message: CaseChecks.Checked) -> None:
        message.stop()
        if self.checks.accept(message):
            self.query_one(PaneBar).set_badge("checks", counts_badge(self.findings))
            self._hand_down("checks")

    @on(ChecksView.Jump)
    def _go_to_finding(self, message: ChecksView.Jump) -> None:
        """Go to where the finding is put right, or say its fix if that is nowhere here."""
        message.stop()
        finding = message.finding
        place = finding_place(self.case, finding) if self.case is not None else None
        if place is None:
            self.notify(finding.fix, title=finding.where.label.capitalize(), markup=False)
        else:
            self.panes.go(place)

    @on(ChecksView.Accept)
    def _accept_finding(self, message: ChecksView.Accept) -> None:
        message.stop()
        self.review.accept_finding(message.finding)

    # Export

    def action_export(self) -> None:
        """Export the case as it is now (ctrl+o), through the export dialog."""
        case = self.case
        if case is None:
            return
        from workbench.tui.exporting import ExportFlow

        snapshot = pickle.dumps(case, protocol=pickle.HIGHEST_PROTOCOL)
        ExportFlow(self, self.path, lambda: pickle.loads(snapshot)).start()

    # The lock on the content, and the keys it leaves

    @property
    def can_go_back(self) -> bool:
        """False when the app was started on this case alone, with nothing beneath it."""
        return len(self.app.screen_stack) > 1

    @property
    def read_only(self) -> bool:
        return self.casefile is None or self.casefile.read_only

    def _lock_reason(self, keys: LockKeys) -> str:
        casefile = self.casefile
        return lock_reason(self.case if casefile is not None else None,
                           casefile.read_only_reason if casefile is not None else "",
                           self.review_mode, keys)

    @property
    def locked(self) -> bool:
        """Whether the case's content is locked against edits (``lock_reason`` says why)."""
        return bool(self._lock_reason(LockKeys()))

    @property
    def lock_reason(self) -> str:
        """Why the case's content cannot be edited now, in words for the banner; "" if it can."""
        return self._lock_reason(lock_keys(self.app))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        case = self.case
        return action_works(action, KeyState(
            loaded=case is not None, writable=not self.read_only, locked=self.locked,
            published=case is not None and case.status is Status.PUBLISHED,
            panel_open=self.panes.panel_open, can_undo=bool(self.undo_stack),
            can_go_back=self.can_go_back))

    def on_key(self, event: events.Key) -> None:
        """An editing key pressed while the content is locked: say why nothing happens.

        (A read-only file says so in its banner, and has always kept quiet here.)
        """
        if self.case is None or self.read_only:
            return
        if self.locked and is_editing_key(self, event.key, CONTENT_ACTIONS):
            self.notify(self.lock_reason, title="Not editable", severity="warning",
                        markup=False)

    def show_lock(self) -> None:
        """Banner, fields and keys as the lock stands (after loading, a move, a correction)."""
        reason = self.lock_reason
        locked = bool(reason)
        self.query_one("#banner", Static).update(reason)
        self.set_class(locked, "-read-only")
        if self.case is not None:
            self.query_one(ClaimPane).set_read_only(locked)
            self.query_one(SectionsView).editor.read_only = locked
        self.refresh_bindings()

    # Going back, saving, quitting (``case_saving``)

    def action_back(self) -> None:
        if not self.can_go_back:
            return
        if self.saving.flush(close=False) is not None:
            # Staying keeps the edits in memory, and the autosaver keeps trying.
            return
        self.dismiss()

    action_save = handed_to("saving", "commit")

    def _save_pending(self) -> None:
        """Write the edits still inside the pause after typing, now (before a review
        action is recorded). A failure stays pending: the autosaver retries and says so."""
        if self.autosaver is not None:
            self.autosaver.flush(close=False)

    def save_for_quit(self) -> QuitReport:
        """Save before the app quits, or keep the edits in a recovery file."""
        return self.saving.save_for_quit()

    @on(Autosaver.Saved)
    def _saved(self, message: Autosaver.Saved) -> None:
        if self.saving.saved(message):
            self.review.saved()

    @on(Autosaver.Failed)
    def _save_failed(self, message: Autosaver.Failed) -> None:
        self.saving.failed(message)

    # Edits (``case_edits``)

    @on(CaseChanged)
    def _case_changed(self, event: CaseChanged) -> None:
        event.stop()
        if event.structural:
            self.edits.structure_changed()
        else:
            self.edits.changed(immediate=event.immediate)

    action_undo = handed_to("edits", "undo")

    # The panes' keys (bound there as ``screen.*``), handed to the controllers

    action_add_source = handed_to("sources", "add")
    action_edit_source = handed_to("sources", "edit")
    action_delete_source = handed_to("sources", "delete")
    action_move_source = handed_to("sources", "move")
    action_copy_citation = handed_to("sources", "copy_citation")
    action_focus_section_list = handed_to("sections", "focus_list")
    action_edit_section = handed_to("sections", "edit")
    action_add_section = handed_to("sections", "add")
    action_rename_section = handed_to("sections", "rename")
    action_cycle_section_kind = handed_to("sections", "cycle_kind")
    action_delete_section = handed_to("sections", "delete")
    action_move_section = handed_to("sections", "move")
    action_copy_section = handed_to("sections", "copy")
    action_cite = handed_to("sections", "cite")
    action_external_editor = handed_to("sections", "external_editor")

    @on(SourcesTable.Selected)
    def _source_clicked(self, event: SourcesTable.Selected) -> None:
        event.stop()
        if self.check_action("edit_source", ()):
            self.sources.edit()

    def action_matrix(self, question_id: str | None = None) -> None:
        """The evidence matrix, on ``question_id``'s row if given; read-only while the
        content is locked (a reviewer reads it and comments on its questions)."""
        on_comment = self.review.comment_on if self.check_action("comment", ()) else None
        self.sources.matrix(question_id, lock_reason=self.lock_reason, on_comment=on_comment,
                            on_close=self.review.show)

    def action_reply_log(self) -> None:
        """The right-of-reply log; read-only while the content is locked."""
        if self.case is None:
            return
        from workbench.tui.reply_log import ReplyLogScreen

        self.app.push_screen(ReplyLogScreen(
            self.case, lambda: self.edits.changed(immediate=True),
            read_only_reason=self.lock_reason))

    # Review (``case_review``)

    action_comment = handed_to("review", "comment_here")
    action_move_status = handed_to("review", "move_status")
    action_add_correction = handed_to("review", "add_correction")

    @on(ReviewPanel.Reply)
    def _reply(self, message: ReviewPanel.Reply) -> None:
        message.stop()
        self.review.reply(message.comment_id)

    @on(ReviewPanel.Resolve)
    def _resolve(self, message: ReviewPanel.Resolve) -> None:
        message.stop()
        self.review.resolve(message.comment_id, reopen_it=message.reopen)

    @on(ReviewPanel.Jump)
    def _jump_to_anchor(self, message: ReviewPanel.Jump) -> None:
        """Show the item a thread is about, with the keyboard on it."""
        message.stop()
        if place := self.review.place_of(message.anchor):
            self.panes.go(place)

    @on(SourcesTable.Highlighted)
    @on(OptionList.OptionHighlighted, "#section-list")
    @on(OptionList.OptionHighlighted, "#review-view")
    def _selection_moved(self) -> None:
        self.review.follow_selection()

    @on(HistoryRead)
    def _history_read(self, message: HistoryRead) -> None:
        message.stop()
        self.review.history_read(message.events)
