"""The case screen: the claim and verdict, the sources and the sections of one case file.

The case file stays open while the screen is up, so this process holds the writer's lock:
a second Workbench on the same file gets it read-only, and the editor that comes later
saves through the same ``CaseFile``.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from workbench.analysis.corroboration import corroboration
from workbench.casefile.errors import CaseFileError
from workbench.casefile.store import CaseFile
from workbench.model import Case, Corroboration
from workbench.tui.claim_pane import ClaimPane
from workbench.tui.sections_view import SectionsView
from workbench.tui.sources_table import SourcesTable


class CaseScreen(Screen[None]):
    """Shows one case; Escape returns to the screen it was opened from, if any."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="case.back"),
    ]

    class Loaded(Message):
        """The case was read (posted from the loading thread), with its derived badges."""

        def __init__(
            self, casefile: CaseFile, case: Case, corroborations: dict[str, Corroboration]
        ) -> None:
            super().__init__()
            self.casefile = casefile
            self.case = case
            self.corroborations = corroborations

    class LoadFailed(Message):
        """The file is not a case file, is damaged, or cannot be read."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.casefile: CaseFile | None = None
        self.case: Case | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="banner", markup=False)
        with Vertical(id="case-body"):
            with Horizontal(id="case-top"):
                yield ClaimPane(id="claim")
                yield SectionsView(id="sections")
            # Full width: the assessment badges are the point of the list.
            yield SourcesTable(id="sources")
        yield Static(id="case-error", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.path.name
        self.query_one("#case-body").loading = True
        self._load(self.path)

    def on_unmount(self) -> None:
        if self.casefile is not None:
            self.casefile.close()
            self.casefile = None

    @property
    def can_go_back(self) -> bool:
        """False when the app was started on this case alone, with nothing beneath it."""
        return len(self.app.screen_stack) > 1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.can_go_back
        return True

    def action_back(self) -> None:
        if self.can_go_back:
            self.dismiss()

    @work(thread=True, exclusive=True, group="case")
    def _load(self, path: Path) -> None:
        worker = get_current_worker()
        try:
            casefile = CaseFile.open(path)
        except CaseFileError as error:
            self.post_message(self.LoadFailed(str(error)))
            return
        try:
            case = casefile.load()
            # Corroboration walks the evidence matrix per source: keep it off the UI thread.
            standing = {source.id: corroboration(case, source) for source in case.sources}
        except CaseFileError as error:
            casefile.close()
            self.post_message(self.LoadFailed(str(error)))
            return
        # If the screen went away meanwhile nobody would close the file and free its lock.
        if worker.is_cancelled or not self.post_message(self.Loaded(casefile, case, standing)):
            casefile.close()

    @on(Loaded)
    def _show_case(self, message: Loaded) -> None:
        self.casefile, self.case = message.casefile, message.case
        self.sub_title = message.case.title
        reason = message.casefile.read_only_reason
        self.query_one("#banner", Static).update(reason[:1].upper() + reason[1:])
        self.set_class(bool(reason), "-read-only")
        self.query_one("#case-body").loading = False
        self.query_one(ClaimPane).case = message.case
        self.query_one(SourcesTable).show(message.case, message.corroborations)
        self.query_one(SectionsView).show(message.case)
        self.query_one(ClaimPane).focus()

    @on(LoadFailed)
    def _show_failure(self, message: LoadFailed) -> None:
        self.notify(message.reason, title="Cannot open the case", severity="error", markup=False)
        if self.can_go_back:
            self.dismiss()
            return
        self.query_one("#case-error", Static).update(
            f"This case file cannot be opened.\n\n{message.reason}\n\nPress ctrl+q to quit."
        )
        self.query_one("#case-body").loading = False
        self.add_class("-failed")
