"""The review engine: every status move allowed or refused, comments, publication,
snapshots and their tamper check, corrections, and the history each action leaves."""

from __future__ import annotations

import copy
import json

import pytest

from workbench.analysis.checks import run_checks
from workbench.config import Config
from workbench.formats.case_json import case_from_json
from workbench.formats.export import render
from workbench.model import AnchorKind, Case, Status
from workbench.review import (
    NO_NAME,
    TRANSITIONS,
    Anchor,
    ReviewError,
    add_comment,
    add_correction,
    allowed_moves,
    altered_publications,
    anchor_label,
    check_editable,
    check_publications,
    describe_event,
    diff_publications,
    editable,
    find_comment,
    history_for,
    move_problems,
    move_status,
    open_comment_counts,
    open_comments,
    parse_anchor,
    parse_status,
    pending_corrections,
    reopen,
    reply,
    require_name,
    resolve,
    short_id,
    threads,
)
from workbench.review.workflow import safe_default_move

AUTHOR, REVIEWER = "Alice", "Bob"


def drive(case: Case, status: Status) -> Case:
    """Take a ready draft to ``status`` the way a desk would."""
    path = {
        Status.DRAFT: [],
        Status.IN_REVIEW: [(Status.IN_REVIEW, AUTHOR)],
        Status.CHANGES_REQUESTED: [(Status.IN_REVIEW, AUTHOR),
                                   (Status.CHANGES_REQUESTED, REVIEWER)],
        Status.APPROVED: [(Status.IN_REVIEW, AUTHOR), (Status.APPROVED, REVIEWER)],
        Status.PUBLISHED: [(Status.IN_REVIEW, AUTHOR), (Status.APPROVED, REVIEWER),
                           (Status.PUBLISHED, AUTHOR)],
        Status.CORRECTED: [(Status.IN_REVIEW, AUTHOR), (Status.APPROVED, REVIEWER),
                           (Status.PUBLISHED, AUTHOR)],
    }[status]
    for target, who in path:
        move_status(case, target, who, note="see the matrix")
    if status is Status.CORRECTED:
        add_correction(case, "Fixed the date", "It was wrong", AUTHOR)
    assert case.status is status
    return case


def republish(case: Case) -> None:
    """Publish a corrected case again the way the workflow asks: a second name signs the
    correction off first."""
    move_status(case, Status.IN_REVIEW, AUTHOR)
    move_status(case, Status.APPROVED, REVIEWER)
    move_status(case, Status.PUBLISHED, AUTHOR)


def test_the_small_case_is_ready(small_case: Case) -> None:
    assert not [f for f in run_checks(small_case) if f.severity == "error"]


ALL_MOVES = [(a, b) for a in Status for b in Status if a is not b]


@pytest.mark.parametrize(("start", "target"), ALL_MOVES,
                         ids=[f"{a.value}->{b.value}" for a, b in ALL_MOVES])
def test_every_move_is_allowed_or_refused_by_the_table(small_case: Case, start: Status,
                                                       target: Status) -> None:
    case = drive(small_case, start)
    who = AUTHOR if target is not Status.APPROVED else REVIEWER
    allowed = target in TRANSITIONS[start] and not (
        start is Status.PUBLISHED  # only a correction leaves published
        or (target is Status.DRAFT and start is not Status.IN_REVIEW)
    )
    if start is Status.APPROVED and target is Status.PUBLISHED:
        allowed = True
    before = copy.deepcopy(case)
    if allowed:
        event = move_status(case, target, who, note="because")
        assert case.status is target
        assert (event.who, event.action, event.before, event.after, event.detail) == (
            who, "status", start.value, target.value, "because")
    else:
        with pytest.raises(ReviewError) as refused:
            move_status(case, target, who, note="because")
        message = str(refused.value)
        assert "\n" not in message and message.startswith(f"cannot move from {start.label}")
        assert case == before, "a refused move changes nothing"


