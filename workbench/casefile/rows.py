"""Translate between a Case and the rows of its tables.

Both directions live here, side by side, so a column added to one is hard to forget in the
other. Rows are tuples in the column order of ``schema.TABLES``.

Reading is forgiving where a case file edited by hand (or by another program) leaves
something a person would still want to open: text stored as a BLOB or a number is read as
text, a missing text is empty, and matrix cells, "derived from" links and replies that
point at nothing are let go (they can mean nothing, and would make every save refuse).
What cannot be read sensibly (an unknown status, a missing number) raises ValueError
naming the table and the value.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from workbench.casefile.schema import CASE_TABLES, TABLES_BY_NAME, Table
from workbench.model import (
    Acceptance,
    AnchorKind,
    ArchivedCopy,
    Assessment,
    Capture,
    Case,
    Cell,
    Claim,
    ClaimantKind,
    Comment,
    Confidence,
    Correction,
    Corroboration,
    Credibility,
    Event,
    HistoryHead,
    Locator,
    LocatorKind,
    Motive,
    Publication,
    Question,
    Reliability,
    ReplyChannel,
    ReplyRequest,
    Section,
    SectionKind,
    Source,
    SourceKind,
    Status,
    Verdict,
    Vocabulary,
    trimmed_locators,
)

V = TypeVar("V", bound=Vocabulary)
Row = tuple[Any, ...]
#: Table name -> primary key -> row.
Rows = dict[str, dict[Row, Row]]


def _v(member: Vocabulary | None) -> str | None:
    return None if member is None else member.value


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def case_rows(case: Case, *, history: bool = True) -> Rows:
    """Every row the case file holds for this case; without its events unless ``history``.

    A save leaves the history out: the file appends to it (``store.py``) rather than
    comparing it, and a long history would otherwise cost every keystroke's save.
    """
    listed: dict[str, list[Row]] = {
        "cases": [(case.id, case.title, case.status.value, case.scale, case.language,
                   case.created, case.updated)],
        "claim": [(case.id, case.claim.text, case.claim.claimant, case.claim.claimant_role,
                   case.claim.date_made, case.claim.first_appearance, case.claim.context,
                   case.claim.claimant_kind.value, case.claim.claimant_same_as)],
        "claim_appearances": list(enumerate(case.claim.appearances)),
        "verdict": [(case.id, case.verdict.rating, case.verdict.conclusion,
                     _v(case.verdict.confidence), case.verdict.checked_on)],
        "verdict_points": [("established", i, text) for i, text in
                           enumerate(case.verdict.established)]
        + [("unresolved", i, text) for i, text in enumerate(case.verdict.unresolved)],
        "questions": [(q.id, i, q.text) for i, q in enumerate(case.questions)],
        "sources": [_source_row(source) for source in case.sources],
        "excerpts": [_excerpt_row(source, i, text) for source in case.sources
                     for i, text in enumerate(source.excerpts)],
        "archived_copies": [(source.id, i, copy.url, copy.archive, copy.captured)
                            for source in case.sources
                            for i, copy in enumerate(source.archived_copies)],
        "captures": [(c.id, source.id, i, c.name, c.media_type, c.sha256, c.size)
                     for source in case.sources for i, c in enumerate(source.captures)],
        "matrix": [(question_id, source_id, cell.value)
                   for (question_id, source_id), cell in case.matrix.items()],
        "sections": [(s.id, i, s.kind.value, s.heading, s.body)
                     for i, s in enumerate(case.sections)],
        "comments": [(c.id, i, c.anchor_kind.value, c.anchor_id, c.author, c.created, c.body,
                      int(c.resolved), c.reply_to, c.resolved_by, c.resolved_at)
                     for i, c in enumerate(case.comments)],
        "events": [event_row(i, e) for i, e in enumerate(case.events)] if history else [],
        "publications": [(p.id, i, p.published_at, p.who, p.content_hash, p.article, p.case_json,
                          p.chain_head)
                         for i, p in enumerate(case.publications)],
        "corrections": [(c.id, i, c.date, c.what, c.why) for i, c in enumerate(case.corrections)],
        "acceptances": [(*a.key, i, a.who, a.why, a.at) for i, a in enumerate(case.acceptances)],
        "replies": [(r.id, i, r.name, int(r.claimant), r.date, r.channel.value, r.asked,
                     r.deadline, r.answer, r.answered) for i, r in enumerate(case.replies)],
    }
    return {name: {key(row): row for row in listed[name]} for name, key in _KEYS.items()}


def event_row(position: int, e: Event) -> Row:
    return (position, e.id, e.at, e.who, e.action, e.target_kind, e.target_id, e.field,
            e.before, e.after, e.detail, e.prev_hash, e.hash)


def event_from_row(row: Row) -> Event:
    row = clean_row("events", row)
    (_position, eid, at, who, action, target_kind, target_id, field, before, after,
     detail, prev_hash, digest) = row
    return Event(id=eid, at=at, who=who, action=action, target_kind=target_kind,
                 target_id=target_id, field=field, before=before, after=after, detail=detail,
                 prev_hash=prev_hash, hash=digest)


def _key_function(table: Table) -> Callable[[Row], Row]:
    indexes = [table.column_names.index(column) for column in table.pk]
    if len(indexes) == 1:
        (index,) = indexes
        return lambda row: (row[index],)
    return operator.itemgetter(*indexes)


#: Table name -> how to take the primary key out of a row; built once, used on every save.
_KEYS = {table.name: _key_function(table) for table in CASE_TABLES}


def _source_row(source: Source) -> Row:
    a = source.assessment
    return (
        source.id, source.number, source.title, source.author, source.outlet, source.url,
        source.archived_url, source.date_published, source.event_date, source.event_date_end,
        source.date_accessed, _v(source.kind), source.notes, source.derived_from,
        _v(a.motive), a.motive_note, _flag(a.amid_dispute), a.dispute_note,
        _v(a.corroboration_override), a.corroboration_note, _v(a.reliability),
        _v(a.credibility), source.origin,
    )


def _excerpt_row(source: Source, position: int, text: str) -> Row:
    locator = source.locator(position)
    return (source.id, position, text, _v(locator.kind), locator.value, locator.prefix,
            locator.exact, locator.suffix)


#: Reads every row of a table, in the order given (a SQL ORDER BY clause).
Fetch = Callable[[str, str], Iterable[Row]]

_ORDER = {
    "claim_appearances": "position",
    "verdict_points": "list, position",
    "questions": "position",
    "sources": "number",
    "excerpts": "source_id, position",
    "archived_copies": "source_id, position",
    "captures": "source_id, position",
    "sections": "position",
    "comments": "position",
    "events": "position",
    "publications": "position",
    "corrections": "position",
    "acceptances": "position",
    "replies": "position",
}


def _vocab(vocabulary: type[V], value: Any) -> V | None:
    return None if value is None else vocabulary(value)


#: Text columns that may hold NULL (an optional field); any other NULL text reads as "".
_NULLABLE_TEXT = {
    "verdict": {"confidence"},
    "sources": {"kind", "derived_from", "motive", "corroboration_override", "reliability",
                "credibility"},
    "excerpts": {"locator_kind"},
    "comments": {"reply_to"},
    "events": {"before", "after"},
    # NULL: no answer yet, as against an answer with no words ("").
    "replies": {"answer"},
}
_CONVERTERS: dict[str, list[Callable[[Any], Any]]] = {}
#: Per table, the patterns of column types found to need no cleaning.
_CLEAN_PATTERNS: dict[str, set[tuple[type, ...]]] = {}


def _text_or_none(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def as_text(value: Any) -> str:
    """A column's value as text, whatever SQLite stored (NULL, a BLOB, a number)."""
    return _text_or_none(value) or ""


