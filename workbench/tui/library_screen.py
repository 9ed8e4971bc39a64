"""The library screen: every case in the library folder, most recently updated first."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from workbench.casefile.errors import CaseFileError
from workbench.casefile.library import Library, LibraryEntry, Skipped
from workbench.tui.case_screen import CaseScreen
from workbench.tui.columns import longest
from workbench.tui.fitted_table import FittedTable
from workbench.tui.labels import flat, one_line, short_date, skipped_line, status_label

#: Enough for every shipped rating but AVeriTeC's "Conflicting Evidence/Cherrypicking".
_RATING_WIDTH = 20
#: Title and claim share what the other columns leave, but never drop below this.
_MIN_TEXT_WIDTH = 30


def text_widths(room: int, longest_title: int) -> tuple[int, int]:
    """Split ``room`` cells between the title and claim columns.

    Titles are short questions and claims are long quotes, so the title takes what it
    needs up to three fifths of the room and the claim gets the rest.
    """
    room = max(room, _MIN_TEXT_WIDTH)
    title = min(longest_title, room * 3 // 5)
    return title, room - title


class CaseTable(FittedTable):
    """The table of cases, keyed by path; Enter opens the case under the cursor."""

    HEADERS = ("Title", "Claim", "Status", "Rating", "Updated")
    FLEXIBLE = frozenset({0, 1})
    BINDINGS: ClassVar[list[BindingType]] = [
        # Same action as DataTable's own Enter, given an id and shown in the footer.
        Binding("enter", "select_cursor", "Open", id="library.open"),
    ]

    def fit(self, room: int, rows: list[list[str]]) -> dict[int, int]:
        title, claim = text_widths(room, longest(rows, 0))
        return {0: title, 1: claim}

    def show(self, entries: list[LibraryEntry]) -> None:
        self.show_rows(
            [
                (
                    entry.path,
                    [
                        Text(flat(entry.title)),
                        Text(flat(entry.claim)),
                        Text(status_label(entry.status)),
                        Text(one_line(entry.rating, _RATING_WIDTH)),
                        Text(short_date(entry.updated)),
                    ],
                )
                for entry in entries
            ]
        )


class LibraryScreen(Screen[None]):
    """Lists the cases of one library folder and opens them in the case screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "refresh", "Refresh", id="library.refresh"),
    ]

    class Loaded(Message):
        """The library was read from disk (posted from the loading thread)."""

        def __init__(self, entries: list[LibraryEntry], skipped: list[Skipped]) -> None:
            super().__init__()
            self.entries = entries
            self.skipped = skipped

    class LoadFailed(Message):
        """The library folder could not be read at all."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        # Skipped files are reported once a session, not on every return to the library.
        self._reported: set[Skipped] = set()
        # A cancelled thread worker runs on; two refreshes must not write the index at once.
        self._refreshing = threading.Lock()

    def compose(self) -> ComposeResult:
        yield Header()
        yield CaseTable(id="cases")
        yield Static(self._empty_text(), id="empty", markup=False)
        yield Footer()

    def _empty_text(self) -> str:
        return (
            "There are no cases in this library yet.\n\n"
            "Create one from the command line:\n\n"
            '    workbench new "CLAIM"       start a case for a claim\n'
            "    workbench import FILE       import a case, an article or a list of claims\n\n"
            f"Library: {self.folder}"
        )

    def on_mount(self) -> None:
        self.sub_title = "Library"
        self.query_one(CaseTable).loading = True

    def on_screen_resume(self) -> None:
        # Also on first show: a case opened from here may have changed its file meanwhile.
        self.action_refresh()

    def action_refresh(self) -> None:
        self._load(self.folder)

    @work(thread=True, exclusive=True, group="library")
    def _load(self, folder: Path) -> None:
        library = Library(folder)
        try:
            with self._refreshing:
                skipped = library.refresh()
                entries = library.entries()
        except (CaseFileError, OSError) as error:
            self.post_message(self.LoadFailed(str(error)))
            return
        self.post_message(self.Loaded(entries, skipped))

    @on(Loaded)
    def _show_entries(self, message: Loaded) -> None:
        table = self.query_one(CaseTable)
        table.loading = False
        table.show(message.entries)
        count = len(message.entries)
        self.sub_title = f"Library · {count} case{'' if count == 1 else 's'}"
        self.set_class(not message.entries, "-empty")
        self._report(message.skipped)

    def _report(self, skipped: list[Skipped]) -> None:
        fresh = [item for item in skipped if item not in self._reported]
        self._reported.update(fresh)
        if fresh:
            self.notify(
                "\n".join(skipped_line(item) for item in fresh),
                title=f"Skipped {len(fresh)} unreadable file{'s' if len(fresh) > 1 else ''}",
                severity="warning",
                timeout=10,
                markup=False,
            )

    @on(LoadFailed)
    def _show_failure(self, message: LoadFailed) -> None:
        self.query_one(CaseTable).loading = False
        self.notify(
            message.reason, title="Cannot read the library", severity="error", markup=False
        )

    @on(DataTable.RowSelected, "#cases")
    def _open_selected(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(CaseScreen(Path(str(event.row_key.value))))
