"""Large synthetic cases for benchmarks, built from the real claims in ../shared/datasets."""

from __future__ import annotations

import csv
import itertools
import json
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from workbench.model import (
    Assessment,
    Case,
    Cell,
    Claim,
    Motive,
    Question,
    Section,
    SectionKind,
    Source,
    SourceKind,
    Verdict,
)

DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"


def liar_statements() -> list[tuple[str, str, str]]:
    """(statement, speaker, justification) rows of LIAR-PLUS, or synthetic ones offline."""
    rows: list[tuple[str, str, str]] = []
    for name in ("liar-plus-val2.tsv", "liar-plus-test2.tsv"):
        path = DATASETS / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle, delimiter="\t"):
                if len(row) >= 16:
                    rows.append((row[3], row[5], row[15]))
    return rows or [(f"Claim number {i} about the economy", "someone", "") for i in range(100)]


def large_case(sources: int = 500, sections: int = 100, questions: int = 10) -> Case:
    statements = itertools.cycle(liar_statements())
    case = Case(id="bench", title="A large case", claim=Claim(text=next(statements)[0]),
                verdict=Verdict(conclusion="A verdict drawn from five hundred sources."))
    case.questions = [Question(id=f"q{i}", text=f"Question {i}?") for i in range(questions)]
    for number in range(1, sources + 1):
        statement, speaker, justification = next(statements)
        case.sources.append(Source(
            id=f"s{number}", number=number, title=statement[:120], author=speaker,
            outlet="Outlet", url=f"https://example.org/{number}", kind=SourceKind.NEWS_REPORT,
            date_published="2020-05-01", event_date="2019", excerpts=[justification[:300]],
            assessment=Assessment(motive=Motive.NONE_APPARENT, motive_note="none seen"),
        ))
    cells = itertools.cycle(Cell)
    for question in case.questions:
        for source in case.sources[::5]:
            case.matrix[(question.id, source.id)] = next(cells)
    case.sections = [Section(id="sum", kind=SectionKind.EXECUTIVE_SUMMARY, heading="Summary",
                             body="In short [1] [2].")]
    for index in range(sections - 2):
        body = " ".join(f"Paragraph sentence citing [{(index * 7 + k) % sources + 1}]."
                        for k in range(20))
        case.sections.append(Section(id=f"b{index}", heading=f"Section {index + 1}", body=body))
    case.sections.append(Section(id="end", kind=SectionKind.BOTTOM_LINE, heading="Bottom line",
                                 body="Therefore [3]."))
    return case


def real_claims() -> list[tuple[str, str]]:
    """(claim, claimant) of every real claim at hand (LIAR-PLUS, AVeriTeC), no repeats."""
    claims = [(statement, speaker) for statement, speaker, _ in liar_statements()]
    averitec = DATASETS / "averitec-dev.json"
    if averitec.exists():
        for record in json.loads(averitec.read_text(encoding="utf-8")):
            claims.append((record["claim"], record.get("speaker") or ""))
    unique = {claim.strip(): speaker for claim, speaker in claims if claim.strip()}
    return list(unique.items())


#: Made-up words stand for the names, places and terms a million real claims hold and three
#: thousand do not: this many of them, drawn by Zipf's law (a few common, most rare) ...
NEW_WORDS = 400_000
#: ... in place of this share of the content words of a generated claim.
NEW_WORD_SHARE = 0.25
#: The commonest real words ("the", "says", "percent") are never replaced: they are what
#: every corpus has.
COMMON_WORDS = 300
_ONSETS = ("b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w",
           "z", "br", "ch", "cr", "dr", "gr", "pl", "sh", "st", "th", "tr")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ou", "y")
_CODAS = ("", "", "", "n", "r", "s", "l", "t", "m", "ck", "nd", "rt", "sk")


def _made_up_words(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct pronounceable words that are in no dictionary."""
    words: dict[str, None] = {}
    while len(words) < count:
        syllables = rng.choice((1, 2, 2, 2, 3))
        words["".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                      for _ in range(syllables))] = None
    return list(words)


def _new_digits(word: str, rng: random.Random) -> str:
    return "".join(str(rng.randrange(10)) if c.isdigit() else c for c in word)


def generated_claims(real: list[str], count: int, seed: int) -> Iterator[str]:
    """``count`` new claims that read like ``real`` ones, none equal to one of them.

    A word-level Markov chain over the real claims gives each its shape and common words
    (each word follows one that followed it in a real claim); a quarter of its content
    words then become made-up words, drawn by Zipf's law from NEW_WORDS, and its figures
    new figures. So the full-text index holds what a large corpus holds: a few words in
    a good share of the claims, a long tail of names and terms in a few each, not the
    same three thousand claims cut up and glued back together again and again.
    """
    rng = random.Random(seed)
    following: dict[str, list[str]] = {}
    starts: list[str] = []
    counts: Counter[str] = Counter()
    for claim in real:
        words = claim.split()
        if not words:
            continue
        starts.append(words[0])
        counts.update(word.casefold() for word in words)
        for word, after in zip(words, [*words[1:], ""], strict=True):
            following.setdefault(word, []).append(after)
    common = {word for word, _ in counts.most_common(COMMON_WORDS)}
    made_up = _made_up_words(NEW_WORDS, rng)
    weights = list(itertools.accumulate(1 / (rank + 10) for rank in range(NEW_WORDS)))
    fresh: list[str] = []
    seen = set(real)
    made = 0
    while made < count:
        if len(fresh) < 40:  # enough for the longest claim
            fresh += rng.choices(made_up, cum_weights=weights, k=100_000)
        words = [rng.choice(starts)]
        while len(words) < 40:
            after = rng.choice(following[words[-1]])
            if not after:
                break
            words.append(after)
        if len(words) < 5:
            continue
        for at, word in enumerate(words):
            if any(c.isdigit() for c in word):
                words[at] = _new_digits(word, rng)
            elif (len(word) >= 4 and word.casefold() not in common
                  and rng.random() < NEW_WORD_SHARE):
                new = fresh.pop()
                words[at] = new.capitalize() if word[0].isupper() else new
        claim = " ".join(words)
        if claim not in seen:
            seen.add(claim)
            made += 1
            yield claim
