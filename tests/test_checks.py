"""Readiness checks: each check fires on the fault it names and stays quiet on a clean case."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from tests.strategies import cases
from tests.support import REPO
from workbench.analysis import checks as checks_module
from workbench.analysis.balance import evidence_balance
from workbench.analysis.checks import (
    CODES,
    RATING_ENDS,
    Finding,
    Location,
    Severity,
    has_errors,
    run_checks,
)
from workbench.analysis.citations import cited_numbers, find_citations
from workbench.analysis.corroboration import computed_corroboration
from workbench.analysis.quotes import find_quotes, matches_excerpt
from workbench.formats.case_json import case_from_json
from workbench.model import (
    AnchorKind,
    Assessment,
    Case,
    Cell,
    Claim,
    Comment,
    Corroboration,
    Motive,
    Question,
    ReplyRequest,
    Section,
    SectionKind,
    Source,
    Verdict,
)
from workbench.scales import RatingScale, builtin_scales, scale_from_table


def load_sample(name: str) -> Case:
    return case_from_json((REPO / "sample_cases" / name).read_text("utf-8"))


def dated(source_id: str, number: int, excerpt: str, **fields: object) -> Source:
    """A source with everything the checks ask of it."""
    return Source(
        id=source_id, number=number, title=f"Source {number}", excerpts=[excerpt],
        date_published="2024-03-01", event_date="2024-02-20",
        assessment=Assessment(motive=Motive.NONE_APPARENT), **fields,  # type: ignore[arg-type]
    )


@pytest.fixture
def clean() -> Case:
    """A finished case that no check has anything to say about."""
    return Case(
        id="clean", title="Is the bridge closed?", scale="politifact",
        claim=Claim(text="The bridge has been closed since March", claimant="A. Mayor"),
        verdict=Verdict(rating="True", conclusion="True: the council closed it on 1 March."),
        questions=[Question(id="q1", text="Is it closed?"),
                   Question(id="q2", text="Since March?")],
        sources=[
            dated("s1", 1, "The bridge will be closed to all traffic from 1 March."),
            dated("s2", 2, "Barriers went up across the bridge on Friday morning."),
            dated("s3", 3, "Traffic counts on the bridge fell to zero in March."),
        ],
        sections=[
            Section(id="sum", kind=SectionKind.EXECUTIVE_SUMMARY, heading="Executive summary",
                    body="The bridge is closed, as the council said it would be [1] [2]."),
            Section(id="b1", heading="The council notice",
                    body='The notice says it "will be closed to all traffic from 1 March" [1].'
                         "\n\nA reporter saw the barriers go up [2]."),
            Section(id="b2", heading="Traffic counts", body="Counts fell to zero [3]."),
            Section(id="end", kind=SectionKind.BOTTOM_LINE, heading="Bottom line",
                    body="Closed since March [1, 3]."),
        ],
        matrix={("q1", "s1"): Cell.SUPPORTS, ("q1", "s2"): Cell.SUPPORTS,
                ("q2", "s1"): Cell.SUPPORTS, ("q2", "s3"): Cell.SUPPORTS},
        comments=[Comment(id="c1", anchor_kind=AnchorKind.SECTION, anchor_id="b1",
                          author="ed", body="Quote checked?", resolved=True)],
        replies=[ReplyRequest(id="r1", name="A. Mayor", claimant=True, date="2026-03-02",
                              asked="Is the bridge closed?")],
    )


def codes(case: Case, **kwargs: object) -> list[str]:
    return [finding.code for finding in run_checks(case, **kwargs)]  # type: ignore[arg-type]


def only(case: Case, code: str) -> Finding:
    found = [finding for finding in run_checks(case) if finding.code == code]
    assert len(found) == 1, found
    return found[0]


def section(case: Case, section_id: str) -> Section:
    return next(s for s in case.sections if s.id == section_id)


# The clean case.


def test_a_clean_case_has_no_findings(clean: Case) -> None:
    assert run_checks(clean) == []
    assert not has_errors([])


# Errors.


def test_citation_without_source_once_per_section_and_number(clean: Case) -> None:
    section(clean, "b1").body += " See also [7] and [7, 9]."
    section(clean, "b2").body += " And [7]."
    found = [f for f in run_checks(clean) if f.code == "citation-without-source"]
    assert [(f.where.id, f.severity) for f in found] == [
        ("b1", Severity.ERROR), ("b1", Severity.ERROR), ("b2", Severity.ERROR)
    ]
    assert found[0].message == (
        'Section 1 "The council notice" cites [7], but the case has no source [7]'
    )
    assert found[0].fix == 'Add source [7] or change the citation in section 1 "The council notice"'
    assert "[9]" in found[1].message
    assert has_errors(found)


def test_no_claim_text(clean: Case) -> None:
    clean.claim.text = "  \n"
    finding = only(clean, "no-claim-text")
    assert finding.where == Location("claim", "", "claim")


def test_no_rating(clean: Case) -> None:
    clean.verdict.rating = ""
    finding = only(clean, "no-rating")
    assert finding.where.kind == "verdict"
    assert "Mostly True" in finding.fix


def test_no_rating_is_fine_on_the_no_rating_scale(clean: Case) -> None:
    clean.scale, clean.verdict.rating = "none", ""
    assert run_checks(clean) == []


def test_rating_not_on_the_scale(clean: Case) -> None:
    clean.verdict.rating = "Mixture"  # Snopes, not PolitiFact
    assert "rating-not-on-scale" in codes(clean)
    clean.verdict.rating = "mostly true"  # labels match whatever the case
    assert "rating-not-on-scale" not in codes(clean)
    clean.scale, clean.verdict.rating = "none", "True"
    assert only(clean, "rating-not-on-scale").fix.startswith("Clear the rating")


def test_unknown_scale_and_a_configured_one(clean: Case) -> None:
    clean.scale, clean.verdict.rating = "house", "Accurate"
    finding = only(clean, "unknown-scale")
    assert finding.severity is Severity.ERROR
    assert "politifact" in finding.fix
    house = scale_from_table("house", {"ratings": [{"label": "Accurate"}]})
    scales: dict[str, RatingScale] = {**builtin_scales(), "house": house}
    assert run_checks(clean, scales=scales) == []


def test_no_conclusion_is_an_error_only_without_a_rating(clean: Case) -> None:
    clean.verdict.conclusion = ""
    assert only(clean, "no-conclusion").severity is Severity.WARNING
    clean.scale, clean.verdict.rating = "none", ""
    assert only(clean, "no-verdict").severity is Severity.ERROR


@pytest.mark.parametrize(
    ("kind", "code"),
    [(SectionKind.EXECUTIVE_SUMMARY, "no-executive-summary"),
     (SectionKind.BOTTOM_LINE, "no-bottom-line")],
)
def test_missing_summary_or_bottom_line(clean: Case, kind: SectionKind, code: str) -> None:
    clean.sections = [s for s in clean.sections if s.kind is not kind]
    assert only(clean, code).where.kind == "case"


def test_empty_section(clean: Case) -> None:
    section(clean, "b2").body = " \n\n "
    finding = only(clean, "empty-section")
    assert finding.where == Location("section", "b2", 'section 2 "Traffic counts"')
    assert finding.fix == 'Write section 2 "Traffic counts", or delete it'
    assert "section-without-citation" not in codes(clean)  # one finding is enough
    section(clean, "end").body = ""
    assert "The bottom line is empty" in [f.message for f in run_checks(clean)]


# Warnings: sources.


def test_source_not_cited(clean: Case) -> None:
    clean.sources.append(dated("s4", 4, "Unused."))
    clean.matrix[("q1", "s4")] = Cell.SUPPORTS
    assert only(clean, "source-not-cited").where == Location("source", "s4", "source [4]")


def test_source_citations_in_any_section_count(clean: Case) -> None:
    section(clean, "b2").body = "Counts fell to zero."  # [3] is still cited in the bottom line
    assert codes(clean) == ["section-without-citation"]


def test_each_missing_assessment_aspect_is_its_own_finding(clean: Case) -> None:
    clean.sources[2] = Source(id="s3", number=3, title="Bare")
    del clean.matrix[("q2", "s3")]
    found = [(f.code, f.where.id) for f in run_checks(clean) if f.code.startswith("source-")]
    assert found == [
        ("source-without-motive", "s3"),
        ("source-without-timing", "s3"),
        ("source-without-corroboration", "s3"),
    ]
    timing = only(clean, "source-without-timing")
    assert "neither a publication date nor a date for the events" in timing.message


def test_undated_because_of_a_bad_date(clean: Case) -> None:
    clean.sources[0].event_date = "last spring"
    assert "YYYY-MM-DD" in only(clean, "source-without-timing").message


def test_corroboration_override_counts_as_an_assessment(clean: Case) -> None:
    clean.matrix = {key: cell for key, cell in clean.matrix.items() if key[1] != "s3"}
    clean.matrix[("q2", "s2")] = Cell.SUPPORTS
    assert "source-without-corroboration" in codes(clean)
    clean.sources[2].assessment.corroboration_override = Corroboration.UNVERIFIABLE
    assert "source-without-corroboration" not in codes(clean)


@settings(max_examples=60, deadline=None)
@given(cases())
def test_corroboration_warning_agrees_with_the_matrix(case: Case) -> None:
    warned = {f.where.id for f in run_checks(case) if f.code == "source-without-corroboration"}
    expected = {
        source.id
        for source in case.sources
        if source.assessment.corroboration_override is None
        and computed_corroboration(case, source) is Corroboration.UNVERIFIABLE
    }
    assert warned == expected


# Warnings: sections.


def test_body_section_without_citation(clean: Case) -> None:
    section(clean, "b2").body = "Counts fell to zero."
    section(clean, "end").body = "Closed since March [1] [3]."
    assert only(clean, "section-without-citation").where.id == "b2"


def test_summary_and_bottom_line_need_no_citation(clean: Case) -> None:
    section(clean, "sum").body = "The bridge is closed."
    section(clean, "end").body = "Closed since March."
    section(clean, "b2").body = "Counts fell to zero [3] [2]."
    assert "section-without-citation" not in codes(clean)


def test_quote_not_in_source(clean: Case) -> None:
    section(clean, "b2").body = 'The council said "the bridge will reopen in April" [3].'
    finding = only(clean, "quote-not-in-source")
    assert finding.where.id == "b2"
    assert '"the bridge will reopen in April"' in finding.message
    assert "source [3]" in finding.message


def test_quote_without_excerpts(clean: Case) -> None:
    clean.sources[2].excerpts = []
    section(clean, "b2").body = 'Counts show "no cars crossed at all" [3].'
    finding = only(clean, "quote-without-excerpts")
    assert "source [3] has no excerpts to check against" in finding.message


def test_a_quote_matching_any_cited_source_passes(clean: Case) -> None:
    section(clean, "b2").body = (
        "Two accounts agree [2] [3]: “barriers went up across the bridge” on Friday."
    )
    assert "quote-not-in-source" not in codes(clean)


def test_a_quotation_of_the_claim_itself_is_not_flagged() -> None:
    case = load_sample("putin-nato.json")
    summary = next(s for s in case.sections if s.kind is SectionKind.EXECUTIVE_SUMMARY)
    summary.body += (
        " The claim \u2014 \u201cPutin asked to join NATO\u201d \u2014 holds in part [1] [2]."
    )
    assert not [f for f in run_checks(case) if f.code.startswith("quote-")]


def test_a_quotation_that_changes_the_claims_number_is_still_flagged(clean: Case) -> None:
    clean.claim.text = "The bridge has been closed since 1 March"
    section(clean, "b2").body = 'Some say "the bridge has been closed since 3 March" [3].'
    assert only(clean, "quote-not-in-source").where.id == "b2"
    section(clean, "b2").body = 'Some say "the bridge has been closed since 1 March" [3].'
    assert "quote-not-in-source" not in codes(clean)


def test_short_quotes_and_uncited_quotes_are_not_checked(clean: Case) -> None:
    section(clean, "b2").body = 'A "so-called closure" [3].\n\n«Nobody cited this one at all».'
    assert codes(clean) == []


# Warnings: questions and the matrix.


def test_question_without_evidence(clean: Case) -> None:
    clean.questions.append(Question(id="q3", text="Will it reopen?"))
    clean.matrix[("q3", "s1")] = Cell.SILENT  # silence takes no side
    finding = only(clean, "question-without-evidence")
    assert finding.where == Location("question", "q3", 'question "Will it reopen?"')


def test_single_source_question(clean: Case) -> None:
    del clean.matrix[("q2", "s3")]
    finding = only(clean, "single-source-question")
    assert finding.where.id == "q2"
    assert "source [1] alone" in finding.message
    clean.sources[0].assessment.corroboration_override = Corroboration.CORROBORATED
    assert "single-source-question" not in codes(clean)


def test_a_contradicting_source_is_not_a_single_source(clean: Case) -> None:
    clean.matrix[("q2", "s3")] = Cell.CONTRADICTS
    clean.verdict.rating = "Half True"
    clean.verdict.conclusion = "Half True: the council closed it on 1 March."
    assert codes(clean) == []


def test_circular_reporting(clean: Case) -> None:
    clean.sources[1].derived_from = "s1"
    finding = only(clean, "circular-reporting")
    assert finding.where.id == "q1"
    assert "sources [1] and [2] support it, but all derive from source [1]" in finding.message


def test_circular_reporting_on_the_contradicting_side(clean: Case) -> None:
    clean.sources.append(dated("s4", 4, "Four.", derived_from="s3"))
    clean.sources.append(dated("s5", 5, "Five.", derived_from="s4"))
    section(clean, "b2").body += " Others disagree [4] [5]."
    clean.matrix.update({("q1", "s4"): Cell.CONTRADICTS, ("q1", "s5"): Cell.CONTRADICTS})
    finding = only(clean, "circular-reporting")
    assert "sources [4] and [5] contradict it, but all derive from source [3]" in finding.message


def test_the_small_case_repeats_one_origin(small_case: Case) -> None:
    assert "circular-reporting" in codes(small_case)


# Warnings: rating against the evidence.


def test_true_rating_while_evidence_leans_against_the_claim(clean: Case) -> None:
    clean.sources.append(dated("s4", 4, "Four."))
    section(clean, "b2").body += " Not so, says [4]."
    clean.matrix.update({("q2", "s3"): Cell.CONTRADICTS, ("q2", "s4"): Cell.CONTRADICTS})
    finding = only(clean, "rating-against-evidence")
    assert finding.where.kind == "verdict"
    assert 'question "Since March?" (2 independent against, 1 for)' in finding.message
    clean.verdict.rating = "Half True"
    assert "rating-against-evidence" not in codes(clean)


def test_false_rating_while_the_matrix_only_supports(clean: Case) -> None:
    clean.verdict.rating = "Pants on Fire"
    assert "is at the false end of the scale" in only(clean, "rating-against-evidence").message
    clean.matrix[("q2", "s3")] = Cell.CONTRADICTS
    clean.matrix[("q2", "s2")] = Cell.CONTRADICTS
    assert "rating-against-evidence" not in codes(clean)


def test_rating_ends_name_real_labels() -> None:
    for scale_id, ends in RATING_ENDS.items():
        labels = {rating.label for rating in builtin_scales()[scale_id].ratings}
        assert ends.true | ends.false <= labels
        assert not ends.true & ends.false


def test_evidence_balance_counts_origins(clean: Case) -> None:
    clean.sources[1].derived_from = "s1"
    q1, q2 = evidence_balance(clean)
    assert q1.supporting == ("s1", "s2")
    assert q1.supporting_origins == {"s1"}
    assert q2.leaning is Cell.SUPPORTS


# Warnings: review.


def test_open_comments_one_finding_each_at_their_anchor(clean: Case) -> None:
    clean.comments += [
        Comment(id="c2", anchor_kind=AnchorKind.SOURCE, anchor_id="s2", author="ed",
                body="Which edition?"),
        Comment(id="c3", anchor_kind=AnchorKind.QUESTION, anchor_id="q1", body="Define closed"),
        Comment(id="c4", anchor_kind=AnchorKind.CASE, body="Headline?"),
        Comment(id="c5", anchor_kind=AnchorKind.SECTION, anchor_id="gone", author="ed",
                body="Line\nbreak"),
    ]
    found = [(f.where.kind, f.where.id) for f in run_checks(clean) if f.code == "open-comment"]
    assert found == [("case", ""), ("source", "s2"), ("question", "q1"), ("comment", "c5")]
    messages = [f.message for f in run_checks(clean)]
    assert 'Open review comment by ed on source [2]: "Which edition?"' in messages
    assert 'Open review comment by ed: "Line break"' in messages


# Order, shape and wording of findings.


def test_errors_first_then_reading_order(clean: Case) -> None:
    clean.comments[0].resolved = False
    clean.verdict.conclusion = ""
    section(clean, "end").body = "Closed [8]."
    section(clean, "b1").body += " See [9]."
    clean.sources[0].assessment.motive = None
    found = [(f.severity, f.where.kind, f.where.id) for f in run_checks(clean)]
    assert found == [
        (Severity.ERROR, "section", "b1"),
        (Severity.ERROR, "section", "end"),
        (Severity.WARNING, "verdict", ""),
        (Severity.WARNING, "section", "b1"),
        (Severity.WARNING, "source", "s1"),
    ]


def test_section_labels_follow_the_article(clean: Case) -> None:
    section(clean, "b1").heading = "Putin's own later narratives: multiple versions"
    section(clean, "end").heading = "Bottom line: what can be said"
    section(clean, "sum").heading = ""
    for s in clean.sections:
        s.body = "x [99]"
    assert [f.where.label for f in run_checks(clean)][:4] == [
        "the executive summary",
        'section 1 "Putin\'s own later narratives"',
        'section 2 "Traffic counts"',
        "the bottom line",
    ]


def test_to_dict_is_strings_and_acceptance(clean: Case) -> None:
    section(clean, "b2").body = "Zero [4]."
    found = only(clean, "citation-without-source")
    assert found.to_dict() == {
        "code": "citation-without-source",
        "severity": "error",
        "where": 'section 2 "Traffic counts"',
        "message": 'Section 2 "Traffic counts" cites [4], but the case has no source [4]',
        "fix": 'Add source [4] or change the citation in section 2 "Traffic counts"',
        "kind": "section",
        "id": "b2",
        "finding": found.ref,
        "accepted": None,
    }


def test_every_code_is_documented() -> None:
    doc = checks_module.__doc__ or ""
    for code in CODES:
        assert f"``{code}``" in doc


def test_unknown_scale_and_all_ends_of_a_gappy_case_at_once() -> None:
    """A case with nothing in it still gets findings with fixes, and no exception."""
    empty = Case(scale="nowhere")
    empty.questions = [Question(id="q", text="")]
    empty.sections = [Section(id="s", heading="")]
    assert [(f.code, f.where.label) for f in run_checks(empty)] == [
        ("unknown-scale", "case"),
        ("no-executive-summary", "case"),
        ("no-bottom-line", "case"),
        ("no-claim-text", "claim"),
        ("empty-section", "section 1"),
        ("no-conclusion", "verdict"),
        ("question-without-evidence", "question 1"),
    ]


@settings(max_examples=100, deadline=None)
@given(cases())
def test_every_finding_is_one_line_with_a_fix(case: Case) -> None:
    findings = run_checks(case)
    for finding in findings:
        assert CODES[finding.code] is finding.severity
        assert finding.message and len(finding.message.splitlines()) == 1
        assert finding.fix and len(finding.fix.splitlines()) == 1
        assert finding.where.label and len(finding.where.label.splitlines()) == 1
    severities = [finding.severity for finding in findings]
    assert severities == sorted(severities, key=lambda s: s is not Severity.ERROR)
    assert has_errors(findings) == (Severity.ERROR in severities)


# The sample cases.


def test_the_putin_sample_has_no_errors() -> None:
    findings = run_checks(load_sample("putin-nato.json"))
    assert not has_errors(findings), [f.message for f in findings if f.severity == "error"]
    assert {f.code for f in findings} <= {"source-without-timing", "source-without-corroboration",
                                          "claimant-not-contacted"}


def test_the_corrected_sample_has_no_errors() -> None:
    assert not has_errors(run_checks(load_sample("cruz-supreme-court-size.json")))


def test_the_draft_sample_shows_its_gaps() -> None:
    findings = run_checks(load_sample("obama-carbon-pollution.json"))
    errors = [(f.code, f.where.id) for f in findings if f.severity is Severity.ERROR]
    assert errors == [
        ("citation-without-source", "sec-total"),
        ("empty-section", "sec-bottom-line"),
    ]
    assert "[3]" in next(f.message for f in findings if f.code == "citation-without-source")
    assert ("open-comment", "sec-total") in [(f.code, f.where.id) for f in findings]


# Citations.


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Said so [1].", [1]),
        ("Both [1] [3].", [1, 3]),
        ("Both [1][3].", [1, 3]),
        ("Both [1, 3] and [ 2 ,4 ].", [1, 3, 2, 4]),
        ("Twelve [12], again [12] and [1].", [12, 1]),
        ("A link [see](http://x) and [1](http://x) and ![2](img.png).", []),
        ("A footnote[^1] and [^note].", []),
        ("A reference link [text][4] or [text][] is not a citation.", []),
        ("[5]: https://example.org is a link definition", []),
        ("Shown in [5]: the figures.", [5]),
        ("Code `a[1]` and\n```\nx = b[2]\n```\nbut [3].", [3]),
        ("Not numbers [a] [1a] [] [-1].", []),
        ("A citation [1][see] that opens a reference link.", []),
    ],
)
def test_cited_numbers(text: str, numbers: list[int]) -> None:
    assert cited_numbers(text) == numbers


def test_find_citations_gives_offsets() -> None:
    text = "Yes [1, 3] no"
    assert [(c.number, text[c.start:c.end]) for c in find_citations(text)] == [
        (1, "[1, 3]"), (3, "[1, 3]"),
    ]


# Quotations.


def test_quotes_are_attributed_to_their_sentence_first() -> None:
    body = (
        'Robertson said Putin "wanted to be invited to join." [1] Putin said so too [2].\n\n'
        "Later, «Russia was turned away by the West» he said, and others agreed [3] [4]."
        '\n\nNo citation here: "these words are never checked".'
    )
    assert [(q.text, q.cited) for q in find_quotes(body)] == [
        ("wanted to be invited to join.", (1,)),
        ("Russia was turned away by the West", (3, 4)),
        ("these words are never checked", ()),
    ]


def test_a_quote_without_a_citation_in_its_sentence_takes_the_paragraphs() -> None:
    body = "Putin said “the West spurned every offer we made”. Robertson disagreed [1]."
    assert find_quotes(body)[0].cited == (1,)


def test_matches_excerpt_ignores_case_and_typography() -> None:
    excerpt = "He said: “We didn\u2019t stand in line with countries that don\u2019t matter.”"
    assert matches_excerpt("we didn't stand in line", [excerpt])
    assert matches_excerpt("We did not stand in line with countries", [excerpt])
    assert not matches_excerpt("we wanted to apply like everyone else", [excerpt])
    assert not matches_excerpt("anything at all", [])


def test_a_short_excerpt_does_not_vouch_for_a_longer_quote() -> None:
    assert not matches_excerpt(
        "stand in line and then we will take over the whole alliance", ["stand in line"]
    )
