"""The claim pane's rows drawn as text, while the form behind them is still being built.

The claim and verdict form is some forty widgets, and at a case's opening building them
was the largest share of the time to first paint (about 0.15 s of 0.4 s here). The pane
therefore opens as this one widget, which draws the same rows (label, value) in the same
two columns, so the case reads whole from the first paint; the form takes its place once
it is built.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

#: The width of the label column, as the form's grid has it (``grid-columns: 12 1fr``).
LABEL_WIDTH = 12
#: A multi-line field shows at most this many lines, like the form's ``max-height: 6``.
MAX_FIELD_LINES = 6


@dataclass(frozen=True)
class PreviewRow:
    """One row as the form will show it.

    ``label`` None makes ``value`` span both columns (the verdict heading, a note).
    ``wrap`` False cuts the value to one line, as a one-line field shows it.
    """

    label: str | None
    value: Content
    wrap: bool = True
    min_lines: int = 1
    blank_before: bool = False


class ClaimPreview(Widget, can_focus=True):
    """Rows of label and value as plain text; the focus here asks for the real form."""

    DEFAULT_CSS = """
    ClaimPreview {
        height: auto;
        column-span: 2;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[PreviewRow] = []
        self._lines: tuple[int, list[Content]] | None = None

    @property
    def rows(self) -> list[PreviewRow]:
        return self._rows

    def set_rows(self, rows: list[PreviewRow]) -> None:
        self._rows = rows
        self._lines = None
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Content]:
        """The rows laid out ``width`` cells wide (kept until the rows or the width change)."""
        if self._lines is not None and self._lines[0] == width:
            return self._lines[1]
        value_width = max(width - LABEL_WIDTH, 1)
        lines: list[Content] = []
        for row in self._rows:
            if row.blank_before:
                lines.append(Content(""))
            if row.label is None:
                lines.extend(row.value.wrap(max(width, 1)))
                continue
            if row.wrap:
                wrapped = row.value.wrap(value_width)[:MAX_FIELD_LINES]
            else:
                wrapped = [row.value.truncate(value_width)]
            wrapped += [Content("")] * (row.min_lines - len(wrapped))
            label = Content.styled(f"{row.label:<{LABEL_WIDTH}}"[:LABEL_WIDTH], "$text-muted")
            indent = Content(" " * LABEL_WIDTH)
            lines.extend(
                (label if index == 0 else indent) + line for index, line in enumerate(wrapped)
            )
        self._lines = (width, lines)
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_region.width))
