"""The field registry: every editable value of a case described once, for the command line
and both forms.

``workbench set`` must keep accepting every path it ever did, with the same words when it
refuses one; the forms read their labels, kinds and validation from the same descriptions.
"""

from __future__ import annotations

import pytest

from tests.support import matrix_case
from workbench.fields import (
    DATE_HINT,
    FIELDS,
    FieldError,
    Kind,
    case_part,
    event_range_problem,
    set_field,
)
from workbench.model import (
    Case,
    Confidence,
    Motive,
    Question,
    Section,
    SectionKind,
)

#: Every path ``workbench set`` accepted before the registry, with a value it takes.
PATHS_BEFORE = {
    "title": "A title", "language": "de",
    "claim.text": "Words", "claim.claimant": "Someone", "claim.claimant_role": "Mayor",
    "claim.date_made": "2017-06", "claim.first_appearance": "https://example.org",
    "claim.context": "At a rally",
    "verdict.rating": "False", "verdict.conclusion": "No.", "verdict.confidence": "high",
    "verdict.checked_on": "2024",
    "section:1.heading": "Summary", "section:1.body": "Text [1].",
    "section:1.kind": "bottom line", "question:1.text": "Was it?",
    **{f"source:1.{name}": "text" for name in (
        "title", "author", "outlet", "url", "archived_url", "notes", "motive_note",
        "dispute_note", "corroboration_note")},
    **{f"source:1.{name}": "2001-02-03" for name in (
        "date_published", "event_date", "event_date_end", "date_accessed")},
    "source:1.kind": "interview", "source:1.motive": "self-justification",
    "source:1.credibility": "3", "source:1.amid_dispute": "no",
}
@pytest.mark.parametrize(("path", "value", "expected"), [
    ("source:1.reliability", "B", "B"), ("source:1.reliability", "b", "B"),
    ("source:1.credibility", "2 - probably true", "2"),
])
def test_a_value_or_its_label_as_shown_is_taken(path: str, value: str, expected: str) -> None:
    """A stored value with capitals ("B") and a label with a hyphen are both taken."""
    case = small_case()
    set_field(case, path, value)
    assessment = case.sources[0].assessment
    field = path.rpartition(".")[2]
    assert getattr(assessment, field).value == expected


def small_case() -> Case:
    case = matrix_case()
    case.sections = [Section(id="s1", heading="Intro")]
    case.questions = [Question(id="q1", text="Q")]
    return case


@pytest.mark.parametrize("path", sorted(PATHS_BEFORE))
def test_every_path_set_took_before_is_still_taken(path: str) -> None:
    case = small_case()
    change = set_field(case, path, PATHS_BEFORE[path])
    assert change.path == path
    assert change.after != change.before


@pytest.mark.parametrize(("path", "value", "message"), [
    ("claim.mood", "x", "claim has no field 'mood'; it has: text, claimant, "),
    ("source:1.date_published", "May",
     "'May' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"),
    ("verdict.confidence", "sure", "'sure' is not one of: low, medium, high"),
    ("section:1.kind", "", "'' is not one of: executive_summary, body, bottom_line"),
    ("source:1.amid_dispute", "maybe", "'maybe' is not yes, no or empty"),
    ("source:9.title", "x", "the case has no source [9]"),
    ("section:7.heading", "x", "the case has no section 7: its one body section is section:1"),
    ("mood.text", "x", "'mood' is not a part of the case; use title, claim.FIELD, "),
])
def test_refusals_keep_their_words(path: str, value: str, message: str) -> None:
    case = small_case()
    before = case.updated
    with pytest.raises(FieldError) as refused:
        set_field(case, path, value)
    assert str(refused.value).startswith(message)
    assert case.updated == before


@pytest.mark.parametrize(("text", "why"), [
    ("2018-02-30", "February 2018 has 28 days"),
    ("2018-04-31", "April 2018 has 30 days"),
    ("2018-01-00", "there is no day 00 (days go from 01)"),
])
def test_a_day_the_month_lacks_is_named_as_such(text: str, why: str) -> None:
    case = small_case()
    with pytest.raises(FieldError) as refused:
        set_field(case, "claim.date_made", text)
    assert str(refused.value) == f"{text} is not a date: {why}"
    assert FIELDS["source"]["event_date"].problem(text) == why


