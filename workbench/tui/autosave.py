"""Autosave: every change reaches the case file off the UI thread, and none is ever dropped.

The UI thread owns the ``Case`` and mutates it freely; a save must not read it while it
changes, so each save works on a snapshot (a pickle, about 1.5 ms for a 500-source case)
taken on the UI thread. One worker thread drains the snapshots: it always saves the newest
one and skips those a newer one has superseded, because a save writes the whole difference
from the last save anyway. A Textual ``exclusive`` worker would instead cancel a save in
flight, and a thread cannot be cancelled safely mid-transaction, so the drain is serialized
here by hand.

A failed save keeps the snapshot (or a newer one) pending and retries with a growing delay;
the edit itself was never taken out of memory. Leaving the screen flushes synchronously:
the last few keystrokes of a debounce window are not left behind.
"""

from __future__ import annotations

import pickle
import threading
import time
from datetime import datetime
from enum import Enum
from pathlib import Path

from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from workbench.casefile.store import CaseFile
from workbench.editing import touch
from workbench.model import Case

#: Typing pauses this long (seconds) before its text is saved; structural edits save at once.
DEBOUNCE = 0.3
#: ... but someone who types on without such a pause is saved at least this often (seconds):
#: a debounce alone would keep a fast typist's whole paragraph in memory until they stop.
MAX_WAIT = 2.0
#: Waits (seconds) between attempts after a failed save; the last one repeats.
RETRY_DELAYS: tuple[float, ...] = (1.0, 2.0, 5.0, 10.0, 30.0)


class CaseChanged(Message):
    """A pane changed the case in place; the screen saves it (``immediate``: skip debounce).

    ``structural`` tells the screen that views derived from the whole case (badges, the
    section list, citation warnings) need refreshing, not only the field that was edited.
    """

    def __init__(self, *, immediate: bool = False, structural: bool = False) -> None:
        super().__init__()
        self.immediate = immediate
        self.structural = structural


class SaveState(Enum):
    SAVED = "saved"
    SAVING = "saving"
    FAILED = "failed"
    READ_ONLY = "read_only"


def save_state_text(state: SaveState, *, at: str = "", reason: str = "", retry_in: float = 0
                    ) -> str:
    """The words of the save indicator; kept apart from Textual so they can be tested as text."""
    if state is SaveState.SAVED:
        return f"● saved {at}".rstrip()
    if state is SaveState.SAVING:
        return "◌ saving…"
    if state is SaveState.READ_ONLY:
        return "read-only: not saving"
    retry = f"retrying in {retry_in:g}s" if retry_in else "retrying"
    return f"✗ save failed — {retry} ({reason})"


