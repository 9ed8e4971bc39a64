"""The right of reply (issue 13, point 5): a log per case of each attempt to reach the
claimant or another person named, kept by the case file (schema 6, migrated from schema 5
with a backup) and the case JSON (version 5, only for a case with a log), written from the
CLI and the TUI, warned about when a rated claim's claimant was never asked, and said in
the article in a sentence per entry.
"""

from __future__ import annotations

import json
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from markdown_it import MarkdownIt
from textual.widgets import Checkbox, Input

from tests.strategies import cases, reply_requests
from tests.support import (
    SCHEMA_7_DROPS,
    digest,
    notifications,
    schema_layout,
    type_text,
    wait_for,
    write_old_schema,
)
from tests.support import run as run_cli
from workbench.analysis.checks import run_checks
from workbench.casefile import CaseFile
from workbench.casefile.probe import SCHEMA_VERSION
from workbench.casefile.writes import empty_case_file
from workbench.cli import main
from workbench.config import Config
from workbench.formats.article import build_article
from workbench.formats.case_json import (
    CaseFormatError,
    case_from_dict,
    case_from_json,
    case_to_dict,
    case_to_json,
)
from workbench.formats.html_export import render_html
from workbench.formats.markdown_export import render_markdown
from workbench.formats.text_export import render_text
from workbench.model import (
    Case,
    CaseIntegrityError,
    ReplyChannel,
    ReplyRequest,
    reply_request_problem,
    validate_integrity,
)
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_screen import CaseScreen
from workbench.tui.reply_log import ReplyForm, ReplyLogScreen

NO_REPLY = ReplyRequest(id="r1", name="Vladimir Putin's office", claimant=True,
                        date="2024-05-01", channel=ReplyChannel.EMAIL,
                        asked="Did he ask to join NATO?", deadline="2024-05-03")
REPLIED = ReplyRequest(id="r2", name="NATO press office", date="2024-05-02",
                       channel=ReplyChannel.PHONE, answer="We do not comment on that.",
                       answered="2024-05-04")
NO_REPLY_SENTENCE = ("We asked Vladimir Putin's office on 2024-05-01 by email (“Did he ask "
                     "to join NATO?”); they did not reply by 2024-05-03.")
REPLIED_SENTENCE = ("We asked NATO press office on 2024-05-02 by phone; they replied on "
                    "2024-05-04: “We do not comment on that.”")


def rated(case: Case) -> Case:
    """``small_case`` rated, so that its claimant (A. Mayor) is owed a chance to reply."""
    case.scale = "politifact"
    case.verdict.rating = "True"
    return case


# The model


@pytest.mark.parametrize(("changes", "problem"), [
    ({"name": " "}, "say who was asked"),
    ({"date": ""}, "the date asked is missing (use YYYY-MM-DD)"),
    ({"date": "2024-05"}, "the date asked '2024-05' is not a day: use YYYY-MM-DD"),
    ({"deadline": "2023-02-29"},
     "the deadline '2023-02-29' is not a day: February 2023 has 28 days (not a leap year)"),
    ({"deadline": "2024-04-30"}, "the deadline 2024-04-30 is before the date asked 2024-05-01"),
    ({"answer": "No."}, "an answer needs the date it was given (use YYYY-MM-DD)"),
    ({"answered": "2024-05-02"}, "a date answered needs the answer (its text)"),
    ({"answer": "No.", "answered": "2024-04-01"},
     "the date answered 2024-04-01 is before the date asked 2024-05-01"),
])
def test_an_entry_that_says_nothing_sensible_is_refused_in_words(changes: dict[str, str],
                                                                 problem: str) -> None:
    import dataclasses

    assert reply_request_problem(NO_REPLY) is None
    assert reply_request_problem(dataclasses.replace(NO_REPLY, **changes)) == problem


def test_two_entries_may_not_share_an_id(small_case: Case) -> None:
    small_case.replies = [NO_REPLY, NO_REPLY]
    with pytest.raises(CaseIntegrityError, match="two reply requests share the id"):
        validate_integrity(small_case)


# The case file


