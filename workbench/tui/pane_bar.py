"""The case screen's pane bar: which area has the keyboard, with a click to go there.

The bar is the case screen's map: one tab per pane (F2 to F4), one per tab of the panel
below them (F5 and up, with a badge: the checks' counts, the open review comments), then
who is acting and whether the case is saved. The bar only shows: the screen's
``case_panes`` says which tab to light, and a click on a tab is a ``PaneTab.Clicked``
message for the screen, which owns the panes, to move the focus.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from workbench.tui.autosave import SaveIndicator
from workbench.tui.case_panel import PANEL_TABS

#: The three panes, in focus order: id, tab label, the key that jumps to it.
PANES: tuple[tuple[str, str, str], ...] = (
    ("claim", "Claim", "f2"),
    ("sources", "Sources", "f3"),
    ("sections", "Sections", "f4"),
)
#: The panel below them (its tabs are ``PANEL_TABS``) counts as one more pane.
PANEL = "panel"


class PaneTab(Static):
    """One tab: its key and label, lit while its area has the keyboard.

    A panel tab (``panel`` True) stands for a tab of the panel and may carry a badge.
    """

    class Clicked(Message):
        """The tab of ``pane`` was clicked (``panel``: a tab of the panel)."""

        def __init__(self, pane: str, *, panel: bool) -> None:
            super().__init__()
            self.pane = pane
            self.panel = panel

    def __init__(self, pane: str, label: str, key: str, *, active: bool = False,
                 panel: bool = False) -> None:
        self._label = Content.assemble((key.upper(), "bold"), f" {label}")
        super().__init__(self._label, id=f"tab-{pane}",
                         classes="pane-tab -active" if active else "pane-tab")
        self.pane = pane
        self.panel = panel

    def set_badge(self, badge: Content) -> None:
        """Show ``badge`` after the label; an empty one leaves the label alone."""
        self.update(Content.assemble(self._label, " ", badge) if badge.plain else self._label)

    def on_click(self) -> None:
        self.post_message(self.Clicked(self.pane, panel=self.panel))


class PaneBar(Horizontal):
    """The tabs, then who is acting (``identity``) and the save indicator."""

    def __init__(self, identity: str, *, active: str, id: str | None = None) -> None:
        """``active``: the pane lit from the start (a class set later restyles it)."""
        super().__init__(id=id)
        self.identity = identity
        self.active = active

    def compose(self) -> ComposeResult:
        for pane, label, key in PANES:
            yield PaneTab(pane, label, key, active=pane == self.active)
        for tab in PANEL_TABS:
            yield PaneTab(tab.id, tab.label, tab.key, panel=True)
        yield Static(id="bar-fill")
        yield Static(self.identity, id="identity", markup=False)
        yield SaveIndicator(id="save-state")

    def light(self, active: str, panel_tab: str | None) -> None:
        """Light the tab of the ``active`` pane; for the panel, that of its tab shown."""
        for tab in self.query(PaneTab):
            lit = (tab.pane == active if not tab.panel
                   else active == PANEL and tab.pane == panel_tab)
            tab.set_class(lit, "-active")

    def set_badge(self, tab: str, badge: Content) -> None:
        """Show ``badge`` on the tab of the panel's ``tab``."""
        self.query_one(f"#tab-{tab}", PaneTab).set_badge(badge)
