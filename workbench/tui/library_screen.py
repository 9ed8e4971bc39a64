"""The library screen: every case in the library folder, most recently updated first.

Typing filters, always: every printable key goes to the filter, in the order typed, and
no command sits on a key that can be typed (``d`` in "donald" once trashed a case). The
commands are on ctrl keys and delete. The filter never takes the focus: the table keeps
it, so the arrows and enter work on the matches while the words are typed, and no key is
lost or reordered while the focus would move.

It must come up fast on a large library, so it shows what the index already knows first
and brings the index in step with the files afterwards (one stat a file), redrawing only
if something changed. Every disk operation (reading the index, moving a file to the trash
and back, importing a file), every fuzzy filter over a large library and every filter that
reads as a claim (the claim matcher reads the library index) runs in a worker thread: the
table answers keys while they run.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static
from textual.worker import get_current_worker

from workbench.casefile.errors import CaseFileError
from workbench.casefile.library import Library, LibraryEntry, Skipped
from workbench.tui.case_table import (
    CaseTable,
    claim_filter,
    fuzzy_filter,
    haystack,
    is_claim_query,
)
from workbench.tui.help_screen import key_for
from workbench.tui.labels import skipped_line

if TYPE_CHECKING:
    from workbench.casefile.trash import Trashed
    from workbench.model import Case

#: Up to this many cases the filter runs between two keystrokes on the UI thread (a few
#: milliseconds); beyond it, in a worker thread.
SYNC_FILTER_LIMIT = 2000
#: Unreadable files named in the warning; a folder of hundreds gets a count for the rest.
_SKIPPED_SHOWN = 5


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

        def __init__(self, entries: list[LibraryEntry], skipped: list[Skipped],
                     keep: str | None = None) -> None:
            super().__init__()
            self.entries = entries
            self.skipped = skipped
            #: The case the cursor should land on (a case just restored).
            self.keep = keep

    class LoadFailed(Message):
        """The library folder could not be read at all."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    class Filtered(Message):
        """A filter worker finished: which of ``entries`` match ``query``, best first."""

        def __init__(self, query: str, entries: list[LibraryEntry], haystacks: list[str],
                     matches: list[int]) -> None:
            super().__init__()
            self.query = query
            self.entries = entries
            self.haystacks = haystacks
            self.matches = matches

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
        """Deleting or restoring a case failed; ``reason`` says why, in one line."""

        def __init__(self, title: str, reason: str) -> None:
            super().__init__()
            self.title = title
            self.reason = reason

    class Imported(Message):
        """The cases of an imported file are in the library, under ``paths``."""

        def __init__(self, file: Path, paths: list[Path]) -> None:
            super().__init__()
            self.file = file
            self.paths = paths

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
        # Set once the first rows are on screen: the stat of every file and the warm-up
        # imports wait for it, so they do not compete with the first paint for the GIL.
        self._painted = threading.Event()
        self._entries: list[LibraryEntry] = []
        # Filter text per case, prepared on first use after each load.
        self._haystacks: list[str] | None = None
        self._query = ""
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

    # Loading

    def action_refresh(self) -> None:
        self._load(self.folder)

    @work(thread=True, exclusive=True, group="library")
    def _load(self, folder: Path, *, quick: bool = False, keep: str | None = None) -> None:
        """Read the library; ``quick`` first shows what the index holds, before the stat
        of every file, so a large library paints at once."""
        worker = get_current_worker()
        library = Library(folder)
        shown: list[LibraryEntry] | None = None
        try:
            if quick and library.index_path.exists():
                shown = library.entries()
                if shown and self.post_message(self.Loaded(shown, [], keep)):
                    self._painted.wait(timeout=2.0)
            with self._refreshing:
                skipped = library.refresh()
                entries = library.entries()
        except (CaseFileError, OSError) as error:
            self.post_message(self.LoadFailed(str(error)))
            return
        if not worker.is_cancelled and (entries != shown or skipped):
            self.post_message(self.Loaded(entries, skipped, keep))
        if quick:
            # Warm up what the next keystrokes need, off the UI thread and after the
            # first paint: the case screen (sqlite_utils, Markdown) and the fuzzy scorer.
            import rapidfuzz.process  # noqa: F401

            import workbench.tui.case_screen  # noqa: F401

    @on(Loaded)
    def _show_entries(self, message: Loaded) -> None:
        self._entries = message.entries
        self._haystacks = None
        table = self.query_one(CaseTable)
        table.loading = False
        count = len(message.entries)
        self.sub_title = f"Library · {count} case{'' if count == 1 else 's'}"
        self._show_empty(not message.entries)
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
        """Show the cases matching the filter: at once for a small library, else from a
        worker (the table keeps the previous result until then)."""
        table = self.query_one(CaseTable)
        query = self._query.strip()
        if not query:
            self._show_matches(self._entries, keep)
            return
        if len(self._entries) <= SYNC_FILTER_LIMIT and not is_claim_query(query):
            if self._haystacks is None:
                self._haystacks = [haystack(entry) for entry in self._entries]
            matches = fuzzy_filter(self._haystacks, query)
            self._show_matches([self._entries[i] for i in matches], keep)
        else:
            table.loading = table.row_count == 0
            self._filter_in_thread(query, self._entries, self._haystacks)

    @work(thread=True, exclusive=True, group="filter")
    def _filter_in_thread(self, query: str, entries: list[LibraryEntry],
                          haystacks: list[str] | None) -> None:
        if haystacks is None:
            haystacks = [haystack(entry) for entry in entries]
        if is_claim_query(query):
            # The index must not be read while the loader rewrites it.
            with self._refreshing:
                matches = claim_filter(self.folder, entries, haystacks, query)
        else:
            matches = fuzzy_filter(haystacks, query)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Filtered(query, entries, haystacks, matches))

    @on(Filtered)
    def _filtered(self, message: Filtered) -> None:
        if message.entries is not self._entries:
            return  # The library was reloaded meanwhile; a newer filter is on its way.
        self._haystacks = message.haystacks
        if message.query == self._query.strip():
            self.query_one(CaseTable).loading = False
            self._show_matches([message.entries[i] for i in message.matches])

    def _show_matches(self, shown: list[LibraryEntry], keep: str | None = None) -> None:
        table = self.query_one(CaseTable)
        # A new filter puts the best match under the cursor; a reload keeps the case.
        table.show(shown, keep=keep, basis=self._entries)
        if self._query.strip() and keep is None and shown:
            table.cursor_row = 0
        no_match = bool(self._entries) and not shown
        self.set_class(no_match, "-no-match")
        if not no_match and self.focused is None:
            table.focus()  # Hidden while nothing matched, the table lost the focus.
        if no_match:
            clear = key_for(self.app, "library.clear_filter", "escape")
            self.query_one("#no-match", Static).update(
                f"No case matches “{self._query.strip()}”.\n\nPress {clear} to clear the filter."
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
        if action == "delete" and not self._entries:
            return False  # Hidden on an empty library: nothing to delete.
        if action == "delete":
            tables = self.query(CaseTable)
            return (bool(tables) and tables.first().cursor_entry is not None) or None
        return True

    # Opening and creating

    @on(CaseTable.Selected, "#cases")
    def _open_selected(self, event: CaseTable.Selected) -> None:
        self.open_case(Path(event.entry.path))

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
            paths = import_into_library(file, Library(self.folder), scales=scales)
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
            self.post_message(self.Imported(file, paths))

    @on(Imported)
    def _imported(self, message: Imported) -> None:
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
        if entry is None:
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

        try:
            item = move_to_trash(self.folder, path)
        except CaseFileError as error:
            self.post_message(self.OperationFailed(title, str(error)))
            return
        self.post_message(self.MovedToTrash(item, title))

    @on(MovedToTrash)
    def _trashed(self, message: MovedToTrash) -> None:
        self.undo_stack.append((message.item, message.title))
        # Gone from the table at once; the index catches up in the background.
        path = str(message.item.original)
        self._entries = [entry for entry in self._entries if entry.path != path]
        self._haystacks = None
        self._show_empty(not self._entries)
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

        try:
            path = restore(item)
        except CaseFileError as error:
            self.post_message(self.OperationFailed(title, str(error)))
            return
        self.post_message(self.Restored(path, title))

    @on(Restored)
    def _restored(self, message: Restored) -> None:
        self.notify(f"“{message.title}” is back", title="Restored", markup=False)
        self._load(self.folder, keep=str(message.path))

    @on(OperationFailed)
    def _operation_failed(self, message: OperationFailed) -> None:
        self.notify(message.reason, title=f"“{message.title}”", severity="error",
                    markup=False)
