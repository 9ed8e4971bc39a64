"""The case file's history and its schema 2: events recorded on save, the publication
freeze, and the migration of schema 1 files."""

from __future__ import annotations

import copy
import dataclasses
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import SAMPLE_CASES, digest, schema_layout
from workbench.casefile import CaseFile, CaseFileError
from workbench.casefile.errors import CaseFrozenError
from workbench.casefile.probe import APPLICATION_ID, SCHEMA_VERSION
from workbench.casefile.rows import case_rows
from workbench.casefile.schema import CASE_TABLES
from workbench.casefile.writes import empty_case_file
from workbench.formats.case_json import case_from_json, case_to_json
from workbench.model import (
    Case,
    Cell,
    Event,
    Question,
    Section,
    SectionKind,
    Source,
    Status,
    new_id,
)
from workbench.review import add_correction, move_status, record
from workbench.review.history import describe_event


def new_events(case_file: CaseFile, since: int) -> list[Event]:
    return case_file.history()[since:]


@pytest.fixture
def saved(tmp_path: Path, small_case: Case) -> Iterator[tuple[CaseFile, Case]]:
    case_file = CaseFile.create(tmp_path / "c.case.db", small_case, who="Alice")
    yield case_file, case_file.load()
    case_file.close()


def test_an_edit_is_recorded_with_who_and_before_after(saved: tuple[CaseFile, Case]) -> None:
    case_file, case = saved
    case.claim.text = "The bridge is shut"
    case.sources[0].assessment.amid_dispute = True
    case.matrix[("q1", "s2")] = Cell.CONTRADICTS
    case.updated = "2030-01-01T00:00:00Z"  # bookkeeping: never an event
    assert case_file.save(case) == 4  # with the case's own row, for the time
    events = case_file.history()
    assert [(e.who, e.action, e.target_kind, e.target_id, e.field, e.before, e.after)
            for e in events] == [
        ("Alice", "edit", "claim", "", "text", "The bridge is closed to traffic",
         "The bridge is shut"),
        ("Alice", "edit", "source", "s1", "amid_dispute", None, "1"),
        ("Alice", "edit", "matrix", "s2", "q1", "supports", "contradicts"),
    ]
    assert all(e.at and e.id for e in events)
    # The saved case holds what a load gives, history included.
    assert case == case_file.load()
    assert case_file.save(case) == 0
    assert len(case_file.history()) == 3


def test_lists_adds_removes_and_moves(saved: tuple[CaseFile, Case]) -> None:
    case_file, case = saved
    case.sources.append(Source(id="s3", number=3, title="Traffic camera", excerpts=["a"]))
    case.questions.append(Question(id="q2", text="Since when?"))
    case.matrix[("q2", "s3")] = Cell.SUPPORTS
    case.claim.appearances = ["https://example.org/a"]
    case.verdict.established = ["Closed on 1 May"]
    case_file.save(case)
    added = case_file.history()
    assert [(e.action, e.target_kind, e.field, e.after) for e in added] == [
        ("edit", "claim", "appearances", "https://example.org/a"),
        ("edit", "verdict", "established", "Closed on 1 May"),
        ("add", "question", "", "Since when?"),
        ("add", "source", "", "Traffic camera"),
    ]
    assert added[3].detail == "[3] Traffic camera"
    # A new section before the others shifts them all: that is one add, not a move each.
    case.sections.reverse()
    del case.sources[2]
    del case.matrix[("q2", "s3")]
    case_file.save(case)
    later = new_events(case_file, len(added))
    assert [(e.action, e.target_kind, e.target_id, e.before, e.after) for e in later] == [
        ("remove", "source", "s3", "Traffic camera", None),
        ("move", "section", "x2", "position 2", "position 1"),
    ]


def test_a_moved_section_is_numbered_as_section_n_numbers_it(
        saved: tuple[CaseFile, Case]) -> None:
    """The history counts body sections as ``section:N`` does, so "moved from 3 to 1" is
    the third body section, not the third section with the summary counted."""
    case_file, case = saved
    body = [Section(id=f"b{n}", kind=SectionKind.BODY, heading=f"Part {n}", body="")
            for n in (1, 2, 3)]
    case.sections[1:1] = body
    case_file.save(case)
    since = len(case_file.history())
    case.sections[1:4] = [body[2], body[0], body[1]]
    case_file.save(case)
    [event] = new_events(case_file, since)
    assert (event.action, event.target_id, event.before, event.after) == ("move", "b3", "3", "1")
    assert describe_event(case, event) == 'moved section:1 "Part 3" from 3 to 1'


