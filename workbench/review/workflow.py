"""The review workflow: status moves, review comments, publication and corrections.

A case moves draft -> in review -> (changes requested -> in review ...) -> approved ->
published, and after publication through corrections: a correction moves it to corrected,
and publishing again freezes a new snapshot. ``TRANSITIONS`` lists every allowed move;
``move_problems`` says why a move is refused right now, in words for a person, so a
screen can grey out a choice with its reason and the command line can print it.

Everything here is a plain function of a ``Case`` (no I/O, no Textual, no click), so the
TUI and the CLI apply the same rules. Each action records who did it as an ``Event`` in
``case.events``; the case file appends those with the edits it records itself on save
(``CaseFile.save``), where the last rule is kept too: a published case changes only
with a correction.

Every refusal raises ``ReviewError`` with one line a person can act on. Anchors are
written as on the command line: ``section:N`` (the Nth section in reading order),
``source:N`` (citation number N), ``question:N`` (the Nth question), ``verdict``, ``case``.

Heavy parts (the readiness checks, the Markdown exporter) load only when a move needs
them, so the command line can import this module for its error type at no cost.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from workbench.model import (
    AnchorKind,
    Case,
    Comment,
    Correction,
    Event,
    Publication,
    Status,
    is_partial_date,
    new_id,
    now_timestamp,
    snapshot_hash,
)

if TYPE_CHECKING:
    from workbench.config import Config


class ReviewError(ValueError):
    """A workflow action is refused; the message is one line saying why and what to do."""


#: Every allowed status move. Publishing again after a correction goes from corrected
#: (or, when the correction is reviewed first, from approved); published -> corrected is
#: made only by ``add_correction``.
TRANSITIONS: dict[Status, tuple[Status, ...]] = {
    Status.DRAFT: (Status.IN_REVIEW,),
    Status.IN_REVIEW: (Status.CHANGES_REQUESTED, Status.APPROVED, Status.DRAFT),
    Status.CHANGES_REQUESTED: (Status.IN_REVIEW,),
    Status.APPROVED: (Status.PUBLISHED, Status.IN_REVIEW, Status.CHANGES_REQUESTED),
    Status.PUBLISHED: (Status.CORRECTED,),
    Status.CORRECTED: (Status.PUBLISHED, Status.IN_REVIEW),
}

#: How a name is asked for when there is none; the CLI and the TUI both say this.
NO_NAME = (
    "no name to record for this action: give --as NAME, set WORKBENCH_USER, or set "
    "author in the [workbench] table of the config file"
)
#: Long enough for any real name; a longer one is a paste gone wrong.
MAX_NAME = 100
#: The hex digits of a comment id shown in lists; any unique prefix is accepted back.
SHORT_ID = 8


# Names and recording.


def require_name(name: str | None) -> str:
    """``name`` fit to record (one line, not blank), or ReviewError saying how to set one."""
    if name is None or not name.strip():
        raise ReviewError(NO_NAME)
    cleaned = " ".join(name.split())
    if any(not ch.isprintable() for ch in cleaned):
        raise ReviewError("a name may not hold control characters")
    if len(cleaned) > MAX_NAME:
        raise ReviewError(f"a name may be at most {MAX_NAME} characters")
    return cleaned


def same_person(a: str, b: str) -> bool:
    """Names match whatever their case and spacing: "ana ruiz" signed as "Ana  Ruiz"."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def record(case: Case, who: str, action: str, *, target_kind: str = "", target_id: str = "",
           field: str = "", before: str | None = None, after: str | None = None,
           detail: str = "", at: str | None = None) -> Event:
    """Append an event to the case's history (and mark the case updated); return it."""
    event = Event(at=at or now_timestamp(), who=who, action=action, target_kind=target_kind,
                  target_id=target_id, field=field, before=before, after=after, detail=detail)
    case.events.append(event)
    case.updated = event.at
    return event


