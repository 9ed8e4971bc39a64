"""The case file: creation, round trips, bad files, versions, migrations and locking."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.strategies import cases
from tests.support import digest
from workbench.casefile import CaseFile, CaseFileError, CaseFileReadOnlyError
from workbench.casefile.library import Library
from workbench.casefile.migrations import Migration, migrate
from workbench.casefile.probe import APPLICATION_ID, SCHEMA_VERSION
from workbench.formats.case_json import case_to_json
from workbench.model import Case, Cell, Source


def test_create_then_load_gives_the_same_case(tmp_path: Path, small_case: Case) -> None:
    with CaseFile.create(tmp_path / "c.case.db", small_case) as case_file:
        assert case_file.load() == small_case


def test_file_carries_application_id_version_and_wal(tmp_path: Path, small_case: Case) -> None:
    path = tmp_path / "c.case.db"
    CaseFile.create(path, small_case).close()
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert {"cases", "claim", "sources", "matrix", "sections", "verdict"} <= tables
    title = connection.execute("SELECT title FROM sources WHERE number = 1").fetchone()[0]
    assert title == "Council notice"


def test_create_refuses_to_replace_a_file(tmp_path: Path, small_case: Case) -> None:
    path = tmp_path / "c.case.db"
    path.write_text("precious")
    with pytest.raises(CaseFileError, match="already exists"):
        CaseFile.create(path, small_case)
    assert path.read_text() == "precious"
    assert list(tmp_path.iterdir()) == [path]


def test_save_writes_only_what_changed(tmp_path: Path, small_case: Case) -> None:
    path = tmp_path / "c.case.db"
    with CaseFile.create(path, small_case) as case_file:
        case = case_file.load()
        assert case_file.save(case) == 0
        case.sources[0].title = "Council notice, revised"
        case.matrix[("q1", "s2")] = Cell.CONTRADICTS
        assert case_file.save(case) == 2
        case.sources.append(Source(id="s3", number=3, excerpts=["a", "b"]))
        assert case_file.save(case) == 3
        del case.sources[1]
        del case.matrix[("q1", "s2")]
        assert case_file.save(case) == 2
    with CaseFile.open(path) as reopened:
        assert reopened.load() == case


def test_a_failed_save_changes_nothing(tmp_path: Path, small_case: Case) -> None:
    path = tmp_path / "c.case.db"
    with CaseFile.create(path, small_case) as case_file:
        case = case_file.load()
        case.sources[0].title = "edited"
        case.sources[1].derived_from = "missing"
        with pytest.raises(CaseFileError, match="cannot be saved"):
            case_file.save(case)
    with CaseFile.open(path) as reopened:
        assert reopened.load() == small_case


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=cases())
def test_any_case_survives_the_case_file(tmp_path_factory: pytest.TempPathFactory,
                                          case: Case) -> None:
    path = tmp_path_factory.mktemp("roundtrip") / "c.case.db"
    with CaseFile.create(path, case) as case_file:
        loaded = case_file.load()
    assert loaded == case
    assert case_to_json(loaded) == case_to_json(case)


def _plain_sqlite(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.execute("INSERT INTO recipes VALUES ('soup')")
    connection.commit()
    connection.close()


def _truncated_case(path: Path, case: Case) -> None:
    CaseFile.create(path, case).close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 7])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p, c: p.write_bytes(bytes(range(256)) * 40), "not an SQLite database"),
        (lambda p, c: p.write_bytes(b""), "is empty"),
        (lambda p, c: p.write_bytes(b"SQLite format 3\x00\x10\x00"), "not an SQLite database"),
        (lambda p, c: _plain_sqlite(p), "not a Workbench case file"),
        (_truncated_case, "is damaged"),
    ],
    ids=["random-bytes", "empty", "header-only", "other-sqlite", "truncated-case"],
)
def test_bad_files_get_one_line_and_stay_unchanged(tmp_path: Path, small_case: Case,
                                                   make, message: str) -> None:
    path = tmp_path / "bad.case.db"
    make(path, small_case)
    before = digest(path)
    for read_only in (False, True):
        with pytest.raises(CaseFileError, match=message) as raised:
            CaseFile.open(path, read_only=read_only)
        assert "\n" not in str(raised.value)
    assert digest(path) == before
    # No journal, WAL or lock file made by the refusal (a created case has its lock file).
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left in (["bad.case.db"], [".bad.case.db.lock", "bad.case.db"])


def test_missing_path_and_directory(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="no such file"):
        CaseFile.open(tmp_path / "nope.case.db")
    with pytest.raises(CaseFileError, match="is a directory"):
        CaseFile.open(tmp_path)


def _set_user_version(path: Path, version: int) -> None:
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {version}")
    connection.commit()
    connection.close()


def test_a_newer_file_is_refused_for_writing(tmp_path: Path, small_case: Case) -> None:
    path = tmp_path / "future.case.db"
    CaseFile.create(path, small_case).close()
    _set_user_version(path, SCHEMA_VERSION + 1)
    before = digest(path)
    with CaseFile.open(path) as case_file:
        assert case_file.read_only
        assert "newer Workbench" in case_file.read_only_reason
        case = case_file.load()
        case.title = "changed"
        with pytest.raises(CaseFileReadOnlyError, match="newer"):
            case_file.save(case)
    assert digest(path) == before


def _hand_made_version_1(path: Path) -> None:
    """A case file as a first release might have written it, made with plain SQL."""
    connection = sqlite3.connect(path)
    connection.executescript(
        f"""
        PRAGMA application_id = {APPLICATION_ID};
        PRAGMA user_version = 1;
        CREATE TABLE cases (id TEXT PRIMARY KEY, title TEXT, status TEXT, scale TEXT,
                            language TEXT, created TEXT, updated TEXT);
        INSERT INTO cases VALUES ('c1', 'Old case', 'draft', 'none', 'en',
                                  '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z');
        """
    )
    connection.commit()
    connection.close()


def test_migration_backs_up_then_migrates(tmp_path: Path) -> None:
    path = tmp_path / "old.case.db"
    _hand_made_version_1(path)

    def add_priority(db) -> None:
        db["cases"].add_column("priority", int)
        db.execute("UPDATE cases SET priority = 3")

    backup = migrate(path, 1, migrations=[Migration(1, "add priority", add_priority)], target=2)
    saved = sqlite3.connect(backup)
    assert saved.execute("PRAGMA user_version").fetchone()[0] == 1
    assert saved.execute("SELECT * FROM cases").fetchall()[0][:2] == ("c1", "Old case")
    saved.close()
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 2
    assert connection.execute("SELECT title, priority FROM cases").fetchone() == ("Old case", 3)
    connection.close()


def test_a_failed_migration_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "old.case.db"
    _hand_made_version_1(path)

    def broken(db) -> None:
        db.execute("UPDATE cases SET title = 'half-done'")
        raise RuntimeError("disk on fire")

    with pytest.raises(CaseFileError, match="unchanged"):
        migrate(path, 1, migrations=[Migration(1, "broken", broken)], target=2)
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT title FROM cases").fetchone() == ("Old case",)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    connection.close()


def test_opening_an_older_file_migrates_it(tmp_path: Path, small_case: Case,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import workbench.casefile.migrations as migrations
    import workbench.casefile.store as store

    path = tmp_path / "c.case.db"
    CaseFile.create(path, small_case).close()
    steps = (Migration(SCHEMA_VERSION, "note column",
                       lambda db: db["cases"].add_column("note", str)),)
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(store, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(
        store, "migrate",
        lambda p, v: migrations.migrate(p, v, target=SCHEMA_VERSION + 1),
    )
    with CaseFile.open(path) as case_file:
        assert not case_file.read_only
    assert (tmp_path / f"c.case.db.v{SCHEMA_VERSION}-backup").exists()
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    connection.close()


def test_a_second_process_gets_the_case_read_only(tmp_path: Path, small_case: Case) -> None:
    path = tmp_path / "c.case.db"
    with CaseFile.create(path, small_case) as writer:
        probe = subprocess.run(
            [sys.executable, "-c",
             "import sys; from workbench.casefile import CaseFile; "
             "f = CaseFile.open(sys.argv[1]); print(f.read_only_reason); "
             "print(f.load().title)", str(path)],
            capture_output=True, text=True, check=True,
        )
        assert "another Workbench process" in probe.stdout
        assert small_case.title in probe.stdout
        assert not writer.read_only


def test_library_index_follows_the_files(tmp_path: Path, small_case: Case) -> None:
    library = Library(tmp_path / "lib")
    library.ensure_exists()
    path = library.path_for(small_case.title)
    assert path.name == "is-the-bridge-closed.case.db"
    CaseFile.create(path, small_case).close()
    (library.folder / "junk.case.db").write_bytes(b"not sqlite at all")
    skipped = library.refresh()
    assert [s.path.name for s in skipped] == ["junk.case.db"]
    [entry] = library.entries()
    assert (entry.title, entry.claim, entry.status) == (
        "Is the bridge closed?", "The bridge is closed to traffic", "draft")
    with CaseFile.open(path) as case_file:
        case = case_file.load()
        case.verdict.rating = "True"
        case_file.save(case)
    library.refresh()
    assert library.entries()[0].rating == "True"
    path.unlink()
    library.refresh()
    assert library.entries() == []
    # The index is a cache: throw it away (or damage it) and it comes back from the files.
    CaseFile.create(path, small_case).close()
    library.index_path.write_bytes(b"garbage")
    library.refresh()
    assert [e.title for e in library.entries()] == ["Is the bridge closed?"]
