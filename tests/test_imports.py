"""Imports: seed-layout articles, bulk claim lists (LIAR-PLUS, generic CSV, AVeriTeC) and
content-based format detection.

The real datasets live beside the repository (``../shared/datasets``); their tests skip
when it is missing rather than copying data with other licences into the project.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.support import REPO, assert_valid_claimreview
from workbench.config import Config, Organisation
from workbench.formats.article_import import STUB_NOTE, case_from_article
from workbench.formats.bulk import (
    BulkRow,
    estimate_total,
    iter_averitec,
    iter_claim_table,
)
from workbench.formats.case_json import CaseFormatError, case_from_json, case_to_json
from workbench.formats.claimreview import claimreview_document
from workbench.formats.detect import detect_import_format
from workbench.model import Case, Cell, SectionKind, SourceKind, Status, validate_integrity

SHARED = REPO.parent / "shared"
DATASETS = SHARED / "datasets"
SEED = SHARED / "reference" / "seed-article.txt"
CONFIG = Config(organisation=Organisation(name="Example Checks",
                                          review_url="https://checks.example.org/{slug}"))


def shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared folder sits beside the repository)")
    return path


def assert_sound(case: Case) -> None:
    """Every imported case is whole: consistent ids, a lossless JSON form, a ClaimReview."""
    validate_integrity(case)
    assert case_from_json(case_to_json(case)) == case
    document = claimreview_document(case, config=CONFIG)
    assert_valid_claimreview(document)
    assert document["url"].startswith("https://checks.example.org/")
    assert document["reviewRating"]["alternateName"]


# --- articles -------------------------------------------------------------------------------


def test_seed_article_imports_into_its_sections_and_six_stubs() -> None:
    case = case_from_article(shared(SEED).read_text("utf-8"))
    kinds = [section.kind for section in case.sections]
    assert kinds == [SectionKind.EXECUTIVE_SUMMARY] + [SectionKind.BODY] * 5 + [
        SectionKind.BOTTOM_LINE]
    assert case.title == "Did Putin ask to join NATO"
    assert case.claim.text == case.title
    assert case.sections[1].heading.startswith("A former NATO chief\u2019s recollection")
    # Numbered as in the seed: the number stays, so the export numbers it again.
    assert case.sections[-1].heading.startswith("6. Bottom line: what can be said")
    assert all(section.body for section in case.sections)
    assert "donation" not in case_to_json(case)
    assert [source.number for source in case.sources] == [1, 2, 3, 4, 5, 6]
    for source in case.sources:
        assert source.title == ""
        assert source.notes == STUB_NOTE.format(n=source.number)
    assert case.status is Status.DRAFT
    validate_integrity(case)
    assert case_from_json(case_to_json(case)) == case


MARKDOWN = """\
Subscribe to our newsletter.

# Fact check: Is the bridge closed?

## Executive summary

The bridge is closed [1],
says the council.

It reopens in May [2].

## 1. The council notice

The notice [1] lists steps:

1. close the bridge
2. repair it

## 2. Bottom line

Closed until May [1] [3].

## Sources

[1] Council notice, https://council.example/notice.
[2] Local paper report
    continued on a second line
