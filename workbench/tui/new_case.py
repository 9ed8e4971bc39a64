"""The new-case dialog: the claim, an optional title and the rating scale.

While the claim is typed it shows the most similar claims already in the library, because
the first question of a desk is whether this was checked before; choosing one opens that
case instead of starting a duplicate. The cases are the top of what the library filter
shows for the same words (one matcher, ``workbench.analysis.matching.find_cases``); once
the words read as a claim, the prior fact-checks and queued claims of the library's corpus
that read like it follow, each saying what it is, a prior check with its publisher and
the address of its review. Choosing a prior check shows it (``PriorCheckDialog``);
choosing a queued claim makes its case file and opens that. Matching and creating the
file run in worker threads.
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
from workbench.casefile.library import CASE, QUEUED, REFERENCE, IndexRow
from workbench.config import Config
from workbench.tui import index_notes
from workbench.tui.dialog import Dialog
from workbench.tui.labels import flat

if TYPE_CHECKING:
    from workbench.analysis.matching import LibraryCases, Match

#: Seconds of quiet typing before looking for similar claims.
DEBOUNCE = 0.25
#: The top of what the library filter would show for the claim typed so far.
SIMILAR_LIMIT = 5


def match_prompt(match: Match) -> Content:
    """Score, title and claim on one line (a prior check: its publisher, claim and review
    address; a queued claim: "queued" and the claim); user text as plain text, never
    markup."""
    claim = flat(match.claim)
    score: tuple[str, str] = (f"{match.score:>3} ", "bold")
    if match.kind == REFERENCE:
        publisher = flat(match.publisher) or "unknown publisher"
        parts: list[tuple[str, str] | str] = [score, (f"prior check · {publisher}", "italic"),
                                              (f" — “{claim}”", "dim")]
        if match.url.strip():
            # On a line of its own, under the claim: an address is copied whole.
            parts += ["\n    ", (flat(match.url), "underline")]
        return Content.assemble(*parts)
    if match.kind == QUEUED:
        return Content.assemble(score, ("queued", "italic"), (f" — “{claim}”", "dim"))
    title = flat(match.title)
    parts = [score, (title, "")]
    if claim and claim != title:
        parts.append((f" — “{claim}”", "dim"))
    return Content.assemble(*parts)


def corpus_row(match: Match) -> IndexRow:
    """A corpus match as the library lists it (the claimant is not part of a match)."""
    return IndexRow(match.kind, match.id, "", "", match.claim, "", "", match.rating,
                    match.updated, match.publisher, match.url)


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
        #: The cases listed, by option id; ``_corpus`` the corpus rows.
        self._matches: dict[str, Path] = {}
        self._corpus: dict[str, IndexRow] = {}
        # A small library's cases, read on the first search and matched on every later
        # one; a library of more cases than that is matched in its index alone.
        self._cases: LibraryCases | None = None
        self._many_cases: bool | None = None
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
        from rapidfuzz.utils import default_process

        from workbench.analysis.matching import (
            CLAIM_CUTOFF,
            SIMILAR_MIN_CHARACTERS,
            LibraryCases,
            match_claims,
            reads_as_claim,
            similar_cases,
        )
        from workbench.casefile.library import Library
        from workbench.tui.case_table import SMALL_LIBRARY

        library = Library(self.folder)
        try:
            # The library screen refreshed the index moments ago.
            if self._many_cases is None:
                self._many_cases = library.count(CASE) > SMALL_LIBRARY
            if not self._many_cases and self._cases is None:
                self._cases = LibraryCases(library)
            if self._cases is not None:
                matches = similar_cases(self._cases, text, SIMILAR_LIMIT)
            elif len(default_process(text)) >= SIMILAR_MIN_CHARACTERS:
                matches = match_claims(library, text, SIMILAR_LIMIT, refresh=False,
                                       kinds=(CASE,))
            else:
                matches = []
            if reads_as_claim(text):
                matches += [match for match in match_claims(
                    library, text, SIMILAR_LIMIT, refresh=False, kinds=(REFERENCE, QUEUED))
                    if match.score >= CLAIM_CUTOFF]
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
        self._matches, self._corpus = {}, {}
        for index, match in enumerate(message.matches):
            option_id = f"match-{index}"
            if match.is_case:
                self._matches[option_id] = Path(match.path)
            else:
                self._corpus[option_id] = corpus_row(match)
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
        option_id = event.option_id or ""
        path = self._matches.get(option_id)
        if path is not None:
            self.dismiss(path)
            return
        row = self._corpus.get(option_id)
        if row is None:
            return
        if row.kind == QUEUED:
            self._open_queued(row)
        else:
            self._show_prior_check(row)

    @work(thread=True, group="prior")
    def _show_prior_check(self, row: IndexRow) -> None:
        """Show a prior check, every field of it read first."""
        from workbench.tui.corpus_rows import whole_prior_check
        from workbench.tui.prior_check_dialog import PriorCheckDialog

        whole = whole_prior_check(self.folder, row)
        self.app.call_from_thread(self.app.push_screen, PriorCheckDialog(whole))

    @work(thread=True, group="create")
    def _open_queued(self, row: IndexRow) -> None:
        """Make the case file of a queued claim (it leaves the queue); it opens next."""
        from workbench.tui.corpus_rows import open_queued_case

        try:
            path = open_queued_case(self.folder, row)
        except CaseFileError as error:
            self.post_message(self.CreateFailed(str(error)))
        else:
            self.post_message(self.Created(path))

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
        except CaseFileError as error:
            self.post_message(self.CreateFailed(str(error)))
            return
        index_notes.begin(self.folder)
        path: Path | None = None
        try:
            path = library.path_for(case.title)
            # Closed at once: the case screen opens it again and takes the writer's lock.
            CaseFile.create(path, case).close()
        except (CaseFileError, OSError) as error:
            path = None
            self.post_message(self.CreateFailed(str(error)))
        finally:
            index_notes.end(self.folder, *([path] if path else []))
        if path is not None:
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