def test_dates_that_exist_are_kept_trimmed() -> None:
    case = small_case()
    set_field(case, "verdict.checked_on", " 2016-02-29 ")
    assert case.verdict.checked_on == "2016-02-29"
    date = FIELDS["verdict"]["checked_on"]
    assert date.problem("") is date.problem("2016") is date.problem("2016-02-29") is None
    assert date.problem("June") == date.problem("2021-1") == DATE_HINT


def test_lists_take_one_item_per_line_and_excerpts_one_per_paragraph() -> None:
    case = small_case()
    set_field(case, "claim.appearances", " https://a.example \n\n https://b.example\n")
    assert case.claim.appearances == ["https://a.example", "https://b.example"]
    set_field(case, "source:2.excerpts", "One,\nover two lines.\n \nTwo.")
    assert case.sources[1].excerpts == ["One,\nover two lines.", "Two."]


def test_assessment_fields_are_written_into_the_assessment() -> None:
    case = small_case()
    set_field(case, "source:2.motive", "reputational")
    assert case.sources[1].assessment.motive is Motive.REPUTATIONAL
    set_field(case, "source:2.corroboration_override", "corroborated")
    assert case.sources[1].assessment.corroboration_override is not None
    field = FIELDS["source"]["motive"]
    assert field.read(case.sources[1]) is Motive.REPUTATIONAL


def test_paths_labels_and_kinds() -> None:
    assert FIELDS["claim"]["text"].path == "claim.text"
    assert FIELDS["case"]["title"].path == "title"
    assert FIELDS["source"]["title"].path == "source:N.title"
    assert FIELDS["source"]["event_date"].label == "Events (from)"
    assert FIELDS["claim"]["date_made"].placeholder == "YYYY-MM-DD"
    assert FIELDS["claim"]["first_appearance"].kind is Kind.URL
    assert FIELDS["verdict"]["established"].kind is Kind.LIST
    assert FIELDS["verdict"]["established"].multiline
    assert not FIELDS["source"]["title"].multiline
    confidence = FIELDS["verdict"]["confidence"]
    assert confidence.choices == [(level.label, level) for level in Confidence]
    assert [value for _, value in FIELDS["source"]["amid_dispute"].choices] == [True, False]


def every_field() -> list[tuple[str, str]]:
    return [(part, name) for part, fields in FIELDS.items() for name in fields]


def holder(case: Case, part: str) -> object:
    if part in ("case", "claim", "verdict"):
        return case_part(case, part)
    return {"source": case.sources[0], "section": case.sections[0],
            "question": case.questions[0]}[part]


@pytest.mark.parametrize(("part", "name"), list(every_field()))
def test_every_value_reads_back_as_text_that_parses_to_it(part: str, name: str) -> None:
    """What a form shows for a stored value is what it stores again if left untouched."""
    case = small_case()
    case.sections[0].kind = SectionKind.BOTTOM_LINE
    field = FIELDS[part][name]
    value = field.read(holder(case, part))
    assert field.parse(field.as_text(value)) == value


def test_event_range_needs_a_start_that_comes_first() -> None:
    assert event_range_problem("", "") is None
    assert event_range_problem("", "2000") == "the range needs a start date (Events from)"
    assert event_range_problem("2000-06", "2000-05") == "the events end before they start"
    # Partial dates are spans: an end in the month its start day falls in is fine.
    assert event_range_problem("2000-06-01", "2000-06") is None
    # A start that is no date is its own field's problem, not the range's.
    assert event_range_problem("June", "2000") is None


def test_the_forms_show_the_registrys_reasons() -> None:
    from workbench.tui.claim_pane import date_error
    from workbench.tui.source_form import date_problem

    assert date_error("2018-02-30") == (
        "✗ not a date, not saved: February 2018 has 28 days"
    )
    dates = {"date_published": "2018-02-30", "event_date": "", "event_date_end": "",
             "date_accessed": ""}
    assert date_problem("date_published", dates) == (
        "February 2018 has 28 days"
    )

