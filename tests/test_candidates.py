"""The first pass of claim matching over a ``claims`` full-text table like the index's.

Rowids are opaque to the pass: corpus rows sit at negative rowids beside the cases, and
some of these rows do too.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator

import pytest

from workbench.casefile import candidates
from workbench.casefile.candidates import (
    CANDIDATE_SCHEMA,
    best_matches,
    forget_rows,
    fts_phrase,
    index_rows,
    recount_terms,
)
from workbench.text import normalise_text

#: The index's full-text table (workbench.casefile.library), as the pass searches it.
CLAIMS_TABLE = """CREATE VIRTUAL TABLE claims USING fts5(
    claim, claimant, title,
    tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
)"""
FILLER_WORDS = ("the", "mayor", "says", "city", "budget", "river", "school", "tax", "new",
                "road", "police", "water", "jobs", "year", "million", "plan", "state")
BRIDGE = "The bridge over the river Wendle closed to traffic in May"


@pytest.fixture
def connection() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    connection.execute(CLAIMS_TABLE)
    for statement in CANDIDATE_SCHEMA:
        connection.execute(statement)
    yield connection
    connection.close()


def _add(connection: sqlite3.Connection, rows: dict[int, tuple[str, str, str]]) -> None:
    """Put rows in the table as the index does (normalised), counting their words."""
    texts = {rowid: tuple(normalise_text(text) for text in row) for rowid, row in rows.items()}
    connection.executemany("INSERT INTO claims (rowid, claim, claimant, title) "
                           "VALUES (?, ?, ?, ?)", [(rowid, *row) for rowid, row in texts.items()])
    index_rows(connection, texts.values())


def _fill(connection: sqlite3.Connection, count: int, seed: int = 1) -> None:
    """``count`` claims of common words, cases at positive rowids."""
    rng = random.Random(seed)
    _add(connection, {rowid: (" ".join(rng.sample(FILLER_WORDS, 6)), "someone", "")
                      for rowid in range(1, count + 1)})


def _terms(connection: sqlite3.Connection) -> dict[str, int]:
    return dict(connection.execute("SELECT term, docs FROM claim_terms"))


def _search(connection: sqlite3.Connection, text: str, limit: int = 5) -> list[int]:
    return best_matches(connection, [fts_phrase(word) for word in normalise_text(text).split()],
                        limit)


def test_counting_rows_as_they_come_and_go_matches_a_recount(
        connection: sqlite3.Connection) -> None:
    _fill(connection, 50)
    _add(connection, {-1: (BRIDGE, "A. Mayor", "Is the bridge closed?"),
                      -2: ("The bridge is closed", "", "")})
    forget_rows(connection, [3, 4, -2, 999])
    connection.execute("DELETE FROM claims WHERE rowid IN (3, 4, -2)")
    counted = _terms(connection)
    recount_terms(connection)
    assert counted == _terms(connection)
    assert counted["wendle"] == 1 and counted["bridge"] == 1 and "closed" in counted


@pytest.mark.parametrize("typed", ["Wnedle", "Wendl", "Wendlle", "Wandle"])
def test_a_typo_in_the_telling_word_is_searched_as_the_word(connection: sqlite3.Connection,
                                                           typed: str) -> None:
    """The one word that tells the claim apart, mistyped (swapped, dropped, added, changed
    letter), still finds it: no claim holds the typo."""
    _fill(connection, 200)
    _add(connection, {-7: (BRIDGE, "", "")})
    assert _search(connection, f"closed {typed}")[:1] == [-7]


def test_without_the_table_of_words_the_pass_searches_the_words_as_typed(
        connection: sqlite3.Connection) -> None:
    _fill(connection, 200)
    _add(connection, {-7: (BRIDGE, "", "")})
    connection.execute("DROP TABLE claim_terms")
    assert _search(connection, "Wendle bridge")[:1] == [-7]
    assert -7 not in _search(connection, "Wnedle")


def test_a_claim_of_common_words_is_found_by_the_rarest_pairs(
        connection: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every word of the query is in more claims than the pass searches (as "I have voted
    every year in Wisconsin" is in a million claims): the claims holding two of its rarest
    words come first, and the claim holding them all first of those."""
    monkeypatch.setattr(candidates, "POSTINGS_BUDGET", 10)
    monkeypatch.setattr(candidates, "POSTINGS_LIMIT", 20)
    _fill(connection, 400)
    claim = "the mayor says school tax plan cut police jobs"
    _add(connection, {-3: (claim, "", "")})
    assert _search(connection, "mayor says school tax police jobs")[:1] == [-3]


@pytest.mark.parametrize("word", ['"', '""', "*", "NEAR", "a AND", "-", "\x00x"])
def test_search_syntax_in_a_word_is_plain_text(connection: sqlite3.Connection,
                                               word: str) -> None:
    _fill(connection, 20)
    assert isinstance(best_matches(connection, [fts_phrase(word), fts_phrase("river")], 5),
                      list)


def test_no_word_any_claim_holds_gives_nothing(connection: sqlite3.Connection) -> None:
    _fill(connection, 20)
    assert _search(connection, "qqqq zzzz") == []
    assert best_matches(connection, [], 5) == []
