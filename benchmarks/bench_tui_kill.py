"""Kill the workbench while it is being typed into, and see what of the typing is on disk.

    .venv/bin/python benchmarks/bench_tui_kill.py [--runs 2] [--seed 1]

The real workbench (``python -m workbench open FILE``, from this tree) runs in tmux (a
private server, 120x40). A section body is opened (F4, enter), one word is typed and given
time to save (so the editor is known to have the focus), then text is typed through
``tmux send-keys`` in one of three patterns:

- ``continuous``: one 7-character word every 20 ms, 350 characters a second (far above any
  typist, below what the app reads, and with no pause the 0.3 s autosave debounce could
  fall into);
- ``bursts``: the same speed for 0.5 to 2 s at a time, with 0.6 s pauses between bursts,
  as a writer stops to think;
- ``typist``: one character at a time, 0.05 to 0.25 s apart (a fast typist, whose pauses
  between keys are all shorter than the debounce).

At a random moment 1 to 4 s in, the workbench gets a signal: SIGKILL (a crash), SIGHUP
(``kill -HUP``), SIGTERM (a shutdown or ``kill``), or the terminal itself is closed
(``tmux kill-session``: the kernel hangs up the pty, as when an SSH connection drops).
Then the section body on disk is compared with what was typed before the signal: the
characters lost, and how many seconds of typing they were. Each run also says whether the
file opens for writing afterwards and whether a recovery file (``*.unsaved-*.json``) was
written. Every word typed is unique, so the body on disk must be a prefix of the typing.

A measurement for docs/reliability.md, not a test; skips with a message without tmux.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.crash_child import create_crash_file
from workbench.casefile.errors import CaseFileError
from workbench.casefile.store import CaseFile

REPO = Path(__file__).resolve().parent.parent
#: A private tmux server: no one else's sessions are touched.
SOCKET = "workbench-kill-bench"
ENDINGS = {"SIGKILL": signal.SIGKILL, "SIGHUP": signal.SIGHUP, "SIGTERM": signal.SIGTERM,
           "pty closed": None}
PATTERNS = ("continuous", "bursts", "typist")
#: Seconds between words in the machine-speed patterns: 350 characters a second, some 30
#: times a fast typist, yet well below what the app reads (about 870 a second on the
#: project machine), so no keys queue up unread and a pause in typing is a pause to the app.
WORD_GAP = 0.02
#: The section typed into: the first one, empty in a new crash case.
SECTION = 0


@dataclass
class Outcome:
    ending: str
    pattern: str
    typed: int = 0
    on_disk: int = 0
    #: Seconds from typing the first character missing on disk to the signal.
    lost_seconds: float = 0.0
    #: How long the process took to end after the signal (None: it did not, in 10 s).
    exit_seconds: float | None = None
    writable_after: bool = False
    recovery_files: int = 0
    #: The body on disk is not a prefix of what was typed.
    garbled: bool = False
    problem: str = ""

    @property
    def lost(self) -> int:
        return self.typed - self.on_disk


def tmux(*arguments: str, check: bool = True) -> str:
    done = subprocess.run(["tmux", "-L", SOCKET, *arguments], capture_output=True, text=True,
                          check=check)
    return done.stdout


def section_body(path: Path) -> str | None:
    """The typed section's body on disk; None while the file cannot be read."""
    try:
        with CaseFile.open(path, read_only=True) as case_file:
            return case_file.load().sections[SECTION].body
    except CaseFileError:
        return None


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _alive(pid: int) -> bool:
    """Whether the process still holds its files. A zombie main thread is not enough: a
    killed process's other threads close its files (and drop its locks) after it."""
    try:
        threads = os.listdir(f"/proc/{pid}/task")
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            state = stat.read().rpartition(") ")[2][:1]
    except FileNotFoundError:
        return False
    return len(threads) > 1 or state != "Z"


def _start(folder: Path, path: Path, session: str) -> int:
    # PYTHONPATH: the workbench of this tree, whichever one the venv has installed.
    environment = (f"env PYTHONPATH={REPO} WORKBENCH_USER=Typist "
                   f"XDG_CONFIG_HOME={folder / 'config'} XDG_DATA_HOME={folder / 'data'}")
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40",
         f"{environment} {sys.executable} -m workbench open {path}")
    pid = int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())
    if not _wait_for(lambda: "Sections" in tmux("capture-pane", "-p", "-t", session,
                                                 check=False), 20):
        raise RuntimeError("the workbench did not show the case within 20 s")
    return pid


def _words(start: int) -> str:
    return f"w{start:05d} "


def _keystrokes(pattern: str, rng: random.Random) -> Iterator[tuple[str, float]]:
    """What to type next, and how long to wait after it, for ever."""
    burst_ends = time.monotonic() + rng.uniform(0.5, 2.0)
    for word in itertools.count(1):
        if pattern == "typist":
            for character in _words(word):
                yield character, rng.uniform(0.05, 0.25)
            continue
        yield _words(word), WORD_GAP
        if pattern == "bursts" and time.monotonic() >= burst_ends:
            yield "", 0.6
            burst_ends = time.monotonic() + 0.6 + rng.uniform(0.5, 2.0)


