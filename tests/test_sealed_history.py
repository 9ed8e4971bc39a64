"""The sealed history: every event hashes its content and the hash before it, and
``workbench check`` names the first event changed, removed or moved behind the
Workbench's back with ``sqlite3``; a schema 3 file is upgraded and sealed from there."""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.support import SCHEMA_5_DROPS, schema_layout
from workbench.analysis.checks import run_checks
from workbench.casefile import CaseFile
from workbench.casefile.probe import SCHEMA_VERSION
from workbench.casefile.writes import empty_case_file
from workbench.cli import main
from workbench.formats.case_json import case_from_json, case_to_json
from workbench.model import (
    Case,
    Event,
    Publication,
    Status,
    event_hash,
    new_case,
    snapshot_hash,
)
from workbench.review import move_status, record

#: The columns of an event a person could change, and the seal's own two.
FIELDS = ("id", "at", "who", "action", "target_kind", "target_id", "field", "before", "after",
          "detail", "prev_hash", "hash")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout + result.stderr


def sql(path: Path, *statements: str) -> None:
    """Edit the case file as a person would in ``sqlite3``, outside the Workbench."""
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def history_findings(path: Path) -> list[str]:
    with CaseFile.open(path, read_only=True) as case_file:
        case = case_file.load()
    return [f"{f.code}: {f.message}" for f in run_checks(case)
            if f.code.startswith("history-")]


@pytest.fixture
def worked(tmp_path: Path, small_case: Case) -> Path:
    """A case edited, reviewed, signed off and published by two people, saved after each
    step as the command line saves: a history of a dozen events."""
    path = tmp_path / "c.case.db"
    record(small_case, "Alice", "created", target_kind="case", target_id=small_case.id,
           at="2026-05-01T09:00:00Z")
    CaseFile.create(path, small_case, who="Alice").close()
    with CaseFile.open(path, who="Alice") as case_file:
        case = case_file.load()
        case.claim.text = "The bridge is shut to traffic"
        case_file.save(case)
        case.sections[1].body = "Yes, since 1 May [1]."
        case_file.save(case)
        move_status(case, Status.IN_REVIEW, "Alice")
        case_file.save(case)
    with CaseFile.open(path, who="Bob") as case_file:
        case = case_file.load()
        move_status(case, Status.APPROVED, "Bob")
        case_file.save(case)
        move_status(case, Status.PUBLISHED, "Bob")
        case_file.save(case)
    return path


def events_of(path: Path) -> list[Event]:
    with CaseFile.open(path, read_only=True) as case_file:
        return case_file.history()


def test_a_clean_history_passes_check(worked: Path) -> None:
    code, out = run("check", str(worked))
    assert code == 0, out
    assert "history-" not in out
    events = events_of(worked)
    assert len(events) >= 8
    # Each event follows the one before it, and its hash is over its content.
    previous = ""
    for event in events:
        assert event.prev_hash == previous
        assert event.hash == event_hash(previous, event)
        assert event.hash.startswith("sha256:") and len(event.hash) == 7 + 64
        previous = event.hash
    connection = sqlite3.connect(worked)
    assert connection.execute("SELECT hash, events FROM history_head").fetchall() == [
        (previous, len(events))]
    connection.close()


def test_sign_off_and_publication_record_the_chain_head(worked: Path) -> None:
    events = events_of(worked)
    sign_off = next(i for i, e in enumerate(events) if e.action == "sign-off")
    assert events[sign_off].prev_hash == events[sign_off - 1].hash
    publish = next(e for e in events if e.action == "publish")
    with CaseFile.open(worked, read_only=True) as case_file:
        (publication,) = case_file.load().publications
    # The publication holds the hash of its publish event, which seals its content hash.
    assert publication.chain_head == publish.hash
    assert publish.after == publication.content_hash


