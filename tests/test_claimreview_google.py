"""The HTML article's ClaimReview meets Google's requirements, read as a crawler reads it.

Every sample case, and cases published then corrected (and published again), are exported
to HTML from the command line with an organisation configured; the JSON-LD is taken out
of the page with an HTML parser and checked against Google's "Fact check (ClaimReview)
structured data" type definitions, written below as data in the order Google's page gives
them. A case without a rating embeds no ClaimReview at all.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.support import REPO, SAMPLE_CASES, json_ld, load, run

REQUIRED, RECOMMENDED = "required", "recommended"

#: Google's type definitions: per type, each property with whether Google requires or
#: recommends it and the kind of value it takes.
GOOGLE_CLAIMREVIEW: dict[str, list[tuple[str, str, str]]] = {
    "ClaimReview": [
        # A short summary of the claim being evaluated.
        ("claimReviewed", REQUIRED, "Text"),
        # The assessment of the claim: a Rating with its textual alternateName.
        ("reviewRating", REQUIRED, "Rating"),
        # The page hosting the full fact check article.
        ("url", REQUIRED, "URL"),
        # The publisher of the fact check article, not of the claim.
        ("author", RECOMMENDED, "Organization or Person"),
        # When the fact check article was published.
        ("datePublished", RECOMMENDED, "DateTime"),
        # The claim being reviewed.
        ("itemReviewed", RECOMMENDED, "Claim"),
    ],
    "Claim": [
        # The publisher of the claim: the claimant.
        ("author", RECOMMENDED, "Organization or Person"),
        # When the claim was made or entered public discourse.
        ("datePublished", RECOMMENDED, "DateTime"),
        # Where the claim appears, and where it first did.
        ("appearance", RECOMMENDED, "URL or CreativeWork"),
        ("firstAppearance", RECOMMENDED, "URL or CreativeWork"),
    ],
    "Rating": [
        # The truthfulness rating as a short word or phrase ("Mostly false").
        ("alternateName", REQUIRED, "Text"),
        # A numeric rating, with the scale's best and worst values.
        ("ratingValue", RECOMMENDED, "Number"),
        ("bestRating", RECOMMENDED, "Number"),
        ("worstRating", RECOMMENDED, "Number"),
    ],
}

#: What the Workbench asks of a ClaimReview it embeds beyond Google's requirements: an
#: author, the organisation that checked the claim, by name (a review by nobody says
#: nobody checked it).
WORKBENCH_REQUIRES = {"ClaimReview": {"author"}}

_WEB_ADDRESS = re.compile(r"^https?://[^\s/]+\S*$")
_PARTY_TYPES = {"Organization", "Person"}


def _is_datetime(value: object) -> bool:
    """ISO 8601: a day (``2025-03-13``) or a time with its offset."""
    if not isinstance(value, str):
        return False
    try:
        (date if len(value) == 10 else datetime).fromisoformat(value)
    except ValueError:
        return False
    return True


def _party(value: object) -> bool:
    return (isinstance(value, dict) and value.get("@type") in _PARTY_TYPES
            and bool(str(value.get("name", "")).strip())
            and all(_WEB_ADDRESS.match(address) for address in _as_list(value.get("sameAs"))))


def _work(value: object) -> bool:
    if isinstance(value, str):
        return bool(_WEB_ADDRESS.match(value))
    return (isinstance(value, dict) and value.get("@type") == "CreativeWork"
            and (bool(_WEB_ADDRESS.match(value.get("url", ""))) or bool(value.get("name"))))


def _as_list(value: object) -> list[Any]:
    return [] if value is None else value if isinstance(value, list) else [value]


#: Each kind of value, as Google describes it, and how to tell one.
VALUE_KINDS = {
    "Text": lambda value: isinstance(value, str) and bool(value.strip()),
    "URL": lambda value: isinstance(value, str) and bool(_WEB_ADDRESS.match(value)),
    "DateTime": _is_datetime,
    "Number": lambda value: isinstance(value, int | float) and not isinstance(value, bool),
    "Rating": lambda value: isinstance(value, dict) and value.get("@type") == "Rating",
    "Claim": lambda value: isinstance(value, dict) and value.get("@type") == "Claim",
    "Organization or Person": _party,
    "URL or CreativeWork": lambda value: all(_work(item) for item in _as_list(value)),
}


def google_problems(review: Any) -> list[str]:
    """What keeps ``review`` from meeting Google's ClaimReview requirements (and the
    Workbench's own), one line each; empty when it meets them."""
    problems: list[str] = []
    if not isinstance(review, dict):
        return ["not a JSON object"]
    if review.get("@context") != "https://schema.org" or review.get("@type") != "ClaimReview":
        problems.append("not a schema.org ClaimReview")

    def check(node: dict[str, Any], kind: str) -> None:
        wanted = WORKBENCH_REQUIRES.get(kind, set())
        for name, status, value_kind in GOOGLE_CLAIMREVIEW[kind]:
            if name not in node:
                if status == REQUIRED or name in wanted:
                    problems.append(f"{kind}.{name} ({status}, {value_kind}) is missing")
            elif not VALUE_KINDS[value_kind](node[name]):
                problems.append(f"{kind}.{name} is not {value_kind}: {node[name]!r}")

    check(review, "ClaimReview")
    author = review.get("author")
    if isinstance(author, dict) and author.get("@type") != "Organization":
        problems.append("ClaimReview.author is not the Organization that checked the claim")
    rating = review.get("reviewRating")
    if isinstance(rating, dict):
        check(rating, "Rating")
        numbers = [rating.get(key) for key in ("worstRating", "ratingValue", "bestRating")]
        if any(number is not None for number in numbers) and not (
                None not in numbers and numbers[0] <= numbers[1] <= numbers[2]):
            problems.append(f"Rating: ratingValue needs bestRating and worstRating around it: "
                            f"{numbers}")
    item = review.get("itemReviewed")
    if isinstance(item, dict):
        check(item, "Claim")
    if "dateModified" in review and not (
            _is_datetime(review["dateModified"])
            and review["dateModified"] >= review.get("datePublished", "~")):
        problems.append(f"dateModified {review['dateModified']!r} is not a day on or after "
                        f"datePublished {review.get('datePublished')!r}")
    if "creativeWorkStatus" in review:
        problems.append(f"marked {review['creativeWorkStatus']!r}")
    return problems


