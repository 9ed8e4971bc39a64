"""The new-case dialog: the claim, an optional title and the rating scale.

While the claim is typed it shows the most similar claims already in the library, because
the first question of a desk is whether this was checked before; choosing one opens that
case instead of starting a duplicate. They are the top of what the library filter shows
for the same words (one matcher, ``workbench.analysis.matching.find_cases``). Matching
and creating the file run in worker threads.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Button, Footer, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from workbench.casefile.errors import CaseFileError
from workbench.config import Config
from workbench.tui.dialog import Dialog
from workbench.tui.labels import flat

if TYPE_CHECKING:
    from workbench.analysis.matching import LibraryCases, Match

#: Seconds of quiet typing before looking for similar claims.
DEBOUNCE = 0.25
#: The top of what the library filter would show for the claim typed so far.
SIMILAR_LIMIT = 5


def match_prompt(match: Match) -> Content:
    """Score, title and claim on one line; user text as plain text, never markup."""
    claim = flat(match.claim)
    title = flat(match.title)
    parts: list[tuple[str, str] | str] = [(f"{match.score:>3} ", "bold"), (title, "")]
    if claim and claim != title:
        parts.append((f" — “{claim}”", "dim"))
    return Content.assemble(*parts)


class NewCaseScreen(Dialog[Path | None]):
    """Asks for the claim; dismisses with the path of the case to open, or None."""

    HELP_AREA = "New case"
    DEFAULT_CSS = """
    NewCaseScreen {
        #new-case {
            width: 84;
        }
        Input, Select {
            margin: 0;
        }
        #new-similar {
            height: auto;
            max-height: 7;
            min-height: 1;
            border: none;
            background: $surface;
        }
        #new-similar-heading {
            margin-top: 1;
            color: $text-muted;
        }
        #new-case-error {
            color: $text-error;
            height: auto;
            display: none;
            &.-shown { display: block; }
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="new_case.cancel"),
        Binding("ctrl+s", "create", "Create", id="new_case.create"),
    ]

    class Similar(Message):
        """Claims like ``text`` found in the library (posted from the matching thread)."""

        def __init__(self, text: str, matches: list[Match]) -> None:
            super().__init__()
            self.text = text
            self.matches = matches

    class Created(Message):
        """The case file was written."""

        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    class CreateFailed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, folder: Path, config: Config | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.config = config
        self._debounce: Timer | None = None
        self._matches: dict[str, Path] = {}
        # The library's cases, read on the first search and matched on every later one.
        self._cases: LibraryCases | None = None
        self._creating = False

    def _config(self) -> Config:
        return self.config or getattr(self.app, "config", None) or Config()

    def compose(self) -> ComposeResult:
        config = self._config()
        scales = config.scales
        default = config.default_scale if config.default_scale in scales else "none"
        with Vertical(id="new-case", classes="dialog"):
            yield Label("Claim: the exact wording you are checking", classes="first")
            yield Input(id="new-claim", placeholder="e.g. Russia asked to join NATO", compact=True)
            yield Label("Title (optional; a question works best, else the claim is used)")
            yield Input(id="new-title", placeholder="e.g. Did Putin ask to join NATO?",
                        compact=True)
            yield Label("Rating scale")
            yield Select(
                [(scale.name, scale_id) for scale_id, scale in scales.items()],
                value=default,
                allow_blank=False,
                compact=True,
                id="new-scale",
            )
            yield Static("Similar claims already in the library: none yet",
                         id="new-similar-heading")
            yield OptionList(id="new-similar", compact=True)
            yield Static(id="new-case-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create", variant="primary", id="new-create", compact=True)
                yield Button("Cancel", id="new-cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        dialog = self.query_one("#new-case")
        dialog.border_title = "New case"
        # Not "enter creates": on the scale list enter opens the list; ctrl+s works anywhere.
        dialog.border_subtitle = "enter in a text field or ctrl+s creates · esc cancels"
        self.query_one("#new-similar").display = False
        self.query_one("#new-claim").focus()

    # Similar claims

    @on(Input.Changed, "#new-claim")
    def _claim_changed(self, event: Input.Changed) -> None:
        self._show_error("")
        if self._debounce is not None:
            self._debounce.stop()
        text = event.value
        self._debounce = self.set_timer(DEBOUNCE, lambda: self._find_similar(text))

    @work(thread=True, exclusive=True, group="similar")
    def _find_similar(self, text: str) -> None:
        from workbench.analysis.matching import LibraryCases, similar_cases
        from workbench.casefile.library import Library

        try:
            if self._cases is None:
                # The library screen refreshed the index moments ago.
                self._cases = LibraryCases(Library(self.folder))
            matches = similar_cases(self._cases, text, SIMILAR_LIMIT)
        except (CaseFileError, OSError):
            matches = []
        if not get_current_worker().is_cancelled:
            self.post_message(self.Similar(text, matches))

    @on(Similar)
    def _show_similar(self, message: Similar) -> None:
        if message.text != self.query_one("#new-claim", Input).value:
            return  # Typing went on; a newer search is coming.
        similar = self.query_one("#new-similar", OptionList)
        similar.clear_options()
        self._matches = {}
        for index, match in enumerate(message.matches):
            option_id = f"match-{index}"
            self._matches[option_id] = Path(match.path)
            similar.add_option(Option(match_prompt(match), id=option_id))
        similar.display = bool(message.matches)
        if message.matches:
            similar.highlighted = 0
        heading = self.query_one("#new-similar-heading", Static)
        if message.matches:
            heading.update(
                "Similar claims already in the library (tab to the list, enter opens one):"
            )
        elif message.text.strip():
            heading.update("Similar claims already in the library: none found")
        else:
            heading.update("Similar claims already in the library: none yet")

    @on(OptionList.OptionSelected, "#new-similar")
    def _open_similar(self, event: OptionList.OptionSelected) -> None:
        path = self._matches.get(event.option_id or "")
        if path is not None:
            self.dismiss(path)

    # Creating

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_create()

    @on(Button.Pressed, "#new-create")
    def _create_pressed(self) -> None:
        self.action_create()

    @on(Button.Pressed, "#new-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def unsaved_input(self) -> str:
        return "the new case" if self.query_one("#new-claim", Input).value.strip() else ""

    def save_input(self) -> None:
        self.action_create()

    def action_create(self) -> None:
        claim = " ".join(self.query_one("#new-claim", Input).value.split())
        if not claim:
            self._show_error("Type the claim first: the exact wording you are checking.")
            self.query_one("#new-claim").focus()
            return
        if self._creating:
            return
        self._creating = True
        title = " ".join(self.query_one("#new-title", Input).value.split())
        scale = self.query_one("#new-scale", Select).value
        self._create(claim, title, str(scale))

    @work(thread=True, group="create")
    def _create(self, claim: str, title: str, scale: str) -> None:
        from workbench.casefile.library import Library
        from workbench.casefile.store import CaseFile
        from workbench.model import new_case

        library = Library(self.folder)
        case = new_case(claim, scale=scale, title=title)
        try:
            library.ensure_exists()
            path = library.path_for(case.title)
            # Closed at once: the case screen opens it again and takes the writer's lock.
            CaseFile.create(path, case).close()
        except (CaseFileError, OSError) as error:
            self.post_message(self.CreateFailed(str(error)))
            return
        self.post_message(self.Created(path))

    @on(Created)
    def _created(self, message: Created) -> None:
        self.dismiss(message.path)

    @on(CreateFailed)
    def _create_failed(self, message: CreateFailed) -> None:
        self._creating = False
        self._show_error(f"The case could not be created: {message.reason}")

    def _show_error(self, text: str) -> None:
        error = self.query_one("#new-case-error", Static)
        error.update(text)
        error.set_class(bool(text), "-shown")
