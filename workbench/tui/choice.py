"""A one-line choice from a short list: the status, the scale, the rating, the confidence.

Textual's Select builds six widgets (its list overlay included) whether or not it is ever
opened, and the claim pane needs four: at a case's opening that was a third of the time
to first paint. A Choice is one widget drawing one line; its list is a modal built only
when asked for. Enter or space opens the list; type a few letters to jump, enter to take.
(No left/right stepping: an arrow pressed to move on would silently change a verdict.)
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import ClassVar, Generic, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from workbench.tui.dialog import Dialog

T = TypeVar("T", bound=Hashable)

#: Letters typed within this many seconds of each other make one search.
_SEARCH_RESET = 0.8


def find_option(labels: Sequence[str], query: str, start: int = 0) -> int | None:
    """The first label beginning with ``query`` (from ``start``), else the first containing it."""
    query = query.casefold()
    order = [*range(start, len(labels)), *range(start)]
    for index in order:
        if labels[index].casefold().startswith(query):
            return index
    for index in order:
        if query in labels[index].casefold():
            return index
    return None


class ChoiceList(Dialog[int | None]):
    """The list of a Choice; dismisses with the index chosen, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Cancel", id="choice.cancel"),
    ]

    DEFAULT_CSS = """
    /* The options run from frame to frame: their highlight is the whole line. */
    ChoiceList #choice-list {
        width: auto;
        min-width: 30;
        max-width: 60;
        max-height: 20;
        padding: 0;
    }
    ChoiceList OptionList, ChoiceList OptionList:focus {
        border: none;
        width: auto;
        height: auto;
        max-height: 18;
    }
    """

    def __init__(self, title: str, labels: Sequence[str], current: int | None) -> None:
        super().__init__()
        self._title = title
        self._labels = list(labels)
        self._current = current
        self._query = ""
        self._typed_at = 0.0

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-list", classes="dialog") as box:
            box.border_title = Content(self._title)
            # Content prompts: a label is user text (a custom scale) and never markup.
            yield OptionList(*(Option(Content(label)) for label in self._labels))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self._current is not None:
            options.highlighted = self._current
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def on_key(self, event: events.Key) -> None:
        """Type to jump: "fal" finds "False" in a long rating scale."""
        if not (event.character and event.is_printable) or event.character == " ":
            return
        event.stop()
        now = event.time
        self._query = (self._query if now - self._typed_at < _SEARCH_RESET else "")
        self._query += event.character
        self._typed_at = now
        options = self.query_one(OptionList)
        found = find_option(self._labels, self._query, options.highlighted or 0)
        if found is not None:
            options.highlighted = found

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class Choice(Widget, Generic[T], can_focus=True):
    """One value out of a few, on one line; ``Changed`` when the user picks another."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "open", "Choose", id="choice.open"),
    ]

    DEFAULT_CSS = """
    Choice {
        height: 1;
        width: 1fr;
        padding: 0 1;
        background: $boost;
        &:focus {
            background-tint: $accent 20%;
        }
        &:disabled {
            color: $text-disabled;
        }
    }
    """

    class Changed(Message):
        """The user chose ``value`` (None for the blank entry)."""

        def __init__(self, choice: Choice[T], value: T | None) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> Choice[T]:
            return self.choice

    def __init__(self, options: Sequence[tuple[str, T]], *, blank: str | None = None,
                 title: str = "", id: str | None = None, disabled: bool = False) -> None:
        """``blank``: the label of "no value", offered first; None when a value is required."""
        super().__init__(id=id, disabled=disabled)
        self._blank = blank
        self.title = title
        self._options: list[tuple[str, T | None]] = []
        self._index: int | None = None
        self.set_options(options)

    @property
    def value(self) -> T | None:
        return None if self._index is None else self._options[self._index][1]

    @value.setter
    def value(self, value: T | None) -> None:
        """Show ``value`` (no Changed: the program set it, the user did not choose it)."""
        self._index = next((i for i, (_, v) in enumerate(self._options) if v == value), None)
        self.refresh()

    def set_options(self, options: Sequence[tuple[str, T]]) -> None:
        """Offer other values; the current one stays chosen if it is still among them."""
        current = self.value
        self._options = [(self._blank, None)] if self._blank is not None else []
        self._options += list(options)
        self.value = current

    @property
    def labels(self) -> list[str]:
        return [label for label, _ in self._options]

    def render(self) -> Content:
        if self._index is None:
            label = Content.styled(self._blank or "—", "dim")
        else:
            label = Content(self._options[self._index][0])
        return Content.assemble(label, (" ▾", "dim"))

    def _choose(self, index: int) -> None:
        if index != self._index:
            self._index = index
            self.refresh()
            self.post_message(self.Changed(self, self.value))

    def action_open(self) -> None:
        def chosen(index: int | None) -> None:
            if index is not None:
                self._choose(index)

        self.app.push_screen(ChoiceList(self.title, self.labels, self._index), chosen)

    def on_click(self) -> None:
        if not self.disabled:
            self.action_open()
