"""What changed between two saves, in words a reviewer can read: the case's history.

``CaseFile.save`` already knows which rows changed (it writes only those); this turns the
same difference into ``Event``s, so every edit is recorded however it was made (the TUI,
a script, the engine) and recording costs nothing for the rows that did not change.

Content is recorded here: a changed value becomes an ``edit`` with ``before`` and
``after``; an item added, removed or moved in a list becomes ``add``, ``remove`` or
``move``; a short list of texts (appearances, excerpts, verdict points) is one value,
written one item a line. The review workflow (status moves with their notes, comments,
publications, corrections) is recorded by ``workbench.review`` when it happens, with
words this difference cannot know; a status changed without it is still recorded here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from typing import Any

from workbench.casefile.rows import Row, Rows
from workbench.casefile.schema import TABLES_BY_NAME
from workbench.model import Event, Locator, LocatorKind, SectionKind, excerpt_text
from workbench.sections import addresses_in_order

#: Table -> rows deleted (by key) and rows written, for the tables that changed.
Changes = dict[str, tuple[list[Row], list[Row]]]

#: Tables with one row per item (or one row in all), recorded column by column.
_ITEMS = {
    "cases": "case",
    "claim": "claim",
    "verdict": "verdict",
    "questions": "question",
    "sources": "source",
    "sections": "section",
    "replies": "reply",
}
#: Columns that are bookkeeping, not content. Positions are recorded as moves instead.
_NOT_RECORDED = frozenset({"id", "case_id", "created", "updated", "position"})
#: Columns whose text names an item in an ``add`` or ``remove``.
_NAMED_BY = {"questions": "text", "sections": "heading", "sources": "title",
             "replies": "name"}


def value_text(value: Any) -> str | None:
    """A stored value as an event holds it: text, or None for "not set"."""
    return None if value is None else str(value)


def derive_events(before: Rows, after: Rows, changes: Changes) -> list[Event]:
    """The content events for one save, in a stable order, without ``at`` and ``who``."""
    events: list[Event] = []
    removed = {kind: _removed_keys(changes, table) for table, kind in _ITEMS.items()}
    added = {kind: _added_keys(before, changes, table) for table, kind in _ITEMS.items()}
    for table in ("cases", "claim", "verdict", "questions", "sources", "sections", "replies"):
        if table in changes:
            events += _item_events(table, before[table], changes[table])
        if table == "claim" and "claim_appearances" in changes:
            events.append(_list_event("claim", "", "appearances",
                                      _texts(before["claim_appearances"].values(), 1),
                                      _texts(after["claim_appearances"].values(), 1)))
        if table == "verdict" and "verdict_points" in changes:
            for name in ("established", "unresolved"):
                old = _texts((r for r in before["verdict_points"].values() if r[0] == name), 2)
                new = _texts((r for r in after["verdict_points"].values() if r[0] == name), 2)
                if old != new:
                    events.append(_list_event("verdict", "", name, old, new))
        if table in ("questions", "sections") and table in changes:
            events += _moves(table, before[table], after[table])
    if "excerpts" in changes:
        events += _excerpt_events(before, after, changes, added["source"] | removed["source"])
    for table in ("archived_copies", "captures"):
        if table in changes:
            events += _kept_events(table, before, after, changes,
                                   added["source"] | removed["source"])
    if "matrix" in changes:
        events += _matrix_events(before, changes, added, removed)
    return events


def _removed_keys(changes: Changes, table: str) -> set[str]:
    return {key[0] for key in changes.get(table, ((), ()))[0]}


def _added_keys(before: Rows, changes: Changes, table: str) -> set[str]:
    old = before.get(table, {})
    return {row[0] for row in changes.get(table, ((), ()))[1] if (row[0],) not in old}


def _item_events(table: str, old_rows: dict[Row, Row], change: tuple[list[Row], list[Row]]
                 ) -> Iterator[Event]:
    kind = _ITEMS[table]
    columns = TABLES_BY_NAME[table].column_names
    named = columns.index(_NAMED_BY[table]) if table in _NAMED_BY else None
    # "claim" and "verdict" are one row each, named by the case's id; events leave it out.
    own_id = table not in ("claim", "verdict")
    gone, fresh = change
    for key in gone:
        old = old_rows[key]
        yield Event(at="", action="remove", target_kind=kind, target_id=key[0],
                    before=None if named is None else value_text(old[named]),
                    detail=_label(table, old, columns))
    for row in fresh:
        old = old_rows.get((row[0],))
        target_id = row[0] if own_id else ""
        if old is None:
            yield Event(at="", action="add", target_kind=kind, target_id=target_id,
                        after=None if named is None else value_text(row[named]),
                        detail=_label(table, row, columns))
            continue
        for index, column in enumerate(columns):
            if column in _NOT_RECORDED or old[index] == row[index]:
                continue
            action = "status" if (table, column) == ("cases", "status") else "edit"
            yield Event(at="", action=action, target_kind=kind, target_id=target_id,
                        field=column, before=value_text(old[index]),
                        after=value_text(row[index]))


def _label(table: str, row: Row, columns: tuple[str, ...]) -> str:
    if table == "sources":
        return f"[{row[columns.index('number')]}] {row[columns.index('title')]}".rstrip()
    if table in _NAMED_BY:
        return str(row[columns.index(_NAMED_BY[table])] or "")
    return ""


def _moves(table: str, old_rows: dict[Row, Row], new_rows: dict[Row, Row]) -> Iterator[Event]:
    """One ``move`` per item that changed place among the items both saves hold.

    Inserting or deleting an item shifts every position after it; that is no move. Items
    outside the longest common ordering are the ones that moved.
    """
    old_places = _places(table, old_rows)
    new_places = _places(table, new_rows)
    common = old_places.keys() & new_places.keys()
    old_common = [item for item in old_places if item in common]
    new_common = [item for item in new_places if item in common]
    if old_common == new_common:
        return
    matcher = difflib.SequenceMatcher(a=old_common, b=new_common, autojunk=False)
    stayed = {new_common[block.b + k] for block in matcher.get_matching_blocks()
              for k in range(block.size)}
    for item in new_common:
        if item not in stayed:
            before, after = old_places[item], new_places[item]
            if before == after:
                # A body section that only swapped with the summary or the bottom line
                # keeps its number: its place among all sections says what moved.
                before = f"position {list(old_places).index(item) + 1}"
                after = f"position {list(new_places).index(item) + 1}"
            yield Event(at="", action="move", target_kind=_ITEMS[table], target_id=item,
                        field="position", before=before, after=after)


def _places(table: str, rows: dict[Row, Row]) -> dict[str, str]:
    """Item id -> its place as a person names it, in reading order.

    Questions count 1, 2, 3. Sections count as ``section:N`` does, body sections only, so
    a history line and a command agree on "section 2"; the summary and the bottom line,
    which the article does not number, say their place among all sections instead.
    """
    ordered = sorted(rows.values(), key=lambda row: row[1])
    if table != "sections":
        return {str(row[0]): str(place) for place, row in enumerate(ordered, 1)}
    kind = TABLES_BY_NAME[table].column_names.index("kind")
    kinds = [(str(row[0]), SectionKind(row[kind])) for row in ordered]
    addresses = addresses_in_order(kinds)
    return {section_id: addresses[section_id] if section_kind is SectionKind.BODY
            else f"position {place}"
            for place, (section_id, section_kind) in enumerate(kinds, 1)}


def _texts(rows: Iterable[Row], column: int) -> str | None:
    """A list of texts as one value, one a line, in stored order; None when empty."""
    ordered = sorted(rows, key=lambda row: row[column - 1])
    return "\n".join(str(row[column]) for row in ordered) if ordered else None


def _list_event(kind: str, target_id: str, name: str, old: str | None, new: str | None
                ) -> Event:
    return Event(at="", action="edit", target_kind=kind, target_id=target_id, field=name,
                 before=old, after=new)


def _excerpt_events(before: Rows, after: Rows, changes: Changes, skip: set[str]
                    ) -> Iterator[Event]:
    gone, fresh = changes["excerpts"]
    touched = {key[0] for key in gone} | {row[0] for row in fresh}
    for source_id in sorted(touched - skip):
        old = _excerpts(r for r in before["excerpts"].values() if r[0] == source_id)
        new = _excerpts(r for r in after["excerpts"].values() if r[0] == source_id)
        if old != new:
            yield _list_event("source", source_id, "excerpts", old, new)


def _excerpts(rows: Iterable[Row]) -> str | None:
    """A source's excerpts as one value, one a line, each as the source form shows it:
    with its locator ("[p. 12] ...") and selector lines. None when empty."""
    ordered = sorted(rows, key=lambda row: row[1])
    if not ordered:
        return None
    texts = [excerpt_text(str(row[2]), Locator(
        kind=None if row[3] is None else LocatorKind(row[3]), value=row[4] or "",
        prefix=row[5] or "", exact=row[6] or "", suffix=row[7] or "")) for row in ordered]
    return "\n".join(texts)


def _kept_events(table: str, before: Rows, after: Rows, changes: Changes, skip: set[str]
                 ) -> Iterator[Event]:
    """A source's archived copies, or its captures, as one value each, one a line: an
    ``edit`` of the source's ``archived_copies`` or ``captures``."""
    source_column = TABLES_BY_NAME[table].column_names.index("source_id")
    gone, fresh = changes[table]
    old_rows = before.get(table, {})
    touched = {old_rows[key][source_column] for key in gone if key in old_rows}
    touched |= {row[source_column] for row in fresh}
    for source_id in sorted(touched - skip):
        old = _kept(table, (r for r in old_rows.values() if r[source_column] == source_id))
        new = _kept(table, (r for r in after[table].values() if r[source_column] == source_id))
        if old != new:
            yield _list_event("source", source_id, table, old, new)


