"""The last step before the terminal: no character from a case acts on it.

Rich and Textual drop BEL, backspace, carriage return and a few other controls from the
text they render, but pass ESC, the C1 controls and bidi overrides to the terminal as they
are: a case title holding ``ESC ] 0 ;`` retitles the window, one holding ``ESC ] 52 ;``
writes the clipboard, ``ESC [ 2 J`` clears the screen. ``SafeTextFilter`` runs on every
line Textual renders (``App.get_line_filters``) and drops those characters from the text
of each segment. Textual's own sequences (colours, cursor moves) are made from styles and
positions, never from segment text, so they are untouched; and the characters dropped are
zero cells wide, so no line changes its layout. The model keeps the text as it is.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from workbench.terminal_text import drop_controls


class SafeTextFilter(LineFilter):
    """Drops control and bidi characters from the text of every rendered segment."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [_safe(segment) for segment in segments]


def _safe(segment: Segment) -> Segment:
    text = drop_controls(segment.text)
    # drop_controls hands back the very same string when there was nothing to drop.
    return segment if text is segment.text else Segment(text, segment.style, segment.control)
