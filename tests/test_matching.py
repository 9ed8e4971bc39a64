"""Claim matching against a library of real PolitiFact statements, and the claim index.

The statements come from LIAR-PLUS in ../shared/datasets (skipped when it is absent); the
library is made of real case files, indexed by ``Library.refresh``.
"""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.analysis.matching import Match, match_claims
from workbench.casefile.library import INDEX_VERSION, Library
from workbench.casefile.store import CaseFile
from workbench.model import new_case
from workbench.text import normalise_text

REPO = Path(__file__).resolve().parent.parent
LIAR = REPO.parent / "shared" / "datasets" / "liar-plus-val2.tsv"
LIBRARY_SIZE = 200

#: (how a user might retype it, the start of the statement meant, a statement on the same
#: subject in the library that must not outrank it)
REWORDED = [
    ("Romney wants to cut his own taxes and raise taxes on 18 million working families",
     "Mitt Romney has proposed cutting his own taxes",
     "Mitt Romney is proposing a tax plan that would give millionaires"),
    ("Obama travelled around the world apologising for America",
     "President Obama went around the world and apologized",
     "Several times, Obama has apologized for what he deems"),
    ("there are 30 million illegal immigrants in the US, maybe even 34 million",
     "The number of illegal immigrants in the United States is 30 million",
     "40 percent of illegal immigrants had a visa"),
    ("Romney used to support Obama's health care plan and now he is against it",
     "Says Mitt Romney once supported President Obamas health care plan",
     "Obama says his health care plan is"),
]


def liar_statements(count: int) -> list[str]:
    if not LIAR.exists():
        pytest.skip("LIAR-PLUS is not in ../shared/datasets")
    statements: list[str] = []
    with LIAR.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) >= 16 and row[3].strip() and row[3] not in statements:
                statements.append(row[3])
            if len(statements) == count:
                break
    return statements


def statement_starting(statements: list[str], start: str) -> str:
    return next(statement for statement in statements if statement.startswith(start))


def add_case(library: Library, claim: str) -> Path:
    path = library.path_for(claim)
    CaseFile.create(path, new_case(claim)).close()
    return path


@pytest.fixture(scope="module")
def statements() -> list[str]:
    return liar_statements(LIBRARY_SIZE)


@pytest.fixture(scope="module")
def real_library(tmp_path_factory: pytest.TempPathFactory, statements: list[str]) -> Library:
    library = Library(tmp_path_factory.mktemp("liar") / "library")
    library.ensure_exists()
    for statement in statements:
        add_case(library, statement)
    assert library.refresh() == []
    return library


@pytest.mark.parametrize(("typed", "meant", "same_subject"), REWORDED)
def test_a_reworded_statement_is_found_first(real_library: Library, statements: list[str],
                                             typed: str, meant: str, same_subject: str) -> None:
    meant_claim = statement_starting(statements, meant)
    other_claim = statement_starting(statements, same_subject)
    matches = match_claims(real_library, typed, limit=10)
    claims = [match.claim for match in matches]
    assert claims[0] == meant_claim
    if other_claim in claims:
        assert matches[claims.index(other_claim)].score < matches[0].score


@pytest.mark.parametrize("mangle", [
    lambda s: s.replace("taxes", "taxse", 1),  # a typo
    lambda s: s.replace("own ", "", 1),  # a dropped word
    lambda s: s.replace("cutting his own", "his own cutting"),  # swapped words
    str.upper,
    lambda s: s.replace("Romney", "Rómney").replace(".", " !!"),  # an accent, punctuation
])
def test_mangled_statements_are_found_first(real_library: Library, statements: list[str],
                                            mangle) -> None:
    claim = statement_starting(statements, "Mitt Romney has proposed cutting his own taxes")
    query = mangle(claim)
    assert query != claim
    [best, *_] = match_claims(real_library, query, refresh=False)
    assert best.claim == claim


