"""A source kept safe from a script: ``workbench archive`` and ``workbench capture``.

An archived copy is a copy a web archive holds (its address, the archive, when it was
captured); a capture is a file of the source (PDF, PNG, HTML or WACZ) kept inside the case
file, under ``model.MAX_CAPTURE_BYTES``, with its SHA-256 and size. Opening a case reads
only what describes a capture; ``capture save`` reads its bytes and checks them against
the SHA-256 before writing them out. Otherwise as the other evidence commands
(``evidence``): NOUN VERB FILE ..., one-line refusals with the file left as it was,
``--as``, ``--json``, and a published case changed only after a correction.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from workbench.cli.common import acting_name, as_option, read_case
from workbench.cli.errors import UserError, reports_errors
from workbench.cli.evidence import (
    changing,
    file_argument,
    json_option,
    needs_command,
    position,
    source_numbered,
)
from workbench.cli.output import say, say_json

_WEB_ADDRESS = re.compile(r"^https?://[^\s/]+\S*$", re.IGNORECASE)


def _sources(case: Any, number: str | None) -> list[Any]:
    return case.sources if number is None else [source_numbered(case, number)]


def copy_json(copy: Any) -> dict[str, str]:
    return {"url": copy.url, "archive": copy.archive, "captured": copy.captured}


def copy_line(index: int, copy: Any) -> str:
    """``2. https://web.archive.org/... (Wayback Machine, 2021-03-04)``."""
    about = ", ".join(part for part in (copy.archive, copy.captured) if part)
    return f"{index}. {copy.url}{f' ({about})' if about else ''}"


def capture_json(capture: Any) -> dict[str, Any]:
    return {"id": capture.id, "name": capture.name, "media_type": capture.media_type,
            "sha256": capture.sha256, "size": capture.size}


def capture_line(index: int, capture: Any) -> str:
    """``1. page.pdf (application/pdf, 12,345 bytes, sha256 3f2a9c1e5b7d…)``."""
    from workbench.casefile.captures import capture_line as described

    return f"{index}. {described(capture)}"


# workbench archive


@click.group(invoke_without_command=True)
@click.pass_context
def archive(context: click.Context) -> None:
    """Add, edit, move, list and remove a source's archived copies (address, archive, capture time).

    The source's own archived URL (`workbench set FILE source:N.archived_url URL`) stays
    as it is; these are the dated copies beside it.
    """
    needs_command(context)


@archive.command(name="add")
@file_argument
@click.argument("number", metavar="N")
@click.argument("url", metavar="URL")
@click.option("--archive", "archive_name", metavar="NAME",
              help="The archive (default: from the address: Wayback Machine, archive.today, "
                   "or its host).")
@click.option("--captured", metavar="WHEN",
              help="When it was captured: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (default: from "
                   "a Wayback address's timestamp).")
@as_option
@json_option
@reports_errors
def archive_add(file: Path, number: str, url: str, archive_name: str | None,
                captured: str | None, as_name: str | None, as_json: bool) -> None:
    """Add an archived copy at URL to source [N] of FILE."""
    from workbench.model import ArchivedCopy, captured_problem, wayback_time
    from workbench.model import archive_name as archive_of

    url = url.strip()
    if not _WEB_ADDRESS.match(url):
        raise UserError(f"{url!r} is not a web address (http:// or https://)")
    when = wayback_time(url) if captured is None else captured.strip()
    if problem := captured_problem(when):
        raise UserError(f"--captured: {problem}")
    name = archive_of(url) if archive_name is None else " ".join(archive_name.split())
    copy = ArchivedCopy(url=url, archive=name, captured=when)
    with changing(file, as_name) as case:
        source = source_numbered(case, number)
        if any(each.url == url for each in source.archived_copies):
            raise UserError(f"source [{source.number}] has this archived copy already")
        source.archived_copies.append(copy)
    if as_json:
        say_json(copy_json(copy))
    else:
        say(f"Added to [{source.number}]: {copy_line(len(source.archived_copies), copy)}")


@archive.command(name="list")
@file_argument
@click.argument("number", metavar="[N]", required=False)
@json_option
@reports_errors
def archive_list(file: Path, number: str | None, as_json: bool) -> None:
    """The archived copies of source [N] of FILE, or of every source."""
    _say_lists(_sources(read_case(file), number), "archived_copies", as_json,
               skip_empty=number is None)