def _open_editor(folder: Path, path: Path, session: str) -> int | None:
    """Start the workbench, open the section's editor and type one word into it; the pid
    once that word is on disk (so the editor has the focus and autosave works), else None."""
    pid = _start(folder, path, session)
    tmux("send-keys", "-t", session, "F4")
    time.sleep(0.5)
    tmux("send-keys", "-t", session, "Enter")
    time.sleep(0.5)
    tmux("send-keys", "-t", session, "-l", _words(0))
    if _wait_for(lambda: section_body(path) == _words(0), 5):
        return pid
    tmux("kill-session", "-t", session, check=False)
    return None


def one_run(folder: Path, ending: str, pattern: str, rng: random.Random, number: int
            ) -> Outcome:
    outcome = Outcome(ending, pattern)
    for attempt in range(3):
        path = folder / f"typed-{number:02d}-{attempt}.case.db"
        session = f"kill-{number}-{attempt}"
        create_crash_file(path)
        pid = _open_editor(folder, path, session)
        if pid is not None:
            break
    else:
        outcome.problem = "the first word never reached the file in 3 tries"
        return outcome
    try:
        typed = _words(0)
        sent: list[tuple[float, int]] = [(time.monotonic(), len(typed))]
        kill_at = time.monotonic() + rng.uniform(1.0, 4.0)
        keys = _keystrokes(pattern, rng)
        while time.monotonic() < kill_at:
            chunk, pause = next(keys)
            if chunk:
                tmux("send-keys", "-t", session, "-l", chunk)
                typed += chunk
                sent.append((time.monotonic(), len(typed)))
            time.sleep(max(0.0, min(pause, kill_at - time.monotonic())))
        signalled = time.monotonic()
        if ENDINGS[ending] is None:
            tmux("kill-session", "-t", session)
        else:
            os.kill(pid, ENDINGS[ending])
        if _wait_for(lambda: not _alive(pid), 10):
            outcome.exit_seconds = time.monotonic() - signalled
        else:
            os.kill(pid, signal.SIGKILL)
            _wait_for(lambda: not _alive(pid), 5)
        _measure(outcome, path, typed, sent, signalled)
    finally:
        tmux("kill-session", "-t", session, check=False)
    return outcome


def _measure(outcome: Outcome, path: Path, typed: str, sent: list[tuple[float, int]],
             signalled: float) -> None:
    body = section_body(path)
    if body is None:
        outcome.problem = "the file cannot be read after the signal"
        return
    outcome.typed, outcome.on_disk = len(typed), len(body)
    outcome.garbled = not typed.startswith(body)
    first_lost = next((at for at, length in sent if length > len(body)), signalled)
    outcome.lost_seconds = signalled - first_lost
    try:
        with CaseFile.open(path) as case_file:
            outcome.writable_after = not case_file.read_only
            outcome.problem = case_file.read_only_reason
    except CaseFileError as error:
        outcome.problem = str(error)
    outcome.recovery_files = len(list(path.parent.glob(f"{path.name}.unsaved-*.json")))


def report(outcomes: list[Outcome]) -> None:
    print(f"{'ending':<11} {'pattern':<10} {'typed':>6} {'on disk':>7} {'lost':>6} "
          f"{'lost s':>6} {'exit s':>6}  writable  recovery")
    for o in outcomes:
        exited = f"{o.exit_seconds:.2f}" if o.exit_seconds is not None else "never"
        note = f"  {o.problem}" if o.problem else ("  GARBLED" if o.garbled else "")
        print(f"{o.ending:<11} {o.pattern:<10} {o.typed:>6} {o.on_disk:>7} {o.lost:>6} "
              f"{o.lost_seconds:>6.2f} {exited:>6}  {'yes' if o.writable_after else 'NO':<8}  "
              f"{o.recovery_files}{note}")
    print()
    for ending in ENDINGS:
        mine = [o for o in outcomes if o.ending == ending and not o.problem]
        for pattern in PATTERNS:
            runs = [o for o in mine if o.pattern == pattern]
            if runs:
                print(f"{ending:<11} {pattern:<10} lost {sum(o.lost for o in runs)} of "
                      f"{sum(o.typed for o in runs)} characters typed, at most "
                      f"{max(o.lost_seconds for o in runs):.2f} s of typing, in {len(runs)} runs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=2, help="runs of each ending and pattern")
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    if shutil.which("tmux") is None:
        print("bench_tui_kill: skipped, tmux is not installed")
        return
    rng = random.Random(arguments.seed)
    folder = Path(tempfile.mkdtemp(prefix="bench-tui-kill-"))
    outcomes = []
    runs = [(ending, pattern) for _ in range(arguments.runs) for ending in ENDINGS
            for pattern in PATTERNS]
    try:
        for number, (ending, pattern) in enumerate(runs):
            outcomes.append(one_run(folder, ending, pattern, rng, number))
    finally:
        tmux("kill-server", check=False)
    report(outcomes)
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
