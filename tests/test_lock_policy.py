"""The lock on a case's content: when it holds, the one line that says why, and the keys
of the case screen it leaves working."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workbench.model import Case, Status
from workbench.review.locking import LockKeys, lock_reason
from workbench.tui.case_keys import EDITING_ACTIONS, REVIEW_ACTIONS, KeyState, action_works

READ_ONLY = "open in another Workbench process (process 42): read-only"
REVIEW = "Review mode: comments and sign-off only (c comment · s status · f8 review)."
PUBLISHED = "Published: add a correction (C) to edit."


@pytest.mark.parametrize("status", [s for s in Status if s is not Status.PUBLISHED])
def test_an_unpublished_case_in_a_writable_file_is_editable(small_case: Case,
                                                             status: Status) -> None:
    small_case.status = status
    assert lock_reason(small_case, "", False) == ""


def test_a_case_not_open_is_locked() -> None:
    assert lock_reason(None, "", False) == "The case is not open."
    assert lock_reason(None, READ_ONLY, True) == "The case is not open."


def test_a_published_case_is_locked_until_a_correction(small_case: Case) -> None:
    small_case.status = Status.PUBLISHED
    assert lock_reason(small_case, "", False) == PUBLISHED
    small_case.status = Status.CORRECTED
    assert lock_reason(small_case, "", False) == ""


def test_review_mode_locks_any_case_and_names_what_is_left(small_case: Case) -> None:
    assert lock_reason(small_case, "", True) == REVIEW
    small_case.status = Status.PUBLISHED
    assert lock_reason(small_case, "", True) == f"{REVIEW} {PUBLISHED}"


def test_a_read_only_file_outranks_the_rest(small_case: Case) -> None:
    expected = ("Open in another Workbench process (process 42): read-only. "
                "Editing is off; changes cannot be saved.")
    assert lock_reason(small_case, READ_ONLY, False) == expected
    small_case.status = Status.PUBLISHED
    assert lock_reason(small_case, READ_ONLY, True) == expected


def test_the_reason_names_the_keys_as_bound(small_case: Case) -> None:
    keys = LockKeys(correct="ctrl+r", comment="^k", status="F6", review="F12")
    small_case.status = Status.PUBLISHED
    assert lock_reason(small_case, "", True, keys) == (
        "Review mode: comments and sign-off only (^k comment · F6 status · F12 review). "
        "Published: add a correction (ctrl+r) to edit.")


# The keys the lock leaves (``workbench.tui.case_keys``)

OPEN = KeyState(loaded=True, writable=True, locked=False, published=False, panel_open=False,
                can_undo=True, can_go_back=True)


def test_an_open_editable_case_offers_every_key() -> None:
    for action in sorted(EDITING_ACTIONS | REVIEW_ACTIONS - {"add_correction"}):
        assert action_works(action, OPEN), action
    assert not action_works("add_correction", OPEN)


def test_a_locked_case_keeps_saving_review_and_reading() -> None:
    locked = replace(OPEN, locked=True, published=True)
    assert [a for a in sorted(EDITING_ACTIONS) if action_works(a, locked)] == ["save"]
    for action in ("comment", "move_status", "add_correction", "matrix", "export", "back"):
        assert action_works(action, locked), action


def test_a_read_only_file_offers_no_edit_and_no_review() -> None:
    read_only = replace(OPEN, writable=False, locked=True)
    assert not [a for a in EDITING_ACTIONS | REVIEW_ACTIONS if action_works(a, read_only)]
    assert action_works("matrix", read_only) and action_works("export", read_only)


def test_before_the_case_is_read_only_leaving_works() -> None:
    loading = replace(OPEN, loaded=False, writable=False, locked=True, can_undo=False)
    assert [a for a in sorted(EDITING_ACTIONS | REVIEW_ACTIONS |
                              {"matrix", "export", "show_panel", "back"})
            if action_works(a, loading)] == ["back"]


def test_undo_back_and_close_follow_the_screen() -> None:
    assert not action_works("undo", replace(OPEN, can_undo=False))
    assert not action_works("back", replace(OPEN, can_go_back=False))
    assert not action_works("close_panel", OPEN)
    assert action_works("close_panel", replace(OPEN, panel_open=True))
