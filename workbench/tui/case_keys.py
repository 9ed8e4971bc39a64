"""Which of the case screen's keys work right now (``CaseScreen.check_action``).

A key that does not work is left out of the footer and the palette, and F1 shows it
dimmed. Whether it works depends on a few facts about the screen at that moment
(``KeyState``), so the rule is a plain function of them, kept apart from the screen and
read as a table: the editing keys need a case whose file this process may write, those
that change its content also an unlocked case (``review.locking``), and the review
keys a writable file too. The lock's reason names keys; ``lock_keys`` gives them as the
user has them bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import App

from workbench.review import LockKeys
from workbench.tui.help_screen import key_for

#: Actions that change the case; a read-only case offers none of them. (The matrix opens
#: read-only there, and so does a source: ``edit_source`` shows it in the read-only view.)
EDITING_ACTIONS = frozenset({
    "add_source", "delete_source", "move_source",
    "add_section", "rename_section", "delete_section", "move_section", "cycle_section_kind",
    "cite", "external_editor", "undo", "save",
})
#: Actions that change the case's content: off in review mode and while published too
#: (saving stays on there, for the comments and status moves).
CONTENT_ACTIONS = EDITING_ACTIONS - {"save"}
#: Review actions: they record a name, and need a file this process may write.
REVIEW_ACTIONS = frozenset({"comment", "move_status", "add_correction"})


@dataclass(frozen=True)
class KeyState:
    """What the case screen's keys depend on, at one moment."""

    #: The case has been read (until then only leaving works).
    loaded: bool
    #: This process may write the case file.
    writable: bool
    #: The case's content is locked against edits (``review.locking``).
    locked: bool
    #: The case is published: a correction is the way to change it.
    published: bool
    #: The panel below the panes is open.
    panel_open: bool
    #: A delete is on the undo stack.
    can_undo: bool
    #: A screen lies beneath this one to go back to.
    can_go_back: bool


def action_works(action: str, state: KeyState) -> bool:
    """Whether the screen's ``action`` works in ``state`` (any action not named: yes)."""
    if action == "back":
        return state.can_go_back
    if action == "close_panel":
        return state.panel_open
    if action in ("show_panel", "export", "matrix", "edit_source", "reply_log"):
        return state.loaded
    if action in EDITING_ACTIONS and not (state.loaded and state.writable):
        return False
    if action in CONTENT_ACTIONS and state.locked:
        return False
    if action in REVIEW_ACTIONS and not (state.loaded and state.writable):
        return False
    if action == "add_correction":
        return state.published
    if action == "accept_finding":
        # A name and a writable file, as a review action; a published case is frozen.
        return state.loaded and state.writable and not state.published
    if action == "undo":
        return state.can_undo
    return True


def lock_keys(app: App[Any]) -> LockKeys:
    """The keys the lock's reason names, as the user has them bound."""
    return LockKeys(correct=key_for(app, "case.correct", "C"),
                    comment=key_for(app, "case.comment", "c"),
                    status=key_for(app, "case.status", "s"),
                    review=key_for(app, "case.review", "f8"))
