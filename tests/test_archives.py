"""Several archived copies per source: each with its address, the archive and when it was
captured, kept in the case file and the case JSON, added, listed and removed from a
script, upgraded into from schema 6, and written into the articles (Robust Links in the
HTML, the copies with their dates in Markdown and text)."""

from __future__ import annotations

import json
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.support import SCHEMA_7_DROPS, load, refused, run, write_old_schema
from workbench.casefile import CaseFile
from workbench.casefile.probe import SCHEMA_VERSION
from workbench.fields import FieldError, set_field
from workbench.formats.case_json import case_from_json, case_to_dict, case_to_json
from workbench.model import (
    ArchivedCopy,
    Source,
    Status,
    archive_name,
    captured_problem,
    new_case,
    wayback_time,
)

WAYBACK = "https://web.archive.org/web/20210304120000/https://example.org/report"
TODAY = "https://archive.ph/Ab12c"


@pytest.fixture
def case_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WORKBENCH_USER", "Ann")
    path = tmp_path / "bridge.case.db"
    run("new", "The bridge was closed for a year", "-o", str(path))
    run("source", "add", str(path), "--title", "Council report",
        "--url", "https://example.org/report")
    return path


def test_the_archive_and_capture_time_come_from_the_address() -> None:
    assert archive_name(WAYBACK) == "Wayback Machine"
    assert archive_name(TODAY) == "archive.today"
    assert archive_name("https://www.perma.cc/ABCD-1234") == "Perma.cc"
    assert archive_name("https://copies.example.net:8443/x") == "copies.example.net"
    assert wayback_time(WAYBACK) == "2021-03-04T12:00:00Z"
    assert wayback_time("https://web.archive.org/web/20210304/https://x.org") == "2021-03-04"
    assert wayback_time(TODAY) == ""
    assert captured_problem("2021-03-04") is None
    assert captured_problem("2021-03-04T12:00:00+02:00") is None
    assert "not a day" in (captured_problem("2021-02-30") or "")
    assert "not a capture time" in (captured_problem("March 2021") or "")


def test_copies_are_kept_in_the_case_file_in_order_and_recorded(tmp_path: Path) -> None:
    path = tmp_path / "c.case.db"
    case = new_case("A claim")
    case.sources = [Source(id="s1", number=1, title="Report", url="https://example.org/r",
                           archived_url="https://example.org/old-copy")]
    with CaseFile.create(path, case, who="Ann") as case_file:
        case = case_file.load()
        case.sources[0].archived_copies = [
            ArchivedCopy(WAYBACK, "Wayback Machine", "2021-03-04T12:00:00Z"),
            ArchivedCopy(TODAY, "archive.today", "2022-01-02")]
        case_file.save(case)
    again = load(path)
    # The single archived URL stays the form's own field, beside the dated copies.
    assert again.sources[0].archived_url == "https://example.org/old-copy"
    assert again.sources[0].archived_copies == case.sources[0].archived_copies
    assert again.sources[0].latest_copy() == ArchivedCopy(TODAY, "archive.today",
                                                           "2022-01-02")
    event = again.events[-1]
    assert (event.target_kind, event.field, event.before) == ("source", "archived_copies",
                                                              None)
    assert event.after == (f"{WAYBACK} (Wayback Machine, 2021-03-04T12:00:00Z)\n"
                           f"{TODAY} (archive.today, 2022-01-02)")


def test_json_says_version_6_only_for_a_case_with_copies() -> None:
    case = new_case("A claim")
    case.sources = [Source(id="s1", number=1, title="Report", archived_url=TODAY)]
    assert case_to_dict(case)["format_version"] < 6
    assert "archived_copies" not in case_to_dict(case)["sources"][0]
    case.sources[0].archived_copies = [ArchivedCopy(WAYBACK, "Wayback Machine", "2021-03-04")]
    document = case_to_dict(case)
    assert document["format_version"] == 6
    assert document["sources"][0]["archived_copies"] == [
        {"url": WAYBACK, "archive": "Wayback Machine", "captured": "2021-03-04"}]
    assert case_from_json(case_to_json(case)) == case
    document["sources"][0]["archived_copies"][0]["captured"] = "yesterday"
    with pytest.raises(ValueError, match=r"sources\[0\]\.archived_copies\[0\]\.captured"):
        case_from_json(json.dumps(document))


def test_a_schema_6_file_is_read_as_it_is_then_backed_up_and_upgraded(
        tmp_path: Path) -> None:
    path = tmp_path / "old.case.db"
    case = new_case("A claim")
    case.sources = [Source(id="s1", number=1, title="Report", archived_url=TODAY)]
    write_old_schema(path, case, 6, SCHEMA_7_DROPS)
    before = path.read_bytes()
    # Read-only: through a migrated copy in memory; the file stays as it was.
    assert load(path).sources[0].archived_copies == []
    assert path.read_bytes() == before
    with CaseFile.open(path) as case_file:
        upgraded = case_file.load()
        assert upgraded.sources[0].archived_url == TODAY
        upgraded.sources[0].archived_copies.append(ArchivedCopy(WAYBACK, "Wayback Machine"))
        case_file.save(upgraded)
    backup = sqlite3.connect(path.with_name("old.case.db.v6-backup"))
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 6
    assert backup.execute("SELECT count(*) FROM sqlite_master WHERE name = 'captures'"
                          ).fetchone()[0] == 0
    backup.close()
    migrated = sqlite3.connect(path)
    assert migrated.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 8
    new_path = tmp_path / "new.case.db"
    CaseFile.create(new_path, new_case("x")).close()
    fresh = sqlite3.connect(new_path)
    layout = ("SELECT name, sql FROM sqlite_master WHERE name IN "
              "('archived_copies', 'captures', 'capture_data') ORDER BY name")
    assert migrated.execute(layout).fetchall() == fresh.execute(layout).fetchall()
    migrated.close()
    fresh.close()
    assert load(path).sources[0].archived_copies == [ArchivedCopy(WAYBACK, "Wayback Machine")]