@pytest.mark.parametrize(
    ("start", "target", "why"),
    [
        (Status.DRAFT, Status.PUBLISHED, "published only once approved"),
        (Status.IN_REVIEW, Status.PUBLISHED, "published only once approved"),
        (Status.DRAFT, Status.APPROVED, "submit it for review first"),
        (Status.PUBLISHED, Status.CORRECTED, "record a correction"),
        (Status.PUBLISHED, Status.DRAFT, "changes only through a correction"),
        (Status.DRAFT, Status.CORRECTED, "only a published case takes corrections"),
        (Status.CHANGES_REQUESTED, Status.DRAFT, "it can move to: in review"),
    ],
)
def test_refusals_say_why(small_case: Case, start: Status, target: Status, why: str) -> None:
    case = drive(small_case, start)
    with pytest.raises(ReviewError, match=why):
        move_status(case, target, REVIEWER)


def test_status_names_as_people_type_them(small_case: Case) -> None:
    assert parse_status("In Review") is Status.IN_REVIEW
    assert parse_status("changes-requested") is Status.CHANGES_REQUESTED
    with pytest.raises(ReviewError, match="'done' is not a status; choose from draft"):
        parse_status("done")
    move_status(small_case, "in review", AUTHOR)
    assert small_case.status is Status.IN_REVIEW
    with pytest.raises(ReviewError, match="already in review"):
        move_status(small_case, "in_review", AUTHOR)


def test_approval_needs_no_readiness_errors(small_case: Case) -> None:
    drive(small_case, Status.IN_REVIEW)
    small_case.claim.text = ""
    small_case.sections[1].body = ""
    with pytest.raises(ReviewError, match=r"2 readiness errors \(first: .*claim has no text"):
        move_status(small_case, Status.APPROVED, REVIEWER)
    assert small_case.status is Status.IN_REVIEW


def test_approval_and_publishing_need_no_open_comments(small_case: Case) -> None:
    drive(small_case, Status.IN_REVIEW)
    comment = add_comment(small_case, parse_anchor(small_case, "source:2"),
                          "Is this independent of [1]?", REVIEWER)
    with pytest.raises(ReviewError, match=r'1 open review comment \(first: on source:2 '
                                          r'"Local paper" by Bob: "Is this independent'):
        move_status(small_case, Status.APPROVED, REVIEWER)
    resolve(small_case, short_id(comment.id), AUTHOR)
    move_status(small_case, Status.APPROVED, REVIEWER)
    # A comment after sign-off holds publication back too.
    late = add_comment(small_case, Anchor(AnchorKind.VERDICT), "Headline?", REVIEWER)
    with pytest.raises(ReviewError, match="open review comment"):
        move_status(small_case, Status.PUBLISHED, AUTHOR)
    resolve(small_case, late.id, REVIEWER)
    move_status(small_case, Status.PUBLISHED, AUTHOR)


def test_sign_off_takes_a_second_name(small_case: Case) -> None:
    drive(small_case, Status.IN_REVIEW)
    assert move_problems(small_case, Status.APPROVED, "alice ") == [
        "Alice submitted it for review; sign-off takes a second name"]
    with pytest.raises(ReviewError, match="sign-off takes a second name"):
        move_status(small_case, Status.APPROVED, AUTHOR)
    move_status(small_case, Status.APPROVED, AUTHOR,
                config=Config(allow_self_approval=True))
    assert small_case.events[-1].action == "sign-off"
    assert small_case.events[-1].who == AUTHOR


def test_asking_for_changes_says_what(small_case: Case) -> None:
    drive(small_case, Status.IN_REVIEW)
    with pytest.raises(ReviewError, match="say what to change"):
        move_status(small_case, Status.CHANGES_REQUESTED, REVIEWER)
    move_status(small_case, Status.CHANGES_REQUESTED, REVIEWER, note="cite the notice")
    move_status(small_case, Status.IN_REVIEW, AUTHOR)
    add_comment(small_case, parse_anchor(small_case, "section:summary"), "Too short", REVIEWER)
    move_status(small_case, Status.CHANGES_REQUESTED, REVIEWER)