def test_typing_in_one_field_is_one_event(saved: tuple[CaseFile, Case]) -> None:
    """Autosave writes every pause; the history keeps one edit per burst of typing."""
    case_file, case = saved
    for text in ("Closed", "Closed [1", "Closed [1]!"):
        case.sections[0].body = text
        case_file.save(case)
    [event] = case_file.history()
    assert (event.field, event.before, event.after) == ("body", "Closed [1].", "Closed [1]!")
    assert case.events == [event]
    # Typed back to where it began: nothing happened.
    case.sections[0].body = "Closed [1]."
    case_file.save(case)
    assert case_file.history() == [] and case.events == []
    # Another person, or another field, is another event.
    case.sections[0].body = "Shut [1]."
    case_file.save(case)
    case_file.who = "Bob"
    case.sections[0].body = "Shut [1]!"
    case_file.save(case)
    case.sections[0].heading = "Summary!"
    case_file.save(case)
    assert [(e.who, e.field) for e in case_file.history()] == [
        ("Alice", "body"), ("Bob", "body"), ("Bob", "heading")]


def test_old_events_are_not_merged_into(saved: tuple[CaseFile, Case]) -> None:
    case_file, case = saved
    case.sections[0].body = "One"
    case_file.save(case)
    case_file._last_event.at = "2000-01-01T00:00:00Z"  # as if saved long ago
    case.sections[0].body = "Two"
    case_file.save(case)
    assert [e.after for e in case_file.history()] == ["One", "Two"]


def test_engine_events_are_written_once_and_not_doubled(saved: tuple[CaseFile, Case]) -> None:
    case_file, case = saved
    move_status(case, Status.IN_REVIEW, "Alice", note="ready")
    case_file.save(case)
    case_file.save(case)
    [event] = case_file.history()
    assert (event.action, event.detail, event.before, event.after) == (
        "status", "ready", "draft", "in_review")
    # A status set without the engine (as an old screen might) is still recorded.
    case.status = Status.DRAFT
    case_file.save(case)
    assert [(e.action, e.who, e.after) for e in case_file.history()[1:]] == [
        ("status", "Alice", "draft")]


def test_a_copy_saved_by_autosave_keeps_the_history(saved: tuple[CaseFile, Case]) -> None:
    """Autosave saves snapshots of the case on screen, which never hears of the events the
    saves derive; later snapshots still append only what is new."""
    case_file, case = saved
    case.claim.claimant = "B. Mayor"
    case_file.save(copy.deepcopy(case))
    record(case, "Alice", "comment-like", detail="from the screen")
    case.claim.context = "At a rally"
    case_file.save(copy.deepcopy(case))
    assert [(e.action, e.field) for e in case_file.history()] == [
        ("edit", "claimant"), ("comment-like", ""), ("edit", "context")]


def test_the_history_is_appended_never_rewritten(saved: tuple[CaseFile, Case]) -> None:
    case_file, case = saved
    record(case, "Alice", "note", detail="first")
    case_file.save(case)
    case.events[0].detail = "rewritten in memory"
    del case.events[0]
    case_file.save(case)
    assert [e.detail for e in case_file.history()] == ["first"]
    case.events += [Event(id="same", at="2026-01-01T00:00:00Z") for _ in range(2)]
    with pytest.raises(CaseFileError, match="two events share an id"):
        case_file.save(case)
    assert len(case_file.history()) == 1


def test_who_is_the_name_the_caller_gives(tmp_path: Path, small_case: Case,
                                         monkeypatch: pytest.MonkeyPatch,
                                         isolated_config: Path) -> None:
    """The case file records whom the caller names; it reads no settings itself (the CLI
    and the TUI look the name up: --as, $WORKBENCH_USER, the config's author)."""
    path = tmp_path / "c.case.db"
    CaseFile.create(path, small_case).close()
    isolated_config.write_text("not toml [")
    monkeypatch.setenv("WORKBENCH_USER", "Somebody Else")
    with CaseFile.open(path, who="Ana Ruiz") as case_file:
        case = case_file.load()
        case.title = "One"
        case_file.save(case)
    with CaseFile.open(path) as case_file:
        case = case_file.load()
        case.title = "Two"
        case_file.save(case)
        assert [e.who for e in case_file.history()] == ["Ana Ruiz", ""]


# What publication freezes.


def _published(case_file: CaseFile, case: Case) -> None:
    move_status(case, Status.IN_REVIEW, "Alice")
    move_status(case, Status.APPROVED, "Bob")
    move_status(case, Status.PUBLISHED, "Alice")
    case_file.save(case)


