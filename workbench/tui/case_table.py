"""The library's table, drawn a line at a time so a million rows cost what 40 do.

Textual's DataTable builds and measures every row when it is filled (about 1.5 s for
10,000 rows here); this widget renders only the rows in view (the Line API:
``render_line``). What it shows is either a plain list (a small library, held whole so
the typo-tolerant filter can run over it between two keystrokes) or ``PagedRows``: the
row count and a few pages of the index, each read (on a worker) when it first comes into
view and dropped again when the cache is full, so a library of a million rows holds a few
hundred of them. Columns fit the width: the short ones (status, rating, updated) keep
what they need, title and claim share the rest, the title first, and are cut with "…"
(in a narrow terminal the claim column goes, see ``text_widths``); they are measured on
the rows known when the table is filled (a whole small library, else the first page),
never on every row.

A row is a case, a prior fact-check from the corpus or a queued backlog claim; the status
column says which (``kind_label``): a case's workflow status, "prior · PUBLISHER" or
"queued".

Also here: the filter's entry points for the library screen, kept free of Textual so
they can run in a worker thread; the matching itself is ``workbench.analysis.matching``'s,
shared with the new-case dialog.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events, on
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.casefile.errors import CaseFileError
from workbench.casefile.library import CASE, QUEUED, REFERENCE, IndexRow, Library, LibraryEntry
from workbench.tui.labels import one_line, short_date, status_label

#: A row of the table: a case as ``Library.entries`` gives it, or any row of the index.
Row = LibraryEntry | IndexRow

HEADERS = ("Title", "Claim", "Status", "Rating", "Updated")
#: Cells between two columns, and before the first.
GAP = 2
#: Caps on the short columns: longer values are cut rather than squeezing the claim.
_STATUS_CAP = 17
_RATING_CAP = 20
_UPDATED_WIDTH = 10
#: Title and claim never get less than this between them; narrower, columns are cut.
_MIN_TEXT_WIDTH = 24
#: A claim column narrower than this says too little to be worth the cells: the title
#: takes them, and the claim goes (the filter still searches it).
_MIN_CLAIM_WIDTH = 8
#: When titles are too long for the room, the claim keeps this much: its share of the room
#: (at least ``_CLAIM_ROOM`` cells) if the title still gets ``_MIN_TITLE_WIDTH`` beside it.
_CLAIM_SHARE = 4
_CLAIM_ROOM = 20
_MIN_TITLE_WIDTH = 36
#: Up to this many rows a library is held whole and filtered typo-tolerantly between two
#: keystrokes on the UI thread (a few milliseconds); beyond it, read a page at a time and
#: filtered in SQLite on a worker.
SMALL_LIBRARY = 2000
#: Rows read from the index at a time, and pages kept (the first page always stays).
PAGE = 200
CACHED_PAGES = 8
#: What a row not read yet shows until its page arrives.
_PENDING = ("…", "", "", "", "")


def text_widths(room: int, longest_title: int, longest_claim: int) -> tuple[int, int]:
    """Split ``room`` cells between the title and claim columns; a claim of 0 is hidden.

    The title comes first: it is how a desk tells its cases apart, and the claim it
    paraphrases is a reminder. So a title that fits is shown whole and the claim gets the
    rest; a title too long for the room leaves the claim a quarter of it (20 cells at
    least) while the title keeps 36 beside it, else the title takes it all.
    """
    room = max(room, _MIN_TEXT_WIDTH)
    if room - longest_title >= min(longest_claim, _MIN_CLAIM_WIDTH):
        return longest_title, room - longest_title
    claim = max(_CLAIM_ROOM, room // _CLAIM_SHARE)
    if room - claim >= _MIN_TITLE_WIDTH:
        return room - claim, claim
    return room, 0


def kind_of(entry: Row) -> str:
    """``case``, ``reference`` (a prior check) or ``queued``."""
    return getattr(entry, "kind", CASE)


def kind_label(entry: Row) -> str:
    """The status column: a case's status, or what kind of claim a corpus row is."""
    kind = kind_of(entry)
    if kind == REFERENCE:
        publisher = getattr(entry, "publisher", "")
        return f"prior · {publisher}" if publisher else "prior check"
    if kind == QUEUED:
        return "queued"
    return status_label(entry.status)


