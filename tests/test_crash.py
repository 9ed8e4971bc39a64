"""A writer killed with SIGKILL mid-save loses nothing it committed, and corrupts nothing.

Small run of the crash harness (``benchmarks/crash_harness.py``; the large one is
``benchmarks/bench_crash.py``): 30 kills of a writer saving the workbench's edits in a
loop, with no outside reader, with a plain SQLite reader opening and closing the file
meanwhile, and with the Workbench's own read-only open, ``check`` and ``export``. After
each kill the file must pass ``integrity_check``, open for writing (a dead writer's lock
never blocks), and hold the last save the writer logged.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.crash_child import crash_case, create_crash_file, state_digest
from benchmarks.crash_harness import check_file, run_kills
from workbench.casefile.store import CaseFile


@pytest.mark.parametrize("readers", [("none",), ("sqlite", "workbench")],
                         ids=["alone", "outside-readers"])
def test_killed_writer_loses_no_logged_save(tmp_path: Path, readers: tuple[str, ...]) -> None:
    totals = run_kills(tmp_path, 15, readers=readers, seed=7, kills_per_file=8)

    assert totals.kills == totals.files_checked == 15
    assert totals.saves_logged > 15  # the writer did save before it was killed
    assert totals.failures == []
    assert totals.saves_lost == 0
    assert totals.corrupt == 0
    assert totals.blocked == 0
    if readers != ("none",):
        assert totals.reads > 0
        assert totals.refusals == []  # the healthy file was never called damaged


def _log(path: Path, *records: dict[str, str]) -> Path:
    log_path = path.with_name(path.name + ".log")
    log_path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return log_path


def test_check_counts_the_saves_a_file_lacks(tmp_path: Path) -> None:
    """The check itself can fail: a file two saves behind its log has lost two."""
    path = tmp_path / "behind.case.db"
    create_crash_file(path)
    with CaseFile.open(path) as case_file:
        held = state_digest(case_file.load())
    log_path = _log(path, {"open": "start"}, {"done": held}, {"try": "a"}, {"done": "a"},
                    {"try": "b"}, {"done": "b"})

    check = check_file(path, log_path)

    assert (check.saves_logged, check.saves_lost) == (3, 2)
    assert not check.corrupt and not check.blocked


def test_check_accepts_the_save_in_flight_at_the_kill(tmp_path: Path) -> None:
    path = tmp_path / "in-flight.case.db"
    create_crash_file(path)
    with CaseFile.open(path) as case_file:
        held = state_digest(case_file.load())
    log_path = _log(path, {"open": "start"}, {"done": "a"}, {"try": held})

    assert check_file(path, log_path).saves_lost == 0


def test_a_writer_killed_before_it_logged_leaves_the_file_as_created(tmp_path: Path) -> None:
    path = tmp_path / "untouched.case.db"
    log_path = path.with_name(path.name + ".log")
    create_crash_file(path, log_path)

    check = check_file(path, log_path)

    assert (check.saves_logged, check.saves_lost, check.detail) == (0, 0, "")


def test_the_digest_is_what_a_load_gives_back(tmp_path: Path) -> None:
    path = tmp_path / "digest.case.db"
    case = crash_case()
    CaseFile.create(path, case).close()
    with CaseFile.open(path) as case_file:
        assert state_digest(case_file.load()) == state_digest(case)