def test_a_published_case_refuses_edits_until_a_correction(saved: tuple[CaseFile, Case]
                                                           ) -> None:
    case_file, case = saved
    _published(case_file, case)
    before = case_file.history()
    for change in (
        lambda c: setattr(c.claim, "text", "Changed"),
        lambda c: c.questions.append(Question(id="q9", text="New?")),
        lambda c: setattr(c, "status", Status.DRAFT),
        lambda c: setattr(c, "status", Status.CORRECTED),
    ):
        attempt = copy.deepcopy(case)
        change(attempt)
        with pytest.raises(CaseFrozenError, match="published; record a correction"):
            case_file.save(attempt)
    assert case_file.history() == before
    # Comments and history are not the article: they may still be added.
    attempt = copy.deepcopy(case)
    record(attempt, "Bob", "note", detail="read it again")
    case_file.save(attempt)
    add_correction(case, "Bridge reopened", "It reopened on 2 May", "Alice")
    case.claim.text = "The bridge was closed"
    case_file.save(case)
    assert case_file.load().status is Status.CORRECTED


def test_a_snapshot_can_never_change_or_go(saved: tuple[CaseFile, Case]) -> None:
    case_file, case = saved
    _published(case_file, case)
    tampered = copy.deepcopy(case)
    tampered.publications[0].article += "\nAnd another thing."
    with pytest.raises(CaseFrozenError, match="publication 1 is frozen"):
        case_file.save(tampered)
    tampered = copy.deepcopy(case)
    tampered.publications.clear()
    with pytest.raises(CaseFrozenError, match="never removed"):
        case_file.save(tampered)
    forged = copy.deepcopy(case)
    add_correction(forged, "x", "y", "Alice")
    forged.publications.append(
        dataclasses.replace(forged.publications[0], id=new_id(), article="forged"))
    with pytest.raises(CaseFrozenError, match="publication 2 has no valid content hash"):
        case_file.save(forged)


# Schema 2 and the migration from schema 1.

_VERSION_1 = """
CREATE TABLE "cases" ( "id" TEXT PRIMARY KEY, "title" TEXT, "status" TEXT NOT NULL,
    "scale" TEXT NOT NULL, "language" TEXT, "created" TEXT NOT NULL, "updated" TEXT NOT NULL );
CREATE TABLE "claim" ( "case_id" TEXT PRIMARY KEY REFERENCES "cases"("id"), "text" TEXT,
    "claimant" TEXT, "claimant_role" TEXT, "date_made" TEXT, "first_appearance" TEXT,
    "context" TEXT );
CREATE TABLE "claim_appearances" ( "position" INTEGER PRIMARY KEY, "url" TEXT );
CREATE TABLE "verdict" ( "case_id" TEXT PRIMARY KEY REFERENCES "cases"("id"), "rating" TEXT,
    "conclusion" TEXT, "confidence" TEXT, "checked_on" TEXT );
CREATE TABLE "verdict_points" ( "list" TEXT, "position" INTEGER, "text" TEXT,
    PRIMARY KEY ("list", "position") );
CREATE TABLE "questions" ( "id" TEXT PRIMARY KEY, "position" INTEGER, "text" TEXT );
CREATE TABLE "sources" ( "id" TEXT PRIMARY KEY, "number" INTEGER NOT NULL, "title" TEXT,
    "author" TEXT, "outlet" TEXT, "url" TEXT, "archived_url" TEXT, "date_published" TEXT,
    "event_date" TEXT, "event_date_end" TEXT, "date_accessed" TEXT, "kind" TEXT, "notes" TEXT,
    "derived_from" TEXT REFERENCES "sources"("id"), "motive" TEXT, "motive_note" TEXT,
    "amid_dispute" INTEGER, "dispute_note" TEXT, "corroboration_override" TEXT,
    "corroboration_note" TEXT, "reliability" TEXT, "credibility" TEXT );
CREATE TABLE "excerpts" ( "source_id" TEXT REFERENCES "sources"("id"), "position" INTEGER,
    "text" TEXT, PRIMARY KEY ("source_id", "position") );
CREATE TABLE "matrix" ( "question_id" TEXT REFERENCES "questions"("id"),
    "source_id" TEXT REFERENCES "sources"("id"), "value" TEXT NOT NULL,
    PRIMARY KEY ("question_id", "source_id") );
CREATE TABLE "sections" ( "id" TEXT PRIMARY KEY, "position" INTEGER, "kind" TEXT NOT NULL,
    "heading" TEXT, "body" TEXT );
CREATE TABLE "comments" ( "id" TEXT PRIMARY KEY, "position" INTEGER, "anchor_kind" TEXT,
    "anchor_id" TEXT, "author" TEXT, "created" TEXT, "body" TEXT, "resolved" INTEGER,
    "reply_to" TEXT REFERENCES "comments"("id") );
CREATE TABLE "events" ( "position" INTEGER PRIMARY KEY, "at" TEXT, "who" TEXT, "action" TEXT,
    "detail" TEXT );
CREATE TABLE "publications" ( "id" TEXT PRIMARY KEY, "position" INTEGER, "published_at" TEXT,
    "who" TEXT, "content_hash" TEXT, "article" TEXT, "case_json" TEXT );
CREATE TABLE "corrections" ( "id" TEXT PRIMARY KEY, "position" INTEGER, "date" TEXT, "what" TEXT,
    "why" TEXT );
CREATE INDEX "sources_by_number" ON "sources" ("number");
"""