def test_publishing_freezes_a_sealed_snapshot(small_case: Case) -> None:
    case = drive(small_case, Status.PUBLISHED)
    [snapshot] = case.publications
    status_event, publish_event = case.events[-2:]
    assert (snapshot.who, snapshot.published_at) == (AUTHOR, status_event.at)
    assert snapshot.content_hash.startswith("sha256:") and snapshot.intact
    assert snapshot.article == render(case, "md", config=Config())
    frozen = case_from_json(snapshot.case_json)
    assert frozen.status is Status.PUBLISHED and frozen.publications == []
    assert frozen.sections == case.sections
    assert (publish_event.action, publish_event.target_id, publish_event.after) == (
        "publish", snapshot.id, snapshot.content_hash)
    assert describe_event(case, publish_event).startswith("froze publication 1 (sha256:")
    assert not editable(case)
    with pytest.raises(ReviewError, match="published; record a correction"):
        check_editable(case)


@pytest.mark.parametrize("part", ["article", "case_json", "who", "published_at",
                                  "content_hash"])
def test_a_tampered_snapshot_is_caught_by_its_hash(small_case: Case, part: str) -> None:
    case = drive(small_case, Status.CORRECTED)
    move_status(case, Status.IN_REVIEW, AUTHOR)
    move_status(case, Status.APPROVED, REVIEWER)
    snapshot = case.publications[0]
    setattr(snapshot, part, getattr(snapshot, part).replace("a", "4", 1) + " ")
    assert not snapshot.intact
    assert altered_publications(case) == [1]
    with pytest.raises(ReviewError, match="publication 1 was altered after it was published"):
        check_publications(case)
    with pytest.raises(ReviewError, match="publication 1 was altered"):
        move_status(case, Status.PUBLISHED, AUTHOR)
    codes = {f.code: f for f in run_checks(case)}
    assert codes["publication-altered"].severity == "error"
    assert codes["publication-altered"].where.label == "publication 1"


def test_the_samples_snapshot_is_intact() -> None:
    """The sample's snapshot predates schema 2: a bare SHA-256 of its case JSON."""
    from tests.support import REPO

    case = case_from_json((REPO / "sample_cases" / "cruz-supreme-court-size.json")
                          .read_text("utf-8"))
    assert case.publications[0].intact and not altered_publications(case)
    case.publications[0].case_json += " "
    assert altered_publications(case) == [1]


def test_a_correction_is_needed_to_publish_again(small_case: Case) -> None:
    case = drive(small_case, Status.PUBLISHED)
    with pytest.raises(ReviewError, match="only a published case takes corrections"):
        add_correction(drive(copy.deepcopy(small_case).__class__(), Status.DRAFT),
                       "x", "y", AUTHOR)
    with pytest.raises(ReviewError, match="say why"):
        add_correction(case, "Fixed the date", " ", AUTHOR)
    with pytest.raises(ReviewError, match="not a date"):
        add_correction(case, "Fixed", "Typo", AUTHOR, date="yesterday")
    correction = add_correction(case, "Fixed  the\ndate", "It was wrong", AUTHOR,
                                date="2026-05-03")
    assert (correction.what, correction.date) == ("Fixed the date", "2026-05-03")
    assert case.status is Status.CORRECTED and editable(case)
    assert pending_corrections(case) == [correction]
    assert [e.action for e in case.events[-2:]] == ["correct", "status"]
    case.sections[1].body = "Yes, until 2 May."
    republish(case)
    assert len(case.publications) == 2 and pending_corrections(case) == []
    assert "## Corrections" in case.publications[1].article
    # Sent back to review instead: approved again, still no new correction, no publishing.
    add_correction(case, "Second fix", "Another typo", AUTHOR)
    move_status(case, Status.IN_REVIEW, AUTHOR)
    move_status(case, Status.APPROVED, REVIEWER)
    move_status(case, Status.PUBLISHED, AUTHOR)
    case.status = Status.APPROVED  # as if approved with nothing new to publish
    with pytest.raises(ReviewError, match="published before: record a correction"):
        move_status(case, Status.PUBLISHED, AUTHOR)
    move_status(case, Status.IN_REVIEW, AUTHOR)
    with pytest.raises(ReviewError, match="never goes back to draft"):
        move_status(case, Status.DRAFT, AUTHOR)


