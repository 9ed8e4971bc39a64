"""Duplicate sources: the same document under another URL, or under a near-identical title."""

from __future__ import annotations

import pytest

from workbench.analysis.duplicates import find_duplicates, normalise_url
from workbench.model import Case, Source

ARTICLE = "https://www.theguardian.com/world/2021/nov/04/ex-nato-head-says-putin-wanted-to-join"


@pytest.mark.parametrize("spelling", [
    ARTICLE,
    ARTICLE + "/",
    ARTICLE.replace("https://www.", "http://"),
    ARTICLE.replace("https://www.", "https://WWW."),
    ARTICLE.replace("https://www.theguardian", "HTTPS://www.TheGuardian"),
    ARTICLE.replace("https://www.", ""),
    ARTICLE.replace("https://www.theguardian.com", "https://www.theguardian.com:443"),
    ARTICLE + "#comments",
    ARTICLE + "?utm_source=twitter&utm_medium=social&utm_campaign=share",
    ARTICLE + "?CMP=share_btn_tw",
    ARTICLE + "/?fbclid=IwAR2xYz&gclid=abc123",
    ARTICLE + "?mc_cid=5d1a2b&mc_eid=9f8e7d",
    ARTICLE + "?igshid=MzRlODBiNWFlZA==&ref_src=twsrc%5Etfw",
    "https://web.archive.org/web/20211104120000/" + ARTICLE,
    "https://web.archive.org/web/2021*/" + ARTICLE,
    "https://web.archive.org/web/20211104120000id_/" + ARTICLE + "?utm_source=x",
    "http://archive.org/web/20211104120000/" + ARTICLE,
    "https://web.archive.org/web/20211104120000/https:/www.theguardian.com/world/2021/nov/04/"
    "ex-nato-head-says-putin-wanted-to-join",
    "https://archive.ph/2021.11.04-120000/" + ARTICLE,
    "https://archive.today/newest/" + ARTICLE,
    "https://archive.is/o/AbCdE/" + ARTICLE,
])
def test_spellings_of_one_address_normalise_alike(spelling: str) -> None:
    assert normalise_url(spelling) == normalise_url(ARTICLE)
    assert normalise_url(ARTICLE) == "theguardian.com/world/2021/nov/04/" \
        "ex-nato-head-says-putin-wanted-to-join"


@pytest.mark.parametrize(("one", "other"), [
    (ARTICLE, ARTICLE.replace("putin-wanted-to-join", "putin-wanted-to-leave")),
    (ARTICLE, ARTICLE.replace("/world/", "/politics/")),
    (ARTICLE, ARTICLE.replace("theguardian.com", "theguardian.co.uk")),
    (ARTICLE, ARTICLE.replace("www.theguardian.com", "amp.theguardian.com")),
    ("https://example.org/article?id=1", "https://example.org/article?id=2"),
    ("https://example.org/article?id=1", "https://example.org/article"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube.com/watch?v=9bZkp7q19f0"),
    ("https://example.org/Report.pdf", "https://example.org/report.pdf"),
    ("https://example.org:8080/a", "https://example.org/a"),
    ("https://archive.ph/AbCdE", "https://archive.ph/FgHiJ"),
    ("https://web.archive.org/web/2021/" + ARTICLE, "https://web.archive.org/web/2021/"
     + ARTICLE.replace("join", "leave")),
])
def test_different_documents_stay_different(one: str, other: str) -> None:
    assert normalise_url(one) != normalise_url(other)


def test_meaningful_parameters_are_kept_in_one_order() -> None:
    assert normalise_url("https://example.org/search?q=nato&page=2&utm_source=x") == \
        normalise_url("http://www.example.org/search/?page=2&q=nato")
    assert normalise_url("https://example.org/search?q=nato&page=2") == \
        "example.org/search?page=2&q=nato"


def test_odd_addresses_do_not_crash() -> None:
    assert normalise_url("") == ""
    assert normalise_url("   ") == ""
    assert normalise_url("MAILTO:press@example.org") == "mailto:press@example.org"
    assert normalise_url("https://[::1/broken") == "https://[::1/broken"
    assert normalise_url("https://example.org/#!/status/1") == "example.org#!/status/1"


def source(number: int, title: str = "", url: str = "", archived: str = "") -> Source:
    return Source(id=f"s{number}", number=number, title=title, url=url, archived_url=archived)


@pytest.fixture
def case() -> Case:
    return Case(sources=[
        source(1, "Ex-Nato head says Putin wanted to join alliance early on", ARTICLE),
        source(2, "Putin tells Oliver Stone he raised NATO membership with Clinton",
               "https://www.sho.com/the-putin-interviews",
               "https://web.archive.org/web/20170612000000/https://www.sho.com/the-putin-interviews"),
        source(3, "Annual report 2020", "https://example.org/reports?id=2020"),
        source(4, "Council notice"),
    ])


def reasons(found: list) -> list[tuple[int, str]]:
    return [(duplicate.source.number, duplicate.reason) for duplicate in found]


def test_a_tracked_or_archived_copy_of_a_cited_url_is_a_duplicate(case: Case) -> None:
    tracked = source(9, "Something else", ARTICLE + "/?utm_source=newsletter&fbclid=x")
    assert reasons(find_duplicates(case, tracked)) == [(1, "same URL")]
    archived = source(9, "", "https://web.archive.org/web/2021*/" + ARTICLE)
    assert reasons(find_duplicates(case, archived)) == [(1, "same URL")]
    # The candidate's address is the archived copy an existing source already keeps.
    original = source(9, "", "http://sho.com/the-putin-interviews/")
    assert reasons(find_duplicates(case, original)) == [(2, "same URL")]
    via_archive = source(9, "", "", "https://archive.ph/newest/https://www.sho.com/"
                         "the-putin-interviews")
    assert reasons(find_duplicates(case, via_archive)) == [(2, "same URL")]


def test_a_near_identical_title_is_a_duplicate(case: Case) -> None:
    [(number, reason)] = reasons(find_duplicates(
        case, source(9, "Ex-NATO head says Putin wanted to join the alliance early on")))
    assert number == 1
    assert reason.startswith("similar title (") and int(reason[15:-1]) >= 90
    assert reasons(find_duplicates(case, source(9, "council notices")))[0][0] == 4


@pytest.mark.parametrize("candidate", [
    source(9, "Putin says he never asked to join NATO"),
    source(9, "Annual report 2021", "https://example.org/reports?id=2021"),
    source(9, "Council meeting minutes"),
    source(9, "", ARTICLE.replace("join", "leave")),
    source(9, "", "https://example.org/reports?id=2021"),
    source(9),
])
def test_near_misses_are_not_duplicates(case: Case, candidate: Source) -> None:
    assert find_duplicates(case, candidate) == []


def test_a_source_is_not_its_own_duplicate(case: Case) -> None:
    edited = source(1, "Ex-Nato head says Putin wanted to join alliance early on", ARTICLE)
    assert find_duplicates(case, edited) == []
    edited_number = Source(id="s1", number=1, title="Council notice")
    assert reasons(find_duplicates(case, edited_number)) == [(4, "similar title (100)")]
