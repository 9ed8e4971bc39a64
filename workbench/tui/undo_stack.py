"""The deletes ctrl+z can take back on the case screen.

Only deletes of a source or a section go on the stack: every other edit is small, and
typing has the text field's own undo. An undo puts back the sources, sections and matrix
as they were before the delete (``editing.Undo``), so after any other edit it would take
that edit back too; the screen therefore empties the stack on every change but a delete
or an undo, and nothing typed can be lost by pressing ctrl+z.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench import editing

#: How many deletes in a row ctrl+z can take back.
UNDO_DEPTH = 20


@dataclass(frozen=True)
class UndoEntry:
    """A destructive edit that ctrl+z can take back, and what to show once it is back."""

    undo: editing.Undo
    source_id: str | None = None
    section_id: str | None = None


class UndoStack(list[UndoEntry]):
    """The newest delete last; a list, so it reads and compares as one."""

    def push(self, entry: UndoEntry) -> None:
        """Add the newest delete, forgetting the oldest beyond ``UNDO_DEPTH``."""
        self.append(entry)
        del self[:-UNDO_DEPTH]