@archive.command(name="remove")
@file_argument
@click.argument("number", metavar="N")
@click.argument("index", metavar="INDEX")
@as_option
@json_option
@reports_errors
def archive_remove(file: Path, number: str, index: str, as_name: str | None,
                   as_json: bool) -> None:
    """Remove archived copy INDEX (as `archive list` numbers them) of source [N]."""
    _remove(file, number, "archived copy", "archived_copies", index, as_name, as_json)


@archive.command(name="edit")
@file_argument
@click.argument("number", metavar="N")
@click.argument("index", metavar="INDEX")
@click.option("--url", metavar="URL", help="The copy's new address.")
@click.option("--archive", "archive_name", metavar="NAME", help="The archive that holds it.")
@click.option("--captured", metavar="WHEN", help="When it was captured (\"\": unknown).")
@as_option
@json_option
@reports_errors
def archive_edit(file: Path, number: str, index: str, url: str | None,
                 archive_name: str | None, captured: str | None, as_name: str | None,
                 as_json: bool) -> None:
    """Change archived copy INDEX of source [N]: what is not given stays as it is."""
    from workbench.model import captured_problem

    if url is not None and not _WEB_ADDRESS.match(url := url.strip()):
        raise UserError(f"{url!r} is not a web address (http:// or https://)")
    if captured is not None and (problem := captured_problem(captured := captured.strip())):
        raise UserError(f"--captured: {problem}")
    with changing(file, as_name) as case:
        source = source_numbered(case, number)
        at = position("archived copy", index, len(source.archived_copies),
                      of=f"source [{source.number}]")
        old = source.archived_copies[at]
        if url is not None and any(other.url == url and other is not old
                                   for other in source.archived_copies):
            raise UserError(f"source [{source.number}] has this archived copy already")
        copy = dataclasses.replace(
            old, url=old.url if url is None else url,
            archive=old.archive if archive_name is None else " ".join(archive_name.split()),
            captured=old.captured if captured is None else captured)
        source.archived_copies[at] = copy
    if as_json:
        say_json(copy_json(copy))
    else:
        say(f"Changed in [{source.number}]: {copy_line(at + 1, copy)}")


@archive.command(name="move")
@file_argument
@click.argument("number", metavar="N")
@click.argument("index", metavar="INDEX")
@click.option("--to", "to", metavar="M", required=True, help="The place it takes.")
@as_option
@json_option
@reports_errors
def archive_move(file: Path, number: str, index: str, to: str, as_name: str | None,
                 as_json: bool) -> None:
    """Move archived copy INDEX of source [N] to place M."""
    with changing(file, as_name) as case:
        source = _moved(case, number, "archived copy", "archived_copies", index, to)
    _say_lists([source], "archived_copies", as_json)


def _moved(case: Any, number: str, what: str, attribute: str, index: str, to: str) -> Any:
    """Source [N] with item INDEX of its ``attribute`` list moved to place M."""
    source = source_numbered(case, number)
    items = getattr(source, attribute)
    of = f"source [{source.number}]"
    start = position(what, index, len(items), of=of)
    items.insert(position(what, to, len(items), of=of), items.pop(start))
    return source


def _remove(file: Path, number: str, what: str, attribute: str, index: str,
            as_name: str | None, as_json: bool) -> None:
    """Take item INDEX out of source [N]'s ``attribute`` list, and say what went."""
    as_dict, as_line, _ = _SHOWN[attribute]
    with changing(file, as_name) as case:
        source = source_numbered(case, number)
        items = getattr(source, attribute)
        at = position(what, index, len(items), of=f"source [{source.number}]")
        removed = items.pop(at)
    if as_json:
        say_json({"removed": as_dict(removed)})
    else:
        say(f"Removed from [{source.number}]: {as_line(at + 1, removed)}")


def _say_lists(sources: list[Any], attribute: str, as_json: bool, *,
               skip_empty: bool = False) -> None:
    """Each source's ``archived_copies`` or ``captures``, numbered as INDEX takes them;
    ``skip_empty`` leaves out the sources that have none (a listing of every source)."""
    as_dict, as_line, none = _SHOWN[attribute]
    if as_json:
        say_json([{"source": source.number,
                   attribute: [as_dict(item) for item in getattr(source, attribute)]}
                  for source in sources])
        return
    for source in sources:
        items = getattr(source, attribute)
        if skip_empty and not items:
            continue
        say(f"[{source.number}] {source.title or '(untitled)'}")
        for place, item in enumerate(items, 1):
            say(f"  {as_line(place, item)}")
        if not items:
            say(f"  {none}")


