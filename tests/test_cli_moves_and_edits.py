"""Archived copies and right-of-reply entries edited and moved from a script, and captures
moved: what the evidence commands do for every other list (issue 13, point 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import load, refused, run


@pytest.fixture
def case_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WORKBENCH_USER", "Ann")
    path = tmp_path / "bridge.case.db"
    run("new", "The bridge was closed for a year", "-o", str(path))
    run("source", "add", str(path), "--title", "Council report")
    return path


def test_an_archived_copy_is_edited_and_moved(case_path: Path) -> None:
    f = str(case_path)
    run("archive", "add", f, "1", "https://web.archive.org/web/20210304120000/https://x.org/r")
    run("archive", "add", f, "1", "https://archive.ph/Ab12c", "--captured", "2022-01-02")
    run("archive", "move", f, "1", "2", "--to", "1")
    run("archive", "edit", f, "1", "1", "--captured", "2022-01-03", "--archive", "Mirror")
    copies = load(case_path).sources[0].archived_copies
    assert [(c.url, c.archive, c.captured) for c in copies] == [
        ("https://archive.ph/Ab12c", "Mirror", "2022-01-03"),
        ("https://web.archive.org/web/20210304120000/https://x.org/r", "Wayback Machine",
         "2021-03-04T12:00:00Z"),
    ]
    refused(case_path, "archive", "edit", f, "1", "1", "--captured", "2022-13-01",
            message="--captured")
    refused(case_path, "archive", "edit", f, "1", "2", "--url", "https://archive.ph/Ab12c",
            message="has this archived copy already")
    refused(case_path, "archive", "move", f, "1", "3", "--to", "1",
            message="has no archived copy 3")


def test_a_capture_is_moved(case_path: Path, tmp_path: Path) -> None:
    f = str(case_path)
    for name in ("a.pdf", "b.pdf"):
        (tmp_path / name).write_bytes(b"%PDF-1.4 " + name.encode())
        run("capture", "add", f, "1", str(tmp_path / name))
    run("capture", "move", f, "1", "2", "--to", "1")
    assert [c.name for c in load(case_path).sources[0].captures] == ["b.pdf", "a.pdf"]
    refused(case_path, "capture", "move", f, "1", "1", "--to", "3", message="has no capture 3")


def test_a_reply_entry_is_edited_and_moved(case_path: Path) -> None:
    f = str(case_path)
    run("reply", "add", f, "--to", "City police", "--claimant", "--date", "2024-05-01",
        "--how", "email", "--deadline", "2024-05-03", "--answer", "No comment.",
        "--answered", "2024-05-02")
    run("reply", "add", f, "--to", "Mayor", "--date", "2024-05-02", "--how", "phone")
    run("reply", "move", f, "2", "--to", "1")
    run("reply", "edit", f, "2", "--how", "social media", "--deadline", "2024-05-04",
        "--no-answer")
    first, second = load(case_path).replies
    assert first.name == "Mayor"
    assert (second.name, second.channel.value, second.deadline, second.answer,
            second.answered) == ("City police", "social_media", "2024-05-04", None, "")
    refused(case_path, "reply", "edit", f, "2", "--deadline", "2024-04-01",
            message="before the date asked")
    refused(case_path, "reply", "edit", f, "1", "--how", "pigeon", message="--how")
    refused(case_path, "reply", "move", f, "3", "--to", "1", message="no entry 3")