def record_created(case: Case, who: str, *, detail: str = "") -> Event:
    """The first event of a new case ("created"), by ``who`` (may be "" when unknown)."""
    return record(case, who, "created", target_kind="case", target_id=case.id, detail=detail,
                  at=case.created)


# Status moves.


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


def submitted_by(case: Case) -> str:
    """Who last sent the case for review, or "" when the history does not say."""
    for event in reversed(case.events):
        if event.action == "status" and event.after == Status.IN_REVIEW.value:
            return event.who
    return ""


def was_published(case: Case) -> bool:
    return bool(case.publications) or case.status in (Status.PUBLISHED, Status.CORRECTED)


def article_fingerprint(case: Case, config: Config | None = None) -> str:
    """A hash of the article as it would be published now: what a sign-off approves."""
    import hashlib

    from workbench.config import Config
    from workbench.formats.export import render

    article = render(case, "md", config=config or Config())
    return "sha256:" + hashlib.sha256(article.encode("utf-8", "surrogatepass")).hexdigest()


def last_sign_off(case: Case) -> Event | None:
    """The latest sign-off event (recorded with each approval), or None."""
    return next((e for e in reversed(case.events) if e.action == "sign-off"), None)


def move_problems(case: Case, new_status: Status, who: str, *, note: str = "",
                  config: Config | None = None) -> list[str]:
    """Why ``who`` may not move the case to ``new_status`` now; empty when the move is fine.

    Approving and publishing need no readiness errors and no open review comments;
    approving needs a second name (unless the config allows self-approval); publishing a
    case published before needs a correction since; asking for changes needs an open
    comment or a note saying what to change.
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
                f"{_count(len(opened), 'open review comment')} (first: on "
                f"{anchor_label(case, first.anchor_kind, first.anchor_id)} by "
                f"{first.author or 'unknown'}: \"{_short(first.body)}\"); resolve them first"
            )
    if new_status is Status.APPROVED and not (config and config.allow_self_approval):
        submitter = submitted_by(case)
        if submitter and same_person(submitter, who):
            problems.append(
                f"{submitter} submitted it for review; sign-off takes a second name"
            )
    if new_status is Status.PUBLISHED:
        altered = altered_publications(case)
        if altered:
            problems.append(_altered_message(altered[0]))
        elif case.publications and not pending_corrections(case):
            problems.append(
                "it was published before: record a correction (what changed and why) first"
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
    if new_status is Status.PUBLISHED:
        return "a case is published only once approved (draft -> in review -> approved)"
    if new_status is Status.APPROVED:
        return "only a case in review can be approved; submit it for review first"
    if new_status is Status.CORRECTED:
        return "only a published case takes corrections"
    choices = ", ".join(status.label for status in TRANSITIONS[current])
    return f"from {current.label} it can move to: {choices}"


def _readiness_problems(case: Case, config: Config | None) -> list[str]:
    from workbench.analysis.checks import Severity, run_checks

    scales = config.scales if config is not None else None
    errors = [f for f in run_checks(case, scales=scales) if f.severity is Severity.ERROR]
    if not errors:
        return []
    return [f"{_count(len(errors), 'readiness error')} (first: {errors[0].message}); "
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
        _publish(case, who, event.at, config)
    return event


def _publish(case: Case, who: str, at: str, config: Config | None) -> Publication:
    """Freeze the article and the case as they are now, sealed by a content hash."""
    from workbench.config import Config
    from workbench.formats.case_json import case_to_json
    from workbench.formats.export import render

    article = render(case, "md", config=config or Config())
    # Earlier snapshots stay out of this one: each would otherwise hold all before it.
    frozen = case_to_json(dataclasses.replace(case, publications=[]))
    publication = Publication(
        id=new_id(), published_at=at, who=who,
        content_hash=snapshot_hash(at, who, article, frozen), article=article,
        case_json=frozen,
    )
    case.publications.append(publication)
    record(case, who, "publish", target_kind="publication", target_id=publication.id,
           field="content_hash", after=publication.content_hash,
           detail=f"publication {len(case.publications)}", at=at)
    return publication


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


# Anchors.


@dataclass(frozen=True)
class Anchor:
    """What a review comment is attached to: a kind and, for parts of the case, an id."""

    kind: AnchorKind
    id: str = ""


def parse_anchor(case: Case, text: str) -> Anchor:
    """``section:N``, ``source:N``, ``question:N``, ``verdict`` or ``case``, in this case."""
    spec = text.strip().casefold()
    if spec in ("verdict", "case"):
        return Anchor(AnchorKind(spec))
    kind, _, number = spec.partition(":")
    usage = "use section:N, source:N, question:N, verdict or case"
    if kind not in ("section", "source", "question") or not number.strip().isdigit():
        raise ReviewError(f"{text!r} is not a place in the case; {usage}")
    n = int(number)
    if kind == "source":
        source = case.source_by_number(n)
        if source is None:
            raise ReviewError(f"the case has no source [{n}]")
        return Anchor(AnchorKind.SOURCE, source.id)
    items = case.sections if kind == "section" else case.questions
    if not 1 <= n <= len(items):
        raise ReviewError(f"the case has {_count(len(items), kind)}; there is no {kind} {n}")
    return Anchor(AnchorKind(kind), items[n - 1].id)


def anchor_spec(case: Case, kind: AnchorKind | str, anchor_id: str = "") -> str:
    """The anchor as it is typed: ``source:2``; ``source (deleted)`` when it is gone."""
    kind = str(kind)
    if kind in ("verdict", "case", "claim"):
        return kind
    if kind == "source":
        source = case.source(anchor_id)
        return f"source:{source.number}" if source else "source (deleted)"
    items = {"section": case.sections, "question": case.questions}.get(kind)
    if items is None:
        return kind
    position = next((i for i, item in enumerate(items, start=1) if item.id == anchor_id), None)
    return f"{kind}:{position}" if position else f"{kind} (deleted)"


def anchor_label(case: Case, kind: AnchorKind | str, anchor_id: str = "") -> str:
    """The anchor with the words that name it: ``source:2 "Local paper"``."""
    spec = anchor_spec(case, kind, anchor_id)
    name = ""
    if str(kind) == "source" and (source := case.source(anchor_id)):
        name = source.title
    elif str(kind) == "section":
        name = next((s.heading for s in case.sections if s.id == anchor_id), "")
    elif str(kind) == "question":
        name = next((q.text for q in case.questions if q.id == anchor_id), "")
    return f'{spec} "{_short(name, 40)}"' if name.strip() else spec


# Comments.


@dataclass(frozen=True)
class Thread:
    """A comment and the replies under it, in the order they were written."""

    root: Comment
    replies: tuple[Comment, ...]

    @property
    def comments(self) -> tuple[Comment, ...]:
        return (self.root, *self.replies)

    @property
    def open(self) -> bool:
        return any(not comment.resolved for comment in self.comments)


def short_id(comment_id: str) -> str:
    """A generated id cut to its first hex digits; an id someone chose, whole."""
    generated = len(comment_id) == 32 and all(ch in "0123456789abcdef" for ch in comment_id)
    return comment_id[:SHORT_ID] if generated else comment_id


def find_comment(case: Case, ref: str) -> Comment:
    """The comment whose id is ``ref``, or the one whose id starts with it."""
    ref = ref.strip()
    if not ref:
        raise ReviewError("give a comment id (workbench review lists them)")
    exact = next((c for c in case.comments if c.id == ref), None)
    if exact is not None:
        return exact
    matches = [c for c in case.comments if c.id.startswith(ref)]
    if not matches:
        raise ReviewError(f"no comment {ref!r} in this case")
    if len(matches) > 1:
        shown = ", ".join(c.id for c in matches[:3])
        raise ReviewError(f"{ref!r} matches {len(matches)} comments ({shown}); give more of it")
    return matches[0]


def thread_root(case: Case, comment: Comment) -> Comment:
    by_id = {c.id: c for c in case.comments}
    seen = {comment.id}
    while comment.reply_to is not None and comment.reply_to in by_id:
        comment = by_id[comment.reply_to]
        if comment.id in seen:  # a loop, from a hand-edited file: stop anywhere
            break
        seen.add(comment.id)
    return comment


def threads(case: Case, *, include_resolved: bool = False) -> list[Thread]:
    """The comment threads in the order they were started; open ones only by default."""
    roots: dict[str, list[Comment]] = {}
    for comment in case.comments:
        root = thread_root(case, comment)
        roots.setdefault(root.id, [])
        if root is not comment:
            roots[root.id].append(comment)
    by_id = {c.id: c for c in case.comments}
    found = [Thread(by_id[rid], tuple(replies)) for rid, replies in roots.items()]
    return [t for t in found if include_resolved or t.open]


def open_comments(case: Case) -> list[Comment]:
    """Every comment not yet resolved, replies included: these block approval."""
    return [comment for comment in case.comments if not comment.resolved]


def open_comment_counts(case: Case) -> dict[Anchor, int]:
    """Open comments per anchor, for markers beside sections, sources and questions."""
    counts: dict[Anchor, int] = {}
    for comment in open_comments(case):
        anchor = Anchor(comment.anchor_kind, comment.anchor_id)
        counts[anchor] = counts.get(anchor, 0) + 1
    return counts


def _comment_text(body: str) -> str:
    text = body.strip()
    if not text:
        raise ReviewError("the comment is empty; say what should change or be checked")
    return text


def add_comment(case: Case, anchor: Anchor, body: str, who: str) -> Comment:
    """A new open comment by ``who`` on ``anchor`` (use ``parse_anchor`` for ``source:2``)."""
    who = require_name(who)
    text = _comment_text(body)
    if anchor.kind in (AnchorKind.VERDICT, AnchorKind.CASE):
        anchor = Anchor(anchor.kind)
    elif anchor_spec(case, anchor.kind, anchor.id).endswith("(deleted)"):
        raise ReviewError(f"the case has no {anchor.kind.value} with id {anchor.id!r}")
    at = now_timestamp()
    comment = Comment(id=new_id(), anchor_kind=anchor.kind, anchor_id=anchor.id, author=who,
                      created=at, body=text)
    case.comments.append(comment)
    record(case, who, "comment", target_kind="comment", target_id=comment.id,
           detail=_short(text, 200), at=at)
    return comment


def reply(case: Case, ref: str, body: str, who: str) -> Comment:
    """A reply by ``who`` to comment ``ref``; it joins that comment's thread as it stands."""
    who = require_name(who)
    text = _comment_text(body)
    parent = find_comment(case, ref)
    root = thread_root(case, parent)
    at = now_timestamp()
    comment = Comment(id=new_id(), anchor_kind=root.anchor_kind, anchor_id=root.anchor_id,
                      author=who, created=at, body=text, resolved=root.resolved,
                      resolved_by=root.resolved_by, resolved_at=root.resolved_at,
                      reply_to=parent.id)
    case.comments.append(comment)
    record(case, who, "reply", target_kind="comment", target_id=comment.id,
           detail=_short(text, 200), at=at)
    return comment