# workbench capture


@contextlib.contextmanager
def _writing(file: Path, as_name: str | None) -> Iterator[tuple[Any, Any]]:
    """As ``evidence.changing``, with the case file too: a capture's bytes go in with the
    case's save, in one transaction."""
    from workbench.cli.common import open_for_writing
    from workbench.review import check_editable

    with open_for_writing(file, acting_name(as_name)) as (case_file, case):
        check_editable(case)
        yield case_file, case


@click.group(invoke_without_command=True)
@click.pass_context
def capture(context: click.Context) -> None:
    """Keep a source's file (PDF, PNG, HTML, WACZ) inside the case file, list it, save it out.
    """
    needs_command(context)


@capture.command(name="add")
@file_argument
@click.argument("number", metavar="N")
@click.argument("path", metavar="PATH", type=click.Path(path_type=Path))
@as_option
@json_option
@reports_errors
def capture_add(file: Path, number: str, path: Path, as_name: str | None,
                as_json: bool) -> None:
    """Keep the file at PATH inside FILE as a capture of source [N]."""
    from workbench.casefile.captures import read_capture_file

    added, data = read_capture_file(path)
    digest = added.sha256
    with _writing(file, as_name) as (case_file, case):
        source = source_numbered(case, number)
        if any(each.sha256 == digest for each in source.captures):
            raise UserError(f"source [{source.number}] has this file as a capture already")
        source.captures.append(added)
        case_file.save(case, capture_data={digest: data})
    if as_json:
        say_json(capture_json(added))
    else:
        say(f"Added to [{source.number}]: {capture_line(len(source.captures), added)}")


@capture.command(name="list")
@file_argument
@click.argument("number", metavar="[N]", required=False)
@json_option
@reports_errors
def capture_list(file: Path, number: str | None, as_json: bool) -> None:
    """The captures of source [N] of FILE, or of every source."""
    _say_lists(_sources(read_case(file), number), "captures", as_json,
               skip_empty=number is None)


@capture.command(name="save")
@file_argument
@click.argument("number", metavar="N")
@click.argument("index", metavar="INDEX")
@click.option("-o", "--output", "output", metavar="OUT", required=True,
              type=click.Path(path_type=Path), help="The file to write.")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@json_option
@reports_errors
def capture_save(file: Path, number: str, index: str, output: Path, force: bool,
                 as_json: bool) -> None:
    """Save capture INDEX of source [N] out to OUT, checked against its SHA-256."""
    from workbench.casefile.captures import save_capture
    from workbench.casefile.store import CaseFile

    with CaseFile.open(file, read_only=True) as case_file:
        case = case_file.load()
        source = source_numbered(case, number)
        at = position("capture", index, len(source.captures), of=f"source [{source.number}]")
        chosen = source.captures[at]
        save_capture(case_file, chosen, output, force=force)
    if as_json:
        say_json({**capture_json(chosen), "saved_to": str(output)})
    else:
        say(f"Saved {chosen.name} to {output} ({chosen.size:,} bytes, SHA-256 checked)")


@capture.command(name="remove")
@file_argument
@click.argument("number", metavar="N")
@click.argument("index", metavar="INDEX")
@as_option
@json_option
@reports_errors
def capture_remove(file: Path, number: str, index: str, as_name: str | None,
                   as_json: bool) -> None:
    """Remove capture INDEX of source [N], with its bytes, from FILE."""
    _remove(file, number, "capture", "captures", index, as_name, as_json)


@capture.command(name="move")
@file_argument
@click.argument("number", metavar="N")
@click.argument("index", metavar="INDEX")
@click.option("--to", "to", metavar="M", required=True, help="The place it takes.")
@as_option
@json_option
@reports_errors
def capture_move(file: Path, number: str, index: str, to: str, as_name: str | None,
                 as_json: bool) -> None:
    """Move capture INDEX of source [N] to place M."""
    with changing(file, as_name) as case:
        source = _moved(case, number, "capture", "captures", index, to)
    _say_lists([source], "captures", as_json)


#: How each list is printed: as JSON, as a numbered line, and when it is empty.
_SHOWN: dict[str, tuple[Any, Any, str]] = {
    "archived_copies": (copy_json, copy_line, "no archived copies"),
    "captures": (capture_json, capture_line, "no captures"),
}

GROUPS = (archive, capture)