def _whole_number_or_none(value: Any) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    raise ValueError(f"{value!r} where a whole number belongs")


def _converters(table: Table) -> list[Callable[[Any], Any]]:
    nullable = _NULLABLE_TEXT.get(table.name, set())
    return [
        _whole_number_or_none if kind is int
        else _text_or_none if column in nullable else as_text
        for column, kind in table.columns.items()
    ]


def clean_row(table: str, row: Row) -> Row:
    """``row`` of ``table`` with each value of the type its column promises."""
    # Almost every row is clean already, and its column types are one of a few patterns:
    # a pattern seen clean before is passed through without a look at each value.
    pattern = tuple(map(type, row))
    clean = _CLEAN_PATTERNS.setdefault(table, set())
    if pattern in clean:
        return row
    converters = _CONVERTERS.get(table)
    if converters is None:
        converters = _CONVERTERS[table] = _converters(TABLES_BY_NAME[table])
    try:
        cleaned = tuple(convert(value) for convert, value in zip(converters, row, strict=True))
    except ValueError as error:
        raise ValueError(f"table {table}: {error}") from None
    if cleaned == row and tuple(map(type, cleaned)) == pattern:
        clean.add(pattern)
    return cleaned


def _only(rows: list[Row], table: str) -> Row:
    if len(rows) != 1:
        raise ValueError(f"table {table} holds {len(rows)} rows, where a case has one")
    return rows[0]


