"""The small dialog where a review comment (or a reply) is written.

A comment is a few sentences, so the dialog is a multi-line text: enter starts a new line
and ctrl+s sends, as ctrl+s saves in the source form. For a reply the thread being
answered is shown above the text, so nobody answers from memory. The dialog only returns
the text; the screen records it through the review engine, which knows the rules.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static, TextArea

from workbench.tui.dialog import Dialog
from workbench.tui.help_screen import key_for


class CommentDialog(Dialog[str | None]):
    """Dismisses with the comment's text (stripped) or None when cancelled."""

    HELP_AREA = "Comment dialog"
    DEFAULT_CSS = """
    CommentDialog #comment-dialog {
        width: 80;
    }
    CommentDialog #comment-context {
        height: auto;
        max-height: 8;
        color: $text-muted;
        margin-bottom: 1;
    }
    CommentDialog #comment-text {
        height: 6;
        border: round $panel-lighten-2;
    }
    CommentDialog #comment-text:focus {
        border: round $accent;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "send", "Send", id="comment.send"),
        Binding("escape", "cancel", "Cancel", id="comment.cancel"),
    ]

    def __init__(self, title: str, *, context: Content | None = None, who: str = "") -> None:
        """``title`` says where the comment goes; ``context`` is the thread answered."""
        super().__init__()
        self.dialog_title = title
        self.context = context
        self.who = who

    def compose(self) -> ComposeResult:
        with Vertical(id="comment-dialog", classes="dialog"):
            if self.context is not None:
                with VerticalScroll(id="comment-context"):
                    yield Static(self.context)
            yield TextArea(id="comment-text", soft_wrap=True, tab_behavior="focus",
                           placeholder="What should change, or be checked?")
            yield Static(id="comment-help", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        dialog = self.query_one("#comment-dialog")
        # Content, not str: a source title may hold "[...]", which is not markup.
        dialog.border_title = Content(self.dialog_title)
        if self.who:
            dialog.border_subtitle = Content(f"as {self.who}")
        send = key_for(self.app, "comment.send", "ctrl+s")
        cancel = key_for(self.app, "comment.cancel", "escape")
        self.query_one("#comment-help", Static).update(
            f"{send} sends · {cancel} cancels · enter starts a new line"
        )
        self.query_one(TextArea).focus()

    def action_send(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if not text:
            cancel = key_for(self.app, "comment.cancel", "escape")
            self.notify(f"Write the comment first ({cancel} cancels).", severity="warning",
                        markup=False)
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def unsaved_input(self) -> str:
        return "the comment" if self.query_one(TextArea).text.strip() else ""

    def save_input(self) -> None:
        self.action_send()
