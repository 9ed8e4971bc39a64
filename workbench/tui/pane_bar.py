"""The case screen's pane bar: which area has the keyboard, with a click to go there.

The bar is the case screen's map: one tab per pane (F2 to F4), one per tab of the panel
below them (F5 and up, with a badge: the checks' counts, the open review comments), then
who is acting and whether the case is saved. The bar only shows: the screen's
``case_panes`` says which tab to light, and a click on a tab is a ``PaneTab.Clicked``
message for the screen, which owns the panes, to move the focus.

Every tab shows at any width a case screen is used at (80 columns and up): when the whole
labels do not fit the tabs take short ones ("F3 Src"), and if that is still not enough the
save state says itself in a word or two. The save state is never the one pushed off (it
sits at the right edge whatever happens to the tabs); who is acting gives way first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from workbench.tui.autosave import SaveIndicator, SaveState, save_state_text
from workbench.tui.case_panel import PANEL_TABS


@dataclass(frozen=True)
class Pane:
    """One of the three panes: its id, its label whole and short, the key that jumps to it."""

    id: str
    label: str
    short: str
    key: str


#: The three panes, in focus order.
PANES: tuple[Pane, ...] = (
    Pane("claim", "Claim", "Claim", "f2"),
    Pane("sources", "Sources", "Src", "f3"),
    Pane("sections", "Sections", "Sect", "f4"),
)
#: The panel below them (its tabs are ``PANEL_TABS``) counts as one more pane.
PANEL = "panel"

#: The save state in a word or two, for a bar short of room; the whole words are then the
#: indicator's tooltip (and a failed save says why in a notification too).
COMPACT_SAVE_TEXT: dict[SaveState, str] = {
    SaveState.SAVED: "● saved",
    SaveState.SAVING: "◌ saving…",
    SaveState.FAILED: "✗ save failed",
    SaveState.READ_ONLY: "read-only",
}

#: What the bar tries, in order, until it fits: (short labels, compact save state).
_FITTINGS: tuple[tuple[bool, bool], ...] = ((False, False), (True, False), (True, True))


class PaneTab(Static):
    """One tab: its key and label, lit while its area has the keyboard.

    A panel tab (``panel`` True) stands for a tab of the panel and may carry a badge. The
    label is whole or short (``set_short``), the whole one then its tooltip.
    """

    class Clicked(Message):
        """The tab of ``pane`` was clicked (``panel``: a tab of the panel)."""

        def __init__(self, pane: str, *, panel: bool) -> None:
            super().__init__()
            self.pane = pane
            self.panel = panel

    def __init__(self, pane: str, label: str, short: str, key: str, *, active: bool = False,
                 panel: bool = False) -> None:
        self._whole = Content.assemble((key.upper(), "bold"), f" {label}")
        self._short = Content.assemble((key.upper(), "bold"), f" {short}")
        self._badge = Content("")
        self.short = False
        super().__init__(self._whole, id=f"tab-{pane}",
                         classes="pane-tab -active" if active else "pane-tab")
        self.pane = pane
        self.panel = panel

    def _text(self, *, short: bool) -> Content:
        label = self._short if short else self._whole
        return Content.assemble(label, " ", self._badge) if self._badge.plain else label

    def width_needed(self, *, short: bool) -> int:
        """The cells this tab takes with the whole or the short label."""
        return self._text(short=short).cell_length + self.styles.gutter.width

    def set_badge(self, badge: Content) -> None:
        """Show ``badge`` after the label; an empty one leaves the label alone."""
        self._badge = badge
        self.update(self._text(short=self.short))

    def set_short(self, short: bool) -> None:
        if short == self.short:
            return
        self.short = short
        self.update(self._text(short=short))
        self.tooltip = self._whole.plain if short and self._whole != self._short else None

    def on_click(self) -> None:
        self.post_message(self.Clicked(self.pane, panel=self.panel))


class BarSaveIndicator(SaveIndicator):
    """The save indicator, whole or compact (``COMPACT_SAVE_TEXT``) as the bar has room.

    ``on_change`` is called when the words change, for the bar to fit itself again.
    """

    def __init__(self, on_change: Callable[[], None], *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The whole words of the latest state, shown or not.
        self.whole = save_state_text(SaveState.SAVED)
        self.compact = False
        self._on_change = on_change

    def show(self, state: SaveState, text: str) -> None:
        # Called on every keystroke: nothing to do unless the words change.
        if state is self.state and text == self.whole:
            return
        self.whole = text
        self._show(state)
        self._on_change()

    def _show(self, state: SaveState) -> None:
        super().show(state, COMPACT_SAVE_TEXT[state] if self.compact else self.whole)
        tooltip = self.whole if self.compact else None
        if tooltip != self.tooltip:
            self.tooltip = tooltip

    def width_needed(self, *, compact: bool) -> int:
        """The cells the save state takes, whole or compact."""
        text = COMPACT_SAVE_TEXT[self.state] if compact else self.whole
        return Content(text).cell_length + self.styles.gutter.width

    def set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact
            self._show(self.state)


class PaneBar(Horizontal):
    """The tabs, then who is acting (``identity``) and the save indicator."""

    def __init__(self, identity: str, *, active: str, id: str | None = None) -> None:
        """``active``: the pane lit from the start (a class set later restyles it)."""
        super().__init__(id=id)
        self.identity = identity
        self.active = active

    def compose(self) -> ComposeResult:
        for pane in PANES:
            yield PaneTab(pane.id, pane.label, pane.short, pane.key,
                          active=pane.id == self.active)
        for tab in PANEL_TABS:
            yield PaneTab(tab.id, tab.label, tab.short, tab.key, panel=True)
        yield Static(id="bar-fill")
        yield Static(self.identity, id="identity", markup=False)
        yield BarSaveIndicator(self.fit, id="save-state")

    def on_resize(self) -> None:
        self.fit()

    def fit(self) -> None:
        """Shorten the labels, then the save state, as far as it takes for all to fit."""
        room = self.size.width
        if not room:
            return  # not laid out yet: the first resize fits it
        tabs = list(self.query_children(PaneTab).results(PaneTab))
        save = self.query_one(BarSaveIndicator)
        short = compact = True
        for short, compact in _FITTINGS:
            needed = (sum(tab.width_needed(short=short) for tab in tabs)
                      + save.width_needed(compact=compact))
            if needed <= room:
                break
        for tab in tabs:
            tab.set_short(short)
        save.set_compact(compact)

    def light(self, active: str, panel_tab: str | None) -> None:
        """Light the tab of the ``active`` pane; for the panel, that of its tab shown."""
        for tab in self.query(PaneTab):
            lit = (tab.pane == active if not tab.panel
                   else active == PANEL and tab.pane == panel_tab)
            tab.set_class(lit, "-active")

    def set_badge(self, tab: str, badge: Content) -> None:
        """Show ``badge`` on the tab of the panel's ``tab``."""
        self.query_one(f"#tab-{tab}", PaneTab).set_badge(badge)
        self.fit()