def row_key(entry: Row) -> str:
    """What names a row across reads: a case's path, a corpus row's kind and id."""
    kind = kind_of(entry)
    return entry.path if kind == CASE else f"{kind}:{getattr(entry, 'id', 0)}"


def column_widths(width: int, entries: Sequence[Row]) -> tuple[int, ...]:
    """The width of each column for a table ``width`` cells wide showing ``entries``.

    The short columns are measured over their distinct values (a handful even at 10,000
    cases), so this stays a few milliseconds at any size.
    """
    statuses = {kind_label(entry) for entry in entries}
    ratings = {entry.rating for entry in entries}
    status = min(_STATUS_CAP, max(cell_len(text) for text in (HEADERS[2], *statuses)))
    rating = min(_RATING_CAP, max(cell_len(text) for text in (HEADERS[3], *ratings)))
    longest_title = max([cell_len(HEADERS[0]), *(len(e.title) for e in entries)])
    longest_claim = max([cell_len(HEADERS[1]), *(len(e.claim) for e in entries)])
    room = width - status - rating - _UPDATED_WIDTH - GAP * len(HEADERS)
    title, claim = text_widths(room, longest_title, longest_claim)
    return title, claim, status, rating, _UPDATED_WIDTH


def entry_cells(entry: Row) -> tuple[str, ...]:
    """The text of each column for one row (uncut; user text is never markup here)."""
    return (
        entry.title,
        entry.claim,
        kind_label(entry),
        entry.rating,
        short_date(entry.updated),
    )


def haystack(entry: Row) -> str:
    """What the filter searches for a row: its title and claim, prepared once per load."""
    from workbench.analysis.matching import fragment_text

    return fragment_text(entry)  # type: ignore[arg-type]


def fuzzy_filter(haystacks: Sequence[str], query: str) -> list[int]:
    """Indexes of the rows holding ``query``, best first, ties in library order; an empty
    filter hides nothing.

    The small library's filter for a query of a word or two: ``find_cases`` without the
    claim matcher, which such a query does not use, so it needs no index and runs between
    two keystrokes.
    """
    from rapidfuzz.utils import default_process

    from workbench.analysis.matching import fragment_hits

    if not default_process(query):
        return list(range(len(haystacks)))
    return [found.index for found in fragment_hits(haystacks, query)]


def is_claim_query(query: str) -> bool:
    """Whether a filter reads as a claim someone retyped rather than a word or two."""
    from workbench.analysis.matching import reads_as_claim

    return reads_as_claim(query)


def claim_matches(folder: Path, query: str) -> list[IndexRow]:
    """The rows of the library (cases, prior checks, queued claims) whose claim reads like
    ``query``, best first: the claim matcher's, scoring ``CLAIM_CUTOFF`` or more. Reads
    the library index, so it belongs on a worker thread; an index that cannot be read
    (being rebuilt) finds nothing."""
    from workbench.analysis.matching import CLAIM_CUTOFF, CLAIM_LIMIT, match_claims

    try:
        matches = match_claims(Library(folder), query, CLAIM_LIMIT, refresh=False)
    except (CaseFileError, sqlite3.Error, OSError):
        return []
    return [IndexRow(match.kind, match.id, match.path, match.title, match.claim, "",
                     match.status, match.rating, match.updated, match.publisher, match.url)
            for match in matches if match.score >= CLAIM_CUTOFF]


