"""Whether a quotation is, word for word, in a text: the exact matcher of the quote check.

A quotation and the text it is checked against (a source's excerpts, or the claim) are both
cut into words after normalising what is typography rather than wording:

- letter case, whitespace, punctuation and quote style (straight or curly, ``'`` or ``\u2019``);
- contractions of "not": "didn't" is "did not", "can't" and "cannot" are "can not";
- how a number is written: "2,000" is "2000" (so is "2 000" with a no-break or thin
  space), "12%" and "12 per cent" are "12 percent", "5km" is "5 km", and the number words
  "zero" to "nineteen", the tens and their compounds ("twenty-one") are their digits.

In the quotation, marked elisions (``…``, ``...``, ``[...]``, ``[…]``) stand for any run of
words, and a bracketed insertion (``[the president]``) for a short run of words or none:
the conventions a writer uses to shorten a quotation or fit it to a sentence. In the text,
an elision in brackets (``[...]``, ``[…]``, ``(...)``) and the boundary between two excerpts are
breaks: a quotation's words cannot run across one unless the quotation marks an elision
there too, for the words on either side are not known to be next to each other. A bare
``…`` or ``...`` in the text is punctuation, as a transcript writes a speaker's pause.

Everything else must be the same word: every number, negation, name and other word. So
"3,000 incidents" is not "2,000 incidents", "never" is not "ever", and "21 percent" is
not "12 percent".

``find`` answers whether the quotation is in the text: a regular-expression search per run
of words between elisions, over texts cut into words once and cached, so it costs
microseconds. ``compare`` is for a quotation that is not found: it aligns the quotation
with the closest stretch of the text and says which words differ, for a message that tells
the writer what to fix. It is quadratic in words, and run only for a quotation not found.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

#: How many words a bracketed insertion may stand for: "[the president]" replaces a name
#: or a pronoun, not a clause.
INSERTION_WORDS = 6
#: The word a break in a text (an elision in brackets, the gap between two excerpts)
#: becomes. No word of a quotation can be it: a quotation's own elisions are gaps.
BREAK = "…"

_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u02bc\u2032\u0060\u00b4", "'"))
#: The pieces of a text: elisions first (an elision in brackets is an elision, not an
#: insertion), words (one may open with a bracketed letter, "[T]he", a change of case),
#: bracketed insertions (and "(sic)"), numbers, then any other single character (a
#: currency sign or "%" is a word; anything else is punctuation).
_PIECES = re.compile(
    r"(?P<elision>[\[(]\s*(?:…|\.\s*\.\s*\.)\s*[\])]|…|\.(?:\s*\.){2,})"
    r"|(?P<word>(?:\[[^\W\d_]\])?[^\W\d_]+(?:'[^\W\d_]+)*)"
    r"|(?P<insertion>\[[^\[\]\n]{0,80}\]|\(sic!?\))"
    r"|(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)"
    r"|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?!\d)|\d+(?:[.,]\d+)*)"
    r"|(?P<other>[^\w\s])"
)
#: What follows a word bound to the next in ``Text.joined``: never part of a word.
_BOUND = "~"
_FOOTNOTE = re.compile(r"\[[\d\s,]+\]")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_THIN_SPACES = re.compile(r"[\u00a0\u202f\u2009]")
#: Contractions of "not" whose first word is not simply what precedes "n't".
_NOT = {"can't": ("can", "not"), "cannot": ("can", "not"), "won't": ("will", "not"),
        "shan't": ("shall", "not")}
_UNITS = {word: str(value) for value, word in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
))}
_TENS = {word: str(10 * value) for value, word in enumerate(
    ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), start=2)}


@dataclass(frozen=True)
class Word:
    """One normalised word and where it was written: in part ``part`` of its text (an
    excerpt; -1 for the break between two excerpts), characters ``start`` to ``end``."""

    norm: str
    part: int
    start: int
    end: int
    #: Written as one word with the next: "did" of "didn't". A quotation may not start or
    #: end between the two, so "they did" is not a quotation of "they didn't".
    bound: bool = False


@dataclass(frozen=True)
class Gap:
    """An elision in a quotation (any number of words), or a bracketed insertion
    (``bounded``: up to ``INSERTION_WORDS`` words, within one excerpt)."""

    bounded: bool


@dataclass(frozen=True)
class Quotation:
    """A quotation as words and gaps, with gaps at its ends dropped (they match anything)
    and runs of gaps merged (an elision swallows an insertion next to it)."""

    text: str
    items: tuple[Word | Gap, ...]

    @property
    def words(self) -> int:
        """How many words the quotation has, gaps not counted."""
        return sum(isinstance(item, Word) for item in self.items)


@dataclass(frozen=True)
class Text:
    """A text a quotation is checked against, as words, and its parts (the excerpts) for
    quoting them back in a message."""

    parts: tuple[str, ...]
    words: tuple[Word, ...]
    #: The words as one string, " w1 w2 … w3 ", that ``find`` searches; a word bound to
    #: the next is followed by ``_BOUND`` rather than a space.
    joined: str
    #: The distinct words, for ``missing``.
    vocabulary: frozenset[str]


@dataclass(frozen=True)
class Difference:
    """Words of the quotation, as written, where the text has other words, as written;
    ``said`` is empty for words the quotation leaves out, ``has`` for words the text
    lacks."""

    said: str
    has: str


@dataclass(frozen=True)
class Comparison:
    """How near a quotation comes to a text: the word edits between the quotation and the
    text's closest stretch, and those edits as the words that differ."""

    edits: int
    differences: tuple[Difference, ...]


