"""The evidence matrix screen, driven by keys; judged by the case it edits in place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from tests.support import key_event, matrix_case, settle, wait_for, wait_saved
from workbench.casefile.store import CaseFile
from workbench.model import Case, Cell, Corroboration, Question
from workbench.tui.app import WorkbenchApp
from workbench.tui.matrix_screen import MatrixScreen
from workbench.tui.prompt import TextPrompt


class MatrixApp(App[None]):
    """Opens the matrix on a case and counts the changes it reports."""

    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case
        self.changes = 0
        self.closed = False

    def on_mount(self) -> None:
        self.push_screen(MatrixScreen(self.case, self.changed), self.close_matrix)

    def changed(self) -> None:
        self.changes += 1

    def close_matrix(self, result: None) -> None:
        self.closed = True


def info(app: App[None]) -> str:
    content = app.screen.query_one("#matrix-info", Static).content
    return content.plain if isinstance(content, Content) else str(content)


def grid_rows(app: App[None]) -> list[list[str]]:
    table: DataTable[Any] = app.screen.query_one("#matrix-grid", DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def cursor(app: App[None]) -> tuple[str | None, str | None]:
    screen = app.screen
    assert isinstance(screen, MatrixScreen)
    return screen.grid.cursor_keys()


async def test_grid_shows_questions_and_cells() -> None:
    app = MatrixApp(matrix_case())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert grid_rows(app) == [
            ["Q1 Did Putin voice interest in membership?", "✓ sup", "✓ sup", "·", "✓ sup"],
            ["Q2 Was a formal application made?", "○ sil", "✓ sup", "✗ con", "·"],
        ]
        table = app.screen.query_one(DataTable)
        assert [str(column.label) for column in table.columns.values()] == [
            "Question", "[1]", "[2]", "[3]", "[4]",
        ]
        # The cursor starts on the first cell, where the work is.
        assert cursor(app) == ("q-interest", "src-robertson")
        assert info(app).splitlines() == [
            "Q1 Did Putin voice interest in membership?",
            "[1] Ex-Nato head says Putin wanted to join alliance early on → supports",
            "Corroboration of [1]: corroborated  (from the matrix)",
        ]


async def test_space_cycles_a_cell_and_reports_each_change() -> None:
    case = matrix_case()
    app = MatrixApp(case)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "right", "right")
        assert cursor(app) == ("q-application", "src-archives")
        seen = []
        for _ in range(5):
            await pilot.press("space")
            seen.append(case.matrix.get(("q-application", "src-archives")))
        assert seen == [Cell.SILENT, Cell.NOT_APPLICABLE, None, Cell.SUPPORTS, Cell.CONTRADICTS]
        assert app.changes == 5
        assert grid_rows(app)[1][3] == "✗ con"
        # Unset is no cell at all, as the model wants it.
        await pilot.press("space", "space", "space")
        assert ("q-application", "src-archives") not in case.matrix
        assert grid_rows(app)[1][3] == "·"


async def test_corroboration_line_follows_the_cells() -> None:
    case = matrix_case()
    app = MatrixApp(case)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # The archives: alone on the application question, against the interview.
        await pilot.press("down", "right", "right")
        assert info(app).splitlines()[-1] == (
            "Corroboration of [3]: contradicted  (from the matrix)"
        )
        # Silent, then not applicable: it takes no position anywhere any more.
        await pilot.press("space")
        assert info(app).splitlines()[1] == "[3] NATO archives: no application → silent"
        assert info(app).splitlines()[-1] == (
            "Corroboration of [3]: unverifiable  (from the matrix)"
        )
        # The interview, now unopposed on the application question and backed on interest.
        await pilot.press("left")
        assert info(app).splitlines()[-1].startswith("Corroboration of [2]: corroborated")


async def test_an_override_is_shown_beside_the_computed_value() -> None:
    case = matrix_case()
    case.sources[0].assessment.corroboration_override = Corroboration.UNCORROBORATED
    app = MatrixApp(case)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert info(app).splitlines()[-1] == (
            "Corroboration of [1]: uncorroborated  (set by hand; the matrix says corroborated)"
        )


async def test_add_a_question() -> None:
    case = matrix_case()
    app = MatrixApp(case)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        # Enter on nothing keeps the prompt open: a question needs words.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"What did Clinton  answer?", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        assert [q.text for q in case.questions][-1] == "What did Clinton answer?"
        assert app.changes == 1
        new = case.questions[-1]
        # The cursor lands on the new question, in the column it was in.
        assert cursor(app) == (new.id, "src-robertson")
        assert grid_rows(app)[-1] == ["Q3 What did Clinton answer?", "·", "·", "·", "·"]
        await pilot.press("space")
        assert case.matrix[(new.id, "src-robertson")] is Cell.SUPPORTS


def send_now(app: App[Any], *keys: str) -> None:
    """Keys as a terminal delivers a burst: all queued at once, none waited for. A key of
    one character is typed; a longer one is a named key ("f3")."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        event = key_event(key) if len(key) == 1 else events.Key(key, None)
        event.set_sender(app)
        driver.send_message(event)