def _thread_of(case: Case, ref: str) -> Thread:
    root = thread_root(case, find_comment(case, ref))
    return next(t for t in threads(case, include_resolved=True) if t.root.id == root.id)


def resolve(case: Case, ref: str, who: str) -> Comment:
    """Resolve comment ``ref`` with its whole thread, as ``who``; return the thread's root."""
    who = require_name(who)
    thread = _thread_of(case, ref)
    if not thread.open:
        by = f" by {thread.root.resolved_by}" if thread.root.resolved_by else ""
        raise ReviewError(f"comment {short_id(thread.root.id)} is already resolved{by}")
    at = now_timestamp()
    for comment in thread.comments:
        if not comment.resolved:
            comment.resolved, comment.resolved_by, comment.resolved_at = True, who, at
    record(case, who, "resolve", target_kind="comment", target_id=thread.root.id,
           field="resolved", before="open", after="resolved", at=at)
    return thread.root


def reopen(case: Case, ref: str, who: str) -> Comment:
    """Open comment ``ref``'s thread again, as ``who``; return the thread's root."""
    who = require_name(who)
    thread = _thread_of(case, ref)
    if thread.open and not thread.root.resolved:
        raise ReviewError(f"comment {short_id(thread.root.id)} is open already")
    for comment in thread.comments:
        comment.resolved, comment.resolved_by, comment.resolved_at = False, "", ""
    record(case, who, "reopen", target_kind="comment", target_id=thread.root.id,
           field="resolved", before="resolved", after="open")
    return thread.root