ORGANISATION = (
    '[organisation]\nname = "Example Checks"\nurl = "https://checks.example.org"\n'
    'review_url = "https://checks.example.org/checks/{slug}"\n'
)


@pytest.fixture
def organisation(isolated_config: Path) -> None:
    isolated_config.write_text(ORGANISATION, "utf-8")


def imported(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.case.db"
    run("import", str(REPO / "sample_cases" / f"{name}.json"), "-o", str(path))
    return path


def embedded(tmp_path: Path, case_path: Path) -> list[Any]:
    """The JSON-LD of the case's HTML article, exported as a desk would."""
    page = tmp_path / "page.html"
    run("export", str(case_path), "--format", "html", "-o", str(page), "--force")
    return json_ld(page.read_text("utf-8"))


def _claim_review(tmp_path: Path, case_path: Path) -> dict[str, Any]:
    blocks = embedded(tmp_path, case_path)
    reviews = [block for block in blocks if block.get("@type") == "ClaimReview"]
    assert len(reviews) == 1, blocks
    assert google_problems(reviews[0]) == []
    return reviews[0]


# --- the checker itself -----------------------------------------------------------------


def test_the_checker_names_what_google_would_reject() -> None:
    good = {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "url": "https://checks.example.org/x", "claimReviewed": "Crime doubled.",
        "datePublished": "2025-03-13", "dateModified": "2025-03-18",
        "author": {"@type": "Organization", "name": "Example Checks"},
        "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 1,
                         "bestRating": 6, "worstRating": 1},
        "itemReviewed": {"@type": "Claim",
                         "author": {"@type": "Person", "name": "A. Senator",
                                    "sameAs": "https://www.wikidata.org/wiki/Q1"},
                         "firstAppearance": {"@type": "CreativeWork",
                                             "url": "https://example.com/speech"}},
    }
    assert google_problems(good) == []
    broken: list[tuple[str, Any, str]] = [
        ("url", None, "ClaimReview.url (required, URL) is missing"),
        ("url", "checks.example.org/x", "ClaimReview.url is not URL"),
        ("reviewRating", None, "ClaimReview.reviewRating (required, Rating) is missing"),
        ("reviewRating", {"@type": "Rating", "ratingValue": 1},
         "Rating.alternateName (required, Text) is missing"),
        ("author", None, "ClaimReview.author (recommended, Organization or Person) is missing"),
        ("author", {"@type": "Person", "name": "Ana"}, "is not the Organization"),
        ("datePublished", "13 March 2025", "ClaimReview.datePublished is not DateTime"),
        ("dateModified", "2025-03-01", "is not a day on or after datePublished"),
        ("itemReviewed", {"@type": "Claim", "author": {"@type": "Thing", "name": "X"}},
         "Claim.author is not Organization or Person"),
        ("itemReviewed", {"@type": "Claim", "author": {"@type": "Person", "name": "X",
                                                       "sameAs": "Q1"}},
         "Claim.author is not Organization or Person"),
        ("itemReviewed", {"@type": "Claim", "appearance": ["example.com"]},
         "Claim.appearance is not URL or CreativeWork"),
        ("creativeWorkStatus", "Incomplete: no url", "marked"),
    ]
    for key, value, problem in broken:
        review = dict(good)
        if value is None:
            del review[key]
        else:
            review[key] = value
        problems = google_problems(review)
        assert any(problem in found for found in problems), (key, problems)
    lopsided = dict(good, reviewRating={"@type": "Rating", "alternateName": "False",
                                        "ratingValue": 7, "bestRating": 6, "worstRating": 1})
    assert google_problems(lopsided)[0].startswith("Rating: ratingValue needs")


