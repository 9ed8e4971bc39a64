"""TUI speed against the budgets in DESIGN.md, measured the way a person meets it.

    .venv/bin/python benchmarks/bench_tui.py [--runs N] [--open-only]

Whole process, in a pseudo-terminal of 120x40 with the real terminal driver: the clock
starts when the process is spawned and stops when the first case title appears in what
the app wrote to the terminal (ANSI codes stripped). That counts Python's start, the
imports, the first layout and the first paint of rows: what "TUI start to an interactive
library" means to a user. Runs of the bare app and of the Workbench are interleaved, so a
busy machine slows both alike; medians are printed.

- (a) baseline: a bare Textual app with one DataTable of 1,000 rows (filled in on_mount);
- (b) the Workbench on a library of 1,000 cases, to rows painted (budget 1.25x (a));
- (c) the Workbench on 10,000 cases, first paint of rows (budget 1.5x (a)); the bare
  DataTable at 10,000 rows is shown for reference;
- (d) opening a case with 500 sources and 100 sections from the library, in-process
  (``App.run_test``), budget 0.25 s to interactive: the first frame with the case in it
  written to the terminal, after which keys are answered (the claim form is built and the
  checks run afterwards, in steps). Printed: until loaded, until painted (the figure
  against the budget), the longest step of the event loop after the paint (how long a key
  could wait), and until idle (form built, checks run). The baseline, in the same process,
  opens a bare screen (header, one line, footer) the same way. Each run starts from a
  collected heap, as a fresh process would.

The libraries are built once and kept in the temporary folder (``workbench-bench-tui``):
one real case file is copied and each copy gets its own title, claim, status and rating
with an SQL UPDATE, then the index is built once.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import fcntl
import gc
import os
import pty
import re
import select
import shutil
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

if TYPE_CHECKING:
    from textual.app import ComposeResult

from benchmarks.synthetic import large_case, liar_statements

SIZE = (120, 40)
CACHE = Path(tempfile.gettempdir()) / "workbench-bench-tui"
PYTHON = sys.executable
#: Every case title starts with its number, so the newest (number 0) marks the first paint.
MARKER = "#00000 "

_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[P^_].*?\x1b\\"
    r"|\x1b[=>()][0-9A-Za-z]?"
)

BARE_APP = """
import sys
from textual.app import App
from textual.widgets import DataTable

ROWS = [line.split("\\t") for line in open(sys.argv[1], encoding="utf-8").read().splitlines()]

class Bare(App):
    def compose(self):
        yield DataTable()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("Title", "Claim", "Status", "Rating", "Updated")
        table.add_rows(ROWS)

Bare().run()
"""

STATUSES = ("draft", "in_review", "changes_requested", "approved", "published", "corrected")
RATINGS = ("", "True", "Mostly True", "Half True", "Mostly False", "False", "Pants on Fire")


def case_rows(count: int) -> list[tuple[str, str, str, str, str]]:
    """Title, claim, status, rating and updated of ``count`` cases, newest first."""
    statements = liar_statements()
    start = datetime.datetime(2025, 1, 1)
    rows = []
    for number in range(count):
        claim = statements[number % len(statements)][0]
        updated = start - datetime.timedelta(minutes=number)
        rows.append((
            f"#{number:05d} {' '.join(claim.split()[:8])}?",
            claim,
            STATUSES[number % len(STATUSES)],
            RATINGS[number % len(RATINGS)],
            updated.strftime("%Y-%m-%dT%H:%M:%SZ"),
        ))
    return rows


def build_library(count: int) -> Path:
    """A library of ``count`` cases, built once and kept for later runs."""
    folder = CACHE / f"library-{count}"
    done = folder / ".complete"
    if done.exists():
        return folder
    from workbench.casefile.library import Library
    from workbench.casefile.store import CaseFile
    from workbench.model import new_case

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    template = CACHE / "template.case.db"
    template.unlink(missing_ok=True)
    CaseFile.create(template, new_case("template", scale="politifact")).close()
    data = template.read_bytes()
    for number, (title, claim, status, rating, updated) in enumerate(case_rows(count)):
        path = folder / f"case-{number:05d}.case.db"
        path.write_bytes(data)
        connection = sqlite3.connect(path)
        with connection:
            connection.execute("UPDATE cases SET id = ?, title = ?, status = ?, updated = ?",
                               (f"bench-{number}", title, status, updated))
            connection.execute("UPDATE claim SET case_id = ?, text = ?",
                               (f"bench-{number}", claim))
            connection.execute("UPDATE verdict SET case_id = ?, rating = ?",
                               (f"bench-{number}", rating))
        connection.close()
    Library(folder).refresh()
    done.touch()
    print(f"built a library of {count} cases in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)
    return folder


def bare_rows_file(count: int) -> Path:
    path = CACHE / f"bare-rows-{count}.tsv"
    if not path.exists():
        lines = [
            "\t".join((title, claim, status.replace("_", " "), rating, updated[:10]))
            for title, claim, status, rating, updated in case_rows(count)
        ]
        path.write_text("\n".join(lines), encoding="utf-8")
    return path


def time_to_marker(argv: list[str], marker: str, env: dict[str, str],
                   timeout: float = 30.0) -> float:
    """Seconds from spawning ``argv`` in a pseudo-terminal to ``marker`` on its screen."""
    return run_to_marker(argv, marker, env, timeout=timeout)[0]


def run_to_marker(argv: list[str], marker: str, env: dict[str, str], *,
                  timeout: float = 30.0, settle: float = 0.0,
                  inspect: Callable[[int], int] | None = None) -> tuple[float, int]:
    """Seconds from spawning ``argv`` in a pseudo-terminal (``SIZE``) to ``marker`` on its
    screen; then, ``settle`` seconds later, ``inspect(pid)``'s figure (0 without one),
    read just before the app is asked to quit (ctrl+q)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    environment = {**os.environ, "TERM": "xterm-256color", **env}
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                               env=environment, start_new_session=True, close_fds=True)
    os.close(slave)
    output = ""
    found = None
    figure = 0
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    output += os.read(master, 1 << 16).decode("utf-8", "replace")
                except OSError:
                    break
            if found is None and marker in _ANSI.sub("", output):
                found = time.perf_counter() - start
            if found is not None and time.perf_counter() - start >= found + settle:
                break
        if inspect is not None:
            figure = inspect(process.pid)
        os.write(master, b"\x11")  # ctrl+q
        deadline = time.perf_counter() + 5
        while process.poll() is None and time.perf_counter() < deadline:
            if select.select([master], [], [], 0.05)[0]:
                try:
                    os.read(master, 1 << 16)
                except OSError:
                    break
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        os.close(master)
    if found is None:
        raise RuntimeError(f"{marker!r} never appeared: {_ANSI.sub('', output)[-500:]!r}")
    return found, figure