async def question_typed_in_a_burst(tmp_path: Path, *, settled: bool) -> Case:
    """Open the case, then in one burst: F3, m (the matrix), a, a question, enter.
    The case as saved."""
    path = tmp_path / "matrix.case.db"
    CaseFile.create(path, matrix_case()).close()
    app = WorkbenchApp(case=path)
    async with app.run_test(size=(120, 40)) as pilot:
        if settled:
            await settle(pilot)
        send_now(app, "f3", "m", "a", *"Did Clinton answer?", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MatrixScreen)
                       and len(app.screen.case.questions) == 3)
        await pilot.press("escape")
        await wait_saved(pilot)
    with CaseFile.open(path) as casefile:
        return casefile.load()


async def test_the_question_prompt_takes_keys_typed_as_the_matrix_opens(tmp_path: Path) -> None:
    """``a`` pressed at machine speed right after ``m``: the prompt opens and the words
    typed behind it land in it, not in the table the matrix was opened from."""
    case = await question_typed_in_a_burst(tmp_path, settled=True)
    assert [q.text for q in case.questions][-1] == "Did Clinton answer?"


async def test_the_question_prompt_takes_keys_typed_as_the_case_opens(tmp_path: Path) -> None:
    """The same burst while the case is still being read: nothing goes to the claim."""
    case = await question_typed_in_a_burst(tmp_path, settled=False)
    assert [q.text for q in case.questions][-1] == "Did Clinton answer?"
    assert case.claim.text == matrix_case().claim.text


async def test_cancelled_prompt_changes_nothing() -> None:
    case = matrix_case()
    app = MatrixApp(case)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a", *"Half a thought", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        assert len(case.questions) == 2 and app.changes == 0


async def test_edit_a_question_with_e_and_with_enter() -> None:
    case = matrix_case()
    app = MatrixApp(case)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "e")
        await pilot.pause()
        prompt = app.screen.query_one("#prompt-input", Input)
        assert prompt.value == "Was a formal application made?"
        prompt.clear()
        await pilot.press(*"Did Russia formally apply?", "enter")
        await pilot.pause()
        assert case.questions[1].text == "Did Russia formally apply?"
        assert app.changes == 1
        # Enter on the question column edits too; on a cell it cycles.
        await pilot.press("left", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("escape")
        await pilot.pause()
        assert app.changes == 1
        await pilot.press("right", "enter")
        assert case.matrix[("q-application", "src-robertson")] is Cell.NOT_APPLICABLE
        assert app.changes == 2


async def test_delete_a_question_and_undo() -> None:
    case = matrix_case()
    app = MatrixApp(case)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert [q.id for q in case.questions] == ["q-application"]
        assert all(key[0] != "q-interest" for key in case.matrix)
        assert app.changes == 1
        assert cursor(app)[0] == "q-application"
        await pilot.press("u")
        await pilot.pause()
        assert [q.id for q in case.questions] == ["q-interest", "q-application"]
        assert case.matrix[("q-interest", "src-robertson")] is Cell.SUPPORTS
        assert len(case.matrix) == 6
        assert app.changes == 2
        assert cursor(app)[0] == "q-interest"
        # Nothing more to undo.
        await pilot.press("u")
        assert app.changes == 2


async def test_undo_is_not_offered_after_a_later_change() -> None:
    """Undo restores a snapshot; after another edit it would silently revert that edit."""
    case = matrix_case()
    app = MatrixApp(case)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("d", "space")
        await pilot.pause()
        cell = case.matrix.get(("q-application", "src-robertson"))
        assert cell is Cell.NOT_APPLICABLE
        await pilot.press("u")
        await pilot.pause()
        assert [q.id for q in case.questions] == ["q-application"]
        assert case.matrix.get(("q-application", "src-robertson")) is cell


async def test_escape_closes() -> None:
    app = MatrixApp(matrix_case())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.closed
        assert not isinstance(app.screen, MatrixScreen)


async def test_an_empty_case_says_what_to_do() -> None:
    case = Case(id="case-empty", title="Empty", created="2024-01-01T00:00:00Z")
    app = MatrixApp(case)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        empty = app.screen.query_one("#matrix-empty", Static)
        assert empty.display
        text = str(empty.content)
        assert "press a to add" in text and "No sources yet" in text
        await pilot.press("space", "d", "e")
        await pilot.pause()
        assert app.changes == 0 and isinstance(app.screen, MatrixScreen)
        await pilot.press("a", *"Is it empty?", "enter")
        await pilot.pause()
        assert [q.text for q in case.questions] == ["Is it empty?"]
        assert "press a to add" not in str(empty.content)


async def test_question_text_is_never_markup() -> None:
    case = matrix_case()
    case.questions.append(Question(id="q-markup", text="Did [bold]anyone[/bold] object?"))
    app = MatrixApp(case)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert grid_rows(app)[2][0] == "Q3 Did [bold]anyone[/bold] object?"
        await pilot.press("down", "down")
        assert info(app).startswith("Q3 Did [bold]anyone[/bold] object?")


async def run_to_a_cell(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.press("down", "right")


def test_matrix_snapshot_120x40(snap_compare) -> None:
    assert snap_compare(MatrixApp(matrix_case()), terminal_size=(120, 40),
                        run_before=run_to_a_cell)


def test_matrix_snapshot_80x24(snap_compare) -> None:
    assert snap_compare(MatrixApp(matrix_case()), terminal_size=(80, 24),
                        run_before=run_to_a_cell)
