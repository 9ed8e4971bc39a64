"""The readiness findings, one line each, drawn a line at a time.

A 500-source case can have hundreds of findings (a warning per unassessed source), and the
list is refilled after every pause in typing; an OptionList measures every option when
filled (some 50 ms for 450 here), this list only the lines in view. Each line reads
``✗ where  what``; the screen beneath the list shows the highlighted one whole, with its fix.
An accepted warning reads ``✓ where  accepted: what``, dimmed: seen, not open.
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

from workbench.analysis.checks import Finding, Severity
from workbench.tui.cursor_rows import CursorRows
from workbench.tui.labels import one_line

#: How each severity is marked at the start of its line.
MARKS = {Severity.ERROR: "✗", Severity.WARNING: "⚠"}
#: The mark of a warning someone accepted.
ACCEPTED_MARK = "✓"
#: The place column never takes more than this; the message gets the rest.
_WHERE_CAP = 32
#: Cells between two columns, and before the first.
_GAP = 1


def finding_key(finding: Finding) -> tuple[str, str, str]:
    """What identifies a finding across two runs of the checks (its message and the text it
    is about may change: the cursor stays on it while that text is edited)."""
    return (finding.code, finding.where.kind, finding.where.id)


class FindingsList(CursorRows, can_focus=True, inherit_bindings=False):
    """One line per finding, errors first; enter (or a click on the cursor line) jumps."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Go to", id="checks.go"),
        Binding("up", "cursor(-1)", "Previous", show=False, id="checks.up"),
        Binding("down", "cursor(1)", "Next", show=False, id="checks.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="checks.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="checks.page_down"),
        Binding("home", "first", "First", show=False, id="checks.first"),
        Binding("end", "last", "Last", show=False, id="checks.last"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "findings-list--cursor",
        "findings-list--error",
        "findings-list--warning",
        "findings-list--accepted",
        "findings-list--where",
        "findings-list--empty",
    }
    DEFAULT_CSS = """
    FindingsList {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        &:focus > .findings-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .findings-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .findings-list--error { color: $text-error; text-style: bold; }
        & > .findings-list--warning { color: $text-warning; }
        & > .findings-list--accepted { color: $text-success; text-style: dim; }
        & > .findings-list--where { text-style: bold; }
        & > .findings-list--empty { color: $text-success; }
    }
    """

    #: Index of the finding under the cursor.
    cursor_row: reactive[int] = reactive(0, init=False)

    class Highlighted(Message):
        """The cursor moved onto ``finding`` (None: the list is empty)."""

        def __init__(self, finding: Finding | None) -> None:
            super().__init__()
            self.finding = finding

    class Selected(Message):
        """Enter, or a click on the cursor line: go to where ``finding`` is."""

        def __init__(self, finding: Finding) -> None:
            super().__init__()
            self.finding = finding

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._findings: list[Finding] = []
        #: False until the first findings arrive: an empty list then means "not run yet".
        self._checked = False
        self._where_width = 0
        #: Rendered lines by (row, is cursor, width); emptied when the findings change.
        self._strips: dict[tuple[int, bool, int], Strip] = {}

    @property
    def findings(self) -> list[Finding]:
        return self._findings

    @property
    def highlighted(self) -> Finding | None:
        if 0 <= self.cursor_row < len(self._findings):
            return self._findings[self.cursor_row]
        return None

    def show(self, findings: Sequence[Finding]) -> None:
        """Show ``findings``; the cursor stays on the same finding if it is still there."""
        current = self.highlighted
        self._findings = list(findings)
        self._checked = True
        self._where_width = min(
            _WHERE_CAP, max((cell_len(f.where.label) for f in self._findings), default=0)
        )
        self._strips.clear()
        self.virtual_size = Size(0, max(len(self._findings), 1))
        row = 0
        if current is not None:
            wanted = finding_key(current)
            row = next((i for i, f in enumerate(self._findings) if finding_key(f) == wanted),
                       min(self.cursor_row, max(len(self._findings) - 1, 0)))
        self.set_reactive(FindingsList.cursor_row, row)
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.highlighted))

    # Drawing

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self._scroll_to_cursor()

    def on_focus(self, event: events.Focus) -> None:
        # The cursor line is drawn differently with and without the focus.
        self._strips.clear()
        self.refresh()

    def on_blur(self, event: events.Blur) -> None:
        self._strips.clear()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not self._findings:
            if y != 0 or not self._checked:
                return Strip.blank(width, base)
            style = base + self.get_component_rich_style("findings-list--empty")
            text = " ✓ No errors, no warnings: ready to export."
            return Strip([Segment(text, style)]).adjust_cell_length(width, base)
        row = int(self.scroll_y) + y
        if row >= len(self._findings):
            return Strip.blank(width, base)
        is_cursor = row == self.cursor_row
        key = (row, is_cursor, width)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._line(self._findings[row], width, base, is_cursor)
            self._strips[key] = strip
        return strip

    def _line(self, finding: Finding, width: int, base: Style, is_cursor: bool) -> Strip:
        style = base
        if is_cursor:
            style += self.get_component_rich_style("findings-list--cursor")
        accepted = finding.accepted is not None
        severity = ("findings-list--error" if finding.severity is Severity.ERROR
                    else "findings-list--accepted" if accepted else "findings-list--warning")
        # Partial styles: only what the component sets (a colour, bold), over the line's
        # own background. The cursor's colours win on the focused line: one bar.
        mark_style = style if is_cursor and self.has_focus else (
            style + self.get_component_rich_style(severity, partial=True)
        )
        where_style = style + self.get_component_rich_style("findings-list--where",
                                                            partial=True)
        where = set_cell_size(one_line(finding.where.label, self._where_width),
                              self._where_width)
        room = max(width - self._where_width - 4 * _GAP - 1, 0)
        gap = Segment(" " * _GAP, style)
        mark = ACCEPTED_MARK if accepted else MARKS[finding.severity]
        message = f"accepted: {finding.message}" if accepted else finding.message
        return Strip([
            gap, Segment(mark, mark_style), gap,
            Segment(where, where_style), gap, gap,
            Segment(one_line(message, room), mark_style if accepted else style),
        ]).adjust_cell_length(width, style)

    # The cursor

    @property
    def _page(self) -> int:
        return max(self.scrollable_content_region.height, 1)

    def watch_cursor_row(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self._scroll_to_cursor()
        self.post_message(self.Highlighted(self.highlighted))

    @property
    def _row_total(self) -> int:
        return len(self._findings)

    def action_select(self) -> None:
        finding = self.highlighted
        if finding is not None:
            self.post_message(self.Selected(finding))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = int(self.scroll_y) + offset.y
        if row >= len(self._findings):
            return
        # As in the source list: the first click moves the cursor, a second one goes there.
        if row == self.cursor_row:
            self.action_select()
        else:
            self.cursor_row = row
