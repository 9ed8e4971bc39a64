"""A Footer that redraws its keys once for any number of changes made together.

Textual's Footer rebuilds its keys after every change to the bindings (a focus moved, a
pane's keys refreshed), and each change it hears schedules a rebuild of its own. Opening
a case changes them half a dozen times in a few steps, so the case screen's footer was
rebuilt five times over in the first tenth of a second, each rebuild a batch in which the
screen may not paint: a key typed then waited for all of them to be shown. This one
schedules one rebuild and lets any change heard before it runs share it; the rebuild
reads the bindings as they are by then, so the keys shown are the same.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class CoalescedFooter(Footer):
    """A Footer whose rebuilds for changes heard before it gets to them are one."""

    def __init__(self) -> None:
        super().__init__()
        self._rebuild_pending = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        # As Footer.bindings_changed, but a rebuild already on its way serves this one.
        self._bindings_ready = True
        if not screen.app.app_focus or self._rebuild_pending:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        await self.recompose()