def _kept(table: str, rows: Iterable[Row]) -> str | None:
    """An archived copy as "URL (archive, captured)"; a capture as "name (media type,
    size bytes, sha256 ...)"; one a line, in order; None when there are none."""
    if table == "archived_copies":
        lines = [(row[1], f"{row[2]} ({', '.join(p for p in (row[3], row[4]) if p)})"
                  .removesuffix(" ()")) for row in rows]
    else:
        lines = [(row[2], f"{row[3]} ({row[4]}, {row[6]} bytes, sha256 {row[5]})")
                 for row in rows]
    return "\n".join(text for _, text in sorted(lines)) if lines else None


def _matrix_events(before: Rows, changes: Changes, added: dict[str, set[str]],
                   removed: dict[str, set[str]]) -> Iterator[Event]:
    """A cell is recorded on its source's row, with the question as the field.

    Cells that come or go with their source or question are part of that add or remove.
    """
    skip_questions = added["question"] | removed["question"]
    skip_sources = added["source"] | removed["source"]
    gone, fresh = changes["matrix"]
    old = before["matrix"]
    cells = [(key, old[key][2], None) for key in gone]
    cells += [((row[0], row[1]), old[(row[0], row[1])][2] if (row[0], row[1]) in old else None,
               row[2]) for row in fresh]
    for (question_id, source_id), was, now in cells:
        if question_id in skip_questions or source_id in skip_sources:
            continue
        yield Event(at="", action="edit", target_kind="matrix", target_id=source_id,
                    field=question_id, before=was, after=now)
