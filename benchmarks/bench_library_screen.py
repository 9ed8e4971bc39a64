"""The library screen at 1,000 and at 1,000,000 index rows: first screen and peak memory.

    .venv/bin/python benchmarks/bench_library_screen.py [--runs N] [--sizes 1000,1000000]

Whole process, in a pseudo-terminal of 120x40 with the real terminal driver: the clock
starts when ``workbench --library DIR`` is spawned and stops when the newest row's claim
(its first words) appears in what the app wrote to the terminal (ANSI codes stripped):
Python's start, the imports, reading the index and the first paint of rows. Half a
second later (the refresh of the index and the warm-up imports that follow the first
paint have run) the process's peak resident memory (``VmHWM`` in ``/proc/PID/status``)
is read, then it is told to quit. Runs of the sizes are interleaved, so a busy machine
slows both alike; the medians are printed side by side with their ratio (issue 15's
target: 1.5x or less for both).

Each library is an index only, no case files: prior fact-checks written with
``Library.add_references`` and 1 % queued backlog claims with ``Library.queue``, from the
real claims in ../shared/datasets and generated ones that read like them
(``benchmarks.synthetic``), dated over 25 years; the newest is a marker row. Built once
(a million rows take a few minutes) and kept in the temporary folder
(``workbench-bench-library-screen``); built again when the index's layout changed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_tui import SIZE, run_to_marker
from benchmarks.synthetic import generated_claims, real_claims
from workbench.casefile.library import INDEX_VERSION, Library, ReferenceClaim
from workbench.formats.backlog import queued_claim
from workbench.model import Case, Claim

CACHE = Path(tempfile.gettempdir()) / "workbench-bench-library-screen"
PYTHON = sys.executable
#: The newest row's claim; its start on screen (a narrow claim column cuts the rest) is
#: the first paint of rows.
MARKER = "Quokkas were seen voting in the marker election"
SHOWN = MARKER[:24]
PUBLISHERS = ("PolitiFact", "Full Fact", "AFP Fact Check", "Snopes", "Correctiv",
              "Africa Check", "Maldita", "Boom Live")
RATINGS = ("False", "Mostly false", "Half true", "Mostly true", "True", "Misleading")
#: One row in this many is a queued backlog claim rather than a prior check.
QUEUED_EVERY = 100
#: How long after the first paint the peak memory is read (seconds).
SETTLE = 0.5


def claims(count: int) -> Iterator[tuple[str, str]]:
    """(claim, claimant): the real ones first, then generated ones, ``count`` in all."""
    real = real_claims()
    speakers = [speaker for _, speaker in real if speaker] or ["Someone"]
    yield from real[:count]
    rng = random.Random(15)
    for claim in generated_claims([text for text, _ in real], max(count - len(real), 0), 15):
        yield claim, rng.choice(speakers)


def build(count: int) -> Path:
    """A library folder whose index holds ``count`` rows; kept between runs."""
    folder = CACHE / f"library-{count}"
    done = folder / f"built-v{INDEX_VERSION}"
    if done.exists():
        library = Library(folder)
        if library.case_paths():  # a case opened from the queue by hand, say
            for path in library.case_paths():
                path.unlink()
            library.refresh(walk=True)
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    library = Library(folder)
    library.ensure_exists()
    rng = random.Random(count)
    start = time.perf_counter()
    references: list[ReferenceClaim] = []
    queued = []
    for number, (claim, claimant) in enumerate(claims(count - 1)):
        date = f"{rng.randrange(2000, 2025)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        rating = rng.choice(RATINGS)
        if number % QUEUED_EVERY == QUEUED_EVERY - 1:
            case = Case(title=claim[:80], claim=Claim(text=claim, claimant=claimant,
                                                      date_made=date))
            queued.append(queued_claim(case, f"bench:{number}"))
            continue
        publisher = rng.choice(PUBLISHERS)
        references.append(ReferenceClaim(
            claim=claim, claimant=claimant, date=date, rating=rating, publisher=publisher,
            url=f"https://{publisher.lower().replace(' ', '')}.example/{number}",
            language="en", origin=f"bench:{number}"))
    references.append(ReferenceClaim(claim=MARKER, claimant="A marker", date="2025-06-30",
                                     rating="False", publisher="PolitiFact",
                                     url="https://politifact.example/marker", origin="bench"))
    print(f"  {count:,} rows generated in {time.perf_counter() - start:.0f} s", flush=True)
    library.add_references(references)
    library.queue(queued)
    print(f"  written in {time.perf_counter() - start:.0f} s "
          f"({library.count():,} rows in the index)", flush=True)
    done.touch()
    return folder


def first_screen(folder: Path, env: dict[str, str], timeout: float = 60.0
                 ) -> tuple[float, int]:
    """Seconds from spawning the Workbench on ``folder`` to ``MARKER`` on its screen, and
    its peak resident memory (KiB) read ``SETTLE`` seconds later, just before it quits."""
    argv = [PYTHON, "-m", "workbench", "--library", str(folder)]
    return run_to_marker(argv, SHOWN, env, timeout=timeout, settle=SETTLE, inspect=_peak)


def _peak(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines()
                    if line.startswith("VmHWM:")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1000,1000000",
                        help="Index rows of the baseline and of the large library.")
    arguments = parser.parse_args()
    small, large = (int(size) for size in arguments.sizes.split(","))
    CACHE.mkdir(parents=True, exist_ok=True)
    folders = {}
    for count in (small, large):
        print(f"library of {count:,} rows", flush=True)
        folders[count] = build(count)
    env = {"WORKBENCH_CONFIG": str(CACHE / "no-config.toml")}  # absent: defaults
    for folder in folders.values():  # warm the disk cache and .pyc files
        first_screen(folder, env)
    times: dict[int, list[float]] = {count: [] for count in folders}
    peaks: dict[int, list[int]] = {count: [] for count in folders}
    for _ in range(arguments.runs):
        for count, folder in folders.items():
            seconds, peak = first_screen(folder, env)
            times[count].append(seconds)
            peaks[count].append(peak)

    load = os.getloadavg()[0]
    print(f"\nLibrary screen, whole process in a {SIZE[0]}x{SIZE[1]} pty; median of "
          f"{arguments.runs} runs (load average {load:.1f} on {os.cpu_count()} cores)\n")
    print(f"{'':<28} {f'{small:,} rows':>14} {f'{large:,} rows':>16} {'ratio':>7} "
          f"{'target':>8}")
    time_ratio = statistics.median(times[large]) / statistics.median(times[small])
    peak_ratio = statistics.median(peaks[large]) / statistics.median(peaks[small])
    print(f"{'time to first rows':<28} {statistics.median(times[small]) * 1000:>12.0f}ms "
          f"{statistics.median(times[large]) * 1000:>14.0f}ms {time_ratio:>6.2f}x "
          f"{'1.5x ' + ('ok' if time_ratio <= 1.5 else 'OVER'):>8}")
    print(f"{'peak memory (VmHWM)':<28} {statistics.median(peaks[small]) / 1024:>12.1f}MB "
          f"{statistics.median(peaks[large]) / 1024:>14.1f}MB {peak_ratio:>6.2f}x "
          f"{'1.5x ' + ('ok' if peak_ratio <= 1.5 else 'OVER'):>8}")
    print(f"\n(range: {min(times[small]) * 1000:.0f}-{max(times[small]) * 1000:.0f} ms and "
          f"{min(times[large]) * 1000:.0f}-{max(times[large]) * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
