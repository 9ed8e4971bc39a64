"""The right-of-reply log from a script: ``workbench reply``.

Each attempt to reach the claimant, or another person the check names, for their side:
who, the day, how, what was asked, the deadline, and their answer or none. Entries are
named by their number in the log (``workbench reply list`` shows it). A change is saved
through the case file, so the history records it under ``--as NAME``; what the TUI's form
would refuse (a day that is not ``YYYY-MM-DD``, an answer without its day) is refused in
one line on stderr with exit status 1, the file left as it was; a published case changes
only after a correction, as with ``workbench set``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from workbench.cli.common import acting_name, as_option, read_case
from workbench.cli.errors import UserError, reports_errors
from workbench.cli.output import say, say_json

_file = click.argument("file", type=click.Path(path_type=Path))
_number = click.argument("number", metavar="N")
_json = click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
#: The channels, spelled out so that ``--help`` loads no more than click.
CHANNELS = "email, phone, social_media, in_person, letter or other"


@contextlib.contextmanager
def _changing(file: Path, as_name: str | None) -> Iterator[Any]:
    """The case in ``file`` to change as ``--as`` names, saved when the block ends;
    whatever the block raises leaves the file untouched."""
    from workbench.cli.common import open_for_writing
    from workbench.review import check_editable

    who = acting_name(as_name)
    with open_for_writing(file, who) as (case_file, case):
        check_editable(case)
        yield case
        case_file.save(case)


def _checked(request: Any) -> Any:
    """``request`` as it is, or UserError saying what is wrong with it."""
    from workbench.model import reply_request_problem

    if problem := reply_request_problem(request):
        raise UserError(problem)
    return request


def _entry(case: Any, typed: str) -> Any:
    """The entry numbered ``typed`` in the log."""
    from workbench.fields import part_number

    number = part_number("entry", typed.strip())
    if not 1 <= number <= len(case.replies):
        raise UserError(f"the right-of-reply log has no entry {number} "
                        f"(it has {len(case.replies)})")
    return case.replies[number - 1]


def entry_json(case: Any, request: Any) -> dict[str, Any]:
    """An entry as the case JSON writes it, with its number in the log."""
    from workbench.formats.case_json import case_to_dict

    document = case_to_dict(case)["replies"][case.replies.index(request)]
    return {"number": case.replies.index(request) + 1, **document}


def entry_line(case: Any, request: Any) -> str:
    """``1. Vladimir Putin's office (claimant), 2024-05-01 by email: no reply by …``."""
    from workbench.formats.article_reply import reply_sentence

    who = " (claimant)" if request.claimant else ""
    return f"{case.replies.index(request) + 1}.{who} {reply_sentence(request)}"


@click.group()
def reply() -> None:
    """Log each attempt to reach the claimant or others named (the right of reply).

    The article says each one in a sentence; `workbench check` warns when a rated claim's
    claimant was never asked (`[review] require_right_of_reply = false` turns it off).
    """


@reply.command(name="add")
@_file
@click.option("--to", "name", metavar="NAME", required=True,
              help="Who was asked: a person or an office.")
@click.option("--claimant", is_flag=True, help="They are the claimant (or speak for them).")
@click.option("--date", "day", metavar="YYYY-MM-DD", required=True, help="The day asked.")
@click.option("--how", "channel", metavar="HOW", required=True, help=f"How: {CHANNELS}.")
@click.option("--asked", metavar="TEXT", default="", help="What they were asked.")
@click.option("--deadline", metavar="YYYY-MM-DD", default="",
              help="The day they were given to answer by.")
@click.option("--answer", metavar="TEXT", default=None,
              help="Their answer, when it came (with --answered).")
@click.option("--answered", metavar="YYYY-MM-DD", default="", help="The day they answered.")
@as_option
@_json
@reports_errors
def reply_add(file: Path, name: str, claimant: bool, day: str, channel: str, asked: str,
              deadline: str, answer: str | None, answered: str, as_name: str | None,
              as_json: bool) -> None:
    """Log a request for comment in FILE."""
    from workbench.model import ReplyChannel, ReplyRequest, new_id

    try:
        how = ReplyChannel.parse(channel)
    except ValueError:
        raise UserError(f"--how {channel.strip()!r} is not one of: {CHANNELS}") from None
    request = _checked(ReplyRequest(
        id=new_id(), name=" ".join(name.split()), claimant=claimant, date=day.strip(),
        channel=ReplyChannel(how), asked=asked.strip(), deadline=deadline.strip(),
        answer=None if answer is None else answer.strip(), answered=answered.strip()))
    with _changing(file, as_name) as case:
        case.replies.append(request)
    _report(case, request, as_json, "Logged")


