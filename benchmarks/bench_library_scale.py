"""Whole-process ``workbench match`` and ``list`` in a library of 1,000 and of 1,000,000
claims, beside ``python -c "import sqlite_utils"`` timed in the same run, and the import of
100,000 prior checks from a CSV file.

Each library (in a temporary folder) holds a few hundred real case files and, for the
rest, prior checks in its corpus, written by the importer's own writer
(``Library.add_references``). The claims are the real ones of ../shared/datasets
(LIAR-PLUS, AVeriTeC) followed by generated ones that read like them
(``synthetic.generated_claims``). Each command is timed as a user meets it, a new process
each run, median of ``RUNS``.

Targets (issue 15): match within 3x of the sqlite_utils import at 1,000,000 claims; list
the same at any size; 100,000 corpus rows imported in under 20 s.

    python benchmarks/bench_library_scale.py            # 1,000 and 1,000,000 (a few minutes)
    python benchmarks/bench_library_scale.py --quick    # 1,000 and 100,000; 20,000 imported
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import generated_claims, real_claims
from workbench.casefile.library import Library, ReferenceClaim
from workbench.casefile.store import CaseFile
from workbench.model import new_case

RUNS = 5
RATINGS = ("False", "Mostly False", "Half True", "Mostly True", "True", "Pants on Fire")


def median_s(command: list[str]) -> float:
    """Median wall time of ``command`` over RUNS runs, after one to warm the disk cache."""
    subprocess.run(command, check=True, capture_output=True)
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def claims_for(count: int) -> list[tuple[str, str]]:
    """``count`` (claim, claimant): the real ones first, then generated ones."""
    real = real_claims()
    if count <= len(real):
        return real[:count]
    made = generated_claims([claim for claim, _ in real], count - len(real), seed=15)
    return real + [(claim, f"Speaker {index % 20_000}") for index, claim in enumerate(made)]


def reference(index: int, claim: str, claimant: str) -> ReferenceClaim:
    return ReferenceClaim(
        claim=claim, claimant=claimant, date=f"{2000 + index % 25}-{1 + index % 12:02d}-"
        f"{1 + index % 28:02d}", rating=RATINGS[index % len(RATINGS)],
        publisher=("PolitiFact", "Snopes", "Full Fact", "AFP")[index % 4],
        url=f"https://checks.example/{index}", language="en", origin="benchmark")


def build_library(folder: Path, claims: list[tuple[str, str]], cases: int) -> float:
    """A library of ``cases`` case files and the rest of ``claims`` as its corpus;
    returns the seconds the corpus took to write."""
    library = Library(folder)
    library.ensure_exists()
    for claim, claimant in claims[:cases]:
        case = new_case(claim)
        case.claim.claimant = claimant
        CaseFile.create(library.path_for(case.title), case).close()
    library.refresh()
    start = time.perf_counter()
    library.add_references(reference(index, claim, claimant)
                           for index, (claim, claimant) in enumerate(claims[cases:], cases))
    seconds = time.perf_counter() - start
    # A folder stamp younger than the file system's clock tick is not trusted: let it age,
    # then let one command record it, as a library at rest is.
    time.sleep(0.2)
    library.refresh()
    return seconds


def import_seconds(folder: Path, claims: list[tuple[str, str]]) -> float:
    """Whole-process ``workbench corpus import`` of ``claims`` as a CSV file, once."""
    table = folder / "checks.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["claim", "claimant", "date", "rating", "publisher", "review_url"])
        for index, (claim, claimant) in enumerate(claims):
            record = reference(index, claim, claimant)
            writer.writerow([record.claim, record.claimant, record.date, record.rating,
                             record.publisher, record.url])
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "workbench", "--library", str(folder / "library"),
                    "corpus", "import", str(table)], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="1,000 and 100,000 claims; import 20,000 rows")
    arguments = parser.parse_args()
    sizes = (1_000, 100_000) if arguments.quick else (1_000, 1_000_000)
    imported = 20_000 if arguments.quick else 100_000
    cases = 50 if arguments.quick else 300

    start = time.perf_counter()
    claims = claims_for(max(sizes))
    # The query: a real claim of the library with a word dropped and two swapped.
    words = claims[cases // 2][0].split()
    query = " ".join([*words[:2], words[3], words[2], *words[4:]])
    print(f"claims generated: {len(claims):,} in {time.perf_counter() - start:.1f} s")
    print(f"query: {query[:70]}")

    with tempfile.TemporaryDirectory(prefix="bench-library-") as scratch:
        root = Path(scratch)
        seconds = import_seconds(root, claims[:imported])
        print(f"corpus import of {imported:,} CSV rows, whole process: {seconds:.1f} s "
              f"({imported / seconds:,.0f} rows/s; target < 20 s for 100,000)")
        print()
        print(f"{'claims':>10} {'write':>8} {'sqlite_utils':>13} {'match':>8} {'ratio':>6} "
              f"{'list 50':>8} {'ratio':>6} {'corpus list':>12} {'ratio':>6}")
        for size in sizes:
            folder = root / f"library-{size}"
            written = build_library(folder, claims[:size], cases)
            workbench = [sys.executable, "-m", "workbench", "--library", str(folder)]
            baseline = median_s([sys.executable, "-c", "import sqlite_utils"])
            matched = median_s([*workbench, "match", query])
            listed = median_s([*workbench, "list", "--limit", "50"])
            paged = median_s([*workbench, "corpus", "list", "--limit", "50"])
            print(f"{size:>10,} {written:>7.1f}s {baseline * 1000:>11.0f}ms "
                  f"{matched * 1000:>6.0f}ms {matched / baseline:>5.2f}x "
                  f"{listed * 1000:>6.0f}ms {listed / baseline:>5.2f}x "
                  f"{paged * 1000:>10.0f}ms {paged / baseline:>5.2f}x")
    print()
    print("write: the corpus written in-process (Library.add_references); match, list 50 "
          "(the 50 newest cases) and corpus list (the 50 newest prior checks): whole process, "
          f"median of {RUNS}; ratio: to python -c 'import sqlite_utils' (target <= 3x)")


if __name__ == "__main__":
    main()