def test_a_history_sealed_anew_still_shows_at_its_publication(worked: Path) -> None:
    """Rewriting an event and recomputing every hash after it leaves a whole chain, but
    not the one the publication was frozen at."""
    events = events_of(worked)
    events[1].who = "Mallory"
    head = ""
    connection = sqlite3.connect(worked)
    for position, event in enumerate(events):
        event.prev_hash, event.hash = head, event_hash(head, event)
        head = event.hash
        connection.execute("UPDATE events SET who = ?, prev_hash = ?, hash = ? "
                           "WHERE position = ?", (event.who, event.prev_hash, event.hash,
                                                  position))
    connection.execute("UPDATE history_head SET hash = ?", (head,))
    connection.commit()
    connection.close()
    (finding,) = history_findings(worked)
    assert finding.startswith("history-altered: Publication 1 (")
    assert "was frozen at a point of the history that is no longer in it" in finding


def _named(events: list[Event], index: int, who: str = "") -> str:
    """How check names the event at ``index`` of the history as it now reads."""
    event = events[index]
    return f"Event {index + 1} ({event.at[:10]} {event.at[11:16]}, {who or event.who})"


def test_a_history_edited_in_sqlite3_fails_check_naming_the_event(worked: Path) -> None:
    events = events_of(worked)
    n = len(events)
    text_edit = next(i for i, e in enumerate(events) if e.field == "text")
    alice = next(i for i, e in enumerate(events) if e.who == "Alice" and i > 0)
    cases: list[tuple[str | tuple[str, ...], str]] = [
        # An event removed: the one after it (now the third) follows nothing before it.
        ("DELETE FROM events WHERE position = 2",
         f"Event 3 ({events[3].at[:10]} {events[3].at[11:16]}, {events[3].who}) no longer "
         "follows the event it was written after"),
        ("UPDATE events SET who = 'Mallory' WHERE who = 'Alice'",
         _named(events, 0, "Mallory") + " was changed after it was written"),
        ("UPDATE events SET after = 'The bridge is open' WHERE field = 'text'",
         _named(events, text_edit) + " was changed after it was written"),
        # Two events swapped: the third is now the old fourth, which followed the third.
        (("UPDATE events SET position = 100 WHERE position = 2",
          "UPDATE events SET position = 2 WHERE position = 3",
          "UPDATE events SET position = 3 WHERE position = 100"),
         f"Event 3 ({events[3].at[:10]} {events[3].at[11:16]}, {events[3].who}) no longer "
         "follows"),
        (f"DELETE FROM events WHERE position = {n - 1}",
         f"The last event, after event {n - 1} ("),
        (f"UPDATE events SET hash = NULL WHERE position = {alice}",
         _named(events, alice) + " has no seal"),
        ("DELETE FROM history_head", "(table history_head) is missing"),
        (f"INSERT INTO events (position, id, at, who, action) VALUES ({n}, 'x', "
         "'2026-06-01T00:00:00Z', 'Mallory', 'edit')",
         f"Event {n + 1} (2026-06-01 00:00, Mallory) has no seal"),
        (f"UPDATE history_head SET events = {n + 2}", "The last 2 events, after event"),
    ]
    image = worked.read_bytes()
    for statement, message in cases:
        worked.write_bytes(image)
        sql(worked, *([statement] if isinstance(statement, str) else statement))
        code, out = run("check", str(worked))
        assert code == 1, (statement, out)
        assert "error    history-altered" in out, statement
        assert message in out, (statement, out)
        # Only the first break is reported: the rest of the history rests on it.
        assert out.count("history-altered") == 1


def test_a_save_after_a_removal_does_not_seal_over_it(tmp_path: Path,
                                                    small_case: Case) -> None:
    """A save chains onto the head the file recorded, not onto what is left, so events
    removed at the end stay a visible break."""
    path = tmp_path / "c.case.db"
    with CaseFile.create(path, small_case, who="Ana") as case_file:
        case = case_file.load()
        case.claim.text = "Shut"
        case_file.save(case)
        case.claim.context = "A vote"
        case_file.save(case)
    sql(path, "DELETE FROM events WHERE field = 'context'")
    with CaseFile.open(path, who="Ana") as case_file:
        case = case_file.load()
        case.claim.text = "Shut again"  # would merge into the edit before, were it the head
        case_file.save(case)
    (finding,) = history_findings(path)
    assert "Event 2 (" in finding and "no longer follows" in finding


