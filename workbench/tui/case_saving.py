"""The case screen's saving: every edit on disk, the bar saying so, nothing ever lost.

The ``Autosaver`` writes each edit on a worker; this keeps the save indicator in step
with it and says once, in a notification, when saves start failing (they are retried,
and the edit stays in memory). Leaving the screen writes what is pending before the
file closes; if that fails the edits go to a recovery file beside the case
(``formats.recovery``), so nothing typed is lost. Quitting the app asks every open case
the same (``save_for_quit``), and reports where the edits went.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.screen import Screen

from workbench.formats.recovery import write_recovery
from workbench.model import Case
from workbench.tui.autosave import (
    Autosaver,
    SaveIndicator,
    SaveState,
    failure_reason,
    save_state_text,
)
from workbench.tui.open_case import OpenCase
from workbench.tui.quitting import QuitReport


class CaseSaving:
    """Saves one case screen's case, and owns its autosaver (None: nothing to save)."""

    def __init__(self, screen: Screen[Any], path: Path) -> None:
        self.screen = screen
        self.path = path
        self.autosaver: Autosaver | None = None
        self._case: Case | None = None

    def start(self, opened: OpenCase) -> None:
        """Save the case from now on, unless its file is read-only (the bar says so)."""
        self._case = opened.case
        if opened.read_only:
            self.show(SaveState.READ_ONLY, save_state_text(SaveState.READ_ONLY))
        else:
            self.autosaver = Autosaver(self.screen, opened.casefile, opened.case)

    def changed(self, *, immediate: bool) -> None:
        """Save an edit, now or after the pause in typing."""
        if self.autosaver is None:
            return
        self.autosaver.changed(immediate=immediate)
        self.show(SaveState.SAVING, save_state_text(SaveState.SAVING))

    def commit(self) -> None:
        """Save now, without waiting for the pause after typing."""
        if self.autosaver is not None:
            self.autosaver.commit()

    def saved(self, message: Autosaver.Saved) -> bool:
        """A save reached the disk; False if this screen has stopped saving meanwhile."""
        autosaver = self.autosaver
        if autosaver is None:
            return False
        autosaver.mark_saved(message.generation)
        if not autosaver.dirty:
            at = message.at.strftime("%H:%M:%S")
            self.show(SaveState.SAVED, save_state_text(SaveState.SAVED, at=at))
        return True

    def failed(self, message: Autosaver.Failed) -> None:
        if self.autosaver is None:
            return
        self.show(SaveState.FAILED, save_state_text(
            SaveState.FAILED, reason=message.reason, retry_in=message.retry_in
        ))
        if message.attempt == 1:
            self.screen.notify(
                f"Could not save: {message.reason}. Your edits are kept and saving is retried.",
                title="Save failed", severity="error", markup=False,
            )

    def show(self, state: SaveState, text: str) -> None:
        self.screen.query_one(SaveIndicator).show(state, text)

    def flush(self, *, close: bool) -> Exception | None:
        """Write what is pending now; with ``close``, for the last time, and if that
        fails into a recovery file. Returns the error of a failed save (said already)."""
        autosaver = self.autosaver
        if autosaver is None:
            return None
        if close:
            self.autosaver = None
        error = autosaver.flush(close=close)
        if error is None:
            return None
        notify = self.screen.notify
        if close and self._case is not None:
            # Last chance before the file closes: nothing typed may be lost.
            recovered = write_recovery(self._case, self.path)
            where = (f" Your edits were written to {recovered}." if recovered else
                     " No recovery file could be written anywhere.")
            notify(f"Could not save the case ({error}).{where}", severity="error",
                   markup=False, timeout=30)
        else:
            notify(f"Could not save the case ({error}); staying here so nothing is lost.",
                   severity="error", markup=False)
        return error

    def save_for_quit(self) -> QuitReport:
        """Save before the app quits, or keep the edits in a recovery file.

        The app quits only when every edit is on disk somewhere; a report that is not
        ``kept`` means the only copy is in memory, and the app must not go (or must ask).
        """
        autosaver, case = self.autosaver, self._case
        if autosaver is None or case is None:
            return QuitReport(kept=True)
        error = autosaver.flush(close=False)
        if error is None:
            return QuitReport(kept=True)
        reason = failure_reason(error, self.path)
        recovered = write_recovery(case, self.path)
        if recovered is None:
            return QuitReport(kept=False, message=(
                f"{self.path.name}: {reason}, and no recovery file could be written anywhere"))
        # The edits are in the recovery file: closing must not try (and fail) again.
        autosaver.stop()
        self.autosaver = None
        return QuitReport(kept=True, message=(
            f"{self.path.name}: {reason}; your edits are in {recovered} "
            "(workbench import that file to get them back)"))
