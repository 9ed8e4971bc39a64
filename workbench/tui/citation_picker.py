"""The citation picker: type part of a source's title, outlet, author or number, get ``[n]``.

The ranking is ``workbench.analysis.picker``'s. It runs on the UI thread: a few
milliseconds for 500 sources, under a keystroke, and the list follows the typing without
the flicker of results arriving late from a worker.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from workbench.analysis.picker import rank_sources
from workbench.model import Case, Source
from workbench.tui.dialog import Dialog
from workbench.tui.labels import flat, one_line


def source_prompt(source: Source, width: int = 100) -> Content:
    """``[n] Title · outlet · author``: the number first, as it will be cited."""
    details = " · ".join(flat(part) for part in (source.outlet, source.author) if part)
    title = one_line(source.title, width) or "(untitled)"
    return Content.assemble(
        (f"[{source.number}] ", "bold"), title, (f"  {details}" if details else "", "dim")
    )


class CitationPicker(Dialog[int | None]):
    """Dismisses with the chosen source's number, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Next", show=False, id="picker.next"),
        Binding("up", "move(-1)", "Previous", show=False, id="picker.previous"),
        Binding("enter", "pick", "Cite", id="picker.pick"),
    ]

    DEFAULT_CSS = """
    CitationPicker #picker {
        width: 90%;
        max-width: 100;
        height: 80%;
        max-height: 24;
    }
    CitationPicker Input {
        margin-bottom: 1;
    }
    CitationPicker OptionList, CitationPicker OptionList:focus {
        height: 1fr;
        border: none;
        /* One line a source: the number and the title's start are what one scans. */
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    CitationPicker #picker-empty {
        color: $text-muted;
        display: none;
    }
    CitationPicker.-empty #picker-empty {
        display: block;
    }
    """

    def __init__(self, case: Case, limit: int = 20) -> None:
        super().__init__()
        self.case = case
        self.limit = limit

    def compose(self) -> ComposeResult:
        with Vertical(id="picker", classes="dialog") as box:
            box.border_title = "Cite a source"
            # The footer beneath still shows the editor's keys: say here how this one works.
            box.border_subtitle = "↑↓ choose · enter cites · esc cancels"
            yield Input(placeholder="title, outlet, author or number", id="picker-query")
            yield Static("No source matches.", id="picker-empty")
            yield OptionList(id="picker-results")

    def on_mount(self) -> None:
        self._show("")
        self.query_one(Input).focus()

    @on(Input.Changed, "#picker-query")
    def _query_changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(Input.Submitted, "#picker-query")
    def _submitted(self) -> None:
        self.action_pick()

    @on(OptionList.OptionSelected, "#picker-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id is not None:
            self.dismiss(int(event.option_id))

    def _show(self, query: str) -> None:
        results = rank_sources(self.case, query, self.limit)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(source_prompt(source), id=str(source.number)) for source, _ in results
        )
        self.set_class(not results, "-empty")
        if results:
            options.highlighted = 0

    def action_move(self, offset: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + offset))

    def action_pick(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        option_id = options.get_option_at_index(options.highlighted).id
        if option_id is not None:
            self.dismiss(int(option_id))

    def action_cancel(self) -> None:
        self.dismiss(None)
