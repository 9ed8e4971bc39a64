"""The citation picker's ranking: a few typed letters to the source a writer means to cite.

A writer remembers a source by a word or two of its title, its outlet, its author or its
number, and types only the start of them, sometimes with a typo. So each typed word is
matched against the source's words on their own: fully when a word begins with it, else
by edit similarity (thefuzz's ratio); a source scores the mean over the typed words of
its best match. "reuters bridge" then finds the Reuters piece about the bridge, and not
every source that merely mentions a bridge (whole-string scorers such as WRatio give
those a high score for the one shared word).
"""

from __future__ import annotations

import re

from thefuzz import fuzz

from workbench.model import Case, Source
from workbench.text import normalise_text

#: Below this score a source is noise: two unrelated words often score 50 to 65, one typo
#: in a five-letter word 80.
CUTOFF = 70
#: The score of a source whose number begins with the typed digits.
NUMBER_PREFIX_SCORE = 90

_NUMBER = re.compile(r"^\[?\s*(\d+)\s*\]?$")


def rank_sources(case: Case, query: str, limit: int = 20) -> list[tuple[Source, int]]:
    """The sources of ``case`` best matching ``query``, with scores (0 to 100), best first.

    An empty query lists every source in citation order, so the picker can be browsed.
    A number (``3`` or ``[3]``) puts that source first, then the sources whose numbers
    begin with it, then sources whose text holds it. Equal scores keep citation order.
    """
    by_number = sorted(case.sources, key=lambda source: source.number)
    if not query.strip():
        return [(source, 100) for source in by_number]
    wanted = normalise_text(query).split()
    words_of = {
        source.id: set(normalise_text(f"{source.title} {source.outlet} {source.author}").split())
        for source in by_number
    }
    vocabulary = set().union(*words_of.values())
    closeness = [_closeness(typed, vocabulary) for typed in wanted]
    number = _NUMBER.match(query.strip())
    digits = number.group(1) if number else None
    ranked: list[tuple[int, int, Source]] = []
    for source in by_number:
        words = words_of[source.id]
        if digits and source.number == int(digits):
            tier, score = 0, 100  # a writer who knows the number wants exactly that one
        elif digits and str(source.number).startswith(digits):
            tier, score = 1, NUMBER_PREFIX_SCORE  # "1" on the way to "12"
        elif closeness and words:
            tier = 2
            score = round(sum(max(close[word] for word in words) for close in closeness)
                          / len(closeness))
        else:
            continue
        if score >= CUTOFF:
            ranked.append((tier, score, source))
    ranked.sort(key=lambda item: (item[0], -item[1]))
    return [(source, score) for _, score, source in ranked[:limit]]


def _closeness(typed: str, vocabulary: set[str]) -> dict[str, int]:
    """How well each word of ``vocabulary`` answers one typed word (0 to 100)."""
    return {
        word: 100 if word.startswith(typed) else fuzz.ratio(typed, word) for word in vocabulary
    }