@dataclass(frozen=True)
class Opening:
    """Seconds from asking for a screen: to its data loaded, to the first paint with it,
    to idle; and the longest step of the event loop after that paint."""

    loaded: float
    painted: float
    longest_step: float
    idle: float


async def _steps(stop: asyncio.Event) -> list[tuple[float, float]]:
    """(when, how long) the event loop was held up, sampled every millisecond until
    ``stop``: a sleep of 1 ms that wakes late was kept waiting by a step that long."""
    steps = []
    while not stop.is_set():
        before = time.perf_counter()
        await asyncio.sleep(0.001)
        woke = time.perf_counter()
        steps.append((woke, woke - before - 0.001))
    return steps


async def time_opening(folder: Path, path: Path | None) -> Opening:
    """Open the case at ``path`` from the library (None: a bare screen, the baseline)."""
    from textual.screen import Screen
    from textual.widgets import Footer, Header, Static

    from workbench.config import Config
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.case_screen import CaseScreen
    from workbench.tui.library_screen import LibraryScreen

    class Bare(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("A bare screen")
            yield Footer()

    def loaded(screen: Screen[object]) -> bool:
        if path is None:
            return isinstance(screen, Bare) and screen.is_mounted
        if not isinstance(screen, CaseScreen) or screen.case is None:
            return False
        body = screen.query_one("#case-body")
        return body.display and not body.loading

    app = WorkbenchApp(library=folder, config=Config())
    # Every frame written to the (headless) terminal: the first after the case has loaded
    # is the paint the user sees.
    frames: list[float] = []
    display = app._display

    def recorded(*args: Any, **kwargs: Any) -> None:
        frames.append(time.perf_counter())
        display(*args, **kwargs)

    app._display = recorded  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        library = app.screen
        assert isinstance(library, LibraryScreen)
        # A fresh process has no garbage from the runs before this one.
        gc.collect()
        stop = asyncio.Event()
        watcher = asyncio.create_task(_steps(stop))
        start = time.perf_counter()
        if path is None:
            app.push_screen(Bare())
        else:
            library.open_case(path)
        while not loaded(app.screen):
            await asyncio.sleep(0.001)
        at_loaded = time.perf_counter()
        while not frames or frames[-1] < at_loaded:
            await asyncio.sleep(0.001)
        at_painted = next(frame for frame in frames if frame >= at_loaded)
        # Idle: the workers done (the claim form built, the checks run), then a last frame.
        await app.workers.wait_for_complete()
        await app.screen.wait_for_refresh()
        at_idle = time.perf_counter()
        stop.set()
        steps = await watcher
        await pilot.press("ctrl+q")
    longest = max((length for woke, length in steps if woke > at_painted), default=0.0)
    return Opening(at_loaded - start, at_painted - start, longest, at_idle - start)


def large_case_library() -> tuple[Path, Path]:
    """A library holding the large case, built once and kept; built again when the kept
    file no longer opens (a schema changed since it was built)."""
    from workbench.casefile.errors import CaseFileError
    from workbench.casefile.store import CaseFile

    folder = CACHE / "large-case"
    path = folder / "large.case.db"
    usable = path.exists()
    if usable:
        try:
            casefile = CaseFile.open(path, read_only=True)
            try:
                casefile.load()
            finally:
                casefile.close()
        except CaseFileError:
            usable = False
    if not usable:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        CaseFile.create(path, large_case()).close()
    return folder, path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--open-only", action="store_true",
                        help="Only (d): opening the large case.")
    arguments = parser.parse_args()
    runs = arguments.runs

    CACHE.mkdir(parents=True, exist_ok=True)
    timings: dict[str, list[float]] = {}
    if not arguments.open_only:
        timings = start_timings(runs)
    medians = {name: statistics.median(values) for name, values in timings.items()}

    folder, path = large_case_library()
    asyncio.run(time_opening(folder, path))  # imports and caches, as the library warms up
    openings: list[Opening] = []
    bare_openings: list[Opening] = []
    for _ in range(runs):
        bare_openings.append(asyncio.run(time_opening(folder, None)))
        openings.append(asyncio.run(time_opening(folder, path)))

    load = os.getloadavg()[0]
    print(f"\nTUI start to rows painted, whole process in a {SIZE[0]}x{SIZE[1]} pty; "
          f"median of {runs} runs (load average {load:.1f} on {os.cpu_count()} cores)\n")
    print(f"{'what':<38} {'median':>9} {'min':>9} {'max':>9} {'vs (a)':>8} {'budget':>8}")
    budgets = {"(b) workbench, 1,000 cases": 1.25, "(c) workbench, 10,000 cases": 1.5}
    for name, values in timings.items():
        ratio = medians[name] / medians["(a) bare app, DataTable 1,000 rows"]
        budget = budgets.get(name)
        verdict = "" if budget is None else f"{budget:.2f}x {'ok' if ratio <= budget else 'OVER'}"
        print(f"{name:<38} {medians[name] * 1000:>7.0f}ms {min(values) * 1000:>7.0f}ms "
              f"{max(values) * 1000:>7.0f}ms {ratio:>7.2f}x {verdict:>8}")
    print_opening(openings, bare_openings)


