"""Readiness checks on the questions and the evidence matrix behind the verdict.

A question no source speaks to, one that rests on a single source, and several sources
that only repeat one origin (or carry one speaker's account): each leaves the verdict
weaker than it looks.
"""

from __future__ import annotations

from collections.abc import Iterator

from workbench.analysis.checked_case import CheckedCase
from workbench.analysis.corroboration import one_origin_words, possessive, shared_origin
from workbench.analysis.findings import Finding, Location, capital, finding, sources_named
from workbench.model import Corroboration, origin_key


def questions(checked: CheckedCase) -> Iterator[Finding]:
    """Each question with the sources that support or contradict it."""
    for balance in checked.balances:
        where = checked.question_at[balance.question.id]
        if not balance.positions:
            yield finding(
                "question-without-evidence", where,
                f"{capital(where.label)} has no source that supports or contradicts it",
                f"Mark in the evidence matrix which sources support or contradict "
                f"{where.label}, or drop the question",
            )
            continue
        if len(balance.positions) == 1:
            source = checked.by_id[balance.positions[0]]
            if source.assessment.corroboration_override is not Corroboration.CORROBORATED:
                name = f"source [{source.number}]"
                yield finding(
                    "single-source-question", where,
                    f"{capital(where.label)} rests on {name} alone",
                    f"Find an independent source on it, or set the corroboration of "
                    f"{name} by hand with a note if it is confirmed elsewhere",
                )
        for side, ids, origins in (
            ("support", balance.supporting, balance.supporting_origins),
            ("contradict", balance.contradicting, balance.contradicting_origins),
        ):
            if len(ids) >= 2 and len(origins) == 1:
                yield _circular(checked, where, side, ids, next(iter(origins)))


def _circular(
    checked: CheckedCase, where: Location, side: str, ids: tuple[str, ...], root_id: str
) -> Finding:
    """Two or more sources on one side that all repeat one origin are one voice: one
    account named alike (their ``origin``), or copies of one source."""
    root = f"source [{checked.by_id[root_id].number}]"
    sources = [checked.by_id[source_id] for source_id in ids]
    name = shared_origin([source for source in sources if origin_key(source.origin)])
    if name:
        weight = "support" if side == "support" else "contradiction"
        return finding(
            "circular-reporting", where,
            f"{capital(where.label)}: {one_origin_words(sources, name)}, so their {weight} "
            "counts once",
            f"Find a source independent of {name}, or count {where.label} as resting on "
            f"{possessive(name)} account alone",
        )
    return finding(
        "circular-reporting", where,
        f"{capital(where.label)}: {sources_named(sources)} {side} it, but all derive from "
        f"{root}, so they are one voice",
        f"Find a source independent of {root}, or count {where.label} as resting on "
        f"{root} alone",
    )
