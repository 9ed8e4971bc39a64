"""Readiness checks on the sealed history: is it still as the Workbench wrote it?

Each event the case file writes carries ``prev_hash`` (the hash of the event before it)
and ``hash`` (``model.event_hash`` over that and its own fields), and the file records the
last hash and the number of events apart (``Case.history_head``). So an event edited in
``sqlite3`` no longer matches its hash, one removed or moved leaves the next one following
a hash that is not before it, and events removed at the end leave the recorded head behind.
The first such break is reported, naming the event, since everything after it rests on it.
A publication records the chain head it was frozen at, so a history rewritten and sealed
anew from the start still shows there.

A case file upgraded to schema 4 sealed the history it held as it stood then; its ``seal``
event marks the place, and the events before it are reported (a warning, not an error) as
recorded before the history was sealed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from workbench.analysis.checked_case import CheckedCase
from workbench.analysis.findings import Finding, Location, capital, finding, short
from workbench.model import Event, HistoryHead, event_hash

#: The ``action`` of the event that marks where sealing began (a schema 4 upgrade).
SEAL_ACTION = "seal"

_FIX = ("Restore the case file from a backup or an earlier copy; the history is never "
        "edited by hand")


def history(checked: CheckedCase) -> Iterator[Finding]:
    """The first break in the sealed history, and the events recorded before the seal."""
    case = checked.case
    head = case.history_head
    if head is None:  # not read from a case file: nothing holds its events to a chain
        return
    events = case.events[: head.read]
    problem = first_break(events, head)
    if problem is not None:
        number, what = problem
        yield finding("history-altered", _where(events, number), capital(what),
                      _FIX + (f" (the event's id is {events[number - 1].id})"
                              if 0 < number <= len(events) else ""))
        return
    yield from _publication_heads(checked, {event.hash for event in events})
    sealed_at = next((i for i, event in enumerate(events) if event.action == SEAL_ACTION), 0)
    if sealed_at:
        seal = events[sealed_at]
        yield finding(
            "history-unsealed", Location("case", label="history"),
            (f"The first {sealed_at} events of the history were" if sealed_at > 1 else
             "The first event of the history was")
            + f" recorded before it was sealed ({_when(seal.at)}): sealed as they stood "
            "then, but nothing shows they were not changed before",
            "Read the early history (workbench log); once satisfied, accept this warning "
            "saying why",
            # The same for every reading: a file read before its upgrade is sealed (in
            # memory) at another moment than when it is upgraded on disk.
            subject=f"{_events(sealed_at)} before the seal",
        )


def _publication_heads(checked: CheckedCase, hashes: set[str]) -> Iterator[Finding]:
    """Each publication whose recorded chain head is no event of the history: the history
    it went out with was replaced by another one, sealed anew (hashes and all)."""
    for number, publication in enumerate(checked.case.publications, start=1):
        if publication.chain_head and publication.chain_head not in hashes:
            yield finding(
                "history-altered", Location("case", label=f"publication {number}"),
                f"Publication {number} ({short(publication.published_at)}) was frozen at a "
                "point of the history that is no longer in it: the history before it was "
                "rewritten",
                _FIX,
            )


def first_break(events: Sequence[Event], head: HistoryHead) -> tuple[int, str] | None:
    """The first place the chain breaks: the event's number in the history (from 1; one
    past the end for events missing there) and what is wrong, in words; None when whole."""
    if not head.recorded:
        return len(events) + 1, (
            "The record of the history's last event (table history_head) is missing: "
            "events may have been removed from the end of the history")
    previous = ""
    for number, event in enumerate(events, start=1):
        if not event.hash:
            return number, (f"{_named(number, event)} has no seal: it was added or changed "
                            "outside the Workbench")
        if event.prev_hash != previous:
            return number, (f"{_named(number, event)} no longer follows the event it was "
                            "written after: an event before it was removed, or events were "
                            "reordered")
        if event_hash(event.prev_hash, event) != event.hash:
            return number, (f"{_named(number, event)} was changed after it was written: it "
                            "no longer matches its seal")
        previous = event.hash
    if previous != head.hash or len(events) != head.events:
        if len(events) < head.events:
            gone = head.events - len(events)
            last = "the last event" if gone == 1 else f"the last {gone} events"
            after = f", after {_named(len(events), events[-1])}," if events else ""
            return len(events) + 1, (
                f"{last}{after} {'were' if gone > 1 else 'was'} removed: the history ends "
                "before its recorded last event")
        return len(events) + 1, (
            "The history does not end at its recorded last event: events were added at "
            "the end, or removed there, outside the Workbench")
    return None


def _named(number: int, event: Event) -> str:
    """"event 12 (2024-05-02 10:00, Alice)": the event as a person finds it in the log."""
    who = short(event.who, 30) or "unknown"
    return f"event {number} ({_when(event.at)}, {who})"


def _when(timestamp: str) -> str:
    """``2025-03-13T11:20:00Z`` as ``2025-03-13 11:20``, as ``workbench log`` shows it."""
    return f"{timestamp[:10]} {timestamp[11:16]}".strip() if timestamp else "undated"


def _events(count: int) -> str:
    return f"{count} event{'s' * (count != 1)}"


def _where(events: Sequence[Event], number: int) -> Location:
    return Location("case", label=f"event {number}" if number <= len(events) else "history")
