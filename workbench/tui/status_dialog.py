"""Moving a case along the review workflow: the next statuses, and why any is blocked.

The dialog lists the moves the workflow allows from where the case stands
(``review.allowed_moves``) first, then the other statuses, and shows for the highlighted
one whether it can be made now and if not why (``review.move_problems``: open comments,
readiness errors, a sign-off that needs a second name, or the workflow itself: "a case is
published only once approved"). A blocked move stays in the list with its reasons,
because knowing what stands between a case and its publication is the point; choosing it
says why it cannot be made.

The move highlighted first is the workflow's next safe step (``safe_default_move``):
forward, and never publishing, so that ``s`` then enter pressed by reflex cannot freeze a
snapshot. In review it is approval, until the checks find approval blocked; then asking
for changes, unless the highlight was moved meanwhile; once corrected, sending it to review
for the correction's second sign-off (publishing straight away is blocked and says so).
Where the one step forward is publishing (approved) nothing is highlighted and enter does
nothing.
Publishing, chosen on purpose, asks once more (enter there answers no), since only a
correction changes what it freezes.

The readiness checks behind approval and publication read the whole case, so the
reasons are worked out on a thread; the case cannot change meanwhile, since this dialog
covers the screen.

The dialog returns the chosen move and its note; the screen makes it with
``review.move_status``, which checks everything again. On a published case "corrected"
is how a correction is asked for: the screen then opens the correction dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from workbench.config import Config
from workbench.model import Case, Status
from workbench.review import allowed_moves, move_problems, submitted_by
from workbench.review.workflow import safe_default_move
from workbench.tui.confirm import Confirm
from workbench.tui.dialog import Dialog
from workbench.tui.help_screen import key_for

#: What each move means, for the line under the list.
MEANING: dict[Status, str] = {
    Status.DRAFT: "back to draft: the author keeps working on it",
    Status.IN_REVIEW: "send it to a reviewer",
    Status.CHANGES_REQUESTED: "send it back to the author with what to change",
    Status.APPROVED: "sign it off: records your name and a hash of the article as it is",
    Status.PUBLISHED: "publish: freezes a snapshot of the article, kept for ever",
    Status.CORRECTED: "a correction does this: record what changed and why",
}


@dataclass(frozen=True)
class StatusMove:
    """The move chosen in the dialog: where to, and the note to record with it."""

    status: Status
    note: str = ""


def status_prompt(status: Status, problems: list[str] | None) -> Content:
    """One line of the list: ✓ when the move can be made, ✗ when blocked, … while checking."""
    if problems is None:
        return Content.assemble(("… ", "dim"), status.label, ("  checking", "dim"))
    if problems:
        return Content.assemble(("✗ ", "bold $text-error"), status.label,
                                ("  blocked", "$text-error"))
    return Content.assemble(("✓ ", "bold $text-success"), status.label)


#: The question asked before publishing: what it does, and that it cannot be taken back.
PUBLISH_QUESTION = ("Publishing freezes a snapshot of the article as it is now, kept for "
                    "ever; after that the case changes only with a correction (what changed "
                    "and why). Publish now?")


def refusal(case: Case, status: Status, problems: list[str]) -> str:
    """The one line a notification says when a blocked move is chosen anyway."""
    return f"Cannot move from {case.status.label} to {status.label}: {'; '.join(problems)}"


class StatusDialog(Dialog[StatusMove | None]):
    """The moves open to the case now; dismisses with the one chosen, or None."""

    HELP_AREA = "Status dialog"
    DEFAULT_CSS = """
    StatusDialog #status-dialog {
        width: 84;
    }
    StatusDialog #status-now {
        margin-bottom: 1;
    }
    StatusDialog #status-moves {
        height: auto;
        max-height: 8;
        border: round $panel-lighten-2;
    }
    StatusDialog #status-moves:focus {
        border: round $accent;
    }
    StatusDialog #status-why {
        height: auto;
        max-height: 8;
        margin: 1 0;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "move", "Move", id="status.move"),
        Binding("escape", "cancel", "Cancel", id="status.cancel"),
    ]

    class Checked(Message):
        """The reasons each move is blocked (empty: it can be made)."""

        def __init__(self, problems: dict[Status, list[str]]) -> None:
            super().__init__()
            self.problems = problems

    def __init__(self, case: Case, who: str, config: Config | None = None) -> None:
        super().__init__()
        self.case = case
        self.who = who
        self.config = config
        allowed = allowed_moves(case)
        self.moves = (*allowed, *(status for status in Status
                                  if status not in allowed and status is not case.status))
        #: A published case moves on only by a correction, which "corrected" asks for.
        self.correcting = case.status is Status.PUBLISHED
        #: Why each move is blocked, once checked; a move missing here is being checked.
        self.problems: dict[Status, list[str]] = {}
        #: The move highlighted for the user, until they move the highlight themselves.
        self.offered: Status | None = None
        self.user_moved = False

    def compose(self) -> ComposeResult:
        with Vertical(id="status-dialog", classes="dialog"):
            yield Static(id="status-now", markup=False)
            yield OptionList(*(Option(status_prompt(status, None), id=status.value)
                               for status in self.moves), id="status-moves")
            yield Static(id="status-why")
            yield Static("Note (optional; asking for changes needs one unless a review "
                         "comment is open)", id="status-note-label", classes="dialog-hint",
                         markup=False)
            yield Input(id="status-note", placeholder="e.g. see my comments on the sources",
                        compact=True)
            yield Static(id="status-help", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        dialog = self.query_one("#status-dialog")
        dialog.border_title = "Move the case"
        dialog.border_subtitle = Content(f"as {self.who}")
        submitter = submitted_by(self.case)
        by = f" (submitted by {submitter})" if submitter and self.case.status in (
            Status.IN_REVIEW, Status.APPROVED, Status.CHANGES_REQUESTED) else ""
        self.query_one("#status-now", Static).update(f"Now: {self.case.status.label}{by}")
        move = key_for(self.app, "status.move", "ctrl+s")
        cancel = key_for(self.app, "status.cancel", "escape")
        self.query_one("#status-help", Static).update(
            f"enter or {move} moves · tab to the note · {cancel} cancels"
        )
        self._offer_default()
        self.query_one("#status-moves", OptionList).focus()
        self._show_why()
        self._check_note()
        self._check()

    # Checking

    @work(thread=True, exclusive=True, group="status-check")
    def _check(self) -> None:
        """The moves whose answer does not depend on the note (approval and publication
        run the readiness checks: the slow part)."""
        worker = get_current_worker()
        problems = {}
        for status in self.moves:
            if status is Status.CHANGES_REQUESTED:
                continue
            if worker.is_cancelled:
                return
            if self.correcting and status is Status.CORRECTED:
                problems[status] = []
                continue
            problems[status] = move_problems(self.case, status, self.who, config=self.config)
        self.post_message(self.Checked(problems))

    def _check_note(self) -> None:
        """Asking for changes needs an open comment or a note: cheap, so checked at once."""
        if Status.CHANGES_REQUESTED in self.moves:
            self._show_checked({Status.CHANGES_REQUESTED: move_problems(
                self.case, Status.CHANGES_REQUESTED, self.who, note=self._note,
                config=self.config)})

    @on(Checked)
    def _checked(self, message: Checked) -> None:
        self._show_checked(message.problems)

    def _show_checked(self, problems: dict[Status, list[str]]) -> None:
        self.problems.update(problems)
        moves = self.query_one("#status-moves", OptionList)
        for status, found in problems.items():
            moves.replace_option_prompt(status.value, status_prompt(status, found))
        if not self.user_moved:
            self._offer_default()
        self._show_why()

    def _offer_default(self) -> None:
        """Highlight the safe default, counting the blocks found so far; asking for changes
        is never counted blocked, since the note typed here unblocks it."""
        blocked = [status for status, found in self.problems.items()
                   if found and status is not Status.CHANGES_REQUESTED]
        self.offered = safe_default_move(self.case, blocked)
        moves = self.query_one("#status-moves", OptionList)
        moves.highlighted = self.moves.index(self.offered) if self.offered in self.moves else None

    @property
    def _note(self) -> str:
        return " ".join(self.query_one("#status-note", Input).value.split())

    @on(Input.Changed, "#status-note")
    def _note_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._check_note()

    # Showing

    @property
    def highlighted(self) -> Status | None:
        index = self.query_one("#status-moves", OptionList).highlighted
        return self.moves[index] if index is not None and index < len(self.moves) else None

    @on(OptionList.OptionHighlighted, "#status-moves")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.highlighted is not self.offered:
            self.user_moved = True
        self._show_why()

    def _show_why(self) -> None:
        status = self.highlighted
        why = self.query_one("#status-why", Static)
        if status is None:
            text = ("Nothing chosen: ↑ ↓ choose a move (publishing asks first)." if self.moves
                    else f"From {self.case.status.label} there is no move.")
            why.update(Content.styled(text, "$text-muted"))
            return
        meaning = MEANING[status]
        if self.correcting and status is Status.CORRECTED:
            meaning = "record a correction (what changed and why); enter opens it"
        head = Content.assemble((f"→ {status.label}: ", "bold"), meaning)
        problems = self.problems.get(status)
        if problems is None:
            lines = [head, Content.styled("checking whether it can be made now…", "dim")]
        elif problems:
            lines = [head, Content.styled("Blocked:", "bold $text-error"),
                     *(Content.styled(f"· {problem}", "$text-error") for problem in problems)]
        else:
            lines = [head, Content.styled("Can be made now.", "$text-success")]
        why.update(Content("\n").join(lines))

    # Choosing

    @on(OptionList.OptionSelected, "#status-moves")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_move()

    @on(Input.Submitted, "#status-note")
    def _note_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_move()

    def action_move(self) -> None:
        """Make the highlighted move; a blocked one is refused here with its reasons.

        A move still being checked is handed over: the screen's ``move_status`` checks
        it again anyway and refuses it in the same words. Publishing is handed over only
        once confirmed.
        """
        status = self.highlighted
        if status is None:
            return
        problems = self.problems.get(status)
        if problems:
            self.notify(refusal(self.case, status, problems), title="Not moved",
                        severity="error", markup=False, timeout=8)
            return
        chosen = StatusMove(status, self._note)
        if status is Status.PUBLISHED:
            self._confirm_publishing(chosen)
            return
        self.dismiss(chosen)

    def _confirm_publishing(self, chosen: StatusMove) -> None:
        """A no leaves this dialog open, to choose another move or cancel."""

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(chosen)

        self.app.push_screen(Confirm("Publish this case?", PUBLISH_QUESTION, yes="Publish",
                                     default=False), answered)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def unsaved_input(self) -> str:
        return "the status dialog" if self._note else ""

    def save_input(self) -> None:
        self.action_move()
