"""What the source list's keys do: add, edit, delete, move and cite a source, and the matrix.

The keys are bound on the list (``SourcesTable``), so the footer offers them where they
apply, and act on the screen, which hands them here. An edit goes through
``workbench.editing``, so citations follow a source that moves and a delete can be
undone; ``CaseEdits`` then saves it and redraws what derives from it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget

from workbench import editing
from workbench.editing import apply_form_result, opens_existing
from workbench.model import Source
from workbench.review import Anchor
from workbench.tui.case_edits import CaseEdits
from workbench.tui.open_case import OpenCase
from workbench.tui.sources_table import SourcesTable

if TYPE_CHECKING:
    from workbench.tui.source_form import SourceFormScreen

#: How long after the source list takes the keyboard, or a source form closes, the form
#: for the next new source is built (seconds): a moment for the keys that came with it.
PREPARE_DELAY = 0.3


class SourceActions:
    """The source list's actions on one case screen.

    ``a`` shows a source form built ahead: building and styling its eighty-odd widgets
    is most of the time to a form shown (some 70 ms at 500 sources), so once the source
    list has the keyboard, the form for the next new source is built off screen, and
    ``a`` only lays it out and shows it. It is built as ``a`` would build it, and shown
    only while the case still reads the same to it (``SourceFormScreen.fits``);
    otherwise ``a`` builds one anew, as it always did.
    """

    def __init__(self, screen: Screen[Any], edits: CaseEdits) -> None:
        self.screen = screen
        self.edits = edits
        self._opened: OpenCase | None = None
        #: The form for the next new source, built ahead and not yet shown.
        self._prepared: SourceFormScreen | None = None
        self._prepare_timer: Timer | None = None

    @property
    def opened(self) -> OpenCase | None:
        """The case; handed down once it is loaded."""
        return self._opened

    @opened.setter
    def opened(self, opened: OpenCase | None) -> None:
        if opened is not None and self._opened is None:
            self.screen.watch(self.screen, "focused", self._focus_moved, init=False)
        self._opened = opened

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

        case = self.opened.case
        form = self._take_prepared() if source is None else None
        if form is None:
            form = SourceFormScreen(case, source)
        self.screen.app.push_screen(form, self._apply)

    # The form built ahead

    @property
    def prepared(self) -> SourceFormScreen | None:
        """The form for the next new source, built ahead and not yet shown."""
        return self._prepared

    def _focus_moved(self, focused: Widget | None) -> None:
        if isinstance(focused, SourcesTable):
            self._prepare_soon()

    def _prepare_soon(self) -> None:
        if self._prepare_timer is None and self._prepared is None:
            self._prepare_timer = self.screen.set_timer(PREPARE_DELAY, self._prepare,
                                                        name="source form ahead")

    def _prepare(self) -> None:
        """Build the form for a new source off screen (mounted, not shown)."""
        self._prepare_timer = None
        opened, screen = self.opened, self.screen
        if (opened is None or self._prepared is not None or not screen.is_current
                or screen.lock_reason):
            return
        from workbench.tui.source_form import SourceFormScreen

        form = SourceFormScreen(opened.case, None)
        # What ``push_screen`` does first: register the screen, so it composes and
        # mounts; it is pushed (laid out and shown) when ``a`` asks for it.
        screen.app._get_screen(form)
        self._prepared = form

    def _take_prepared(self) -> SourceFormScreen | None:
        """The form built ahead, if it still shows the case as it is; else None."""
        form, self._prepared = self._prepared, None
        if form is None or self.opened is None:
            return None
        if form.fits(self.opened.case):
            return form
        form.remove()
        return None

    def discard_prepared(self) -> None:
        """The case screen is closing: the form built ahead goes with it."""
        if self._prepare_timer is not None:
            self._prepare_timer.stop()
            self._prepare_timer = None
        if self._prepared is not None:
            self._prepared.remove()
            self._prepared = None

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
        self._prepare_soon()
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
