"""Shared fixtures: temporary libraries, a small but complete case, and no waiting on timers.

Helpers and cases that test modules import are in ``tests.support``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import textual._wait

from workbench.model import (
    Assessment,
    Case,
    Cell,
    Claim,
    Motive,
    Question,
    Section,
    SectionKind,
    Source,
    SourceKind,
    Verdict,
)
from workbench.tui import autosave, case_screen, new_case


@pytest.fixture
def small_case() -> Case:
    return Case(
        id="case-1",
        title="Is the bridge closed?",
        created="2026-01-02T03:04:05Z",
        claim=Claim(text="The bridge is closed to traffic", claimant="A. Mayor"),
        questions=[Question(id="q1", text="Is it closed?")],
        sources=[
            Source(id="s1", number=1, title="Council notice", kind=SourceKind.PRIMARY_DOCUMENT,
                   excerpts=["closed from 1 May"], date_published="2026-05-01",
                   event_date="2026-05-01",
                   assessment=Assessment(motive=Motive.NONE_APPARENT)),
            Source(id="s2", number=2, title="Local paper", derived_from="s1"),
        ],
        sections=[
            Section(id="x1", kind=SectionKind.EXECUTIVE_SUMMARY, heading="Summary",
                    body="Closed [1]."),
            Section(id="x2", kind=SectionKind.BOTTOM_LINE, heading="Bottom line", body="Yes."),
        ],
        matrix={("q1", "s1"): Cell.SUPPORTS, ("q1", "s2"): Cell.SUPPORTS},
        verdict=Verdict(rating="", conclusion="The bridge is closed."),
    )


@pytest.fixture(autouse=True)
def isolated_config(tmp_path_factory: pytest.TempPathFactory,
                    monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets an empty config of its own: the user's real one is never read.

    Nor the name of whoever runs the tests: a test that needs one sets WORKBENCH_USER.
    """
    path = tmp_path_factory.mktemp("config") / "config.toml"
    monkeypatch.setenv("WORKBENCH_CONFIG", str(path))
    monkeypatch.delenv("WORKBENCH_USER", raising=False)
    return path


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "library"
    monkeypatch.setenv("WORKBENCH_LIBRARY", str(folder))
    return folder


#: The app's pauses after typing, in tests: as short as a Textual timer safely goes. A zero
#: delay divides by zero in Textual's timer, and one shorter than a thread switch (5 ms)
#: can be skipped and never fire.
NO_PAUSE = 0.01


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's pauses after typing all but vanish: a test waits for the save, the checks
    or the similar claims themselves, not for a timer to run out.

    Each is a module constant the app reads when a case opens or a timer starts. The
    retry delays after a failed save are left as they are: without a delay, a save that
    always fails would retry in a tight loop. A test that needs a pause still pending sets
    it itself (``tests.support.hold_autosave``).
    """
    monkeypatch.setattr(autosave, "DEBOUNCE", NO_PAUSE)
    monkeypatch.setattr(case_screen, "CHECKS_DEBOUNCE", NO_PAUSE)
    monkeypatch.setattr(new_case, "DEBOUNCE", NO_PAUSE)


#: Pilot waits for the app to go idle twice after every key and once per pause, sampling
#: the process's CPU time over a window until a window passes (nearly) idle. Textual's
#: window is 20 ms, which made those waits most of the suite's time; 2 ms windows see the
#: same idle app ten times sooner. Idle is under a quarter of a CPU, the least that the
#: event loop's own wake-ups stay under in so short a window.
IDLE_WINDOW = 0.002
IDLE_CPU = 0.0005


@pytest.fixture(autouse=True, scope="session")
def quick_idle_checks() -> Iterator[None]:
    # Private to Textual, whose version is pinned: a release that renames these fails here.
    assert hasattr(textual._wait, "SLEEP_GRANULARITY") and hasattr(textual._wait, "SLEEP_IDLE")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(textual._wait, "SLEEP_GRANULARITY", IDLE_WINDOW)
        patch.setattr(textual._wait, "SLEEP_IDLE", IDLE_CPU)
        yield
