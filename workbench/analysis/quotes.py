"""Quoted passages in a section, the sources they are attributed to, and the quote check.

A quotation is a passage in straight or curly double quotes (or «guillemets»), or a
Markdown block quote (lines starting with ``>``). Only passages of at least
``MIN_QUOTE_WORDS`` words count: shorter ones are mostly scare quotes and titles.

An inline quotation is attributed to the citations right after its closing mark (``"..."
[3]``, ``"...", [3] [4]``); failing those, to the sources cited in its own sentence (a
citation just after the full stop, as in ``...". [3] Next``, still belongs to it); failing
that, to the sources cited anywhere in its paragraph.

A block quote is attributed to the citations inside it (at its end, or on a closing
attribution line such as ``> — Putin, 2001 [3]``); failing those, to those in the rest of
its paragraph; failing that, to the sentence introducing it (a paragraph ending with a
colon just before it) or an attribution paragraph just after it (one starting with a dash).

The check is exact (``quote_match``): a quotation must be, word for word, in an excerpt of a
source it cites, forgiving only typography and marked elisions and insertions. A quotation
of the claim being checked is borne out by the claim itself: the article quotes the claim to
examine it. One that comes close to the claim but is not it, and is nearer to the claim than
to any excerpt, is a misquotation of the claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workbench.analysis.citations import Citation, find_citations, without_code
from workbench.analysis.quote_match import (
    Comparison,
    Difference,
    Quotation,
    Text,
    compare,
    find,
    missing,
    quotation,
    text_of,
)

#: Quoted text shorter than this many words is not checked.
MIN_QUOTE_WORDS = 4
#: How many words of every this many a quotation may get wrong and still be a misquotation
#: of the claim (rather than words of its own): one in four, and always one.
CLAIM_SLIP_PER = 4
#: Beyond one edit in this many words the closest excerpt is too far from the quotation for
#: its differences to mean anything, so the finding names none.
TOO_FAR_PER = 2

_QUOTED = re.compile(r'"([^"\n]+)"|“([^”]+)”|«([^»]+)»')
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
#: The end of a sentence: its stop, any closing quote marks, and citations that follow it.
_SENTENCE_END = re.compile(
    r"[.!?]+[\"'\u201d\u2019\u00bb)]*(?:[ \t]*\[\s*[0-9]+(?:\s*,\s*[0-9]+)*\s*\])*(?=\s|$)"
)
_BLOCK_LINE = re.compile(r"^ {0,3}>", re.MULTILINE)
_BLOCK_MARKS = re.compile(r"^ {0,3}(?:>[ \t]?)+")
#: What may stand between a quotation and the citation that is its own: spaces and stops.
_BETWEEN = re.compile(r"[\s,.;:!?)]*")
_SPACE_BEFORE_STOP = re.compile(r"\s+([.,;:!?])")
#: A line naming who is quoted: "— Putin, 2001 [3]", "-- the council".
_ATTRIBUTION = re.compile("^\\s*(?:[\u2014\u2013\u2015]|--)")


@dataclass(frozen=True)
class Quote:
    """A quoted passage and the source numbers it is attributed to (empty if none)."""

    text: str
    cited: tuple[int, ...]


@dataclass(frozen=True)
class Misquote:
    """A quotation that neither the claim nor an excerpt of a source it cites bears out.

    ``claim`` when it comes close to the claim (and closer than to any excerpt): then the
    differences are against the claim. Otherwise ``number`` is the cited source whose
    excerpts come closest, and the differences are against them, none when even those are
    too far to compare; ``number`` is None when no cited source has excerpts.
    """

    claim: bool
    number: int | None
    differences: tuple[Difference, ...]


def find_quotes(body: str) -> list[Quote]:
    """The quoted passages of at least ``MIN_QUOTE_WORDS`` words, in reading order."""
    paragraphs = _PARAGRAPH_BREAK.split(without_code(body))
    quotes: list[Quote] = []
    for index, paragraph in enumerate(paragraphs):
        blocks = _blocks(paragraph)
        found = list(_inline_quotes(paragraph, blocks))
        for start, stop in blocks:
            quote = _block_quote(paragraphs, index, start, stop, blocks)
            if quote is not None:
                found.append((start, quote))
        quotes.extend(quote for _, quote in sorted(found, key=lambda pair: pair[0]))
    return quotes


def _inline_quotes(paragraph: str, blocks: list[tuple[int, int]]) -> Iterable[tuple[int, Quote]]:
    """The paragraph's quotations in quote marks, outside its block quotes."""
    citations = find_citations(paragraph)
    ends = list(_SENTENCE_END.finditer(paragraph))
    for match in _QUOTED.finditer(paragraph):
        if any(start <= match.start() < stop for start, stop in blocks):
            continue
        text = next(group for group in match.groups() if group is not None)
        if quotation(text).words < MIN_QUOTE_WORDS:
            continue
        # The stop may sit inside the closing mark ("... war."), so look from the
        # quotation's last character on.
        start = max((end.end() for end in ends if end.end() <= match.start()), default=0)
        stop = next(
            (end.end() for end in ends if end.start() >= match.end() - 2), len(paragraph)
        )
        in_sentence = [c.number for c in citations if start <= c.start < stop]
        cited = (_right_after(match.end(), paragraph, citations) or in_sentence
                 or [c.number for c in citations])
        yield match.start(), Quote(" ".join(text.split()), tuple(dict.fromkeys(cited)))


