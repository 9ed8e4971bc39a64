"""Asks which file to import into the library: an article, a ClaimReview or a case .json.

Only the path is asked here; the library screen imports it (off the UI thread) and says
what came of it, so this dialog holds no import logic of its own. It does look for the
file first: a mistyped path is said here, with the path still there to correct.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from workbench.tui.dialog import Dialog

HINT = (
    "An article in the seed's layout (.txt, .md), ClaimReview JSON-LD or a case .json; "
    "the content decides which. ~ is your home folder.\n"
    "enter imports · esc cancels"
)


class ImportDialog(Dialog[Path | None]):
    """Dismisses with the file to import (``~`` expanded), or None when cancelled."""

    HELP_AREA = "Import"
    DEFAULT_CSS = """
    ImportDialog #import {
        width: 76;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="import.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="import", classes="dialog") as box:
            box.border_title = "Import a file into the library"
            yield Input(placeholder="~/Downloads/article.txt", id="import-path")
            yield Static(HINT, classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._accept(event.value)

    def _accept(self, value: str) -> None:
        typed = value.strip()
        if not typed:
            self.notify("Type the path of the file to import (esc cancels)",
                        severity="warning", markup=False)
            return
        path = Path(typed).expanduser()
        if not path.is_file():
            what = "is a folder" if path.is_dir() else "does not exist"
            self.notify(f"{path} {what}: type the path of a file (esc cancels)",
                        title="Not imported", severity="error", markup=False)
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def unsaved_input(self) -> str:
        return "the import dialog" if self.query_one(Input).value.strip() else ""

    def save_input(self) -> None:
        self._accept(self.query_one(Input).value)
