"""A yes-or-no question in a small modal, for a step that cannot be taken back."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from workbench.tui.dialog import Dialog


class Confirm(Dialog[bool]):
    """Dismisses with True for ``yes`` (y), False for ``no`` (escape, n); enter gives
    ``default``."""

    HELP_AREA = "Question"
    DEFAULT_CSS = """
    Confirm #confirm {
        width: 70;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", show=False, id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, title: str, question: str, *, yes: str = "Yes", no: str = "Cancel",
                 default: bool = True) -> None:
        """``default``: the answer enter gives (its button has the focus); False where a
        yes loses work, so that enter pressed by reflex does not."""
        super().__init__()
        self._title = title
        self._question = question
        self._yes = yes
        self._no = no
        self._default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog -warning") as box:
            box.border_title = Content(self._title)
            box.border_subtitle = self._keys_hint()
            # Content: the question names a file, and a path may hold "[...]".
            yield Static(Content(self._question), id="confirm-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._yes, variant="warning", id="confirm-yes", compact=True)
                yield Button(self._no, id="confirm-no", compact=True)

    def _keys_hint(self) -> str:
        """E.g. "enter or y: replace · esc or n: cancel"."""
        yes_keys, no_keys = ("enter or y", "esc or n") if self._default else (
            "y", "enter, esc or n")
        return f"{yes_keys}: {self._yes.lower()} · {no_keys}: {self._no.lower()}"

    def on_mount(self) -> None:
        self.query_one("#confirm-yes" if self._default else "#confirm-no", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def _yes_pressed(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no_pressed(self) -> None:
        self.dismiss(False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
