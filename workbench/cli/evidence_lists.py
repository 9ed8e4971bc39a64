"""Questions, the evidence matrix and the verdict's lists from a script: ``workbench
question``, ``workbench matrix`` and ``workbench verdict``.

As with sources (``evidence``), each change goes through the operations the TUI uses
(``workbench.editing``: a removed question takes its matrix cells with it), is refused in
one line with the file untouched when the TUI would not take it, and is saved with the
history under ``--as NAME``. A question's wording is edited with
``workbench set FILE question:N.text TEXT``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from workbench.cli.common import as_option, read_case
from workbench.cli.errors import UserError, reports_errors
from workbench.cli.evidence import (
    changing,
    file_argument,
    json_option,
    needs_command,
    one_line,
    position,
    source_numbered,
)
from workbench.cli.output import say, say_json


def _question_json(case: Any, index: int) -> dict[str, Any]:
    question = case.questions[index]
    return {"number": index + 1, "id": question.id, "text": question.text}


def _say_questions(case: Any, as_json: bool) -> None:
    if as_json:
        say_json([_question_json(case, index) for index in range(len(case.questions))])
        return
    for index, question in enumerate(case.questions):
        say(f"{index + 1}. {question.text}")


@click.group(invoke_without_command=True)
@click.pass_context
def question(context: click.Context) -> None:
    """Add, move, remove and list a case's questions (the matrix's rows).

    Change a question's wording with `workbench set FILE question:N.text TEXT`.
    """
    needs_command(context)


@question.command(name="add")
@file_argument
@click.argument("text")
@as_option
@json_option
@reports_errors
def question_add(file: Path, text: str, as_name: str | None, as_json: bool) -> None:
    """Add the question TEXT (one line) to FILE, after the others."""
    from workbench.editing import add_question

    wording = one_line("the question", text)
    with changing(file, as_name) as case:
        add_question(case, wording)
    index = len(case.questions) - 1
    if as_json:
        say_json(_question_json(case, index))
    else:
        say(f"Added question {index + 1}: {wording}")


@question.command(name="move")
@file_argument
@click.argument("number", metavar="N")
@click.option("--to", "to", metavar="M", required=True, help="The place it takes.")
@as_option
@json_option
@reports_errors
def question_move(file: Path, number: str, to: str, as_name: str | None,
                  as_json: bool) -> None:
    """Move question N to place M; its cells and comments go with it."""
    from workbench.editing import move_question

    with changing(file, as_name) as case:
        start = position("question", number, len(case.questions))
        end = position("question", to, len(case.questions))
        move_question(case, case.questions[start].id, end - start)
    if as_json:
        _say_questions(case, as_json)
    else:
        say(f"Moved question {start + 1} to {end + 1}: {case.questions[end].text}")


@question.command(name="remove")
@file_argument
@click.argument("number", metavar="N")
@as_option
@json_option
@reports_errors
def question_remove(file: Path, number: str, as_name: str | None, as_json: bool) -> None:
    """Remove question N with its matrix cells, as the matrix's delete key does."""
    from workbench.editing import delete_question

    with changing(file, as_name) as case:
        index = position("question", number, len(case.questions))
        removed = _question_json(case, index)
        delete_question(case, removed["id"])
    if as_json:
        say_json(removed)
    else:
        say(f"Removed question {index + 1}: {removed['text']}")


@question.command(name="list")
@file_argument
@json_option
@reports_errors
def question_list(file: Path, as_json: bool) -> None:
    """The questions of FILE, numbered as N in the other commands."""
    _say_questions(read_case(file), as_json)


# workbench matrix

#: Words that clear a cell: the pair is then not judged yet.
_UNSET = ("unset", "none", "")


def _cell_json(case: Any, index: int, source: Any) -> dict[str, Any]:
    cell = case.matrix.get((case.questions[index].id, source.id))
    return {"question": index + 1, "source": source.number,
            "value": None if cell is None else cell.value}


@click.group(invoke_without_command=True)
@click.pass_context
def matrix(context: click.Context) -> None:
    """Set and show the evidence matrix: what each source says about each question."""
    needs_command(context)


@matrix.command(name="set")
@file_argument
@click.argument("question_number", metavar="QUESTION")
@click.argument("source_number", metavar="SOURCE")
@click.argument("value")
@as_option
@json_option
@reports_errors
def matrix_set(file: Path, question_number: str, source_number: str, value: str,
               as_name: str | None, as_json: bool) -> None:
    """Say what source SOURCE says about question QUESTION.

    QUESTION is N or question:N, SOURCE is N, [N] or source:N; VALUE is supports,
    contradicts, silent, not_applicable (or "not applicable"), or unset to clear the cell.
    """
    from workbench.editing import touch
    from workbench.model import Cell

    cell: Any = None
    if value.strip().casefold() not in _UNSET:
        try:
            cell = Cell.parse(value)
        except ValueError as error:
            raise UserError(f"{error}, or unset") from None
    with changing(file, as_name) as case:
        index = position("question", question_number, len(case.questions))
        source = source_numbered(case, source_number)
        key = (case.questions[index].id, source.id)
        if cell is None:
            case.matrix.pop(key, None)
        else:
            case.matrix[key] = cell
        touch(case)
    if as_json:
        say_json(_cell_json(case, index, source))
    else:
        say(f"question {index + 1}, [{source.number}]: "
            f"{'not judged' if cell is None else cell.label}")


