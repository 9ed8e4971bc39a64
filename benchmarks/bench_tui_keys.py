"""Keys on a large case: how soon the source form opens, how soon a first key shows.

    .venv/bin/python benchmarks/bench_tui_keys.py [--runs N] [--no-pty] [--profile WHAT]

The case is the synthetic one of ``bench_tui`` (500 sources, 100 sections, 10 questions),
copied afresh for every run, since the runs type into it. Each key goes in as a terminal
sends it (``driver.send_message``), so it passes the type-ahead gate
(``workbench.tui.typeahead``) like a real one; the clock stops at the first frame written
to the (headless) terminal that shows what the key did.

In-process (``App.run_test``, 120x40), each run from a collected heap:

- (e) the source form opened with ``a`` on the sources pane (F3) of the settled case,
  ``LOOK`` seconds after F3 (the form for a new source is built ahead meanwhile):
  until the first frame with the form up and its title focused, and until a key typed
  right behind ``a`` shows in the title (the form ready for keys). Budget 150 ms. The
  baseline, in the same process and the same way: ``a`` opening a bare dialog with one
  input.
- (f) the first key typed into the claim of a case freshly opened from the library, as
  soon as the case's first frame is written (while the claim form is still being built
  behind its preview, where the key shows), against the same key typed once everything
  has settled (the form built, the checks run). Budget: at most 50 ms more than the
  settled key.

In a pseudo-terminal (``workbench open FILE``, whole process, real driver), a character
no screen contains otherwise is typed and the clock stops when the app writes it:
the first key as soon as the case's claim is on the terminal, a settled key 2 s later,
and (e) again: F3, then ``a`` and the character at once.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import fcntl
import gc
import os
import pstats
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_tui import _ANSI, CACHE, PYTHON, SIZE, large_case_library

if TYPE_CHECKING:
    from textual.app import App, ComposeResult
    from textual.pilot import Pilot

#: Typed in the pty: a character no screen of the synthetic case shows otherwise.
MARK = "ж"
#: Where each run's copy of the large case goes (emptied when the script starts).
SCRATCH = CACHE / "keys-scratch"
FORM_BUDGET = 0.150
FIRST_KEY_BUDGET = 0.050
#: How long the list is looked at before ``a`` (seconds); the pty run waits 1 s.
LOOK = 0.5


@dataclass
class Frames:
    """Every frame the app writes, each with what ``probe`` said of the app just then."""

    app: App[Any]
    probe: Callable[[], bool] = lambda: False

    def __post_init__(self) -> None:
        self.seen: list[tuple[float, bool]] = []
        display = self.app._display

        def recorded(*args: Any, **kwargs: Any) -> None:
            display(*args, **kwargs)
            self.seen.append((time.perf_counter(), self.probe()))

        self.app._display = recorded  # type: ignore[method-assign]

    async def first(self, since: float, timeout: float = 10.0) -> float:
        """When the first frame after ``since`` for which the probe held was written."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            for when, held in self.seen:
                if when >= since and held:
                    return when
            await asyncio.sleep(0.0005)
        raise TimeoutError("no such frame")


def scratch_case() -> tuple[Path, Path]:
    """A library holding a fresh copy of the large case: the runs type into it."""
    _folder, pristine = large_case_library()
    SCRATCH.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=SCRATCH))
    path = folder / pristine.name
    shutil.copyfile(pristine, path)
    return folder, path


def send(app: App[Any], *keys: tuple[str, str | None]) -> float:
    """Hand ``keys`` (key, character) to the app at once, as a terminal does."""
    from textual import events

    driver = app._driver
    assert driver is not None
    start = time.perf_counter()
    for key, character in keys:
        event = events.Key(key, character)
        event.set_sender(app)
        driver.send_message(event)
    return start


async def settle(pilot: Pilot[Any]) -> None:
    app = pilot.app
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause(0.05)


