"""The library's table of cases, drawn a line at a time so 10,000 cases cost what 40 do.

Textual's DataTable builds and measures every row when it is filled (about 1.5 s for
10,000 rows here); this widget keeps the cases in a plain list and renders only the rows
in view (the Line API: ``render_line``), so filling it, filtering it and scrolling it take
the same time at any size. Columns fit the width: the short ones (status, rating,
updated) keep what they need, title and claim share the rest, the title first, and are
cut with "…" (in a narrow terminal the claim column goes, see ``text_widths``).

Also here: the filter's entry points for the library screen, kept free of Textual so
they can run in a worker thread; the matching itself is ``workbench.analysis.matching``'s,
shared with the new-case dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.casefile.library import LibraryEntry
from workbench.tui.labels import one_line, short_date, status_label

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


def column_widths(width: int, entries: Sequence[LibraryEntry]) -> tuple[int, ...]:
    """The width of each column for a table ``width`` cells wide showing ``entries``.

    The short columns are measured over their distinct values (a handful even at 10,000
    cases), so this stays a few milliseconds at any size.
    """
    statuses = {status_label(status) for status in {entry.status for entry in entries}}
    ratings = {entry.rating for entry in entries}
    status = min(_STATUS_CAP, max(cell_len(text) for text in (HEADERS[2], *statuses)))
    rating = min(_RATING_CAP, max(cell_len(text) for text in (HEADERS[3], *ratings)))
    longest_title = max([cell_len(HEADERS[0]), *(len(e.title) for e in entries)])
    longest_claim = max([cell_len(HEADERS[1]), *(len(e.claim) for e in entries)])
    room = width - status - rating - _UPDATED_WIDTH - GAP * len(HEADERS)
    title, claim = text_widths(room, longest_title, longest_claim)
    return title, claim, status, rating, _UPDATED_WIDTH


def entry_cells(entry: LibraryEntry) -> tuple[str, ...]:
    """The text of each column for one case (uncut; user text is never markup here)."""
    return (
        entry.title,
        entry.claim,
        status_label(entry.status),
        entry.rating,
        short_date(entry.updated),
    )


def haystack(entry: LibraryEntry) -> str:
    """What the filter searches for a case: its title and claim, prepared once per load."""
    from workbench.analysis.matching import fragment_text

    return fragment_text(entry)


def fuzzy_filter(haystacks: Sequence[str], query: str) -> list[int]:
    """Indexes of the cases holding ``query``, best first, ties in library order; an empty
    filter hides nothing.

    The library filter for a query of a word or two: ``find_cases`` without the claim
    matcher, which such a query does not use, so it needs no index and runs between two
    keystrokes.
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


def claim_filter(folder: Path, entries: Sequence[LibraryEntry], haystacks: Sequence[str],
                 query: str) -> list[int]:
    """Indexes of the cases matching a claim-like ``query``, best first: the cases whose
    claim reads like it, then those holding it (``find_cases``, as the new-case dialog's
    similar claims). Reads the library index, so it belongs on a worker thread.
    """
    from workbench.analysis.matching import find_cases
    from workbench.casefile.library import Library

    return [found.index for found in find_cases(query, entries, haystacks, Library(folder))]


@dataclass(frozen=True)
class _Layout:
    width: int
    columns: tuple[int, ...]


class CaseTable(ScrollView, can_focus=True, inherit_bindings=False):
    """Cases, one a row, under a header that stays put; Enter or a click opens one.

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

    #: Index into the shown cases of the row under the cursor.
    cursor_row: reactive[int] = reactive(0, init=False)

    class Selected(Message):
        """The case under the cursor was chosen (Enter, or a click on the cursor row)."""

        def __init__(self, table: CaseTable, entry: LibraryEntry) -> None:
            super().__init__()
            self.table = table
            self.entry = entry

        @property
        def control(self) -> CaseTable:
            return self.table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: list[LibraryEntry] = []
        # What the columns are measured on: the whole library, so filtering does not
        # make them jump.
        self._basis: list[LibraryEntry] = []
        self._layout: _Layout | None = None
        # Rendered rows by (row, is cursor): a redraw after scrolling or a cursor move
        # reuses them; emptied when the cases, the width or the styles change.
        self._strips: dict[tuple[int, bool], Strip] = {}

    # The data

    @property
    def entries(self) -> list[LibraryEntry]:
        return self._entries

    @property
    def row_count(self) -> int:
        return len(self._entries)

    @property
    def cursor_entry(self) -> LibraryEntry | None:
        if 0 <= self.cursor_row < len(self._entries):
            return self._entries[self.cursor_row]
        return None

    def show(self, entries: list[LibraryEntry], *, keep: str | None = None,
             basis: list[LibraryEntry] | None = None) -> None:
        """Show ``entries``; the cursor stays on the case with path ``keep`` if present.

        ``basis`` (default: ``entries``) is what the column widths are measured on.
        """
        current = keep if keep is not None else getattr(self.cursor_entry, "path", None)
        basis = entries if basis is None else basis
        if basis is not self._basis:
            self._basis = basis
            self._layout = None
        self._entries = entries
        self._strips.clear()
        self.virtual_size = Size(0, len(entries) + 1)
        index = next((i for i, e in enumerate(entries) if e.path == current), None)
        row = index if index is not None else min(self.cursor_row, max(len(entries) - 1, 0))
        self.set_reactive(CaseTable.cursor_row, row)
        self._scroll_to_cursor()
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
        if row >= len(self._entries):
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
            strip = self._line(entry_cells(self._entries[row]), widths, style, muted)
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
        if self._entries:
            self.cursor_row = max(0, min(row, len(self._entries) - 1))

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
        self._move(len(self._entries) - 1)

    def action_select(self) -> None:
        entry = self.cursor_entry
        if entry is not None:
            self.post_message(self.Selected(self, entry))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        row = int(self.scroll_y) + offset.y - 1
        if row >= len(self._entries):
            return
        # Like DataTable: the first click highlights a row, a click on it opens it.
        if row == self.cursor_row:
            self.action_select()
        else:
            self.cursor_row = row