# Corrections and publications.


def add_correction(case: Case, what: str, why: str, who: str, *, date: str = "") -> Correction:
    """Record a correction (what changed and why) to a published case, as ``who``.

    A published case moves to corrected, where its content may change again; publishing
    it again freezes the corrected version. ``date`` defaults to today (UTC).
    """
    who = require_name(who)
    if not was_published(case):
        raise ReviewError(
            f"only a published case takes corrections; this one is {case.status.label}"
        )
    what, why = " ".join(what.split()), " ".join(why.split())
    if not what:
        raise ReviewError("say what the correction changes")
    if not why:
        raise ReviewError("say why the correction was needed")
    day = date.strip() or datetime.now(UTC).strftime("%Y-%m-%d")
    if not is_partial_date(day):
        raise ReviewError(f"{day!r} is not a date (use YYYY-MM-DD)")
    correction = Correction(id=new_id(), date=day, what=what, why=why)
    case.corrections.append(correction)
    event = record(case, who, "correct", target_kind="correction", target_id=correction.id,
                   detail=_short(what, 200))
    if case.status is Status.PUBLISHED:
        case.status = Status.CORRECTED
        record(case, who, "status", target_kind="case", target_id=case.id, field="status",
               before=Status.PUBLISHED.value, after=Status.CORRECTED.value,
               detail="correction recorded", at=event.at)
    return correction