# --- the exported pages -----------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLE_CASES, ids=lambda p: p.stem)
def test_every_sample_case_embeds_a_claimreview_google_accepts(
        path: Path, tmp_path: Path, organisation: None) -> None:
    case_path = imported(tmp_path, path.stem)
    case = load(case_path)
    review = _claim_review(tmp_path, case_path)
    assert review["author"] == {"@type": "Organization", "name": "Example Checks",
                                "url": "https://checks.example.org"}
    assert review["reviewRating"]["alternateName"] == case.verdict.rating
    assert review["itemReviewed"]["author"]["@type"] == "Person"
    assert review["itemReviewed"]["author"]["name"] == case.claim.claimant
    assert ("datePublished" in review) == bool(case.publications)


def test_a_corrected_sample_says_when_it_was_modified(tmp_path: Path,
                                                      organisation: None) -> None:
    review = _claim_review(tmp_path, imported(tmp_path, "cruz-supreme-court-size"))
    # Published 2025-03-13, corrected 2025-03-18 (not yet published again).
    assert (review["datePublished"], review["dateModified"]) == ("2025-03-13", "2025-03-18")


def test_a_case_published_corrected_and_published_again(tmp_path: Path,
                                                        organisation: None) -> None:
    case_path = imported(tmp_path, "cruz-supreme-court-size")
    f = str(case_path)
    # The correction names the claimant beyond doubt, and where the claim was made.
    run("set", f, "claim.claimant_same_as", "https://www.wikidata.org/wiki/Q2036942",
        "--as", "Ana")
    run("set", f, "claim.first_appearance", "https://example.com/cruz-rally", "--as", "Ana")
    run("set", f, "claim.appearances", "https://example.com/cruz-interview", "--as", "Ana")
    run("status", f, "in_review", "--as", "Ana")
    run("status", f, "approved", "--as", "Bob")
    run("status", f, "published", "--as", "Carol")
    review = _claim_review(tmp_path, case_path)
    today = load(case_path).publications[-1].published_at[:10]
    assert (review["datePublished"], review["dateModified"]) == ("2025-03-13", today)
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Ted Cruz", "jobTitle": "Senator",
                              "sameAs": "https://www.wikidata.org/wiki/Q2036942"}
    assert item["firstAppearance"] == {"@type": "CreativeWork",
                                       "url": "https://example.com/cruz-rally"}
    assert item["appearance"] == [{"@type": "CreativeWork",
                                   "url": "https://example.com/cruz-interview"}]


def test_a_first_publication_then_a_correction(tmp_path: Path, organisation: None) -> None:
    case_path = imported(tmp_path, "putin-nato")
    f = str(case_path)
    run("set", f, "claim.claimant_kind", "organization", "--as", "Ana")
    run("set", f, "claim.claimant", "The Kremlin", "--as", "Ana")
    run("set", f, "claim.claimant_role", "", "--as", "Ana")
    run("status", f, "published", "--as", "Carol")
    first = _claim_review(tmp_path, case_path)
    assert "dateModified" not in first
    run("correct", f, "--text", "The claimant is the Kremlin's press office",
        "--why", "Misattributed", "--as", "Ana")
    run("set", f, "claim.claimant", "The Kremlin press office", "--as", "Ana")
    run("status", f, "in_review", "--as", "Ana")
    run("status", f, "approved", "--as", "Bob")
    run("status", f, "published", "--as", "Carol")
    again = _claim_review(tmp_path, case_path)
    assert again["datePublished"] == first["datePublished"]
    assert again["itemReviewed"]["author"] == {"@type": "Organization",
                                               "name": "The Kremlin press office"}


def test_a_case_whose_rating_is_taken_away_embeds_none(tmp_path: Path,
                                                      organisation: None) -> None:
    case_path = imported(tmp_path, "putin-nato")
    assert len(embedded(tmp_path, case_path)) == 1
    run("set", str(case_path), "verdict.rating", "", "--as", "Ana")
    assert embedded(tmp_path, case_path) == []