def test_the_case_file_keeps_the_log_and_the_history_records_each_change(
        tmp_path: Path, small_case: Case) -> None:
    path = tmp_path / "bridge.case.db"
    CaseFile.create(path, small_case).close()
    with CaseFile.open(path, who="Ana") as writer:
        case = writer.load()
        case.replies = [NO_REPLY, REPLIED]
        writer.save(case)
        case.replies[0] = ReplyRequest(**{**NO_REPLY.__dict__, "answer": "",
                                          "answered": "2024-05-05"})
        writer.save(case)
        del case.replies[1]
        writer.save(case)
    with CaseFile.open(path, read_only=True) as reader:
        again = reader.load()
    assert again.replies == [ReplyRequest(**{**NO_REPLY.__dict__, "answer": "",
                                             "answered": "2024-05-05"})]
    changes = [(e.action, e.target_kind, e.target_id, e.field, e.before, e.after, e.who)
               for e in again.events if e.target_kind == "reply"]
    assert changes == [
        ("add", "reply", "r1", "", None, "Vladimir Putin's office", "Ana"),
        ("add", "reply", "r2", "", None, "NATO press office", "Ana"),
        ("edit", "reply", "r1", "answer", None, "", "Ana"),
        ("edit", "reply", "r1", "answered", "", "2024-05-05", "Ana"),
        ("remove", "reply", "r2", "", "NATO press office", None, "Ana"),
    ]


def test_a_schema_5_file_is_backed_up_and_migrated(tmp_path: Path, small_case: Case) -> None:
    path = tmp_path / "old.case.db"
    write_old_schema(path, small_case, 5, ("DROP TABLE replies", *SCHEMA_7_DROPS))
    dump = list(sqlite3.connect(path).iterdump())
    before = digest(path)
    # Read-only: read through a migrated copy in memory, the file left as it was.
    with CaseFile.open(path, read_only=True) as reader:
        assert reader.load().replies == []
    assert digest(path) == before
    with CaseFile.open(path, who="Ana") as writer:
        case = writer.load()
        case.replies.append(NO_REPLY)
        writer.save(case)
    backup = sqlite3.connect(tmp_path / "old.case.db.v5-backup")
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 5
    assert list(backup.iterdump()) == dump
    backup.close()
    migrated = sqlite3.connect(path)
    fresh = sqlite3.connect(":memory:")
    fresh.deserialize(empty_case_file())
    assert migrated.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 8
    assert schema_layout(migrated) == schema_layout(fresh)
    migrated.close()
    with CaseFile.open(path, read_only=True) as reader:
        assert reader.load().replies == [NO_REPLY]


# The case JSON


@settings(max_examples=50)
@given(cases())
def test_the_case_json_and_the_case_file_round_trip_any_log(
        tmp_path_factory: pytest.TempPathFactory, case: Case) -> None:
    assert case_from_json(case_to_json(case)) == case
    path = tmp_path_factory.mktemp("replies") / "any.case.db"
    CaseFile.create(path, case).close()
    with CaseFile.open(path, read_only=True) as reader:
        assert reader.load().replies == case.replies


@given(reply_requests())
def test_every_valid_entry_is_valid(request: ReplyRequest) -> None:
    assert reply_request_problem(request) is None


def test_version_5_only_for_a_case_with_a_log(small_case: Case) -> None:
    assert case_to_dict(small_case)["format_version"] == 2
    assert "replies" not in case_to_dict(small_case)
    small_case.replies = [NO_REPLY, REPLIED]
    document = case_to_dict(small_case)
    assert document["format_version"] == 5
    assert document["replies"][0] == {
        "id": "r1", "name": "Vladimir Putin's office", "claimant": True,
        "date": "2024-05-01", "channel": "email", "asked": "Did he ask to join NATO?",
        "deadline": "2024-05-03", "answer": None, "answered": "",
    }


def test_the_case_json_refuses_an_entry_the_model_refuses(small_case: Case) -> None:
    small_case.replies = [NO_REPLY]
    document = json.loads(case_to_json(small_case))
    document["replies"][0]["deadline"] = "2024-13-01"
    with pytest.raises(CaseFormatError, match=r"^replies\[0\]: the deadline '2024-13-01' "
                                              "is not a day: there is no month 13"):
        case_from_dict(document)


# The readiness warning


def test_a_rated_claim_whose_claimant_was_never_asked_is_warned_about(small_case: Case
                                                                      ) -> None:
    case = rated(small_case)
    found = [f for f in run_checks(case) if f.code == "claimant-not-contacted"]
    assert [(f.severity.value, f.where.kind) for f in found] == [("warning", "claim")]
    assert "A. Mayor" in found[0].message
    # Asking someone else does not count; asking the claimant, by name or marked, does.
    case.replies = [REPLIED]
    assert "claimant-not-contacted" in {f.code for f in run_checks(case)}
    case.replies = [ReplyRequest(id="r3", name="a.  mayor", date="2024-05-01")]
    assert "claimant-not-contacted" not in {f.code for f in run_checks(case)}
    case.replies = [ReplyRequest(id="r3", name="The mayor's office", claimant=True,
                                 date="2024-05-01")]
    assert "claimant-not-contacted" not in {f.code for f in run_checks(case)}


