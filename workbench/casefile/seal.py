"""The sealed history: each event carries a hash of its content and of the event before it.

Every event the case file writes is sealed here, inside the transaction that writes it:
its ``prev_hash`` is the hash of the event before it ("" for the first) and its ``hash``
is ``model.event_hash`` over that and all its fields. The hash of the last event, the
chain head, so stands for the whole history, and the file keeps it apart as well (table
``history_head``, with the number of events), so that removing events at the end shows
too. Hashes are computed from what is written, never taken from the caller (a case read
from case JSON, or one whose events were copied from another case, arrives unsealed or
sealed for another chain).

Only new events are hashed: a save extends the chain from the head it holds, so sealing
costs one hash per event written, however long the history. A publication records the
chain head at the moment it was frozen: the hash of its own ``publish`` event, which holds
the snapshot's content hash, so the chain also vouches for the snapshot.

``workbench.analysis.history_checks`` verifies the chain; this module only writes it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from workbench.model import Event, event_hash


def seal(events: Iterable[Event], head: str) -> str:
    """Chain ``events``, in order, after ``head``: set each one's ``prev_hash`` and
    ``hash``; return the new head."""
    for event in events:
        event.prev_hash = head
        event.hash = head = event_hash(head, event)
    return head


def write_head(connection: sqlite3.Connection, head: str, events: int) -> None:
    """Record the chain head and how many events the history holds."""
    connection.execute(
        "INSERT OR REPLACE INTO history_head (id, hash, events) VALUES (1, ?, ?)",
        (head, events),
    )


def publication_head(publication_id: str, events: Sequence[Event], head: str) -> str:
    """The chain head a new publication records: the hash of its ``publish`` event among
    ``events`` (those just sealed), or ``head`` when it has none there."""
    for event in reversed(events):
        if event.action == "publish" and event.target_id == publication_id:
            return event.hash
    return head
