"""The review workflow from the command line, with the rules the TUI applies: status,
comment, resolve, reopen, review, log, correct and diff (see docs/review.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from workbench.cli.common import (
    acting_name,
    as_option,
    name_if_known,
    open_for_writing,
    read_case,
)
from workbench.cli.errors import UserError, reports_errors
from workbench.cli.output import say, say_json


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("new_status", required=False, metavar="[NEW_STATUS]")
@click.option("--note", default="", help="Why, in a few words; recorded with the move.")
@as_option
@reports_errors
def status(file: Path, new_status: str | None, note: str, as_name: str | None) -> None:
    """Show the review status of FILE, or move it to NEW_STATUS.

    NEW_STATUS is draft, in_review, changes_requested, approved or published ("in review"
    works too). Approving and publishing need no readiness errors and no open comments;
    publishing freezes a snapshot of the article. See docs/review.md.
    """
    from workbench.config import load_config
    from workbench.review import move_status

    config = load_config()
    if new_status is None:
        _show_status(file, name_if_known(as_name, config) or "", config)
        return
    who = acting_name(as_name, config)
    with open_for_writing(file, who) as (case_file, case):
        before = case.status
        event = move_status(case, new_status, who, note=note, config=config)
        case_file.save(case)
    line = f"{before.label} -> {case.status.label} ({who})"
    if case.status.value == "published":
        published = case.publications[-1]
        line += f"; publication {len(case.publications)}, {published.content_hash}"
    say(line + (f": {event.detail}" if event.detail else ""))


def _show_status(file: Path, who: str, config: Any) -> None:
    from workbench.review import allowed_moves, move_problems, submitted_by

    case = read_case(file)
    submitter = submitted_by(case)
    by = f" (submitted by {submitter})" if submitter and case.status.value != "draft" else ""
    say(f"{case.status.label}{by}")
    for target in allowed_moves(case):
        problems = move_problems(case, target, who, config=config)
        if target.value == "corrected":
            problems = ["record a correction: workbench correct FILE --text ... --why ..."]
        state = f"blocked: {'; '.join(problems)}" if problems else "ok"
        say(f"  -> {target.label:<18} {state}")


def _anchor_word(case: Any, comment: Any) -> str:
    from workbench.review import anchor_label

    return anchor_label(case, comment.anchor_kind, comment.anchor_id)


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--on", "place", metavar="PLACE",
              help="section:N (the Nth body section), section:summary, section:bottom-line, "
                   "source:N, question:N, verdict or case.")
@click.option("--reply-to", metavar="COMMENT_ID", help="Answer this comment instead.")
@click.option("--text", required=True, help="The comment.")
@as_option
@reports_errors
def comment(file: Path, place: str | None, reply_to: str | None, text: str,
            as_name: str | None) -> None:
    """Add a review comment to FILE (or a reply with --reply-to); print its id."""
    from workbench.fields import check_place
    from workbench.review import add_comment, parse_anchor, reply, short_id

    if (place is None) == (reply_to is None):
        raise UserError("say where the comment goes: --on PLACE, or --reply-to COMMENT_ID")
    who = acting_name(as_name)
    with open_for_writing(file, who) as (case_file, case):
        if reply_to is not None:
            added = reply(case, reply_to, text, who)
        else:
            check_place(place or "")
            added = add_comment(case, parse_anchor(case, place or ""), text, who)
        case_file.save(case)
    say(f"{short_id(added.id)}  on {_anchor_word(case, added)}")


def _thread_command(file: Path, comment_id: str, as_name: str | None, *, opening: bool
                    ) -> None:
    from workbench.review import reopen, resolve, short_id

    who = acting_name(as_name)
    with open_for_writing(file, who) as (case_file, case):
        root = (reopen if opening else resolve)(case, comment_id, who)
        case_file.save(case)
    verb = "Reopened" if opening else "Resolved"
    say(f"{verb} {short_id(root.id)} on {_anchor_word(case, root)}")


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("comment_id")
@as_option
@reports_errors
def resolve(file: Path, comment_id: str, as_name: str | None) -> None:
    """Resolve a review comment (and its replies); any unique start of its id will do."""
    _thread_command(file, comment_id, as_name, opening=False)


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("comment_id")
@as_option
@reports_errors
def reopen(file: Path, comment_id: str, as_name: str | None) -> None:
    """Open a resolved review comment (and its replies) again."""
    _thread_command(file, comment_id, as_name, opening=True)


@click.command(name="review")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--all", "include_resolved", is_flag=True, help="Include resolved comments.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of comments.")
@reports_errors
def review_comments(file: Path, include_resolved: bool, as_json: bool) -> None:
    """The open review comments of FILE, thread by thread, and the check warnings
    accepted (who, when and why)."""
    from workbench.review import short_id, thread_to_dicts, threads

    case = read_case(file)
    shown = threads(case, include_resolved=include_resolved)
    if as_json:
        say_json([entry for thread in shown for entry in thread_to_dicts(case, thread)])
        return
    for thread in shown:
        root = thread.root
        state = "open" if thread.open else f"resolved by {root.resolved_by or 'unknown'}"
        say(f"{short_id(root.id)}  {_anchor_word(case, root)}  "
            f"{root.author or 'unknown'}, {_when(root.created)}  [{state}]")
        say(f"    {_one_line(root.body)}")
        for answer in thread.replies:
            say(f"    > {short_id(answer.id)}  {answer.author or 'unknown'}, "
                f"{_when(answer.created)}: {_one_line(answer.body)}")
    accepted = _accepted_warnings(case)
    for finding in accepted:
        acceptance = finding.accepted
        say(f"accepted  {finding.code}  {finding.where.label}  "
            f"{acceptance.who or 'unknown'}, {_when(acceptance.at)}")
        say(f"    {_one_line(acceptance.why)}")
    opened = sum(t.open for t in threads(case, include_resolved=True))
    hidden = 0 if include_resolved else len(threads(case, include_resolved=True)) - opened
    summary = f"{opened} open thread{'s' * (opened != 1)}"
    if hidden:
        summary += f"; {hidden} resolved (see --all)"
    if accepted:
        summary += f"; {len(accepted)} accepted warning{'s' * (len(accepted) != 1)}"
    say(summary, err=not (shown or accepted))


def _accepted_warnings(case: Any) -> list[Any]:
    """The check warnings accepted that still apply, as a reviewer reads them beside the
    comments (the checks run only for a case that has acceptances)."""
    if not case.acceptances:
        return []
    from workbench.analysis.checks import run_checks
    from workbench.config import load_config

    config = load_config()
    return [finding for finding in run_checks(
                case, scales=config.scales,
                require_right_of_reply=config.require_right_of_reply)
            if finding.accepted is not None]


def _when(timestamp: str) -> str:
    """``2025-03-13T11:20:00Z`` as ``2025-03-13 11:20``: UTC, to the minute."""
    return f"{timestamp[:10]} {timestamp[11:16]}".strip() if timestamp else "undated"


def _one_line(text: str) -> str:
    return " ".join(text.split())


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--on", "place", metavar="PLACE",
              help="Only the history of section:N (the Nth body section), section:summary, "
                   "section:bottom-line, source:N, question:N, verdict or claim.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of events.")
@reports_errors
def log(file: Path, place: str | None, as_json: bool) -> None:
    """The history of FILE: every change, when (UTC), by whom, oldest first."""
    from workbench.fields import check_place
    from workbench.review import describe_event, event_to_dict, history_for, parse_anchor

    case = read_case(file)
    if place is None:
        events = history_for(case)
    elif place.strip().casefold() == "claim":
        events = history_for(case, "claim")
    else:
        check_place(place)
        anchor = parse_anchor(case, place)
        events = history_for(case, anchor.kind.value, anchor.id)
    if as_json:
        say_json([event_to_dict(case, event) for event in events])
        return
    if not events:
        say("No history recorded.", err=True)
    width = max((len(e.who or "unknown") for e in events), default=0)
    for event in events:
        say(f"{_when(event.at)}  {(event.who or 'unknown'):<{width}}  "
            f"{_one_line(describe_event(case, event))}")


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--text", "what", required=True, help="What the correction changes.")
@click.option("--why", required=True, help="Why it was needed.")
@click.option("--date", default="", help="The correction's date (default: today, UTC).")
@as_option
@reports_errors
def correct(file: Path, what: str, why: str, date: str, as_name: str | None) -> None:
    """Record a correction to the published case FILE; then it may change, and goes
    back through review (a second name signs it off) before it is published again."""
    from workbench.review import add_correction

    who = acting_name(as_name)
    with open_for_writing(file, who) as (case_file, case):
        before = case.status
        correction = add_correction(case, what, why, who, date=date)
        case_file.save(case)
    moved = f"; {before.label} -> {case.status.label}" if before != case.status else ""
    say(f"Correction of {correction.date} recorded{moved}. Make the change, send it for "
        f"review (workbench status {file} in_review); a second name approves it before "
        "it is published again.")


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--from", "from_number", type=click.IntRange(min=1), metavar="N",
              help="The older publication (default: the one before --to).")
@click.option("--to", "to_number", type=click.IntRange(min=1), metavar="M",
              help="The newer publication (default: the last; while a correction awaits "
                   "publication, the article as it stands).")
@reports_errors
def diff(file: Path, from_number: int | None, to_number: int | None) -> None:
    """What changed between two published versions of FILE (a unified diff); while a
    correction awaits publication, between the last publication and the case now."""
    from workbench.config import load_config
    from workbench.review import diff_publications

    case = read_case(file)
    text = diff_publications(case, from_number, to_number, config=load_config())
    if not text:
        say("The two versions are the same.", err=True)
    say(text, nl=False, block=True)


COMMANDS = (status, comment, resolve, reopen, review_comments, log, correct, diff)
