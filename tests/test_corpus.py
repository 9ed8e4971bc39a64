"""The reference corpus and the queue: prior fact-checks read from the files fact-checkers
publish, searched beside the cases, and backlog claims that become case files when opened."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.support import load, run
from workbench.analysis.matching import match_claims
from workbench.casefile.errors import CaseFileError
from workbench.casefile.library import QUEUED, REFERENCE, Library, ReferenceClaim
from workbench.formats.backlog import queued_claim
from workbench.formats.bulk import iter_claim_table
from workbench.formats.case_json import CaseFormatError
from workbench.formats.corpus import open_queued, read_corpus

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checks.example/bridge",
    "claimReviewed": "The bridge over the river was closed for a year",
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A. Mayor"},
                     "datePublished": "2024-03-02"},
    "author": {"@type": "Organization", "name": "Full Fact"},
    "reviewRating": {"@type": "Rating", "alternateName": "Mostly false"},
    "inLanguage": "en",
}


def _records(path: Path, publisher: str = "") -> list[ReferenceClaim]:
    found = read_corpus(path, publisher=publisher)
    rows = list(found.rows)
    assert all(row.record is not None for row in rows), [row.error for row in rows]
    assert len(rows) == found.total
    return [row.record for row in rows if row.record is not None]


def test_a_table_names_its_columns(tmp_path: Path) -> None:
    table = tmp_path / "checks.csv"
    table.write_text(
        "Claim,Speaker,Date,Verdict,Review URL,Language\n"
        '"Taxes doubled, says Ann",Ann,2024-05-06T10:00:00Z,False,https://x.example/1,en\n'
        "Crime fell,Bo,,True,,\n", "utf-8")
    first, second = _records(table, publisher="Desk")
    assert first == ReferenceClaim("Taxes doubled, says Ann", "Ann", "2024-05-06", "False",
                                   "Desk", "https://x.example/1", "en", "checks.csv:2")
    assert (second.claim, second.url, second.date, second.origin) == (
        "Crime fell", "", "", "checks.csv:3")


def test_a_table_without_a_claim_column_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "checks.csv"
    table.write_text("speaker,rating\nAnn,False\n", "utf-8")
    with pytest.raises(CaseFormatError, match="no 'claim' or 'statement' column"):
        read_corpus(table)


def test_bad_rows_are_reported_by_line_and_the_rest_read(tmp_path: Path) -> None:
    table = tmp_path / "checks.tsv"
    table.write_text("claim\trating\nOne\tFalse\n\tTrue\nThree\tTrue\textra\nFour\tTrue\n",
                     "utf-8")
    rows = list(read_corpus(table).rows)
    assert [(row.line, row.error) for row in rows if row.record is None] == [
        (3, "empty claim"), (4, "expected 2 columns (as in the header), found 3")]
    assert [row.record.claim for row in rows if row.record] == ["One", "Four"]


def test_liar_plus_is_politifact_with_its_labels(tmp_path: Path) -> None:
    fields = ["0", "2635.json", "pants-fire", "Says the moon is cheese.", "space",
              "vicky-hartzler", "Congresswoman", "MO", "republican", *["0"] * 5,
              "a speech", "It is not."]
    table = tmp_path / "liar.tsv"
    table.write_text("\t".join(fields) + "\n", "utf-8")
    [record] = _records(table)
    assert (record.claim, record.claimant, record.rating, record.publisher, record.language) == (
        "Says the moon is cheese.", "Vicky Hartzler", "Pants on Fire", "PolitiFact", "en")
    assert record.origin == "liar.tsv:1 (LIAR-PLUS 2635.json)"


def test_the_liar_plus_files_read_whole() -> None:
    path = DATASETS / "liar-plus-val2.tsv"
    if not path.exists():
        pytest.skip("../shared/datasets is not beside the repository")
    records = _records(path)
    assert len(records) == sum(1 for _ in iter_claim_table(path))
    assert {record.publisher for record in records} == {"PolitiFact"}


def test_averitec_takes_the_fact_checking_article_as_the_review(tmp_path: Path) -> None:
    document = tmp_path / "averitec.json"
    document.write_text(json.dumps([
        {"claim": "Masks do not work.", "speaker": "A. Blogger", "claim_date": "25-8-2020",
         "label": "Refuted", "fact_checking_article":
         "https://web.archive.org/web/2020/https://www.politifact.com/masks/",
         "questions": []},
        {"claim": "", "label": "Refuted"},
    ]), "utf-8")
    rows = list(read_corpus(document).rows)
    assert rows[0].record == ReferenceClaim(
        "Masks do not work.", "A. Blogger", "2020-08-25", "Refuted", "politifact.com",
        "https://www.politifact.com/masks/", "en", "averitec.json record 1 (AVeriTeC)")
    assert (rows[1].line, rows[1].error) == (2, "[1].claim is missing")


@pytest.mark.parametrize(("document", "count"), [
    (REVIEW, 1),
    ([REVIEW, {**REVIEW, "url": "https://checks.example/2"}], 2),
    ({"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, REVIEW]}, 1),
    ({"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [
        {"@type": "DataFeedItem", "item": REVIEW},
        {"@type": "DataFeedItem", "item": [{**REVIEW, "url": "https://checks.example/2"}]},
        {**REVIEW, "url": "https://checks.example/3"},
    ]}, 3),
], ids=["record", "list", "graph", "datafeed"])
def test_claimreview_in_every_shape(tmp_path: Path, document: object, count: int) -> None:
    path = tmp_path / "feed.jsonld"
    path.write_text(json.dumps(document), "utf-8")
    records = _records(path)
    assert len(records) == count
    assert {record.claim for record in records} == {
        "The bridge over the river was closed for a year"}
    assert (records[0].claimant, records[0].date, records[0].rating, records[0].publisher,
            records[0].url, records[0].language) == (
        "A. Mayor", "2024-03-02", "Mostly false", "Full Fact", "https://checks.example/bridge",
        "en")
    assert [record.url for record in records] == [
        f"https://checks.example/{name}" for name in ("bridge", "2", "3")[:count]]


def test_json_that_holds_no_checks_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"@type": "WebPage"}', "utf-8")
    with pytest.raises(CaseFormatError, match="neither ClaimReview"):
        read_corpus(path)


@pytest.fixture
def folder(tmp_path: Path) -> Library:
    library = Library(tmp_path / "library")
    library.ensure_exists()
    return library


def test_a_reimport_updates_rather_than_duplicates(folder: Library) -> None:
    first = [ReferenceClaim("Taxes doubled", "Ann", "2024-01-01", "False", "Desk"),
             ReferenceClaim("Crime fell", rating="True", url="https://x.example/1")]
    assert folder.add_references(first).added == 2
    again = [ReferenceClaim("Taxes doubled!", "Ann", "2024-01-01", "Mostly False", "Desk"),
             ReferenceClaim("Crime fell", rating="Half True", url="https://x.example/1")]
    counted = folder.add_references(again)
    assert (counted.added, counted.updated) == (0, 2)
    assert folder.count(REFERENCE) == 2
    assert {row.rating for row in folder.page(kinds=(REFERENCE,))} == {"Mostly False",
                                                                         "Half True"}
    # The full-text index holds each row once, under its negative rowid.
    connection = sqlite3.connect(folder.index_path)
    rowids = [rowid for (rowid,) in connection.execute("SELECT rowid FROM claims")]
    connection.close()
    assert sorted(rowids) == sorted(-row.id for row in folder.page(kinds=(REFERENCE,)))


def test_match_finds_cases_and_prior_checks_and_says_which(folder: Library) -> None:
    _, out, _ = run("--library", str(folder.folder), "new",
                    "The bridge over the river is closed to traffic")
    folder.add_references([ReferenceClaim(
        "The bridge over the river was closed to all traffic", "A. Mayor", "2024-03-02",
        "False", "Full Fact", "https://checks.example/bridge")])
    matches = match_claims(folder, "bridge over the river closed to traffic", limit=5)
    assert {match.kind for match in matches} == {"case", "reference"}
    [prior] = [match for match in matches if match.kind == "reference"]
    assert (prior.publisher, prior.url, prior.path, prior.rating) == (
        "Full Fact", "https://checks.example/bridge", "", "False")
    [case] = [match for match in matches if match.is_case]
    assert Path(case.path) == Path(out.strip())
    assert match_claims(folder, "bridge over the river closed", kinds=("case",))[0].is_case


def test_corpus_commands(folder: Library, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonld"
    feed.write_text(json.dumps(REVIEW), "utf-8")
    where = ("--library", str(folder.folder))
    _, out, _ = run("corpus", "import", str(feed), *where)
    assert out == (f"Imported 1 prior check (ClaimReview) into {folder.folder}: 1 new, "
                   "0 updated\n")
    _, out, _ = run("corpus", "import", str(feed), *where)
    assert "0 new, 1 updated" in out
    _, out, _ = run("match", "the bridge over the river closed for a year", *where)
    assert "prior check · Full Fact · 2024-03-02 · Mostly false · " \
           "https://checks.example/bridge" in out
    _, out, _ = run("match", "the bridge over the river closed for a year", "--json", *where)
    [found] = json.loads(out)
    assert (found["kind"], found["publisher"], found["url"]) == (
        "reference", "Full Fact", "https://checks.example/bridge")
    _, out, _ = run("corpus", "list", "--json", *where)
    [listed] = json.loads(out)
    assert listed["claimant"] == "A. Mayor" and listed["origin"].startswith("feed.jsonld")
    _, out, _ = run("corpus", "count", *where)
    assert out == "0 cases, 1 prior checks, 0 queued claims\n"


def test_a_bad_corpus_file_is_one_line(folder: Library, tmp_path: Path) -> None:
    table = tmp_path / "checks.csv"
    table.write_text("speaker,rating\nAnn,False\n", "utf-8")
    code, out, err = run("corpus", "import", str(table), "--library", str(folder.folder),
                         ok=False)
    assert code == 1 and out == "" and err.count("\n") == 1 and "no 'claim'" in err
    assert folder.count() == 0


def test_a_queued_claim_becomes_its_case_when_opened(folder: Library, tmp_path: Path) -> None:
    table = tmp_path / "backlog.csv"
    table.write_text("claim,speaker,rating,justification\n"
                     "Taxes doubled,Ann,False,Taxes rose by a tenth. Not double.\n", "utf-8")
    _, out, _ = run("import", str(table), "--library", str(folder.folder))
    assert out.startswith("Queued 1 claim in ")
    assert not folder.case_paths()
    [queued] = folder.page(kinds=(QUEUED,))
    assert (queued.claim, queued.claimant, queued.origin) == ("Taxes doubled", "Ann",
                                                              "backlog.csv:2")
    path = open_queued(folder, queued.id)
    case = load(path)
    assert (case.claim.text, case.claim.claimant, case.verdict.rating) == (
        "Taxes doubled", "Ann", "False")
    assert any("Not double." in section.body for section in case.sections)
    assert folder.count(QUEUED) == 0
    assert [row.path for row in folder.page(kinds=("case",))] == [str(path)]
    with pytest.raises(CaseFileError, match=f"no queued claim has id {queued.id}"):
        open_queued(folder, queued.id)


def test_a_failed_open_keeps_the_claim_queued(folder: Library,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.formats.bulk import BulkRow

    row: BulkRow = next(iter_claim_table(_backlog(folder.folder.parent)))
    assert row.case is not None
    folder.queue([queued_claim(row.case, "backlog.csv:2")])
    [queued] = folder.page(kinds=(QUEUED,))

    def crash(*_: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Library, "_note", crash)
    with pytest.raises(CaseFileError, match="disk I/O error"):
        open_queued(folder, queued.id)
    assert folder.count(QUEUED) == 1  # not lost; the case file made first may stay
    monkeypatch.undo()
    path = open_queued(folder, queued.id)
    assert load(path).claim.text == "Crime fell"


def _backlog(where: Path) -> Path:
    table = where / "backlog.csv"
    table.write_text("claim,speaker\nCrime fell,Bo\n", "utf-8")
    return table


def test_open_queued_from_the_command_line_needs_one_of_file_or_id(library: Path) -> None:
    code, _, err = run("open", ok=False)
    assert code == 1 and "give a case FILE or --queued ID" in err
    code, _, err = run("open", "--queued", "7", ok=False)
    assert code == 1 and "no queued claim has id 7" in err


def test_corpus_remove_takes_rows_out_by_id(folder: Library) -> None:
    folder.add_references([ReferenceClaim("Crime fell", publisher="Desk"),
                           ReferenceClaim("Taxes doubled", publisher="Desk")])
    crime = next(row.id for row in folder.page() if row.claim == "Crime fell")
    where = ("--library", str(folder.folder))
    _, out, _ = run("corpus", "remove", str(crime), *where)
    assert out == "Removed 1 row\n"
    assert [row.claim for row in folder.page()] == ["Taxes doubled"]
    assert match_claims(folder, "crime fell") == []
    code, out, err = run("corpus", "remove", str(crime), *where, ok=False)
    assert code == 1 and out == "Removed 0 rows\n" and "1 of the IDs were not" in err


def test_a_feed_given_to_import_names_the_corpus_command(folder: Library,
                                                         tmp_path: Path) -> None:
    """A publisher's DataFeed is prior work to search, not cases: `workbench import`
    says which command takes it, and writes nothing."""
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps({"@context": "https://schema.org", "@type": "DataFeed",
                                "dataFeedElement": [{"@type": "DataFeedItem",
                                                     "item": REVIEW}]}), "utf-8")
    code, out, err = run("import", str(feed), "--library", str(folder.folder), ok=False)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "workbench corpus import" in err
    assert list(folder.folder.glob("*.case.db")) == [] and folder.count() == 0


def test_a_search_for_cases_alone_is_not_crowded_out_by_the_corpus(folder: Library) -> None:
    """The library filter and the new-case dialog look for cases: hundreds of prior checks
    closer to the words must not fill every place of the full-text pass before them."""
    from workbench.casefile.store import CaseFile
    from workbench.model import new_case

    CaseFile.create(folder.path_for("case"),
                    new_case("Parking charges in the city went up twice")).close()
    folder.refresh()
    folder.add_references(ReferenceClaim(f"The city doubled parking fines in {year}",
                                         publisher=f"Desk {year}", date=f"{year}-01-01")
                          for year in range(1600, 2000))
    everything = match_claims(folder, "the city doubled parking fines", 5)
    assert {match.kind for match in everything} == {REFERENCE}
    cases = match_claims(folder, "the city doubled parking fines", 5, kinds=("case",))
    assert [match.claim for match in cases] == ["Parking charges in the city went up twice"]
