"""The library index kept in step by what changed: a folder at rest is not listed, the
Workbench's own writes note themselves, spellings of the folder share one index, and the
list reads a page at a time."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

import workbench.casefile.library as library_module
from tests.support import run
from workbench.casefile.library import (
    CASE,
    LEGACY_INDEX_NAME,
    QUEUED,
    REFERENCE,
    Library,
    QueuedClaim,
    ReferenceClaim,
)
from workbench.casefile.store import CaseFile
from workbench.model import new_case


@pytest.fixture(autouse=True)
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stamp is trusted at once: tests need not wait out the file system's clock tick."""
    monkeypatch.setattr(library_module, "RACY_NS", 0)
    monkeypatch.setattr(library_module, "COARSE_RACY_NS", 0)


def _library(tmp_path: Path, *claims: str) -> Library:
    library = Library(tmp_path / "library")
    library.ensure_exists()
    for claim in claims:
        CaseFile.create(library.path_for(claim), new_case(claim)).close()
    return library


def _no_listing(monkeypatch: pytest.MonkeyPatch) -> None:
    def listed(_: Library) -> list[Path]:
        raise AssertionError("the folder was listed")

    monkeypatch.setattr(Library, "case_paths", listed)


def test_a_folder_at_rest_is_not_listed(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    library = _library(tmp_path, "Taxes doubled", "Crime fell")
    library.refresh()
    _no_listing(monkeypatch)
    assert library.refresh() == []
    assert sorted(entry.claim for entry in library.entries()) == ["Crime fell", "Taxes doubled"]


def test_a_file_copied_in_or_deleted_is_seen(tmp_path: Path) -> None:
    library = _library(tmp_path, "Taxes doubled", "Crime fell")
    library.refresh()
    [taxes] = [path for path in library.case_paths() if path.name.startswith("taxes")]
    elsewhere = _library(tmp_path / "other", "The bridge is closed")
    shutil.copy(elsewhere.case_paths()[0], library.folder / "bridge.case.db")
    taxes.unlink()
    library.refresh()
    assert sorted(entry.claim for entry in library.entries()) == [
        "Crime fell", "The bridge is closed"]


def test_a_case_saved_while_open_for_writing_is_seen_without_listing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = _library(tmp_path, "Taxes doubled")
    [path] = library.case_paths()
    with CaseFile.open(path) as case_file:
        case = case_file.load()
        case.claim.text = "Taxes tripled"
        case_file.save(case)  # its WAL is made: the folder changes, and is listed
        library.refresh()
        case.claim.text = "Taxes quadrupled"
        case_file.save(case)  # into the same WAL: the folder stays as it was
        with monkeypatch.context() as patched:
            _no_listing(patched)
            library.refresh()
            assert [entry.claim for entry in library.entries()] == ["Taxes quadrupled"]


def test_the_workbench_s_own_writes_keep_the_index_current(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = _library(tmp_path, "Taxes doubled")
    library.refresh()
    where = ("--library", str(library.folder))
    run("new", "Crime fell in the city", *where)
    with monkeypatch.context() as patched:
        _no_listing(patched)
        _, out, _ = run("list", "--json", *where)
    assert sorted(entry["claim"] for entry in json.loads(out)) == [
        "Crime fell in the city", "Taxes doubled"]


def test_note_changed_follows_a_save_and_a_trashing(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.casefile.trash import move_to_trash

    library = _library(tmp_path, "Taxes doubled", "Crime fell")
    library.refresh()
    [taxes, crime] = sorted(library.case_paths(), key=lambda path: path.name, reverse=True)
    since = library.folder_stamp()
    with CaseFile.open(taxes) as case_file:
        case = case_file.load()
        case.claim.text = "Taxes tripled"
        case_file.save(case)
    library.note_changed(taxes, since=since)
    since = library.folder_stamp()
    move_to_trash(library.folder, crime)
    library.note_changed(crime, since=since)
    _no_listing(monkeypatch)
    library.refresh()
    assert [entry.claim for entry in library.entries()] == ["Taxes tripled"]


def test_a_change_not_noted_is_found_by_listing(tmp_path: Path) -> None:
    library = _library(tmp_path, "Taxes doubled")
    library.refresh()
    [path] = library.case_paths()
    with CaseFile.open(path) as case_file:
        case = case_file.load()
        case.claim.text = "Taxes tripled"
        case_file.save(case)
    # Noted without the stamp from before: the next refresh compares the files.
    library.note_changed(library.folder / "nothing-here.case.db")
    library.refresh()
    assert [entry.claim for entry in library.entries()] == ["Taxes tripled"]


def test_a_young_stamp_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = _library(tmp_path, "Taxes doubled")
    monkeypatch.setattr(library_module, "RACY_NS", 10**18)
    monkeypatch.setattr(library_module, "COARSE_RACY_NS", 10**18)
    library.refresh()
    listings = []
    real = Library.case_paths
    monkeypatch.setattr(Library, "case_paths", lambda self: listings.append(1) or real(self))
    library.refresh()
    library.refresh()
    assert len(listings) == 2


def test_relative_absolute_and_symlinked_spellings_share_one_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = _library(tmp_path, "Taxes doubled")
    library.refresh()
    link = tmp_path / "link"
    link.symlink_to(library.folder)
    monkeypatch.chdir(tmp_path)
    reads = []
    real = library_module.read_summary
    monkeypatch.setattr(library_module, "read_summary",
                        lambda path: reads.append(path) or real(path))
    for spelling in (Path("library"), link, library.folder):
        other = Library(spelling)
        other.refresh()
        [entry] = other.entries()
        assert entry.path == str(spelling / "taxes-doubled.case.db")
    assert reads == []
    assert [path.name for path in (tmp_path / "library").iterdir()
            if "index" in path.name] == [".workbench-index"]


def test_reindex_rebuilds_the_cases_and_keeps_the_corpus(tmp_path: Path) -> None:
    library = _library(tmp_path, "Taxes doubled")
    library.add_references([ReferenceClaim("Crime fell", publisher="Desk")])
    library.queue([QueuedClaim("The bridge is closed", "", "", "", "test", "{}")])
    library.reindex()
    assert (library.count(CASE), library.count(REFERENCE), library.count(QUEUED)) == (1, 1, 1)


def test_a_damaged_index_is_set_aside_not_deleted(tmp_path: Path) -> None:
    library = _library(tmp_path, "Taxes doubled")
    library.refresh()
    library.index_path.write_bytes(b"not a database" * 100)
    library.refresh()
    assert [entry.claim for entry in library.entries()] == ["Taxes doubled"]
    aside = library.index_path.with_name("index.db.damaged")
    assert aside.read_bytes() == b"not a database" * 100


def test_the_old_index_file_goes(tmp_path: Path) -> None:
    library = _library(tmp_path, "Taxes doubled")
    legacy = library.folder / LEGACY_INDEX_NAME
    connection = sqlite3.connect(legacy)
    connection.execute("CREATE TABLE cases (path TEXT)")
    connection.close()
    library.refresh()
    assert not legacy.exists()
    assert len(library.entries()) == 1


def _dated(tmp_path: Path) -> Library:
    library = _library(tmp_path)
    library.add_references(
        ReferenceClaim(f"Claim number {day} about taxes" if day % 2 else
                       f"Claim number {day} about crime", date=f"2024-01-{day:02d}",
                       publisher="Desk")
        for day in range(1, 21))
    library.queue([QueuedClaim("Queued claim about taxes", "", "2023-05-05", "", "t", "{}")])
    return library


def test_pages_are_newest_first_of_the_kinds_asked(tmp_path: Path) -> None:
    library = _dated(tmp_path)
    first = library.page(0, 5, kinds=(REFERENCE,))
    second = library.page(5, 5, kinds=(REFERENCE,))
    assert [row.updated for row in first + second] == [
        f"2024-01-{day:02d}" for day in range(20, 10, -1)]
    assert {row.kind for row in library.page(0, 100)} == {REFERENCE, QUEUED}
    assert library.page(0, 100)[-1].claim == "Queued claim about taxes"
    filtered = library.page(0, 100, "TAX")
    assert len(filtered) == 11 and all("taxes" in row.claim for row in filtered)
    assert (library.count(), library.count(REFERENCE), library.count(QUEUED)) == (21, 20, 1)


def test_pages_through_rows_of_one_date_neither_repeat_nor_skip(tmp_path: Path) -> None:
    """Prior checks are dated by the day: many share one. Read a page at a time, from
    either end (a table that knows the total reads deep pages from the oldest end), the
    rows come out once each and in one order, with or without a filter."""
    library = _library(tmp_path, "A case about taxes", "Another case about crime")
    library.add_references(
        ReferenceClaim(f"Check {n} about {'taxes' if n % 3 else 'crime'}",
                       date=f"2024-01-0{1 + n % 2}", publisher="Desk")
        for n in range(40))
    library.queue([QueuedClaim(f"Queued {n} about taxes", "", "2024-01-01", "", "t", "{}")
                   for n in range(5)])
    for words in ("", "taxes"):
        total = library.count(filter=words)
        whole = library.page(0, 1000, words)
        assert len(whole) == total == (47 if not words else 1 + 26 + 5)
        for size in (1, 4, 7):
            forwards = [row for offset in range(0, total, size)
                        for row in library.page(offset, size, words)]
            counted = [row for offset in range(0, total, size)
                       for row in library.page(offset, size, words, total=total)]
            assert forwards == counted == whole
    assert library.count(REFERENCE, "crime") == 14
    assert library.page(47, 5, total=47) == []


def test_list_pages(tmp_path: Path) -> None:
    library = _library(tmp_path, *(f"Claim {number}" for number in range(4)))
    where = ("--library", str(library.folder))
    _, out, err = run("list", "--json", "--limit", "3", *where)
    first = json.loads(out)
    assert len(first) == 3 and list(first[0]) == [
        "path", "title", "claim", "status", "rating", "updated"]
    _, out, _ = run("list", "--json", "--limit", "3", "--offset", "3", *where)
    rest = json.loads(out)
    assert len(rest) == 1
    assert {entry["claim"] for entry in first + rest} == {f"Claim {n}" for n in range(4)}
    _, out, err = run("list", "--limit", "3", *where)
    assert "more with --offset 3" in err
    _, out, err = run("list", "--offset", "9", *where)
    assert out == "" and "No cases after the first 9." in err


def test_an_index_in_a_read_only_folder_is_one_line(tmp_path: Path) -> None:
    library = _library(tmp_path, "Taxes doubled")
    os.chmod(library.folder, 0o555)
    try:
        if os.access(library.folder, os.W_OK):
            pytest.skip("running as a user who may write anywhere")
        code, _, err = run("list", "--library", str(library.folder), ok=False)
        assert code == 1 and err.count("\n") == 1 and "index cannot be used" in err
    finally:
        os.chmod(library.folder, 0o755)


def test_an_index_of_a_newer_layout_is_refused_not_emptied(tmp_path: Path) -> None:
    library = _library(tmp_path, "Taxes doubled")
    library.add_references([ReferenceClaim("Crime fell", publisher="Desk")])
    connection = sqlite3.connect(library.index_path)
    connection.execute(f"PRAGMA user_version = {library_module.INDEX_VERSION + 1}")
    connection.close()
    code, out, err = run("list", "--library", str(library.folder), ok=False)
    assert code == 1 and out == "" and "written by a newer Workbench" in err
    connection = sqlite3.connect(library.index_path)
    assert connection.execute("SELECT claim FROM corpus").fetchall() == [("Crime fell",)]
    connection.close()


def _word_counts(library: Library) -> dict[str, int]:
    with sqlite3.connect(library.index_path) as connection:
        return dict(connection.execute("SELECT term, docs FROM claim_terms"))


def _recounted(library: Library) -> dict[str, int]:
    """What the full-text index itself says each word's row count is."""
    with sqlite3.connect(library.index_path) as connection:
        connection.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, claims, row)")
        return dict(connection.execute("SELECT term, doc FROM temp.v"))


def test_the_word_counts_follow_every_write(tmp_path: Path) -> None:
    """The claim matcher's word counts (its typo correction) stay equal to the full-text
    index's own after cases are added, changed, deleted and rebuilt, and corpus rows are
    imported, re-imported, opened from the queue and removed."""
    library = _library(tmp_path, "Crime fell by half in Ohio", "Taxes doubled in Texas")
    library.refresh()
    library.add_references([ReferenceClaim("Crime rose sharply in Ohio", "A Mayor",
                                           "2024-01-01", "False", "Desk"),
                            ReferenceClaim("Déjà vu: taxes rose", "", "2024-01-02")])
    # The same checks again, one changed: updated, not added.
    library.add_references([ReferenceClaim("Crime rose sharply in Ohio", "A Mayor",
                                           "2024-01-01", "True", "Desk")])
    from workbench.formats.backlog import queued_claim

    library.queue([queued_claim(new_case("Bridges are falling down in Oregon"), "q:1")])
    assert _word_counts(library) == _recounted(library)
    queued = library.page(0, 10, kinds=(QUEUED,))[0]
    from workbench.formats.corpus import open_queued

    open_queued(library, queued.id)
    assert _word_counts(library) == _recounted(library)
    case_path = library.folder / "crime-fell-by-half-in-ohio.case.db"
    with CaseFile.open(case_path) as case_file:
        case = case_file.load()
        case.claim.text = "Crime fell by a third in Ohio"
        case_file.save(case)
    (library.folder / "taxes-doubled-in-texas.case.db").unlink()
    library.refresh(walk=True)
    assert _word_counts(library) == _recounted(library)
    library.remove_corpus([library.page(0, 10, kinds=(REFERENCE,))[0].id])
    library.reindex()
    assert _word_counts(library) == _recounted(library)
    assert _word_counts(library)["third"] == 1 and "doubled" not in _word_counts(library)


def test_a_layout_3_index_gains_its_word_counts_and_keeps_its_corpus(tmp_path: Path) -> None:
    library = _library(tmp_path, "Crime fell by half in Ohio")
    library.add_references([ReferenceClaim("Taxes rose in Texas", publisher="Desk")])
    with sqlite3.connect(library.index_path) as connection:
        connection.execute("DROP TABLE claim_terms")
        connection.execute("PRAGMA user_version = 3")
    assert library.count(REFERENCE) == 1
    assert _word_counts(library) == _recounted(library) and _word_counts(library)["texas"] == 1
    # A typo no claim holds is searched as the word one edit away that claims hold.
    found = library.claim_candidates(["texsa"])
    assert [candidate.entry.claim for candidate in found] == ["Taxes rose in Texas"]
