"""What the source list's keys do: add, edit, delete, move and cite a source, and the matrix.

The keys are bound on the list (``SourcesTable``), so the footer offers them where they
apply, and act on the screen, which hands them here. An edit goes through
``workbench.editing``, so citations follow a source that moves and a delete can be
undone; ``CaseEdits`` then saves it and redraws what derives from it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from workbench import editing
from workbench.editing import apply_form_result, opens_existing
from workbench.model import Source
from workbench.review import Anchor
from workbench.tui.case_edits import CaseEdits
from workbench.tui.open_case import OpenCase
from workbench.tui.sources_table import SourcesTable


class SourceActions:
    """The source list's actions on one case screen."""

    def __init__(self, screen: Screen[Any], edits: CaseEdits) -> None:
        self.screen = screen
        self.edits = edits
        #: The case; handed down once it is loaded.
        self.opened: OpenCase | None = None

    @property
    def table(self) -> SourcesTable:
        return self.screen.query_one(SourcesTable)

    def selected(self) -> Source | None:
        if self.opened is None:
            return None
        source_id = self.table.selected_id()
        return self.opened.case.source(source_id) if source_id else None

    # The source form

    def add(self) -> None:
        self.open_form(None)

    def edit(self) -> None:
        """The highlighted source in the form; read-only in the view while the content
        is locked (a reviewer, or anyone on a published case, still reads it whole)."""
        source = self.selected()
        if source is None:
            return
        if self.screen.lock_reason:
            self.view(source)
        else:
            self.open_form(source)

    def open_form(self, source: Source | None) -> None:
        """The source form on ``source``, or on a new one (None)."""
        if self.opened is None:
            return
        # Imported when first asked for: the form is not needed to show a case.
        from workbench.tui.source_form import SourceFormScreen

        self.screen.app.push_screen(SourceFormScreen(self.opened.case, source), self._apply)

    def view(self, source: Source) -> None:
        """``source`` read-only, with the lock's reason; ``c`` comments on it when the
        screen takes comments, and the review is redrawn after (perhaps a new comment)."""
        if self.opened is None:
            return
        from workbench.tui.source_view import SourceViewScreen

        # Read from the case screen, the one host of these actions (``matrix`` is handed
        # the same by it).
        screen = self.screen
        on_comment = screen.review.comment_on if screen.check_action("comment", ()) else None
        view = SourceViewScreen(self.opened.case, source, reason=screen.lock_reason,
                                on_comment=on_comment)
        screen.app.push_screen(view, lambda _result: screen.review.show())

    def _apply(self, result: Source | None) -> None:
        """Put what the form dismissed with into the case (an edit replaces, a new one appends).

        The form may instead hand back an existing source (the user chose it over adding a
        duplicate): that one is selected and opened, nothing changes.
        """
        opened = self.opened
        if opened is None or result is None:
            return
        case = opened.case
        if opens_existing(case, result):
            self.table.show(case, opened.corroborations, select=result.id)
            self.open_form(result)
            return
        is_new = case.source(result.id) is None
        selected = apply_form_result(case, result)
        self.edits.structure_changed(select_source=selected.id if selected else None)
        if is_new:
            self.screen.notify(f"Added source [{result.number}]", markup=False)

    # Structure

    def delete(self) -> None:
        source = self.selected()
        if source is None or self.opened is None:
            return
        undo = editing.delete_source(self.opened.case, source.id)
        self.edits.structure_changed(keep_undo=True)
        self.edits.push_undo(undo, source_id=source.id)

    def move(self, offset: int) -> None:
        source = self.selected()
        if source is None or self.opened is None:
            return
        if editing.move_source(self.opened.case, source.id, offset):
            self.edits.structure_changed(select_source=source.id)

    def copy_citation(self) -> None:
        source = self.selected()
        if source is None:
            return
        self.screen.app.copy_to_clipboard(f"[{source.number}]")
        self.screen.notify(f"Copied [{source.number}] to the clipboard", markup=False)

    # The evidence matrix

    def matrix(self, question_id: str | None, *, lock_reason: str,
               on_comment: Callable[[Anchor], None] | None,
               on_close: Callable[[], None]) -> None:
        """Open the evidence matrix, on ``question_id``'s row if given; read-only while
        the content is locked (``lock_reason``: a reviewer reads it and comments on its
        questions with ``on_comment``). ``on_close`` redraws the review after a
        read-only visit, which changed nothing but perhaps a comment."""
        if self.opened is None:
            return
        from workbench.tui.matrix_screen import MatrixScreen

        read_only = bool(lock_reason)
        matrix = MatrixScreen(self.opened.case, self._matrix_changed, read_only=read_only,
                              read_only_reason=lock_reason, on_comment=on_comment,
                              question_id=question_id)

        def closed(_result: object) -> None:
            if read_only:
                # Nothing changed but perhaps a comment (saved already): the undo list stays.
                on_close()
            else:
                self.edits.structure_changed()

        self.screen.app.push_screen(matrix, closed)

    def _matrix_changed(self) -> None:
        """Called by the matrix after each cell or question edit: save and re-badge."""
        if self.opened is None:
            return
        self.edits.changed(immediate=True)
        self.table.update_badges(self.opened.case, self.opened.recount())
