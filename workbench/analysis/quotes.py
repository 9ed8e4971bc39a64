"""Quoted passages in a section, the sources they are attributed to, and the quote check.

A quotation is attributed to the sources cited in its own sentence (a citation just after
the full stop, as in ``..." [3] Next``, still belongs to it); failing that, to the sources
cited anywhere in its paragraph. Only passages of at least ``MIN_QUOTE_WORDS`` words count:
shorter ones are mostly scare quotes and titles, not quotations. A quotation of the claim
being checked is not checked against excerpts: the article quotes the claim to examine it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.analysis.citations import find_citations, without_code

#: Quoted text shorter than this many words is not checked.
MIN_QUOTE_WORDS = 4
#: A quotation matches an excerpt at this partial-ratio score (0-100) or above: enough
#: slack for a changed apostrophe or a dropped word, not for a different sentence.
QUOTE_MATCH_THRESHOLD = 85

_QUOTED = re.compile(r'"([^"\n]+)"|“([^”]+)”|«([^»]+)»')
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
#: The end of a sentence: its stop, any closing quote marks, and citations that follow it.
_SENTENCE_END = re.compile(
    r"[.!?]+[\"'\u201d\u2019\u00bb)]*(?:[ \t]*\[\s*[0-9]+(?:\s*,\s*[0-9]+)*\s*\])*(?=\s|$)"
)


@dataclass(frozen=True)
class Quote:
    """A quoted passage and the source numbers it is attributed to (empty if none)."""

    text: str
    cited: tuple[int, ...]


def find_quotes(body: str) -> list[Quote]:
    """The quoted passages of at least ``MIN_QUOTE_WORDS`` words, in reading order."""
    masked = without_code(body)
    quotes = []
    for paragraph in _PARAGRAPH_BREAK.split(masked):
        citations = find_citations(paragraph)
        ends = list(_SENTENCE_END.finditer(paragraph))
        for match in _QUOTED.finditer(paragraph):
            text = next(group for group in match.groups() if group is not None)
            if len(_normalise(text).split()) < MIN_QUOTE_WORDS:
                continue
            # The stop may sit inside the closing mark ("... war."), so look from the
            # quotation's last character on.
            start = max((end.end() for end in ends if end.end() <= match.start()), default=0)
            stop = next(
                (end.end() for end in ends if end.start() >= match.end() - 2), len(paragraph)
            )
            in_sentence = [c.number for c in citations if start <= c.start < stop]
            cited = in_sentence or [c.number for c in citations]
            quotes.append(Quote(text=" ".join(text.split()), cited=tuple(dict.fromkeys(cited))))
    return quotes


def matches_excerpt(quote: str, excerpts: Iterable[str]) -> bool:
    """Whether the quotation is found, near enough, in one of the excerpts.

    ``partial_ratio`` looks for the shorter text inside the longer one, which is right
    when the quotation is a part of an excerpt. When the quotation is the longer of the
    two that would let a short excerpt "match" any quotation containing it, so the whole
    texts are compared instead.
    """
    from thefuzz import fuzz  # imported here: about 40 ms, paid only when a quote is checked

    wanted = _normalise(quote)
    for excerpt in excerpts:
        candidate = _normalise(excerpt)
        if not candidate:
            continue
        score = (
            fuzz.partial_ratio(wanted, candidate)
            if len(wanted) <= len(candidate)
            else fuzz.ratio(wanted, candidate)
        )
        if score >= QUOTE_MATCH_THRESHOLD:
            return True
    return False


def quotes_the_claim(quote: str, claim: str) -> bool:
    """Whether the quotation is the claim being checked, which articles quote ("X said
    '...'") though no source excerpt holds it.

    It must match the claim as an excerpt would, and name no number the claim does not:
    "asked in 2001" is not a quotation of a claim about 2000.
    """
    return set(_NUMBER.findall(quote)) <= set(_NUMBER.findall(claim)) and matches_excerpt(
        quote, [claim]
    )


def _normalise(text: str) -> str:
    """Lower case, letters and digits only, single spaces: typography is not wording."""
    return " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())
