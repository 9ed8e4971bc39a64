"""The case screen: the claim and verdict, the sources and the sections of one case file.

The case file stays open while the screen is up, so this process holds the writer's lock:
a second Workbench on the same file gets it read-only and the banner says so. Every edit is
saved by the ``Autosaver`` on a worker thread; structural edits (sources and sections
added, moved, deleted) go through ``workbench.editing`` so citations stay consistent, and
deletions can be undone.

The screen is the controller: the panes show the case and report field edits
(``CaseChanged``); the keys that change the case's structure are bound on the panes (so the
footer offers them where they apply) but act here, where the undo stack, the autosaver and
the badge computation live.

Below the case sits the panel (``case_panel``): the readiness checks, rerun on a worker
after each pause in editing, with their counts always in the pane bar; enter on a finding
comes back here to go to its place. Export (``exporting``) works on the case in memory.

Review happens here too (``case_review``), as the person named by ``$WORKBENCH_USER`` or
the config's author: comments on the focused item, status moves, corrections, and the
panel's review and history tabs. The case's content is locked (its editing keys off, and
a one-line notice when one is pressed) when the file is read-only, in review mode
(``workbench open --review``: comments and sign-off only) and while the case is
published, until a correction is recorded: so autosave never meets a save the case file
would refuse.
"""

from __future__ import annotations

import gc
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Header, OptionList, Static
from textual.worker import get_current_worker

from workbench import editing
from workbench.analysis.checks import Finding, run_checks
from workbench.analysis.corroboration import corroborations
from workbench.casefile.errors import CaseFileError
from workbench.casefile.store import CaseFile
from workbench.config import Config
from workbench.formats.recovery import write_recovery
from workbench.model import Case, Corroboration, SectionKind, Source, Status
from workbench.review import editable
from workbench.scales import RatingScale
from workbench.tui.autosave import (
    Autosaver,
    CaseChanged,
    SaveIndicator,
    SaveState,
    failure_reason,
    save_state_text,
)
from workbench.tui.case_panel import PANEL_TABS, CasePanel
from workbench.tui.case_review import CaseReview, HistoryRead
from workbench.tui.checks_view import ChecksView, counts_badge
from workbench.tui.citation_picker import CitationPicker
from workbench.tui.claim_pane import ClaimPane
from workbench.tui.external_editor import EditorFailed, edit_in_editor
from workbench.tui.help_screen import key_for
from workbench.tui.history_panel import HistoryPanel
from workbench.tui.identity import acting_name, identity_text
from workbench.tui.locking import is_editing_key
from workbench.tui.prompt import TextPrompt
from workbench.tui.quitting import QuitReport
from workbench.tui.review_panel import ReviewPanel
from workbench.tui.sections_view import SectionList, SectionsView
from workbench.tui.sources_table import SourcesTable

#: How many deletes in a row ctrl+z can take back (any other edit empties the stack).
UNDO_DEPTH = 20

#: Below this many columns (an 80-column terminal) one pane shows at a time.
NARROW_WIDTH = 100

#: The three areas, in focus order: id, tab label, the key that jumps to it.
PANES: tuple[tuple[str, str, str], ...] = (
    ("claim", "Claim", "f2"),
    ("sources", "Sources", "f3"),
    ("sections", "Sections", "f4"),
)
#: The panel below them (its tabs are ``PANEL_TABS``) counts as one more pane.
PANEL = "panel"
_PANE_IDS = frozenset({*(pane for pane, _, _ in PANES), PANEL})

#: The checks rerun once editing pauses this long (seconds); one run is some 20 ms of a
#: worker's time at 500 sources, plus a 2 ms snapshot here.
CHECKS_DEBOUNCE = 0.5

#: Where in the claim pane each claim or verdict finding is put right.
_FINDING_FIELDS = {
    "no-claim-text": "claim-text",
    "unknown-scale": "scale",
    "no-rating": "rating",
    "rating-not-on-scale": "rating",
    "rating-against-evidence": "rating",
    "no-verdict": "conclusion",
    "no-conclusion": "conclusion",
}