def claim_filter(folder: Path, entries: Sequence[Row], haystacks: Sequence[str],
                 query: str) -> list[int]:
    """Indexes of the rows matching a claim-like ``query``, best first: the rows whose
    claim reads like it, then those holding it (``find_cases``'s order, as the new-case
    dialog's similar claims, over corpus rows too). Reads the library index, so it
    belongs on a worker thread.
    """
    from workbench.analysis.matching import fragment_hits

    position = {row_key(entry): index for index, entry in enumerate(entries)}
    leading = [position[key] for key in map(row_key, claim_matches(folder, query))
               if key in position]
    chosen = set(leading)
    return leading + [found.index for found in fragment_hits(haystacks, query)
                      if found.index not in chosen]


class PagedRows:
    """``len(self)`` rows read from the library index on demand: ``leading`` first (the
    claim matcher's best, for a filter that reads as a claim), then the index's rows as
    ``fetch(offset, limit)`` gives them, a ``PAGE`` at a time.

    ``get`` answers from the pages read so far (None: not read yet); the table reads the
    missing ones on a worker (``read``) and hands them back (``store``). At most
    ``CACHED_PAGES`` are kept besides the first.
    """

    def __init__(self, count: int, fetch: Callable[[int, int], list[IndexRow]], *,
                 leading: Sequence[IndexRow] = (), first: list[IndexRow] | None = None
                 ) -> None:
        self.leading = list(leading)
        self._count = len(self.leading) + count
        self._fetch = fetch
        self._pages: OrderedDict[int, list[IndexRow]] = OrderedDict()
        if first is not None:
            self._pages[0] = first

    def __len__(self) -> int:
        return self._count

    def page_of(self, index: int) -> int | None:
        """The page holding row ``index``; None for a leading row."""
        if index < len(self.leading):
            return None
        return (index - len(self.leading)) // PAGE

    def get(self, index: int) -> IndexRow | None:
        if not 0 <= index < self._count:
            return None
        page = self.page_of(index)
        if page is None:
            return self.leading[index]
        rows = self._pages.get(page)
        if rows is None:
            return None
        self._pages.move_to_end(page)
        at = (index - len(self.leading)) % PAGE
        # A short page: the index lost rows since it was counted.
        return rows[at] if at < len(rows) else None

    def has(self, page: int) -> bool:
        return page in self._pages

    def read(self, page: int) -> list[IndexRow]:
        """Read page ``page`` from the index (worker thread)."""
        return self._fetch(page * PAGE, PAGE)

    def store(self, page: int, rows: list[IndexRow]) -> None:
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > CACHED_PAGES + 1:
            oldest = next(page for page in self._pages if page != 0)
            del self._pages[oldest]

    def loaded(self) -> list[IndexRow]:
        """The rows read so far, in order (the leading ones, then each page held)."""
        return self.leading + [row for page in sorted(self._pages) for row in self._pages[page]]


@dataclass(frozen=True)
class _Layout:
    width: int
    columns: tuple[int, ...]


