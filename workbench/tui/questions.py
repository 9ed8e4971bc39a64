"""A small prompt for a question's wording, used to add and to edit questions.

Questions are the checkable sub-claims the evidence matrix is built on; their wording is
one line, so a one-line prompt over the current screen is all the editor they need.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class QuestionPrompt(ModalScreen[str | None]):
    """Asks for a question's text; dismisses with the text (stripped) or None on escape.

    Enter on an empty field does not dismiss: a question with no words cannot be judged,
    and deleting one is a separate, undoable key on the matrix.
    """

    DEFAULT_CSS = """
    QuestionPrompt {
        align: center middle;
    }
    QuestionPrompt #question-dialog {
        width: 76;
        max-width: 100%;
        height: auto;
        border: round $accent;
        border-title-color: $text;
        background: $surface;
        padding: 0 1;
    }
    QuestionPrompt #question-help {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="question_prompt.cancel"),
    ]

    def __init__(self, title: str, text: str = "") -> None:
        super().__init__()
        self.prompt_title = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="question-dialog"):
            yield Input(
                self.text,
                placeholder="e.g. Was a formal application made?",
                id="question-text",
            )
            yield Static("enter saves · esc cancels", id="question-help")

    def on_mount(self) -> None:
        self.query_one("#question-dialog").border_title = Content(self.prompt_title)
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = " ".join(event.value.split())
        if not text:
            self.notify("Type the question first (esc cancels)", severity="warning")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
