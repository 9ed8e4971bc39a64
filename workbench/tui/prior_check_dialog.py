"""A prior fact-check from the library's corpus, shown read-only: what was claimed, by
whom, the rating, who published the check and when, and the address of their review.

Nothing is fetched: the review's address is shown whole to be copied (``c`` puts it on
the clipboard through the terminal, or select it with the mouse).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Label, Static

from workbench.casefile.library import IndexRow
from workbench.tui.dialog import Dialog
from workbench.tui.labels import MISSING


def prior_check_fields(row: IndexRow) -> list[tuple[str, str]]:
    """(label, value) of each field the dialog shows, a missing one as ``MISSING``."""
    return [
        ("Claim", row.claim),
        ("Claimant", row.claimant),
        ("Rating", row.rating),
        ("Checked by", row.publisher),
        ("Date", row.updated),
        ("Review", row.url),
    ]


class PriorCheckDialog(Dialog[None]):
    """Shows one prior check; escape or enter closes it, ``c`` copies its review link."""

    HELP_AREA = "Prior check"
    DEFAULT_CSS = """
    PriorCheckDialog {
        #prior-check {
            width: 84;
        }
        .prior-field {
            height: auto;
            margin-top: 1;
            &.first { margin-top: 0; }
        }
        .prior-field > Label {
            width: 12;
            margin: 0;
        }
        .prior-value {
            width: 1fr;
            height: auto;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", id="prior_check.close"),
        Binding("c", "copy_link", "Copy link", id="prior_check.copy"),
    ]

    def __init__(self, row: IndexRow) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        with Vertical(id="prior-check", classes="dialog") as box:
            box.border_title = "Prior fact-check"
            box.border_subtitle = "c copies the review link · esc closes"
            for number, (label, value) in enumerate(prior_check_fields(self.row)):
                with Horizontal(classes="prior-field first" if number == 0 else "prior-field"):
                    yield Label(label)
                    # Content: a publisher's text is never markup.
                    yield Static(Content(value.strip() or MISSING), classes="prior-value",
                                 id=f"prior-{label.split()[0].lower()}")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", id="prior-close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#prior-close", Button).focus()

    @on(Button.Pressed, "#prior-close")
    def _close_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "copy_link":
            return bool(self.row.url.strip())
        return True

    def action_copy_link(self) -> None:
        self.app.copy_to_clipboard(self.row.url.strip())
        self.notify(self.row.url.strip(), title="Review link copied", markup=False)