def test_typing_merges_and_undo_keep_the_chain_whole(tmp_path: Path, small_case: Case) -> None:
    path = tmp_path / "c.case.db"
    with CaseFile.create(path, small_case, who="Ana") as case_file:
        case = case_file.load()
        original = case.claim.text
        for text in ("The", "The bri", "The bridge is shut"):  # one merged event
            case.claim.text = text
            case_file.save(case)
        case.claim.context = "Council vote"
        case_file.save(case)
        case.claim.context = ""  # typed, then undone: the event is dropped
        case_file.save(case)
        assert [e.field for e in case_file.history()] == ["text"]
        assert case_file.history()[0].before == original
        assert run_checks(case) == run_checks(case_file.load())
    assert history_findings(path) == []


def test_copies_saved_by_autosave_raise_no_false_alarm(tmp_path: Path,
                                                      small_case: Case) -> None:
    """The TUI saves pickled copies while its own case keeps the history it read; its
    checks must not take the difference for tampering."""
    path = tmp_path / "c.case.db"
    with CaseFile.create(path, small_case, who="Ana") as case_file:
        case = case_file.load()
        case.claim.text = "One"
        case_file.save(case)  # an edit event the next copies merge into
        for text in ("Two", "Three"):
            case.claim.text = text
            case_file.save(pickle.loads(pickle.dumps(case)))
        record(case, "Ana", "comment", target_kind="case", detail="note")
        case_file.save(pickle.loads(pickle.dumps(case)))
        assert [f for f in run_checks(case) if f.code.startswith("history")] == []
        # Saved directly, the drifted case is no longer held to a chain it lacks.
        case.claim.text = "Four"
        case_file.save(case)
        assert [f for f in run_checks(case) if f.code.startswith("history")] == []
    assert history_findings(path) == []


def test_seals_come_from_the_file_never_from_the_caller(tmp_path: Path,
                                                       small_case: Case) -> None:
    small_case.events = [Event(at="2026-01-01T00:00:00Z", who="Ana", action="created",
                               prev_hash="forged", hash="sha256:" + "0" * 64)]
    path = tmp_path / "c.case.db"
    CaseFile.create(path, small_case).close()
    (event,) = events_of(path)
    assert (event.prev_hash, event.hash) == ("", event_hash("", event))
    with CaseFile.open(path, who="Ana") as case_file:
        case = case_file.load()
        case.events.append(Event(at="2026-01-02T00:00:00Z", who="Ana", action="comment",
                                 prev_hash="forged", hash="forged"))
        case_file.save(case)
    assert history_findings(path) == []


def test_case_json_carries_no_seals_and_import_seals_anew(worked: Path,
                                                         tmp_path: Path) -> None:
    with CaseFile.open(worked, read_only=True) as case_file:
        case = case_file.load()
    text = case_to_json(case)
    assert "prev_hash" not in text and "chain_head" not in text
    assert case.events[0].hash not in text
    copy_path = tmp_path / "imported.case.db"
    CaseFile.create(copy_path, case_from_json(text)).close()
    assert [e.hash for e in events_of(copy_path)] == [e.hash for e in case.events]
    assert history_findings(copy_path) == []


# Schema 3 files.


def write_version_3(path: Path, case: Case) -> None:
    """A case file as schema 3 wrote it: today's layout without the seal's columns and
    table, nor schema 5's locators and origins (ALTER TABLE put schema 4's and 5's columns
    at the end, so dropping them gives schema 3's layout exactly)."""
    CaseFile.create(path, case).close()
    sql(path, *SCHEMA_5_DROPS, "ALTER TABLE events DROP COLUMN hash",
        "ALTER TABLE events DROP COLUMN prev_hash",
        "ALTER TABLE publications DROP COLUMN chain_head", "DROP TABLE history_head",
        "PRAGMA user_version = 3")
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()


