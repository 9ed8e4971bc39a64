"""The first pass of claim matching: the index rows most worth a fuzzy score.

The pass reads, through SQLite FTS5, every indexed claim holding one of the query's
words and ranks them by how many of those words each holds, rarer words weighing more;
so it costs what the postings of those words cost. It searches only for the telling
(rarest) words of the query, within a budget of postings, so that it stays fast in a
large library while a dropped word or a word put another way loses only that word.

A word no claim holds is most likely a typo: it is searched for as the indexed word one
edit away (a letter dropped, added, changed, or two swapped) that most claims hold. The
index keeps a table of its words and how many rows hold each (``claim_terms``) for that,
and to weigh the query's words without searching for them; ``index_rows``,
``forget_rows`` and ``recount_terms`` keep it in step with the ``claims`` table. Its rows
are whatever the index puts there (cases and corpus alike): rowids are passed through.
"""

from __future__ import annotations

import math
import sqlite3
import string
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations

#: bm25 weights of the claim, claimant and title columns: the claim says most.
_BM25_WEIGHTS = "1.0, 0.3, 0.5"
#: The full-text pass ranks every row holding one of the words it searches for, so its
#: time grows with how common those words are (about 0.4 us a row). It searches for the
#: rarest words of the query (the telling ones) while their rows add up to no more than
#: this ...
POSTINGS_BUDGET = 10_000
#: ... and goes on up to this many rows until it has at least MIN_WORDS words: a query
#: retyped with a word dropped, two put another way and a typo still shares several
#: telling words with its claim, and in a million claims it takes four of them to lift
#: the claim above the thousands sharing one. Words commoner than this ("the") are never
#: searched for: they would cost the most and tell nothing.
POSTINGS_LIMIT = 30_000
MIN_WORDS = 4
#: A query with fewer telling words than MIN_WORDS first takes the rows holding two of
#: its rarest this many words (ten pairs).
PAIRED_WORDS = 5
#: Words shorter than this are not corrected: one edit away from "tax" are dozens of words;
#: nor longer than CORRECTED_MAX, which are no word one mistyped (a run of letters pasted).
CORRECTED_LENGTH = 4
CORRECTED_MAX = 30

#: A word's weight is the log of this over how many rows hold it: its inverse document
#: frequency plus the same bonus for every word (counting the rows would cost a scan),
#: which favours a row holding one more of the words a little more than idf alone would.
_WEIGHT_SCALE = 1e9

#: The index's table of words: each word of the ``claims`` table and how many rows hold it.
CANDIDATE_SCHEMA = (
    "CREATE TABLE claim_terms (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID",
)


def fts_phrase(word: str) -> str:
    """``word`` as an FTS5 string: whatever it holds (``"``, ``*``, ``NEAR``) is plain text.

    A NUL would end the string early inside SQLite, so it goes.
    """
    return '"' + word.replace("\x00", "").replace('"', '""') + '"'


def _word(phrase: str) -> str:
    """The word an ``fts_phrase`` holds."""
    return phrase[1:-1].replace('""', '"')


# --- keeping claim_terms in step with the claims table ----------------------------------

def _terms(texts: Sequence[str]) -> set[str]:
    """The words of one row's normalised texts, each once (a row holds a word or not)."""
    return set(" ".join(texts).split())


def index_rows(connection: sqlite3.Connection, rows: Iterable[Sequence[str]]) -> None:
    """Count the words of ``rows`` just put in the ``claims`` table (each row's normalised
    claim, claimant and title), in the caller's transaction."""
    counts: Counter[str] = Counter()
    for texts in rows:
        counts.update(_terms(texts))
    connection.executemany(
        "INSERT INTO claim_terms (term, docs) VALUES (?, ?) "
        "ON CONFLICT (term) DO UPDATE SET docs = docs + excluded.docs",
        counts.items(),
    )


def forget_rows(connection: sqlite3.Connection, rowids: Iterable[int]) -> None:
    """Uncount the words of the rows of ``claims`` with these ``rowids``: call it just
    before deleting them, in the same transaction. Rowids not in the table are ignored."""
    counts: Counter[str] = Counter()
    select = "SELECT claim, claimant, title FROM claims WHERE rowid = ?"
    for rowid in rowids:
        for texts in connection.execute(select, (rowid,)):
            counts.update(_terms(texts))
    connection.executemany("UPDATE claim_terms SET docs = docs - ? WHERE term = ?",
                           ((docs, term) for term, docs in counts.items()))
    connection.execute("DELETE FROM claim_terms WHERE docs <= 0")


def recount_terms(connection: sqlite3.Connection) -> None:
    """Count every word of the ``claims`` table afresh (after a bulk load or rebuild; about
    a second a million rows), in the caller's transaction."""
    connection.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.claims_vocabulary "
        "USING fts5vocab(main, claims, row)"
    )
    connection.execute("DELETE FROM claim_terms")
    connection.execute("INSERT INTO claim_terms SELECT term, doc FROM temp.claims_vocabulary")


# --- the pass ---------------------------------------------------------------------------

def _cases_with(connection: sqlite3.Connection, word: str, at_most: int) -> int:
    """How many rows hold ``word``, counting no further than ``at_most + 1``."""
    return connection.execute(
        "SELECT count(*) FROM (SELECT 1 FROM claims WHERE claims MATCH ? LIMIT ?)",
        (fts_phrase(word), at_most + 1),
    ).fetchone()[0]


def _recorded(connection: sqlite3.Connection, words: Iterable[str]) -> dict[str, int]:
    """How many rows hold each of ``words`` that ``claim_terms`` knows."""
    words = list(words)
    if not words:
        return {}
    marks = ", ".join("?" * len(words))
    return dict(connection.execute(
        f"SELECT term, docs FROM claim_terms WHERE term IN ({marks})", words))