@lru_cache(maxsize=4096)
def quotation(text: str) -> Quotation:
    """The quotation ``text`` as words and gaps (cached: a check run reads each twice)."""
    items: list[Word | Gap] = []
    for item in _items(text, 0, quoting=True):
        if isinstance(item, Gap):
            if not items:
                continue
            last = items[-1]
            if isinstance(last, Gap):
                items[-1] = Gap(last.bounded and item.bounded)
                continue
        items.append(item)
    while items and isinstance(items[-1], Gap):
        items.pop()
    return Quotation(text, tuple(items))


@lru_cache(maxsize=4096)
def text_of(parts: tuple[str, ...]) -> Text:
    """A text made of ``parts`` (a source's excerpts, in order) with a break between them.

    Cached: every quotation citing a source is checked against the same excerpts.
    """
    words: list[Word] = []
    for index, part in enumerate(parts):
        if words and words[-1].norm != BREAK:
            words.append(Word(BREAK, -1, 0, 0))
        words.extend(item for item in _items(part, index, quoting=False)
                     if isinstance(item, Word))
    joined = " " + "".join(word.norm + (_BOUND if word.bound else " ") for word in words)
    return Text(parts, tuple(words), joined, frozenset(word.norm for word in words))


def words_of(text: str) -> list[str]:
    """The normalised words of a text, an elision in brackets as ``BREAK``."""
    return [word.norm for word in text_of((text,)).words]


def find(quote: Quotation, text: Text) -> bool:
    """Whether the quotation's words are in the text, in order: each run of words between
    elisions contiguous (but for bounded insertions) and within breaks."""
    position = 0
    for run in _runs(quote.items):
        match = _pattern(run).search(text.joined, position)
        if match is None:
            return False
        position = match.end() - 1  # the next run may start at the space this one ends on
    return True


def missing(quote: Quotation, text: Text) -> int:
    """How many of the quotation's words the text lacks anywhere: at least that many edits
    separate the two, which spares ``compare`` for a text that cannot be the closest."""
    return sum(isinstance(item, Word) and item.norm not in text.vocabulary
               for item in quote.items)


def compare(quote: Quotation, text: Text) -> Comparison:
    """The closest stretch of the text to the quotation, and the words that differ.

    A fitting alignment: the whole quotation against any stretch of the text, at one edit
    per word substituted, added or left out, and of alignments with as few edits the one
    with the most words the same; a gap in the quotation takes any words of the text.
    """
    items = quote.items
    words = text.words
    norms = [word.norm for word in words]
    n = len(words)
    # costs[i][j]: the cheapest alignment of items[:i] with a stretch of the text ending
    # at word j, in _EDIT units less one per word the same.
    costs = [[0] * (n + 1)]
    for item in items:
        above = costs[-1]
        row = [0] * (n + 1)
        if isinstance(item, Gap):
            row[0] = above[0]
            for j in range(1, n + 1):
                row[j] = min(above[j], row[j - 1])
        else:
            # The hot loop of the check, written out: min() and a call per cell cost twice
            # the time.
            norm = item.norm
            left = row[0] = above[0] + _EDIT
            for j, has in enumerate(norms, start=1):
                best = above[j - 1] + (-1 if has == norm else _substitution(norm, has))
                if above[j] + _EDIT < best:
                    best = above[j] + _EDIT
                if left + _EDIT < best:
                    best = left + _EDIT
                row[j] = left = best
        costs.append(row)
    last = costs[-1]
    # Of equally close stretches, the one ending last: a wrong last word is then shown
    # against the text's word, not as a word the text lacks.
    end = max(range(n + 1), key=lambda j: (-last[j], j))
    steps = _steps(items, words, costs, end)
    edits = sum(step != _GAP_STEP and not _same(step) for step in steps)
    return Comparison(edits, tuple(_differences(steps, quote.text, text)))