def _value(app: App[Any], selector: str) -> str:
    try:
        widget = app.screen.query_one(selector)
    except Exception:
        return ""
    text = getattr(widget, "value", None)
    if text is None:
        text = getattr(widget, "text", "")
    return str(text)


def previewed(app: App[Any]) -> str:
    """The text of the claim pane's preview, while it is there."""
    from workbench.tui.claim_preview import ClaimPreview

    previews = list(app.screen.query(ClaimPreview))
    return "".join(row.value.plain for preview in previews for row in preview.rows)


# (e) the source form


@dataclass(frozen=True)
class FormOpening:
    """Seconds from ``a`` to the form shown, focused; and to a key typed behind it shown."""

    shown: float
    typed: float


async def time_form(*, bare: bool) -> FormOpening:
    """``a`` on the sources pane of the settled case (``bare``: a one-input dialog)."""
    from textual.binding import Binding
    from textual.widgets import Input

    from workbench.config import Config
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.case_screen import CaseScreen
    from workbench.tui.dialog import Dialog

    class BareDialog(Dialog[None]):
        BINDINGS: ClassVar = [Binding("escape", "dismiss", "Close")]

        def compose(self) -> ComposeResult:
            yield Input(id="title")

        def on_mount(self) -> None:
            self.query_one(Input).focus()

    _folder, path = scratch_case()
    app = WorkbenchApp(case=path, config=Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        if bare:
            # The baseline takes the form's key, so it passes the same gate and bindings.
            screen.sources.add = lambda: app.push_screen(BareDialog())
        await pilot.press("f3")
        await settle(pilot)
        # A moment on the list before ``a``, as a person takes (the form for a new
        # source is built ahead meanwhile, ``source_actions``).
        await pilot.pause(LOOK)
        frames = Frames(app)

        def shown() -> bool:
            focused = app.focused
            return (app.screen is not screen and app.screen.is_mounted
                    and focused is not None and focused.id == "title")

        frames.probe = shown
        gc.collect()
        start = send(app, ("a", "a"))
        at_shown = await frames.first(start) - start
        await pilot.press("escape")
        await settle(pilot)
        await pilot.pause(LOOK)
        frames.probe = lambda: MARK in _value(app, "#title")
        gc.collect()
        start = send(app, ("a", "a"), (MARK, MARK))
        at_typed = await frames.first(start) - start
        app.exit()
    return FormOpening(at_shown, at_typed)


# (f) the first key into a freshly opened case


@dataclass(frozen=True)
class KeyTimes:
    """Seconds from a key typed into the claim to the frame showing it: the first one,
    typed as the case's first frame is written, and one typed once all has settled."""

    first: float
    settled: float


async def time_first_key() -> KeyTimes:
    from workbench.config import Config
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.case_screen import CaseScreen
    from workbench.tui.library_screen import LibraryScreen

    folder, path = scratch_case()
    app = WorkbenchApp(library=folder, config=Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        library = app.screen
        assert isinstance(library, LibraryScreen)
        frames = Frames(app)

        def case_shown() -> bool:
            screen = app.screen
            return (isinstance(screen, CaseScreen) and screen.case is not None
                    and screen.query_one("#case-body").display)

        def marks() -> int:
            # In the claim text, or in the preview drawn in its place until the form
            # behind it is built (a key typed meanwhile shows there).
            return max(_value(app, "#claim-text").count(MARK), previewed(app).count(MARK))

        frames.probe = case_shown
        gc.collect()
        library.open_case(path)
        await frames.first(0.0)
        frames.probe = lambda: marks() > 0
        start = send(app, (MARK, MARK))
        first = await frames.first(start) - start
        await settle(pilot)
        await pilot.pause(0.5)
        frames.probe = lambda: marks() > 1
        gc.collect()
        start = send(app, (MARK, MARK))
        settled = await frames.first(start) - start
        app.exit()
    return KeyTimes(first, settled)


# In a pseudo-terminal


class Terminal:
    """A whole ``workbench`` process in a pseudo-terminal of ``SIZE``, its output read."""

    def __init__(self, argv: Sequence[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        environment = {**os.environ, "TERM": "xterm-256color", **env}
        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                                        env=environment, start_new_session=True,
                                        close_fds=True)
        os.close(slave)
        self.output = ""

    def read(self, timeout: float) -> None:
        if select.select([self.master], [], [], timeout)[0]:
            with contextlib.suppress(OSError):  # the app has gone
                self.output += os.read(self.master, 1 << 16).decode("utf-8", "replace")

    def text(self) -> str:
        return _ANSI.sub("", self.output)

    def wait_for(self, found: Callable[[str], bool], timeout: float = 20.0) -> float:
        """Read until ``found`` holds for the screen's text; when it did."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            self.read(0.02)
            if found(self.text()):
                return time.perf_counter()
        raise RuntimeError(f"not seen; last output: {self.text()[-400:]!r}")

    def type(self, data: str) -> float:
        start = time.perf_counter()
        os.write(self.master, data.encode())
        return start

    def drain(self, seconds: float) -> None:
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            self.read(0.02)

    def close(self) -> None:
        try:
            os.write(self.master, b"\x11")  # ctrl+q
            deadline = time.perf_counter() + 5
            while self.process.poll() is None and time.perf_counter() < deadline:
                self.read(0.05)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            os.close(self.master)


@dataclass(frozen=True)
class PtyRun:
    first: float
    settled: float
    form: float


def time_in_pty(claim_start: str) -> PtyRun:
    """``workbench open FILE``: a first key as soon as the claim shows, a settled key,
    then F3 and ``a`` with a key behind it (to the key shown in the form's title)."""
    _folder, path = scratch_case()
    config = CACHE / "no-config.toml"  # absent: the user's own config is never read
    terminal = Terminal([PYTHON, "-m", "workbench", "open", str(path)],
                        {"WORKBENCH_CONFIG": str(config)})
    try:
        terminal.wait_for(lambda text: claim_start in text)
        start = terminal.type(MARK)
        first = terminal.wait_for(lambda text: text.count(MARK) >= 1) - start
        terminal.drain(2.0)
        seen = terminal.text().count(MARK)
        start = terminal.type(MARK)
        settled = terminal.wait_for(lambda text: text.count(MARK) > seen) - start
        terminal.type("\x1bOR")  # F3
        terminal.drain(1.0)
        seen = terminal.text().count(MARK)
        start = terminal.type("a" + MARK)
        form = terminal.wait_for(lambda text: text.count(MARK) > seen) - start
        terminal.type("\x1b")
        terminal.drain(0.3)
    finally:
        terminal.close()
    return PtyRun(first, settled, form)


# Printing


def figures(values: Sequence[float]) -> str:
    return (f"{statistics.median(values) * 1000:>7.0f}ms {min(values) * 1000:>7.0f}ms "
            f"{max(values) * 1000:>7.0f}ms")


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-pty", action="store_true", help="In-process figures only.")
    parser.add_argument("--profile", choices=("form", "first-key"),
                        help="Profile one run of (e) or (f) instead, top 40 by cumulative time.")
    arguments = parser.parse_args()
    runs = arguments.runs
    CACHE.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(SCRATCH, ignore_errors=True)

    if arguments.profile:
        profile(arguments.profile)
        return

    # Imports and caches warmed first, as in a process that has been running a while.
    asyncio.run(time_form(bare=False))
    asyncio.run(time_first_key())
    forms: list[FormOpening] = []
    bare_forms: list[FormOpening] = []
    keys: list[KeyTimes] = []
    for _ in range(runs):
        bare_forms.append(asyncio.run(time_form(bare=True)))
        forms.append(asyncio.run(time_form(bare=False)))
        keys.append(asyncio.run(time_first_key()))

    load = os.getloadavg()[0]
    print(f"\nKeys on a case of 500 sources and 100 sections, in-process (App.run_test) at "
          f"{SIZE[0]}x{SIZE[1]}, through the type-ahead gate; median of {runs} runs "
          f"(load average {load:.1f} on {os.cpu_count()} cores)\n")
    print(f"{'what':<46} {'median':>9} {'min':>9} {'max':>9} {'vs base':>8} {'budget':>12}")
    shown = [form.shown for form in forms]
    typed = [form.typed for form in forms]
    bare_shown = statistics.median(form.shown for form in bare_forms)
    bare_typed = statistics.median(form.typed for form in bare_forms)
    print(f"{'(e) a: source form shown, title focused':<46} {figures(shown)} "
          f"{statistics.median(shown) / bare_shown:>7.2f}x "
          f"{'150ms ' + verdict(statistics.median(shown) <= FORM_BUDGET):>12}")
    print(f"{'    a + a key behind it: the key shown':<46} {figures(typed)} "
          f"{statistics.median(typed) / bare_typed:>7.2f}x "
          f"{'150ms ' + verdict(statistics.median(typed) <= FORM_BUDGET):>12}")
    print(f"{'    baseline: a bare one-input dialog':<46} "
          f"{figures([form.shown for form in bare_forms])}   (key behind it: "
          f"{bare_typed * 1000:.0f} ms)")
    first = [key.first for key in keys]
    settled = [key.settled for key in keys]
    extra = [key.first - key.settled for key in keys]
    settled_median = statistics.median(settled)
    print(f"{'(f) first key into the claim, at first paint':<46} {figures(first)} "
          f"{statistics.median(first) / settled_median:>7.2f}x")
    print(f"{'    the same key once settled (baseline)':<46} {figures(settled)}")
    print(f"{'    first minus settled, per run':<46} {figures(extra)} {'':>8} "
          f"{'+50ms ' + verdict(statistics.median(extra) <= FIRST_KEY_BUDGET):>12}")

    if arguments.no_pty:
        return
    from workbench.casefile.store import CaseFile

    casefile = CaseFile.open(large_case_library()[1])
    try:
        claim_start = casefile.load().claim.text[:20]
    finally:
        casefile.close()
    time_in_pty(claim_start)  # warm the disk cache and .pyc files
    pty_runs: list[PtyRun] = []
    failures: list[str] = []
    for _ in range(runs):
        try:
            pty_runs.append(time_in_pty(claim_start))
        except RuntimeError as error:  # a character never seen: say so, and go on
            failures.append(str(error)[:200])
    if not pty_runs:
        print(f"\nNo run in a pty succeeded: {failures[0]}")
        return
    print(f"\nThe same in a {SIZE[0]}x{SIZE[1]} pty, whole process (workbench open FILE), to "
          f"the key's character written to the terminal; median of {len(pty_runs)} runs\n")
    for failure in failures:
        print(f"    (a run failed: {failure})")
    pty_first = [run.first for run in pty_runs]
    pty_settled = [run.settled for run in pty_runs]
    pty_extra = [run.first - run.settled for run in pty_runs]
    pty_form = [run.form for run in pty_runs]
    print(f"{'(e) F3, a + a key behind it: the key shown':<46} {figures(pty_form)} "
          f"{'':>8} {'150ms ' + verdict(statistics.median(pty_form) <= FORM_BUDGET):>12}")
    print(f"{'(f) first key, as the claim is first shown':<46} {figures(pty_first)} "
          f"{statistics.median(pty_first) / statistics.median(pty_settled):>7.2f}x")
    print(f"{'    the same key once settled (baseline)':<46} {figures(pty_settled)}")
    print(f"{'    first minus settled, per run':<46} {figures(pty_extra)} {'':>8} "
          f"{'+50ms ' + verdict(statistics.median(pty_extra) <= FIRST_KEY_BUDGET):>12}")


def profile(what: str) -> None:
    run = (lambda: time_form(bare=False)) if what == "form" else time_first_key
    asyncio.run(run())
    profiler = cProfile.Profile()
    profiler.enable()
    asyncio.run(run())
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
