"""Publications: sealed snapshots of what went out, corrections after it, and their diff.

Publishing freezes the Markdown article and the whole case as they are, sealed by a
content hash, so an edit made to the file behind the Workbench's back shows as a
snapshot that no longer matches. After that a case changes only with a correction (what
changed and why), and publishing again freezes a new snapshot; ``diff_publications``
shows what changed between two of them, or, while a correction awaits publication,
between the last one and the article as it stands.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
from datetime import UTC, datetime

from workbench.config import Config
from workbench.formats.case_json import case_to_json
from workbench.formats.export import render
from workbench.model import (
    Case,
    Correction,
    Publication,
    Status,
    is_partial_date,
    new_id,
    snapshot_hash,
)
from workbench.review.history import record, require_name
from workbench.review.wording import ReviewError, counted, shorten


def was_published(case: Case) -> bool:
    """Whether the case went out at least once, even if it is being corrected now."""
    return bool(case.publications) or case.status in (Status.PUBLISHED, Status.CORRECTED)


def seal_publication(case: Case, who: str, at: str, config: Config | None) -> Publication:
    """Freeze the article and the case as they are now, sealed by a content hash.

    Only ``move_status`` calls this, once the move to published is allowed.
    """
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
                   detail=shorten(what, 200))
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


def altered_message(number: int) -> str:
    """Why snapshot ``number`` cannot be trusted, as every refusal over it says it."""
    return (f"publication {number} was altered after it was published (its content hash "
            "does not match)")


def check_publications(case: Case) -> None:
    """Raise ReviewError when any published snapshot was altered (a hash mismatch)."""
    altered = altered_publications(case)
    if altered:
        raise ReviewError(altered_message(altered[0]))


def publication(case: Case, number: int) -> Publication:
    """Publication ``number`` (from 1)."""
    if not 1 <= number <= len(case.publications):
        have = counted(len(case.publications), "publication")
        raise ReviewError(f"there is no publication {number}; the case has {have}")
    return case.publications[number - 1]


def diff_publications(case: Case, from_number: int | None = None,
                      to_number: int | None = None, config: Config | None = None) -> str:
    """A unified diff of the published articles; "" if they are the same.

    By default the last two; but while a correction awaits publication (``to_number``
    None), publication ``from_number`` (by default the last) against the article as it
    stands, rendered with ``config``: what the correction changes, before a reviewer
    signs it off.
    """
    count = len(case.publications)
    correcting = to_number is None and count > 0 and bool(pending_corrections(case))
    if from_number is None and to_number is None and count < 2 and not correcting:
        raise ReviewError(
            f"the case has {counted(count, 'publication')}; a diff needs two (publish again "
            "after a correction)"
        )
    if correcting:
        from_number = count if from_number is None else from_number
    else:
        to_number = count if to_number is None else to_number
        from_number = to_number - 1 if from_number is None else from_number
    old = publication(case, from_number)
    checked = [(from_number, old)]
    if to_number is None:
        new_article = render(case, "md", config=config or Config())
        new_label = f"as it stands ({case.status.label}, not yet published)"
    else:
        new = publication(case, to_number)
        checked.append((to_number, new))
        new_article = new.article
        new_label = f"publication {to_number} ({new.published_at}, {new.who})"
    for number, snapshot in checked:
        if not snapshot.intact:
            raise ReviewError(altered_message(number))
    lines = difflib.unified_diff(
        old.article.splitlines(), new_article.splitlines(),
        fromfile=f"publication {from_number} ({old.published_at}, {old.who})",
        tofile=new_label,
        lineterm="",
    )
    text = "\n".join(lines)
    return text + "\n" if text else ""