def test_matches_carry_the_library_fields_and_a_score(real_library: Library,
                                                      statements: list[str]) -> None:
    matches = match_claims(real_library, statements[10], limit=3, refresh=False)
    assert len(matches) == 3
    assert list(matches[0].to_dict()) == [
        "path", "title", "claim", "status", "rating", "updated", "score", "kind", "publisher",
        "url", "id"]
    assert matches[0].kind == "case" and matches[0].publisher == matches[0].url == ""
    assert matches[0].claim == statements[10]
    assert matches[0].score == 100
    assert Path(matches[0].path).exists()
    scores = [match.score for match in matches]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= score <= 100 for score in scores)
    assert isinstance(matches[0], Match)


def test_the_case_being_edited_does_not_find_itself(real_library: Library,
                                                    statements: list[str]) -> None:
    first = match_claims(real_library, statements[5], refresh=False)[0]
    without = match_claims(real_library, statements[5], refresh=False, exclude=first.path)
    assert first.path not in [match.path for match in without]


@pytest.mark.parametrize("query", [
    '"', '""', '"unterminated', "*", "a*", "NEAR", "NEAR(a b)", "NEAR/3", "AND", "OR", "NOT",
    "taxes AND NOT Romney", "-", "- taxes", "^taxes", "claim:taxes", "{claim title}: x",
    "(taxes", "taxes)", "+", "Romney's \"own\" taxes*", "\x00", "'; DROP TABLE cases; --",
    "   ", "", "🙂", "??? !!!",
])
def test_fts_syntax_in_a_query_is_plain_text(real_library: Library, query: str) -> None:
    matches = match_claims(real_library, query, refresh=False)
    assert isinstance(matches, list)
    # The index's own entry point quotes whatever it is given, normalised or not.
    assert isinstance(real_library.claim_candidates([query, "taxes"]), list)


def test_nothing_to_match_gives_nothing(real_library: Library) -> None:
    assert match_claims(real_library, "", refresh=False) == []
    assert match_claims(real_library, "?!", refresh=False) == []
    assert match_claims(real_library, "taxes", limit=0, refresh=False) == []
    assert match_claims(real_library, "xqzvw plmrtk", refresh=False) == []


# The index: kept in step with the files, rebuilt when missing, damaged or stale.


@pytest.fixture
def small_library(tmp_path: Path) -> Library:
    library = Library(tmp_path / "library")
    library.ensure_exists()
    add_case(library, "The bridge over the river has been closed to all traffic since May")
    add_case(library, "Unemployment in the county fell by half in 2023")
    add_case(library, "The new stadium cost taxpayers 400 million dollars")
    return library


def best_claim(library: Library, text: str, *, refresh: bool = True) -> str:
    return match_claims(library, text, refresh=refresh)[0].claim


def test_a_missing_index_is_built_on_first_match(small_library: Library) -> None:
    assert not small_library.index_path.exists()
    assert best_claim(small_library, "stadium cost 400 million", refresh=False).startswith(
        "The new stadium")


def test_a_deleted_index_is_rebuilt(small_library: Library) -> None:
    small_library.refresh()
    small_library.index_path.unlink()
    assert best_claim(small_library, "bridge closed").startswith("The bridge")
    small_library.index_path.unlink()
    assert best_claim(small_library, "bridge closed", refresh=False).startswith("The bridge")


@pytest.mark.parametrize("refresh", [True, False])
def test_a_damaged_index_is_rebuilt(small_library: Library, refresh: bool) -> None:
    small_library.refresh()
    small_library.index_path.write_bytes(b"this is not a database" * 100)
    assert best_claim(small_library, "unemployment halved", refresh=refresh).startswith(
        "Unemployment")


def test_an_index_with_a_damaged_search_table_is_rebuilt(small_library: Library) -> None:
    small_library.refresh()
    connection = sqlite3.connect(small_library.index_path)
    connection.execute("DELETE FROM claims_data")  # FTS5's own pages: the search breaks
    connection.commit()
    connection.close()
    assert best_claim(small_library, "stadium taxpayers", refresh=False).startswith(
        "The new stadium")


