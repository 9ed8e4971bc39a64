"""Crash harness, large run: SIGKILL a case-file writer again and again; count what is lost.

    .venv/bin/python benchmarks/bench_crash.py [--kills 1000] [--readers none,sqlite,...]
                                               [--seed 1] [--keep DIR]

Each kill is one round of ``benchmarks/crash_harness.py``: a writer saving the
workbench's edits in a loop (``crash_child.py``) is killed with SIGKILL after a random
delay, while an outside reader opens and closes the file in a loop (or none does), and the
file is then checked: ``PRAGMA integrity_check``, a writable ``CaseFile.open`` (a dead
writer's lock must not block it), and the last save the writer logged must be in the case
it loads. The readers are taken in turn: none; Python's ``sqlite3``; the ``sqlite3`` shell
(``sqlite3 FILE .tables``, when installed); the Workbench's own read-only open, ``check`` and
``export``, which must never call the healthy file damaged. Each file takes 25 kills.

Prints the kills, outside reads, reader refusals, files checked, saves logged, saves
lost, corrupt files, locks left blocking, and the time taken. Exits 1 when a save was
lost, a file was corrupt or a lock blocked: those are broken promises, not slow figures.
About 0.3 s a kill: the default 1,000 take about five minutes on two cores.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.crash_harness import Totals, available_readers, run_kills


def report(totals: Totals, seconds: float, readers: tuple[str, ...]) -> None:
    print(f"kills                 {totals.kills}")
    reads = ", ".join(f"{reader} {totals.reads_by_reader.get(reader, 0)}"
                      for reader in readers if reader != "none")
    print(f"outside reads done    {totals.reads} ({reads})")
    print(f"reader refusals       {len(totals.refusals)}")
    print(f"files checked         {totals.files_checked}")
    print(f"saves logged          {totals.saves_logged}")
    failed = ", ".join(f"{reader} {totals.failed_by_reader.get(reader, 0)}" for reader in readers)
    print(f"saves lost            {totals.saves_lost} (kills after which a check failed: "
          f"{failed})")
    print(f"corrupt files         {totals.corrupt}")
    print(f"locks left blocking   {totals.blocked}")
    print(f"time                  {seconds:.0f} s ({seconds / max(totals.kills, 1):.2f} s a kill)")
    _most_common("refusals", totals.refusals)
    _most_common("writer's notes", totals.writer_notes)
    for failure in totals.failures[:10]:
        print(f"  failed: {failure}")
    if len(totals.failures) > 10:
        print(f"  ... and {len(totals.failures) - 10} more")


def _most_common(title: str, lines: list[str]) -> None:
    if not lines:
        return
    print(f"{title} (most common):")
    for line, count in Counter(_without_paths(line) for line in lines).most_common(5):
        print(f"  {count:5d}  {line[:160]}")


def _without_paths(line: str) -> str:
    """The same refusal for another file is the same refusal."""
    return " ".join("FILE" if ".case.db" in word else word for word in line.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--readers", default=",".join(available_readers()),
                        help="reader kinds taken in turn (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="work in this folder and leave it there")
    arguments = parser.parse_args()
    readers = tuple(arguments.readers.split(","))
    unknown = set(readers) - set(available_readers())
    if unknown:
        parser.error(f"unknown or unavailable readers: {', '.join(sorted(unknown))}")
    folder = arguments.keep or Path(tempfile.mkdtemp(prefix="bench-crash-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"crash harness: {arguments.kills} kills, readers {', '.join(readers)}, "
          f"seed {arguments.seed}, in {folder}", flush=True)
    started = time.perf_counter()

    def progress(totals: Totals) -> None:
        if totals.kills % 100 == 0:
            print(f"  {totals.kills} kills, {totals.saves_lost} saves lost, "
                  f"{totals.corrupt} corrupt", file=sys.stderr, flush=True)

    totals = run_kills(folder, arguments.kills, readers=readers, seed=arguments.seed,
                       progress=progress)
    report(totals, time.perf_counter() - started, readers)
    if totals.failures:
        print(f"failed files kept in {folder / 'failed'}")
    elif not arguments.keep:
        shutil.rmtree(folder)
    sys.exit(1 if totals.saves_lost or totals.corrupt or totals.blocked else 0)


if __name__ == "__main__":
    main()
