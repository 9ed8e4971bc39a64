"""Whole-process time of `workbench --help` against a bare Python, median of several runs.

Budget (DESIGN.md): <= 0.15 s, with neither textual nor sqlite_utils imported.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 15


def median_s(command: list[str]) -> float:
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    bare = median_s([sys.executable, "-c", "pass"])
    help_ = median_s([sys.executable, "-m", "workbench", "--help"])
    listing = median_s([sys.executable, "-c", "import workbench.cli, sys; "
                        "print('textual' in sys.modules or 'sqlite_utils' in sys.modules)"])
    print(f"bare python:       {bare * 1000:7.1f} ms")
    print(f"workbench --help:  {help_ * 1000:7.1f} ms  (budget 150 ms; "
          f"{help_ / bare:.2f}x bare python)")
    print(f"import cli only:   {listing * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