def test_an_index_of_an_older_layout_is_rebuilt(small_library: Library) -> None:
    small_library.index_path.parent.mkdir()
    connection = sqlite3.connect(small_library.index_path)
    connection.execute("CREATE TABLE cases (path TEXT PRIMARY KEY, title TEXT, claim TEXT, "
                       "claimant TEXT, status TEXT, rating TEXT, updated TEXT, stamp TEXT)")
    connection.execute("INSERT INTO cases VALUES ('gone.case.db', 'Old', 'An old claim about "
                       "the bridge', '', 'draft', '', '2020', 'x')")
    connection.commit()
    connection.close()
    assert best_claim(small_library, "bridge closed to traffic").startswith("The bridge")
    connection = sqlite3.connect(small_library.index_path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == INDEX_VERSION
    connection.close()
    assert len(small_library.entries()) == 3


def test_a_file_edited_after_indexing_shows_its_new_claim(small_library: Library) -> None:
    small_library.refresh()
    [path] = [p for p in small_library.case_paths() if p.name.startswith("the-new-stadium")]
    with CaseFile.open(path) as case_file:
        case = case_file.load()
        case.claim.text = "The ferry service to the island was cancelled for the winter"
        case.title = "Is the island ferry cancelled?"
        case_file.save(case)
    found = match_claims(small_library, "ferry to the island cancelled")[0]
    assert (found.path, found.claim) == (str(path), case.claim.text)
    assert all(match.path != str(path) for match in match_claims(small_library, "stadium"))


def test_a_removed_file_leaves_the_matches(small_library: Library) -> None:
    small_library.refresh()
    [path] = [p for p in small_library.case_paths() if p.name.startswith("the-bridge")]
    path.unlink()
    assert all(m.path != str(path) for m in match_claims(small_library, "bridge closed"))


def test_reindex_rebuilds_everything_and_reports_progress(small_library: Library) -> None:
    (small_library.folder / "junk.case.db").write_bytes(b"not sqlite at all")
    small_library.refresh()
    before = small_library.entries()
    seen: list[tuple[int, int]] = []
    skipped = small_library.reindex(lambda done, total: seen.append((done, total)))
    assert [s.path.name for s in skipped] == ["junk.case.db"]
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    assert small_library.entries() == before
    assert best_claim(small_library, "unemployment", refresh=False).startswith("Unemployment")


def test_refresh_rereads_only_what_changed(small_library: Library) -> None:
    small_library.refresh()
    seen: list[tuple[int, int]] = []
    small_library.refresh(lambda done, total: seen.append((done, total)))
    assert seen == [(0, 0)]
    add_case(small_library, "A fourth claim about the harbour")
    seen.clear()
    small_library.refresh(lambda done, total: seen.append((done, total)))
    assert seen == [(0, 1), (1, 1)]


def test_the_library_index_imports_no_fuzzy_matcher() -> None:
    code = ("import sys, workbench.casefile.library; "
            "print(any(m.split('.')[0] in ('thefuzz', 'rapidfuzz') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=REPO)
    assert result.stdout.strip() == "False"


# Normalisation: one spelling for the many ways a claim is typed.


@pytest.mark.parametrize(("typed", "normalised"), [
    ("Café RÉSUMÉ naïve Zoë", "cafe resume naive zoe"),
    # Curly quotes and apostrophes, written as escapes so the source shows which is which.
    ("It\u2019s \u201cquoted\u201d and \u2018quoted\u2019 \u2014 and 'quoted'",
     "its quoted and quoted and quoted"),
    ("don't DON\u2019T dont", "dont dont dont"),
    ("The U.S. and e.g. the U.S.A.", "the us and eg the usa"),
    ("1,000,000 jobs; 3.5 percent", "1000000 jobs 3 5 percent"),
    ("well-known   state\u2013run\tnews\n", "well known state run news"),
    ("Hello, world!!! (really?) [1] {x} <b>", "hello world really 1 x b"),
    ("Straße ΑΘΗΝΑ Москва", "strasse αθηνα москва"),
    ("\ufb01ne \uff26\uff35\uff2c\uff2c", "fine full"),  # a ligature, full-width letters
    ("हिन्दी भाषा", "हिन्दी भाषा"),
    ("", ""),
    ("  ...  ", ""),
])
def test_normalise_text(typed: str, normalised: str) -> None:
    assert normalise_text(typed) == normalised


def test_differently_typed_claims_normalise_alike() -> None:
    assert normalise_text("Obama\u2019s \u201cplan\u201d \u2014 CUT taxes!") == normalise_text(
        "obama's \"plan\" - cut taxes")
