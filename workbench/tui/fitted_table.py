"""A DataTable whose long text columns are cut to fit its width, again after every resize."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.widgets import DataTable

from workbench.tui.columns import room_left

#: One row: its key (what the row stands for) and its cells.
Row = tuple[str, Sequence[Text]]


class FittedTable(DataTable[Text]):
    """Keeps its rows so it can cut them afresh when its width changes.

    Subclasses name their ``HEADERS``, which columns are ``FLEXIBLE`` and how those share
    the room (``fit``). Cells are Text, never str: DataTable reads a str as markup, and a
    claim or title may hold "[...]".
    """

    HEADERS: ClassVar[tuple[str, ...]] = ()
    FLEXIBLE: ClassVar[frozenset[int]] = frozenset()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._rows: list[Row] = []
        self._fitted_width = -1

    def fit(self, room: int, rows: list[list[str]]) -> dict[int, int]:
        """The width to cut each flexible column to, given ``room`` cells for them all."""
        raise NotImplementedError

    def show_rows(self, rows: list[Row]) -> None:
        self._rows = rows
        self._refit()

    def on_resize(self, event: events.Resize) -> None:
        # Before the first layout the width is 0; the real one arrives with this event.
        if event.size.width != self._fitted_width:
            self._refit()

    def _refit(self) -> None:
        self._fitted_width = self.size.width
        selected = self._selected_key()
        plain = [[cell.plain for cell in cells] for _, cells in self._rows]
        room = room_left(self.size.width, self.HEADERS, plain, self.FLEXIBLE, self.cell_padding)
        widths = self.fit(room, plain)
        self.clear(columns=True)
        for header in self.HEADERS:
            self.add_column(Text(header))
        for key, cells in self._rows:
            self.add_row(*(_cut(cell, widths.get(i)) for i, cell in enumerate(cells)), key=key)
        if selected is not None and selected in self.rows:
            self.move_cursor(row=self.get_row_index(selected), animate=False)

    def _selected_key(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value


def _cut(cell: Text, width: int | None) -> Text:
    if width is None or cell.cell_len <= width:
        return cell
    cut = cell.copy()
    cut.truncate(width, overflow="ellipsis")
    return cut