def test_no_warning_before_a_verdict_or_without_a_claimant(small_case: Case) -> None:
    # On a scale without ratings, the conclusion is the verdict.
    assert small_case.scale == "none"
    assert "claimant-not-contacted" in {f.code for f in run_checks(small_case)}
    small_case.verdict.conclusion = ""
    assert "claimant-not-contacted" not in {f.code for f in run_checks(small_case)}
    case = rated(small_case)
    case.claim.claimant = " "
    assert "claimant-not-contacted" not in {f.code for f in run_checks(case)}


def test_the_config_turns_the_warning_off(small_case: Case, isolated_config: Path,
                                          tmp_path: Path) -> None:
    """The checks read no file (they run on every pause in typing): whoever runs them
    passes the config's setting, as ``workbench check`` does."""
    case = rated(small_case)
    path = tmp_path / "rated.case.db"
    CaseFile.create(path, case).close()

    def checked() -> set[str]:
        _, out, _ = run_cli("check", str(path), "--json", ok=False)
        return {finding["code"] for finding in json.loads(out)}

    assert "claimant-not-contacted" in checked()
    isolated_config.write_text("[review]\nrequire_right_of_reply = false\n", "utf-8")
    assert "claimant-not-contacted" not in checked()
    assert "claimant-not-contacted" not in {
        f.code for f in run_checks(case, require_right_of_reply=False)}
    assert "claimant-not-contacted" in {
        f.code for f in run_checks(case, require_right_of_reply=True)}


# The article


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.headings: list[str] = []
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_heading = tag == "h2"

    def handle_endtag(self, tag: str) -> None:
        self._in_heading = False

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        if self._in_heading:
            self.headings.append(data)


def test_every_export_says_whom_the_check_asked_and_what_came_back(small_case: Case) -> None:
    small_case.replies = [NO_REPLY, REPLIED]
    article = build_article(small_case)
    assert article.right_of_reply == (NO_REPLY_SENTENCE, REPLIED_SENTENCE)
    tokens = MarkdownIt().parse(render_markdown(article))
    headings = [tokens[i + 1].content for i, token in enumerate(tokens)
                if token.type == "heading_open" and token.tag == "h2"]
    assert "Right of reply" in headings
    paragraphs = [tokens[i + 1].content for i, token in enumerate(tokens)
                  if token.type == "paragraph_open"]
    assert NO_REPLY_SENTENCE in paragraphs and REPLIED_SENTENCE in paragraphs
    parser = _Text()
    parser.feed(render_html(article))
    parser.close()
    assert "Right of reply" in parser.headings
    assert NO_REPLY_SENTENCE in parser.parts and REPLIED_SENTENCE in parser.parts
    text = render_text(article)
    assert "\nRight of reply\n" in text
    assert NO_REPLY_SENTENCE in text and REPLIED_SENTENCE in text


def test_a_case_without_a_log_has_no_right_of_reply_part(small_case: Case) -> None:
    article = build_article(small_case)
    assert article.right_of_reply == ()
    assert "Right of reply" not in render_markdown(article)


@pytest.mark.parametrize(("request_", "sentence"), [
    (ReplyRequest(id="x", name="Ana", date="2024-05-01", channel=ReplyChannel.IN_PERSON),
     "We asked Ana on 2024-05-01 in person; they did not reply."),
    (ReplyRequest(id="x", name="Ana", date="2024-05-01", channel=ReplyChannel.OTHER,
                  answer="", answered="2024-05-01"),
     "We asked Ana on 2024-05-01; they replied on 2024-05-01."),
    (ReplyRequest(id="x", name="Ana", date="2024-05-01", channel=ReplyChannel.SOCIAL_MEDIA,
                  answer="It is true!", answered="2024-05-02"),
     "We asked Ana on 2024-05-01 on social media; they replied on 2024-05-02: “It is true!”"),
])
def test_each_entry_reads_as_a_sentence(request_: ReplyRequest, sentence: str) -> None:
    from workbench.formats.article_reply import reply_sentence

    assert reply_sentence(request_) == sentence


# The command line


def run(*args: str, ok: bool = True) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.stderr
    return result.exit_code, result.stdout, result.stderr


