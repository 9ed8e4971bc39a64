"""The command palette's list of what can be done here, read from the key bindings.

Every action worth a key has a binding with a description, so the palette lists the
bindings of the focused widget, its screen and the app (those available right now),
with their keys. A new binding shows up in the palette by itself; nothing to keep in step.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

#: Actions that make no sense as a palette entry (the palette itself, focus cycling).
_SKIPPED_ACTIONS = frozenset({"command_palette", "app.command_palette", "focus_next",
                              "focus_previous", "app.focus_next", "app.focus_previous"})


@dataclass(frozen=True)
class BindingCommand:
    """One palette entry: the binding's description, its keys and id, and how to run it."""

    name: str
    help: str
    run: partial[object]


def binding_commands(screen: object) -> Iterator[BindingCommand]:
    """The described, currently available bindings of ``screen``: those the footer shows
    first (what matters on this screen), then the rest, nearest widget first."""
    from textual.screen import Screen

    assert isinstance(screen, Screen)
    app = screen.app
    seen: set[str] = set()
    bindings = sorted(screen.active_bindings.values(), key=lambda active: not active.binding.show)
    for active in bindings:
        binding = active.binding
        if (
            not active.enabled
            or not binding.description
            or binding.action in _SKIPPED_ACTIONS
            or binding.description in seen
        ):
            continue
        seen.add(binding.description)
        keys = app.get_key_display(binding)
        where = f" · {binding.id}" if binding.id else ""
        yield BindingCommand(
            binding.description,
            f"{keys}{where}",
            partial(app.run_action, binding.action, active.node),
        )


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
