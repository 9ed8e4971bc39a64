"""ClaimReview JSON-LD: export per case, import of published records, checked offline.

JSON-LD processors fetch https://schema.org as a remote context, so the structure is
checked by ``tests.support.assert_valid_claimreview`` against the handful of schema.org
types and properties a ClaimReview uses, without network or pyld.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support import REPO, SAMPLE_CASES, assert_valid_claimreview
from workbench.config import Config, Organisation
from workbench.formats.case_json import CaseFormatError, case_from_json, case_to_json
from workbench.formats.claimreview import (
    PUBLISHED_REVIEW,
    cases_from_claimreview,
    claimreview_document,
    claimreview_json,
    date_prefix,
    rating_on_scale,
    title_from_text,
)
from workbench.model import (
    Case,
    Claim,
    Publication,
    SourceKind,
    Status,
    Verdict,
    validate_integrity,
)
from workbench.scales import builtin_scales, scale_from_table

REFERENCE = REPO.parent / "shared" / "reference" / "claimreview-schemaorg-example.jsonld"
PUTIN = REPO / "sample_cases" / "putin-nato.json"
CONFIG = Config(
    organisation=Organisation(
        name="Example Checks",
        url="https://checks.example.org",
        review_url="https://checks.example.org/checks/{slug}",
    )
)
SCALES = builtin_scales()


def putin() -> Case:
    return case_from_json(PUTIN.read_text("utf-8"))


def politifact_case() -> Case:
    return Case(
        title="Did the senator say crime doubled?",
        scale="politifact",
        created="2026-02-01T10:00:00Z",
        updated="2026-02-03T11:00:00Z",
        claim=Claim(
            text="Crime doubled last year",
            claimant="A. Senator",
            claimant_role="State senator",
            date_made="2026-01-15",
            first_appearance="https://example.com/speech",
            appearances=["https://example.com/ad", "https://example.com/post"],
        ),
        verdict=Verdict(rating="False", conclusion="Crime fell by 3%."),
    )


# --- export ---------------------------------------------------------------------------------


def test_putin_sample_exports_a_claimreview_without_invented_numbers() -> None:
    document = claimreview_document(putin(), config=CONFIG)
    assert_valid_claimreview(document)
    assert document["claimReviewed"] == "Putin asked to join NATO"
    assert document["name"] == "Did Putin ask to join NATO?"
    assert document["url"] == "https://checks.example.org/checks/did-putin-ask-to-join-nato"
    assert document["author"] == {
        "@type": "Organization", "name": "Example Checks", "url": "https://checks.example.org"
    }
    # Never published: no publication date (the checked-on date is not when readers saw it).
    assert "datePublished" not in document and "dateModified" not in document
    assert document["inLanguage"] == "en"
    assert document["reviewRating"] == {
        "@type": "Rating", "alternateName": "Mixture",
        "ratingExplanation": putin().verdict.conclusion,
    }
    assert document["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Vladimir Putin", "jobTitle": "President of Russia"},
    }


def test_politifact_rating_carries_its_numbers_and_the_claim_its_appearances() -> None:
    document = claimreview_document(politifact_case(), config=CONFIG)
    assert_valid_claimreview(document)
    assert document["reviewRating"] == {
        "@type": "Rating", "alternateName": "False", "ratingValue": 2, "bestRating": 6,
        "worstRating": 1, "ratingExplanation": "Crime fell by 3%.",
    }
    item = document["itemReviewed"]
    assert item["datePublished"] == "2026-01-15"
    assert item["firstAppearance"] == {"@type": "CreativeWork", "url": "https://example.com/speech"}
    assert [a["url"] for a in item["appearance"]] == ["https://example.com/ad",
                                                      "https://example.com/post"]
    # Not published yet: no date stands in for the day it will be.
    assert "datePublished" not in document


def test_url_argument_wins_and_the_template_takes_the_case_id() -> None:
    case = politifact_case()
    assert claimreview_document(case, config=CONFIG, url="https://x.org/a")["url"] == (
        "https://x.org/a"
    )
    by_id = Config(organisation=Organisation(review_url="https://x.org/{id}/{slug}"))
    assert claimreview_document(case, config=by_id)["url"] == (
        f"https://x.org/{case.id}/did-the-senator-say-crime-doubled"
    )
    case.title = "普京想加入北约吗"  # no ASCII to slug: the id stands in
    assert claimreview_document(case, config=CONFIG)["url"] == (
        f"https://checks.example.org/checks/{case.id}"
    )


def test_empty_optional_keys_are_left_out() -> None:
    case = Case(title="Is it so?", claim=Claim(text="It is so"), created="2026-01-01T00:00:00Z")
    document = claimreview_document(case, config=Config())
    assert_valid_claimreview(document)
    assert set(document) == {"@context", "@type", "name", "claimReviewed", "inLanguage"}
    named = Config(organisation=Organisation(name="Desk"))
    assert claimreview_document(case, config=named)["author"] == {
        "@type": "Organization", "name": "Desk"
    }


def test_no_rating_scale_uses_the_conclusion() -> None:
    case = politifact_case()
    case.scale = "none"
    case.verdict.rating = ""
    document = claimreview_document(case, config=CONFIG)
    assert_valid_claimreview(document)
    assert document["reviewRating"] == {"@type": "Rating", "alternateName": "Crime fell by 3%."}


def test_a_custom_scale_with_numbers_gives_numbers() -> None:
    house = scale_from_table("house", {"best": 3, "worst": 1, "ratings": [
        {"label": "Accurate", "value": 3}, {"label": "Misleading", "value": 2},
        {"label": "Wrong", "value": 1}]})
    config = Config(organisation=CONFIG.organisation, custom_scales={"house": house})
    case = politifact_case()
    case.scale, case.verdict.rating = "house", "Misleading"
    rating = claimreview_document(case, config=config)["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": "Misleading", "ratingValue": 2,
                      "bestRating": 3, "worstRating": 1,
                      "ratingExplanation": "Crime fell by 3%."}


def test_json_text_is_indented_utf8_with_a_newline() -> None:
    case = putin()
    case.claim.text = "普京想加入北约"
    text = claimreview_json(case, config=CONFIG)
    assert text.endswith("}\n") and "普京" in text
    assert json.loads(text) == claimreview_document(case, config=CONFIG)


# --- import ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLE_CASES, ids=lambda p: p.stem)
def test_round_trip_keeps_claim_claimant_and_rating(path: Path) -> None:
    case = case_from_json(path.read_text("utf-8"))
    text = claimreview_json(case, config=CONFIG)
    [again] = cases_from_claimreview(text, scales=CONFIG.scales)
    assert again.claim.text == case.claim.text
    assert again.claim.claimant == case.claim.claimant
    assert again.claim.claimant_role == case.claim.claimant_role
    assert again.verdict.rating == case.verdict.rating
    if case.verdict.rating:  # an unrated draft exports no rating, so no scale either
        assert again.scale == case.scale
    assert again.title == case.title
    assert again.status is Status.DRAFT  # someone else's review, ours to check again
    assert again.id != case.id


def test_round_trip_of_dates_appearances_and_a_conclusion() -> None:
    case = politifact_case()
    case.scale, case.verdict.rating, case.verdict.checked_on = "none", "", "2026-01-20"
    # The review's publication date is what an imported record keeps as its checked-on day.
    case.publications.append(Publication(id="p1", published_at="2026-02-02T09:00:00Z"))
    [again] = cases_from_claimreview(claimreview_json(case, config=CONFIG), scales=SCALES)
    assert again.claim == Claim(
        text=case.claim.text, claimant="A. Senator", claimant_role="State senator",
        date_made="2026-01-15", first_appearance="https://example.com/speech",
        appearances=["https://example.com/ad", "https://example.com/post"],
    )
    assert (again.scale, again.verdict.conclusion) == ("none", "Crime fell by 3%.")
    assert again.verdict.checked_on == "2026-02-02"
    [review] = again.sources
    assert (review.number, review.title, review.kind) == (1, PUBLISHED_REVIEW,
                                                          SourceKind.ANALYSIS)
    assert review.url == "https://checks.example.org/checks/did-the-senator-say-crime-doubled"
    assert review.author == "Example Checks"


def test_schemaorg_reference_example_imports() -> None:
    if not REFERENCE.exists():
        pytest.skip(f"{REFERENCE} is not here")
    [case] = cases_from_claimreview(REFERENCE.read_text("utf-8"), scales=SCALES)
    assert case.claim.text.startswith("More than 3,000 homicides")
    # No alternateName: ratingValue 1 of best 6 is PolitiFact's lowest rating.
    assert (case.scale, case.verdict.rating) == ("politifact", "Pants on Fire")
    assert (case.claim.claimant, case.claim.claimant_role) == ("Rich Perry",
                                                               "Former Governor of Texas")
    assert case.claim.date_made == "2014-07-17"
    assert case.claim.context == "The St. Petersburg Times interview [...]"
    assert case.verdict.checked_on == "2014-07-23"
    assert case.sources[0].url.startswith("http://www.politifact.com/texas/statements/")
    assert case.sources[0].date_published == "2014-07-23"
    validate_integrity(case)
    assert case_from_json(case_to_json(case)) == case


def review(claim: str, rating: str = "False", **extra: Any) -> dict[str, Any]:
    return {"@type": "ClaimReview", "claimReviewed": claim,
            "reviewRating": {"@type": "Rating", "alternateName": rating}, **extra}


def test_lists_graphs_and_type_spellings() -> None:
    document = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "url": "https://x.org"},
            review("One", "Mixture", **{"@type": ["Review", "ClaimReview"]}),
            review("Two", "Refuted", **{"@type": "schema:ClaimReview"}),
        ],
    }
    cases = cases_from_claimreview(json.dumps(document), scales=SCALES)
    assert [(c.claim.text, c.scale, c.verdict.rating) for c in cases] == [
        ("One", "snopes", "Mixture"), ("Two", "averitec", "Refuted")]
    listed = cases_from_claimreview(json.dumps([review("A"), document]), scales=SCALES)
    assert [c.claim.text for c in listed] == ["A", "One", "Two"]
    assert len({c.id for c in listed}) == 3


def test_unknown_label_becomes_the_conclusion_on_no_rating() -> None:
    [case] = cases_from_claimreview(json.dumps(review("X", "Misleading")), scales=SCALES)
    assert (case.scale, case.verdict.rating, case.verdict.conclusion) == ("none", "",
                                                                          "Misleading")


def test_author_as_list_or_text_and_appearances_as_strings() -> None:
    item = {"@type": "Claim", "author": [{"@type": "Person", "name": "Ana"}],
            "datePublished": "2020-05-01T12:00:00Z", "firstAppearance": "https://a.org",
            "appearance": ["https://b.org", {"@type": "CreativeWork", "url": "https://c.org"}]}
    [case] = cases_from_claimreview(
        json.dumps(review("X", itemReviewed=item, author="Desk", url="https://r.org")),
        scales=SCALES,
    )
    assert case.claim.claimant == "Ana"
    assert case.claim.date_made == "2020-05-01"
    assert case.claim.first_appearance == "https://a.org"
    assert case.claim.appearances == ["https://b.org", "https://c.org"]
    assert case.sources[0].author == "Desk"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([review("a"), review("b"), review("c", reviewRating="False")],
         "[2].reviewRating must be an object"),
        ({"@type": "ClaimReview"}, "claimReviewed is missing"),
        ({"@graph": [review("a", itemReviewed={"author": 5})]},
         "@graph[0].itemReviewed.author must be an object or a name"),
        (review("a", itemReviewed=[]), "itemReviewed must be an object"),
        (review("a", reviewRating={"ratingValue": "high"}), "reviewRating.ratingValue must be a"),
        (review("a", url=7), "url must be a string"),
        (review("a", itemReviewed={"appearance": [3]}), "itemReviewed.appearance[0] must be"),
        ([review("a"), 3], "[1] must be an object"),
        ({"@graph": "x"}, "@graph must be a list or an object"),
        ({"@type": "WebPage"}, "no ClaimReview found"),
        ("ClaimReview", "must be a ClaimReview object"),
    ],
)
def test_bad_shapes_name_their_path(document: Any, message: str) -> None:
    with pytest.raises(CaseFormatError) as caught:
        cases_from_claimreview(json.dumps(document), scales=SCALES)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_not_json_names_line_and_column() -> None:
    with pytest.raises(CaseFormatError, match=r"not valid JSON: .* line 2 column"):
        cases_from_claimreview('{\n"@type": }', scales=SCALES)


@pytest.mark.parametrize(
    ("label", "value", "best", "expected"),
    [
        ("mostly true", None, None, ("politifact", "Mostly True")),
        ("Mixture", None, None, ("snopes", "Mixture")),
        ("False", 9, 10, ("snopes", "False")),  # numbers that are not PolitiFact's
        ("", 4, 6, ("politifact", "Half True")),
        ("", 4, None, None),  # a bare number without its range means nothing
        ("Not Enough Evidence", None, None, ("averitec", "Not Enough Evidence")),
        ("Misleading", None, None, None),
    ],
)
def test_rating_on_scale(label: str, value: float | None, best: float | None,
                         expected: tuple[str, str] | None) -> None:
    assert rating_on_scale(label, SCALES, value=value, best=best) == expected


def test_custom_scales_are_searched_after_the_shipped_ones() -> None:
    house = scale_from_table("house", {"ratings": [{"label": "False"}, {"label": "Spin"}]})
    scales = {"house": house, **SCALES}
    assert rating_on_scale("False", scales) == ("politifact", "False")
    assert rating_on_scale("spin", scales) == ("house", "Spin")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2020-05-01T12:00:00Z", "2020-05-01"), ("2020-05", "2020-05"), ("2020", "2020"),
     ("2020-13-45", "2020"), ("May 2020", ""), ("", "")],
)
def test_date_prefix(text: str, expected: str) -> None:
    assert date_prefix(text) == expected


def test_title_from_text_cuts_at_a_word() -> None:
    assert title_from_text("  short   claim ") == "short claim"
    long = "word " * 40
    title = title_from_text(long)
    assert len(title) <= 121 and title.endswith("word…")