def pending_corrections(case: Case) -> list[Correction]:
    """Corrections recorded since the last publication (all of them before the first)."""
    if not case.publications:
        return list(case.corrections)
    try:
        frozen = json.loads(case.publications[-1].case_json)
        published = {c["id"] for c in frozen["corrections"]}
    except (ValueError, KeyError, TypeError):
        published = set()
    return [c for c in case.corrections if c.id not in published]


def altered_publications(case: Case) -> list[int]:
    """The numbers (from 1) of snapshots whose content no longer matches their hash."""
    return [n for n, p in enumerate(case.publications, start=1) if not p.intact]


def _altered_message(number: int) -> str:
    return (f"publication {number} was altered after it was published (its content hash "
            "does not match)")


def check_publications(case: Case) -> None:
    """Raise ReviewError when any published snapshot was altered (a hash mismatch)."""
    altered = altered_publications(case)
    if altered:
        raise ReviewError(_altered_message(altered[0]))


def publication(case: Case, number: int) -> Publication:
    """Publication ``number`` (from 1)."""
    if not 1 <= number <= len(case.publications):
        have = _count(len(case.publications), "publication")
        raise ReviewError(f"there is no publication {number}; the case has {have}")
    return case.publications[number - 1]


def diff_publications(case: Case, from_number: int | None = None,
                      to_number: int | None = None) -> str:
    """A unified diff of the published articles, by default the last two; "" if the same."""
    count = len(case.publications)
    if from_number is None and to_number is None and count < 2:
        raise ReviewError(
            f"the case has {_count(count, 'publication')}; a diff needs two (publish again "
            "after a correction)"
        )
    to_number = count if to_number is None else to_number
    from_number = to_number - 1 if from_number is None else from_number
    old, new = publication(case, from_number), publication(case, to_number)
    for number, snapshot in ((from_number, old), (to_number, new)):
        if not snapshot.intact:
            raise ReviewError(_altered_message(number))
    lines = difflib.unified_diff(
        old.article.splitlines(), new.article.splitlines(),
        fromfile=f"publication {from_number} ({old.published_at}, {old.who})",
        tofile=f"publication {to_number} ({new.published_at}, {new.who})",
        lineterm="",
    )
    text = "\n".join(lines)
    return text + "\n" if text else ""


