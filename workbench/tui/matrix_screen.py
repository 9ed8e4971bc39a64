"""The evidence matrix: questions by sources, one keystroke per judgement.

The grid is where corroboration comes from, so the line under it shows the highlighted
source's corroboration as it changes: a fact-checker sees the badge move while setting
cells. The screen edits the case in place through ``workbench.editing`` and tells its
caller after every change (``on_change``), which saves the case and refreshes its badges.

A reviewer reads the matrix too: opened ``read_only`` (review mode, a published case) it
changes nothing and says why when an editing key is pressed, and ``c`` still comments on
the highlighted question through the caller's ``on_comment``. Questions with open review
comments carry a marker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from workbench.analysis.corroboration import computed_corroboration, corroboration
from workbench.editing import CELL_CYCLE, Undo, add_question, cycle_cell, delete_question, touch
from workbench.model import AnchorKind, Case, Cell, Question, Source
from workbench.review import Anchor
from workbench.tui.columns import SCROLLBAR_WIDTH
from workbench.tui.help_screen import key_for
from workbench.tui.labels import one_line
from workbench.tui.locking import is_editing_key
from workbench.tui.markers import OpenCounts, marker
from workbench.tui.prompt import TextPrompt
from workbench.tui.source_form import source_choice_label

#: How each cell reads in the grid: a symbol for scanning, a word for certainty.
CELL_TEXT: dict[Cell | None, tuple[str, str]] = {
    None: ("·", "dim"),
    Cell.SUPPORTS: ("✓ sup", "green"),
    Cell.CONTRADICTS: ("✗ con", "bold red"),
    Cell.SILENT: ("○ sil", "yellow"),
    Cell.NOT_APPLICABLE: ("— n/a", "dim"),
}
assert set(CELL_TEXT) == set(CELL_CYCLE)

#: The key of the question column; source columns are keyed by source id.
QUESTION_COLUMN = "question"
#: A source column is at least as wide as its widest cell ("✓ sup").
_CELL_WIDTH = 5
#: The question column never gets narrower than this; the grid scrolls sideways instead.
_MIN_QUESTION_WIDTH = 24
#: An open-comment marker in the grid (Rich style: the grid's cells are Rich Text).
_MARKER_STYLE = Style(color="yellow", bold=True)
#: The matrix's actions that change the case; a read-only matrix offers none of them.
_EDITING_ACTIONS = frozenset({"cycle", "add_question", "edit_question", "delete_question",
                              "undo"})


def question_prompt(title: str, text: str = "") -> TextPrompt:
    """The prompt for a question's wording, to add one and to edit one.

    Enter on nothing does not dismiss: a question with no words cannot be judged, and
    deleting one is a separate, undoable key on the matrix.
    """
    return TextPrompt(title, text, placeholder="e.g. Was a formal application made?",
                      required="the question")


def cell_text(cell: Cell | None) -> Text:
    text, style = CELL_TEXT[cell]
    return Text(text, style=style, justify="center")


def question_label(case: Case, question: Question) -> str:
    """A question as the grid and the info line name it: "Q2 Was a formal …"."""
    position = case.questions.index(question) + 1
    return f"Q{position} {question.text}"


def question_cell(label: str, open_comments: int, width: int) -> Text:
    """The question column's cell: "●1 Q2 Was a formal …" when comments are open on it."""
    sign = marker(open_comments)
    if not sign:
        return Text(one_line(label, width))
    return Text.assemble((sign, _MARKER_STYLE), " ",
                         one_line(label, max(width - _marker_width(open_comments), 1)))


def _marker_width(open_comments: int) -> int:
    sign = marker(open_comments)
    return len(sign) + 1 if sign else 0


