"""The project's case JSON: lossless, canonical, and strict about bad documents."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

from tests.strategies import cases
from workbench.formats.case_json import (
    FORMAT_NAME,
    CaseFormatError,
    case_from_json,
    case_to_dict,
    case_to_json,
)
from workbench.model import Case

LISTS = ("questions", "sources", "sections", "matrix", "comments", "events", "publications",
         "corrections")


@settings(max_examples=150, deadline=None)
@given(case=cases())
def test_json_round_trip_is_lossless(case: Case) -> None:
    text = case_to_json(case)
    again = case_from_json(text)
    assert again == case
    assert case_to_json(again) == text


def test_document_is_versioned_and_names_its_lists(small_case: Case) -> None:
    document = json.loads(case_to_json(small_case))
    assert document["format"] == FORMAT_NAME
    assert document["format_version"] == 2
    for name in LISTS:
        assert isinstance(document[name], list)
    assert document["matrix"][0] == {"question": "q1", "source": "s1", "value": "supports"}
    assert document["sources"][1]["derived_from"] == "s1"


def _broken(small_case: Case, change) -> str:
    document = case_to_dict(small_case)
    change(document)
    return json.dumps(document)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="something-else"), "not a Workbench case"),
        (lambda d: d.update(format_version=99), "version 99"),
        (lambda d: d.pop("id"), "id is missing"),
        (lambda d: d.update(status="finished"), "status is 'finished'"),
        (lambda d: d["sources"][0].update(number=0), r"sources\[0\].number"),
        (lambda d: d["sources"][0].update(kind="rumour"), r"sources\[0\].kind"),
        (lambda d: d["sources"][0].update(date_published="May 2020"), "must be a date"),
        (lambda d: d["sources"][1].update(derived_from="ghost"), "derived from 'ghost'"),
        (lambda d: d["sources"][1].update(number=1), "share a citation number"),
        (lambda d: d["matrix"].append({"question": "q9", "source": "s1", "value": "silent"}),
         "question 'q9'"),
        (lambda d: d["sources"][0]["assessment"].update(amid_dispute="yes"), "amid_dispute"),
        (lambda d: d.update(sources={}), "sources must be a list"),
        (lambda d: d["claim"].update(appearances="http://x"), "list of strings"),
    ],
)
def test_bad_documents_get_one_clear_line(small_case: Case, change, message: str) -> None:
    with pytest.raises(CaseFormatError, match=message) as raised:
        case_from_json(_broken(small_case, change))
    assert "\n" not in str(raised.value)


def test_version_1_documents_still_import(small_case: Case) -> None:
    """Version 1 had events without ids or targets, and comments without who resolved them."""
    document = case_to_dict(small_case)
    document["format_version"] = 1
    document["events"] = [
        {"at": "2025-03-10T09:00:00Z", "who": "r.alvarez", "action": "created", "detail": "x"},
        {"at": "2025-03-11T09:00:00Z", "who": "k.mensah", "action": "status",
         "detail": "draft -> in review"},
    ]
    document["comments"] = [{"id": "c1", "anchor_kind": "verdict", "anchor_id": "",
                             "author": "k", "created": "", "body": "Why?", "resolved": True,
                             "reply_to": None}]
    case = case_from_json(json.dumps(document))
    assert [(e.id, e.who, e.field, e.before) for e in case.events] == [
        ("event-1", "r.alvarez", "", None), ("event-2", "k.mensah", "", None)]
    assert (case.comments[0].resolved_by, case.comments[0].resolved_at) == ("", "")
    again = json.loads(case_to_json(case))
    assert again["format_version"] == 2
    assert again["events"][1] == {
        "id": "event-2", "at": "2025-03-11T09:00:00Z", "who": "k.mensah", "action": "status",
        "target_kind": "", "target_id": "", "field": "", "before": None, "after": None,
        "detail": "draft -> in review"}


def test_version_2_events_need_ids(small_case: Case) -> None:
    document = case_to_dict(small_case)
    document["events"] = [{"at": "2025-03-10T09:00:00Z"}]
    with pytest.raises(CaseFormatError, match=r"events\[0\].id is missing"):
        case_from_json(json.dumps(document))
    document["format_version"] = True
    with pytest.raises(CaseFormatError, match="version True"):
        case_from_json(json.dumps(document))


def test_not_json_at_all() -> None:
    with pytest.raises(CaseFormatError, match=r"not valid JSON: .* line 1"):
        case_from_json("{nope")
    with pytest.raises(CaseFormatError, match="must be an object"):
        case_from_json("[]")