def test_a_version_3_file_is_backed_up_migrated_and_sealed(tmp_path: Path,
                                                          small_case: Case) -> None:
    for day in range(1, 6):
        record(small_case, "Ana", "edit", target_kind="claim", field="text",
               before=f"v{day}", after=f"v{day + 1}", at=f"2026-03-0{day}T10:00:00Z")
    path = tmp_path / "old.case.db"
    write_version_3(path, small_case)
    before = digest(path)
    old = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    original = list(old.iterdump())
    old.close()

    # Read-only: checked through a migrated copy; the file is left exactly as it was.
    code, out = run("check", str(path))
    assert code == 0, out
    assert "warning  history-unsealed" in out
    assert "The first 5 events of the history were recorded before it was sealed" in out
    assert digest(path) == before
    assert not list(tmp_path.glob("*backup*"))

    # For writing: backed up first, then migrated and sealed in place.
    with CaseFile.open(path, who="Bob") as case_file:
        case = case_file.load()
        case.title = "Upgraded"
        case_file.save(case)
    backup = sqlite3.connect(tmp_path / "old.case.db.v3-backup")
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 3
    assert list(backup.iterdump()) == original
    backup.close()
    migrated = sqlite3.connect(path)
    fresh = sqlite3.connect(":memory:")
    fresh.deserialize(empty_case_file())
    assert migrated.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert schema_layout(migrated) == schema_layout(fresh)
    migrated.close()

    events = events_of(path)
    seal = events[5]
    assert (seal.id, seal.action) == ("history-sealed", "seal")
    assert seal.detail == ("history sealed from here (upgrade to schema 4): 5 earlier "
                           "events were recorded unsealed")
    assert events[6].field == "title" and events[6].who == "Bob"
    code, out = run("check", str(path))
    assert code == 0 and "history-unsealed" in out and "history-altered" not in out
    _, log = run("log", str(path))
    assert "history sealed from here" in log

    # Sealed from the upgrade on: an old event changed now shows.
    sql(path, "UPDATE events SET who = 'Mallory' WHERE position = 1")
    code, out = run("check", str(path))
    assert code == 1
    assert "Event 2 (2026-03-02 10:00, Mallory) was changed after it was written" in out


def test_an_unsealed_warning_can_be_accepted(tmp_path: Path, small_case: Case) -> None:
    record(small_case, "Ana", "created", at="2026-03-01T10:00:00Z")
    path = tmp_path / "old.case.db"
    write_version_3(path, small_case)
    with CaseFile.open(path, read_only=True) as case_file:
        (finding,) = [f for f in run_checks(case_file.load()) if f.code == "history-unsealed"]
    assert finding.severity.value == "warning"
    code, out = run("accept", str(path), finding.ref, "--why", "Read the log", "--as", "Bob")
    assert code == 0, out
    _, out = run("check", str(path))
    assert "accepted history-unsealed" in out


# Any single change of any event.


@pytest.fixture(scope="module")
def sealed_bytes(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, list[Event]]:
    """A small case file with six varied events, as bytes to copy for each example."""
    case = new_case("The bridge is closed")
    for n in range(6):
        record(case, ["Ana", "Bob"][n % 2], ["edit", "comment", "status"][n % 3],
               target_kind="claim", field="text" if n % 2 else "",
               before=None if n % 3 else f"old {n}", after=f"new {n}",
               detail=f"note {n}" if n % 2 else "", at=f"2026-04-0{n + 1}T12:00:00Z")
    path = tmp_path_factory.mktemp("sealed") / "c.case.db"
    CaseFile.create(path, case).close()
    image = path.read_bytes()
    return image, events_of(path)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.integers(0, 5), column=st.sampled_from(FIELDS),
       value=st.one_of(st.none(), st.text(max_size=12), st.integers(-5, 5)))
