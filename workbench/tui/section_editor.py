"""The Markdown editor of one section, with citations checked as they are typed.

Every ``[n]`` is highlighted: a citation to an existing source in the accent colour, one
to a missing source in red and underlined, so a broken reference shows where it is. The
highlighting needs no tree-sitter: ``find_citations`` over the section, recomputed after each
edit (a section is a few paragraphs, well under a millisecond).
"""

from __future__ import annotations

import bisect
import re
from typing import ClassVar

from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import TextArea
from textual.widgets.text_area import TextAreaTheme

from workbench.analysis.citations import find_citations
from workbench.model import Case, Section

_HEADING = re.compile(r"^#{1,6}\s")

_THEME_NAME = "workbench-markdown"
_CITATION_STYLE = "workbench.citation"
_INVALID_STYLE = "workbench.citation.invalid"
_HEADING_STYLE = "heading"


def invalid_citations(body: str, numbers: set[int]) -> list[int]:
    """Numbers cited in ``body`` with no source, each once, in order of first use."""
    cited = dict.fromkeys(citation.number for citation in find_citations(body))
    return [number for number in cited if number not in numbers]


def _theme() -> TextAreaTheme:
    """The CSS theme (colours from the app's theme) plus styles for citations."""
    base = TextAreaTheme.get_builtin_theme("css")
    assert base is not None
    return TextAreaTheme(
        name=_THEME_NAME,
        syntax_styles={
            **base.syntax_styles,
            _CITATION_STYLE: Style(color="cyan", bold=True),
            _INVALID_STYLE: Style(color="red", bold=True, underline=True),
            _HEADING_STYLE: Style(bold=True),
        },
    )


class SectionEditor(TextArea):
    """A prose TextArea (soft wrap, Tab moves focus) bound to one section of a case.

    The keys for citing, the external editor and copying live here rather than on the
    screen: the TextArea takes every printable key, and its own ctrl+k/ctrl+e (delete to
    end of line, go to end of line) would otherwise win. End still goes to the line's end;
    ctrl+home and ctrl+end, which TextArea leaves unbound, go to the section's start and end.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+k", "screen.cite", "Cite", id="editor.cite"),
        Binding("ctrl+e", "screen.external_editor", "$EDITOR", id="editor.external"),
        Binding("ctrl+t", "screen.copy_section", "Copy", id="editor.copy_section"),
        # Shown: nothing else tells a writer how to leave the text for the section list.
        Binding("escape", "screen.focus_section_list", "Sections", id="editor.to_sections"),
        Binding("ctrl+home", "cursor_section_start", "Start of section", show=False,
                id="editor.section_start"),
        Binding("ctrl+end", "cursor_section_end", "End of section", show=False,
                id="editor.section_end"),
        Binding("ctrl+shift+home", "cursor_section_start(True)", "Select to start",
                show=False, id="editor.select_to_start"),
        Binding("ctrl+shift+end", "cursor_section_end(True)", "Select to end", show=False,
                id="editor.select_to_end"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        # Set before the TextArea's own init, which already builds the highlight map.
        self.section: Section | None = None
        #: The citation numbers that exist; anything else is flagged.
        self.valid_numbers: set[int] = set()
        super().__init__(soft_wrap=True, tab_behavior="focus", show_line_numbers=False, id=id)
        self.register_theme(_theme())
        self.theme = _THEME_NAME

    def show(self, section: Section | None, case: Case) -> None:
        """Put a section's body in the editor (its own undo history starts afresh)."""
        self.section = section
        self.valid_numbers = {source.number for source in case.sources}
        self.load_text(section.body if section is not None else "")
        self.disabled = section is None

    def sources_changed(self, case: Case) -> None:
        """Re-check the citations after sources were added, deleted or renumbered."""
        self.valid_numbers = {source.number for source in case.sources}
        self._build_highlight_map()
        self.refresh()

    def reload(self) -> None:
        """Take the section's body again after the model changed it (renumbering, $EDITOR)."""
        if self.section is None or self.section.body == self.text:
            return
        cursor = self.cursor_location
        self.load_text(self.section.body)
        last_row = self.document.line_count - 1
        row = min(cursor[0], last_row)
        self.move_cursor((row, min(cursor[1], len(self.document.get_line(row)))))

    def replace_text(self, text: str) -> None:
        """Put ``text`` in place of the whole body as one edit, which one undo takes back
        (``load_text`` would forget the history instead). The cursor stays where it was."""
        row, column = self.cursor_location
        self.history.checkpoint()
        self.replace(text, (0, 0), self.document.end)
        self.history.checkpoint()
        row = min(row, self.document.line_count - 1)
        self.move_cursor((row, min(column, len(self.document.get_line(row)))))

    def action_cursor_section_start(self, select: bool = False) -> None:
        self.move_cursor((0, 0), select=select)

    def action_cursor_section_end(self, select: bool = False) -> None:
        self.move_cursor(self.document.end, select=select)

    async def _on_key(self, event: events.Key) -> None:
        # Enter on an empty section would start its body with a blank line, which the
        # article would carry as a stray empty paragraph. It is the Enter of a writer who
        # confirmed a new heading and pressed Enter again to "write", as in the list.
        if event.key == "enter" and not self.text and not self.read_only:
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

    def insert_citation(self, number: int) -> None:
        """Insert ``[n]`` at the cursor (replacing a selection), spaced from the word before."""
        start, end = sorted(self.selection)
        row, column = start
        before = self.document.get_line(row)[:column]
        text = f"[{number}]"
        if before and not before[-1].isspace() and before[-1] not in "([":
            text = " " + text
        self.replace(text, start, end, maintain_selection_offset=False)

    def _build_highlight_map(self) -> None:
        super()._build_highlight_map()
        highlights = self._highlights
        lines = self.document.lines
        for row, line in enumerate(lines):
            if _HEADING.match(line):
                highlights[row].append((0, None, _HEADING_STYLE))
        text = self.text
        if "[" not in text:
            return
        # One bracket group may cite several numbers ("[1, 3]"): it is flagged if any is
        # missing. Offsets are into the whole text; highlights want row and UTF-8 column.
        groups: dict[tuple[int, int], bool] = {}
        for citation in find_citations(text):
            span = (citation.start, citation.end)
            groups[span] = groups.get(span, True) and citation.number in self.valid_numbers
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        for (start, end), valid in groups.items():
            row = bisect.bisect_right(starts, start) - 1
            line = lines[row]
            column = start - starts[row]
            first = len(line[:column].encode("utf-8"))
            last = first + len(line[column:column + end - start].encode("utf-8"))
            name = _CITATION_STYLE if valid else _INVALID_STYLE
            highlights[row].append((first, last, name))