#: Actions that change the case; a read-only case offers none of them. (The matrix opens
#: read-only there.)
_EDITING_ACTIONS = frozenset({
    "add_source", "edit_source", "delete_source", "move_source",
    "add_section", "rename_section", "delete_section", "move_section", "cycle_section_kind",
    "cite", "external_editor", "undo", "save",
})
#: Actions that change the case's content: off in review mode and while published too
#: (saving stays on there, for the comments and status moves).
_CONTENT_ACTIONS = _EDITING_ACTIONS - {"save"}
#: Review actions: they record a name, and need a file this process may write.
_REVIEW_ACTIONS = frozenset({"comment", "move_status", "add_correction"})


def load_scales() -> dict[str, RatingScale]:
    """The rating scales on offer: shipped ones and the user's own, even with a broken config."""
    from workbench.config import ConfigError, load_config
    from workbench.scales import builtin_scales

    try:
        return load_config().scales
    except ConfigError:
        # The app reports a broken config elsewhere; the shipped scales still work.
        return dict(builtin_scales())


def section_markdown(heading: str, body: str) -> str:
    """A section as it reads in the article: its heading, then its body."""
    return f"## {heading}\n\n{body.strip()}\n" if heading else f"{body.strip()}\n"


@dataclass(frozen=True)
class UndoEntry:
    """A destructive edit that ctrl+z can take back, and what to show once it is back."""

    undo: editing.Undo
    source_id: str | None = None
    section_id: str | None = None


