"""A one-line answer in a small modal: a section heading, a question's wording."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from workbench.tui.dialog import Dialog


class TextPrompt(Dialog[str | None]):
    """Dismisses with the text typed (spaces collapsed, possibly empty), None when cancelled.

    With ``required`` (what the field must hold, e.g. "the question") enter on an empty
    field does not dismiss but asks for it: a question with no words cannot be judged.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
    ]

    DEFAULT_CSS = """
    TextPrompt #prompt {
        width: 76;
    }
    """

    def __init__(self, title: str, value: str = "", *, placeholder: str = "",
                 hint: str = "enter accepts · esc cancels", required: str = "") -> None:
        super().__init__()
        self._title = title
        self._value = value
        self._placeholder = placeholder
        self._hint = hint
        self._required = required

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt", classes="dialog") as box:
            box.border_title = Content(self._title)
            yield Input(self._value, placeholder=self._placeholder, id="prompt-input")
            yield Static(self._hint, classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._accept(event.value)

    def _accept(self, typed: str) -> None:
        text = " ".join(typed.split())
        if not text and self._required:
            self.notify(f"Type {self._required} first (esc cancels)", severity="warning",
                        markup=False)
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def unsaved_input(self) -> str:
        typed = self.query_one(Input).value
        return f"“{self._title}”" if typed.strip() and typed != self._value else ""

    def save_input(self) -> None:
        self._accept(self.query_one(Input).value)
