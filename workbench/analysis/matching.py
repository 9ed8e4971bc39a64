"""Claim matching: the prior checks in the library most like a claim being entered.

Scoring every claim of a large library with a fuzzy scorer is too slow (about 0.9 s at
100,000 claims), so matching works in two passes. The library index's full-text search
finds the few hundred cases sharing the most telling (rarest) words with the query: an
OR of them, so a typo or a dropped word only loses that one word. A fuzzy score over the
normalised text then puts those in order.

The library filter and the new-case dialog's similar claims are one matcher
(``find_cases``), so the same words give the same cases in the same order: the dialog
lists the top of what the library shows. A query of a word or two is looked for as a
fragment of each case's title and claim; a longer one reads as a claim retyped, and the
cases whose claim reads like it come first.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from rapidfuzz import fuzz as rapid_fuzz
from rapidfuzz import process
from rapidfuzz.utils import default_process
from thefuzz import fuzz

from workbench.casefile.errors import CaseFileError
from workbench.casefile.library import CASE, Candidate, Library, LibraryEntry
from workbench.text import normalise_text

#: How many full-text hits get a fuzzy score: enough that the right claim is among them
#: when the query is mangled, few enough to stay inside the 50 ms budget at 100,000 claims.
CANDIDATES = 300
#: A query of this many words or more reads as a claim someone retyped; fewer words are a
#: name or a topic, looked for where they occur.
CLAIM_WORDS = 3
#: Claims scoring below this (0-100) do not read like the query: not worth putting first.
CLAIM_CUTOFF = 60
#: At most this many claim matches lead the cases found.
CLAIM_LIMIT = 50
#: A case whose title and claim hold the query (typos forgiven) scores at least this.
FRAGMENT_CUTOFF = 75
#: Similar claims wait for this many characters: a letter or two is in nearly every case.
SIMILAR_MIN_CHARACTERS = 3


@dataclass(frozen=True, kw_only=True)
class Match(LibraryEntry):
    """A claim in the library resembling the query, with how much (0 to 100): a case
    (``kind`` "case", its file in ``path``) or a corpus row (``kind`` "reference", a prior
    fact-check by ``publisher`` at ``url``, or "queued", a backlog claim; ``id`` is the
    row's, and ``updated`` holds its date)."""

    score: int
    kind: str = CASE
    publisher: str = ""
    url: str = ""
    id: int = 0

    @property
    def is_case(self) -> bool:
        return self.kind == CASE


def similarity(query: str, text: str) -> float:
    """How alike two normalised texts are, 0 to 100.

    The mean of three scorers, each forgiving one way people retype a claim: words in
    another order (token_sort_ratio), words left out or added (token_set_ratio), and a
    fragment or a typo (WRatio). Each alone finds fewer of the claims meant than the
    mean does (measured with mangled real claims, as in benchmarks/bench_match.py).
    """
    return (
        fuzz.token_sort_ratio(query, text, full_process=False)
        + fuzz.token_set_ratio(query, text, full_process=False)
        + fuzz.WRatio(query, text, full_process=False)
    ) / 3


def _score(query: str, candidate: Candidate) -> float:
    """A case's claim decides, or its title when that is closer (a title may be a question
    or a shorthand the writer remembers)."""
    score = similarity(query, candidate.claim_words)
    if candidate.title_words and candidate.title_words != candidate.claim_words:
        score = max(score, similarity(query, candidate.title_words))
    return score


def match_claims(library: Library, text: str, limit: int = 5, *,
                 refresh: bool = True, exclude: str | Path | None = None,
                 kinds: Collection[str] | None = None) -> list[Match]:
    """The ``limit`` claims of ``library`` most like ``text``, best first: its cases and
    its corpus (prior fact-checks and queued claims) together, each saying which it is.

    ``refresh`` first brings the index in step with the case files (pass False when the
    caller just did). ``exclude`` names a case file to leave out: the case whose claim is
    being typed would otherwise find itself. ``kinds`` keeps only rows of those kinds
    ("case", "reference", "queued"), out of the full-text pass's few hundred.
    """
    excluded = None if exclude is None else str(exclude)
    query = normalise_text(text)
    if not query or limit <= 0:
        return []
    if refresh:
        library.refresh()
    candidates = [
        candidate
        for candidate in library.claim_candidates(query.split(), limit=CANDIDATES,
                                                  cases_only=set(kinds or ()) == {CASE})
        if (excluded is None or candidate.entry.path != excluded)
        and (kinds is None or candidate.kind in kinds)
    ]
    # Ties keep the full-text order, which favours rarer shared words.
    ranked = sorted(
        ((_score(query, candidate), candidate) for candidate in candidates),
        key=lambda pair: -pair[0],
    )
    return [
        Match(**asdict(candidate.entry), score=round(score), kind=candidate.kind,
              publisher=candidate.publisher, url=candidate.url, id=candidate.id)
        for score, candidate in ranked[:limit]
    ]


def reads_as_claim(query: str) -> bool:
    """Whether ``query`` reads as a claim someone retyped rather than a word or two."""
    return len(normalise_text(query).split()) >= CLAIM_WORDS


def fragment_text(entry: LibraryEntry) -> str:
    """What a query is looked for in: a case's title and claim, folded once per load."""
    return default_process(f"{entry.title} {entry.claim}")


@dataclass(frozen=True)
class Found:
    """One case found: its index among the cases searched, and how well it matched (0-100)."""

    index: int
    score: int


def fragment_hits(texts: Sequence[str], query: str) -> list[Found]:
    """The cases (by ``fragment_text``) holding ``query``, best first, ties in their order.

    Partial ratio scores the best-matching stretch of title and claim, so a few words of
    a claim with a typo still find it; rapidfuzz's own loop keeps it about 3 ms at 2,000
    cases (``bench_match.py --filter-only``), quick enough to run between two keystrokes.
    """
    wanted = default_process(query)
    if not wanted:
        return []
    found = process.extract(wanted, texts, scorer=rapid_fuzz.partial_ratio, processor=None,
                            limit=None, score_cutoff=FRAGMENT_CUTOFF)
    ranked = sorted(found, key=lambda hit: (-hit[1], hit[2]))
    return [Found(index, round(score)) for _, score, index in ranked]


def find_cases(query: str, entries: Sequence[LibraryEntry], texts: Sequence[str],
               library: Library | None) -> list[Found]:
    """The cases of ``entries`` matching ``query``, best first: the one matcher behind
    the library filter and the new-case dialog's similar claims.

    ``texts`` are the entries' ``fragment_text``. A query that reads as a claim first
    takes the cases whose claim reads like it (``match_claims`` on ``library``'s index,
    scoring ``CLAIM_CUTOFF`` or more), then, as every query does, the cases holding it.
    Without ``library``, or when its index cannot be read (being rebuilt), only the
    second part answers. Reading the index, this belongs on a worker thread.
    """
    leading: list[Found] = []
    if library is not None and reads_as_claim(query):
        position = {entry.path: index for index, entry in enumerate(entries)}
        try:
            matches = match_claims(library, query, CLAIM_LIMIT, refresh=False, kinds=(CASE,))
        except (CaseFileError, sqlite3.Error, OSError):
            matches = []
        leading = [Found(position[match.path], match.score) for match in matches
                   if match.score >= CLAIM_CUTOFF and match.path in position]
    chosen = {found.index for found in leading}
    return leading + [found for found in fragment_hits(texts, query) if found.index not in chosen]


class LibraryCases:
    """A library's cases, most recently updated first, with their texts prepared once:
    a dialog that matches on every pause in typing reads the index only the first time."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.entries = library.entries()
        self.texts = [fragment_text(entry) for entry in self.entries]


def similar_cases(cases: LibraryCases, text: str, limit: int) -> list[Match]:
    """The ``limit`` cases most like ``text``: the top of what the library filter shows
    for the same words. Under ``SIMILAR_MIN_CHARACTERS`` typed, nothing yet."""
    if len(default_process(text)) < SIMILAR_MIN_CHARACTERS or limit <= 0:
        return []
    found = find_cases(text, cases.entries, cases.texts, cases.library)[:limit]
    return [Match(**asdict(cases.entries[hit.index]), score=hit.score) for hit in found]
