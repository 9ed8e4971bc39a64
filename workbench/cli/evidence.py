"""A case's sources from a script: ``workbench source``.

Each command opens the case, changes it through the same operations the TUI's keys use
(``workbench.editing``: a source moved keeps every ``[n]`` in the sections pointing at the
same source; the field registry, ``workbench.fields``, for values and excerpts), and saves
it through the case file, so the history records the change under ``--as NAME``. What the
TUI would not take is refused in one line on stderr with exit status 1, the file left as
it was; a published case changes only after a correction, as with ``workbench set``.
A source's single fields are edited with ``workbench set FILE source:N.FIELD VALUE``.

What the other evidence commands share with these (the change, the numbers typed, the
JSON printed) is here too; they are in ``evidence_excerpts`` (a source's excerpts) and
``evidence_lists`` (questions, the matrix, the verdict's lists).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from workbench.cli.common import acting_name, as_option, read_case
from workbench.cli.errors import UserError, reports_errors
from workbench.cli.output import say, say_json

file_argument = click.argument("file", type=click.Path(path_type=Path))
json_option = click.option("--json", "as_json", is_flag=True,
                           help="Print the result as JSON.")


@contextlib.contextmanager
def changing(file: Path, as_name: str | None) -> Iterator[Any]:
    """The case in ``file``, to change as ``--as`` names; saved when the block ends.

    Refused, before anything is read, when nobody is named; and when the case is
    published. Whatever the block raises leaves the file untouched.
    """
    from workbench.cli.common import open_for_writing
    from workbench.review import check_editable

    who = acting_name(as_name)
    with open_for_writing(file, who) as (case_file, case):
        check_editable(case)
        yield case
        case_file.save(case)


def position(what: str, typed: str, count: int, *, of: str = "the case") -> int:
    """The 1-based place ``typed`` names in a list of ``count`` items, as a 0-based index."""
    from workbench.fields import part_number

    number = part_number(what, typed.strip().removeprefix(f"{what}:"))
    if not 1 <= number <= count:
        raise UserError(f"{of} has no {what} {number} (it has {count})")
    return number - 1


def source_numbered(case: Any, typed: str) -> Any:
    """The source cited as ``[typed]``; ``3``, ``[3]`` and ``source:3`` all name it."""
    from workbench.fields import part_number

    digits = typed.strip().removeprefix("source:").removeprefix("[").removesuffix("]")
    number = part_number("source", digits)
    source = case.source_by_number(number)
    if source is None:
        raise UserError(f"the case has no source [{number}]")
    return source


def one_line(what: str, text: str) -> str:
    """``text`` trimmed, refused when empty or longer than a line (what a list item and a
    question are, in the TUI as in ``workbench set``)."""
    text = text.strip()
    if not text:
        raise UserError(f"{what} is empty")
    if "\n" in text:
        raise UserError(f"{what} is one line; this text has {text.count(chr(10)) + 1}")
    return text


def source_json(case: Any, source: Any) -> dict[str, Any]:
    """A source as the case JSON writes it (``workbench export --format json``)."""
    from workbench.formats.case_json import case_to_dict

    return case_to_dict(case)["sources"][case.sources.index(source)]


def source_line(source: Any) -> str:
    """``[2] Title — Outlet, 2021-11-04 (3 excerpts)``: a source in one line."""
    where = ", ".join(part for part in (source.outlet, source.date_published) if part)
    count = len(source.excerpts)
    return (f"[{source.number}] {source.title or '(untitled)'}{f' — {where}' if where else ''}"
            f" ({count} excerpt{'s' * (count != 1)})")


def needs_command(context: click.Context) -> None:
    """Refuse a noun given no verb (``workbench source FILE``) as click refuses a missing
    argument, in one line naming the verbs; click would print the group's whole help."""
    group = context.command
    if context.invoked_subcommand is None and isinstance(group, click.Group):
        raise click.UsageError(f"missing command: one of {', '.join(group.commands)}",
                               context)


# workbench source

#: ``source add``'s options: the source field each fills (parsed by the field registry,
#: ``workbench.fields``, as ``workbench set`` parses it) and its help. Spelled out, not
#: read from the registry, so that ``--help`` loads no more than click.
SOURCE_OPTIONS = {
    "title": ("title", "The title (required)."),
    "author": ("author", "The author or speaker."),
    "origin": ("origin", "Whose account it carries (e.g. Vladimir Putin): sources with "
                         "one origin count as one voice."),
    "outlet": ("outlet", "Where it appeared."),
    "url": ("url", "Its address."),
    "archived-url": ("archived_url", "An archived copy's address."),
    "kind": ("kind", "primary_document, first_hand_account, official_statement, interview, "
                     "news_report, analysis, archival_record, dataset, social_media_post "
                     "or other."),
    "published": ("date_published", "When it was published: YYYY, YYYY-MM or YYYY-MM-DD."),
    "events": ("event_date", "When the events it describes happened (from)."),
    "events-to": ("event_date_end", "When those events ended, for a range."),
    "accessed": ("date_accessed", "When you read it."),
    "notes": ("notes", "Your notes on it."),
}