def _right_after(position: int, paragraph: str, citations: list[Citation]) -> list[int]:
    """The citations right after a closing quote mark (punctuation between allowed), as in
    'Putin said "..." [1] and Robertson "..." [2]': they are that quotation's alone."""
    numbers: list[int] = []
    for citation in citations:
        if citation.start < position <= citation.end:  # the rest of a group such as [1, 3]
            numbers.append(citation.number)
        elif citation.start >= position and _BETWEEN.fullmatch(
            paragraph, position, citation.start
        ):
            numbers.append(citation.number)
            position = citation.end
        elif citation.start >= position:
            break
    return numbers


def _blocks(paragraph: str) -> list[tuple[int, int]]:
    """The spans of the paragraph's block quotes: runs of lines starting with ``>``."""
    blocks: list[tuple[int, int]] = []
    offset = 0
    for line in paragraph.split("\n"):
        end = offset + len(line)
        if _BLOCK_LINE.match(line):
            if blocks and blocks[-1][1] == offset - 1:
                blocks[-1] = (blocks[-1][0], end)
            else:
                blocks.append((offset, end))
        offset = end + 1
    return blocks


def _block_quote(
    paragraphs: list[str], index: int, start: int, stop: int, blocks: list[tuple[int, int]]
) -> Quote | None:
    """The block quote at ``start:stop`` of paragraph ``index``, with its citations."""
    paragraph = paragraphs[index]
    lines = [_BLOCK_MARKS.sub("", line) for line in paragraph[start:stop].split("\n")]
    if len(lines) > 1 and _ATTRIBUTION.match(lines[-1]):
        lines, attribution = lines[:-1], lines[-1]
    else:
        attribution = ""
    block = "\n".join(lines)
    inside = find_citations(block)
    text = block
    for citation in reversed(inside):
        text = text[: citation.start] + " " + text[citation.end:]
    # The citation gone, its space before the stop goes too: "there [1]." is "there.".
    text = _SPACE_BEFORE_STOP.sub(r"\1", " ".join(text.split()))
    if quotation(text).words < MIN_QUOTE_WORDS:
        return None
    cited = [c.number for c in inside] + [c.number for c in find_citations(attribution)]
    if not cited:
        cited = [c.number for c in find_citations(paragraph)
                 if not any(s <= c.start < e for s, e in blocks)]
    if not cited and start == 0 and index > 0 and paragraphs[index - 1].rstrip().endswith(":"):
        before = paragraphs[index - 1].rstrip()
        opening = max((end.end() for end in _SENTENCE_END.finditer(before)), default=0)
        cited = [c.number for c in find_citations(before) if c.start >= opening]
    if not cited and stop == len(paragraph.rstrip()) and index + 1 < len(paragraphs) \
            and _ATTRIBUTION.match(paragraphs[index + 1]):
        cited = [c.number for c in find_citations(paragraphs[index + 1])]
    return Quote(text, tuple(dict.fromkeys(cited)))


