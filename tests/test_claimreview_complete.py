"""A ClaimReview that validates, or none: publication dates, language, the rating's
explanation, every appearance; the CLI refuses an incomplete one in one line (``--force``
writes it marked) and the HTML embeds only a complete one. Plus the two checks that keep
a ClaimReview honest: a claim too long for a search result, a conclusion that names
another rating than the verdict's.

Every export is read back as a reader would: the JSON-LD as JSON (checked by
``assert_valid_claimreview``), the HTML by an HTML parser.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support import REPO, SAMPLE_CASES, assert_valid_claimreview, json_ld
from workbench.analysis.checks import run_checks
from workbench.cli import main
from workbench.config import Config, Organisation
from workbench.formats.case_json import case_from_json
from workbench.formats.claimreview import (
    claimreview_document,
    claimreview_missing,
    publication_dates,
)
from workbench.formats.export import render
from workbench.model import Case, Claim, Correction, Publication, Verdict

CONFIG = Config(organisation=Organisation(
    name="Example Checks", url="https://checks.example.org",
    review_url="https://checks.example.org/checks/{slug}",
))
ORGANISATION_TOML = (
    '[organisation]\nname = "Example Checks"\nurl = "https://checks.example.org"\n'
    'review_url = "https://checks.example.org/checks/{slug}"\n'
)


def sample(name: str) -> Case:
    return case_from_json((REPO / "sample_cases" / f"{name}.json").read_text("utf-8"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def imported(name: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{name}.case.db"
    code, _, err = run("import", str(REPO / "sample_cases" / f"{name}.json"), "-o", str(path))
    assert code == 0, err
    return path


# --- the document -----------------------------------------------------------------------


def test_dates_come_from_the_publications_and_corrections() -> None:
    case = sample("cruz-supreme-court-size")
    document = claimreview_document(case, config=CONFIG)
    assert_valid_claimreview(document, complete=True)
    # Published 2025-03-13 (checked the same day), corrected 2025-03-18.
    assert document["datePublished"] == "2025-03-13"
    assert document["dateModified"] == "2025-03-18"
    # A republication after the correction moves dateModified on; the first stays first.
    case.publications.append(Publication(id="p2", published_at="2025-03-20T08:00:00Z"))
    assert publication_dates(case) == ("2025-03-13", "2025-03-20")
    # A correction dated before the publication, or a partial date, modifies nothing.
    case.publications = case.publications[:1]
    case.corrections = [Correction(id="c", date="2025-03"), Correction(id="d", date="2025-03-01")]
    assert publication_dates(case) == ("2025-03-13", "")


def test_rating_explanation_language_and_every_appearance() -> None:
    case = Case(
        title="Did crime double?", scale="politifact", language="es",
        claim=Claim(text="El crimen se duplicó", claimant="A. Senator",
                    first_appearance="https://example.com/speech",
                    appearances=["https://example.com/ad", "https://example.com/post"]),
        verdict=Verdict(rating="False", conclusion="False: crime fell by 3%."),
    )
    document = claimreview_document(case, config=CONFIG)
    assert_valid_claimreview(document, complete=True)
    assert document["inLanguage"] == "es"
    assert document["reviewRating"]["ratingExplanation"] == "False: crime fell by 3%."
    item = document["itemReviewed"]
    assert item["firstAppearance"] == {"@type": "CreativeWork", "url": "https://example.com/speech"}
    assert [a["url"] for a in item["appearance"]] == ["https://example.com/ad",
                                                      "https://example.com/post"]
    # A case that names no language takes the organisation's, then English.
    case.language = ""
    spanish = Config(organisation=Organisation(name="X", language="es-MX"))
    assert claimreview_document(case, config=spanish)["inLanguage"] == "es-MX"
    assert claimreview_document(case, config=Config())["inLanguage"] == "en"


def test_missing_names_what_supplies_each_field() -> None:
    case = sample("obama-carbon-pollution")
    case.verdict.rating = ""
    missing = claimreview_missing(case, config=Config())
    assert [(m.field, m.supply) for m in missing] == [
        ("url", "pass --url or set [organisation] review_url"),
        ("author", "set [organisation] name"),
        ("reviewRating", "set verdict.rating"),
    ]
    case.verdict.rating = "Half True"
    assert claimreview_missing(case, config=CONFIG) == []
    case.scale, case.verdict.rating, case.verdict.conclusion = "none", "", ""
    assert [m.supply for m in claimreview_missing(case, config=CONFIG)] == [
        "set verdict.conclusion"]


# --- the CLI ----------------------------------------------------------------------------


def test_export_without_an_address_refuses_in_one_line(tmp_path: Path,
                                                       isolated_config: Path) -> None:
    case_path = imported("putin-nato", tmp_path)
    target = tmp_path / "putin.jsonld"
    code, out, err = run("export", str(case_path), "--format", "claimreview", "-o", str(target))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("workbench: ")
    assert "[organisation] review_url" in err and "--url" in err
    assert "[organisation] name" in err and "--force" in err
    assert str(isolated_config) in err
    assert not target.exists()
    # --url supplies the address; the organisation's name is still wanted.
    code, _, err = run("export", str(case_path), "--format", "claimreview", "-o", str(target),
                       "--url", "https://checks.example.org/putin")
    assert code == 1 and err.count("\n") == 1
    assert "author" in err and "url (" not in err and not target.exists()


def test_forced_export_is_written_marked_and_warned(tmp_path: Path) -> None:
    case_path = imported("putin-nato", tmp_path)
    target = tmp_path / "putin.jsonld"
    code, _, err = run("export", str(case_path), "--format", "claimreview", "-o", str(target),
                       "--force")
    assert code == 0
    assert "warning" in err and "url" in err and err.count("\n") == 1
    document = json.loads(target.read_text("utf-8"))
    assert_valid_claimreview(document)
    assert document["creativeWorkStatus"] == "Incomplete: no url, no author"
    with pytest.raises(AssertionError):
        assert_valid_claimreview(document, complete=True)


def test_configured_export_is_complete_and_unmarked(tmp_path: Path,
                                                    isolated_config: Path) -> None:
    isolated_config.write_text(ORGANISATION_TOML, "utf-8")
    case_path = imported("cruz-supreme-court-size", tmp_path)
    code, out, err = run("export", str(case_path), "--format", "claimreview")
    assert code == 0 and err == ""
    document = json.loads(out)
    assert_valid_claimreview(document, complete=True)
    assert (document["datePublished"], document["dateModified"]) == ("2025-03-13",
                                                                      "2025-03-18")


# --- the HTML ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLE_CASES, ids=lambda p: p.stem)
def test_html_embeds_a_claimreview_only_when_complete(path: Path, tmp_path: Path,
                                                      isolated_config: Path) -> None:
    isolated_config.write_text(ORGANISATION_TOML, "utf-8")
    case_path = imported(path.stem, tmp_path)
    target = tmp_path / "page.html"
    code, _, err = run("export", str(case_path), "--format", "html", "-o", str(target),
                       "--force")
    assert code == 0, err
    blocks = json_ld(target.read_text("utf-8"))
    case = case_from_json(path.read_text("utf-8"))
    if case.verdict.rating:
        [document] = blocks
        assert_valid_claimreview(document, complete=True)
        assert document == claimreview_document(case, config=CONFIG)
    else:  # the unrated draft: a ClaimReview without its rating is rejected, so none
        assert blocks == []


def test_html_without_an_organisation_embeds_none() -> None:
    html = render(sample("putin-nato"), "html", config=Config())
    assert json_ld(html) == []
    assert json_ld(render(sample("putin-nato"), "html", config=CONFIG)) != []


# --- the checks -------------------------------------------------------------------------


def _codes(case: Case) -> list[str]:
    return [finding.code for finding in run_checks(case)]


def test_a_claim_over_75_characters_is_warned_of() -> None:
    case = sample("putin-nato")
    assert "claim-too-long" not in _codes(case)
    case.claim.text = "x" * 75
    assert "claim-too-long" not in _codes(case)
    case.claim.text = "x" * 76
    [finding] = [f for f in run_checks(case) if f.code == "claim-too-long"]
    assert finding.severity.value == "warning" and finding.where.kind == "claim"
    assert "76 characters" in finding.message and "75" in finding.fix
    # The obama sample's claim, quoted whole, is the kind this is for.
    assert "claim-too-long" in _codes(sample("obama-carbon-pollution"))


@pytest.mark.parametrize(("rating", "conclusion", "flagged"), [
    ("Mostly False", "True: it doubled.", True),
    ("Mostly False", "TRUE. It doubled.", True),
    ("Mostly False", "False — it did not double.", True),
    ("Mostly False", "Mostly False: it rose by a third.", False),
    ("Mostly False", "mostly false: it rose by a third.", False),
    ("False", "False claims about crime spread fast.", False),  # prose, not a label
    ("False", "Crime fell; the claim is not true.", False),
    ("True", "Mostly True: nearly doubled.", True),
])
def test_a_conclusion_naming_another_rating_is_warned_of(rating: str, conclusion: str,
                                                         flagged: bool) -> None:
    case = sample("cruz-supreme-court-size")
    case.verdict.rating, case.verdict.conclusion = rating, conclusion
    found = [f for f in run_checks(case) if f.code == "conclusion-names-other-rating"]
    assert bool(found) is flagged
    if flagged:
        assert f'"{rating}"' in found[0].message
        assert found[0].severity.value == "warning" and found[0].where.kind == "verdict"


def test_a_scale_without_ratings_has_no_rating_to_contradict() -> None:
    case = sample("putin-nato")
    case.scale, case.verdict.rating, case.verdict.conclusion = "none", "", "True: it did."
    assert "conclusion-names-other-rating" not in _codes(case)


def test_an_appearance_in_words_is_named_not_given_as_a_url() -> None:
    from workbench.formats.claimreview import cases_from_claimreview

    case = sample("cruz-supreme-court-size")
    case.claim.first_appearance = "a rally for a Colorado U.S. Senate nominee"
    case.claim.appearances = ["https://example.com/video", "  "]
    document = claimreview_document(case, config=CONFIG)
    assert_valid_claimreview(document, complete=True)
    item = document["itemReviewed"]
    assert item["firstAppearance"] == {"@type": "CreativeWork",
                                       "name": "a rally for a Colorado U.S. Senate nominee"}
    assert item["appearance"] == [{"@type": "CreativeWork", "url": "https://example.com/video"}]
    [again] = cases_from_claimreview(json.dumps(document), scales=CONFIG.scales)
    assert again.claim.first_appearance == "a rally for a Colorado U.S. Senate nominee"
    assert again.claim.appearances == ["https://example.com/video"]


def test_every_writer_marks_an_incomplete_record() -> None:
    """The TUI's export dialog writes through ``render`` too: an incomplete record says so."""
    document = json.loads(render(sample("putin-nato"), "claimreview", config=Config()))
    assert document["creativeWorkStatus"] == "Incomplete: no url, no author"
    complete = json.loads(render(sample("putin-nato"), "claimreview", config=CONFIG))
    assert_valid_claimreview(complete, complete=True)