#: What an edit costs in an alignment, against a word the same, which earns one: so the
#: fewest edits come first, and the most words the same settles a tie.
_EDIT = 1000


def _substitution(said: str, has: str) -> int:
    """What putting one word in place of another costs: a word the same earns one, another
    word is an edit. A break never takes a word's place: that costs more than the word
    added and the break left out (two edits), so a quotation running across a break shows
    the break as left out rather than as a changed word."""
    if said == has:
        return -1
    return 3 * _EDIT if has == BREAK else _EDIT


#: An alignment step: the quotation's word and the text's, either None for a word one side
#: lacks; both None where the quotation has a gap.
_Step = tuple[Word | None, Word | None]
_GAP_STEP: _Step = (None, None)


def _steps(
    items: tuple[Word | Gap, ...], words: tuple[Word, ...], costs: list[list[int]], end: int
) -> list[_Step]:
    """The alignment ending at text word ``end``, in reading order, traced back through
    ``costs``."""
    steps: list[_Step] = []
    i, j = len(items), end
    while i > 0:
        item = items[i - 1]
        cost = costs[i][j]
        if isinstance(item, Gap):
            if j > 0 and costs[i][j - 1] == cost:
                j -= 1
            else:
                steps.append(_GAP_STEP)
                i -= 1
        elif j > 0 and costs[i - 1][j - 1] + _substitution(item.norm, words[j - 1].norm) == cost:
            steps.append((item, words[j - 1]))
            i, j = i - 1, j - 1
        elif costs[i - 1][j] + _EDIT == cost:
            steps.append((item, None))
            i -= 1
        else:
            steps.append((None, words[j - 1]))
            j -= 1
    steps.reverse()
    return steps


def _differences(steps: list[_Step], quote: str, text: Text) -> Iterator[Difference]:
    """The alignment's runs of differing words, each as a person reads it."""
    start = None
    for index, step in enumerate([*steps, _GAP_STEP]):
        if _same(step) or step == _GAP_STEP:
            if start is not None:
                yield _difference(steps, start, index, quote, text)
                start = None
        elif start is None:
            start = index


def _difference(steps: list[_Step], start: int, stop: int, quote: str, text: Text) -> Difference:
    """Steps ``start`` to ``stop`` as a difference, with the words that make it readable:
    a number keeps the word after it ("21 percent", "3,000 incidents"), and words the
    quotation leaves out are shown between their neighbours ("did go" where the excerpt
    says "did not go")."""
    said = [mine for mine, _ in steps[start:stop] if mine is not None]
    has = [theirs for _, theirs in steps[start:stop] if theirs is not None]
    numeric = any(word.norm[:1].isdigit() for word in said + has)
    left_out = not said
    if stop < len(steps) and _same(steps[stop]) and (numeric or left_out):
        said.append(steps[stop][0])  # type: ignore[arg-type]  # _same: neither is None
        has.append(steps[stop][1])  # type: ignore[arg-type]
    if start > 0 and _same(steps[start - 1]) and left_out:
        said.insert(0, steps[start - 1][0])  # type: ignore[arg-type]
        has.insert(0, steps[start - 1][1])  # type: ignore[arg-type]
    return Difference(_written(said, (quote,)), _written(has, text.parts))


def _same(step: _Step) -> bool:
    mine, theirs = step
    return mine is not None and theirs is not None and mine.norm == theirs.norm


def _written(words: list[Word], parts: tuple[str, ...]) -> str:
    """The words as written in ``parts``, one excerpt's run at a time, a break between
    excerpts as "…"."""
    pieces: list[str] = []
    run: list[Word] = []
    for word in [*words, None]:
        if run and (word is None or word.part != run[0].part):
            pieces.append(parts[run[0].part][run[0].start:run[-1].end])
            run = []
        if word is not None and word.part < 0:
            pieces.append(BREAK)
        elif word is not None:
            run.append(word)
    return " ".join(" ".join(pieces).split())


