"""Case file speed: open and load a 500-source case, save one edit, export to JSON.

Saving includes recording the edit in the case's history (who changed what, before and
after): the same field edited again merges into its history row, another field adds one.

Prints medians of several runs. Budgets (DESIGN.md): open a case with 500 sources and 100
sections in <= 0.25 s to interactive (loading is the case file's share of that); save one
edit, committed with synchronous=FULL, in <= 2 ms.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import large_case
from workbench.casefile.store import CaseFile
from workbench.formats.case_json import case_to_json
from workbench.model import Event

RUNS = 15
#: Events in the history of the long-lived case.
HISTORY = 5000


def median_ms(action, runs: int = RUNS) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-casefile-"))
    case = large_case()
    path = folder / "large.case.db"
    create_ms = median_ms(lambda: None, 1)
    start = time.perf_counter()
    CaseFile.create(path, case).close()
    create_ms = (time.perf_counter() - start) * 1000

    def open_and_load() -> None:
        with CaseFile.open(path) as case_file:
            case_file.load()

    load_ms = median_ms(open_and_load)
    case_file = CaseFile.open(path)
    loaded = case_file.load()
    counter = iter(range(10**9))

    def save_one_edit() -> None:
        loaded.sources[250].notes = f"edit {next(counter)}"
        case_file.save(loaded)

    save_ms = median_ms(save_one_edit, 50)

    def save_another_field() -> None:
        # Each save edits another field than the last, so each appends a history row
        # (the edits above merge into one row, as typing does).
        step = next(counter)
        source = loaded.sources[250 + step % 2]
        source.title = f"title {step}"
        case_file.save(loaded)

    new_event_ms = median_ms(save_another_field, 50)

    def save_nothing() -> None:
        case_file.save(loaded)

    diff_ms = median_ms(save_nothing, 50)
    case_file.close()

    # A case worked on for months: the history is appended to, never compared, so its
    # length must not show in the save.
    long_path = folder / "long.case.db"
    case.events = [Event(at="2026-01-01T00:00:00Z", who="Ana", action="edit",
                         target_kind="source", target_id=case.sources[i % 500].id,
                         field="notes", before="before " * 8, after="after " * 8)
                   for i in range(HISTORY)]
    CaseFile.create(long_path, case).close()
    long_file = CaseFile.open(long_path)
    long_case = long_file.load()

    def save_with_history() -> None:
        long_case.sources[250].notes = f"edit {next(counter)}"
        long_file.save(long_case)

    long_ms = median_ms(save_with_history, 50)
    long_file.close()
    json_ms = median_ms(lambda: case_to_json(loaded))
    print(f"case: {len(case.sources)} sources, {len(case.sections)} sections, "
          f"{len(case.matrix)} matrix cells, {path.stat().st_size // 1024} KiB")
    print(f"create the file:           {create_ms:8.1f} ms")
    print(f"open + load:               {load_ms:8.1f} ms  (budget to interactive: 250 ms)")
    print(f"save one edit (FULL sync): {save_ms:8.2f} ms  (budget: 2 ms)")
    print(f"  of which diffing alone:  {diff_ms:8.2f} ms")
    print(f"save, each a new history row: {new_event_ms:5.2f} ms")
    print(f"save, {HISTORY:,} events of history: {long_ms:4.2f} ms")
    print(f"case to JSON:              {json_ms:8.1f} ms")


if __name__ == "__main__":
    main()