# History.


def history_for(case: Case, kind: str | None = None, target_id: str = "", *,
                events: Sequence[Event] | None = None) -> list[Event]:
    """The events about one part of the case, oldest first; all of them without ``kind``.

    ``kind`` is "case", "claim", "verdict", "section", "source", "question", "comment",
    "publication" or "correction". A source's history includes its matrix cells, a
    question's the cells in its column, and any part's the comments on it. ``events``
    defaults to ``case.events``; give ``CaseFile.history()`` for what is on disk.
    """
    everything = list(case.events if events is None else events)
    if kind is None:
        return everything
    comments = {c.id for c in case.comments
                if c.anchor_kind.value == kind and (c.anchor_id == target_id
                                                    or kind in ("verdict", "case"))}

    def about(event: Event) -> bool:
        if event.target_kind == kind and (event.target_id == target_id
                                          or kind in ("claim", "verdict")):
            return True
        if event.target_kind == "matrix":
            return (kind, target_id) in (("source", event.target_id), ("question", event.field))
        return event.target_kind == "comment" and event.target_id in comments

    return [event for event in everything if about(event)]


def describe_event(case: Case, event: Event) -> str:
    """The event in words, without its time and name, e.g. 'status: in review -> approved'."""
    action, detail = event.action, event.detail
    note = f" ({detail})" if detail else ""
    if action == "status" and event.after:
        return (f"status: {Status.label_for(event.before or '')} -> "
                f"{Status.label_for(event.after)}{note}")
    if action == "created":
        return f"created the case{note}"
    if action in ("comment", "reply"):
        comment = next((c for c in case.comments if c.id == event.target_id), None)
        where = anchor_label(case, comment.anchor_kind, comment.anchor_id) if comment else "?"
        verb = "commented on" if action == "comment" else "replied on"
        return f'{verb} {where} [{short_id(event.target_id)}]: "{_short(detail)}"'
    if action in ("resolve", "reopen"):
        verb = "resolved" if action == "resolve" else "reopened"
        return f"{verb} comment {short_id(event.target_id)}"
    if action == "correct":
        return f'recorded a correction: "{_short(detail)}"'
    if action == "publish":
        return f"froze {detail} ({_short(event.after or '', 20)})"
    if action == "sign-off":
        return f"signed off the article ({_short(event.after or '', 20)})"
    if action in ("add", "remove", "move", "edit") and event.target_kind:
        return _describe_change(case, event)
    return f"{action}: {detail}" if detail else action


def _describe_change(case: Case, event: Event) -> str:
    kind, target_id = event.target_kind, event.target_id
    if kind == "matrix":
        where = f"matrix {anchor_spec(case, 'source', target_id)} x " \
                f"{anchor_spec(case, 'question', event.field)}"
        return f"{where}: {event.before or 'unset'} -> {event.after or 'unset'}"
    if event.action in ("add", "remove"):
        verb = "added" if event.action == "add" else "removed"
        return f"{verb} {kind} \"{_short(event.detail)}\"" if event.detail else f"{verb} {kind}"
    where = anchor_label(case, kind, target_id)
    if event.action == "move":
        return f"moved {where} from {event.before} to {event.after}"
    return f"{where} {event.field}: {_quoted(event.before)} -> {_quoted(event.after)}"


def _quoted(value: str | None) -> str:
    return "unset" if value is None else f'"{_short(value)}"'


def _short(text: str, width: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