def refused(path: Path, *args: str, message: str) -> None:
    """Exit 1, one line on stderr naming why, the file's bytes as they were."""
    before = digest(path)
    code, out, err = run(*args, ok=False)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and message in err, err
    assert digest(path) == before


@pytest.fixture
def case_path(tmp_path: Path, small_case: Case, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WORKBENCH_USER", "Ana")
    path = tmp_path / "bridge.case.db"
    CaseFile.create(path, rated(small_case)).close()
    return path


def test_the_log_from_a_script(case_path: Path) -> None:
    file = str(case_path)
    _, out, _ = run("check", file, ok=False)
    assert "claimant-not-contacted" in out
    _, out, _ = run("reply", "add", file, "--to", "A. Mayor's office", "--claimant",
                    "--date", "2024-05-01", "--how", "social media",
                    "--asked", "Is the bridge closed?", "--deadline", "2024-05-03")
    assert out == ("Logged 1. (claimant) We asked A. Mayor's office on 2024-05-01 on social "
                   "media (“Is the bridge closed?”); they did not reply by 2024-05-03.\n")
    run("reply", "add", file, "--to", "Council press office", "--date", "2024-05-02",
        "--how", "phone", "--answer", "Closed since May.", "--answered", "2024-05-02",
        "--as", "Bob")
    _, out, _ = run("reply", "answer", file, "1", "--text", "No comment.", "--date",
                    "2024-05-04", "--json")
    assert json.loads(out)["answer"] == "No comment."
    _, out, _ = run("reply", "list", file, "--json")
    listed = json.loads(out)
    assert [(e["number"], e["name"], e["channel"], e["answered"]) for e in listed] == [
        (1, "A. Mayor's office", "social_media", "2024-05-04"),
        (2, "Council press office", "phone", "2024-05-02"),
    ]
    _, out, _ = run("reply", "remove", file, "2")
    assert out.startswith("Removed 2. We asked Council press office on 2024-05-02 by phone")
    _, out, _ = run("reply", "list", file)
    assert out == ("1. (claimant) We asked A. Mayor's office on 2024-05-01 on social media "
                   "(“Is the bridge closed?”); they replied on 2024-05-04: “No comment.”\n")
    with CaseFile.open(case_path, read_only=True) as reader:
        case = reader.load()
    assert [r.name for r in case.replies] == ["A. Mayor's office"]
    whos = [(e.action, e.who) for e in case.events if e.target_kind == "reply"]
    assert whos[:2] == [("add", "Ana"), ("add", "Bob")] and whos[-1] == ("remove", "Ana")
    assert "claimant-not-contacted" not in {f.code for f in run_checks(case)}
    _, out, _ = run("export", file, "--format", "md", "--force")
    assert "## Right of reply" in out and "they replied on 2024-05-04" in out


def test_what_the_form_would_refuse_the_command_refuses(case_path: Path) -> None:
    file = str(case_path)
    base = ("reply", "add", file, "--to", "Ana", "--how", "email")
    refused(case_path, *base, "--date", "2024-02-30",
            message="the date asked '2024-02-30' is not a day: February 2024 has 29 days")
    refused(case_path, *base, "--date", "1 May",
            message="the date asked '1 May' is not a day: use YYYY-MM-DD")
    refused(case_path, "reply", "add", file, "--to", "Ana", "--how", "pigeon", "--date",
            "2024-05-01", message="--how 'pigeon' is not one of: email, phone")
    refused(case_path, *base, "--date", "2024-05-01", "--answer", "yes",
            message="an answer needs the date it was given")
    refused(case_path, *base, "--date", "2024-05-01", "--deadline", "2024-04-01",
            message="the deadline 2024-04-01 is before the date asked 2024-05-01")
    refused(case_path, "reply", "add", file, "--to", "  ", "--how", "email", "--date",
            "2024-05-01", message="say who was asked")
    refused(case_path, "reply", "answer", file, "1", "--text", "x", "--date", "2024-05-01",
            message="the right-of-reply log has no entry 1 (it has 0)")
    refused(case_path, "reply", "remove", file, "one", message="is no entry")
    refused(case_path, "reply", "add", file, "--to", "Ana", "--date", "2024-05-01",
            message="missing option '--how'")


# The TUI


async def test_the_log_is_kept_from_the_case_screen(tmp_path: Path, small_case: Case,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "Ana")
    path = tmp_path / "bridge.case.db"
    CaseFile.create(path, rated(small_case)).close()
    app = WorkbenchApp(case=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen)
                       and app.screen.case is not None)
        await pilot.press("f3", "R")
        await wait_for(pilot, lambda: isinstance(app.screen, ReplyLogScreen))
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ReplyForm))
        form = app.screen
        # A new entry offers the claimant, marked as such.
        assert form.query_one("#reply-name", Input).value == "A. Mayor"
        assert form.query_one("#reply-claimant", Checkbox).value
        form.query_one("#reply-date", Input).focus()
        await type_text(pilot, "2024-05-32")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert notifications(app)[-1] == ("Cannot save the entry: the date asked "
                                          "'2024-05-32' is not a day: May 2024 has 31 days")
        form.query_one("#reply-date", Input).value = ""
        await type_text(pilot, "2024-05-01")
        form.query_one("#reply-asked", Input).focus()
        await type_text(pilot, "Is the bridge closed?")
        form.query_one("#reply-deadline", Input).focus()
        await type_text(pilot, "2024-05-03")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReplyLogScreen))
        # Edited: the answer came.
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReplyForm))
        app.screen.query_one("#reply-answer", Input).focus()
        await type_text(pilot, "It is closed.")
        app.screen.query_one("#reply-answered", Input).focus()
        await type_text(pilot, "2024-05-02")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReplyLogScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen))
        await pilot.press("ctrl+q")
        await pilot.pause()
    with CaseFile.open(path, read_only=True) as reader:
        case = reader.load()
    (entry,) = case.replies
    assert (entry.name, entry.claimant, entry.date, entry.channel, entry.asked,
            entry.deadline, entry.answer, entry.answered) == (
        "A. Mayor", True, "2024-05-01", ReplyChannel.EMAIL, "Is the bridge closed?",
        "2024-05-03", "It is closed.", "2024-05-02")
    assert next((e.action, e.who) for e in case.events if e.target_kind == "reply") == (
        "add", "Ana")