"""


def test_markdown_article_keeps_paragraphs_lists_and_its_source_list() -> None:
    case = case_from_article(MARKDOWN)
    assert case.title == "Is the bridge closed?"
    assert [(s.kind, s.heading) for s in case.sections] == [
        (SectionKind.EXECUTIVE_SUMMARY, "Executive summary"),
        (SectionKind.BODY, "The council notice"),
        (SectionKind.BOTTOM_LINE, "2. Bottom line"),
    ]
    assert case.sections[0].body == (
        "The bridge is closed [1],\nsays the council.\n\nIt reopens in May [2]."
    )
    assert case.sections[1].body.endswith("1. close the bridge\n2. repair it")
    assert case.sections[2].body == "Closed until May [1] [3]."
    first, second, third = case.sources
    assert (first.title, first.url) == ("Council notice", "https://council.example/notice")
    assert second.title == "Local paper report continued on a second line"
    assert (third.number, third.title, third.notes) == (3, "", STUB_NOTE.format(n=3))


def test_plain_variants_and_untagged_titles() -> None:
    text = ("Donate today. Every dollar counts.\nDid the mayor close the bridge?\nSummary\n"
            "Partly [2].\n1) What happened\nIt shut [1].\n2) Why\nRepairs.\nBottom line\nYes.")
    case = case_from_article(text)
    assert case.title == "Did the mayor close the bridge?"
    assert [s.kind for s in case.sections] == [SectionKind.EXECUTIVE_SUMMARY, SectionKind.BODY,
                                               SectionKind.BODY, SectionKind.BOTTOM_LINE]
    assert [s.heading for s in case.sections[1:]] == ["What happened", "Why", "Bottom line"]
    assert [s.number for s in case.sources] == [1, 2]


def test_a_banner_sentence_is_no_title() -> None:
    case = case_from_article("Support us, it helps.\nExecutive Summary\nThe claim fails. Badly.")
    assert case.title == "The claim fails."


@pytest.mark.parametrize("text", ["", "   \n", "Just prose.\nNo headings at all, 1 or 2."])
def test_articles_without_headings_are_refused(text: str) -> None:
    with pytest.raises(CaseFormatError, match="no executive summary or numbered sections"):
        case_from_article(text)


# --- LIAR-PLUS and generic tables -----------------------------------------------------------


def table_rows(path: Path) -> list[BulkRow]:
    return list(iter_claim_table(path))


@pytest.mark.parametrize(("name", "rows", "lines"), [("liar-plus-val2.tsv", 1284, 1284),
                                                     ("liar-plus-test2.tsv", 1267, 1299)])
def test_liar_plus_imports_every_row(name: str, rows: int, lines: int) -> None:
    path = shared(DATASETS / name)
    imported = table_rows(path)
    assert [row.error for row in imported if row.error] == []
    assert len(imported) == rows == estimate_total(path)
    starts = [row.line for row in imported]
    assert starts == sorted(set(starts)) and starts[0] == 1 and starts[-1] <= lines
    for row in imported:
        assert row.case is not None
        assert row.case.scale == "politifact" and row.case.status is Status.DRAFT
        assert_sound(row.case)


def test_liar_plus_fields_land_where_a_fact_checker_looks() -> None:
    case = table_rows(shared(DATASETS / "liar-plus-val2.tsv"))[0].case
    assert case is not None
    assert case.claim.text == "We have less Americans working now than in the 70s."
    assert (case.claim.claimant, case.claim.claimant_role) == ("Vicky Hartzler",
                                                               "U.S. Representative")
    assert case.verdict.rating == "Mostly False"  # barely-true
    assert case.claim.context == "an interview with ABC17 News\nSubjects: economy, jobs"
    assert case.verdict.conclusion.startswith("However, Hartzler was talking about")
    [justification] = [s for s in case.sections if s.kind is SectionKind.BODY]
    assert justification.heading == "PolitiFact's justification (imported)"
    assert justification.body.endswith("(LIAR-PLUS record 12134.json.)")


def liar_line(number: int, label: str = "false", statement: str = "Taxes rose.",
              columns: int = 16) -> str:
    fields = [str(number), f"{number}.json", label, statement, "taxes", "jane-doe", "Mayor",
              "Ohio", "democrat", "0", "0", "0", "0", "0", "a speech", "They fell. Badly."]
    return "\t".join((fields + ["extra"] * columns)[:columns])


def test_bad_liar_rows_are_reported_by_line_and_the_rest_import(tmp_path: Path) -> None:
    path = tmp_path / "claims.tsv"
    lines = [
        liar_line(0),
        liar_line(1, columns=15),
        liar_line(2, statement="  "),
        liar_line(3, label="sort-of"),
        liar_line(4, statement='"Taxes\nrose, twice."'),
        liar_line(5, label="pants-fire"),
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    rows = table_rows(path)
    assert [(row.line, row.error) for row in rows if row.error] == [
        (2, "expected 16 columns, found 15"),
        (3, "empty statement"),
        (4, "unknown label 'sort-of' (expected one of pants-fire, false, barely-true, "
            "half-true, mostly-true, true)"),
    ]
    good = [row for row in rows if row.case]
    assert [row.line for row in good] == [1, 5, 7]
    assert good[1].case is not None and good[1].case.claim.text == "Taxes\nrose, twice."
    assert good[2].case is not None and good[2].case.verdict.rating == "Pants on Fire"
    assert estimate_total(path) == 6


def test_generic_csv_with_a_header(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(
        "\ufeffClaim,Speaker,Date,Rating,URL,Justification,Extra\n"
        "Crime doubled,A. Senator,2026-01-15T09:00:00Z,false,https://e.org/1,Crime fell. A lot.,x\n"
        '"A claim, with a comma\nand a newline",,2025,Misleading,,,\n'
        "Bad date,,15/01/2026,,,,\n"
        "Short row,,\n"
        ",someone,,,,,\n",
        "utf-8",
    )
    rows = list(iter_claim_table(path))
    first, second = rows[0].case, rows[1].case
    assert first is not None and second is not None
    assert (first.claim.claimant, first.claim.date_made) == ("A. Senator", "2026-01-15")
    assert (first.scale, first.verdict.rating, first.verdict.conclusion) == (
        "politifact", "False", "Crime fell.")
    assert first.claim.first_appearance == "https://e.org/1"
    assert second.claim.text == "A claim, with a comma\nand a newline"
    assert (second.scale, second.verdict.conclusion) == ("none", "Misleading")
    assert [(row.line, row.error) for row in rows[2:]] == [
        (5, "date '15/01/2026' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)"),
        (6, "expected 7 columns (as in the header), found 3"),
        (7, "empty claim"),
    ]
    assert estimate_total(path) == 5


def test_a_table_the_csv_reader_gives_up_on_ends_with_one_error(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    huge = "x" * 200_000  # over the csv module's field size limit
    path.write_text(f"claim\nTaxes rose\n\n\"{huge}\"\nNever read\n", "utf-8")
    rows = list(iter_claim_table(path))
    assert rows[0].case is not None
    assert (rows[1].line, rows[1].case) == (4, None)
    assert rows[1].error.startswith("unreadable table (field larger than field limit")
    assert len(rows) == 2


def test_tables_without_a_claim_column_fail_at_once(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("name,age\nAna,40\n", "utf-8")
    with pytest.raises(CaseFormatError, match="line 1: the header has no 'claim'"):
        iter_claim_table(path)
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n", "utf-8")
    assert list(iter_claim_table(empty)) == []
    latin = tmp_path / "latin.csv"
    latin.write_bytes("claim\nCaf\xe9\n".encode("latin-1"))
    with pytest.raises(CaseFormatError, match="not UTF-8"):
        iter_claim_table(latin)
    assert estimate_total(latin) == 0


# --- AVeriTeC -------------------------------------------------------------------------------


def test_averitec_imports_all_500_claims() -> None:
    path = shared(DATASETS / "averitec-dev.json")
    rows = list(iter_averitec(path))
    assert [row.error for row in rows if row.error] == []
    assert len(rows) == 500 == estimate_total(path)
    assert [row.line for row in rows] == list(range(1, 501))
    cases = [row.case for row in rows if row.case is not None]
    assert Counter(case.verdict.rating for case in cases) == {
        "Refuted": 305, "Supported": 122, "Conflicting Evidence/Cherrypicking": 38,
        "Not Enough Evidence": 35}
    for case in cases:
        assert case.scale == "averitec" and case.questions
        assert set(case.matrix.values()) <= {Cell.SUPPORTS, Cell.CONTRADICTS}
        assert_sound(case)


def test_averitec_claim_maps_onto_a_case() -> None:
    case = next(iter_averitec(shared(DATASETS / "averitec-dev.json"))).case
    assert case is not None
    assert case.claim.text.startswith("In a letter to Steve Jobs, Sean Connery")
    assert case.claim.date_made == "2020-10-31"
    assert case.claim.context == "Reporting source: Facebook"
    assert case.verdict.conclusion.startswith("The answer and sources show")
    fact_check, first, second = case.sources
    assert (fact_check.number, fact_check.title, fact_check.kind) == (
        1, "Published fact-check", SourceKind.ANALYSIS)
    assert fact_check.url.startswith("https://checkyourfact.com/2020/11/03/")
    assert fact_check.archived_url.startswith("https://web.archive.org/web/20201130144023/")
    assert first.url == "https://scoopertino.com/exposed-the-imac-disaster-that-almost-was/"
    assert first.title == "scoopertino.com - Web text"
    assert first.excerpts == []  # an abstractive answer is no quotation
    assert "It was first published on Sccopertino" in first.notes
    assert second.excerpts[0].startswith("Scoopertino is an imaginary news organization")
    assert [q.text for q in case.questions] == ["Where was the claim first published",
                                                "What kind of website is Scoopertino"]
    assert case.matrix == {}  # open questions: no cell can be read off them


def averitec_claim(**changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "claim": "The sky is green.", "label": "Refuted", "claim_date": "5-1-2021",
        "speaker": "Ana", "justification": "It is blue. Always.", "questions": [
            {"question": "Is the sky green?", "answers": [
                {"answer": "No", "answer_type": "Boolean", "source_medium": "PDF",
                 "source_url": "https://a.org/r.pdf", "boolean_explanation": "It is blue."},
                {"answer": "Blue skies", "answer_type": "Extractive", "source_medium": "Video",
                 "source_url": "https://b.org/v"},
                {"answer": "No answer could be found.", "answer_type": "Unanswerable",
                 "source_url": "", "source_medium": ""}]},
            {"question": "Was it ever green?", "answers": [
                {"answer": "Yes", "answer_type": "Boolean", "source_medium": "PDF",
                 "source_url": "https://a.org/r.pdf"}]}]}
    record.update(changes)
    return record


def test_averitec_matrix_comes_from_boolean_answers_only(tmp_path: Path) -> None:
    path = tmp_path / "dev.json"
    path.write_text(json.dumps([averitec_claim()]), "utf-8")
    [row] = list(iter_averitec(path))
    case = row.case
    assert case is not None
    assert case.claim.date_made == "2021-01-05"
    report, video = case.sources  # one source per URL; no fact-check article given
    assert (report.kind, video.kind) == (SourceKind.PRIMARY_DOCUMENT, SourceKind.OTHER)
    assert report.excerpts == ["It is blue."] and video.excerpts == ["Blue skies"]
    sky, ever = case.questions
    assert case.matrix == {(sky.id, report.id): Cell.CONTRADICTS,
                           (ever.id, report.id): Cell.SUPPORTS}


def test_bad_averitec_records_are_reported_and_the_rest_import(tmp_path: Path) -> None:
    path = tmp_path / "dev.json"
    records = [averitec_claim(), 7, averitec_claim(claim=""), averitec_claim(label="Maybe"),
               averitec_claim(claim_date="2021/01/05"), averitec_claim(questions={}),
               averitec_claim(questions=[{"question": "Q", "answers": [{"answer": 3}]}]),
               averitec_claim(speaker=None, label="Supported")]
    path.write_text(json.dumps(records), "utf-8")
    rows = list(iter_averitec(path))
    assert [(row.line, row.error) for row in rows if row.error] == [
        (2, "[1] must be an object"),
        (3, "[2].claim is missing"),
        (4, "[3].label 'Maybe' is not an AVeriTeC label"),
        (5, "[4].claim_date '2021/01/05' is not a day-month-year date"),
        (6, "[5].questions must be a list"),
        (7, "[6].questions[0].answers[0].answer must be a string"),
    ]
    assert [row.line for row in rows if row.case] == [1, 8]


def test_averitec_files_that_are_not_lists_fail_at_once(tmp_path: Path) -> None:
    path = tmp_path / "dev.json"
    path.write_text('{"claim": "x"}', "utf-8")
    with pytest.raises(CaseFormatError, match="must be a JSON list of claims"):
        iter_averitec(path)
    path.write_text("[{", "utf-8")
    with pytest.raises(CaseFormatError, match="not valid JSON"):
        iter_averitec(path)
    assert estimate_total(path) == 0


# --- detection ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("case.json", (REPO / "sample_cases" / "putin-nato.json").read_text("utf-8"),
         "case-json"),
        ("old.json", '{"format": "factcheck-workbench/case", "format_version": 9}', "case-json"),
        ("r.json", '{"@type": "ClaimReview", "claimReviewed": "x"}', "claimreview"),
        ("r.jsonld", '[{"@type": ["Review", "ClaimReview"]}]', "claimreview"),
        ("r.txt", '{"@context": "https://schema.org", "@graph": [{"@type": "ClaimReview"}]}',
         "claimreview"),
        ("dev.json", '[{"claim": "x", "label": "Refuted", "questions": []}]', "averitec"),
        ("a.md", "# Is it?\n\n## Executive summary\n\nNo [1].\n", "article"),
        ("a.txt", "Intro, with a comma.\n1. First\nText, text.\n", "article"),
        ("c.txt", "claim,speaker\nTaxes rose,Ana\nCrime fell,Bo\n", "claims-table"),
        ("c.csv", "claim\nTaxes rose\nCrime fell\n", "claims-table"),
        ("c.tsv", "0\t1.json\tfalse\t\"Two\nlines\"\tx\n1\t2.json\ttrue\tOne\tx\n",
         "claims-table"),
    ],
)
def test_detect_by_content(name: str, text: str, expected: str) -> None:
    assert detect_import_format(Path(name), text) == expected


@pytest.mark.parametrize(
    ("name", "path"),
    [("seed", SEED), ("liar", DATASETS / "liar-plus-test2.tsv"),
     ("averitec", DATASETS / "averitec-dev.json")],
)
def test_detect_shared_files(name: str, path: Path) -> None:
    expected = {"seed": "article", "liar": "claims-table", "averitec": "averitec"}[name]
    assert detect_import_format(path, shared(path).read_text("utf-8")) == expected


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("x.json", "", "empty file"),
        ("x.txt", " \n\t\n", "empty file"),
        ("x.json", '{"a": }', "not valid JSON: Expecting value at line 1 column 7"),
        ("x.json", '{"title": "x"}', "JSON but neither a Workbench case, ClaimReview nor"),
        ("x.json", "[1, 2]", "JSON but neither"),
        ("x.md", "[Donate] to us, please.\nThanks", "neither an article"),
        ("x.txt", "Just one line of prose.", "neither an article"),
    ],
)
def test_detect_refuses_what_no_importer_reads(name: str, text: str, message: str) -> None:
    with pytest.raises(CaseFormatError, match=message.replace("(", r"\(")):
        detect_import_format(Path(name), text)