def test_a_correction_is_signed_off_by_a_second_name_before_publishing_again(
        small_case: Case) -> None:
    case = drive(small_case, Status.CORRECTED)
    case.sections[1].body = "Yes, until 2 May."
    with pytest.raises(ReviewError) as refused:
        move_status(case, Status.PUBLISHED, AUTHOR)
    assert str(refused.value) == (
        "cannot move from corrected to published: publishing again after a correction "
        "needs a sign-off by someone else: send it to review (in review), then a second "
        "name approves it")
    # Bob submits it, but Alice made the correction: she cannot sign it off.
    move_status(case, Status.IN_REVIEW, REVIEWER)
    with pytest.raises(ReviewError, match="Alice made the correction; sign-off takes a "
                                          "second name"):
        move_status(case, Status.APPROVED, "alice")
    assert move_problems(case, Status.APPROVED, "Alice",
                         config=Config(allow_self_approval=True)) == []
    move_status(case, Status.APPROVED, "Carol")
    # A further correction after the sign-off needs a sign-off of its own.
    add_correction(case, "Second fix", "Another typo", REVIEWER)
    assert any(p.startswith("publishing again after a correction needs a sign-off by "
                            "someone else") for p in move_problems(case, Status.PUBLISHED,
                                                                    AUTHOR))
    move_status(case, Status.IN_REVIEW, REVIEWER)
    with pytest.raises(ReviewError, match="Bob submitted it"):
        move_status(case, Status.APPROVED, REVIEWER)
    with pytest.raises(ReviewError, match="Alice made the correction"):
        move_status(case, Status.APPROVED, AUTHOR)
    move_status(case, Status.APPROVED, "Carol")
    move_status(case, Status.PUBLISHED, AUTHOR)
    assert len(case.publications) == 2


def test_an_article_changed_after_sign_off_is_not_published(small_case: Case) -> None:
    case = drive(small_case, Status.APPROVED)
    case.sections[1].body = "No, it was never closed."
    with pytest.raises(ReviewError, match="article changed after Bob signed it off"):
        move_status(case, Status.PUBLISHED, AUTHOR)
    case.sections[1].body = "Yes."
    move_status(case, Status.PUBLISHED, AUTHOR)


def test_diff_shows_exactly_what_the_correction_changed(small_case: Case) -> None:
    with pytest.raises(ReviewError, match="has 1 publication; a diff needs two"):
        diff_publications(drive(copy.deepcopy(small_case), Status.PUBLISHED))
    case = drive(small_case, Status.CORRECTED)
    case.sections[1].body = "Yes, from 1 May."
    # Before it goes out again, the diff is against the article as it stands: what the
    # reviewer signs off.
    pending = diff_publications(case)
    assert pending.splitlines()[1] == "+++ as it stands (corrected, not yet published)"
    assert "-Yes." in pending.splitlines() and "+Yes, from 1 May." in pending.splitlines()
    republish(case)
    assert diff_publications(case, 1, 2).split("\n", 2)[2] == pending.split("\n", 2)[2]
    diff = diff_publications(case)
    removed = [line for line in diff.splitlines() if line.startswith("-")]
    added = [line for line in diff.splitlines() if line.startswith("+")]
    assert removed[0].startswith("--- publication 1 (") and removed[1:] == ["-Yes."]
    assert added[0].startswith("+++ publication 2 (")
    # The notice of the correction at the top of the article comes first.
    assert added[1] == "+" and added[2].startswith("+> **Correction (")
    assert added[3] == "+Yes, from 1 May."
    assert "+## Corrections" in added
    assert diff_publications(case, 2, 2) == ""
    with pytest.raises(ReviewError, match="no publication 3; the case has 2 publications"):
        diff_publications(case, 1, 3)
    case.publications[0].article = "tampered"
    with pytest.raises(ReviewError, match="publication 1 was altered"):
        diff_publications(case)


# Comments.