class CaseTable(ScrollView, can_focus=True, inherit_bindings=False):
    """Cases and corpus rows, one a row, under a header that stays put; Enter or a click
    chooses one.

    Its own keys only (``inherit_bindings=False``): ScrollableContainer's scrolling keys
    would move the view without the cursor. Letters stay free for type-to-filter.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", id="library.open"),
        Binding("up", "cursor_up", "Previous case", show=False, id="case_table.up"),
        Binding("down", "cursor_down", "Next case", show=False, id="case_table.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="case_table.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="case_table.page_down"),
        Binding("home", "first", "First case", show=False, id="case_table.first"),
        Binding("end", "last", "Last case", show=False, id="case_table.last"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "case-table--header",
        "case-table--cursor",
        "case-table--even-row",
        "case-table--muted",
    }
    DEFAULT_CSS = """
    CaseTable {
        height: 1fr;
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        &:focus {
            background-tint: $foreground 5%;
            & > .case-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .case-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .case-table--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .case-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .case-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .case-table--muted {
            color: $text-muted;
        }
    }
    """

    #: Index into the shown rows of the row under the cursor.
    cursor_row: reactive[int] = reactive(0, init=False)

    class Selected(Message):
        """The row under the cursor was chosen (Enter, or a click on the cursor row)."""

        def __init__(self, table: CaseTable, entry: Row) -> None:
            super().__init__()
            self.table = table
            self.entry = entry

        @property
        def control(self) -> CaseTable:
            return self.table

    class _PageRead(Message):
        """A page of ``rows`` was read from the index (posted from the reading thread)."""

        def __init__(self, rows: PagedRows, page: int, read: list[IndexRow] | None,
                     reason: str = "") -> None:
            super().__init__()
            self.rows = rows
            self.page = page
            self.read = read
            self.reason = reason

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: Sequence[Row] | PagedRows = []
        # What the columns are measured on: a small library whole, so filtering does not
        # make them jump; the first page of a large one.
        self._basis: Sequence[Row] = []
        self._layout: _Layout | None = None
        # Rendered rows by (row, is cursor): a redraw after scrolling or a cursor move
        # reuses them; emptied when the rows, the width or the styles change.
        self._strips: dict[tuple[int, bool], Strip] = {}
        # Pages of the current PagedRows being read, so a redraw does not ask again.
        self._reading: set[int] = set()

    # The data

    @property
    def entries(self) -> list[Row]:
        """The rows shown: all of them for a list, those read so far for PagedRows."""
        rows = self._rows
        return rows.loaded() if isinstance(rows, PagedRows) else list(rows)

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def paged(self) -> bool:
        return isinstance(self._rows, PagedRows)

    def row(self, index: int) -> Row | None:
        """Row ``index`` if it is known (a page not read yet: None)."""
        rows = self._rows
        if isinstance(rows, PagedRows):
            return rows.get(index)
        return rows[index] if 0 <= index < len(rows) else None

    @property
    def cursor_entry(self) -> Row | None:
        return self.row(self.cursor_row)

    def show(self, entries: Sequence[Row] | PagedRows, *, keep: str | None = None,
             basis: Sequence[Row] | None = None, cursor: int | None = None) -> None:
        """Show ``entries``; the cursor stays on the row ``keep`` names (``row_key``) if
        it is among the rows known, else goes to ``cursor`` or stays where it was.

        ``basis`` (default: the rows known) is what the column widths are measured on.
        """
        current = self.cursor_entry
        wanted = keep if keep is not None else (row_key(current) if current else None)
        if basis is None:
            basis = entries.loaded() if isinstance(entries, PagedRows) else entries
        if basis is not self._basis:
            self._basis = basis
            self._layout = None
        self._rows = entries
        self._reading = set()
        self._strips.clear()
        self.virtual_size = Size(0, len(entries) + 1)
        known = entries.loaded() if isinstance(entries, PagedRows) else entries
        index = next((i for i, e in enumerate(known) if row_key(e) == wanted), None)
        if index is None:
            index = self.cursor_row if cursor is None else cursor
        row = max(0, min(index, len(entries) - 1))
        self.set_reactive(CaseTable.cursor_row, row)
        self._scroll_to_cursor()
        self.refresh()

    def _want_page(self, page: int) -> None:
        rows = self._rows
        if not isinstance(rows, PagedRows) or page in self._reading or rows.has(page):
            return
        self._reading.add(page)
        self.run_worker(partial(self._read_page, rows, page), thread=True, group="pages",
                        name="page", exit_on_error=False)

    def _read_page(self, rows: PagedRows, page: int) -> None:
        """Worker thread."""
        try:
            read = rows.read(page)
        except (CaseFileError, OSError) as error:
            self.post_message(self._PageRead(rows, page, None, str(error)))
            return
        self.post_message(self._PageRead(rows, page, read))

    @on(_PageRead)
    def _page_read(self, message: _PageRead) -> None:
        message.stop()
        if message.rows is not self._rows:
            return  # Shown rows replaced meanwhile (a new filter, a reload).
        self._reading.discard(message.page)
        if message.read is None:
            self.notify(message.reason, title="Cannot read the library", severity="error",
                        markup=False)
            return
        message.rows.store(message.page, message.read)
        self._strips.clear()
        self.refresh()

    # Drawing

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self._scroll_to_cursor()

    def _columns(self) -> tuple[int, ...]:
        width = self.scrollable_content_region.width
        if self._layout is None or self._layout.width != width:
            self._layout = _Layout(width, column_widths(width, self._basis))
            self._strips.clear()
        return self._layout.columns

    def _line(self, cells: Sequence[str], widths: Sequence[int], style: Style,
              muted: Style | None = None) -> Strip:
        gap = " " * GAP
        segments = [Segment(gap, style)]
        for index, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            if not width:
                continue  # a hidden column (the claim, in a narrow terminal)
            text = set_cell_size(one_line(cell, width), width)
            cell_style = style + muted if muted is not None and index >= 2 else style
            segments += [Segment(text, cell_style), Segment(gap, style)]
        return Strip(segments)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        widths = self._columns()
        base = self.rich_style
        if y == 0:
            header = base + self.get_component_rich_style("case-table--header")
            return self._line(HEADERS, widths, header).adjust_cell_length(width, header)
        row = int(self.scroll_y) + y - 1
        if row >= len(self._rows):
            return Strip.blank(width, base)
        is_cursor = row == self.cursor_row
        strip = self._strips.get((row, is_cursor))
        if strip is None:
            if is_cursor:
                style = base + self.get_component_rich_style("case-table--cursor")
                muted = None
            else:
                style = base
                if row % 2:
                    style += self.get_component_rich_style("case-table--even-row")
                muted = self.get_component_rich_style("case-table--muted")
            entry = self.row(row)
            if entry is None:
                page = self._rows.page_of(row)  # type: ignore[union-attr]
                if page is not None:
                    self._want_page(page)
                # Not cached: drawn again when its page arrives.
                return self._line(_PENDING, widths, style, muted).adjust_cell_length(
                    width, style)
            cells = entry_cells(entry)
            row_widths = widths
            if not cells[0]:
                # A corpus row has no title: its claim spans the title's and the claim's
                # columns (the title's alone when the claim column is hidden).
                spanned = widths[0] + (GAP + widths[1] if widths[1] else 0)
                cells = (cells[1], "", *cells[2:])
                row_widths = (spanned, 0, *widths[2:])
            strip = self._line(cells, row_widths, style, muted)
            strip = strip.adjust_cell_length(width, style)
            if len(self._strips) > 2000:
                self._strips.clear()
            self._strips[(row, is_cursor)] = strip
        return strip

    # The cursor

    @property
    def _page(self) -> int:
        """Rows in view, the header aside."""
        return max(self.scrollable_content_region.height - 1, 1)

    def watch_cursor_row(self, old: int, new: int) -> None:
        # Lines are counted with the header as line 0, so row n is line n + 1.
        self.refresh_line(old + 1)
        self.refresh_line(new + 1)
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        top = int(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + self._page:
            self.scroll_to(y=self.cursor_row - self._page + 1, animate=False)

    def _move(self, row: int) -> None:
        if len(self._rows):
            self.cursor_row = max(0, min(row, len(self._rows) - 1))

    def action_cursor_up(self) -> None:
        self._move(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self._move(self.cursor_row + 1)

    def action_page_up(self) -> None:
        self._move(self.cursor_row - self._page)

    def action_page_down(self) -> None:
        self._move(self.cursor_row + self._page)

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(len(self._rows) - 1)

    def action_select(self) -> None:
        entry = self.cursor_entry
        if entry is not None:
            self.post_message(self.Selected(self, entry))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        row = int(self.scroll_y) + offset.y - 1
        if row >= len(self._rows):
            return
        # Like DataTable: the first click highlights a row, a click on it opens it.
        if row == self.cursor_row:
            self.action_select()
        else:
            self.cursor_row = row