def _items(text: str, part: int, *, quoting: bool) -> Iterator[Word | Gap]:
    """The normalised words of a text in order, and when ``quoting``, its gaps; in a text
    that is not a quotation an elision in brackets is a ``BREAK``, an insertion is its
    words, and "(sic)" and a footnote marker are nothing."""
    text = text.translate(_APOSTROPHES)
    tens: Word | None = None  # a tens word ("twenty") waiting to see if a unit follows
    per: Word | None = None  # "per" waiting to see if "cent" follows
    for match in _PIECES.finditer(text):
        kind, raw = match.lastgroup, match.group()
        start, end = match.span()
        if kind == "elision" or kind == "insertion":
            found: list[Word | Gap]
            if quoting:
                found = [Gap(bounded=kind == "insertion")]
            elif kind == "elision":
                found = [Word(BREAK, part, start, end)] if raw[0] in "[(" else []
            elif _FOOTNOTE.fullmatch(raw) or raw.startswith("("):
                found = []  # "(sic)", or a reference marker copied with it: "reported.[3]"
            else:
                found = [Word(w.norm, part, w.start + start + 1, w.end + start + 1, w.bound)
                         for w in _items(raw[1:-1], part, quoting=False)
                         if isinstance(w, Word)]
        else:
            found = list(_normalised(kind, raw, part, start, end))
        for item in found:
            if isinstance(item, Word) and tens is not None and item.norm in _UNITS.values() \
                    and text[item.start:item.end].isalpha() and 0 < int(item.norm) < 10:
                item = Word(str(int(tens.norm) + int(item.norm)), part, tens.start, item.end)
                tens = None
            elif isinstance(item, Word) and per is not None and item.norm == "cent":
                item = Word("percent", part, per.start, item.end)
                per = None
            for waiting in (tens, per):
                if waiting is not None:
                    yield waiting
            tens = per = None
            if isinstance(item, Word) and item.norm in _TENS.values() \
                    and text[item.start:item.end].isalpha():
                tens = item
            elif isinstance(item, Word) and item.norm == "per":
                per = item
            else:
                yield item
    for waiting in (tens, per):
        if waiting is not None:
            yield waiting


def _normalised(kind: str | None, raw: str, part: int, start: int, end: int) -> Iterator[Word]:
    """The normalised word or words one piece of text stands for (none for punctuation)."""
    if kind == "number":
        digits = unicodedata.normalize("NFKC", _THIN_SPACES.sub("", raw))
        if _THOUSANDS.fullmatch(digits):
            digits = digits.replace(",", "")
        yield Word(digits, part, start, end)
    elif kind == "word":
        word = unicodedata.normalize("NFKC", raw.replace("[", "").replace("]", "")).casefold()
        if word in _NOT:
            first, second = _NOT[word]
            yield Word(first, part, start, end, bound=True)
            yield Word(second, part, start, end)
        elif word.endswith("n't") and len(word) > 3:
            yield Word(word[:-3], part, start, end - 3, bound=True)
            yield Word("not", part, end - 3, end)
        else:
            yield Word(_UNITS.get(word) or _TENS.get(word) or word, part, start, end)
    elif raw == "%":
        yield Word("percent", part, start, end)
    elif unicodedata.category(raw) == "Sc":
        yield Word(raw, part, start, end)


def _runs(items: tuple[Word | Gap, ...]) -> Iterator[tuple[Word | Gap, ...]]:
    """The quotation cut at its elisions: runs of words and bounded insertions."""
    run: list[Word | Gap] = []
    for item in items:
        if isinstance(item, Gap) and not item.bounded:
            if run:
                yield tuple(run)
            run = []
        else:
            run.append(item)
    if run:
        yield tuple(run)


@lru_cache(maxsize=4096)
def _pattern(run: tuple[Word | Gap, ...]) -> re.Pattern[str]:
    """A run of words as a search over ``Text.joined``: each word whole, an insertion as up
    to ``INSERTION_WORDS`` words, none of them a break."""
    parts = [" "]
    for item, following in zip(run, [*run[1:], None], strict=True):
        if isinstance(item, Gap):
            # Whole written words: "didn't" (did~not) is one.
            parts.append(f"(?:[^ {BREAK}][^ ]* ){{0,{INSERTION_WORDS}}}?")
        else:
            # Between two words of the run the text may have a space or a bond; at the
            # run's edges only a space, so a run never starts or ends inside "didn't".
            between = isinstance(following, Word)
            parts.append(re.escape(item.norm) + (f"[ {_BOUND}]" if between else " "))
    return re.compile("".join(parts))
