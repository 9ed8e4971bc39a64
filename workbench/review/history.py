"""History: who did what to a case, recorded as it happens and told back in words.

Each review action records who did it as an ``Event`` in ``case.events``; the case file
appends those with the edits it records itself on save (``CaseFile.save``). A name is
required for every action, so the history never says "someone". ``history_for`` picks
the events about one part of the case and ``describe_event`` puts one in words, for the
command line's log and the TUI's history tab alike.

The case file seals each event as it writes it (``workbench.casefile.seal``): a hash over
its content and the hash before it. A sign-off or a publish event, like any other, holds
the chain head it followed (``prev_hash``), and its own hash seals that head together with
the article's fingerprint or the snapshot's content hash.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.model import Case, Event, Status, now_timestamp
from workbench.review.anchors import anchor_label, anchor_spec
from workbench.review.wording import ReviewError, short_id, shorten

#: How a name is asked for when there is none; the CLI and the TUI both say this.
NO_NAME = (
    "no name to record for this action: give --as NAME, set WORKBENCH_USER, or set "
    "author in the [workbench] table of the config file"
)
#: Long enough for any real name; a longer one is a paste gone wrong.
MAX_NAME = 100


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


# Reading it back.


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
        return f'{verb} {where} [{short_id(event.target_id)}]: "{shorten(detail)}"'
    if action in ("resolve", "reopen"):
        verb = "resolved" if action == "resolve" else "reopened"
        return f"{verb} comment {short_id(event.target_id)}"
    if action == "correct":
        return f'recorded a correction: "{shorten(detail)}"'
    if action == "publish":
        return f"froze {detail} ({shorten(event.after or '', 20)})"
    if action == "sign-off":
        return f"signed off the article ({shorten(event.after or '', 20)})"
    if action == "seal":
        # Written by the upgrade to schema 4; its detail says how many events came before.
        return detail or "history sealed from here"
    if action in ("add", "remove", "move", "edit") and event.target_kind:
        return _describe_change(case, event)
    return f"{action}: {detail}" if detail else action


def event_to_dict(case: Case, event: Event) -> dict[str, object]:
    """The event as a JSON object (``workbench log --json``): every field as stored, and
    ``description``, the event in the words ``describe_event`` gives it."""
    return {"id": event.id, "at": event.at, "who": event.who, "action": event.action,
            "target_kind": event.target_kind, "target_id": event.target_id,
            "field": event.field, "before": event.before, "after": event.after,
            "detail": event.detail, "description": describe_event(case, event)}


def _describe_change(case: Case, event: Event) -> str:
    kind, target_id = event.target_kind, event.target_id
    if kind == "matrix":
        where = f"matrix {anchor_spec(case, 'source', target_id)} x " \
                f"{anchor_spec(case, 'question', event.field)}"
        return f"{where}: {event.before or 'unset'} -> {event.after or 'unset'}"
    if event.action in ("add", "remove"):
        verb = "added" if event.action == "add" else "removed"
        return f"{verb} {kind} \"{shorten(event.detail)}\"" if event.detail else f"{verb} {kind}"
    where = anchor_label(case, kind, target_id)
    if event.action == "move":
        return f"moved {where} from {event.before} to {event.after}"
    return f"{where} {event.field}: {_quoted(event.before)} -> {_quoted(event.after)}"


def _quoted(value: str | None) -> str:
    return "unset" if value is None else f'"{shorten(value)}"'
