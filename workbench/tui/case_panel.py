"""The case screen's panel: tabs below the case for what sits beside the editing.

The readiness checks are its first tab, the review comments (``review_panel``) and the
history of the selected item (``history_panel``) the others. A tab is one entry of
``PANEL_TABS``, and that is all it takes to add one:

- ``id``: names the tab (the case screen's action is ``show_panel('<id>')``, its binding
  id ``case.<id>``, and the view's widget id ``<id>-view``);
- ``label``, ``short`` and ``key``: what the pane bar and the footer show (the pane bar
  shows ``short`` when it is short of room, on an 80-column terminal), and the key that
  opens it (F5 and up; the section editor takes F6 and F7 for itself while it has the
  focus);
- ``view``: the widget class, built with ``id=`` the first time the tab is opened, so a
  tab costs nothing when a case opens. The screen hands it its data (attributes down) and
  hears its messages (for the checks, ``ChecksView.Jump``).

The panel is one more pane for the pane bar and the focus: at 80 columns it shows alone,
wider it sits under the source list while open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.widget import Widget
from textual.widgets import ContentSwitcher

from workbench.tui.checks_view import ChecksView
from workbench.tui.history_panel import HistoryPanel
from workbench.tui.review_panel import ReviewPanel


@dataclass(frozen=True)
class PanelTab:
    """One tab of the panel: see the module's docstring."""

    id: str
    label: str
    short: str
    key: str
    view: Callable[..., Widget]

    @property
    def view_id(self) -> str:
        return f"{self.id}-view"


PANEL_TABS: tuple[PanelTab, ...] = (
    PanelTab("checks", "Checks", "Chk", "f5", ChecksView),
    # F8 and F9, not F6 and F7: those select a line and all the text in a text field.
    PanelTab("review", "Review", "Rev", "f8", ReviewPanel),
    PanelTab("history", "History", "Hist", "f9", HistoryPanel),
)


def panel_tab(tab_id: str) -> PanelTab:
    return next(tab for tab in PANEL_TABS if tab.id == tab_id)


class CasePanel(ContentSwitcher):
    """Shows one tab's view at a time, building each the first time it is asked for."""

    def view(self, tab_id: str) -> Widget | None:
        """The tab's view if it has been built."""
        found = self.query_children(f"#{panel_tab(tab_id).view_id}")
        return found.first() if found else None

    async def open(self, tab_id: str) -> Widget:
        """Show the tab, building its view first if need be; returns the view, mounted."""
        tab = panel_tab(tab_id)
        view = self.view(tab_id)
        if view is None:
            view = tab.view(id=tab.view_id)
            await self.mount(view)
        self.current = tab.view_id
        return view

    @property
    def tab(self) -> str | None:
        """The id of the tab shown, if any."""
        current = self.current
        return next((tab.id for tab in PANEL_TABS if tab.view_id == current), None)
