"""Corroboration of each source, derived from the evidence matrix.

A source that takes a position on a question (supports or contradicts) is weighed per
question against the other sources, counted by independent origin: it is *corroborated*
there when at least one agrees and the agreeing origins are no fewer than the disagreeing
ones, and *contradicted* when the disagreeing ones outnumber them. Across questions,
contradiction is reported first, because it is what a fact-checker must resolve. A source
that takes no position anywhere is *unverifiable*; one nobody else speaks to is
*uncorroborated*.
Sources are independent unless one is derived from the other or both from a common origin
(circular reporting is no corroboration), or both carry the account of one speaker or
organisation, their named ``origin`` ("Vladimir Putin": two of his interviews are one
voice). An assessment's override wins over all of this.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.model import Case, Cell, Corroboration, Source, origin_key

_OPPOSITE = {Cell.SUPPORTS: Cell.CONTRADICTS, Cell.CONTRADICTS: Cell.SUPPORTS}


def origins(case: Case) -> dict[str, str]:
    """Each source's origin, as the id of a source standing for it.

    First the source it ultimately repeats (``derived_from``), else itself; then sources
    that name one origin ("Vladimir Putin", however spelt in case and spacing) stand
    together under the first of them in citation order. A source naming none carries the
    account of the source it repeats.
    """
    roots = _roots(case)
    names = {source.id: origin_key(source.origin) for source in case.sources}
    by_name: dict[str, str] = {}
    found = {}
    for source in case.sources:
        root = roots.get(source.id, source.id)
        key = names[source.id] or names.get(root, "")
        found[source.id] = by_name.setdefault(key, root) if key else root
    return found


def shared_origin(sources: Sequence[Source]) -> str:
    """The origin ``sources`` all name, as the first of them spells it (spaces tidied);
    "" when they do not all name one (they may still be one voice by repetition)."""
    keys = {origin_key(source.origin) for source in sources}
    if len(keys) != 1 or "" in keys:
        return ""
    return " ".join(sources[0].origin.split())


def _roots(case: Case) -> dict[str, str]:
    """Each source's root: the id of the source it ultimately repeats (else its own)."""
    derived = {source.id: source.derived_from for source in case.sources}
    found: dict[str, str] = {}
    for source_id in derived:
        # A dict, not a list: a chain of thousands must not be rescanned at every step.
        seen = {source_id: None}
        current = source_id
        while (parent := derived.get(current)) is not None and parent in derived:
            if parent in seen or parent in found:
                current = found.get(parent, current)
                break
            seen[parent] = None
            current = parent
        for member in seen:
            found.setdefault(member, current)
    return found


def origin(case: Case, source: Source) -> str:
    """The id of the source this one ultimately repeats (itself if it repeats nothing)."""
    return origins(case).get(source.id, source.id)


def computed_corroborations(case: Case) -> dict[str, Corroboration]:
    """Corroboration of every source from the matrix alone, in one pass over it.

    The source list shows a badge per source; computing them one by one would rescan the
    matrix for each source, which is quadratic and slow at hundreds of sources.
    """
    source_origin = origins(case)
    by_question: dict[str, list[tuple[str, Cell]]] = {}
    for (question_id, source_id), cell in case.matrix.items():
        if cell in _OPPOSITE:
            by_question.setdefault(question_id, []).append((source_id, cell))
    outcomes: dict[str, set[Corroboration]] = {}
    for positions in by_question.values():
        origins_by_cell: dict[Cell, set[str]] = {Cell.SUPPORTS: set(), Cell.CONTRADICTS: set()}
        for source_id, cell in positions:
            origins_by_cell[cell].add(source_origin.get(source_id, source_id))
        for source_id, cell in positions:
            own = source_origin.get(source_id, source_id)
            # Counted, not copied: a copy of each side's origins per source is quadratic.
            agree = _others(origins_by_cell[cell], own)
            disagree = _others(origins_by_cell[_OPPOSITE[cell]], own)
            verdicts = outcomes.setdefault(source_id, set())
            if agree and agree >= disagree:
                verdicts.add(Corroboration.CORROBORATED)
            elif disagree:
                verdicts.add(Corroboration.CONTRADICTED)
    result = {}
    for source in case.sources:
        verdicts = outcomes.get(source.id)
        if verdicts is None:
            result[source.id] = Corroboration.UNVERIFIABLE
        elif Corroboration.CONTRADICTED in verdicts:
            result[source.id] = Corroboration.CONTRADICTED
        elif Corroboration.CORROBORATED in verdicts:
            result[source.id] = Corroboration.CORROBORATED
        else:
            result[source.id] = Corroboration.UNCORROBORATED
    return result


def _others(origins: set[str], own: str) -> int:
    """How many of ``origins`` are not the source's own."""
    return len(origins) - (own in origins)


def corroborations(case: Case) -> dict[str, Corroboration]:
    """What the case says of every source: overrides where set, else computed values."""
    computed = computed_corroborations(case)
    return {
        source.id: source.assessment.corroboration_override or computed[source.id]
        for source in case.sources
    }


def computed_corroboration(case: Case, source: Source) -> Corroboration:
    """Corroboration of one source from the matrix alone, ignoring any override."""
    return computed_corroborations(case).get(source.id, Corroboration.UNVERIFIABLE)


def corroboration(case: Case, source: Source) -> Corroboration:
    """What the case says of the source: the override if set, else the computed value."""
    override = source.assessment.corroboration_override
    return override if override is not None else computed_corroboration(case, source)


def possessive(name: str) -> str:
    """"Vladimir Putin's", "Reuters'"."""
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"


def one_origin_words(sources: Sequence[Source], name: str) -> str:
    """Sources that carry one named account, in words: "[2] and [3] are both Vladimir
    Putin's own account: one origin"."""
    numbers = [f"[{source.number}]" for source in sources]
    if len(numbers) == 1:
        return f"{numbers[0]} is {possessive(name)} own account"
    listed = f"{', '.join(numbers[:-1])} and {numbers[-1]}"
    together = "both" if len(numbers) == 2 else "all"
    return f"{listed} are {together} {possessive(name)} own account: one origin"


def one_origin_groups(case: Case) -> list[tuple[str, list[Source]]]:
    """Each origin named by two sources or more, as first spelt, with those sources in
    citation order: what the article and the checks tell the reader counts once."""
    groups: dict[str, list[Source]] = {}
    for source in case.sources:
        if key := origin_key(source.origin):
            groups.setdefault(key, []).append(source)
    return [(" ".join(members[0].origin.split()), members)
            for members in groups.values() if len(members) > 1]