def test_anchors_by_place(small_case: Case) -> None:
    assert parse_anchor(small_case, "section:bottom-line") == Anchor(AnchorKind.SECTION, "x2")
    assert parse_anchor(small_case, " Source:2 ") == Anchor(AnchorKind.SOURCE, "s2")
    assert parse_anchor(small_case, "question:1") == Anchor(AnchorKind.QUESTION, "q1")
    assert parse_anchor(small_case, "verdict") == Anchor(AnchorKind.VERDICT)
    assert parse_anchor(small_case, "case") == Anchor(AnchorKind.CASE)
    for text, message in (("source:9", r"no source \[9\]"), ("section:3", "no section 3"),
                          ("question:0", "no question 0"), ("claim", "not a place"),
                          ("section:two", "not a place")):
        with pytest.raises(ReviewError, match=message):
            parse_anchor(small_case, text)
    assert anchor_label(small_case, AnchorKind.SECTION, "x1") == 'section:summary "Summary"'
    assert anchor_label(small_case, AnchorKind.SOURCE, "gone") == "source (deleted)"


def test_comment_reply_resolve_reopen(small_case: Case) -> None:
    first = add_comment(small_case, parse_anchor(small_case, "source:2"), " Independent? ",
                        REVIEWER)
    assert (first.author, first.body, first.resolved) == (REVIEWER, "Independent?", False)
    answer = reply(small_case, first.id[:6], "No, it repeats [1].", AUTHOR)
    assert (answer.anchor_kind, answer.anchor_id, answer.reply_to) == (
        AnchorKind.SOURCE, "s2", first.id)
    other = add_comment(small_case, Anchor(AnchorKind.VERDICT), "Rating?", REVIEWER)
    assert [t.root.id for t in threads(small_case)] == [first.id, other.id]
    assert open_comment_counts(small_case) == {Anchor(AnchorKind.SOURCE, "s2"): 2,
                                               Anchor(AnchorKind.VERDICT): 1}
    # Resolving a reply resolves its thread.
    root = resolve(small_case, answer.id, AUTHOR)
    assert root is first
    assert all(c.resolved and c.resolved_by == AUTHOR and c.resolved_at
               for c in (first, answer))
    assert open_comments(small_case) == [other]
    assert [t.root for t in threads(small_case)] == [other]
    assert len(threads(small_case, include_resolved=True)) == 2
    with pytest.raises(ReviewError, match="already resolved by Alice"):
        resolve(small_case, first.id, REVIEWER)
    late = reply(small_case, first.id, "Thanks.", REVIEWER)
    assert late.resolved, "a reply joins its thread as it stands"
    reopen(small_case, first.id, REVIEWER)
    assert not any(c.resolved or c.resolved_by for c in (first, answer, late))
    with pytest.raises(ReviewError, match="open already"):
        reopen(small_case, first.id, REVIEWER)
    assert [e.action for e in small_case.events] == [
        "comment", "reply", "comment", "resolve", "reply", "reopen"]
    assert describe_event(small_case, small_case.events[0]) == (
        f'commented on source:2 "Local paper" [{short_id(first.id)}]: "Independent?"')


def test_comment_refusals(small_case: Case) -> None:
    with pytest.raises(ReviewError, match="the comment is empty"):
        add_comment(small_case, Anchor(AnchorKind.CASE), "  ", REVIEWER)
    with pytest.raises(ReviewError, match="no section with id 'nope'"):
        add_comment(small_case, Anchor(AnchorKind.SECTION, "nope"), "Hm", REVIEWER)
    with pytest.raises(ReviewError, match=NO_NAME.split(":")[0]):
        add_comment(small_case, Anchor(AnchorKind.CASE), "Hm", " ")
    a = add_comment(small_case, Anchor(AnchorKind.CASE), "One", REVIEWER)
    b = add_comment(small_case, Anchor(AnchorKind.CASE), "Two", REVIEWER)
    a.id, b.id = "abc123", "abc456"
    with pytest.raises(ReviewError, match="'abc' matches 2 comments"):
        find_comment(small_case, "abc")
    with pytest.raises(ReviewError, match="no comment 'zzz'"):
        find_comment(small_case, "zzz")
    assert find_comment(small_case, "abc4") is b
    assert short_id("abc123") == "abc123" and short_id("f" * 32) == "f" * 8
    assert small_case.comments == [a, b]


