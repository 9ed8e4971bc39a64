"""A yes-or-no question in a small modal, for a step that cannot be taken back."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class Confirm(ModalScreen[bool]):
    """Dismisses with True for ``yes`` (enter, y), False for ``no`` (escape, n)."""

    HELP_AREA = "Question"
    DEFAULT_CSS = """
    Confirm {
        align: center middle;
        #confirm {
            width: 70;
            max-width: 100%;
            height: auto;
            border: round $warning;
            border-title-style: bold;
            border-subtitle-color: $text-muted;
            background: $surface;
            padding: 0 1;
        }
        #confirm-buttons {
            height: auto;
            margin-top: 1;
            align-horizontal: right;
            Button { margin-left: 2; }
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", show=False, id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, title: str, question: str, *, yes: str = "Yes", no: str = "Cancel"
                 ) -> None:
        super().__init__()
        self._title = title
        self._question = question
        self._yes = yes
        self._no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm") as box:
            box.border_title = Content(self._title)
            box.border_subtitle = "enter or y: yes · esc or n: no"
            # Content: the question names a file, and a path may hold "[...]".
            yield Static(Content(self._question), id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(self._yes, variant="warning", id="confirm-yes", compact=True)
                yield Button(self._no, id="confirm-no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm-yes", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def _yes_pressed(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no_pressed(self) -> None:
        self.dismiss(False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
