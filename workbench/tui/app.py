"""The Workbench app and the two ways the command line starts it.

The app starts either on a library (``workbench``) or on one case file
(``workbench open FILE``); the first screen is the app's default screen, so the case
screen can tell whether there is anything beneath it to go back to.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from workbench.tui.case_screen import CaseScreen
from workbench.tui.library_screen import LibraryScreen


class WorkbenchApp(App[None]):
    """A keyboard-driven workbench for fact-checkers."""

    TITLE = "Factcheck Workbench"
    CSS_PATH = "workbench.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, so no focused widget can swallow it.
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
    ]

    def __init__(self, *, library: Path | None = None, case: Path | None = None) -> None:
        if (library is None) == (case is None):
            raise ValueError("start the Workbench on a library or on a case file, not both")
        super().__init__()
        self.library = library
        self.case_path = case

    def get_default_screen(self) -> Screen[None]:
        if self.case_path is not None:
            return CaseScreen(self.case_path)
        assert self.library is not None
        return LibraryScreen(self.library)


def run_library(library: Path) -> None:
    """Run the Workbench on the library folder ``library``."""
    WorkbenchApp(library=library).run()


def run_case(path: Path) -> None:
    """Run the Workbench on one case file, without a library behind it."""
    WorkbenchApp(case=path).run()
