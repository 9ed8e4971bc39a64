"""A source's excerpts from a script: ``workbench excerpt``.

Each excerpt is quoted exactly and perhaps placed in its source (a page, paragraph,
section, line, or a time into a recording) with the words around it (the W3C
TextQuoteSelector's prefix, exact and suffix). The place is checked as the source form
checks ``[p. 12]``, and the excerpts are read and written through the field registry
(``workbench.fields``), so the locators stay in step with their excerpts; otherwise as the
other evidence commands (``evidence``): one-line refusals, ``--as``, ``--json``.
"""

from __future__ import annotations

from collections.abc import Callable
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
    position,
    source_json,
    source_numbered,
)
from workbench.cli.output import say, say_json

#: The locator options, each the kind of place it gives.
LOCATOR_OPTIONS = {"page": "page", "para": "paragraph", "section": "section",
                   "line": "line", "at": "timestamp"}
#: The TextQuoteSelector's parts, each an option of its own.
_SELECTOR_PARTS = ("prefix", "exact", "suffix")
_HELP = {
    "page": "The page (12, 12-13, xii).",
    "para": "The paragraph (4).",
    "section": "The section (3.2, Methods).",
    "line": "The line (7).",
    "at": "The time into a recording (HH:MM:SS or MM:SS).",
    "prefix": "The words just before it in the source (TextQuoteSelector).",
    "exact": "The words as the source prints them, when the excerpt differs.",
    "suffix": "The words just after it in the source.",
}


def _locator_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_HELP):
        metavar = {"page": "PAGE", "para": "N", "section": "NAME", "line": "N",
                   "at": "TIME"}.get(option, "TEXT")
        command = click.option(f"--{option}", option, metavar=metavar, default=None,
                               help=_HELP[option])(command)
    return command


def _placed(locator: Any, options: dict[str, str | None]) -> Any:
    """``locator`` with the place and selector parts the options give, each validated as
    the excerpt editor validates ``[p. 12]``: a page 0 or a 06:75 is refused."""
    import dataclasses

    from workbench.model import LocatorKind, locator_problem, normal_locator_value

    given = [option for option in LOCATOR_OPTIONS if options[option] is not None]
    if len(given) > 1:
        raise UserError(f"an excerpt has one place: give one of --{' or --'.join(given)}")
    changes: dict[str, Any] = {part: text.strip() for part in _SELECTOR_PARTS
                               if (text := options[part]) is not None}
    if lines := [part for part, text in changes.items() if "\n" in text]:
        raise UserError(f"--{lines[0]} is one line of the source's words")
    if given:
        kind = LocatorKind(LOCATOR_OPTIONS[given[0]])
        value = options[given[0]] or ""
        if problem := locator_problem(kind, value):
            raise UserError(f"--{given[0]}: {problem}")
        changes.update(kind=kind, value=normal_locator_value(kind, value))
    return dataclasses.replace(locator, **changes)


def _checked_excerpt(text: str, locator: Any) -> tuple[str, Any]:
    """The excerpt as stored, refused unless it reads back the same from the source form
    and ``workbench set`` (one paragraph; no bracketed place or selector line of its own)."""
    from workbench.model import excerpt_text, parse_excerpt

    text = text.strip()
    if not text:
        raise UserError("the excerpt's text is empty")
    if "\n\n" in "\n".join(line.strip() for line in text.split("\n")):
        raise UserError("an excerpt is one paragraph; this text has a blank line")
    try:
        read_back = parse_excerpt(excerpt_text(text, locator))
    except ValueError:
        read_back = None
    if read_back != (text, locator):
        raise UserError("the excerpt's text opens with what reads as a place in brackets or "
                        "ends with a prefix:/exact:/suffix: line; give those as options")
    return text, locator


def _excerpt_json(case: Any, source: Any, index: int) -> dict[str, Any]:
    """One excerpt as the case JSON writes it, always an object, with its place in the list."""
    item = source_json(case, source)["excerpts"][index]
    return {"source": source.number, "index": index + 1,
            **({"text": item} if isinstance(item, str) else item)}


def _excerpt_line(source: Any, index: int) -> str:
    locator = source.locator(index)
    place = f"{locator.citation}: " if locator.citation else ""
    return f"{index + 1}. {place}“{source.excerpts[index]}”"


def _edit_excerpts(source: Any, edit: Callable[[list[Any]], None]) -> None:
    """Change a source's (text, locator) pairs as the field registry reads and writes them,
    so the locators stay in step with their excerpts."""
    from workbench.fields import FIELDS

    field = FIELDS["source"]["excerpts"]
    pairs = field.read(source)
    edit(pairs)
    field.write(source, pairs)


@click.group(invoke_without_command=True)
@click.pass_context
def excerpt(context: click.Context) -> None:
    """Add, edit, move, remove and list a source's excerpts, each perhaps placed
    (page, paragraph, section, line or time) with the words around it."""
    needs_command(context)


