"""Screen actions that the screen's controllers do, each named once: ``handed_to``.

Textual looks an action up by name on the object its binding names: a pane's binding to
``screen.add_source`` calls its screen's ``action_add_source``. The case screen's panes
bind their keys that way, so the footer offers each where it applies, while the work is
a controller's. ``action_add_source = handed_to("sources", "add")`` on the screen makes
the action that controller's method itself (Textual calls it with the binding's
parameters), instead of a method on the screen whose one line calls it. The screen's
``check_action`` still decides whether it runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def handed_to(controller: str, method: str) -> property:
    """An action attribute for a screen class: ``method`` of its ``controller`` attribute."""

    def action(screen: object) -> Callable[..., Any]:
        method_of_controller: Callable[..., Any] = getattr(getattr(screen, controller), method)
        return method_of_controller

    return property(action, doc=f"Done by ``{controller}.{method}``.")
