"""The citation picker's ranking: by title, outlet, author or number."""

from __future__ import annotations

import pytest

from workbench.analysis.picker import rank_sources
from workbench.model import Case, Source


@pytest.fixture
def case() -> Case:
    titles = [
        ("Ex-Nato head says Putin wanted to join alliance early on", "The Guardian",
         "George Robertson"),
        ("Putin tells Oliver Stone he raised NATO membership with Clinton", "Showtime", ""),
        ("", "National Archives", ""),
        ("Council notice: the bridge closes on 1 May", "Riverton Council", ""),
        ("Bridge closure hits commuters", "Riverton Gazette", "Ana Müller"),
    ]
    sources = [Source(id=f"s{n}", number=n, title=title, outlet=outlet, author=author)
               for n, (title, outlet, author) in enumerate(titles, 1)]
    # Sources beyond ten, so that "1" is also the start of "12".
    sources += [Source(id=f"s{n}", number=n, title=f"Filler document {n}") for n in range(6, 13)]
    return Case(sources=list(reversed(sources)))  # the ranking must not rely on list order


def first(case: Case, query: str) -> int:
    return rank_sources(case, query)[0][0].number


@pytest.mark.parametrize(("query", "number"), [
    ("robertson", 1),
    ("George Robertson", 1),
    ("guardian", 1),
    ("showtime", 2),
    ("oliver stone", 2),
    ("Clinton NATO", 2),
    ("archives", 3),
    ("council notice", 4),
    ("counc", 4),
    ("gazette", 5),
    ("Muller", 5),
    ("Müller", 5),
    ("bridge closure", 5),
    ("commuters bridge", 5),
    ("gazette bridge", 5),
    ("puitn wanted", 1),  # a typo
])
def test_a_word_of_a_title_outlet_or_author_finds_the_source(case: Case, query: str,
                                                             number: int) -> None:
    assert first(case, query) == number


@pytest.mark.parametrize("query", ["3", "[3]", " [ 3 ] "])
def test_a_number_puts_that_source_first(case: Case, query: str) -> None:
    assert first(case, query) == 3


def test_a_number_then_lists_the_numbers_it_begins(case: Case) -> None:
    assert [source.number for source, _ in rank_sources(case, "1")][:4] == [1, 10, 11, 12]
    assert first(case, "12") == 12
    assert rank_sources(case, "[99]") == []


def test_an_empty_query_lists_every_source_in_citation_order(case: Case) -> None:
    assert [source.number for source, _ in rank_sources(case, "")] == list(range(1, 13))
    assert [source.number for source, _ in rank_sources(case, "  ", limit=3)] == \
        list(range(1, 13))


def test_results_are_scored_best_first_and_limited(case: Case) -> None:
    ranked = rank_sources(case, "bridge", limit=2)
    assert len(ranked) == 2
    assert {source.number for source, _ in ranked} == {4, 5}
    scores = [score for _, score in rank_sources(case, "putin")]
    assert scores == sorted(scores, reverse=True)
    assert all(isinstance(score, int) and 0 <= score <= 100 for score in scores)


def test_nothing_alike_gives_nothing(case: Case) -> None:
    assert rank_sources(case, "xylophone quartz") == []
    assert rank_sources(Case(), "anything") == []
    assert rank_sources(Case(), "") == []