class MatrixGrid(DataTable[Text]):
    """Rows are questions, columns sources; rebuilt when its width changes.

    The question column is fixed, so it stays in view while a wide grid scrolls sideways.
    Cells are Text, never str: DataTable reads a str as markup.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="cell", fixed_columns=1)
        self.case: Case | None = None
        self._built_width = -1
        #: Open review comments per question id, for the markers.
        self.comments: dict[str, int] = {}

    def show(self, case: Case) -> None:
        """Build the grid from ``case``, keeping the cursor on the same question and source."""
        self.case = case
        keys = self.cursor_keys()
        # Where the cursor was, for when its question is gone: stay on the same line.
        row = self.cursor_row
        self._built_width = self.size.width
        self.clear(columns=True)
        question_width = self._question_width(case)
        self.add_column(Text("Question"), width=question_width, key=QUESTION_COLUMN)
        for source in case.sources:
            header = f"[{source.number}]"
            self.add_column(Text(header), width=max(_CELL_WIDTH, cell_len(header)), key=source.id)
        for question in case.questions:
            cells = [question_cell(question_label(case, question),
                                   self.comments.get(question.id, 0), question_width)]
            cells += [cell_text(case.matrix.get((question.id, s.id))) for s in case.sources]
            self.add_row(*cells, key=question.id)
        self.move_to(*keys, fallback_row=row)

    def _question_width(self, case: Case) -> int:
        sources = sum(
            max(_CELL_WIDTH, cell_len(f"[{s.number}]")) + 2 * self.cell_padding
            for s in case.sources
        )
        room = self.size.width - sources - 2 * self.cell_padding - SCROLLBAR_WIDTH
        longest = max(
            (cell_len(question_label(case, q)) + _marker_width(self.comments.get(q.id, 0))
             for q in case.questions), default=0
        )
        return max(_MIN_QUESTION_WIDTH, min(room, max(longest, len("Question"))))

    def on_resize(self, event: events.Resize) -> None:
        # Before the first layout the width is 0; the real one arrives with this event.
        if self.case is not None and event.size.width != self._built_width:
            self.show(self.case)

    def cursor_keys(self) -> tuple[str | None, str | None]:
        """The question id and the column key (a source id or the question column)."""
        if not self.row_count:
            return None, None
        keys = self.coordinate_to_cell_key(self.cursor_coordinate)
        return keys.row_key.value, keys.column_key.value

    def move_to(
        self, question_id: str | None, column: str | None, *, fallback_row: int | None = None
    ) -> None:
        """Put the cursor on a question and column, wherever they now are.

        A question that is gone leaves the cursor on ``fallback_row`` (or where it is).
        """
        if not self.row_count:
            return
        if question_id in self.rows:
            row = self.get_row_index(question_id)
        else:
            wanted = self.cursor_row if fallback_row is None else fallback_row
            row = max(0, min(wanted, self.row_count - 1))
        if column in self.columns:
            col = self.get_column_index(column)
        else:
            # The first source column if there is one: that is where the work is.
            col = 1 if len(self.columns) > 1 else 0
        self.move_cursor(row=row, column=col, animate=False)

    def update_cell_of(self, question_id: str, source_id: str) -> None:
        assert self.case is not None
        self.update_cell(question_id, source_id,
                         cell_text(self.case.matrix.get((question_id, source_id))))


class MatrixScreen(Screen[None]):
    """Edits a case's questions and evidence matrix in place; escape closes it.

    ``on_change`` is called after every change to the case (cell, question added, edited,
    deleted or restored), so the caller can autosave and refresh its badges. Undo covers
    question deletes; it is offered only while the delete was the last change, because
    restoring the snapshot an ``Undo`` holds would also revert any later cell.

    ``read_only`` (with the reason, for the banner and the refusals) turns every edit off;
    ``on_comment`` is how a comment on the highlighted question is asked for (without it
    there is no comment key). The markers are redrawn when the screen comes back from the
    comment dialog.
    """

    DEFAULT_CSS = """
    MatrixScreen #matrix-grid {
        height: 1fr;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        background: $surface;
    }
    MatrixScreen #matrix-grid:focus {
        border: round $accent;
        border-title-color: $text;
    }
    MatrixScreen #matrix-empty {
        display: none;
        height: auto;
        padding: 0 2;
        color: $text-muted;
    }
    MatrixScreen.-empty #matrix-empty {
        display: block;
    }
    MatrixScreen #matrix-banner {
        height: auto;
        padding: 0 1;
        background: $warning-muted;
        text-style: bold;
    }
    MatrixScreen #matrix-info {
        height: auto;
        max-height: 5;
        padding: 0 1;
        border-top: hkey $panel-lighten-2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "cycle", "Cycle cell", id="matrix.cycle"),
        Binding("a", "add_question", "Add", id="matrix.add_question"),
        Binding("e", "edit_question", "Edit", id="matrix.edit_question"),
        Binding("d", "delete_question", "Delete", id="matrix.delete_question"),
        Binding("u", "undo", "Undo", id="matrix.undo"),
        Binding("c", "comment", "Comment", id="matrix.comment"),
        Binding("escape", "close", "Close", id="matrix.close"),
    ]

    def __init__(self, case: Case, on_change: Callable[[], None], *, read_only: bool = False,
                 read_only_reason: str = "",
                 on_comment: Callable[[Anchor], None] | None = None,
                 question_id: str | None = None) -> None:
        """``question_id``: the question to put the cursor on (a review comment's)."""
        super().__init__()
        self.case = case
        self.on_change = on_change
        self.read_only = read_only
        self.read_only_reason = read_only_reason or "This matrix is read-only."
        self.on_comment = on_comment
        self._start_question = question_id
        #: Deletes that can still be undone, the latest last, with the deleted question's id.
        self.undos: list[tuple[Undo, str]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        if self.read_only:
            yield Static(self.read_only_reason, id="matrix-banner", markup=False)
        yield MatrixGrid(id="matrix-grid")
        yield Static(id="matrix-empty", markup=False)
        yield Static(id="matrix-info")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Evidence matrix: {self.case.title}"
        grid = self.query_one(MatrixGrid)
        grid.border_title = "Evidence matrix"
        self._rebuild(self._start_question)
        grid.focus()

    @property
    def grid(self) -> MatrixGrid:
        return self.query_one(MatrixGrid)

    # Showing

    def _rebuild(self, question_id: str | None = None, column: str | None = None) -> None:
        """Redraw the grid after a change to the questions, keeping or moving the cursor."""
        grid = self.grid
        grid.comments = OpenCounts.of(self.case).questions
        grid.show(self.case)
        if question_id is not None:
            grid.move_to(question_id, column)
        self._show_empty()
        self._show_info()
        self.refresh_bindings()

    def _show_empty(self) -> None:
        lines = []
        if not self.case.questions:
            add = key_for(self.app, "matrix.add_question", "a")
            lines.append(f"No questions yet: press {add} to add a checkable question, "
                         "such as “Was a formal application made?”.")
        if not self.case.sources:
            lines.append("No sources yet: add them on the case screen; each gets a column here.")
        self.query_one("#matrix-empty", Static).update("\n".join(lines))
        self.set_class(bool(lines), "-empty")

    def selected(self) -> tuple[Question | None, Source | None]:
        """The highlighted question and source (None on the question column)."""
        question_id, column = self.grid.cursor_keys()
        question = next((q for q in self.case.questions if q.id == question_id), None)
        source = self.case.source(column) if column not in (None, QUESTION_COLUMN) else None
        return question, source

    @on(DataTable.CellHighlighted)
    def _highlighted(self, event: DataTable.CellHighlighted[Text]) -> None:
        self._show_info()

    def _show_info(self) -> None:
        question, source = self.selected()
        info = self.query_one("#matrix-info", Static)
        if question is None:
            info.update("")
            return
        lines = [Content.assemble((question_label(self.case, question), "bold"))]
        if source is None:
            # The keys as the user has them (a keymap may have moved them).
            edit = key_for(self.app, "matrix.edit_question", "e")
            delete = key_for(self.app, "matrix.delete_question", "d")
            lines += [self._evidence_line(question),
                      Content.styled(f"{edit} edits the question · {delete} deletes it", "dim")]
        else:
            cell = self.case.matrix.get((question.id, source.id))
            judged = cell.label if cell is not None else "not judged yet"
            lines.append(Content.assemble(source_choice_label(source), " → ", (judged, "bold")))
            lines.append(self._standing_line(source))
        info.update(Content("\n").join(lines))

    def _evidence_line(self, question: Question) -> Content:
        cells = [self.case.matrix.get((question.id, s.id)) for s in self.case.sources]
        counts = [f"{cells.count(cell)} {cell.label}" for cell in Cell]
        counts.append(f"{cells.count(None)} not judged")
        return Content("Evidence: " + " · ".join(counts))

    def _standing_line(self, source: Source) -> Content:
        computed = computed_corroboration(self.case, source)
        standing = corroboration(self.case, source)
        head = Content.assemble(f"Corroboration of [{source.number}]: ", (standing.label, "bold"))
        if standing is computed:
            return Content.assemble(head, ("  (from the matrix)", "dim"))
        return Content.assemble(
            head, (f"  (set by hand; the matrix says {computed.label})", "$text-warning")
        )

    # Editing

    def _changed(self) -> None:
        self.on_change()

    def on_screen_resume(self) -> None:
        # Back from a dialog (a comment, perhaps): the markers may have changed.
        if self.is_mounted and self.grid.case is not None:
            self._rebuild()

    def on_key(self, event: events.Key) -> None:
        if self.read_only and is_editing_key(self, event.key, _EDITING_ACTIONS):
            self.notify(self.read_only_reason, severity="warning", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _EDITING_ACTIONS and self.read_only:
            return False
        if action == "comment":
            if self.on_comment is None:
                return False
            return True if self.case.questions else None
        if action == "undo":
            return bool(self.undos)
        if action in ("edit_question", "delete_question"):
            return True if self.case.questions else None
        if action == "cycle":
            return True if self.case.questions and self.case.sources else None
        return True

    def action_cycle(self) -> None:
        question, source = self.selected()
        if question is None or source is None:
            self.app.bell()
            return
        cycle_cell(self.case, question.id, source.id)
        self.undos.clear()
        self.grid.update_cell_of(question.id, source.id)
        self._show_info()
        self.refresh_bindings()
        self._changed()

    @on(DataTable.CellSelected)
    def _selected(self, event: DataTable.CellSelected[Text]) -> None:
        """Enter or a click on the highlighted cell: edit on the question, cycle on a cell."""
        event.stop()
        if self.read_only:
            return
        if event.cell_key.column_key.value == QUESTION_COLUMN:
            self.action_edit_question()
        else:
            self.action_cycle()

    def action_add_question(self) -> None:
        def added(text: str | None) -> None:
            if not text:
                return
            question = add_question(self.case, text)
            self.undos.clear()
            self._rebuild(question.id, self.grid.cursor_keys()[1])
            self._changed()

        self.app.push_screen(question_prompt("New question"), added)

    def action_edit_question(self) -> None:
        question, _ = self.selected()
        if question is None:
            return

        def edited(text: str | None) -> None:
            if not text or text == question.text:
                return
            question.text = text
            touch(self.case)
            self.undos.clear()
            self._rebuild()
            self._changed()

        self.app.push_screen(question_prompt("Edit question", question.text), edited)

    def action_delete_question(self) -> None:
        question, _ = self.selected()
        if question is None:
            return
        undo = delete_question(self.case, question.id)
        self.undos.append((undo, question.id))
        self._rebuild()
        undo_key = key_for(self.app, "matrix.undo", "u")
        self.notify(f"{undo.description}: press {undo_key} to undo", markup=False)
        self._changed()

    def action_undo(self) -> None:
        if not self.undos:
            return
        undo, question_id = self.undos.pop()
        undo.restore(self.case)
        # The question comes back where it was, and the cursor with it.
        self._rebuild(question_id, self.grid.cursor_keys()[1])
        self.notify(f"Undone: {undo.description[0].lower()}{undo.description[1:]}",
                    markup=False)
        self._changed()

    def action_comment(self) -> None:
        """Ask the caller for a review comment on the highlighted question."""
        question, _ = self.selected()
        if question is None or self.on_comment is None:
            return
        self.on_comment(Anchor(AnchorKind.QUESTION, question.id))

    def action_close(self) -> None:
        self.dismiss(None)

