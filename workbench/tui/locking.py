"""Saying why an editing key does nothing, when the case is locked against edits.

A case in review mode, or published, keeps its editing keys off (hidden from the footer
and the palette: ``check_action`` says False). A key that is off does nothing at all, which
reads as a broken keyboard; so a locked screen looks up what a pressed key would have done
and, if it would have edited, says in one line why it did not.
"""

from __future__ import annotations

from collections.abc import Collection

from textual.screen import Screen


def bound_action(screen: Screen[object], key: str) -> str | None:
    """The action ``key`` is bound to where the focus is (nearest binding first), by its
    bare name: ``screen.move_source(-1)`` gives ``move_source``."""
    # The chain as Textual dispatches keys: the focused widget up to the app, after the
    # user's keymap, without the keys a focused text field types.
    for _node, bindings in screen._modal_binding_chain:
        for binding in bindings.key_to_bindings.get(key, ()):
            if binding.priority:
                continue
            return binding.action.split("(", 1)[0].rpartition(".")[2]
    return None


def is_editing_key(screen: Screen[object], key: str, actions: Collection[str]) -> bool:
    """Whether ``key`` is bound, where the focus is, to one of the editing ``actions``."""
    return bound_action(screen, key) in actions