@matrix.command(name="show")
@file_argument
@json_option
@reports_errors
def matrix_show(file: Path, as_json: bool) -> None:
    """Every question with what each source says about it (unjudged pairs: "·")."""
    case = read_case(file)
    if as_json:
        say_json([_cell_json(case, index, source) for index in range(len(case.questions))
                  for source in case.sources])
        return
    for index, each in enumerate(case.questions):
        say(f"{index + 1}. {each.text}")
        cells = (case.matrix.get((each.id, source.id)) for source in case.sources)
        say("   " + "  ".join(f"[{source.number}] {'·' if cell is None else cell.label}"
                              for source, cell in zip(case.sources, cells, strict=True)))


# workbench verdict

LISTS = click.Choice(["established", "unresolved"])


def _points(case: Any, name: str) -> list[str]:
    points: list[str] = getattr(case.verdict, name)
    return points


def _point(what: str, text: str) -> str:
    """One point of a verdict list: one line, as the list fields take one point a line."""
    return one_line(f"a point of {what}", text)


def _say_point(case: Any, name: str, index: int, as_json: bool) -> None:
    text = _points(case, name)[index]
    if as_json:
        say_json({"list": name, "index": index + 1, "text": text})
    else:
        say(f"{name} {index + 1}. {text}")


@click.group(invoke_without_command=True)
@click.pass_context
def verdict(context: click.Context) -> None:
    """Add, edit, move, remove and list the points of the verdict's lists: what is
    established, and what remains unresolved.

    LIST is established or unresolved; INDEX counts from 1.
    """
    needs_command(context)


@verdict.command(name="add")
@file_argument
@click.argument("name", metavar="LIST", type=LISTS)
@click.argument("text")
@as_option
@json_option
@reports_errors
def verdict_add(file: Path, name: str, text: str, as_name: str | None, as_json: bool) -> None:
    """Add the point TEXT (one line) at the end of LIST."""
    from workbench.editing import touch

    point = _point(name, text)
    with changing(file, as_name) as case:
        _points(case, name).append(point)
        touch(case)
    _say_point(case, name, len(_points(case, name)) - 1, as_json)


@verdict.command(name="edit")
@file_argument
@click.argument("name", metavar="LIST", type=LISTS)
@click.argument("index", metavar="INDEX")
@click.argument("text")
@as_option
@json_option
@reports_errors
def verdict_edit(file: Path, name: str, index: str, text: str, as_name: str | None,
                 as_json: bool) -> None:
    """Reword point INDEX of LIST."""
    from workbench.editing import touch

    point = _point(name, text)
    with changing(file, as_name) as case:
        points = _points(case, name)
        at = position("point", index, len(points), of=f"{name}")
        points[at] = point
        touch(case)
    _say_point(case, name, at, as_json)


@verdict.command(name="move")
@file_argument
@click.argument("name", metavar="LIST", type=LISTS)
@click.argument("index", metavar="INDEX")
@click.option("--to", "to", metavar="M", required=True, help="The place it takes.")
@as_option
@json_option
@reports_errors
def verdict_move(file: Path, name: str, index: str, to: str, as_name: str | None,
                 as_json: bool) -> None:
    """Move point INDEX of LIST to place M."""
    from workbench.editing import touch

    with changing(file, as_name) as case:
        points = _points(case, name)
        start = position("point", index, len(points), of=name)
        end = position("point", to, len(points), of=name)
        points.insert(end, points.pop(start))
        touch(case)
    _say_point(case, name, end, as_json)


@verdict.command(name="remove")
@file_argument
@click.argument("name", metavar="LIST", type=LISTS)
@click.argument("index", metavar="INDEX")
@as_option
@json_option
@reports_errors
def verdict_remove(file: Path, name: str, index: str, as_name: str | None,
                   as_json: bool) -> None:
    """Remove point INDEX of LIST; the points after it move up one."""
    from workbench.editing import touch

    with changing(file, as_name) as case:
        points = _points(case, name)
        at = position("point", index, len(points), of=name)
        removed = points.pop(at)
        touch(case)
    if as_json:
        say_json({"list": name, "index": at + 1, "text": removed})
    else:
        say(f"Removed {name} {at + 1}. {removed}")


@verdict.command(name="list")
@file_argument
@click.argument("name", metavar="[LIST]", type=LISTS, required=False)
@json_option
@reports_errors
def verdict_list(file: Path, name: str | None, as_json: bool) -> None:
    """The points of LIST, or of both lists, numbered as INDEX in the other commands."""
    case = read_case(file)
    names = [name] if name else ["established", "unresolved"]
    if as_json:
        say_json({each: list(_points(case, each)) for each in names})
        return
    for each in names:
        for index in range(len(_points(case, each))):
            _say_point(case, each, index, as_json=False)


GROUPS = (question, matrix, verdict)
