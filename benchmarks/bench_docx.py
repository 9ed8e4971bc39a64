"""Word export speed: medians of several runs, beside the HTML export of the same case.

For the 500-source, 100-section benchmark case: building and rendering the .docx
in-process, the same for HTML (the baseline), and their ratio; then the .docx at 1,000,
4,000 and 10,000 sources and how the time grows (linear work: about 10 times as long for
10 times the sources); then ``workbench export --format docx -o`` as a whole process.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import large_case
from workbench.casefile.store import CaseFile
from workbench.config import Config
from workbench.formats.export import export_bytes

RUNS = 7
SCALES = ((1_000, 3), (4_000, 3), (10_000, 1))


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main() -> None:
    config = Config()
    case = large_case()
    docx_ms = median_ms(lambda: export_bytes(case, "docx", config=config))
    html_ms = median_ms(lambda: export_bytes(case, "html", config=config))
    size = len(export_bytes(case, "docx", config=config))
    print(f"500 sources, 100 sections: docx {docx_ms:.0f} ms, html {html_ms:.0f} ms "
          f"(docx/html {docx_ms / html_ms:.1f}x); file {size / 1024:.0f} KiB")
    timings = {}
    for sources, runs in SCALES:
        scaled = large_case(sources=sources)
        timings[sources] = median_ms(lambda s=scaled: export_bytes(s, "docx", config=config),
                                     runs)
        print(f"{sources:>6,} sources: docx {timings[sources]:.0f} ms")
    print(f"growth 1,000 -> 10,000 sources: {timings[10_000] / timings[1_000]:.1f}x")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.case.db"
        CaseFile.create(path, case).close()
        command = [sys.executable, "-m", "workbench", "export", str(path), "--format", "docx",
                   "--force", "-o", str(Path(folder) / "out.docx")]
        walls = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            walls.append((time.perf_counter() - start) * 1000)
        print(f"workbench export --format docx (500 sources), whole process: "
              f"{statistics.median(walls):.0f} ms")


if __name__ == "__main__":
    main()