def case_from_rows(fetch: Fetch) -> Case:
    """Rebuild the case from its tables; ``fetch(table, order_by)`` yields the rows."""
    def rows(name: str) -> list[Row]:
        order = _ORDER.get(name, ", ".join(TABLES_BY_NAME[name].pk))
        return [clean_row(name, row) for row in fetch(name, order)]

    case_id, title, status, scale, language, created, updated = _only(rows("cases"), "cases")
    (_, text, claimant, role, date_made, first_appearance, context, claimant_kind,
     same_as) = _only(rows("claim"), "claim")
    _, rating, conclusion, confidence, checked_on = _only(rows("verdict"), "verdict")
    points = rows("verdict_points")
    excerpts: dict[str, list[str]] = {}
    locators: dict[str, list[Locator]] = {}
    for source_id, _position, excerpt, kind, value, prefix, exact, suffix in rows("excerpts"):
        excerpts.setdefault(source_id, []).append(excerpt)
        locators.setdefault(source_id, []).append(Locator(
            kind=_vocab(LocatorKind, kind), value=value, prefix=prefix, exact=exact,
            suffix=suffix))
    copies: dict[str, list[ArchivedCopy]] = {}
    for source_id, _position, url, archive, captured in rows("archived_copies"):
        copies.setdefault(source_id, []).append(ArchivedCopy(url, archive, captured))
    captures: dict[str, list[Capture]] = {}
    for cid, source_id, _position, name, media_type, digest, size in rows("captures"):
        captures.setdefault(source_id, []).append(
            Capture(id=cid, name=name, media_type=media_type, sha256=digest, size=size or 0))
    case = Case(
        id=case_id, title=title, status=Status(status), scale=scale, language=language,
        created=created, updated=updated,
        claim=Claim(
            text=text, claimant=claimant, claimant_role=role,
            # Empty (a row written by hand or another program): the type schema.org
            # assumes a claimant has when nothing says otherwise.
            claimant_kind=ClaimantKind(claimant_kind or ClaimantKind.PERSON),
            claimant_same_as=same_as, date_made=date_made, first_appearance=first_appearance,
            appearances=[url for _position, url in rows("claim_appearances")],
            context=context,
        ),
        verdict=Verdict(
            rating=rating, conclusion=conclusion,
            established=[t for kind, _p, t in points if kind == "established"],
            unresolved=[t for kind, _p, t in points if kind == "unresolved"],
            confidence=_vocab(Confidence, confidence), checked_on=checked_on,
        ),
        questions=[Question(id=qid, text=qtext) for qid, _position, qtext in rows("questions")],
        sources=[_source_from_row(row, excerpts.get(row[0], []),
                                  trimmed_locators(locators.get(row[0], [])),
                                  copies.get(row[0], []), captures.get(row[0], []))
                 for row in rows("sources")],
        sections=[
            Section(id=sid, kind=SectionKind(kind), heading=heading, body=body)
            for sid, _position, kind, heading, body in rows("sections")
        ],
        matrix={(qid, sid): Cell(value) for qid, sid, value in rows("matrix")},
        comments=[
            Comment(id=cid, anchor_kind=AnchorKind(anchor_kind), anchor_id=anchor_id,
                    author=author, created=at, body=body, resolved=bool(resolved),
                    resolved_by=resolved_by, resolved_at=resolved_at, reply_to=reply_to)
            for (cid, _p, anchor_kind, anchor_id, author, at, body, resolved, reply_to,
                 resolved_by, resolved_at) in rows("comments")
        ],
        events=[event_from_row(row) for row in rows("events")],
        publications=[
            Publication(id=pid, published_at=at, who=who, content_hash=digest, article=article,
                        case_json=case_json, chain_head=chain_head)
            for pid, _p, at, who, digest, article, case_json, chain_head in rows("publications")
        ],
        corrections=[Correction(id=cid, date=day, what=what, why=why)
                     for cid, _p, day, what, why in rows("corrections")],
        acceptances=[
            Acceptance(code=code, target_kind=kind, target_id=target_id,
                       fingerprint=fingerprint, who=who, why=why, at=at)
            for code, kind, target_id, fingerprint, _p, who, why, at in rows("acceptances")
        ],
        replies=[
            ReplyRequest(id=rid, name=name, claimant=bool(claimant), date=day,
                         channel=ReplyChannel(channel), asked=asked, deadline=deadline,
                         answer=answer, answered=answered)
            for (rid, _p, name, claimant, day, channel, asked, deadline, answer,
                 answered) in rows("replies")
        ],
    )
    case.history_head = _history_head(rows("history_head"), len(case.events))
    _let_go_of_dangling_links(case)
    return case


