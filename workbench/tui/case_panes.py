"""Which pane of the case screen has the keyboard, which show, and how to get to a place.

Three panes (the claim, the sources, the sections) and the panel below them (its tabs
are ``case_panel.PANEL_TABS``). The pane with the keyboard is marked, and lit in the pane
bar; on a narrow terminal (80 columns) it is the only one shown. The panel shows while
it is open, and at 80 columns only while it has the keyboard; closing it gives the
keyboard back to the pane that had it before.

The active pane's class is set only on a change, and the panes are shown and hidden by
inline ``display`` rather than a class on the screen: a class makes Textual restyle
every widget under it (tens of milliseconds for the claim pane).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen
from textual.widget import Widget

from workbench.tui.case_panel import CasePanel
from workbench.tui.claim_pane import ClaimPane
from workbench.tui.open_case import OpenCase
from workbench.tui.pane_bar import PANEL, PANES, PaneBar
from workbench.tui.places import Place, PlaceKind
from workbench.tui.sections_view import SectionList, SectionsView
from workbench.tui.sources_table import SourcesTable

#: Below this many columns (an 80-column terminal) one pane shows at a time.
NARROW_WIDTH = 100

_PANE_IDS = frozenset({*(pane.id for pane in PANES), PANEL})


class CasePanes:
    """The panes of one case screen: the active one, the panel, and moving between them."""

    def __init__(self, screen: Screen[Any], *, hand_down: Callable[[str], None],
                 open_matrix: Callable[[str], None]) -> None:
        """``hand_down(tab)`` gives a tab of the panel what it shows, as it opens;
        ``open_matrix(question_id)`` shows a question, in the evidence matrix."""
        self.screen = screen
        self.hand_down = hand_down
        self.open_matrix = open_matrix
        #: The case, for showing a place in it; handed down once it is loaded.
        self.opened: OpenCase | None = None
        #: The pane with the keyboard (at 80 columns, the only one shown).
        self.active = "claim"
        #: Whether the panel shows (at 80 columns only while it is the active pane).
        self.panel_open = False
        #: The pane the focus goes back to when the panel closes.
        self._before_panel = "claim"

    def follow_focus(self, widget: Widget) -> None:
        """The focus moved to ``widget``: the pane it is in becomes the active one."""
        node: Widget | None = widget
        while node is not None and node is not self.screen:
            if node.id in _PANE_IDS:
                self.activate(node.id or "")
                return
            parent = node.parent
            node = parent if isinstance(parent, Widget) else None

    def activate(self, pane: str) -> None:
        """Mark the pane with the keyboard (only on a change: see the module's docstring)."""
        if pane == self.active:
            return
        self.active = pane
        for each in PANES:
            self.screen.query_one(f"#{each.id}").set_class(each.id == pane, "-active")
        self._light_tab()
        self.lay_out()

    def _light_tab(self) -> None:
        self.screen.query_one(PaneBar).light(self.active, self.screen.query_one(CasePanel).tab)

    def lay_out(self) -> None:
        """On a narrow terminal show only the active pane, else all three and the panel
        while it is open."""
        screen = self.screen
        narrow = screen.size.width < NARROW_WIDTH
        for pane in PANES:
            screen.query_one(f"#{pane.id}").display = not narrow or pane.id == self.active
        screen.query_one("#case-top").display = not narrow or self.active in ("claim",
                                                                              "sections")
        screen.query_one(CasePanel).display = (self.active == PANEL if narrow
                                               else self.panel_open)

    def focus(self, pane: str) -> None:
        """Jump to a pane (F2-F4); on a narrow terminal this also switches which one shows."""
        self.activate(pane)
        if pane == "claim":
            self.screen.query_one(ClaimPane).focus_field("claim-text")
        elif pane == "sources":
            self.screen.query_one(SourcesTable).focus()
        elif pane == "sections":
            self.screen.query_one(SectionList).focus()

    async def show_panel(self, tab: str) -> None:
        """Open a tab of the panel and give it the keyboard; the tab already shown, with
        the keyboard, closes the panel instead (the same key toggles it)."""
        panel = self.screen.query_one(CasePanel)
        if self.panel_open and self.active == PANEL and panel.tab == tab:
            self.close_panel()
            return
        if self.active != PANEL:
            self._before_panel = self.active
        view = await panel.open(tab)
        self.panel_open = True
        self.hand_down(tab)
        self.activate(PANEL)
        self._light_tab()
        self.lay_out()
        view.focus()

    def close_panel(self) -> None:
        """Close the panel and go back to the pane that had the keyboard before it."""
        self.panel_open = False
        self.focus(self._before_panel)
        self.lay_out()

    def go(self, place: Place) -> None:
        """Put the keyboard on ``place``. At 80 columns its pane replaces the panel; the
        panel's key comes back to it."""
        opened = self.opened
        if opened is None:
            return
        screen, case = self.screen, opened.case
        if place.kind is PlaceKind.QUESTION:
            self.open_matrix(place.id)
        elif place.kind is PlaceKind.SOURCE:
            screen.query_one(SourcesTable).show(case, opened.corroborations, select=place.id)
            self.focus("sources")
        elif place.kind is PlaceKind.SECTION_TEXT:
            sections = screen.query_one(SectionsView)
            sections.show(case, select=place.id)
            self.activate("sections")
            sections.editor.focus()
        elif place.kind is PlaceKind.SECTION:
            self.focus("sections")
            if place.id:
                screen.query_one(SectionsView).show(case, select=place.id)
                screen.query_one(SectionList).focus()
        elif place.kind is PlaceKind.FIELD:
            self.activate("claim")
            screen.query_one(ClaimPane).focus_field(place.id)