class SaveIndicator(Static):
    """Shows whether the case on screen is what is on disk."""

    DEFAULT_CSS = """
    SaveIndicator {
        width: auto;
        height: 1;
        padding: 0 1;
    }
    SaveIndicator.-saved { color: $text-success; }
    SaveIndicator.-saving { color: $text-warning; }
    SaveIndicator.-failed { color: $text-error; background: $error-muted; text-style: bold; }
    SaveIndicator.-read_only { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        self._text = save_state_text(SaveState.SAVED)
        super().__init__(self._text, id=id, markup=False)
        self.state = SaveState.SAVED
        self.add_class("-saved")

    def show(self, state: SaveState, text: str) -> None:
        # Called on every keystroke; a repaint (and a relayout, the width is auto) only when
        # the words change.
        if state is self.state and text == self._text:
            return
        self._text = text
        self.remove_class(f"-{self.state.value}")
        self.state = state
        self.add_class(f"-{state.value}")
        # Content, not str: a failure reason may hold "[...]" and must not be read as markup.
        self.update(Content(text))


class Autosaver:
    """Saves one case to its file after every change, serialized on a worker thread."""

    class Saved(Message):
        """The snapshot of edit ``generation`` is committed to disk."""

        def __init__(self, generation: int, at: datetime) -> None:
            super().__init__()
            self.generation = generation
            self.at = at

    class Failed(Message):
        """A save failed; it is retried after ``retry_in`` seconds or at the next edit."""

        def __init__(self, reason: str, retry_in: float, attempt: int) -> None:
            super().__init__()
            self.reason = reason
            self.retry_in = retry_in
            self.attempt = attempt

    def __init__(self, owner: Widget, casefile: CaseFile, case: Case, *,
                 debounce: float | None = None, max_wait: float | None = None,
                 retry_delays: tuple[float, ...] | None = None) -> None:
        self.owner = owner
        self.casefile = casefile
        self.case = case
        # Read at construction, not import, so a test can shorten the waits.
        self.debounce = DEBOUNCE if debounce is None else debounce
        self.max_wait = MAX_WAIT if max_wait is None else max_wait
        #: When the oldest edit not yet handed to the worker was made (monotonic), if any.
        self._first_unsaved: float | None = None
        self.retry_delays = retry_delays or RETRY_DELAYS
        #: Counts edits; a snapshot remembers the count it was taken at.
        self.generation = 0
        #: The newest generation known to be on disk (written by the worker's messages).
        self.saved_generation = 0
        self._timer: Timer | None = None
        # _lock guards _pending/_running/_closed; _save_lock makes a flush wait for a save in
        # flight, so an older snapshot can never land on disk after a newer one.
        self._lock = threading.Lock()
        self._save_lock = threading.Lock()
        self._wake = threading.Event()
        self._pending: tuple[int, bytes] | None = None
        self._running = False
        self._closed = False
        #: The generation last written to disk; guarded by _save_lock.
        self._written = 0

    @property
    def dirty(self) -> bool:
        return self.saved_generation < self.generation

    def changed(self, *, immediate: bool = False) -> None:
        """Note an edit (UI thread): stamp the case and save it now or after the debounce."""
        if self._closed:
            return
        touch(self.case)
        self.generation += 1
        now = time.monotonic()
        if self._first_unsaved is None:
            self._first_unsaved = now
        left = self.max_wait - (now - self._first_unsaved)
        if immediate or left <= 0:
            self.commit()
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.owner.set_timer(min(self.debounce, left), self.commit,
                                           name="autosave")

    def commit(self) -> None:
        """Hand the current state to the save worker now (UI thread)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._first_unsaved = None
        if self._closed or not self.dirty:
            return
        snapshot = pickle.dumps(self.case, protocol=pickle.HIGHEST_PROTOCOL)
        with self._lock:
            self._pending = (self.generation, snapshot)
            # A worker waiting out a retry delay tries again at once with the newer state.
            self._wake.set()
            if self._running:
                return
            self._running = True
        self.owner.run_worker(
            self._drain, thread=True, group="autosave", name="autosave", exit_on_error=False
        )

    def _drain(self) -> None:
        """Worker thread: save the newest pending snapshot until none is left."""
        failures = 0
        while True:
            with self._lock:
                job = self._pending
                self._pending = None
                if job is None or self._closed:
                    self._running = False
                    return
                self._wake.clear()
            generation, snapshot = job
            try:
                with self._save_lock:
                    # A flush may have written a newer state while this one waited.
                    if self._closed or generation <= self._written:
                        continue
                    self.casefile.save(pickle.loads(snapshot))
                    self._written = generation
            except Exception as error:
                # Any failure, not only CaseFileError: whatever it is, the edit must survive.
                failures += 1
                delay = self.retry_delays[min(failures, len(self.retry_delays)) - 1]
                with self._lock:
                    if self._pending is None:
                        self._pending = job
                reason = failure_reason(error, self.casefile.path)
                self.owner.post_message(self.Failed(reason, delay, failures))
                self._wake.wait(delay)
                continue
            failures = 0
            self.owner.post_message(self.Saved(generation, datetime.now()))

    def flush(self, *, close: bool = True) -> Exception | None:
        """Save the current state synchronously (UI thread), and stop saving if ``close``.

        For leaving the screen: the debounce window's last keystrokes are written before the
        file is closed. Returns the error if the save failed, so the caller can keep the
        edits some other way; never raises.
        """
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        error: Exception | None = None
        with self._save_lock:
            if self._closed:
                return None
            if self.generation > self._written:
                try:
                    self.casefile.save(self.case)
                except Exception as failure:
                    error = failure
                else:
                    self._written = self.generation
                    self.saved_generation = self.generation
            if close:
                with self._lock:
                    self._closed = True
                    self._pending = None
        self._wake.set()
        return error

    def stop(self) -> None:
        """Stop saving without a last attempt: the edits went somewhere else (a recovery
        file) and the screen is about to close."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        with self._lock:
            self._closed = True
            self._pending = None
        self._wake.set()

    def mark_saved(self, generation: int) -> None:
        """Record a worker's success (UI thread, from the Saved message)."""
        self.saved_generation = max(self.saved_generation, generation)


def failure_reason(error: Exception, path: Path) -> str:
    """One short line: the screen already says which file, so drop the path in front."""
    text = str(error) or type(error).__name__
    return text.removeprefix(f"{path}: ")
