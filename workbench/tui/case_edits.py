"""Where every edit of the case on screen goes: saved, redrawn, and undoable if a delete.

A pane that changed a field posts ``CaseChanged``; a controller that changed the case's
structure (``source_actions``, ``section_actions``) calls this directly, since what it
redraws must follow at once. A field edit is saved after the pause in typing; a
structural one at once, and what derives from the whole case (the badges, the section
list, the review tab's anchors) is drawn again. The checks rerun after either. Deletes go
on the undo stack, which any other edit empties (see ``undo_stack``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from workbench import editing
from workbench.tui.case_saving import CaseSaving
from workbench.tui.open_case import OpenCase
from workbench.tui.sections_view import SectionsView
from workbench.tui.sources_table import SourcesTable
from workbench.tui.undo_stack import UndoEntry, UndoStack


class CaseEdits:
    """Saves and redraws after each edit of one case screen, and keeps its undo stack."""

    def __init__(self, screen: Screen[Any], saving: CaseSaving, *,
                 after_edit: Callable[[], None], after_structure: Callable[[], None]) -> None:
        """``after_edit`` follows every edit (the checks); ``after_structure`` every
        structural one (the review tab, which names items by number)."""
        self.screen = screen
        self.saving = saving
        self.after_edit = after_edit
        self.after_structure = after_structure
        #: The case; handed down once it is loaded.
        self.opened: OpenCase | None = None
        self.undo_stack = UndoStack()

    def changed(self, *, immediate: bool = False, keep_undo: bool = False) -> None:
        """Something in the case changed: save it (after the typing pause unless immediate).

        Any change but a delete or an undo empties the undo stack.
        """
        if self.saving.autosaver is None or self.opened is None:
            return
        if not keep_undo and self.undo_stack:
            self.undo_stack.clear()
            self.screen.refresh_bindings()
        self.screen.sub_title = self.opened.case.title
        self.saving.changed(immediate=immediate)
        self.after_edit()

    def structure_changed(self, *, select_source: str | None = None,
                          select_section: str | None = None, keep_undo: bool = False) -> None:
        """Sources, sections or the matrix changed: save now and redraw what derives from them."""
        opened = self.opened
        if opened is None:
            return
        self.changed(immediate=True, keep_undo=keep_undo)
        self.screen.query_one(SourcesTable).show(opened.case, opened.recount(),
                                                 select=select_source)
        self.screen.query_one(SectionsView).refresh_case(select=select_section)
        self.after_structure()
        self.screen.refresh_bindings()

    def push_undo(self, undo: editing.Undo, *, source_id: str | None = None,
                  section_id: str | None = None) -> None:
        """A delete happened: ctrl+z can take it back, and the notification says so."""
        self.undo_stack.push(UndoEntry(undo, source_id, section_id))
        self.screen.refresh_bindings()
        self.screen.notify(f"{undo.description} — {self._key_for('case.undo')} to undo",
                           markup=False)

    def _key_for(self, binding_id: str) -> str:
        """The key bound to ``binding_id`` now, after any user keymap, as the footer shows it."""
        for bindings in self.screen._bindings.key_to_bindings.values():
            for binding in bindings:
                if binding.id == binding_id:
                    return self.screen.app.get_key_display(binding)
        return binding_id

    def undo(self) -> None:
        """Take back the newest delete, and show what came back."""
        if not self.undo_stack or self.opened is None:
            return
        entry = self.undo_stack.pop()
        entry.undo.restore(self.opened.case)
        self.structure_changed(select_source=entry.source_id, select_section=entry.section_id,
                               keep_undo=True)
        self.screen.notify(f"Undone: {entry.undo.description}", markup=False)
