"""The library screen: the library's cases, prior fact-checks and queued claims, newest
first.

Typing filters, always: every printable key goes to the filter, in the order typed, and
no command sits on a key that can be typed (``d`` in "donald" once trashed a case). The
commands are on ctrl keys and delete. The filter never takes the focus: the table keeps
it, so the arrows and enter work on the matches while the words are typed, and no key is
lost or reordered while the focus would move.

It must come up fast on a large library, so it shows what the index already knows first
and brings the index in step with the files afterwards (one stat when nothing changed),
redrawing only if something changed. A small library (``SMALL_LIBRARY`` rows) is held
whole and filtered as before, typos forgiven (rapidfuzz's partial ratio, between two
keystrokes); a larger one is never held: the table reads pages of the index as they come
into view (``PagedRows``), and the filter runs in SQLite (every word as a word or the
start of one, FTS5). Either way a filter that reads as a claim puts the claim matcher's
best first. Every disk operation (reading the index, moving a file to the trash and back,
importing a file, opening a queued claim) and every filter that reads the index runs in a
worker thread: the table answers keys while they run. Only the newest filter is worked
on: words typed while one runs replace the one waiting, never queue behind it.

Enter opens a case; on a queued claim it makes the claim's case file first (it leaves the
queue) and opens that; on a prior check it shows the check (``PriorCheckDialog``). The
TUI's own writes to the folder (trash, restore, a queued claim opened, a case closed) are
told to the index (``index_notes``), which the screen waits for before reading it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Input, Static
from textual.worker import get_current_worker

from workbench.casefile.errors import CaseFileError
from workbench.casefile.library import CASE, QUEUED, REFERENCE, IndexRow, Library, Skipped
from workbench.tui import index_notes
from workbench.tui.case_table import (
    PAGE,
    SMALL_LIBRARY,
    CaseTable,
    PagedRows,
    Row,
    claim_filter,
    claim_matches,
    fuzzy_filter,
    haystack,
    is_claim_query,
    kind_of,
    row_key,
)
from workbench.tui.corpus_rows import open_queued_case, whole_prior_check
from workbench.tui.help_screen import key_for
from workbench.tui.labels import skipped_line

if TYPE_CHECKING:
    from workbench.casefile.trash import Trashed
    from workbench.model import Case

#: Unreadable files named in the warning; a folder of hundreds gets a count for the rest.
_SKIPPED_SHOWN = 5


@dataclass(frozen=True)
class LibraryView:
    """What the index holds: how many rows of each kind, and the rows, whole (a small
    library) or read on demand."""

    counts: dict[str, int]
    rows: list[IndexRow] | PagedRows
    #: False for the first page shown before the index is counted (``first_view``).
    counted: bool = True

    @property
    def total(self) -> int:
        return sum(self.counts.values()) if self.counted else len(self.rows)

    @property
    def small(self) -> bool:
        return not isinstance(self.rows, PagedRows)

    def known(self) -> list[IndexRow]:
        return self.rows.loaded() if isinstance(self.rows, PagedRows) else self.rows

    def same_as(self, other: LibraryView | None) -> bool:
        """Whether ``other`` shows the same (the counts and the rows known)."""
        return (other is not None and other.counted == self.counted
                and other.counts == self.counts and other.known() == self.known())


def first_view(library: Library) -> LibraryView:
    """The first page of the index, for the first paint: counting a million rows takes a
    tenth of a second, which the rows need not wait for (``read_view`` follows)."""
    first = library.page(0, PAGE)
    if len(first) < PAGE:  # the whole library: counted as it is
        return LibraryView({kind: sum(row.kind == kind for row in first)
                            for kind in (CASE, REFERENCE, QUEUED)}, first)
    return LibraryView({}, PagedRows(len(first), library.page, first=first), counted=False)


def read_view(library: Library) -> LibraryView:
    """The counts and the first rows of the index (a worker thread's job)."""
    counts = {kind: library.count(kind) for kind in (CASE, REFERENCE, QUEUED)}
    total = sum(counts.values())
    if total <= SMALL_LIBRARY:
        return LibraryView(counts, library.page(0, total))
    return LibraryView(counts, PagedRows(total, partial(library.page, total=total),
                                         first=library.page(0, PAGE)))


def counts_text(counts: dict[str, int]) -> str:
    """"3 cases · 1,204 prior checks · 12 queued": the corpus parts only when present."""
    def part(count: int, one: str, many: str) -> str:
        return f"{count:,} {one if count == 1 else many}"

    parts = [part(counts.get(CASE, 0), "case", "cases")]
    if counts.get(REFERENCE):
        parts.append(part(counts[REFERENCE], "prior check", "prior checks"))
    if counts.get(QUEUED):
        parts.append(f"{counts[QUEUED]:,} queued")
    return " · ".join(parts)


class FilterLine(Input):
    """The filter's text. The screen types into it; it never has the focus itself."""

    can_focus = False


class LibraryScreen(Screen[None]):
    """Lists the cases of one library folder; filter, create, open and delete them."""

    DEFAULT_CSS = """
    LibraryScreen {
        #filter {
            height: 1;
            margin: 0 0 1 0;
            padding: 0 2;
            border: none;
            background: $boost;
        }
        #cases {
            height: 1fr;
        }
        #empty, #no-match {
            display: none;
            height: 1fr;
            color: $text-muted;
        }
        /* The filter line is hidden above an empty library's text: one more line of
           space keeps that text off the header. */
        #empty {
            padding: 2 4;
        }
        #no-match {
            padding: 1 4;
        }
        &.-empty {
            #cases, #filter { display: none; }
            #empty { display: block; }
        }
        &.-no-match {
            #cases { display: none; }
            #no-match { display: block; }
        }
    }
    """

    AUTO_FOCUS = "#cases"
    #: No printable key: typing one filters, whatever a keymap binds to it (``on_key``).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new", "New case", id="library.new"),
        Binding("ctrl+l", "import", "Import", id="library.import"),
        Binding("delete,ctrl+d", "delete", "Delete", id="library.delete"),
        Binding("ctrl+z", "undo", "Undo", id="library.undo"),
        Binding("backspace", "erase", "Erase a letter of the filter", show=False,
                id="library.erase"),
        Binding("escape", "clear_filter", "Clear filter", show=False,
                id="library.clear_filter"),
        Binding("ctrl+r", "refresh", "Refresh", show=False, id="library.refresh"),
        Binding("ctrl+o", "export", "Export", show=False, id="library.export"),
    ]

    class Loaded(Message):
        """The library was read (posted from the loading thread)."""

        def __init__(self, view: LibraryView, skipped: list[Skipped],
                     keep: str | None = None) -> None:
            super().__init__()
            self.view = view
            self.skipped = skipped
            #: The case the cursor should land on (a case just restored).
            self.keep = keep

    class LoadFailed(Message):
        """The library folder could not be read at all."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    class Filtered(Message):
        """A filter worker finished: the rows of ``view`` matching ``query``, best first."""

        def __init__(self, query: str, view: LibraryView, rows: list[Row] | PagedRows
                     ) -> None:
            super().__init__()
            self.query = query
            self.view = view
            self.rows = rows

    class MovedToTrash(Message):
        """A case file went to the trash."""

        def __init__(self, item: Trashed, title: str) -> None:
            super().__init__()
            self.item = item
            self.title = title

    class Restored(Message):
        """A trashed case came back, under ``path``."""

        def __init__(self, path: Path, title: str) -> None:
            super().__init__()
            self.path = path
            self.title = title

    class OperationFailed(Message):
        """Deleting, restoring or opening a row failed; ``reason`` says why, in one line."""

        def __init__(self, title: str, reason: str) -> None:
            super().__init__()
            self.title = title
            self.reason = reason

    class QueuedOpened(Message):
        """A queued claim's case file was made, at ``path``."""

        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    class Imported(Message):
        """The cases of an imported file are in the library, under ``paths``."""

        def __init__(self, file: Path, paths: list[Path], notes: tuple[str, ...]) -> None:
            super().__init__()
            self.file = file
            self.paths = paths
            self.notes = notes

    class ImportFailed(Message):
        """Nothing, or not all, of a file could be imported; ``reason`` is one line."""

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
        # Set once the first rows are on screen: the refresh and the warm-up imports wait
        # for it, so they do not compete with the first paint for the GIL.
        self._painted = threading.Event()
        self._view = LibraryView({}, [])
        # Filter text per row of a small library, prepared on first use after each load.
        self._haystacks: list[str] | None = None
        self._query = ""
        # The filter waiting for the filter worker (only the newest is kept), and whether
        # that worker is running.
        self._filter_lock = threading.Lock()
        self._filter_wanted: tuple[str, LibraryView] | None = None
        self._filter_running = False
        self._loaded_once = False
        # The case last opened from here: the cursor finds it again on return, wherever
        # its edits moved it in the list.
        self._keep_on_resume: str | None = None
        #: Cases deleted this session, the last one on top: ctrl+z restores it.
        self.undo_stack: list[tuple[Trashed, str]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterLine(
            placeholder="Filter: type part of a title or claim (fuzzy)",
            id="filter",
            compact=True,
        )
        yield CaseTable(id="cases")
        yield Static(id="no-match", markup=False)
        yield Static(self._empty_text(), id="empty", markup=False)
        yield Footer()

    def _empty_text(self) -> str:
        new = key_for(self.app, "library.new", "ctrl+n")
        import_key = key_for(self.app, "library.import", "ctrl+l")
        return (
            "There are no cases in this library yet.\n\n"
            f"Press {new} to start a case: type the claim you are checking.\n"
            f"Press {import_key} to import an article, a ClaimReview or a case .json.\n\n"
            "Or from the command line:\n\n"
            '    workbench new "CLAIM"       start a case for a claim\n'
            "    workbench import FILE       import cases, articles, claim lists\n\n"
            f"Library: {self.folder}"
        )

    def on_mount(self) -> None:
        self.sub_title = "Library"
        self.query_one(CaseTable).loading = True

    def on_screen_resume(self) -> None:
        # Also on first show: a case opened from here may have changed its file meanwhile.
        self._load(self.folder, quick=not self._loaded_once, keep=self._keep_on_resume)
        self._loaded_once = True
        self._keep_on_resume = None

    @property
    def _entries(self) -> list[IndexRow]:
        """The rows of the library known here: all of a small one, the first page of a
        large one (empty: the library is)."""
        return self._view.known()

    # Loading

    def action_refresh(self) -> None:
        """Compare every case file with the index (ctrl+r): what a change made behind
        the index's back (see ``workbench.casefile.library``) comes back."""
        self._load(self.folder, walk=True)

    @work(thread=True, exclusive=True, group="library")
    def _load(self, folder: Path, *, quick: bool = False, keep: str | None = None,
              walk: bool = False) -> None:
        """Read the library; ``quick`` first shows what the index holds, before it is
        brought in step with the folder, so a large library paints at once."""
        worker = get_current_worker()
        library = Library(folder)
        shown: LibraryView | None = None
        # A case just closed is being noted: read the index once that is in.
        index_notes.settle(folder)
        top = self.app.screen
        if top is not self and not isinstance(top, ModalScreen):
            # Shown only in passing (the new-case dialog gone, the new case on its way):
            # a refresh now would list a folder the case screen is writing in. The next
            # time the library is shown it loads again.
            return
        try:
            if quick and library.index_path.exists():
                shown = first_view(library)
                if shown.total and self.post_message(self.Loaded(shown, [], keep)):
                    self._painted.wait(timeout=2.0)
            with self._refreshing:
                skipped = library.refresh(walk=walk)
                view = read_view(library)
        except (CaseFileError, OSError) as error:
            self.post_message(self.LoadFailed(str(error)))
            return
        if not worker.is_cancelled and (not view.same_as(shown) or skipped):
            self.post_message(self.Loaded(view, skipped, keep))
        if quick:
            # Warm up what the next keystrokes need, off the UI thread and after the
            # first paint: the case screen (sqlite_utils, Markdown) and the fuzzy scorer.
            import rapidfuzz.process  # noqa: F401

            import workbench.tui.case_screen  # noqa: F401

    @on(Loaded)
    def _show_entries(self, message: Loaded) -> None:
        view = self._view = message.view
        self._haystacks = None
        table = self.query_one(CaseTable)
        table.loading = False
        if view.counted:
            self.sub_title = f"Library · {counts_text(view.counts)}"
            self.query_one(FilterLine).placeholder = (
                "Filter: type part of a title or claim (fuzzy)" if view.small else
                "Filter: type words of a title, claim or claimant (each word or its start)")
        self._show_empty(not view.total)
        self._apply_filter(keep=message.keep)
        self._report(message.skipped)
        self.refresh_bindings()
        self.call_after_refresh(self._painted.set)

    def _show_empty(self, empty: bool) -> None:
        """An empty library hides the filter: words typed before it was known to be empty
        must not be waiting there, unseen, when the first case arrives."""
        self.set_class(empty, "-empty")
        if empty:
            self.query_one(FilterLine).value = ""

    def _report(self, skipped: list[Skipped]) -> None:
        fresh = [item for item in skipped if item not in self._reported]
        self._reported.update(fresh)
        if fresh:
            lines = [skipped_line(item) for item in fresh[:_SKIPPED_SHOWN]]
            if len(fresh) > _SKIPPED_SHOWN:
                lines.append(f"… and {len(fresh) - _SKIPPED_SHOWN} more")
            self.notify(
                "\n".join(lines),
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

    # Filtering

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._query = event.value
        self._apply_filter()

    def _apply_filter(self, *, keep: str | None = None) -> None:
        """Show the rows matching the filter: at once for a small library and a word or
        two, else from the filter worker (the table keeps the previous result until then)."""
        table = self.query_one(CaseTable)
        query = self._query.strip()
        view = self._view
        if not query:
            self._show_matches(view.rows, keep)
            return
        if view.small and not is_claim_query(query):
            if self._haystacks is None:
                self._haystacks = [haystack(entry) for entry in view.known()]
            matches = fuzzy_filter(self._haystacks, query)
            self._show_matches([view.known()[i] for i in matches], keep)
            return
        table.loading = table.row_count == 0
        with self._filter_lock:
            self._filter_wanted = (query, view)
            if self._filter_running:
                return  # The running worker takes it next.
            self._filter_running = True
        self.run_worker(self._filter_newest, thread=True, group="filter", name="filter",
                        exit_on_error=False)

    def _filter_newest(self) -> None:
        """Worker thread: filter for the newest query until none is waiting."""
        while True:
            with self._filter_lock:
                job = self._filter_wanted
                self._filter_wanted = None
                if job is None:
                    self._filter_running = False
                    return
            query, view = job
            try:
                rows = self._filter_rows(query, view)
            except (CaseFileError, OSError) as error:
                self.post_message(self.LoadFailed(str(error)))
                continue
            self.post_message(self.Filtered(query, view, rows))

    def _filter_rows(self, query: str, view: LibraryView) -> list[Row] | PagedRows:
        """The rows of ``view`` matching ``query`` (worker thread)."""
        if view.small:
            rows = view.known()
            haystacks = [haystack(entry) for entry in rows]
            if is_claim_query(query):
                # The index must not be read while the loader rewrites it.
                with self._refreshing:
                    found = claim_filter(self.folder, rows, haystacks, query)
            else:
                found = fuzzy_filter(haystacks, query)
            return [rows[i] for i in found]
        from workbench.text import normalise_text

        if not normalise_text(query).split():
            return view.rows  # Only punctuation: no word to look for, nothing hidden.
        library = Library(self.folder)
        leading = claim_matches(self.folder, query) if is_claim_query(query) else []
        first = library.page(0, PAGE, filter=query)
        if len(first) < PAGE:
            # All the filter finds: a row the claim matcher put first is not listed again.
            # (Past a page, one may be, in its place by date: the index pages are not
            # read to find it.)
            shown = set(map(row_key, leading))
            first = [row for row in first if row_key(row) not in shown]
            count = len(first)
        else:
            count = library.count(filter=query)
        return PagedRows(count, partial(library.page, filter=query, total=count),
                         leading=leading, first=first)

    @on(Filtered)
    def _filtered(self, message: Filtered) -> None:
        if message.view is not self._view:
            return  # The library was reloaded meanwhile; a newer filter is on its way.
        if message.query == self._query.strip():
            self.query_one(CaseTable).loading = False
            self._show_matches(message.rows)

    def _show_matches(self, shown: list[Row] | list[IndexRow] | PagedRows,
                      keep: str | None = None) -> None:
        table = self.query_one(CaseTable)
        # A new filter puts the best match under the cursor; a reload keeps the case.
        basis = self._entries if self._view.small else None
        new_filter = bool(self._query.strip()) and keep is None
        table.show(shown, keep=keep, basis=basis, cursor=0 if new_filter else None)
        if new_filter and len(shown):
            table.cursor_row = 0
        no_match = bool(self._view.total) and not len(shown)
        self.set_class(no_match, "-no-match")
        if not no_match and self.focused is None:
            table.focus()  # Hidden while nothing matched, the table lost the focus.
        if no_match:
            clear = key_for(self.app, "library.clear_filter", "escape")
            only_cases = self._view.counts.get(CASE) == self._view.total
            nothing = "No case" if only_cases else "Nothing"
            self.query_one("#no-match", Static).update(
                f"{nothing} matches “{self._query.strip()}”.\n\n"
                f"Press {clear} to clear the filter."
            )

    def on_key(self, event: events.Key) -> None:
        """Every printable key types into the filter, space and "/" too.

        Here, before any binding is looked up (the app does that once the key has passed
        the screen), so a keymap that puts a command on a letter cannot fire mid-word. The
        key is inserted now, on the path every key takes, so keys typed at any speed land
        in the order they were typed.
        """
        if not self._takes_typing() or not event.is_printable or event.character is None:
            return
        event.stop()
        event.prevent_default()
        self._type_into_filter(event.character)

    def on_paste(self, event: events.Paste) -> None:
        text = " ".join(event.text.split())
        if text and self._takes_typing():
            event.stop()
            self._type_into_filter(text)

    def _takes_typing(self) -> bool:
        """Not under a dialog (a key on its way there is the dialog's), nor on an empty
        library, where there is nothing to filter."""
        return self.app.screen is self and not self.has_class("-empty")

    def _type_into_filter(self, text: str) -> None:
        self.query_one(FilterLine).insert_text_at_cursor(text)

    def action_erase(self) -> None:
        self.query_one(FilterLine).action_delete_left()

    def action_clear_filter(self) -> None:
        self.query_one(FilterLine).value = ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return bool(self.undo_stack)
        if action in {"clear_filter", "erase"}:
            # The field, not ``_query``: that follows a message behind the last key.
            return bool(self.query_one(FilterLine).value)
        if action == "delete" and not self._view.total:
            return False  # Hidden on an empty library: nothing to delete.
        if action == "delete":
            tables = self.query(CaseTable)
            return (bool(tables) and tables.first().cursor_entry is not None) or None
        return True

    # Opening and creating

    @on(CaseTable.Selected, "#cases")
    def _open_selected(self, event: CaseTable.Selected) -> None:
        """A case opens; a queued claim becomes a case and opens; a prior check is shown."""
        entry = event.entry
        kind = kind_of(entry)
        if kind == CASE:
            self.open_case(Path(entry.path))
        elif kind == QUEUED and isinstance(entry, IndexRow):
            self._open_queued(entry)
        elif isinstance(entry, IndexRow):
            self._show_prior_check(entry)

    @work(thread=True, group="prior")
    def _show_prior_check(self, row: IndexRow) -> None:
        """Show a prior check, every field of it read first."""
        from workbench.tui.prior_check_dialog import PriorCheckDialog

        whole = whole_prior_check(self.folder, row)
        self.app.call_from_thread(self.app.push_screen, PriorCheckDialog(whole))

    @work(thread=True, group="queued")
    def _open_queued(self, row: IndexRow) -> None:
        """Make the case file of a queued claim (it leaves the queue), then open it."""
        try:
            path = open_queued_case(self.folder, row)
        except CaseFileError as error:
            self.post_message(self.OperationFailed(row.claim, str(error)))
        else:
            self.post_message(self.QueuedOpened(path))

    @on(QueuedOpened)
    def _queued_opened(self, message: QueuedOpened) -> None:
        self.open_case(message.path)

    def open_case(self, path: Path) -> None:
        """Show the case file ``path`` in the case screen (imported here: it is heavy)."""
        from workbench.tui.case_screen import CaseScreen

        self._keep_on_resume = str(path)
        self.app.push_screen(CaseScreen(path))

    def action_new(self) -> None:
        from workbench.tui.new_case import NewCaseScreen

        def opened(path: Path | None) -> None:
            if path is not None:
                self.open_case(path)

        self.app.push_screen(NewCaseScreen(self.folder), opened)

    def action_import(self) -> None:
        """Ask for a file (ctrl+l) and import it as ``workbench import`` does."""
        from workbench.tui.import_dialog import ImportDialog

        def chosen(file: Path | None) -> None:
            if file is not None:
                self._import(file)

        self.app.push_screen(ImportDialog(), chosen)

    @work(thread=True, group="import")
    def _import(self, file: Path) -> None:
        from workbench.config import Config
        from workbench.errors import UserFacingError
        from workbench.formats.importing import import_into_library

        scales = (getattr(self.app, "config", None) or Config()).scales
        try:
            result = import_into_library(file, Library(self.folder), scales=scales)
        except UserFacingError as error:
            self.post_message(self.ImportFailed(f"{file}: {error}"))
        except OSError as error:
            self.post_message(self.ImportFailed(f"{file}: {error.strerror or error}"))
        except Exception as error:
            # A bug in an importer still gets one line, not a crash with a traceback.
            self.post_message(self.ImportFailed(
                f"{file}: unexpected error ({type(error).__name__}: {error}); this is a "
                "bug, please report it"))
        else:
            self.post_message(self.Imported(file, result.paths, result.notes))

    @on(Imported)
    def _imported(self, message: Imported) -> None:
        if message.notes:
            # How the file was read (a claim taken from the headline): worth a look.
            self.notify("\n".join(message.notes), title=f"Check {message.file.name}",
                        severity="warning", timeout=15, markup=False)
        count = len(message.paths)
        if count == 1:
            self.notify(f"{message.file.name} is now {message.paths[0].name}",
                        title="Imported", markup=False)
            self.open_case(message.paths[0])
            return
        # Several ClaimReview records: each is a case of its own; none is "the" one.
        self.notify(f"{count} cases from {message.file.name}", title="Imported",
                    markup=False)
        self._load(self.folder, keep=str(message.paths[0]))

    @on(ImportFailed)
    def _import_failed(self, message: ImportFailed) -> None:
        self.notify(message.reason, title="Not imported", severity="error", markup=False)
        # A file of several records may have failed part way: show what did arrive.
        self._load(self.folder)

    def action_export(self) -> None:
        """Export the highlighted case (ctrl+o): the export dialog, as on the case screen."""
        entry = self.query_one(CaseTable).cursor_entry
        if entry is None or kind_of(entry) != CASE:
            self.app.bell()
            return
        from workbench.casefile.store import CaseFile
        from workbench.tui.exporting import ExportFlow

        def load() -> Case:
            # Read-only: the case may be open in another Workbench.
            with CaseFile.open(Path(entry.path), read_only=True) as casefile:
                return casefile.load()

        ExportFlow(self, Path(entry.path), load).start()

    # Deleting and undoing

    def action_delete(self) -> None:
        """Trash the highlighted case: at once, or, with words in the filter, once asked.

        Words in the filter mean the user was typing, and delete (or ctrl+d) may have been
        meant to edit them; the question's default keeps the case.
        """
        entry = self.query_one(CaseTable).cursor_entry
        if entry is None:
            self.app.bell()
            return
        if kind_of(entry) != CASE:
            self.app.bell()
            self.notify("Only a case goes to the trash; prior checks and queued claims "
                        "stay in the library's corpus.", title="Not deleted", markup=False)
            return
        path, title = Path(entry.path), entry.title
        if not self.query_one(FilterLine).value:
            self._trash(path, title)
            return
        from workbench.tui.confirm import Confirm

        def answered(yes: bool | None) -> None:
            if yes:
                self._trash(path, title)

        undo = key_for(self.app, "library.undo", "ctrl+z")
        self.app.push_screen(
            Confirm(
                "Delete this case?",
                f"Move “{title}” to the trash?\n\nThe filter holds words, so the key may "
                f"have been meant for them. A deleted case comes back with {undo}.",
                yes="Move to trash",
                no="Keep it",
                default=False,
            ),
            answered,
        )

    @work(thread=True, group="trash")
    def _trash(self, path: Path, title: str) -> None:
        from workbench.casefile.trash import move_to_trash

        index_notes.begin(self.folder)
        try:
            item = move_to_trash(self.folder, path)
        except CaseFileError as error:
            index_notes.end(self.folder)
            self.post_message(self.OperationFailed(title, str(error)))
            return
        index_notes.end(self.folder, path)
        self.post_message(self.MovedToTrash(item, title))

    @on(MovedToTrash)
    def _trashed(self, message: MovedToTrash) -> None:
        self.undo_stack.append((message.item, message.title))
        # Gone from the table at once (a small library's); the index catches up in the
        # background and the load that follows shows it.
        path = str(message.item.original)
        view = self._view
        if view.small:
            rows = [entry for entry in view.known() if entry.path != path]
            counts = {**view.counts, CASE: max(view.counts.get(CASE, 0) - 1, 0)}
            self._view = LibraryView(counts, rows)
            self._haystacks = None
            self._show_empty(not rows)
            self._apply_filter()
        undo = key_for(self.app, "library.undo", "ctrl+z")
        self.notify(
            f"“{message.title}” moved to trash — press {undo} to undo",
            title="Deleted",
            markup=False,
        )
        self.refresh_bindings()
        self._load(self.folder)

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.app.bell()
            return
        item, title = self.undo_stack.pop()
        self.refresh_bindings()
        self._restore(item, title)

    @work(thread=True, group="trash")
    def _restore(self, item: Trashed, title: str) -> None:
        from workbench.casefile.trash import restore

        index_notes.begin(self.folder)
        try:
            path = restore(item)
        except CaseFileError as error:
            index_notes.end(self.folder)
            self.post_message(self.OperationFailed(title, str(error)))
            return
        index_notes.end(self.folder, path)
        self.post_message(self.Restored(path, title))

    @on(Restored)
    def _restored(self, message: Restored) -> None:
        self.notify(f"“{message.title}” is back", title="Restored", markup=False)
        self._load(self.folder, keep=str(message.path))

    @on(OperationFailed)
    def _operation_failed(self, message: OperationFailed) -> None:
        self.notify(message.reason, title=f"“{message.title}”", severity="error",
                    markup=False)