def test_any_single_field_change_of_any_event_is_caught(
        sealed_bytes: tuple[bytes, list[Event]], tmp_path: Path, index: int, column: str,
        value: str | int | None) -> None:
    image, events = sealed_bytes
    current = getattr(events[index], column)
    # The value as the Workbench reads it back: a number as text, NULL as "" where text
    # is required. A change that reads back the same changes nothing.
    nullable = column in ("before", "after")
    read_back = None if value is None and nullable else "" if value is None else str(value)
    assume(read_back != current)
    path = tmp_path / "c.case.db"
    path.write_bytes(image)
    connection = sqlite3.connect(path)
    try:
        connection.execute(f"UPDATE events SET [{column}] = ? WHERE position = ?",
                           (value, index))
        connection.commit()
    except sqlite3.IntegrityError:  # a NULL or a taken id: sqlite3 refuses it too
        assume(False)
    finally:
        connection.close()
    findings = history_findings(path)
    assert len(findings) == 1 and findings[0].startswith("history-altered"), findings
    assert f"Event {index + 1} (" in findings[0], findings


@settings(max_examples=40, deadline=None)
@given(texts=st.lists(st.text(), min_size=1, max_size=4))
def test_any_text_in_an_event_reads_back_under_its_seal(
        tmp_path_factory: pytest.TempPathFactory, texts: list[str]) -> None:
    case = new_case("Claim")
    for text in texts:
        record(case, text, text, target_kind=text, target_id=text, field=text, before=text,
               after=text, detail=text, at=text)
    path = tmp_path_factory.mktemp("texts") / "c.case.db"
    CaseFile.create(path, case).close()
    assert history_findings(path) == []


def test_an_upgrade_seals_text_as_the_workbench_reads_it(tmp_path: Path,
                                                        small_case: Case) -> None:
    """Bytes that are not UTF-8, a BLOB, a number or NULL in an old event are sealed as
    the case file reads them back, so the upgraded history checks whole."""
    for n in range(4):
        record(small_case, "Ana", "edit", field="text", at=f"2026-03-0{n + 1}T10:00:00Z")
    path = tmp_path / "old.case.db"
    write_version_3(path, small_case)
    sql(path, "UPDATE events SET detail = X'ff00fe41' WHERE position = 0",
        "UPDATE events SET who = 42 WHERE position = 1",
        "UPDATE events SET target_id = NULL, before = '' WHERE position = 2",
        "UPDATE events SET after = CAST('é' AS BLOB) WHERE position = 3")
    assert [f.split(":")[0] for f in history_findings(path)] == ["history-unsealed"]
    with CaseFile.open(path, who="Bob") as case_file:
        case = case_file.load()
        case.title = "Upgraded"
        case_file.save(case)
    assert [f.split(":")[0] for f in history_findings(path)] == ["history-unsealed"]
    assert events_of(path)[1].who == "42"


def test_an_edit_never_merges_into_the_head_a_publication_recorded(tmp_path: Path,
                                                                  small_case: Case) -> None:
    """A snapshot added without its publish event (imported) records the head it found,
    an edit event; the next edit of that value is a new event, so the head stays."""
    path = tmp_path / "c.case.db"
    with CaseFile.create(path, small_case, who="Ana") as case_file:
        case = case_file.load()
        case.claim.context = "First"
        case_file.save(case)
    with CaseFile.open(path, read_only=True) as case_file:
        case = case_file.load()
    case.publications = []
    text = case_to_json(case)
    imported = case_from_json(text)
    imported.publications = [Publication(id="p1", published_at="2026-01-01T00:00:00Z",
                                         who="Ana", article="A", case_json="{}",
                                         content_hash=snapshot_hash(
                                             "2026-01-01T00:00:00Z", "Ana", "A", "{}"))]
    copy_path = tmp_path / "copy.case.db"
    with CaseFile.create(copy_path, imported, who="Ana") as case_file:
        case = case_file.load()
        assert case.publications[0].chain_head == case.events[-1].hash
        case.claim.context = "Second"
        case_file.save(case)
        assert len(case_file.history()) == len(case.events) == 2
    assert history_findings(copy_path) == []
