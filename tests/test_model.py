"""The domain model: timing classes, partial dates, vocabularies, scales, integrity."""

from __future__ import annotations

import pytest

from workbench.analysis.corroboration import corroboration
from workbench.model import (
    Case,
    CaseIntegrityError,
    Cell,
    Corroboration,
    Motive,
    Source,
    Status,
    TimingClass,
    new_case,
    parse_partial_date,
    timing_class,
    timing_lag_days,
    validate_integrity,
)
from workbench.scales import builtin_scales, get_scale


@pytest.mark.parametrize(
    ("events", "statement", "expected"),
    [
        ("2000-03-01", "2000-03-31", TimingClass.CONTEMPORANEOUS),
        ("2000-03-01", "2000-04-01", TimingClass.NEAR_TERM),
        ("2000-03-01", "2001-02-24", TimingClass.NEAR_TERM),
        ("2000-03-01", "2001-03-02", TimingClass.RETROSPECTIVE),
        ("2000", "2021", TimingClass.RETROSPECTIVE),
        # A year-only event may have ended on 31 December: not provably retrospective.
        ("2000", "2001-06", TimingClass.NEAR_TERM),
        ("", "2021", TimingClass.UNDATED),
        ("2000", "", TimingClass.UNDATED),
        ("someday", "2021", TimingClass.UNDATED),
    ],
)
def test_timing_class_from_the_two_dates(events: str, statement: str,
                                         expected: TimingClass) -> None:
    assert timing_class(timing_lag_days(events, statement)) is expected


def test_a_range_of_events_is_timed_from_its_end() -> None:
    source = Source(id="s", number=1, event_date="1990", event_date_end="2000-12-01",
                    date_published="2000-12-20")
    assert source.lag_days == 19
    assert source.timing is TimingClass.CONTEMPORANEOUS


def test_partial_dates_stand_for_spans() -> None:
    assert parse_partial_date("2024-02", latest=True).day == 29
    assert parse_partial_date("2023-12", latest=True).isoformat() == "2023-12-31"
    assert parse_partial_date("1954").isoformat() == "1954-01-01"
    with pytest.raises(ValueError, match="YYYY"):
        parse_partial_date("12/03/2020")


def test_vocabularies_parse_values_and_labels() -> None:
    assert Status.parse("In review") is Status.IN_REVIEW
    assert Motive.parse("self-justification") is Motive.SELF_JUSTIFICATION
    assert Status.label_for("changes_requested") == "changes requested"
    assert Status.label_for("mystery") == "mystery"
    with pytest.raises(ValueError, match="draft"):
        Status.parse("finished")


def test_shipped_rating_scales() -> None:
    scales = builtin_scales()
    assert set(scales) == {"none", "politifact", "snopes", "averitec"}
    assert not scales["none"].rates
    politifact = get_scale("politifact")
    assert politifact is not None
    assert politifact.ratings[0].label == "True"
    pants = politifact.rating("pants on fire")
    assert pants is not None and pants.value == 1
    averitec = scales["averitec"]
    assert averitec.rating("Conflicting Evidence/Cherrypicking") is not None
    assert all(r.value is None for r in scales["snopes"].ratings)


def test_new_case_has_summary_and_bottom_line() -> None:
    case = new_case("Water is wet", scale="snopes")
    assert case.title == "Water is wet"
    assert [s.kind.value for s in case.sections] == ["executive_summary", "bottom_line"]
    assert case.created == case.updated


def test_integrity_refuses_dangling_references(small_case: Case) -> None:
    validate_integrity(small_case)
    small_case.sources[1].derived_from = "nowhere"
    with pytest.raises(CaseIntegrityError, match="derived from"):
        validate_integrity(small_case)


def test_integrity_refuses_duplicate_numbers(small_case: Case) -> None:
    small_case.sources[1].number = 1
    with pytest.raises(CaseIntegrityError, match="citation number"):
        validate_integrity(small_case)


def test_derived_sources_do_not_corroborate(small_case: Case) -> None:
    first, second = small_case.sources
    # s2 merely repeats s1, so their agreement is circular.
    assert corroboration(small_case, first) is Corroboration.UNCORROBORATED
    second.derived_from = None
    assert corroboration(small_case, first) is Corroboration.CORROBORATED
    small_case.matrix[("q1", "s2")] = Cell.CONTRADICTS
    assert corroboration(small_case, first) is Corroboration.CONTRADICTED
    small_case.matrix[("q1", "s1")] = Cell.SILENT
    assert corroboration(small_case, first) is Corroboration.UNVERIFIABLE
    first.assessment.corroboration_override = Corroboration.CORROBORATED
    assert corroboration(small_case, first) is Corroboration.CORROBORATED


def test_agreement_is_weighed_against_disagreement(small_case: Case) -> None:
    first, second = small_case.sources
    second.derived_from = None
    small_case.sources.append(Source(id="s3", number=3))
    small_case.matrix[("q1", "s3")] = Cell.CONTRADICTS
    third = small_case.sources[2]
    # Two independent sources agree and one disagrees: the pair stands, the outlier falls.
    assert corroboration(small_case, first) is Corroboration.CORROBORATED
    assert corroboration(small_case, third) is Corroboration.CONTRADICTED
    # If the second merely repeats the first, one origin faces one: still corroborated by
    # nobody independent, so the contradiction is what remains.
    second.derived_from = "s1"
    assert corroboration(small_case, first) is Corroboration.CONTRADICTED
