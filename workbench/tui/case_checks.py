"""The readiness checks of the case on screen, rerun on a worker once editing pauses.

Each edit restarts the wait, so typing never pays for a run; a run checks a snapshot of
the case (a pickle, about 2 ms at 500 sources, the autosave's way too) because the UI
thread goes on changing the case meanwhile. One run is some 20 ms of a worker's time at
500 sources. Runs are numbered: the findings of a run a newer one overtook are dropped
when they arrive (``Checked``, posted from the worker to the screen), so the counts in
the pane bar are always those of the newest state. The first run waits until the case's
claim form is built (the case screen asks ``ClaimPane.when_built``): its thread would
share the interpreter with the form being built and the first keys typed.
"""

from __future__ import annotations

import pickle
from functools import partial
from typing import Any

from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from workbench.analysis.checks import Finding, run_checks
from workbench.scales import RatingScale
from workbench.tui.open_case import OpenCase


class CaseChecks:
    """Runs the checks for one case screen and keeps their latest findings."""

    class Checked(Message):
        """The findings of run ``generation`` (posted from the checks thread)."""

        def __init__(self, findings: list[Finding], generation: int) -> None:
            super().__init__()
            self.findings = findings
            self.generation = generation

    def __init__(self, screen: Screen[Any]) -> None:
        self.screen = screen
        #: The case to check; handed down once it is loaded.
        self.opened: OpenCase | None = None
        #: The latest findings; None until the first run is back.
        self.findings: list[Finding] | None = None
        self._timer: Timer | None = None
        self._generation = 0

    def schedule(self, delay: float) -> None:
        """Run the checks once editing has paused for ``delay`` seconds."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.screen.set_timer(delay, self.run, name="checks")

    def run(self) -> None:
        """Run the checks on a snapshot of the case now, on a worker."""
        self._timer = None
        if self.opened is None:
            return
        self._generation += 1
        snapshot = pickle.dumps(self.opened.case, protocol=pickle.HIGHEST_PROTOCOL)
        check = partial(self._check, snapshot, dict(self.opened.scales),
                        self.opened.require_right_of_reply, self._generation)
        self.screen.run_worker(check, thread=True, exclusive=True, group="checks",
                               name="checks")

    def _check(self, snapshot: bytes, scales: dict[str, RatingScale], right_of_reply: bool,
               generation: int) -> None:
        """Worker thread: the checks of one snapshot, posted to the screen."""
        findings = run_checks(pickle.loads(snapshot), scales=scales,
                              require_right_of_reply=right_of_reply)
        if not get_current_worker().is_cancelled:
            self.screen.post_message(self.Checked(findings, generation))

    def accept(self, checked: Checked) -> bool:
        """Keep a run's findings, unless a newer run is on its way (then False)."""
        if checked.generation != self._generation:
            return False
        self.findings = checked.findings
        return True