async def test_deleting_an_entry_asks_first_and_a_locked_case_shows_the_log_read_only(
        tmp_path: Path, small_case: Case) -> None:
    small_case.replies = [NO_REPLY, REPLIED]
    path = tmp_path / "bridge.case.db"
    CaseFile.create(path, small_case).close()
    app = WorkbenchApp(case=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen)
                       and app.screen.case is not None)
        await pilot.press("f3", "R")
        await wait_for(pilot, lambda: isinstance(app.screen, ReplyLogScreen))
        await pilot.press("down", "d")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, ReplyLogScreen))
        await pilot.press("escape")
        await pilot.press("ctrl+q")
        await pilot.pause()
    with CaseFile.open(path, read_only=True) as reader:
        assert reader.load().replies == [NO_REPLY]
    app = WorkbenchApp(case=path, review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen)
                       and app.screen.case is not None)
        await pilot.press("f3", "R")
        await wait_for(pilot, lambda: isinstance(app.screen, ReplyLogScreen))
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ReplyLogScreen)
        assert notifications(app)
        await pilot.press("escape")
        await pilot.press("ctrl+q")
        await pilot.pause()
    with CaseFile.open(path, read_only=True) as reader:
        assert reader.load().replies == [NO_REPLY]


async def test_quitting_over_a_typed_entry_asks(tmp_path: Path, small_case: Case) -> None:
    from workbench.tui.quit_question import QuitQuestion

    path = tmp_path / "bridge.case.db"
    CaseFile.create(path, small_case).close()
    app = WorkbenchApp(case=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen)
                       and app.screen.case is not None)
        await pilot.press("f3", "R")
        await wait_for(pilot, lambda: isinstance(app.screen, ReplyLogScreen))
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ReplyForm))
        assert app.screen.unsaved_input() == ""
        await type_text(pilot, "x")
        assert app.screen.unsaved_input() == "the right-of-reply entry"
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, QuitQuestion))


@pytest.mark.parametrize("required", [True, False])
async def test_the_checks_pane_follows_the_config(tmp_path: Path, small_case: Case,
                                                  required: bool) -> None:
    """The case screen reads the setting once, with the config, and hands it to every run
    of the checks."""
    path = tmp_path / "rated.case.db"
    CaseFile.create(path, rated(small_case)).close()
    config = Config(path=tmp_path / "config.toml", require_right_of_reply=required)
    app = WorkbenchApp(case=path, config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: getattr(screen, "findings", None) is not None)
        codes = {finding.code for finding in screen.findings}
    assert ("claimant-not-contacted" in codes) is required
