"""The command palette's list of what can be done here, read from the key bindings.

Every action worth a key has a binding with a description, so the palette lists the
bindings of the focused widget, its screen and the app (those available right now),
with their keys. A new binding shows up in the palette by itself; nothing to keep in step.

An entry that would not run is left out, as the footer leaves its key out: a locked case
offers no editing. The palette is a screen of its own, so a pane's binding to a
``screen.`` action is asked of the screen the palette was opened on (``_works``), which
is where it runs, not of the palette, which would allow it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from textual.actions import parse
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen

#: Actions that make no sense as a palette entry (the palette itself, focus cycling).
_SKIPPED_ACTIONS = frozenset({"command_palette", "app.command_palette", "focus_next",
                              "focus_previous", "app.focus_next", "app.focus_previous"})


@dataclass(frozen=True)
class BindingCommand:
    """One palette entry: the binding's description, its keys and id, and how to run it."""

    name: str
    help: str
    run: partial[object]


def binding_commands(screen: Screen[object]) -> Iterator[BindingCommand]:
    """The described bindings of ``screen`` that would run now: those the footer shows
    first (what matters on this screen), then the rest, nearest widget first."""
    app = screen.app
    namespaces = {"screen": screen}
    seen: set[str] = set()
    bindings = sorted(screen.active_bindings.values(), key=lambda active: not active.binding.show)
    for active in bindings:
        binding = active.binding
        if (
            not binding.description
            or binding.action in _SKIPPED_ACTIONS
            or binding.description in seen
            or not _works(screen, binding.action, active.node)
        ):
            continue
        seen.add(binding.description)
        keys = app.get_key_display(binding)
        where = f" · {binding.id}" if binding.id else ""
        yield BindingCommand(
            binding.description,
            f"{keys}{where}",
            partial(app.run_action, binding.action, active.node, namespaces),
        )


def _works(screen: Screen[object], action: str, node: DOMNode) -> bool:
    """Whether ``action``, bound on ``node``, would run on ``screen`` now.

    ``active_bindings`` asks ``screen.`` actions of the app's top screen, which is the
    palette itself while it is open; here they are asked of ``screen``.
    """
    destination, name, parameters = parse(action)
    targets: dict[str, DOMNode | None] = {"screen": screen, "app": screen.app,
                                          "focused": screen.focused}
    target = targets.get(destination, node) if destination else node
    return target is not None and bool(target.check_action(name, parameters))


class BindingCommandsProvider(Provider):
    """Palette entries for every key binding that works on the current screen."""

    async def discover(self) -> Hits:
        for command in binding_commands(self.screen):
            yield DiscoveryHit(Content(command.name), command.run, text=command.name,
                               help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in binding_commands(self.screen):
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(score, matcher.highlight(command.name), command.run,
                          text=command.name, help=command.help)
