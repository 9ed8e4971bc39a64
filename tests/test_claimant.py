"""The claimant typed a person or an organization, with an address that identifies them
(schema.org ``sameAs``, e.g. their Wikidata item): kept by the case file (schema 8,
migrated from 7), the case JSON (version 7 only when used), the ClaimReview both ways, set
from the command line and from the claim form, and recorded in the history.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from tests.support import (
    SAMPLE_CASES,
    SCHEMA_8_DROPS,
    burst,
    load,
    on_disk,
    refused,
    run,
    screen_of,
    settle,
    wait_for,
    write_old_schema,
)
from workbench.casefile import CaseFile
from workbench.casefile.probe import SCHEMA_VERSION
from workbench.config import Config, Organisation
from workbench.fields import FieldError, set_field
from workbench.formats.case_json import CaseFormatError, case_from_json, case_to_json
from workbench.formats.claimreview import cases_from_claimreview, claimreview_document
from workbench.model import Case, Claim, ClaimantKind, Verdict, new_case
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_screen import CaseScreen
from workbench.tui.choice import Choice, ChoiceList
from workbench.tui.claim_pane import ClaimPane

WIKIDATA = "https://www.wikidata.org/wiki/Q7747"
PARTY = "https://www.wikidata.org/wiki/Q1052584"
CONFIG = Config(organisation=Organisation(
    name="Example Checks", url="https://checks.example.org",
    review_url="https://checks.example.org/checks/{slug}"))


def party_case() -> Case:
    case = new_case("Crime doubled under the last government.", scale="politifact")
    case.claim = Claim(text="Crime doubled under the last government.",
                       claimant="The Example Party", claimant_role="the governing party",
                       claimant_kind=ClaimantKind.ORGANIZATION, claimant_same_as=PARTY)
    case.verdict = Verdict(rating="False", conclusion="False: it fell by 3%.")
    return case


# --- the fields -------------------------------------------------------------------------


def test_set_takes_a_kind_by_value_or_label_and_only_a_web_address() -> None:
    case = new_case("A claim")
    assert case.claim.claimant_kind is ClaimantKind.PERSON and case.claim.claimant_same_as == ""
    set_field(case, "claim.claimant_kind", "Organization")
    assert case.claim.claimant_kind is ClaimantKind.ORGANIZATION
    set_field(case, "claim.claimant_same_as", f"  {WIKIDATA} ")
    assert case.claim.claimant_same_as == WIKIDATA
    for typed, message in (("Q7747", "'Q7747' is not a web address (http:// or https://)"),
                           ("ftp://example.org/x", "is not a web address"),
                           ("https:// spaced out", "is not a web address")):
        with pytest.raises(FieldError, match=re.escape(message)):
            set_field(case, "claim.claimant_same_as", typed)
    with pytest.raises(FieldError, match="'robot' is not one of: person, organization"):
        set_field(case, "claim.claimant_kind", "robot")
    # A kind is required: empty is refused rather than taken as "not known".
    with pytest.raises(FieldError, match="is not one of"):
        set_field(case, "claim.claimant_kind", "")
    assert (case.claim.claimant_kind, case.claim.claimant_same_as) == (
        ClaimantKind.ORGANIZATION, WIKIDATA)
    set_field(case, "claim.claimant_same_as", "")
    assert case.claim.claimant_same_as == ""


def test_the_command_line_sets_both_and_the_log_tells_it(tmp_path: Path) -> None:
    path = tmp_path / "party.case.db"
    CaseFile.create(path, new_case("Crime doubled.")).close()
    f = str(path)
    run("set", f, "claim.claimant_kind", "organization", "--as", "Ana")
    run("set", f, "claim.claimant_same_as", PARTY, "--as", "Ana")
    refused(path, "set", f, "claim.claimant_same_as", "Q1052584", "--as", "Ana",
            message="'Q1052584' is not a web address (http:// or https://)")
    refused(path, "set", f, "claim.claimant_kind", "company", "--as", "Ana",
            message="'company' is not one of: person, organization")
    case = load(path)
    assert (case.claim.claimant_kind, case.claim.claimant_same_as) == (
        ClaimantKind.ORGANIZATION, PARTY)
    _, out, _ = run("log", f, "--on", "claim")
    assert 'claim claimant_kind: "person" -> "organization"' in out
    assert f'claim claimant_same_as: "" -> "{PARTY}"' in out


# --- the case file ----------------------------------------------------------------------


def test_the_case_file_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "party.case.db"
    CaseFile.create(path, party_case()).close()
    claim = on_disk(path).claim
    assert (claim.claimant_kind, claim.claimant_same_as) == (ClaimantKind.ORGANIZATION, PARTY)
    row = sqlite3.connect(path).execute(
        "SELECT claimant_kind, claimant_same_as FROM claim").fetchone()
    assert row == ("organization", PARTY)


def _columns(connection: sqlite3.Connection) -> list[tuple[object, ...]]:
    return connection.execute("PRAGMA table_info(claim)").fetchall()


def test_a_schema_7_file_is_read_as_it_is_then_backed_up_and_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.case.db"
    case = new_case("Crime doubled.")
    case.claim.claimant = "Jane Roe"
    write_old_schema(path, case, 7, SCHEMA_8_DROPS)
    before = path.read_bytes()
    # Read-only: through a migrated copy in memory; the file stays as it was.
    claim = load(path).claim
    assert (claim.claimant, claim.claimant_kind, claim.claimant_same_as) == (
        "Jane Roe", ClaimantKind.PERSON, "")
    assert path.read_bytes() == before
    with CaseFile.open(path, who="Ana") as case_file:
        upgraded = case_file.load()
        upgraded.claim.claimant_kind = ClaimantKind.ORGANIZATION
        case_file.save(upgraded)
    backup = sqlite3.connect(path.with_name("old.case.db.v7-backup"))
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 7
    assert "claimant_kind" not in [column[1] for column in _columns(backup)]
    backup.close()
    migrated = sqlite3.connect(path)
    assert migrated.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 8
    fresh_path = tmp_path / "new.case.db"
    CaseFile.create(fresh_path, new_case("x")).close()
    fresh = sqlite3.connect(fresh_path)
    assert _columns(migrated) == _columns(fresh)
    migrated.close()
    fresh.close()
    assert load(path).claim.claimant_kind is ClaimantKind.ORGANIZATION


def test_an_empty_kind_written_by_another_program_reads_as_a_person(tmp_path: Path) -> None:
    path = tmp_path / "edited.case.db"
    CaseFile.create(path, party_case()).close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE claim SET claimant_kind = NULL, claimant_same_as = NULL")
    connection.commit()
    connection.close()
    claim = load(path).claim
    assert (claim.claimant_kind, claim.claimant_same_as) == (ClaimantKind.PERSON, "")


# --- the case JSON ----------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLE_CASES, ids=lambda p: p.stem)
def test_a_case_that_does_not_use_them_is_written_as_before(path: Path) -> None:
    text = path.read_text("utf-8")
    case = case_from_json(text)
    assert case_to_json(case) == text
    assert "claimant_kind" not in text


def test_a_typed_claimant_says_version_7_and_round_trips() -> None:
    case = party_case()
    document = json.loads(case_to_json(case))
    assert document["format_version"] == 7
    assert list(document["claim"])[:5] == ["text", "claimant", "claimant_role",
                                           "claimant_kind", "claimant_same_as"]
    assert (document["claim"]["claimant_kind"], document["claim"]["claimant_same_as"]) == (
        "organization", PARTY)
    assert case_from_json(case_to_json(case)) == case
    # A person with an address is more than version 6 could say, too.
    case.claim.claimant_kind = ClaimantKind.PERSON
    assert json.loads(case_to_json(case))["format_version"] == 7
    case.claim.claimant_same_as = ""
    assert json.loads(case_to_json(case))["format_version"] == 2


@pytest.mark.parametrize(("key", "value", "message"), [
    ("claimant_same_as", "Q1052584",
     "claim.claimant_same_as must be an http:// or https:// address, not 'Q1052584'"),
    ("claimant_same_as", 7, "claim.claimant_same_as must be a string"),
    ("claimant_kind", "party", "claim.claimant_kind is 'party', which is not one of: "
                               "person, organization"),
])
def test_a_bad_value_in_a_document_is_refused_by_its_path(key: str, value: object,
                                                          message: str) -> None:
    document = json.loads(case_to_json(party_case()))
    document["claim"][key] = value
    with pytest.raises(CaseFormatError) as raised:
        case_from_json(json.dumps(document))
    assert str(raised.value) == message


# --- ClaimReview ------------------------------------------------------------------------


def test_the_claimreview_types_the_claimant_and_names_its_address() -> None:
    author = claimreview_document(party_case(), config=CONFIG)["itemReviewed"]["author"]
    # An organization has no job title: its role is its description.
    assert author == {"@type": "Organization", "name": "The Example Party",
                      "description": "the governing party", "sameAs": PARTY}
    case = party_case()
    case.claim.claimant_kind = ClaimantKind.PERSON
    case.claim.claimant_role, case.claim.claimant_same_as = "President", WIKIDATA
    author = claimreview_document(case, config=CONFIG)["itemReviewed"]["author"]
    assert author == {"@type": "Person", "name": "The Example Party", "jobTitle": "President",
                      "sameAs": WIKIDATA}
    case.claim.claimant_same_as = ""
    assert "sameAs" not in claimreview_document(case, config=CONFIG)["itemReviewed"]["author"]


def test_the_claimreview_importer_reads_the_type_and_address_back() -> None:
    document = claimreview_document(party_case(), config=CONFIG)
    [again] = cases_from_claimreview(json.dumps(document), scales=CONFIG.scales)
    assert (again.claim.claimant, again.claim.claimant_role, again.claim.claimant_kind,
            again.claim.claimant_same_as) == ("The Example Party", "the governing party",
                                              ClaimantKind.ORGANIZATION, PARTY)


@pytest.mark.parametrize(("author", "kind", "same_as"), [
    ({"@type": "GovernmentOrganization", "name": "Ministry"}, ClaimantKind.ORGANIZATION, ""),
    ({"@type": ["Thing", "https://schema.org/PoliticalParty"], "name": "P"},
     ClaimantKind.ORGANIZATION, ""),
    ({"@type": "Person", "name": "R", "sameAs": ["Rick Perry", "ftp://x.org", WIKIDATA]},
     ClaimantKind.PERSON, WIKIDATA),
    ({"name": "Nobody typed", "sameAs": "not an address"}, ClaimantKind.PERSON, ""),
    ("Just a name", ClaimantKind.PERSON, ""),
])
def test_publishers_types_and_addresses_are_read_leniently(author: object, kind: ClaimantKind,
                                                           same_as: str) -> None:
    review = {"@context": "https://schema.org", "@type": "ClaimReview",
              "claimReviewed": "Something", "itemReviewed": {"@type": "Claim",
                                                             "author": author}}
    [case] = cases_from_claimreview(json.dumps(review), scales=CONFIG.scales)
    assert (case.claim.claimant_kind, case.claim.claimant_same_as) == (kind, same_as)


# --- the claim form ---------------------------------------------------------------------


async def test_the_claim_form_chooses_the_kind_and_takes_an_address_typed_fast(
        tmp_path: Path) -> None:
    path = tmp_path / "form.case.db"
    case = new_case("Crime doubled.")
    case.claim.claimant = "The Example Party"
    CaseFile.create(path, case).close()
    app = WorkbenchApp(case=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen)
                       and app.screen.case is not None)
        pane = app.screen.query_one(ClaimPane)
        await wait_for(pilot, lambda: pane.built)
        pane.focus_field("claimant-kind")
        await pilot.pause()
        kind = pane.query_one("#claimant-kind", Choice)
        assert app.focused is kind and kind.value is ClaimantKind.PERSON
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceList))
        await pilot.press("o", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen))
        assert kind.value is ClaimantKind.ORGANIZATION
        # Tab on to the address and type it in one burst, a wrong one first.
        burst(pilot, ["tab", "Q1052584"])
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "claimant-same-as"
        error = pane.query_one("#claimant-same-as-error")
        assert error.display and "not a web address" in str(error.render())
        burst(pilot, ["backspace"] * len("Q1052584") + [PARTY])
        await settle(pilot)
        assert not error.display
        screen_of(app).saving.commit()
        await settle(pilot)
    claim = on_disk(path).claim
    assert (claim.claimant_kind, claim.claimant_same_as) == (ClaimantKind.ORGANIZATION, PARTY)
    fields = [e.field for e in on_disk(path).events if e.target_kind == "claim"]
    # The half-typed address never reached the file: one edit of each.
    assert fields.count("claimant_kind") == 1 and fields.count("claimant_same_as") == 1


async def test_a_read_only_form_shows_but_does_not_offer_the_kind(tmp_path: Path) -> None:
    path = tmp_path / "party.case.db"
    CaseFile.create(path, party_case()).close()
    app = WorkbenchApp(case=path, review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen)
                       and app.screen.case is not None)
        pane = app.screen.query_one(ClaimPane)
        await wait_for(pilot, lambda: pane.built)
        kind = pane.query_one("#claimant-kind", Choice)
        assert kind.value is ClaimantKind.ORGANIZATION and kind.disabled
        assert pane.query_one("#claimant-same-as").disabled