def matches_excerpt(quote: str, excerpts: Iterable[str]) -> bool:
    """Whether the quotation is, word for word, in the excerpts (of one source): the same
    words in the same order, but for typography and marked elisions and insertions."""
    return find(quotation(quote), text_of(tuple(excerpts)))


def quotes_the_claim(quote: str, claim: str) -> bool:
    """Whether the quotation is the claim being checked (or a part of it), word for word,
    as articles quote it ("X said '...'") though no source excerpt holds it."""
    return find(quotation(quote), text_of((claim,)))


def check_quote(quote: str, claim: str, sources: Sequence[tuple[int, Sequence[str]]]
                ) -> Misquote | None:
    """What is wrong with a quotation citing ``sources`` (number and excerpts), if anything.

    None when the claim or an excerpt of one of the sources bears it out, and when it
    cites no source and is not close to the claim (an uncited quotation is not checked).
    """
    wanted = quotation(quote)
    claimed = text_of((claim,)) if claim.strip() else None
    if claimed is not None and find(wanted, claimed):
        return None
    texts = [(number, text_of(tuple(excerpts))) for number, excerpts in sources if excerpts]
    if any(find(wanted, text) for _, text in texts):
        return None
    nearest = _nearest(wanted, texts)
    slips = max(1, wanted.words // CLAIM_SLIP_PER)
    if claimed is not None and missing(wanted, claimed) <= slips:
        against_claim = compare(wanted, claimed)
        if against_claim.edits <= slips and (
            nearest is None or against_claim.edits < nearest[1].edits
        ):
            return Misquote(True, None, against_claim.differences)
    if not sources:
        return None
    if nearest is None:
        return Misquote(False, None, ())
    number, comparison = nearest
    return Misquote(False, number, comparison.differences)


def _nearest(wanted: Quotation, texts: list[tuple[int, Text]]) -> tuple[int, Comparison] | None:
    """The source whose excerpts come closest to the quotation, and how close; with no
    differences when even that one is too far (beyond one edit in ``TOO_FAR_PER`` words)
    for them to mean anything. Texts are compared fewest missing words first, and only
    while one might still come closer: ``compare`` is the slow part of the check."""
    best: tuple[int, Comparison] | None = None
    for least, number, text in sorted(
        (missing(wanted, text), number, text) for number, text in texts
    ):
        if best is not None and least >= best[1].edits:
            break
        if least * TOO_FAR_PER > wanted.words:
            best = best or (number, Comparison(least, ()))
            break
        comparison = compare(wanted, text)
        if best is None or comparison.edits < best[1].edits:
            best = number, comparison
    if best is not None and best[1].edits * TOO_FAR_PER > wanted.words:
        best = best[0], Comparison(best[1].edits, ())
    return best


def describe(difference: Difference, of: str) -> str:
    """A difference in words, against ``of`` ("the excerpt of [2]", "the claim"):
    '"21 percent" where the excerpt of [2] says "12 percent"'."""
    said, has = _cut(difference.said), _cut(difference.has)
    if said and has:
        return f"{said} where {of} says {has}"
    if said:
        return f"{said} is not in {of}"
    return f"{of} also says {has}"


def _cut(words: str, width: int = 40) -> str:
    """Quoted words in a message, in quote marks, cut to stay on one line."""
    if not words:
        return ""
    line = " ".join(words.split())
    return '"' + (line if len(line) <= width else line[: width - 1].rstrip() + "…") + '"'
