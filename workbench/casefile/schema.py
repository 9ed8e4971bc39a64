"""The tables of a case file, described once and used to create, write and read it.

One case per file, so child tables need no case id. Columns are plain words a person can
read in ``sqlite3`` or Datasette; vocabularies are stored by their value (``self_justification``),
dates as ISO text. The schema is documented in docs/case-file.md; keep the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


@dataclass(frozen=True)
class Table:
    name: str
    #: Column name -> Python type, in order (sqlite-utils maps the types).
    columns: dict[str, type]
    pk: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    not_null: frozenset[str] = frozenset()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(self.columns)


#: The tables the rows of a case fill (``rows.case_rows``).
CASE_TABLES: tuple[Table, ...] = (
    Table(
        "cases",
        {"id": str, "title": str, "status": str, "scale": str, "language": str,
         "created": str, "updated": str},
        pk=("id",),
        not_null=frozenset({"status", "scale", "created", "updated"}),
    ),
    Table(
        "claim",
        {"case_id": str, "text": str, "claimant": str, "claimant_role": str, "date_made": str,
         "first_appearance": str, "context": str,
         # Schema 8: the claimant's type (person, organization) and sameAs, at the end
         # where ALTER TABLE puts them.
         "claimant_kind": str, "claimant_same_as": str},
        pk=("case_id",),
        foreign_keys=(("case_id", "cases", "id"),),
    ),
    Table("claim_appearances", {"position": int, "url": str}, pk=("position",)),
    Table(
        "verdict",
        {"case_id": str, "rating": str, "conclusion": str, "confidence": str, "checked_on": str},
        pk=("case_id",),
        foreign_keys=(("case_id", "cases", "id"),),
    ),
    Table(
        "verdict_points",
        {"list": str, "position": int, "text": str},
        pk=("list", "position"),
    ),
    Table("questions", {"id": str, "position": int, "text": str}, pk=("id",)),
    Table(
        "sources",
        {"id": str, "number": int, "title": str, "author": str, "outlet": str, "url": str,
         "archived_url": str, "date_published": str, "event_date": str, "event_date_end": str,
         "date_accessed": str, "kind": str, "notes": str, "derived_from": str,
         "motive": str, "motive_note": str, "amid_dispute": int, "dispute_note": str,
         "corroboration_override": str, "corroboration_note": str,
         "reliability": str, "credibility": str,
         # Schema 5: whose account the source carries, at the end where ALTER TABLE puts it.
         "origin": str},
        pk=("id",),
        foreign_keys=(("derived_from", "sources", "id"),),
        not_null=frozenset({"number"}),
    ),
    Table(
        "excerpts",
        {"source_id": str, "position": int, "text": str,
         # Schema 5: where the excerpt is (``model.Locator``); NULL kind: not placed.
         "locator_kind": str, "locator": str, "prefix": str, "exact": str, "suffix": str},
        pk=("source_id", "position"),
        foreign_keys=(("source_id", "sources", "id"),),
    ),
    # Schema 7: copies kept by web archives, in the order added.
    Table(
        "archived_copies",
        {"source_id": str, "position": int, "url": str, "archive": str, "captured": str},
        pk=("source_id", "position"),
        foreign_keys=(("source_id", "sources", "id"),),
    ),
    # Schema 7: files of a source kept in the case file, described here; their bytes are
    # in ``capture_data`` (not part of a case's rows: read only when saved out).
    Table(
        "captures",
        {"id": str, "source_id": str, "position": int, "name": str, "media_type": str,
         "sha256": str, "size": int},
        pk=("id",),
        foreign_keys=(("source_id", "sources", "id"),),
        not_null=frozenset({"source_id", "sha256", "size"}),
    ),
    Table(
        "matrix",
        {"question_id": str, "source_id": str, "value": str},
        pk=("question_id", "source_id"),
        foreign_keys=(("question_id", "questions", "id"), ("source_id", "sources", "id")),
        not_null=frozenset({"value"}),
    ),
    Table(
        "sections",
        {"id": str, "position": int, "kind": str, "heading": str, "body": str},
        pk=("id",),
        not_null=frozenset({"kind"}),
    ),
    Table(
        "comments",
        {"id": str, "position": int, "anchor_kind": str, "anchor_id": str, "author": str,
         "created": str, "body": str, "resolved": int, "reply_to": str,
         # Schema 2 added these at the end, where ALTER TABLE puts them.
         "resolved_by": str, "resolved_at": str},
        pk=("id",),
        foreign_keys=(("reply_to", "comments", "id"),),
    ),
    Table(
        "events",
        {"position": int, "id": str, "at": str, "who": str, "action": str,
         "target_kind": str, "target_id": str, "field": str, "before": str, "after": str,
         "detail": str,
         # Schema 4: the seal (see ``seal.py``), at the end where ALTER TABLE puts them.
         "prev_hash": str, "hash": str},
        pk=("position",),
        not_null=frozenset({"id"}),
    ),
    Table(
        "publications",
        {"id": str, "position": int, "published_at": str, "who": str, "content_hash": str,
         "article": str, "case_json": str,
         # Schema 4: the history's chain head when the snapshot was frozen.
         "chain_head": str},
        pk=("id",),
    ),
    Table(
        "corrections",
        {"id": str, "position": int, "date": str, "what": str, "why": str},
        pk=("id",),
    ),
    # Schema 3: check warnings accepted, each naming the finding it accepts.
    Table(
        "acceptances",
        {"code": str, "target_kind": str, "target_id": str, "fingerprint": str,
         "position": int, "who": str, "why": str, "at": str},
        pk=("code", "target_kind", "target_id", "fingerprint"),
    ),
    # Schema 6: the right-of-reply log, each attempt to reach someone the check names.
    Table(
        "replies",
        {"id": str, "position": int, "name": str, "claimant": int, "date": str,
         "channel": str, "asked": str, "deadline": str, "answer": str, "answered": str},
        pk=("id",),
        not_null=frozenset({"channel"}),
    ),
)

#: Schema 4: the head of the sealed history, one row (``id`` 1): the last event's hash and
#: how many events there are. The case file keeps it; no part of the case maps to it.
HISTORY_HEAD = Table("history_head", {"id": int, "hash": str, "events": int}, pk=("id",),
                     not_null=frozenset({"hash", "events"}))

#: Schema 7: the bytes of each capture, by their SHA-256 (one copy of a file captured
#: twice). Written with the capture, read only to save it out, never with the case.
CAPTURE_DATA = Table("capture_data", {"sha256": str, "data": bytes}, pk=("sha256",),
                     not_null=frozenset({"data"}))

#: Every table of a case file.
TABLES = (*CASE_TABLES, HISTORY_HEAD, CAPTURE_DATA)
TABLES_BY_NAME = {table.name: table for table in TABLES}


def create_schema(db: sqlite_utils.Database) -> None:
    """Create every table of the current schema in an empty database."""
    for table in TABLES:
        db[table.name].create(  # type: ignore[union-attr]
            table.columns,
            pk=table.pk if len(table.pk) > 1 else table.pk[0],
            foreign_keys=list(table.foreign_keys),
            not_null=set(table.not_null),
        )
    db["sources"].create_index(["number"], index_name="sources_by_number")  # type: ignore[union-attr]
    db["events"].create_index(["id"], index_name="events_by_id", unique=True)  # type: ignore[union-attr]
