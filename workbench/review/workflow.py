"""The status machine: which moves a case may make, why one is refused, and sign-off.

A case moves draft -> in review -> (changes requested -> in review ...) -> approved ->
published, and after publication through corrections: a correction moves it to corrected,
where it is changed, then back through review (in review -> approved, signed off by a
second name) before publishing again freezes a new snapshot. ``TRANSITIONS`` lists every
allowed move; ``move_problems`` says why a move is refused right now, in words for a
person, so a screen can grey out a choice with its reason and the command line can print
it.

Approving records a sign-off: a fingerprint of the article as approved, so publishing can
tell whether what goes out is still what the reviewer read. The case file keeps the last
rule on save too: a published case changes only with a correction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection

from workbench.analysis.checks import readiness_errors
from workbench.config import Config
from workbench.formats.export import render
from workbench.model import Case, Event, Status
from workbench.review.anchors import anchor_label
from workbench.review.comments import open_comments
from workbench.review.history import record, require_name, same_person
from workbench.review.publications import (
    altered_message,
    altered_publications,
    pending_corrections,
    seal_publication,
    was_published,
)
from workbench.review.wording import ReviewError, counted, shorten

#: Every allowed status move. Publishing again after a correction goes through review
#: like the first publication (corrected -> in review -> approved -> published): a
#: correction changes what readers were told, so a second name signs it off; the path is
#: the one every case already takes, so no new status or step is needed.
#: Published -> corrected is made only by ``add_correction``.
TRANSITIONS: dict[Status, tuple[Status, ...]] = {
    Status.DRAFT: (Status.IN_REVIEW,),
    Status.IN_REVIEW: (Status.CHANGES_REQUESTED, Status.APPROVED, Status.DRAFT),
    Status.CHANGES_REQUESTED: (Status.IN_REVIEW,),
    Status.APPROVED: (Status.PUBLISHED, Status.IN_REVIEW, Status.CHANGES_REQUESTED),
    Status.PUBLISHED: (Status.CORRECTED,),
    Status.CORRECTED: (Status.IN_REVIEW,),
}


def parse_status(text: str) -> Status:
    """A status from its value or label ("in_review", "in review", "In-Review")."""
    try:
        return Status.parse(text)  # type: ignore[return-value]
    except ValueError:
        choices = ", ".join(status.value for status in Status)
        raise ReviewError(f"{text!r} is not a status; choose from {choices}") from None


def allowed_moves(case: Case) -> tuple[Status, ...]:
    """The statuses the case may move to from where it is (before any check of content)."""
    return TRANSITIONS[case.status]


#: The steps forward from each status that a chooser may offer first, best first.
#: Publishing is never one: it freezes a snapshot that only a correction changes. Nor is a
#: step back from approved, whose one step forward is publishing: going back to review
#: there drops a sign-off, so there enter pressed by reflex should do nothing at all.
_SAFE_STEPS: dict[Status, tuple[Status, ...]] = {
    Status.DRAFT: (Status.IN_REVIEW,),
    Status.IN_REVIEW: (Status.APPROVED, Status.CHANGES_REQUESTED),
    Status.CHANGES_REQUESTED: (Status.IN_REVIEW,),
    Status.APPROVED: (),
    # Only asks for a correction: what changed and why is still to be written.
    Status.PUBLISHED: (Status.CORRECTED,),
    # Sending the corrected case for its second sign-off; it stays editable in review.
    Status.CORRECTED: (Status.IN_REVIEW,),
}


def safe_default_move(case: Case, blocked: Collection[Status] = ()) -> Status | None:
    """The move a chooser should highlight first: the next step forward that never publishes.

    ``blocked``: moves known to be refused now; the next safe step is offered instead (in
    review: approval when it can be made, else asking for changes). When every safe step
    is blocked the first is offered anyway, so its reasons show what stands in the way.
    None when the only step forward is publishing (approved).
    """
    steps = [status for status in _SAFE_STEPS[case.status] if status in allowed_moves(case)]
    open_now = [status for status in steps if status not in blocked]
    return next(iter(open_now or steps), None)


def submitted_by(case: Case) -> str:
    """Who last sent the case for review, or "" when the history does not say."""
    for event in reversed(case.events):
        if event.action == "status" and event.after == Status.IN_REVIEW.value:
            return event.who
    return ""


def article_fingerprint(case: Case, config: Config | None = None) -> str:
    """A hash of the article as it would be published now: what a sign-off approves."""
    article = render(case, "md", config=config or Config())
    return "sha256:" + hashlib.sha256(article.encode("utf-8", "surrogatepass")).hexdigest()


def corrected_by(case: Case) -> list[str]:
    """Who recorded the corrections not yet published, first to last, each name once."""
    pending = {c.id for c in pending_corrections(case)} if case.publications else set()
    names: list[str] = []
    for event in case.events:
        if (event.action == "correct" and event.target_id in pending and event.who
                and not any(same_person(event.who, name) for name in names)):
            names.append(event.who)
    return names


def signed_off_since_correction(case: Case) -> bool:
    """Whether a sign-off was recorded after the latest correction not yet published
    (True when no correction awaits publication)."""
    pending = {c.id for c in pending_corrections(case)} if case.publications else set()
    signed = False
    for event in case.events:
        if event.action == "correct" and event.target_id in pending:
            signed = False
        elif event.action == "sign-off":
            signed = True
    return signed or not pending


#: The start of every refusal to publish a correction that nobody else signed off.
NEEDS_SECOND_SIGN_OFF = "publishing again after a correction needs a sign-off by someone else"


def last_sign_off(case: Case) -> Event | None:
    """The latest sign-off event (recorded with each approval), or None."""
    return next((e for e in reversed(case.events) if e.action == "sign-off"), None)


def move_problems(case: Case, new_status: Status, who: str, *, note: str = "",
                  config: Config | None = None) -> list[str]:
    """Why ``who`` may not move the case to ``new_status`` now; empty when the move is fine.

    Approving and publishing need no readiness errors and no open review comments;
    approving needs a second name (unless the config allows self-approval): not who
    submitted it, nor who recorded a correction awaiting publication; publishing a case
    published before needs a correction since, signed off after it; asking for changes
    needs an open comment or a note saying what to change.
    """
    current = case.status
    if new_status is current:
        return [_ALREADY]
    # Published -> corrected is in the table, but only a correction makes that move.
    if new_status not in TRANSITIONS[current] or current is Status.PUBLISHED:
        return [_not_allowed(case, new_status)]
    problems: list[str] = []
    if new_status is Status.CHANGES_REQUESTED and not open_comments(case) and not note.strip():
        problems.append("say what to change: add a review comment, or give a note")
    if new_status in (Status.APPROVED, Status.PUBLISHED):
        problems += _readiness_problems(case, config)
        opened = open_comments(case)
        if opened:
            first = opened[0]
            problems.append(
                f"{counted(len(opened), 'open review comment')} (first: on "
                f"{anchor_label(case, first.anchor_kind, first.anchor_id)} by "
                f"{first.author or 'unknown'}: \"{shorten(first.body)}\"); resolve them first"
            )
    if new_status is Status.APPROVED and not (config and config.allow_self_approval):
        submitter = submitted_by(case)
        if submitter and same_person(submitter, who):
            problems.append(
                f"{submitter} submitted it for review; sign-off takes a second name"
            )
        corrector = next((n for n in corrected_by(case) if same_person(n, who)), "")
        if corrector and not (submitter and same_person(submitter, who)):
            problems.append(
                f"{corrector} made the correction; sign-off takes a second name"
            )
    if new_status is Status.PUBLISHED:
        altered = altered_publications(case)
        if altered:
            problems.append(altered_message(altered[0]))
        elif case.publications and not pending_corrections(case):
            problems.append(
                "it was published before: record a correction (what changed and why) first"
            )
        elif not signed_off_since_correction(case):
            problems.append(
                f"{NEEDS_SECOND_SIGN_OFF}: send it to review and have a second name approve it"
            )
        sign_off = last_sign_off(case) if current is Status.APPROVED else None
        if sign_off is not None and sign_off.after != article_fingerprint(case, config):
            problems.append(
                f"the article changed after {sign_off.who or 'the reviewer'} signed it off "
                f"({sign_off.at}); send it back to review"
            )
    if new_status is Status.DRAFT and was_published(case):
        problems.append("a case that was published never goes back to draft")
    return problems


_ALREADY = "already there"


def _not_allowed(case: Case, new_status: Status) -> str:
    current = case.status
    if current is Status.PUBLISHED:
        if new_status is Status.CORRECTED:
            return "record a correction (what changed and why); that moves it to corrected"
        return "a published case changes only through a correction (what changed and why)"
    if new_status is Status.PUBLISHED and current is Status.CORRECTED:
        return (f"{NEEDS_SECOND_SIGN_OFF}: send it to review (in review), then a second "
                "name approves it")
    if new_status is Status.PUBLISHED:
        return "a case is published only once approved (draft -> in review -> approved)"
    if new_status is Status.APPROVED:
        return "only a case in review can be approved; submit it for review first"
    if new_status is Status.CORRECTED:
        return "only a published case takes corrections"
    choices = ", ".join(status.label for status in TRANSITIONS[current])
    return f"from {current.label} it can move to: {choices}"


def _readiness_problems(case: Case, config: Config | None) -> list[str]:
    errors = readiness_errors(case, config.scales if config is not None else None)
    if not errors:
        return []
    return [f"{counted(len(errors), 'readiness error')} (first: {errors[0].message}); "
            "fix them first"]


def move_status(case: Case, new_status: Status | str, who: str, *, note: str = "",
                config: Config | None = None) -> Event:
    """Move the case to ``new_status`` as ``who``, or raise ReviewError saying why not.

    The case is unchanged when the move is refused. Publishing also freezes a snapshot
    (``case.publications[-1]``). Returns the status event.
    """
    who = require_name(who)
    target = parse_status(new_status) if isinstance(new_status, str) else new_status
    problems = move_problems(case, target, who, note=note, config=config)
    if problems == [_ALREADY]:
        raise ReviewError(f"the case is already {target.label}")
    if problems:
        raise ReviewError(
            f"cannot move from {case.status.label} to {target.label}: {'; '.join(problems)}"
        )
    before = case.status
    case.status = target
    event = record(case, who, "status", target_kind="case", target_id=case.id,
                   field="status", before=before.value, after=target.value,
                   detail=" ".join(note.split()))
    if target is Status.APPROVED:
        # What was approved, so publishing can tell whether it is still what goes out.
        record(case, who, "sign-off", target_kind="case", target_id=case.id, field="article",
               after=article_fingerprint(case, config), at=event.at)
    if target is Status.PUBLISHED:
        seal_publication(case, who, event.at, config)
    return event


def editable(case: Case) -> bool:
    """Whether the case's content may change: not while published without a correction."""
    return case.status is not Status.PUBLISHED


def check_editable(case: Case) -> None:
    """Raise ReviewError unless the case's content may change (see ``editable``)."""
    if not editable(case):
        raise ReviewError(
            "the case is published; record a correction (what changed and why) before "
            "changing it"
        )