def as_version_1(case: Case) -> Case:
    """The case as schema 1 could hold it: events without ids or targets, comments without
    who resolved them."""
    old = copy.deepcopy(case)
    old.events = [Event(id=f"event-{n}", at=e.at, who=e.who, action=e.action, detail=e.detail)
                  for n, e in enumerate(case.events, start=1)]
    for comment in old.comments:
        comment.resolved_by = comment.resolved_at = ""
    return old


def write_version_1(path: Path, case: Case) -> None:
    """A case file as the first release wrote it, with plain SQL and its column layout."""
    connection = sqlite3.connect(path)
    connection.executescript(_VERSION_1)
    for table in CASE_TABLES:
        rows = list(case_rows(case)[table.name].values())
        if table.name == "events":
            rows = [(r[0], r[2], r[3], r[4], r[10]) for r in rows]
        elif table.name == "comments":
            rows = [r[:9] for r in rows]
        elif table.name in ("publications", "claim"):
            rows = [r[:7] for r in rows]
        elif table.name == "sources":
            rows = [r[:22] for r in rows]
        elif table.name == "excerpts":
            rows = [r[:3] for r in rows]
        if rows:
            marks = ", ".join("?" for _ in rows[0])
            connection.executemany(f"INSERT INTO [{table.name}] VALUES ({marks})", rows)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.execute("PRAGMA journal_mode = WAL")
    connection.close()


def without_seal(case: Case, before: int) -> Case:
    """The case as it was before the upgrade to schema 4 sealed its history: without the
    ``seal`` event the upgrade appends, which says how many events came before it."""
    seal = case.events.pop()
    assert (seal.id, seal.action, seal.who) == ("history-sealed", "seal", "")
    assert seal.detail == (f"history sealed from here (upgrade to schema 4): {before} "
                           "earlier events were recorded unsealed")
    return case


@pytest.mark.parametrize("sample", SAMPLE_CASES, ids=lambda p: p.stem)
def test_a_version_1_sample_opens_migrated(tmp_path: Path, sample: Path) -> None:
    case = as_version_1(case_from_json(sample.read_text("utf-8")))
    path = tmp_path / "old.case.db"
    write_version_1(path, case)
    before = digest(path)
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    original = list(connection.iterdump())
    connection.close()
    # Read-only (export, check, the library): read through a migrated copy, file untouched.
    with CaseFile.open(path, read_only=True) as reader:
        assert without_seal(reader.load(), len(case.events)) == case
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.case.db"]
    # For writing: backed up, then migrated in place.
    with CaseFile.open(path, who="Alice") as writer:
        loaded = writer.load()
        assert without_seal(copy.deepcopy(loaded), len(case.events)) == case
        loaded.title = "Migrated"
        writer.save(loaded)
    backup = sqlite3.connect(tmp_path / "old.case.db.v1-backup")
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
    assert list(backup.iterdump()) == original
    backup.close()
    connection = sqlite3.connect(path)
    fresh = sqlite3.connect(":memory:")
    fresh.deserialize(empty_case_file())
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert schema_layout(connection) == schema_layout(fresh)
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()
    with CaseFile.open(path) as again:
        migrated = again.load()
    assert migrated.title == "Migrated"
    assert [e.id for e in migrated.events][: len(case.events)] == [
        f"event-{n}" for n in range(1, len(case.events) + 1)]
    assert case_to_json(migrated).count('"resolved_by": ""') == len(case.comments)