def test_names(small_case: Case) -> None:
    assert require_name("  Ana   Ruiz ") == "Ana Ruiz"
    for bad, message in ((None, "no name to record"), ("", "no name to record"),
                         ("Ana\x1b[31m", "control characters"), ("x" * 101, "at most")):
        with pytest.raises(ReviewError, match=message):
            require_name(bad)
    with pytest.raises(ReviewError, match="no name"):
        move_status(small_case, Status.IN_REVIEW, "")
    assert small_case.status is Status.DRAFT and small_case.events == []


def test_history_of_one_part(small_case: Case) -> None:
    drive(small_case, Status.IN_REVIEW)
    on_source = add_comment(small_case, parse_anchor(small_case, "source:1"), "Date?", REVIEWER)
    add_comment(small_case, Anchor(AnchorKind.VERDICT), "Rating?", REVIEWER)
    from workbench.model import Event

    cell = Event(at="2026-01-01T00:00:00Z", who=AUTHOR, action="edit", target_kind="matrix",
                 target_id="s1", field="q1", before="supports", after="silent")
    title = Event(at="2026-01-01T00:00:00Z", who=AUTHOR, action="edit", target_kind="source",
                  target_id="s1", field="title", before="Notice", after="Council notice")
    events = [*small_case.events, cell, title]
    assert history_for(small_case, "source", "s1", events=events) == [
        small_case.events[-2], cell, title]
    assert history_for(small_case, "question", "q1", events=events) == [cell]
    assert [e.detail for e in history_for(small_case, "verdict")] == ["Rating?"]
    assert len(history_for(small_case)) == len(small_case.events)
    assert describe_event(small_case, cell) == "matrix source:1 x question:1: supports -> silent"
    assert describe_event(small_case, title) == (
        'source:1 "Council notice" title: "Notice" -> "Council notice"')
    assert describe_event(small_case, small_case.events[0]) == (
        "status: draft -> in review (see the matrix)")
    assert on_source.anchor_id == "s1"


def test_allowed_moves_for_a_menu(small_case: Case) -> None:
    assert allowed_moves(small_case) == (Status.IN_REVIEW,)
    drive(small_case, Status.APPROVED)
    assert allowed_moves(small_case) == (
        Status.PUBLISHED, Status.IN_REVIEW, Status.CHANGES_REQUESTED)
    assert move_problems(small_case, Status.PUBLISHED, AUTHOR) == []


@pytest.mark.parametrize(
    ("start", "blocked", "expected"),
    [
        (Status.DRAFT, (), Status.IN_REVIEW),
        (Status.IN_REVIEW, (), Status.APPROVED),
        (Status.IN_REVIEW, (Status.APPROVED,), Status.CHANGES_REQUESTED),
        (Status.CHANGES_REQUESTED, (), Status.IN_REVIEW),
        (Status.PUBLISHED, (), Status.CORRECTED),
        # The one step forward publishes: nothing is offered, not even a step back.
        (Status.APPROVED, (), None),
        # Corrected: its next step is the second sign-off, through review.
        (Status.CORRECTED, (), Status.IN_REVIEW),
        # Every move blocked: still the first safe one, whose reasons then show.
        (Status.IN_REVIEW, tuple(Status), Status.APPROVED),
    ],
)
def test_the_safe_default_move_goes_forward_and_never_publishes(
        small_case: Case, start: Status, blocked: tuple[Status, ...],
        expected: Status | None) -> None:
    case = drive(small_case, start)
    assert safe_default_move(case, blocked) is expected


def test_the_safe_default_is_a_move_the_workflow_allows(
        small_case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    drive(small_case, Status.IN_REVIEW)
    monkeypatch.setitem(TRANSITIONS, Status.IN_REVIEW, (Status.CHANGES_REQUESTED,))
    assert safe_default_move(small_case) is Status.CHANGES_REQUESTED


def test_snapshot_json_holds_no_earlier_snapshots(small_case: Case) -> None:
    case = drive(small_case, Status.CORRECTED)
    republish(case)
    second = json.loads(case.publications[1].case_json)
    assert second["publications"] == [] and len(second["corrections"]) == 1
