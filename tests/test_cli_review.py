"""The review path from the command line alone, by two names, as a newsroom would script
it; and every refused move refused with one clear line, leaving the file as it was."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support import REPO
from workbench.cli import main

DRAFT = REPO / "sample_cases" / "obama-carbon-pollution.json"


def run(*args: str, ok: bool = True, env: dict[str, str] | None = None,
        stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False, env=env,
                                input=stdin)
    if ok:
        assert result.exit_code == 0, result.stderr
    return result.exit_code, result.stdout, result.stderr


def refused(path: Path, *args: str, message: str, env: dict[str, str] | None = None) -> str:
    """Run a command that must be refused: exit 1, one line naming why, file unchanged."""
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    code, out, err = run(*args, ok=False, env=env)
    assert code == 1, (out, err)
    assert err.startswith("workbench: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert message in err, err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    return err


def comment_id(out: str) -> str:
    return out.split()[0]


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "obama.case.db"
    run("import", str(DRAFT), "-o", str(path))
    return path


def test_the_whole_path_by_two_names(draft: Path) -> None:
    f = str(draft)
    # The author fixes the draft's readiness errors, answering the open comment on the way.
    run("set", f, "section:1.body", "Compared by the total amount of emissions removed, the "
        "US reduction looks like the largest of any country [2].", "--as", "Alice")
    run("set", f, "section:bottom-line.body", "-", "--as", "Alice",
        stdin="Largely accurate on totals [2].\n")
    run("set", f, "verdict.rating", "Mostly True", "--as", "Alice")
    run("resolve", f, "c-missing-source", "--as", "Alice")
    run("status", f, "in review", "--as", "Alice")

    # The reviewer comments on a source and asks for changes.
    _, out, _ = run("comment", f, "--on", "source:2", "--text",
                    "Which edition of the emissions data is this?", "--as", "Bob")
    question = comment_id(out)
    assert 'on source:2 "National carbon emissions totals' in out
    _, out, _ = run("review", f)
    assert question in out and "Bob" in out and "1 open thread" in out
    refused(draft, "status", f, "approved", "--as", "Bob",
            message="1 open review comment (first: on source:2")
    run("status", f, "changes_requested", "--as", "Bob", "--note", "see my comment")

    # The author fixes it, answers, resolves, and submits again.
    run("set", f, "source:2.title", "National carbon emissions totals, 2015 edition",
        "--as", "Alice")
    run("comment", f, "--reply-to", question, "--text", "The 2015 edition; title fixed.",
        "--as", "Alice")
    run("resolve", f, question, "--as", "Alice")
    run("status", f, "in_review", "--as", "Alice")
    refused(draft, "status", f, "approved", "--as", "Alice",
            message="Alice submitted it for review; sign-off takes a second name")

    # The reviewer signs off (named by the environment), the author publishes.
    _, out, _ = run("status", f, "approved", "--note", "good to go",
                    env={"WORKBENCH_USER": "Bob"})
    assert out.strip() == "in review -> approved (Bob): good to go"
    _, out, _ = run("status", f, "published", "--as", "Alice")
    assert out.startswith("approved -> published (Alice); publication 1, sha256:")
    refused(draft, "set", f, "section:bottom-line.body", "Mostly accurate.", "--as", "Alice",
            message="the case is published; record a correction (what changed and why)")
    refused(draft, "status", f, "published", "--as", "Alice",
            message="the case is already published")

    # A correction, the change, and publication again.
    _, out, _ = run("correct", f, "--text", "The bottom line now says mostly accurate.",
                    "--why", "Largely overstated the agreement.", "--date", "2026-05-03",
                    "--as", "Alice")
    assert "published -> corrected" in out
    assert "a second name approves it before it is published again" in out
    run("set", f, "section:bottom-line.body", "Mostly accurate on totals [2].", "--as", "Alice")

    # Not out again until a second name has signed the correction off; meanwhile the diff
    # shows the reviewer what the correction changes.
    refused(draft, "status", f, "published", "--as", "Alice",
            message="publishing again after a correction needs a sign-off by someone else")
    _, pending, _ = run("diff", f)
    assert pending.splitlines()[1] == "+++ as it stands (corrected, not yet published)"
    run("status", f, "in_review", "--as", "Alice")
    refused(draft, "status", f, "approved", "--as", "Alice",
            message="Alice submitted it for review; sign-off takes a second name")
    run("status", f, "approved", "--as", "Bob")
    run("status", f, "published", "--as", "Alice")

    # The diff is exactly the correction's notice at the top, the corrected sentence and
    # the corrections section: what the reviewer was shown before signing it off.
    _, diff, _ = run("diff", f)
    assert diff.split("\n", 2)[2] == pending.split("\n", 2)[2]
    changed = [line for line in diff.splitlines()
               if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == [
        "+",
        "+> **Correction (2026-05-03):** The bottom line now says mostly accurate. The "
        "correction is listed under Corrections.",
        "-Largely accurate on totals [2].",
        "+Mostly accurate on totals [2].",
        "+",
        "+## Corrections",
        "+",
        "+- **2026-05-03:** The bottom line now says mostly accurate. Why: Largely "
        "overstated the agreement.",
    ]
    assert diff.splitlines()[0].startswith("--- publication 1 (")
    assert run("diff", f, "--from", "1", "--to", "2")[1] == diff

    # The log has every step, with the right names.
    _, out, _ = run("log", f, "--json")
    steps = [(e["who"], e["action"], e["field"], e["before"], e["after"])
             for e in json.loads(out)][3:]  # after the sample's own history
    assert steps == [
        ("Alice", "edit", "body", _anything(), "Compared by the total amount of emissions "
         "removed, the US reduction looks like the largest of any country [2]."),
        ("Alice", "edit", "body", "", "Largely accurate on totals [2]."),
        ("Alice", "edit", "rating", "Half True", "Mostly True"),
        ("Alice", "resolve", "resolved", "open", "resolved"),
        ("Alice", "status", "status", "draft", "in_review"),
        ("Bob", "comment", "", None, None),
        ("Bob", "status", "status", "in_review", "changes_requested"),
        ("Alice", "edit", "title", "National carbon emissions totals (dataset to be "
         "identified)", "National carbon emissions totals, 2015 edition"),
        ("Alice", "reply", "", None, None),
        ("Alice", "resolve", "resolved", "open", "resolved"),
        ("Alice", "status", "status", "changes_requested", "in_review"),
        ("Bob", "status", "status", "in_review", "approved"),
        ("Bob", "sign-off", "article", None, _anything()),
        ("Alice", "status", "status", "approved", "published"),
        ("Alice", "publish", "content_hash", None, _anything()),
        ("Alice", "correct", "", None, None),
        ("Alice", "status", "status", "published", "corrected"),
        ("Alice", "edit", "body", "Largely accurate on totals [2].",
         "Mostly accurate on totals [2]."),
        ("Alice", "status", "status", "corrected", "in_review"),
        ("Bob", "status", "status", "in_review", "approved"),
        ("Bob", "sign-off", "article", None, _anything()),
        ("Alice", "status", "status", "approved", "published"),
        ("Alice", "publish", "content_hash", None, _anything()),
    ]
    _, text, _ = run("log", f)
    assert "Bob        status: in review -> changes requested (see my comment)" in text
    assert "Alice      recorded a correction" in text
    _, out, _ = run("log", f, "--on", "source:2")
    assert [line.split("  ")[1].strip() for line in out.splitlines()] == [
        "Bob", "Alice", "Alice", "Alice"]

    # Every comment resolved, by whom.
    _, out, _ = run("review", f, "--all", "--json")
    comments = json.loads(out)
    assert [(c["author"], c["resolved"], c["resolved_by"], c["anchor"]) for c in comments] == [
        ("k.mensah", True, "Alice", "section:1"),
        ("Bob", True, "Alice", "source:2"),
        ("Alice", True, "Alice", "source:2"),
    ]
    _, out, err = run("review", f)
    assert out == "" and "0 open threads; 2 resolved (see --all)" in err
    _, out, _ = run("export", f, "--format", "txt")
    assert "Corrections" in out and "Largely overstated the agreement." in out


class _anything:
    def __eq__(self, other: object) -> bool:
        return True


def test_refused_moves_say_why_and_change_nothing(draft: Path, isolated_config: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    f = str(draft)
    monkeypatch.delenv("WORKBENCH_USER", raising=False)
    refused(draft, "status", f, "published", "--as", "Alice",
            message="cannot move from draft to published: a case is published only once "
                    "approved")
    refused(draft, "status", f, "in_review", message="no name to record for this action: "
                                                      "give --as NAME, set WORKBENCH_USER")
    refused(draft, "status", f, "in_review", "--as", " ", message="--as needs a name")
    refused(draft, "status", f, "finished", "--as", "Alice",
            message="'finished' is not a status; choose from draft, in_review")
    refused(draft, "correct", f, "--text", "x", "--why", "y", "--as", "Alice",
            message="only a published case takes corrections; this one is draft")
    refused(draft, "comment", f, "--on", "source:9", "--text", "?", "--as", "Bob",
            message="the case has no source [9]")
    refused(draft, "comment", f, "--text", "?", "--as", "Bob",
            message="say where the comment goes")
    refused(draft, "resolve", f, "nope", "--as", "Bob", message="no comment 'nope'")
    refused(draft, "set", f, "claim.mood", "x", "--as", "Alice",
            message="claim has no field 'mood'")
    refused(draft, "set", f, "source:1.date_published", "May", "--as", "Alice",
            message="is not a date")
    refused(draft, "diff", f, message="the case has 0 publications; a diff needs two")
    run("status", f, "in_review", "--as", "Alice")
    refused(draft, "status", f, "approved", "--as", "Bob",
            message="cannot move from in review to approved: 2 readiness errors")
    # The name may come from the config file too.
    isolated_config.write_text('[workbench]\nauthor = "Carol Desk"\n')
    _, out, _ = run("status", f, "draft")
    assert out.strip() == "in review -> draft (Carol Desk)"


def test_a_tampered_snapshot_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "cruz.case.db"
    run("import", str(REPO / "sample_cases" / "cruz-supreme-court-size.json"), "-o", str(path))
    f = str(path)
    run("set", f, "section:summary.heading", "Summary", "--as", "Alice")
    run("status", f, "in_review", "--as", "Alice")
    run("status", f, "approved", "--as", "Bob")
    run("status", f, "published", "--as", "Alice")
    run("diff", f)
    # Someone "fixes" the published article behind the Workbench's back.
    connection = sqlite3.connect(path)
    connection.execute("UPDATE publications SET article = replace(article, 'Court', 'court') "
                       "WHERE position = 1")
    connection.commit()
    connection.close()
    refused(path, "diff", f, message="publication 2 was altered after it was published "
                                     "(its content hash does not match)")
    code, out, _ = run("check", f, ok=False)
    assert code == 1 and "publication-altered" in out and "Publication 2" in out
    run("correct", f, "--text", "Again.", "--why", "Test.", "--as", "Alice")
    run("status", f, "in_review", "--as", "Alice")
    # The altered snapshot is a readiness error: no second sign-off over it.
    refused(path, "status", f, "approved", "--as", "Bob",
            message="no longer matches its content hash")


def test_a_correction_is_signed_off_by_someone_else(tmp_path: Path) -> None:
    """The sample was corrected by r.alvarez: it goes out again only once a second name
    has signed the correction off, whoever sends it to review."""
    path = tmp_path / "cruz.case.db"
    run("import", str(REPO / "sample_cases" / "cruz-supreme-court-size.json"), "-o", str(path))
    f = str(path)
    run("set", f, "section:summary.heading", "Summary", "--as", "Bob")
    _, out, _ = run("status", f, "--as", "Bob")
    assert out.splitlines() == ["corrected (submitted by r.alvarez)",
                                "  -> in review          ok"]
    err = refused(path, "status", f, "published", "--as", "k.mensah",
                  message="cannot move from corrected to published: publishing again after "
                          "a correction needs a sign-off by someone else: send it to review")
    assert err.count("workbench: ") == 1
    run("status", f, "in_review", "--as", "Bob")
    refused(path, "status", f, "approved", "--as", "R.Alvarez",
            message="r.alvarez made the correction; sign-off takes a second name")
    run("status", f, "approved", "--as", "k.mensah")
    _, out, _ = run("status", f, "published", "--as", "Bob")
    assert out.startswith("approved -> published (Bob); publication 2, sha256:")


def test_status_without_a_move_shows_the_way_on(draft: Path) -> None:
    _, out, _ = run("status", str(draft), "--as", "Bob")
    assert out.splitlines() == ["draft", "  -> in review          ok"]
    run("status", str(draft), "in_review", "--as", "Alice")
    _, out, _ = run("status", str(draft), "--as", "Alice")
    lines = out.splitlines()
    assert lines[0] == "in review (submitted by Alice)"
    assert lines[1].startswith("  -> changes requested  ok")
    assert "sign-off takes a second name" in lines[2]


def test_new_records_who_created_it(tmp_path: Path) -> None:
    path = tmp_path / "n.case.db"
    run("new", "Crime doubled", "-o", str(path), "--as", "Alice")
    _, out, _ = run("log", str(path), "--json")
    [created] = json.loads(out)
    assert (created["who"], created["action"], created["description"]) == (
        "Alice", "created", "created the case")


def test_open_review_starts_the_tui_in_review_mode(draft: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import workbench.tui.app as app

    started: list[tuple[Path, bool]] = []
    monkeypatch.setattr(app, "run_case", lambda path, *, review=False: started.append(
        (path, review)))
    run("open", str(draft), "--review")
    run("open", str(draft))
    assert started == [(draft, True), (draft, False)]
    assert app.WorkbenchApp(case=draft, review=True).review_mode is True
