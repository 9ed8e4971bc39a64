"""Cursor movement shared by the lists that draw only the rows in view.

The source list and the findings list render a line at a time (Textual's Line API) and keep
their own cursor row; how that cursor moves, and how the view follows it, is the same for
both, so it lives here once.
"""

from __future__ import annotations

from textual.scroll_view import ScrollView


class CursorRows(ScrollView):
    """A ``ScrollView`` of rows drawn one line each, with a cursor the keys move.

    A subclass provides ``cursor_row`` (a reactive), ``_row_total`` (how many rows there
    are) and ``_page`` (how many rows fit in view).
    """

    cursor_row: int

    @property
    def _row_total(self) -> int:
        raise NotImplementedError

    @property
    def _page(self) -> int:
        raise NotImplementedError

    def _scroll_to_cursor(self) -> None:
        top = int(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + self._page:
            self.scroll_to(y=self.cursor_row - self._page + 1, animate=False)

    def _move(self, row: int) -> None:
        if self._row_total:
            self.cursor_row = max(0, min(row, self._row_total - 1))

    def action_cursor(self, offset: int) -> None:
        self._move(self.cursor_row + offset)

    def action_page(self, direction: int) -> None:
        self._move(self.cursor_row + direction * self._page)

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(self._row_total - 1)