def start_timings(runs: int) -> dict[str, list[float]]:
    """(a) to (c): whole processes in a pseudo-terminal, interleaved, ``runs`` times each."""
    libraries = {count: build_library(count) for count in (1000, 10000)}
    config = CACHE / "no-config.toml"  # absent: the user's own config is never read
    env = {"WORKBENCH_CONFIG": str(config)}

    def bare(count: int) -> list[str]:
        return [PYTHON, "-c", BARE_APP, str(bare_rows_file(count))]

    def workbench(count: int) -> list[str]:
        return [PYTHON, "-m", "workbench", "--library", str(libraries[count])]

    cases = {
        "(a) bare app, DataTable 1,000 rows": bare(1000),
        "(b) workbench, 1,000 cases": workbench(1000),
        "(c) workbench, 10,000 cases": workbench(10000),
        "    bare app, DataTable 10,000 rows": bare(10000),
    }
    timings: dict[str, list[float]] = {name: [] for name in cases}
    for argv in cases.values():  # warm the disk cache and .pyc files
        time_to_marker(argv, MARKER, env)
    for _ in range(runs):
        for name, argv in cases.items():
            timings[name].append(time_to_marker(argv, MARKER, env))
    return timings


def print_opening(openings: list[Opening], bare_openings: list[Opening]) -> None:
    painted = [opening.painted for opening in openings]
    bare_painted = statistics.median(opening.painted for opening in bare_openings)
    open_median = statistics.median(painted)
    verdict = "ok" if open_median <= 0.25 else "OVER"
    print(f"{'(d) open case, 500 sources/100 sections':<38} {open_median * 1000:>7.0f}ms "
          f"{min(painted) * 1000:>7.0f}ms {max(painted) * 1000:>7.0f}ms "
          f"{'':>8} {'250ms ' + verdict:>8}")
    print(f"    in-process (App.run_test), to the first paint with the case; (d0) a bare "
          f"screen opened the same way: {bare_painted * 1000:.0f} ms, so (d) is "
          f"{open_median / bare_painted:.2f}x (d0)")
    for label, values in (
        ("loaded", [opening.loaded for opening in openings]),
        ("longest step after the paint", [opening.longest_step for opening in openings]),
        ("idle (form built, checks run)", [opening.idle for opening in openings]),
    ):
        print(f"    {label:<34} median {statistics.median(values) * 1000:>5.0f} ms, "
              f"max {max(values) * 1000:>5.0f} ms")


if __name__ == "__main__":
    main()
