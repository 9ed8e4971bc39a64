"""Files of a source kept inside the case file: a PDF, PNG, HTML page or WACZ archive,
with its SHA-256 and size, under a cap; listed and saved back out (checked against the
SHA-256) from the command line and the read-only source view; never read when a case is
opened."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.support import (
    load,
    notifications,
    plain,
    refused,
    run,
    settle,
    type_text,
    wait_for,
)
from workbench.casefile import CaseFile
from workbench.formats.case_json import case_from_json, case_to_dict, case_to_json
from workbench.model import MAX_CAPTURE_BYTES, Status
from workbench.tui.app import WorkbenchApp
from workbench.tui.prompt import TextPrompt
from workbench.tui.source_form import SourceFormScreen
from workbench.tui.source_view import SourceViewScreen

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


@pytest.fixture
def case_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WORKBENCH_USER", "Ann")
    path = tmp_path / "bridge.case.db"
    run("new", "The bridge was closed for a year", "-o", str(path))
    run("source", "add", str(path), "--title", "Council report")
    run("source", "add", str(path), "--title", "Minutes")
    return path


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    made = {"report.pdf": PDF, "shot.png": PNG, "page.html": b"<p>closed</p>"}
    for name, data in made.items():
        (tmp_path / name).write_bytes(data)
    return {name: tmp_path / name for name in made}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_add_list_save_remove(case_path: Path, files: dict[str, Path],
                              tmp_path: Path) -> None:
    f = str(case_path)
    _, out, _ = run("capture", "add", f, "1", str(files["report.pdf"]), "--as", "Bob")
    assert out == (f"Added to [1]: 1. report.pdf (application/pdf, {len(PDF):,} bytes, "
                   f"sha256 {sha(PDF)[:12]}…)\n")
    _, out, _ = run("capture", "add", f, "1", str(files["shot.png"]), "--json")
    added = json.loads(out)
    assert (added["name"], added["media_type"], added["sha256"], added["size"]) == (
        "shot.png", "image/png", sha(PNG), len(PNG))
    run("capture", "add", f, "2", str(files["page.html"]))
    _, out, _ = run("capture", "list", f, "1")
    assert out.splitlines()[0] == "[1] Council report"
    assert out.splitlines()[2].startswith("  2. shot.png (image/png, 108 bytes, sha256 ")
    _, out, _ = run("capture", "list", f, "--json")
    assert [[c["name"] for c in entry["captures"]] for entry in json.loads(out)] == [
        ["report.pdf", "shot.png"], ["page.html"]]

    saved = tmp_path / "out" / "copy.pdf"
    saved.parent.mkdir()
    _, out, _ = run("capture", "save", f, "1", "1", "-o", str(saved))
    assert out == f"Saved report.pdf to {saved} ({len(PDF):,} bytes, SHA-256 checked)\n"
    assert saved.read_bytes() == PDF
    # Never over a file unless asked.
    saved.write_bytes(b"mine")
    refused(case_path, "capture", "save", f, "1", "1", "-o", str(saved),
            message="already exists; replace it with --force")
    assert saved.read_bytes() == b"mine"
    run("capture", "save", f, "1", "2", "-o", str(saved), "--force")
    assert saved.read_bytes() == PNG

    _, out, _ = run("capture", "remove", f, "1", "1")
    assert out.startswith("Removed from [1]: 1. report.pdf")
    case = load(case_path)
    assert [c.name for c in case.sources[0].captures] == ["shot.png"]
    event = next(e for e in case.events if e.field == "captures")
    assert (event.who, event.before) == ("Bob", None)
    # The removed file's bytes go with it; the others stay.
    connection = sqlite3.connect(case_path)
    kept = {row[0] for row in connection.execute("SELECT sha256 FROM capture_data")}
    connection.close()
    assert kept == {sha(PNG), sha(b"<p>closed</p>")}


def test_refusals_leave_the_case_file_as_it_was(case_path: Path, files: dict[str, Path],
                                                tmp_path: Path) -> None:
    f = str(case_path)
    big = tmp_path / "huge.wacz"
    with big.open("wb") as out:
        out.truncate(MAX_CAPTURE_BYTES + 1)  # sparse: nothing is written, or read
    refused(case_path, "capture", "add", f, "1", str(big),
            message=f"huge.wacz: {MAX_CAPTURE_BYTES + 1:,} bytes is more than a capture "
                    "may be (25 MB)")
    refused(case_path, "capture", "add", f, "1", str(tmp_path), message=": not a file")
    refused(case_path, "capture", "add", f, "1", str(tmp_path / "gone.pdf"),
            message="gone.pdf: no such file")
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    refused(case_path, "capture", "add", f, "1", str(notes),
            message="a capture is a PDF, PNG, HTML or WACZ file")
    refused(case_path, "capture", "add", f, "5", str(files["shot.png"]),
            message="no source [5]")
    run("capture", "add", f, "1", str(files["shot.png"]))
    refused(case_path, "capture", "add", f, "1", str(files["shot.png"]),
            message="has this file as a capture already")
    refused(case_path, "capture", "save", f, "1", "2", "-o", str(tmp_path / "x.png"),
            message="source [1] has no capture 2 (it has 1)")
    refused(case_path, "capture", "save", f, "1", "1", "-o", str(tmp_path),
            message="is a folder")
    refused(case_path, "capture", "remove", f, "2", "1",
            message="source [2] has no capture 1 (it has 0)")
    with CaseFile.open(case_path) as case_file:
        case = case_file.load()
        case.status = Status.PUBLISHED
        case_file.save(case)
    refused(case_path, "capture", "add", f, "1", str(files["report.pdf"]),
            message="published")


def test_bytes_changed_behind_its_back_are_never_saved_out(
        case_path: Path, files: dict[str, Path], tmp_path: Path) -> None:
    f = str(case_path)
    run("capture", "add", f, "1", str(files["report.pdf"]))
    connection = sqlite3.connect(case_path)
    connection.execute("UPDATE capture_data SET data = ?", (PDF.replace(b"1.4", b"1.7"),))
    connection.commit()
    connection.close()
    out = tmp_path / "copy.pdf"
    code, _, err = run("capture", "save", f, "1", "1", "-o", str(out), ok=False)
    assert code == 1
    assert "does not match its SHA-256" in err
    assert not out.exists()


def test_opening_a_case_reads_no_capture_bytes(case_path: Path,
                                               files: dict[str, Path]) -> None:
    run("capture", "add", str(case_path), "1", str(files["report.pdf"]))
    with CaseFile.open(case_path, read_only=True) as case_file:
        statements: list[str] = []
        case_file._connection.set_trace_callback(statements.append)
        case = case_file.load()
        assert statements and not any("capture_data" in sql for sql in statements)
        capture = case.sources[0].captures[0]
        assert not hasattr(capture, "data")
        assert case_file.capture_bytes(capture) == PDF


def test_the_case_json_describes_captures_and_says_version_6(
        case_path: Path, files: dict[str, Path]) -> None:
    case = load(case_path)
    assert case_to_dict(case)["format_version"] < 6
    run("capture", "add", str(case_path), "1", str(files["report.pdf"]))
    case = load(case_path)
    document = case_to_dict(case)
    assert document["format_version"] == 6
    (described,) = document["sources"][0]["captures"]
    assert described == {"id": case.sources[0].captures[0].id, "name": "report.pdf",
                         "media_type": "application/pdf", "sha256": sha(PDF),
                         "size": len(PDF)}
    assert case_from_json(case_to_json(case)) == case
    described["sha256"] = "not hex"
    with pytest.raises(ValueError, match=r"captures\[0\]\.sha256 must be 64"):
        case_from_json(json.dumps(document))


def test_the_markdown_article_names_each_capture(case_path: Path, files: dict[str, Path],
                                                 tmp_path: Path) -> None:
    run("capture", "add", str(case_path), "1", str(files["report.pdf"]))
    article = tmp_path / "a.md"
    run("export", str(case_path), "--format", "md", "--force", "-o", str(article))
    assert (f"  - **Captures:** report.pdf (PDF, {len(PDF):,} bytes, SHA-256 "
            f"{sha(PDF)[:12]}…)") in article.read_text("utf-8")


async def test_the_read_only_view_lists_captures_and_saves_one_out(
        case_path: Path, files: dict[str, Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    f = str(case_path)
    run("archive", "add", f, "1", "https://archive.ph/Ab12c", "--captured", "2022-01-02")
    run("capture", "add", f, "1", str(files["report.pdf"]))
    run("capture", "add", f, "1", str(files["shot.png"]))
    with CaseFile.open(case_path) as case_file:
        case = case_file.load()
        case.status = Status.PUBLISHED
        case_file.save(case)
    monkeypatch.chdir(tmp_path)
    os.mkdir("saved")
    app = WorkbenchApp(case=case_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        view = app.screen
        assert isinstance(view, SourceViewScreen)
        assert plain(view.query_one("#archived-copy-1", Static)) == (
            "https://archive.ph/Ab12c  archive.today, 2022-01-02")
        assert plain(view.query_one("#capture-1", Static)) == (
            f"report.pdf  application/pdf · 10.0 KB · sha256 {sha(PDF)[:12]}…")
        assert plain(view.query_one("#capture-2", Static)).startswith(
            "shot.png  image/png · 108 bytes · sha256 ")
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt))
        await type_text(pilot, "2")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt)
                       and "shot.png" in str(app.screen.query_one("#prompt").border_title))
        await pilot.press("ctrl+u")
        await type_text(pilot, "saved/shot-copy.png")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SourceViewScreen))
        await settle(pilot)
        assert (tmp_path / "saved" / "shot-copy.png").read_bytes() == PNG
        assert any("Saved shot.png to saved/shot-copy.png" in note
                   for note in notifications(app))


async def test_editing_a_source_in_the_form_keeps_its_copies_and_captures(
        case_path: Path, files: dict[str, Path]) -> None:
    f = str(case_path)
    run("archive", "add", f, "1", "https://archive.ph/Ab12c", "--captured", "2022-01-02")
    run("capture", "add", f, "1", str(files["report.pdf"]))
    kept = load(case_path).sources[0]
    app = WorkbenchApp(case=case_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await type_text(pilot, " (revised)")
        await pilot.press("ctrl+s")
        await settle(pilot)
    again = load(case_path).sources[0]
    assert again.title == "Council report (revised)"
    assert (again.archived_copies, again.captures) == (kept.archived_copies, kept.captures)
    with CaseFile.open(case_path, read_only=True) as case_file:
        assert case_file.capture_bytes(again.captures[0]) == PDF


async def test_the_form_lists_them_and_saves_a_capture_with_ctrl_o(
        case_path: Path, files: dict[str, Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """On a draft, e opens the form: it lists the copies and captures too, and ctrl+o
    (its fields take letters, so not w) saves a capture out; nothing of the case changes."""
    f = str(case_path)
    run("archive", "add", f, "1", "https://archive.ph/Ab12c", "--captured", "2022-01-02")
    run("capture", "add", f, "1", str(files["report.pdf"]))
    before = load(case_path)
    monkeypatch.chdir(tmp_path)
    app = WorkbenchApp(case=case_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, SourceFormScreen))
        await settle(pilot)
        form = app.screen
        assert plain(form.query_one("#archived-copy-1", Static)) == (
            "https://archive.ph/Ab12c  archive.today, 2022-01-02")
        assert plain(form.query_one("#capture-1", Static)).startswith("report.pdf  ")
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt))
        await pilot.press("ctrl+u")
        await type_text(pilot, "report-copy.pdf")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is form)
        await settle(pilot)
        assert (tmp_path / "report-copy.pdf").read_bytes() == PDF
        await pilot.press("escape")
        await settle(pilot)
    assert load(case_path) == before
