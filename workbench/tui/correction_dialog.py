"""The dialog that records a correction to a published case: what changed, and why.

A published case is frozen; the correction is what unfreezes it, and the readers of the
article see it (every export ends with the corrections). So both lines are required, and
the dialog says so before the engine has to. The date is today's (UTC), as on the command
line without ``--date``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from workbench.tui.dialog import Dialog
from workbench.tui.help_screen import key_for


@dataclass(frozen=True)
class CorrectionText:
    """What the correction changes and why it was needed, as typed (one line each)."""

    what: str
    why: str


class CorrectionDialog(Dialog[CorrectionText | None]):
    """Dismisses with the correction's two lines, or None when cancelled."""

    HELP_AREA = "Correction dialog"
    DEFAULT_CSS = """
    CorrectionDialog #correction-dialog {
        width: 80;
    }
    CorrectionDialog .correction-label {
        color: $text-muted;
    }
    CorrectionDialog #correction-intro {
        margin-bottom: 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "record", "Record", id="correction.record"),
        Binding("escape", "cancel", "Cancel", id="correction.cancel"),
    ]

    def __init__(self, title: str = "Add a correction") -> None:
        super().__init__()
        self.dialog_title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="correction-dialog", classes="dialog"):
            yield Static("The article was published. Say what this correction changes and "
                         "why; it is printed with the article, and the case can then be "
                         "edited and published again.", id="correction-intro",
                         classes="dialog-hint", markup=False)
            yield Static("What changed", classes="correction-label", markup=False)
            yield Input(id="correction-what",
                        placeholder="e.g. The bottom line now says mostly accurate.")
            yield Static("Why", classes="correction-label", markup=False)
            yield Input(id="correction-why", placeholder="e.g. It overstated the agreement.")
            yield Static(id="correction-help", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#correction-dialog").border_title = Content(self.dialog_title)
        record = key_for(self.app, "correction.record", "ctrl+s")
        cancel = key_for(self.app, "correction.cancel", "escape")
        self.query_one("#correction-help", Static).update(
            f"{record} records · {cancel} cancels"
        )
        self.query_one("#correction-what", Input).focus()

    @on(Input.Submitted, "#correction-what")
    def _what_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#correction-why", Input).focus()

    @on(Input.Submitted, "#correction-why")
    def _why_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_record()

    def action_record(self) -> None:
        what = " ".join(self.query_one("#correction-what", Input).value.split())
        why = " ".join(self.query_one("#correction-why", Input).value.split())
        missing = "what changed" if not what else "why" if not why else ""
        if missing:
            self.notify(f"Say {missing} first: a correction needs both.", severity="warning",
                        markup=False)
            self.query_one("#correction-what" if not what else "#correction-why",
                           Input).focus()
            return
        self.dismiss(CorrectionText(what, why))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def unsaved_input(self) -> str:
        typed = any(self.query_one(f"#correction-{name}", Input).value.strip()
                    for name in ("what", "why"))
        return "the correction" if typed else ""

    def save_input(self) -> None:
        self.action_record()