@reply.command(name="answer")
@_file
@_number
@click.option("--text", metavar="TEXT", required=True,
              help='Their answer ("" for a reply without comment).')
@click.option("--date", "day", metavar="YYYY-MM-DD", required=True, help="The day they answered.")
@as_option
@_json
@reports_errors
def reply_answer(file: Path, number: str, text: str, day: str, as_name: str | None,
                 as_json: bool) -> None:
    """Record the answer to entry N of FILE's log (it replaces an earlier one)."""
    import dataclasses

    with _changing(file, as_name) as case:
        request = _entry(case, number)
        answered = _checked(dataclasses.replace(request, answer=text.strip(),
                                                answered=day.strip()))
        case.replies[case.replies.index(request)] = answered
    _report(case, answered, as_json, "Answered")


@reply.command(name="edit")
@_file
@_number
@click.option("--to", "name", metavar="NAME", help="Who was asked.")
@click.option("--claimant/--not-claimant", default=None,
              help="Whether they are the claimant (or speak for them).")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="The day asked.")
@click.option("--how", "channel", metavar="HOW", help=f"How: {CHANNELS}.")
@click.option("--asked", metavar="TEXT", help="What they were asked.")
@click.option("--deadline", metavar="YYYY-MM-DD", help='The deadline ("" for none).')
@click.option("--no-answer", is_flag=True, help="Take the answer back: none came.")
@as_option
@_json
@reports_errors
def reply_edit(file: Path, number: str, name: str | None, claimant: bool | None,
               day: str | None, channel: str | None, asked: str | None,
               deadline: str | None, no_answer: bool, as_name: str | None,
               as_json: bool) -> None:
    """Change entry N of FILE's log: what is not given stays (the answer: reply answer)."""
    import dataclasses

    from workbench.model import ReplyChannel

    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = " ".join(name.split())
    if claimant is not None:
        changes["claimant"] = claimant
    if day is not None:
        changes["date"] = day.strip()
    if channel is not None:
        try:
            changes["channel"] = ReplyChannel(ReplyChannel.parse(channel))
        except ValueError:
            raise UserError(f"--how {channel.strip()!r} is not one of: {CHANNELS}") from None
    if asked is not None:
        changes["asked"] = asked.strip()
    if deadline is not None:
        changes["deadline"] = deadline.strip()
    if no_answer:
        changes |= {"answer": None, "answered": ""}
    with _changing(file, as_name) as case:
        request = _entry(case, number)
        edited = _checked(dataclasses.replace(request, **changes))
        case.replies[case.replies.index(request)] = edited
    _report(case, edited, as_json, "Changed")


@reply.command(name="move")
@_file
@_number
@click.option("--to", "to", metavar="M", required=True, help="The place it takes.")
@as_option
@_json
@reports_errors
def reply_move(file: Path, number: str, to: str, as_name: str | None, as_json: bool) -> None:
    """Move entry N of FILE's log to place M (the log keeps the order you give it)."""
    with _changing(file, as_name) as case:
        request = _entry(case, number)
        target = _entry(case, to)
        place = case.replies.index(target)
        case.replies.remove(request)
        case.replies.insert(place, request)
    _report(case, request, as_json, "Moved")


@reply.command(name="remove")
@_file
@_number
@as_option
@_json
@reports_errors
def reply_remove(file: Path, number: str, as_name: str | None, as_json: bool) -> None:
    """Remove entry N from FILE's log; the entries after it move up one."""
    with _changing(file, as_name) as case:
        request = _entry(case, number)
        printed = entry_json(case, request)
        line = entry_line(case, request)
        case.replies.remove(request)
    if as_json:
        say_json({"removed": printed})
    else:
        say(f"Removed {line}")


@reply.command(name="list")
@_file
@_json
@reports_errors
def reply_list(file: Path, as_json: bool) -> None:
    """The right-of-reply log of FILE, in the order logged."""
    case = read_case(file)
    if as_json:
        say_json([entry_json(case, request) for request in case.replies])
        return
    if not case.replies:
        say(f"{file} logs no request for comment yet: workbench reply add {file} --to NAME "
            "--date YYYY-MM-DD --how email", err=True)
    for request in case.replies:
        say(entry_line(case, request))


def _report(case: Any, request: Any, as_json: bool, verb: str) -> None:
    if as_json:
        say_json(entry_json(case, request))
    else:
        say(f"{verb} {entry_line(case, request)}")
