"""Claim matching: the prior checks in the library most like a claim being entered.

Scoring every claim of a large library with a fuzzy scorer is too slow (about 0.9 s at
100,000 claims), so matching works in two passes. The library index's full-text search
finds the few hundred cases sharing the most telling (rarest) words with the query: an
OR of them, so a typo or a dropped word only loses that one word. A fuzzy score over the
normalised text then puts those in order.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from thefuzz import fuzz

from workbench.casefile.library import Candidate, Library, LibraryEntry
from workbench.text import normalise_text

#: How many full-text hits get a fuzzy score: enough that the right claim is among them
#: when the query is mangled, few enough to stay inside the 50 ms budget at 100,000 claims.
CANDIDATES = 300


@dataclass(frozen=True)
class Match(LibraryEntry):
    """A case in the library whose claim resembles the query, with how much (0 to 100)."""

    score: int


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
                 refresh: bool = True, exclude: str | Path | None = None) -> list[Match]:
    """The ``limit`` cases of ``library`` whose claims are most like ``text``, best first.

    ``refresh`` first brings the index in step with the case files (pass False when the
    caller just did). ``exclude`` names a case file to leave out: the case whose claim is
    being typed would otherwise find itself.
    """
    excluded = None if exclude is None else str(exclude)
    query = normalise_text(text)
    if not query or limit <= 0:
        return []
    if refresh:
        library.refresh()
    candidates = [
        candidate
        for candidate in library.claim_candidates(query.split(), limit=CANDIDATES)
        if candidate.entry.path != excluded
    ]
    # Ties keep the full-text order, which favours rarer shared words.
    ranked = sorted(
        ((_score(query, candidate), candidate) for candidate in candidates),
        key=lambda pair: -pair[0],
    )
    return [
        Match(**asdict(candidate.entry), score=round(score)) for score, candidate in ranked[:limit]
    ]