def _source_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option, (name, help_text) in reversed(SOURCE_OPTIONS.items()):
        command = click.option(f"--{option}", name, metavar="TEXT", default=None,
                               required=option == "title", help=help_text)(command)
    return command


@click.group(invoke_without_command=True)
@click.pass_context
def source(context: click.Context) -> None:
    """Add, move, remove and list a case's sources.

    Edit one field of a source with `workbench set FILE source:N.FIELD VALUE`.
    """
    needs_command(context)


@source.command(name="add")
@file_argument
@_source_options
@click.option("--derived-from", "derived_from", metavar="N",
              help="The source [N] this one merely repeats (no independent corroboration).")
@click.option("--keep-both", is_flag=True,
              help="Add it even when it looks like a source the case has (same URL or title).")
@as_option
@json_option
@reports_errors
def source_add(file: Path, derived_from: str | None, keep_both: bool, as_name: str | None,
               as_json: bool, **values: str | None) -> None:
    """Add a source to FILE, cited as the next number.

    A source that looks like one the case has (the same address once normalised, or a
    near-identical title) is refused, as the source form warns, unless --keep-both.
    """
    from workbench.analysis.duplicates import find_duplicates
    from workbench.editing import add_source
    from workbench.fields import FIELDS, FieldError, event_range_problem
    from workbench.model import Source

    fields: dict[str, Any] = {}
    for option, (name, _) in SOURCE_OPTIONS.items():
        if values[name] is None:
            continue
        try:
            fields[name] = FIELDS["source"][name].parse(values[name] or "")
        except FieldError as error:
            raise UserError(f"--{option}: {error}") from None
    if problem := event_range_problem(fields.get("event_date", ""),
                                      fields.get("event_date_end", "")):
        raise UserError(f"--events-to: {problem}")
    with changing(file, as_name) as case:
        if derived_from is not None:
            fields["derived_from"] = source_numbered(case, derived_from).id
        hits = find_duplicates(case, Source(id="", number=0, **fields))
        if hits and not keep_both:
            first = hits[0]
            raise UserError(f"this looks like source [{first.source.number}] "
                            f"({' '.join(first.reason.split())}); add it anyway with "
                            "--keep-both")
        added = add_source(case, **fields)
    if as_json:
        say_json(source_json(case, added))
    else:
        say(f"Added {source_line(added)}")


@source.command(name="move")
@file_argument
@click.argument("number", metavar="N")
@click.option("--to", "to", metavar="M", required=True,
              help="The number it takes; the sources between shift by one.")
@as_option
@json_option
@reports_errors
def source_move(file: Path, number: str, to: str, as_name: str | None, as_json: bool) -> None:
    """Move source [N] to number M, as the TUI's move keys do one step at a time.

    Every citation in the sections follows its source: text that cited [N] cites [M].
    """
    from workbench.editing import move_source

    with changing(file, as_name) as case:
        moved = source_numbered(case, number)
        start = case.sources.index(moved)
        end = case.sources.index(source_numbered(case, to))
        step = 1 if end > start else -1
        for _ in range(abs(end - start)):
            move_source(case, moved.id, step)
    if as_json:
        say_json([source_json(case, each) for each in case.sources])
    else:
        say(f"Moved source [{number.strip()}] to [{moved.number}]; citations in the "
            "sections follow their sources")


@source.command(name="remove")
@file_argument
@click.argument("number", metavar="N")
@as_option
@json_option
@reports_errors
def source_remove(file: Path, number: str, as_name: str | None, as_json: bool) -> None:
    """Remove source [N] with its matrix cells, as the TUI's delete does.

    Sources derived from it stand alone after. Citations of [N] stay in the text, on
    purpose: `workbench check` flags each, so the writer decides what to cite instead;
    how many remain is said on stderr. Other sources keep their numbers.
    """
    from workbench.analysis.citations import find_citations
    from workbench.editing import delete_source

    with changing(file, as_name) as case:
        removed = source_numbered(case, number)
        printed = source_json(case, removed)
        delete_source(case, removed.id)
    cited = sum(citation.number == removed.number for section in case.sections
                for citation in find_citations(section.body))
    if as_json:
        say_json({"removed": printed, "still_cited": cited})
    else:
        say(f"Removed {source_line(removed)}")
    if cited:
        say(f"workbench: warning: [{removed.number}] is still cited {cited} "
            f"time{'s' * (cited != 1)}; `workbench check {file}` shows where", err=True)


@source.command(name="list")
@file_argument
@json_option
@reports_errors
def source_list(file: Path, as_json: bool) -> None:
    """The sources of FILE in citation order."""
    case = read_case(file)
    if as_json:
        say_json([source_json(case, each) for each in case.sources])
        return
    if not case.sources:
        say(f"{file} has no sources yet: workbench source add {file} --title TITLE", err=True)
    for each in case.sources:
        say(source_line(each))


GROUPS = (source,)