def test_archive_add_list_remove_from_the_command_line(case_path: Path) -> None:
    f = str(case_path)
    _, out, _ = run("archive", "add", f, "1", WAYBACK, "--as", "Bob")
    assert out == f"Added to [1]: 1. {WAYBACK} (Wayback Machine, 2021-03-04T12:00:00Z)\n"
    _, out, _ = run("archive", "add", f, "1", TODAY, "--captured", "2022-01-02", "--json")
    assert json.loads(out) == {"url": TODAY, "archive": "archive.today",
                               "captured": "2022-01-02"}
    run("archive", "add", f, "[1]", "https://keep.example.net/r", "--archive", "Our  mirror")
    _, out, _ = run("archive", "list", f)
    assert out.splitlines() == [
        "[1] Council report",
        f"  1. {WAYBACK} (Wayback Machine, 2021-03-04T12:00:00Z)",
        f"  2. {TODAY} (archive.today, 2022-01-02)",
        "  3. https://keep.example.net/r (Our mirror)",
    ]
    _, out, _ = run("archive", "list", f, "1", "--json")
    assert [copy["archive"] for copy in json.loads(out)[0]["archived_copies"]] == [
        "Wayback Machine", "archive.today", "Our mirror"]
    _, out, _ = run("archive", "remove", f, "1", "2")
    assert out == f"Removed from [1]: 2. {TODAY} (archive.today, 2022-01-02)\n"
    source = load(case_path).sources[0]
    assert [copy.url for copy in source.archived_copies] == [
        WAYBACK, "https://keep.example.net/r"]
    assert next(e.who for e in load(case_path).events if e.field == "archived_copies") == "Bob"


def test_archive_refusals_leave_the_file_as_it_was(case_path: Path) -> None:
    f = str(case_path)
    run("archive", "add", f, "1", TODAY)
    refused(case_path, "archive", "add", f, "1", "ftp://example.org/x",
            message="is not a web address")
    refused(case_path, "archive", "add", f, "1", WAYBACK, "--captured", "2021-02-30",
            message="--captured: 2021-02-30 is not a day of the calendar")
    refused(case_path, "archive", "add", f, "7", WAYBACK, message="no source [7]")
    refused(case_path, "archive", "add", f, "1", TODAY, message="has this archived copy")
    refused(case_path, "archive", "remove", f, "1", "2",
            message="source [1] has no archived copy 2 (it has 1)")


def test_a_published_case_takes_no_copy_without_a_correction(case_path: Path) -> None:
    with CaseFile.open(case_path) as case_file:
        case = case_file.load()
        case.status = Status.PUBLISHED
        case_file.save(case)
    refused(case_path, "archive", "add", str(case_path), "1", TODAY, message="published")


class Links(HTMLParser):
    """Every ``<a>`` of a page, as its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.append(dict(attrs))


def test_the_articles_carry_the_copies(case_path: Path, tmp_path: Path) -> None:
    f = str(case_path)
    run("archive", "add", f, "1", WAYBACK)
    run("archive", "add", f, "1", TODAY, "--captured", "2022-01-02")
    html_path = tmp_path / "a.html"
    run("export", f, "--format", "html", "--force", "-o", str(html_path))
    parser = Links()
    parser.feed(html_path.read_text("utf-8"))
    by_href = {link["href"]: link for link in parser.links}
    # Robust Links: the link to the source names its copy captured last, and when.
    assert by_href["https://example.org/report"] == {
        "href": "https://example.org/report",
        "data-originalurl": "https://example.org/report",
        "data-versionurl": TODAY, "data-versiondate": "2022-01-02"}
    assert by_href[WAYBACK]["data-originalurl"] == "https://example.org/report"
    assert by_href[WAYBACK]["data-versiondate"] == "2021-03-04T12:00:00Z"
    for fmt, prefix in (("md", "  - **Archived copies:** "), ("txt", "    Archived copies: ")):
        out_path = tmp_path / f"a.{fmt}"
        run("export", f, "--format", fmt, "--force", "-o", str(out_path))
        assert (f"{prefix}Wayback Machine, 2021-03-04T12:00:00Z: {WAYBACK}; "
                f"archive.today, 2022-01-02: {TODAY}") in out_path.read_text("utf-8")


def test_set_derived_from_takes_a_number_or_none(case_path: Path) -> None:
    f = str(case_path)
    run("source", "add", f, "--title", "A blog repeating the report")
    run("set", f, "source:2.derived_from", "1")
    case = load(case_path)
    assert case.sources[1].derived_from == case.sources[0].id
    refused(case_path, "set", f, "source:2.derived_from", "2",
            message="source [2] cannot be derived from itself")
    refused(case_path, "set", f, "source:2.derived_from", "9", message="no source [9]")
    run("set", f, "source:2.derived_from", "none")
    assert load(case_path).sources[1].derived_from is None
    with pytest.raises(FieldError, match=r"no field 'derived'.*derived_from"):
        set_field(case, "source:2.derived", "1")
    change = set_field(case, "source:2.derived_from", "[1]")
    assert (change.before, change.after) == (1, 1)