def _one_edit_away(word: str) -> set[str]:
    """Every string one edit from ``word``: a letter dropped, two swapped, one changed,
    one added (from the Latin letters, digits and the word's own letters)."""
    letters = set(string.ascii_lowercase + string.digits) | set(word)
    found: set[str] = set()
    for at in range(len(word) + 1):
        head, tail = word[:at], word[at:]
        found.update(head + letter + tail for letter in letters)
        if tail:
            found.add(head + tail[1:])
            found.update(head + letter + tail[1:] for letter in letters)
            if len(tail) > 1:
                found.add(head + tail[1] + tail[0] + tail[2:])
    found.discard(word)
    return found


def _correction(connection: sqlite3.Connection, word: str) -> tuple[str, int] | None:
    """The indexed word one edit from ``word`` that most rows hold, and how many."""
    if not CORRECTED_LENGTH <= len(word) <= CORRECTED_MAX or word.isdigit():
        return None
    known = _recorded(connection, _one_edit_away(word))
    if not known:
        return None
    return max(known.items(), key=lambda pair: (pair[1], pair[0]))


def _searched_counts(connection: sqlite3.Connection, words: list[str]) -> dict[str, int]:
    """How many rows hold each of ``words``, by searching: up to the budget first (a
    common word costs no more to count than that), further only when too few are rarer."""
    counts = {word: _cases_with(connection, word, POSTINGS_BUDGET) for word in words}
    if sum(1 for cases in counts.values() if 0 < cases <= POSTINGS_BUDGET) < MIN_WORDS:
        counts = {word: _cases_with(connection, word, POSTINGS_LIMIT) for word in words}
    return {word: cases for word, cases in counts.items() if cases}


def _counted_words(connection: sqlite3.Connection, words: list[str]) -> dict[str, int]:
    """The words to choose from, with how many rows hold each: the query's own words the
    index holds, and for each it does not, its correction."""
    try:
        counts = _recorded(connection, words)
    except sqlite3.OperationalError:  # an index without claim_terms: count by searching
        return _searched_counts(connection, words)
    for word in words:
        if word in counts:
            continue
        # Not recorded: a word of rows written since the last count, else likely a typo.
        if cases := _cases_with(connection, word, POSTINGS_LIMIT):
            counts[word] = cases
        elif corrected := _correction(connection, word):
            counts.setdefault(*corrected)
    return counts


def _telling_words(counts: dict[str, int]) -> list[str]:
    """The rarest of the counted words within the postings budget (see POSTINGS_BUDGET)."""
    chosen: list[str] = []
    total = 0
    for word, cases in sorted(counts.items(), key=lambda pair: (pair[1], pair[0])):
        if total + cases > (POSTINGS_BUDGET if len(chosen) >= MIN_WORDS else POSTINGS_LIMIT):
            break
        chosen.append(word)
        total += cases
    return chosen


def _ranked(connection: sqlite3.Connection, search: str, limit: int, within: str) -> list[int]:
    return [rowid for (rowid,) in connection.execute(
        f"SELECT rowid FROM claims WHERE claims MATCH ?{within} "
        f"ORDER BY bm25(claims, {_BM25_WEIGHTS}) LIMIT ?",
        (search, limit),
    )]


def best_matches(connection: sqlite3.Connection, phrases: list[str], limit: int, *,
                 positive_only: bool = False) -> list[int]:
    """The rowids of the ``claims`` full-text table that best match ``phrases`` (made by
    ``fts_phrase``), most relevant first, at most ``limit`` of them; ``positive_only``:
    of the rows with a positive rowid alone (a library's cases, without its corpus, which
    could otherwise fill every place at a million prior checks).

    When the query has too few telling words (every word of "I have voted every year in
    Wisconsin" is in thousands of claims of a million), the rows holding two of its
    rarest words come first: FTS5 finds those by skipping through the words' postings,
    not reading them all, and a claim retyped shares more than one word with its own.
    """
    within = " AND rowid > 0" if positive_only else ""
    words = list(dict.fromkeys(word for phrase in phrases if (word := _word(phrase))))
    counts = _counted_words(connection, words)
    chosen = _telling_words(counts)
    found: list[int] = []
    if len(chosen) < MIN_WORDS and len(counts) >= 2:
        rarest = [fts_phrase(word) for word in sorted(counts, key=counts.__getitem__)]
        pairs = combinations(rarest[:PAIRED_WORDS], 2)
        found = _ranked(connection, " OR ".join(f"({a} AND {b})" for a, b in pairs), limit,
                        within)
    if chosen and len(found) < limit:
        seen = set(found)
        found += [rowid for rowid in _most_words(connection, counts, chosen, limit, within)
                  if rowid not in seen]
    return found[:limit]


def _most_words(connection: sqlite3.Connection, counts: dict[str, int], chosen: list[str],
                limit: int, within: str) -> list[int]:
    """The rows holding the most of the ``chosen`` words, rarer words weighing more (the
    sum of their inverse document frequencies): what bm25 would put first, for a third of
    its cost, as it reads no positions, lengths or columns."""
    search = " UNION ALL ".join(
        f"SELECT rowid AS row, ? AS weight FROM claims WHERE claims MATCH ?{within}"
        for _ in chosen)
    weights = [value for word in chosen
               for value in (math.log(_WEIGHT_SCALE / counts[word]), fts_phrase(word))]
    return [rowid for (rowid,) in connection.execute(
        f"SELECT row FROM ({search}) GROUP BY row ORDER BY sum(weight) DESC LIMIT ?",
        (*weights, limit),
    )]
