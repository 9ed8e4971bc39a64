"""The question ctrl+q asks over a form or dialog holding input that is not saved yet.

Three answers, as a desk editor expects of any program: save it and quit, quit without it,
or stay. Enter stays: a quit key pressed by reflex, then enter, must lose nothing.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from workbench.tui.dialog import Dialog

Answer = Literal["save", "discard"]


class QuitQuestion(Dialog[Answer | None]):
    """Dismisses with "save" (s), "discard" (d), or None to stay (esc, c, enter)."""

    HELP_AREA = "Quitting with unsaved input"
    DEFAULT_CSS = """
    QuitQuestion #quit-question {
        width: 72;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "answer('save')", "Save and quit", id="quit_question.save"),
        Binding("d", "answer('discard')", "Quit without it", id="quit_question.discard"),
        Binding("c,escape", "answer(None)", "Stay", id="quit_question.stay"),
    ]

    def __init__(self, what: str) -> None:
        super().__init__()
        self._what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="quit-question", classes="dialog -warning") as box:
            box.border_title = "Quit with unsaved input?"
            box.border_subtitle = "s: save and quit · d: quit without it · enter or esc: stay"
            yield Static(Content(f"What you typed in {self._what} is not saved yet."))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save and quit", variant="primary", id="quit-save", compact=True)
                yield Button("Quit without it", variant="warning", id="quit-discard",
                             compact=True)
                yield Button("Stay", id="quit-stay", compact=True)

    def on_mount(self) -> None:
        self.query_one("#quit-stay", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        answers: dict[str | None, Answer | None] = {"quit-save": "save",
                                                    "quit-discard": "discard"}
        self.dismiss(answers.get(event.button.id))

    def action_answer(self, answer: Answer | None) -> None:
        self.dismiss(answer)
