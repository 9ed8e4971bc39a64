"""Snapshots of F1 help on the case screen, where most keys are, at 120x40 and 80x24.

The library's help, the case screen, the source form and the matrix have their snapshots
beside their own tests; this is the help a fact-checker opens most, over the source list
(its keys, then the case screen's, then the app's), so a binding added, renamed or lost
there shows up as a changed picture.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.support import FIXED_CONFIG, putin_case, settle
from workbench.casefile.store import CaseFile
from workbench.tui.app import WorkbenchApp
from workbench.tui.help_screen import HelpScreen


@pytest.fixture
def case_in_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seed-like case in a library folder; the config path on screen is fixed."""
    monkeypatch.setenv("WORKBENCH_CONFIG", FIXED_CONFIG)
    folder = tmp_path / "library"
    folder.mkdir()
    CaseFile.create(folder / "putin.case.db", putin_case()).close()
    return folder


async def _help_over_sources(pilot: Pilot[None]) -> None:
    """Open the case from the library (so escape has somewhere to go), F3, then F1."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("f3", "f1")
    await pilot.pause()
    assert isinstance(pilot.app.screen, HelpScreen)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_case_help_snapshot(snap_compare: Any, case_in_library: Path,
                            size: tuple[int, int]) -> None:
    app = WorkbenchApp(library=case_in_library)
    assert snap_compare(app, terminal_size=size, run_before=_help_over_sources)