@excerpt.command(name="add")
@file_argument
@click.argument("number", metavar="N")
@click.argument("text")
@_locator_options
@as_option
@json_option
@reports_errors
def excerpt_add(file: Path, number: str, text: str, as_name: str | None, as_json: bool,
                **options: str | None) -> None:
    """Add the excerpt TEXT (quoted exactly from the source) to source [N]."""
    from workbench.editing import touch
    from workbench.model import Locator

    added = _checked_excerpt(text, _placed(Locator(), options))
    with changing(file, as_name) as case:
        source = source_numbered(case, number)
        _edit_excerpts(source, lambda pairs: pairs.append(added))
        touch(case)
    _say_excerpt(case, source, len(source.excerpts) - 1, as_json)


@excerpt.command(name="edit")
@file_argument
@click.argument("number", metavar="N")
@click.argument("index", metavar="INDEX")
@click.argument("text", required=False)
@_locator_options
@click.option("--unplaced", is_flag=True, help="Take the excerpt's place away.")
@as_option
@json_option
@reports_errors
def excerpt_edit(file: Path, number: str, index: str, text: str | None, unplaced: bool,
                 as_name: str | None, as_json: bool, **options: str | None) -> None:
    """Change excerpt INDEX of source [N]: its TEXT, its place, its selector.

    What is not given stays; an empty --prefix, --exact or --suffix clears that part.
    """
    import dataclasses

    from workbench.editing import touch

    if unplaced and any(options[option] is not None for option in LOCATOR_OPTIONS):
        raise UserError("--unplaced takes the place away: give no --page, --at, ... with it")
    with changing(file, as_name) as case:
        source = source_numbered(case, number)
        at = position("excerpt", index, len(source.excerpts), of=f"source [{source.number}]")
        locator = _placed(source.locator(at), options)
        if unplaced:
            locator = dataclasses.replace(locator, kind=None, value="")
        edited = _checked_excerpt(source.excerpts[at] if text is None else text, locator)

        def replace(pairs: list[Any]) -> None:
            pairs[at] = edited

        _edit_excerpts(source, replace)
        touch(case)
    _say_excerpt(case, source, at, as_json)


@excerpt.command(name="move")
@file_argument
@click.argument("number", metavar="N")
@click.argument("index", metavar="INDEX")
@click.option("--to", "to", metavar="M", required=True, help="The place it takes.")
@as_option
@json_option
@reports_errors
def excerpt_move(file: Path, number: str, index: str, to: str, as_name: str | None,
                 as_json: bool) -> None:
    """Move excerpt INDEX of source [N] to place M, with its locator."""
    from workbench.editing import touch

    with changing(file, as_name) as case:
        source = source_numbered(case, number)
        of = f"source [{source.number}]"
        start = position("excerpt", index, len(source.excerpts), of=of)
        end = position("excerpt", to, len(source.excerpts), of=of)
        _edit_excerpts(source, lambda pairs: pairs.insert(end, pairs.pop(start)))
        touch(case)
    _say_excerpts(case, source, as_json)


@excerpt.command(name="remove")
@file_argument
@click.argument("number", metavar="N")
@click.argument("index", metavar="INDEX")
@as_option
@json_option
@reports_errors
def excerpt_remove(file: Path, number: str, index: str, as_name: str | None,
                   as_json: bool) -> None:
    """Remove excerpt INDEX of source [N]; the excerpts after it move up one."""
    from workbench.editing import touch

    with changing(file, as_name) as case:
        source = source_numbered(case, number)
        at = position("excerpt", index, len(source.excerpts), of=f"source [{source.number}]")
        removed = _excerpt_json(case, source, at)
        _edit_excerpts(source, lambda pairs: pairs.pop(at))
        touch(case)
    if as_json:
        say_json(removed)
    else:
        say(f"Removed excerpt {at + 1} of [{source.number}]")


@excerpt.command(name="list")
@file_argument
@click.argument("number", metavar="N")
@json_option
@reports_errors
def excerpt_list(file: Path, number: str, as_json: bool) -> None:
    """The excerpts of source [N], numbered as INDEX in the other commands."""
    case = read_case(file)
    _say_excerpts(case, source_numbered(case, number), as_json)


def _say_excerpt(case: Any, source: Any, index: int, as_json: bool) -> None:
    if as_json:
        say_json(_excerpt_json(case, source, index))
    else:
        say(f"[{source.number}] {_excerpt_line(source, index)}")


def _say_excerpts(case: Any, source: Any, as_json: bool) -> None:
    indexes = range(len(source.excerpts))
    if as_json:
        say_json([_excerpt_json(case, source, index) for index in indexes])
        return
    for index in indexes:
        say(_excerpt_line(source, index))


GROUPS = (excerpt,)
