"""The source list: each source's number, title and assessment at a glance, and its keys.

Drawn a line at a time (Textual's Line API) instead of with a DataTable: a DataTable
measures and renders every row when filled, about 100 ms for 500 sources here, and this
list is refilled after every move, add and delete. Here a refill rebuilds a list of
strings and only the rows in view are rendered, so a 500-source case costs what 20 do.

A source with open review comments carries a marker beside its number ("[2] ●1"); the
counts come from the screen, worked out once per change, never per line drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from workbench.model import Case, Corroboration, Source
from workbench.tui.cursor_rows import CursorRows
from workbench.tui.help_screen import key_for
from workbench.tui.labels import flat, one_line, timing_badge, vocabulary_label
from workbench.tui.markers import MARKER, marker

HEADERS = ("[n]", "Title", "Kind", "Motive", "Timing", "Corroboration")
#: On a narrow terminal the kind goes and the timing loses its lag (see ``_NARROW_WIDTH``).
NARROW_HEADERS = ("[n]", "Title", "Motive", "Timing", "Corroboration")
#: Cells between two columns, and before the first.
GAP = 2
#: Only "first-hand account / recollection" is longer; the badges matter more than its tail.
_KIND_WIDTH = 22
#: The title never gets less than this; the columns right of it are cut instead.
_MIN_TITLE_WIDTH = 20
_NARROW_MIN_TITLE_WIDTH = 10
#: The columns cut, when the title is short of room, to give it half of theirs and its own.
_CUT_FOR_TITLE = frozenset({"Kind", "Motive"})
#: A cut kind or motive keeps this much: "first-hand …" and "political n…" still read.
_MIN_CUT_WIDTH = 12
#: Below this width (an 80-column terminal) the narrow columns are used, so the three
#: assessment badges still fit beside a short title.
_NARROW_WIDTH = 100

#: Corroboration is the badge a checker scans for: contradictions first, then single sources.
_CORROBORATION_STYLE = {
    Corroboration.CORROBORATED: Style(color="green"),
    Corroboration.UNCORROBORATED: Style(color="yellow"),
    Corroboration.CONTRADICTED: Style(color="red", bold=True),
    Corroboration.UNVERIFIABLE: Style(dim=True),
}
#: The open-comment marker beside a number: it asks for the reviewer's attention.
_MARKER_STYLE = Style(color="yellow", bold=True)


def source_cells(source: Source, standing: Corroboration, *, narrow: bool = False,
                 comments: int = 0) -> tuple[str, ...]:
    """The cells of one source's row, uncut; ``narrow`` leaves out the kind and the lag,
    ``comments`` (open review comments) puts a marker beside the number."""
    badge = standing.label
    number = f"[{source.number}] {marker(comments)}" if comments else f"[{source.number}]"
    title = flat(source.title) or "(untitled)"
    motive = vocabulary_label(source.assessment.motive)
    if narrow:
        return (number, title, motive, source.timing.label, badge)
    kind = one_line(vocabulary_label(source.kind), _KIND_WIDTH)
    return (number, title, kind, motive, timing_badge(source), badge)


def column_widths(width: int, rows: Sequence[tuple[str, ...]], headers: Sequence[str]
                  ) -> tuple[int, ...]:
    """Every column at its widest cell, but the title, which takes what is left, and at
    least half of the room it shares with the kind and the motive: those two are cut to
    give it (never below ``_MIN_CUT_WIDTH``). The number, the timing and the
    corroboration badge are never cut: they are what a checker scans down the list.

    The badge columns hold a handful of distinct values even at 500 sources, so they are
    measured once per value; the title is measured only until one fills the room.
    """
    widths = [
        max([cell_len(header), *(cell_len(value) for value in {cells[index] for cells in rows})])
        if index != 1 else 0
        for index, header in enumerate(headers)
    ]
    cuttable = [index for index, header in enumerate(headers) if header in _CUT_FOR_TITLE]
    least = _NARROW_MIN_TITLE_WIDTH if len(headers) < len(HEADERS) else _MIN_TITLE_WIDTH
    text_room = width - GAP * (len(headers) + 1) - sum(widths) + sum(
        widths[index] for index in cuttable)
    title = _longest_title(rows, headers[1], text_room)
    room = text_room - sum(widths[index] for index in cuttable)
    wanted = min(title, text_room // 2)
    if room < wanted:
        room += _cut(widths, cuttable, wanted - room)
    widths[1] = min(title, max(least, room))
    return tuple(widths)


def _longest_title(rows: Sequence[tuple[str, ...]], header: str, enough: int) -> int:
    """The widest title, or any width of at least ``enough``."""
    title = cell_len(header)
    for cells in rows:
        # A character is at most two cells wide: most titles need no measuring at all.
        if 2 * len(cells[1]) > title:
            title = max(title, cell_len(cells[1]))
            if title >= enough:
                break
    return title


def _cut(widths: list[int], columns: Sequence[int], cells: int) -> int:
    """Take up to ``cells`` from ``columns``, always from the widest, none below
    ``_MIN_CUT_WIDTH``; returns how many were taken."""
    taken = 0
    while taken < cells:
        widest = max(columns, key=lambda index: widths[index], default=None)
        if widest is None or widths[widest] <= _MIN_CUT_WIDTH:
            break
        widths[widest] -= 1
        taken += 1
    return taken


class SourcesTable(CursorRows, can_focus=True, inherit_bindings=False):
    """One row per source under a header that stays put; its keys act on the cursor row.

    The actions live on the screen, which owns the undo stack, the source form and the
    autosave; the keys are bound here so the footer offers them when the list has focus.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "screen.add_source", "Add", id="sources.add"),
        Binding("e,enter", "screen.edit_source", "Edit", id="sources.edit"),
        Binding("d", "screen.delete_source", "Delete", id="sources.delete"),
        Binding("shift+up,left_square_bracket", "screen.move_source(-1)", "Move up",
                show=False, id="sources.move_up"),
        Binding("shift+down,right_square_bracket", "screen.move_source(1)", "Move down",
                show=False, id="sources.move_down"),
        Binding("m", "screen.matrix", "Matrix", id="sources.matrix"),
        Binding("y", "screen.copy_citation", "Copy [n]", id="sources.copy_citation"),
        Binding("up", "cursor(-1)", "Previous", show=False, id="sources.up"),
        Binding("down", "cursor(1)", "Next", show=False, id="sources.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="sources.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="sources.page_down"),
        Binding("home", "first", "First", show=False, id="sources.first"),
        Binding("end", "last", "Last", show=False, id="sources.last"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "sources-table--header",
        "sources-table--cursor",
        "sources-table--even-row",
        "sources-table--empty",
    }
    DEFAULT_CSS = """
    SourcesTable {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        &:focus {
            & > .sources-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .sources-table--header {
            text-style: bold;
            color: $foreground;
        }
        & > .sources-table--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .sources-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .sources-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .sources-table--empty {
            color: $text-muted;
        }
    }
    """

    #: Index of the row under the cursor.
    cursor_row: reactive[int] = reactive(0, init=False)

    class Selected(Message):
        """A click on the row under the cursor: open that source."""

        def __init__(self, source_id: str) -> None:
            super().__init__()
            self.source_id = source_id

    class Highlighted(Message):
        """The cursor moved to another source (the history panel follows it)."""

        def __init__(self, source_id: str | None) -> None:
            super().__init__()
            self.source_id = source_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._case: Case | None = None
        self._corroborations: dict[str, Corroboration] = {}
        #: Open review comments per source id, for the markers.
        self._comments: dict[str, int] = {}
        #: (source id, cells, corroboration) per row, in citation order.
        self._rows: list[tuple[str, tuple[str, ...], Corroboration]] = []
        self._narrow = False
        self._widths: tuple[int, ...] | None = None
        # Rendered rows by (row, is cursor); emptied when rows, width or styles change.
        self._strips: dict[tuple[int, bool], Strip] = {}

    def on_mount(self) -> None:
        self.border_title = "Sources"

    # The data

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def headers(self) -> tuple[str, ...]:
        return NARROW_HEADERS if self._narrow else HEADERS

    def rows(self) -> list[tuple[str, ...]]:
        """The cells as shown, before cutting to the width (for tests and copying)."""
        return [cells for _, cells, _ in self._rows]

    def show(self, case: Case, corroborations: dict[str, Corroboration], *,
             select: str | None = None) -> None:
        """Show the sources of ``case``; ``corroborations`` was computed off the UI thread.

        The cursor stays on the source it was on (wherever that moved), or goes to
        ``select``; after a deletion it stays at the same height.
        """
        self._case, self._corroborations = case, corroborations
        self._fill(select)

    def _fill(self, select: str | None = None) -> None:
        case = self._case
        assert case is not None
        current = select or self.selected_id()
        narrow = self._narrow
        comments = self._comments
        self._rows = [
            (source.id, source_cells(source, standing, narrow=narrow,
                                     comments=comments.get(source.id, 0)), standing)
            for source in case.sources
            for standing in (
                self._corroborations.get(source.id, Corroboration.UNVERIFIABLE),
            )
        ]
        self.border_title = f"Sources ({len(self._rows)})"
        self._widths = None
        self._strips.clear()
        self.virtual_size = Size(0, len(self._rows) + 1)
        index = next((i for i, (key, _, _) in enumerate(self._rows) if key == current), None)
        row = index if index is not None else min(self.cursor_row, max(len(self._rows) - 1, 0))
        self.set_reactive(SourcesTable.cursor_row, row)
        self._scroll_to_cursor()
        self.refresh()

    def selected_id(self) -> str | None:
        """The id of the source under the cursor."""
        if 0 <= self.cursor_row < len(self._rows):
            return self._rows[self.cursor_row][0]
        return None

    def set_comments(self, comments: dict[str, int]) -> None:
        """Show these open-comment counts (source id -> count) as markers."""
        if comments == self._comments:
            return
        self._comments = dict(comments)
        if self._case is not None:
            self._fill()

    def update_badges(self, case: Case, corroborations: dict[str, Corroboration]) -> None:
        """Show new corroboration (the matrix changed), redrawing only if a badge changed."""
        self._corroborations = corroborations
        changed = False
        for index, (source_id, cells, standing) in enumerate(self._rows):
            new = corroborations.get(source_id, standing)
            if new is standing:
                continue
            self._rows[index] = (source_id, (*cells[:-1], new.label), new)
            changed = True
        if changed:
            # A longer or shorter badge may resize the column, so every row is drawn again.
            self._widths = None
            self._strips.clear()
            self.refresh()

    # Drawing

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def on_resize(self, event: events.Resize) -> None:
        narrow = 0 < event.size.width < _NARROW_WIDTH
        if narrow != self._narrow:
            self._narrow = narrow
            if self._case is not None:
                self._fill()
        self._widths = None
        self._strips.clear()
        self._scroll_to_cursor()

    def _columns(self) -> tuple[int, ...]:
        if self._widths is None:
            width = self.scrollable_content_region.width
            self._widths = column_widths(width, self.rows(), self.headers)
            self._strips.clear()
        return self._widths

    def _line(self, cells: Sequence[str], widths: Sequence[int], style: Style,
              badge: Style | None = None) -> Strip:
        gap = Segment(" " * GAP, style)
        segments = [gap]
        last = len(cells) - 1
        for index, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            text = set_cell_size(one_line(cell, width), width)
            cell_style = style + badge if badge is not None and index == last else style
            if index == 0 and badge is not None and f" {MARKER}" in text:
                # The number's marker in its own colour (not on the header, not under
                # the focused cursor, where the row's own colours must win).
                number, sign = text.split(f" {MARKER}", 1)
                segments += [Segment(f"{number} ", style),
                             Segment(f"{MARKER}{sign}", style + _MARKER_STYLE), gap]
                continue
            segments += [Segment(text, cell_style), gap]
        return Strip(segments)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not self._rows:
            if y == 1:
                empty = base + self.get_component_rich_style("sources-table--empty")
                add = key_for(self.app, "sources.add", "a")
                text = f"  No sources yet: press {add} to add one."
                return Strip([Segment(text, empty)]).adjust_cell_length(width, base)
            if y != 0:
                return Strip.blank(width, base)
        widths = self._columns()
        if y == 0:
            header = base + self.get_component_rich_style("sources-table--header")
            return self._line(self.headers, widths, header).adjust_cell_length(width, header)
        row = int(self.scroll_y) + y - 1
        if row >= len(self._rows):
            return Strip.blank(width, base)
        is_cursor = row == self.cursor_row
        strip = self._strips.get((row, is_cursor))
        if strip is None:
            _, cells, standing = self._rows[row]
            if is_cursor:
                style = base + self.get_component_rich_style("sources-table--cursor")
            else:
                style = base
                if row % 2:
                    style += self.get_component_rich_style("sources-table--even-row")
            badge = None if is_cursor and self.has_focus else _CORROBORATION_STYLE[standing]
            strip = self._line(cells, widths, style, badge).adjust_cell_length(width, style)
            self._strips[(row, is_cursor)] = strip
        return strip

    # The cursor

    @property
    def _page(self) -> int:
        """Rows in view, the header aside."""
        return max(self.scrollable_content_region.height - 1, 1)

    def watch_cursor_row(self, old: int, new: int) -> None:
        # The header is line 0, so row n is line n + 1.
        self.refresh_line(old + 1)
        self.refresh_line(new + 1)
        self._scroll_to_cursor()
        self.post_message(self.Highlighted(self.selected_id()))

    @property
    def _row_total(self) -> int:
        return len(self._rows)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        row = int(self.scroll_y) + offset.y - 1
        if row >= len(self._rows):
            return
        # Like a DataTable: the first click moves the cursor, a click on it opens the source.
        if row == self.cursor_row:
            self.post_message(self.Selected(self._rows[row][0]))
        else:
            self.cursor_row = row