def _history_head(rows: list[Row], read: int) -> HistoryHead:
    """The recorded chain head, with the ``read`` events; marked not recorded when its row
    is gone."""
    for _id, digest, events in rows:
        return HistoryHead(hash=digest, events=events or 0, read=read)
    return HistoryHead(recorded=False, read=read)


def _let_go_of_dangling_links(case: Case) -> None:
    """Drop what points at nothing, so a case edited by hand opens, checks and saves."""
    source_ids = {source.id for source in case.sources}
    question_ids = {question.id for question in case.questions}
    case.matrix = {key: cell for key, cell in case.matrix.items()
                   if key[0] in question_ids and key[1] in source_ids}
    for source in case.sources:
        if source.derived_from not in source_ids or source.derived_from == source.id:
            source.derived_from = None
    comment_ids = {comment.id for comment in case.comments}
    for comment in case.comments:
        if comment.reply_to not in comment_ids:
            comment.reply_to = None


def _source_from_row(row: Row, excerpts: list[str], locators: list[Locator],
                     copies: list[ArchivedCopy], captures: list[Capture]) -> Source:
    (sid, number, title, author, outlet, url, archived_url, date_published, event_date,
     event_date_end, date_accessed, kind, notes, derived_from, motive, motive_note,
     amid_dispute, dispute_note, corroboration_override, corroboration_note, reliability,
     credibility, origin) = row
    return Source(
        id=sid, number=number, title=title, author=author, outlet=outlet, url=url,
        archived_url=archived_url, date_published=date_published, event_date=event_date,
        event_date_end=event_date_end, date_accessed=date_accessed,
        kind=_vocab(SourceKind, kind), excerpts=excerpts, notes=notes,
        derived_from=derived_from, locators=locators, origin=origin,
        archived_copies=copies, captures=captures,
        assessment=Assessment(
            motive=_vocab(Motive, motive), motive_note=motive_note,
            amid_dispute=None if amid_dispute is None else bool(amid_dispute),
            dispute_note=dispute_note,
            corroboration_override=_vocab(Corroboration, corroboration_override),
            corroboration_note=corroboration_note,
            reliability=_vocab(Reliability, reliability),
            credibility=_vocab(Credibility, credibility),
        ),
    )