class PaneTab(Static):
    """One tab of the pane bar: shows which area has the keyboard; a click moves there.

    A panel tab (``panel`` True) opens its tab of the panel, and may carry a badge: the
    checks' counts.
    """

    def __init__(self, pane: str, label: str, key: str, *, active: bool = False,
                 panel: bool = False) -> None:
        self._label = Content.assemble((key.upper(), "bold"), f" {label}")
        super().__init__(self._label, id=f"tab-{pane}",
                         classes="pane-tab -active" if active else "pane-tab")
        self.pane = pane
        self.panel = panel

    def set_badge(self, badge: Content) -> None:
        """Show ``badge`` after the label; an empty one leaves the label alone."""
        self.update(Content.assemble(self._label, " ", badge) if badge.plain else self._label)

    async def on_click(self) -> None:
        screen = self.screen
        if not isinstance(screen, CaseScreen):
            return
        if self.panel:
            await screen.action_show_panel(self.pane)
        else:
            screen.action_focus_pane(self.pane)


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
    ]

    class Loaded(Message):
        """The case was read (posted from the loading thread), with what is derived from it."""

        def __init__(self, casefile: CaseFile, case: Case, scales: dict[str, RatingScale],
                     corroborations: dict[str, Corroboration]) -> None:
            super().__init__()
            self.casefile = casefile
            self.case = case
            self.scales = scales
            self.corroborations = corroborations

    class LoadFailed(Message):
        """The file is not a case file, is damaged, or cannot be read."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    class Checked(Message):
        """The readiness checks of run ``generation`` (posted from the checks thread)."""

        def __init__(self, findings: list[Finding], generation: int) -> None:
            super().__init__()
            self.findings = findings
            self.generation = generation

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.casefile: CaseFile | None = None
        self.case: Case | None = None
        self.autosaver: Autosaver | None = None
        self.corroborations: dict[str, Corroboration] = {}
        self.scales: dict[str, RatingScale] = {}
        #: The latest readiness findings; None until the first run is back.
        self.findings: list[Finding] | None = None
        self.undo_stack: list[UndoEntry] = []
        self._active_pane = "claim"
        #: Whether the panel shows (at 80 columns only while it is the active pane).
        self._panel_open = False
        #: The pane the focus goes back to when the panel closes.
        self._pane_before_panel = "claim"
        self._checks_timer: Timer | None = None
        self._checks_generation = 0
        #: The name review actions and saves record (see ``identity``); None: nobody.
        self.who: str | None = None
        #: ``workbench open --review``: content locked, comments and sign-off on.
        self.review_mode = False
        #: Comments, status moves, corrections and the review and history tabs.
        self.review = CaseReview(self)

    # Layout and loading

    def compose(self) -> ComposeResult:
        # The name first: the file records it for every edit saved.
        config = getattr(self.app, "config", None)
        self.who = acting_name(config if isinstance(config, Config) else None)
        self.review_mode = bool(getattr(self.app, "review_mode", False))
        # Reading starts before the panes are built, so the two overlap (SQLite reads
        # without holding the GIL); the case arrives after they are mounted, as a message.
        self._load(self.path, self.who)
        narrow = self.app.size.width < NARROW_WIDTH
        self.set_class(narrow, "-narrow", update=False)
        self.set_class(not narrow, "-wide", update=False)
        yield Header()
        yield Static(id="banner", markup=False)
        with Horizontal(id="case-bar"):
            for pane, label, key in PANES:
                yield PaneTab(pane, label, key, active=pane == self._active_pane)
            for tab in PANEL_TABS:
                yield PaneTab(tab.id, tab.label, tab.key, panel=True)
            yield Static(id="bar-fill")
            yield Static(identity_text(self.who, reviewing=self.review_mode), id="identity",
                         markup=False)
            yield SaveIndicator(id="save-state")
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
        yield Footer()

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
        self._flush(close=True)
        if self.casefile is not None:
            self.casefile.close()
            self.casefile = None
        gc.unfreeze()

    @work(thread=True, exclusive=True, group="case")
    def _load(self, path: Path, who: str | None) -> None:
        worker = get_current_worker()
        try:
            # Edits saved from this screen are recorded under the name its review actions
            # use; without one, under none ("unknown" in the history).
            casefile = CaseFile.open(path, who=who or "")
        except CaseFileError as error:
            self.post_message(self.LoadFailed(str(error)))
            return
        try:
            case = casefile.load()
            config = getattr(self.app, "config", None)
            scales = config.scales if isinstance(config, Config) else load_scales()
        except CaseFileError as error:
            casefile.close()
            self.post_message(self.LoadFailed(str(error)))
            return
        loaded = self.Loaded(casefile, case, scales, corroborations(case))
        # If the screen went away meanwhile nobody would close the file and free its lock.
        if worker.is_cancelled or not self.post_message(loaded):
            casefile.close()

    @on(Loaded)
    def _show_case(self, message: Loaded) -> None:
        message.stop()
        # The case just read lives as long as the screen too (see on_mount).
        gc.freeze()
        self.casefile, self.case = message.casefile, message.case
        self.corroborations = message.corroborations
        self.scales = message.scales
        case = message.case
        self.sub_title = case.title
        if message.casefile.read_only:
            self._show_save(SaveState.READ_ONLY, save_state_text(SaveState.READ_ONLY))
        else:
            self.autosaver = Autosaver(self, message.casefile, case)
        locked = bool(self.lock_reason)
        self.query_one("#case-body").display = True
        self.query_one(ClaimPane).show(case, message.scales, read_only=locked)
        self.query_one(SourcesTable).show(case, self.corroborations)
        self.query_one(SectionsView).show(case, read_only=locked)
        self.show_lock()
        self.review.show()
        if locked:
            self.action_focus_pane("sources")
        else:
            self.query_one(ClaimPane).focus_first()
        # Once the case is on screen: the checks' counts follow a moment later.
        self.call_after_refresh(self._recheck)

    @on(LoadFailed)
    def _show_failure(self, message: LoadFailed) -> None:
        self.notify(message.reason, title="Cannot open the case", severity="error", markup=False)
        if self.can_go_back:
            self.dismiss()
            return
        self.query_one("#case-error", Static).update(
            f"This case file cannot be opened.\n\n{message.reason}\n\nPress ctrl+q to quit."
        )
        self.add_class("-failed")

    # Panes: which one has the keyboard (at 80 columns, the only one shown)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.review.follow_selection()
        node: Widget | None = event.widget
        while node is not None and node is not self:
            if node.id in _PANE_IDS:
                self._activate(node.id or "")
                return
            parent = node.parent
            node = parent if isinstance(parent, Widget) else None

    def _activate(self, pane: str) -> None:
        """Mark the pane with the keyboard; only on a change, since a class on a pane makes
        Textual restyle every widget in it (tens of milliseconds for the claim pane)."""
        if pane == self._active_pane:
            return
        self._active_pane = pane
        for name, _, _ in PANES:
            self.query_one(f"#{name}").set_class(name == pane, "-active")
        self._mark_tabs()
        self._show_panes()

    def _mark_tabs(self) -> None:
        """Light the pane bar's tab of the active pane (for the panel, its tab shown)."""
        panel_tab = self.query_one(CasePanel).tab
        for tab in self.query(PaneTab):
            active = (tab.pane == self._active_pane if not tab.panel
                      else self._active_pane == PANEL and tab.pane == panel_tab)
            tab.set_class(active, "-active")

    def on_resize(self, event: events.Resize) -> None:
        self._show_panes()

    def _show_panes(self) -> None:
        """On a narrow terminal show only the active pane, else all three and the panel
        while it is open.

        Inline ``display`` rather than a class on the screen: a screen class would
        restyle every widget on it at each switch.
        """
        narrow = self.size.width < NARROW_WIDTH
        active = self._active_pane
        for name, _, _ in PANES:
            self.query_one(f"#{name}").display = not narrow or name == active
        self.query_one("#case-top").display = not narrow or active in ("claim", "sections")
        self.query_one(CasePanel).display = active == PANEL if narrow else self._panel_open

    def action_focus_pane(self, pane: str) -> None:
        """Jump to a pane (F2-F4); on a narrow terminal this also switches which one shows."""
        self._activate(pane)
        if pane == "claim":
            self.query_one(ClaimPane).focus_field("claim-text")
        elif pane == "sources":
            self.query_one(SourcesTable).focus()
        elif pane == "sections":
            self.query_one(SectionList).focus()

    # The panel

    async def action_show_panel(self, tab: str) -> None:
        """Open a tab of the panel (F5: the checks) and give it the keyboard; the same key
        on the tab already shown closes the panel again."""
        panel = self.query_one(CasePanel)
        if self._panel_open and self._active_pane == PANEL and panel.tab == tab:
            self.action_close_panel()
            return
        if self._active_pane != PANEL:
            self._pane_before_panel = self._active_pane
        view = await panel.open(tab)
        self._panel_open = True
        self._hand_down(tab)
        self._activate(PANEL)
        self._mark_tabs()
        self._show_panes()
        view.focus()

    def action_close_panel(self) -> None:
        """Close the panel and go back to the pane that had the keyboard before it."""
        self._panel_open = False
        self.action_focus_pane(self._pane_before_panel)
        self._show_panes()

    def _hand_down(self, tab: str) -> None:
        """Give a built tab of the panel what it shows."""
        view = self.query_one(CasePanel).view(tab)
        if isinstance(view, ChecksView) and self.findings is not None:
            view.show(self.findings)
        elif isinstance(view, ReviewPanel | HistoryPanel):
            self.review.hand_down(view)

    # Readiness checks

    def _schedule_checks(self) -> None:
        """Run the checks again once editing pauses (each edit restarts the wait)."""
        if self._checks_timer is not None:
            self._checks_timer.stop()
        self._checks_timer = self.set_timer(CHECKS_DEBOUNCE, self._recheck, name="checks")

    def _recheck(self) -> None:
        """Run the checks on a snapshot of the case, on a worker.

        A snapshot because the UI thread goes on changing the case meanwhile; the pickle is
        the autosave's way too (about 2 ms at 500 sources).
        """
        self._checks_timer = None
        if self.case is None:
            return
        self._checks_generation += 1
        snapshot = pickle.dumps(self.case, protocol=pickle.HIGHEST_PROTOCOL)
        self._run_checks(snapshot, dict(self.scales), self._checks_generation)

    @work(thread=True, exclusive=True, group="checks")
    def _run_checks(self, snapshot: bytes, scales: dict[str, RatingScale],
                    generation: int) -> None:
        findings = run_checks(pickle.loads(snapshot), scales=scales)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Checked(findings, generation))

    @on(Checked)
    def _checked(self, message: Checked) -> None:
        message.stop()
        if message.generation != self._checks_generation:
            return  # A newer run is on its way.
        self.findings = message.findings
        badge = counts_badge(self.findings)
        self.query_one("#tab-checks", PaneTab).set_badge(badge)
        self._hand_down("checks")

    @on(ChecksView.Jump)
    def _jump(self, message: ChecksView.Jump) -> None:
        message.stop()
        self.go_to(message.finding)

    def go_to(self, finding: Finding) -> None:
        """Put the focus where ``finding`` is put right: the field, the source, the section
        (its text), the question in the matrix. At 80 columns that pane replaces the panel;
        F5 comes back to the same finding."""
        case = self.case
        if case is None:
            return
        where = finding.where
        field = _FINDING_FIELDS.get(finding.code)
        if where.kind == "source" and case.source(where.id) is not None:
            self.query_one(SourcesTable).show(case, self.corroborations, select=where.id)
            self.action_focus_pane("sources")
        elif where.kind == "section" and any(s.id == where.id for s in case.sections):
            self._sections.show(case, select=where.id)
            self._activate("sections")
            self._sections.editor.focus()
        elif where.kind == "question" and any(q.id == where.id for q in case.questions):
            self.action_matrix(question_id=where.id)
        elif field is not None or where.kind in ("claim", "verdict"):
            self._activate("claim")
            self.query_one(ClaimPane).focus_field(field or "conclusion")
        elif finding.code in ("no-executive-summary", "no-bottom-line"):
            # Put right by adding a section: the list is where "a" does that.
            self.action_focus_pane("sections")
        else:
            # Nothing on this screen to go to (a comment whose place is gone): say the fix.
            self.notify(finding.fix, title=finding.where.label.capitalize(), markup=False)

    # Export

    def action_export(self) -> None:
        """Export the case as it is now (ctrl+o), through the export dialog."""
        case = self.case
        if case is None:
            return
        from workbench.tui.exporting import ExportFlow

        snapshot = pickle.dumps(case, protocol=pickle.HIGHEST_PROTOCOL)
        ExportFlow(self, self.path, lambda: pickle.loads(snapshot)).start()

    # Going back, saving

    @property
    def can_go_back(self) -> bool:
        """False when the app was started on this case alone, with nothing beneath it."""
        return len(self.app.screen_stack) > 1

    @property
    def read_only(self) -> bool:
        return self.casefile is None or self.casefile.read_only

    @property
    def locked(self) -> bool:
        """Whether the case's content is locked against edits (``lock_reason`` says why)."""
        return (self.case is None or self.read_only or self.review_mode
                or not editable(self.case))

    @property
    def lock_reason(self) -> str:
        """Why the case's content cannot be edited now, in words for the banner; "" if it can."""
        if self.casefile is None or self.case is None:
            return "The case is not open."
        if self.casefile.read_only:
            reason = self.casefile.read_only_reason
            return f"{reason[:1].upper()}{reason[1:]}. Editing is off; changes cannot be saved."
        published = ""
        if not editable(self.case):
            correct = key_for(self.app, "case.correct", "C")
            published = f"Published: add a correction ({correct}) to edit."
        if self.review_mode:
            keys = " · ".join(f"{key_for(self.app, binding, key)} {does}" for binding, key, does
                              in (("case.comment", "c", "comment"),
                                  ("case.status", "s", "status"),
                                  ("case.review", "f8", "review")))
            return f"Review mode: comments and sign-off only ({keys}). {published}".strip()
        return published

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.can_go_back
        if action in ("show_panel", "export") and self.case is None:
            return False
        if action == "close_panel":
            return self._panel_open
        if action in _EDITING_ACTIONS and (self.case is None or self.read_only):
            return False
        if action in _CONTENT_ACTIONS and self.locked:
            return False
        if action in _REVIEW_ACTIONS:
            if self.case is None or self.read_only:
                return False
            if action == "add_correction":
                return self.case.status is Status.PUBLISHED
        if action == "matrix":
            return self.case is not None
        if action == "undo":
            return bool(self.undo_stack)
        return True

    def on_key(self, event: events.Key) -> None:
        """An editing key pressed while the content is locked: say why nothing happens.

        (A read-only file says so in its banner, and has always kept quiet here.)
        """
        if self.case is None or self.read_only:
            return
        if self.locked and is_editing_key(self, event.key, _CONTENT_ACTIONS):
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
            self._sections.editor.read_only = locked
        self.refresh_bindings()

    def action_back(self) -> None:
        if not self.can_go_back:
            return
        if self._flush(close=False) is not None:
            # Staying keeps the edits in memory, and the autosaver keeps trying.
            return
        self.dismiss()

    def action_save(self) -> None:
        """Save now, without waiting for the pause after typing."""
        if self.autosaver is not None:
            self.autosaver.commit()

    def _flush(self, *, close: bool) -> Exception | None:
        autosaver = self.autosaver
        if autosaver is None:
            return None
        if close:
            self.autosaver = None
        error = autosaver.flush(close=close)
        if error is None:
            return None
        if close and self.case is not None:
            # Last chance before the file closes: nothing typed may be lost.
            recovered = write_recovery(self.case, self.path)
            where = (f" Your edits were written to {recovered}." if recovered else
                     " No recovery file could be written anywhere.")
            self.notify(f"Could not save the case ({error}).{where}", severity="error",
                        markup=False, timeout=30)
        else:
            self.notify(f"Could not save the case ({error}); staying here so nothing is lost.",
                        severity="error", markup=False)
        return error

    def save_for_quit(self) -> QuitReport:
        """Save before the app quits, or keep the edits in a recovery file.

        The app quits only when every edit is on disk somewhere; a report that is not
        ``kept`` means the only copy is in memory, and the app must not go (or must ask).
        """
        autosaver = self.autosaver
        if autosaver is None or self.case is None:
            return QuitReport(kept=True)
        error = autosaver.flush(close=False)
        if error is None:
            return QuitReport(kept=True)
        reason = failure_reason(error, self.path)
        recovered = write_recovery(self.case, self.path)
        if recovered is None:
            return QuitReport(kept=False, message=(
                f"{self.path.name}: {reason}, and no recovery file could be written anywhere"))
        # The edits are in the recovery file: closing must not try (and fail) again.
        autosaver.stop()
        self.autosaver = None
        return QuitReport(kept=True, message=(
            f"{self.path.name}: {reason}; your edits are in {recovered} "
            "(workbench import that file to get them back)"))

    @on(CaseChanged)
    def _case_changed(self, event: CaseChanged) -> None:
        event.stop()
        if event.structural:
            self._structure_changed()
        else:
            self._changed(immediate=event.immediate)

    def _changed(self, *, immediate: bool = False, keep_undo: bool = False) -> None:
        """Something in the case changed: save it (after the typing pause unless immediate).

        Any change but a delete or an undo empties the undo stack: an undo puts back the
        sources, sections and matrix as they were before the delete, so after other edits
        it would take those edits back too, and nothing typed may be lost.
        """
        if self.autosaver is None or self.case is None:
            return
        if not keep_undo and self.undo_stack:
            self.undo_stack.clear()
            self.refresh_bindings()
        self.sub_title = self.case.title
        self.autosaver.changed(immediate=immediate)
        self._show_save(SaveState.SAVING, save_state_text(SaveState.SAVING))
        self._schedule_checks()

    def _structure_changed(self, *, select_source: str | None = None,
                           select_section: str | None = None, keep_undo: bool = False) -> None:
        """Sources, sections or the matrix changed: save now and redraw what derives from them."""
        case = self.case
        if case is None:
            return
        self._changed(immediate=True, keep_undo=keep_undo)
        # One pass over the matrix, under a millisecond at 500 sources: no worker needed.
        self.corroborations = corroborations(case)
        self.query_one(SourcesTable).show(case, self.corroborations, select=select_source)
        self.query_one(SectionsView).refresh_case(select=select_section)
        # Numbers and positions moved: the review tab names its anchors by them.
        self.review.show()
        self.refresh_bindings()

    @on(Autosaver.Saved)
    def _saved(self, message: Autosaver.Saved) -> None:
        autosaver = self.autosaver
        if autosaver is None:
            return
        autosaver.mark_saved(message.generation)
        self.review.saved()
        if not autosaver.dirty:
            at = message.at.strftime("%H:%M:%S")
            self._show_save(SaveState.SAVED, save_state_text(SaveState.SAVED, at=at))

    @on(Autosaver.Failed)
    def _save_failed(self, message: Autosaver.Failed) -> None:
        if self.autosaver is None:
            return
        self._show_save(SaveState.FAILED, save_state_text(
            SaveState.FAILED, reason=message.reason, retry_in=message.retry_in
        ))
        if message.attempt == 1:
            self.notify(
                f"Could not save: {message.reason}. Your edits are kept and saving is retried.",
                title="Save failed", severity="error", markup=False,
            )

    def _show_save(self, state: SaveState, text: str) -> None:
        self.query_one(SaveIndicator).show(state, text)

    # Undo

    def _push_undo(self, undo: editing.Undo, *, source_id: str | None = None,
                   section_id: str | None = None) -> None:
        self.undo_stack.append(UndoEntry(undo, source_id, section_id))
        del self.undo_stack[:-UNDO_DEPTH]
        self.refresh_bindings()
        self.notify(f"{undo.description} — {self._key_for('case.undo')} to undo", markup=False)

    def _key_for(self, binding_id: str) -> str:
        """The key bound to ``binding_id`` now, after any user keymap, as the footer shows it."""
        for bindings in self._bindings.key_to_bindings.values():
            for binding in bindings:
                if binding.id == binding_id:
                    return self.app.get_key_display(binding)
        return binding_id

    def action_undo(self) -> None:
        if not self.undo_stack or self.case is None:
            return
        entry = self.undo_stack.pop()
        entry.undo.restore(self.case)
        self._structure_changed(select_source=entry.source_id, select_section=entry.section_id,
                                keep_undo=True)
        self.notify(f"Undone: {entry.undo.description}", markup=False)

    # Sources

    def _selected_source(self) -> Source | None:
        if self.case is None:
            return None
        source_id = self.query_one(SourcesTable).selected_id()
        return self.case.source(source_id) if source_id else None

    def action_add_source(self) -> None:
        self._open_source_form(None)

    def action_edit_source(self) -> None:
        source = self._selected_source()
        if source is not None:
            self._open_source_form(source)

    @on(SourcesTable.Selected)
    def _source_clicked(self, event: SourcesTable.Selected) -> None:
        event.stop()
        if self.check_action("edit_source", ()):
            self.action_edit_source()

    def _open_source_form(self, source: Source | None) -> None:
        case = self.case
        if case is None:
            return
        try:
            from workbench.tui.source_form import SourceFormScreen
        except ImportError:
            self.notify("The source form is not part of this build yet.", severity="warning")
            return
        self.app.push_screen(SourceFormScreen(case, source), self._apply_source)

    def _apply_source(self, result: Source | None) -> None:
        """Put what the form dismissed with into the case (an edit replaces, a new one appends).

        The form may instead hand back an existing source (the user chose it over adding a
        duplicate): that one is selected and opened, nothing changes.
        """
        case = self.case
        if case is None or result is None:
            return
        from workbench.tui.source_form import apply_form_result, opens_existing

        if opens_existing(case, result):
            self.query_one(SourcesTable).show(case, self.corroborations, select=result.id)
            self._open_source_form(result)
            return
        is_new = case.source(result.id) is None
        selected = apply_form_result(case, result)
        self._structure_changed(select_source=selected.id if selected else None)
        if is_new:
            self.notify(f"Added source [{result.number}]", markup=False)

    def action_delete_source(self) -> None:
        source = self._selected_source()
        if source is None or self.case is None:
            return
        undo = editing.delete_source(self.case, source.id)
        self._structure_changed(keep_undo=True)
        self._push_undo(undo, source_id=source.id)

    def action_move_source(self, offset: int) -> None:
        source = self._selected_source()
        if source is None or self.case is None:
            return
        if editing.move_source(self.case, source.id, offset):
            self._structure_changed(select_source=source.id)

    def action_matrix(self, question_id: str | None = None) -> None:
        """Open the evidence matrix, on ``question_id``'s row if given; read-only while the
        content is locked (a reviewer reads it and comments on its questions)."""
        case = self.case
        if case is None:
            return
        from workbench.tui.matrix_screen import MatrixScreen

        reason = self.lock_reason
        on_comment = self.review.comment_on if self.check_action("comment", ()) else None
        matrix = MatrixScreen(case, self._matrix_changed, read_only=bool(reason),
                              read_only_reason=reason, on_comment=on_comment,
                              question_id=question_id)
        self.app.push_screen(matrix, lambda _result: self._matrix_closed(bool(reason)))

    def _matrix_closed(self, read_only: bool) -> None:
        if read_only:
            # Nothing changed but perhaps a comment (saved already): the undo list stays.
            self.review.show()
        else:
            self._structure_changed()

    def _matrix_changed(self) -> None:
        """Called by the matrix after each cell or question edit: save and re-badge."""
        if self.case is None:
            return
        self._changed(immediate=True)
        self.corroborations = corroborations(self.case)
        self.query_one(SourcesTable).update_badges(self.case, self.corroborations)

    def action_copy_citation(self) -> None:
        source = self._selected_source()
        if source is None:
            return
        self.app.copy_to_clipboard(f"[{source.number}]")
        self.notify(f"Copied [{source.number}] to the clipboard", markup=False)

    # Sections

    @property
    def _sections(self) -> SectionsView:
        return self.query_one(SectionsView)

    def action_focus_section_list(self) -> None:
        self.query_one(SectionList).focus()

    def action_edit_section(self) -> None:
        editor = self._sections.editor
        if editor.section is not None:
            editor.focus()

    def action_add_section(self) -> None:
        def add(heading: str | None) -> None:
            case = self.case
            if heading is None or case is None:
                return
            current = self._sections.current
            after = current.id if current and current.kind is not SectionKind.BOTTOM_LINE else None
            section = editing.add_section(case, heading, after=after)
            self._sections.show(case, select=section.id)
            self._changed(immediate=True)
            self._sections.editor.focus()

        self.app.push_screen(TextPrompt("New section heading"), add)

    def action_rename_section(self) -> None:
        section = self._sections.current
        if section is None:
            return

        def rename(heading: str | None) -> None:
            if heading is None or heading == section.heading or self.case is None:
                return
            section.heading = heading
            self._sections.show(self.case, select=section.id)
            self._changed(immediate=True)

        self.app.push_screen(TextPrompt("Rename section", section.heading), rename)

    def action_cycle_section_kind(self) -> None:
        section = self._sections.current
        if section is None or self.case is None:
            return
        kinds = list(SectionKind)
        section.kind = kinds[(kinds.index(section.kind) + 1) % len(kinds)]
        self._sections.show(self.case, select=section.id)
        self._changed(immediate=True)
        self.notify(f"Section kind: {section.kind.label}", markup=False)

    def action_delete_section(self) -> None:
        section = self._sections.current
        if section is None or self.case is None:
            return
        sections = self.case.sections
        index = sections.index(section)
        # The list keeps its place: the next section (or the one before the last) takes it.
        neighbour = (sections[index + 1] if index + 1 < len(sections)
                     else sections[index - 1] if index else None)
        undo = editing.delete_section(self.case, section.id)
        self._sections.show(self.case, select=neighbour.id if neighbour else None)
        self._changed(immediate=True, keep_undo=True)
        self._push_undo(undo, section_id=section.id)

    def action_move_section(self, offset: int) -> None:
        section = self._sections.current
        if section is None or self.case is None:
            return
        if editing.move_section(self.case, section.id, offset):
            self._sections.show(self.case, select=section.id)
            self._changed(immediate=True)

    def action_cite(self) -> None:
        editor = self._sections.editor
        if self.case is None or editor.section is None:
            return
        if not self.case.sources:
            self.notify("This case has no sources to cite yet.", severity="warning")
            return

        def insert(number: int | None) -> None:
            if number is not None:
                editor.insert_citation(number)
            editor.focus()

        self.app.push_screen(CitationPicker(self.case), insert)

    def action_external_editor(self) -> None:
        section = self._sections.editor.section
        if section is None:
            return
        try:
            text = edit_in_editor(self.app, section.body)
        except EditorFailed as error:
            self.notify(f"The section was not changed: {error}", severity="error",
                        markup=False)
            return
        text = text.rstrip("\n")
        if text == section.body.rstrip("\n"):
            self.notify("The section is unchanged.")
            return
        section.body = text
        self._sections.refresh_case()
        self._changed(immediate=True)
        self.notify("Section updated from the editor.")

    def action_copy_section(self) -> None:
        section = self._sections.current
        if section is None:
            return
        self.app.copy_to_clipboard(section_markdown(section.heading, section.body))
        self.notify(f"Copied “{section.heading or 'untitled'}” as Markdown", markup=False)

    # Review (the work is done by ``self.review``)

    def action_comment(self) -> None:
        """Comment on the item where the keyboard is."""
        self.review.comment_here()

    def action_move_status(self) -> None:
        self.review.move_status()

    def action_add_correction(self) -> None:
        self.review.add_correction()

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
        message.stop()
        self.review.jump(message.anchor)

    @on(SourcesTable.Highlighted)
    @on(OptionList.OptionHighlighted, "#section-list")
    @on(OptionList.OptionHighlighted, "#review-view")
    def _selection_moved(self) -> None:
        self.review.follow_selection()

    @on(HistoryRead)
    def _history_read(self, message: HistoryRead) -> None:
        message.stop()
        self.review.history_read(message.events)
