"""The first pass of claim matching: the index rows most worth a fuzzy score.

SQLite FTS5 ranks (bm25) every indexed claim holding one of the query's words, so the
pass costs what the postings of those words cost. It searches only for the telling
(rarest) words of the query, within a budget of postings, so that it stays fast in a
large library while a typo or a dropped word loses only that word.
"""

from __future__ import annotations

import sqlite3

#: bm25 weights of the claim, claimant and title columns: the claim says most.
_BM25_WEIGHTS = "1.0, 0.3, 0.5"
#: The full-text pass ranks every case holding one of the words it searches for, so its
#: time grows with how common those words are. It searches for the rarest words of the
#: query (the telling ones) while their cases add up to no more than this ...
POSTINGS_BUDGET = 5_000
#: ... and goes on up to this many cases until it has at least MIN_WORDS words, so that a
#: typo or two in the telling words cannot lose the claim. Words commoner than this ("the"
#: in a large library) are never searched for: they would cost the most and tell nothing.
POSTINGS_LIMIT = 20_000
MIN_WORDS = 3

def fts_phrase(word: str) -> str:
    """``word`` as an FTS5 string: whatever it holds (``"``, ``*``, ``NEAR``) is plain text.

    A NUL would end the string early inside SQLite, so it goes.
    """
    return '"' + word.replace("\x00", "").replace('"', '""') + '"'


def _cases_with(connection: sqlite3.Connection, phrase: str, at_most: int) -> int:
    """How many cases hold ``phrase``, counting no further than ``at_most + 1``: a common
    word costs no more to count than that."""
    return connection.execute(
        "SELECT count(*) FROM (SELECT 1 FROM claims WHERE claims MATCH ? LIMIT ?)",
        (phrase, at_most + 1),
    ).fetchone()[0]


def _telling_words(connection: sqlite3.Connection, phrases: list[str]) -> list[str]:
    """The rarest of ``phrases`` within the postings budget (see POSTINGS_BUDGET)."""
    counted = sorted((_cases_with(connection, phrase, POSTINGS_BUDGET), phrase)
                     for phrase in phrases)
    if sum(1 for cases, _ in counted if 0 < cases <= POSTINGS_BUDGET) < MIN_WORDS:
        # Too few rare words: count the common ones further, to take the least common.
        counted = sorted((_cases_with(connection, phrase, POSTINGS_LIMIT), phrase)
                         for phrase in phrases)
    chosen: list[str] = []
    total = 0
    for cases, phrase in counted:
        if not cases:
            continue  # a typo, or a word no case has
        if total + cases > (POSTINGS_BUDGET if len(chosen) >= MIN_WORDS else POSTINGS_LIMIT):
            break
        chosen.append(phrase)
        total += cases
    return chosen



def best_matches(connection: sqlite3.Connection, phrases: list[str], limit: int) -> list[int]:
    """The rowids of the ``claims`` full-text table that best match ``phrases`` (made by
    ``fts_phrase``), most relevant first, at most ``limit`` of them."""
    chosen = _telling_words(connection, phrases)
    if not chosen:
        return []
    return [rowid for (rowid,) in connection.execute(
        f"SELECT rowid FROM claims WHERE claims MATCH ? "
        f"ORDER BY bm25(claims, {_BM25_WEIGHTS}) LIMIT ?",
        (" OR ".join(chosen), limit),
    )]
