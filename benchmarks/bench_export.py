"""Article export speed for a 500-source, 100-section case: medians of several runs.

Budget (DESIGN.md): ``workbench export`` of a 500-source case to HTML, whole process,
<= 0.4 s. Printed here: building and rendering in-process; the import cost of the HTML
exporter in a fresh interpreter; the same pipeline the CLI runs (open the case file, load,
build, render, write) in a fresh interpreter; and ``workbench export --format html`` itself
once the CLI offers it.

Then exports at scale: what ``workbench export`` does in-process (the readiness checks, then
building and rendering the article) for 1,000, 4,000 and 10,000 sources, in Markdown and
HTML, and how the time grows: linear work takes about 10 times as long for 10 times the
sources (budget: 10,000 sources under 5 s).
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import large_case
from workbench.analysis.checks import run_checks
from workbench.casefile.store import CaseFile
from workbench.config import Config
from workbench.formats.article import build_article
from workbench.formats.export import render
from workbench.formats.html_export import render_html
from workbench.formats.markdown_export import render_markdown
from workbench.formats.text_export import render_text

RUNS = 15
BUDGET_S = 0.4
#: Sources in each case of the scaling table, and the runs whose median is printed.
SCALES = ((1_000, 5), (4_000, 3), (10_000, 3))
SCALE_FORMATS = ("md", "html")
SCALE_BUDGET_S = 5.0

#: What ``workbench export FILE --format html -o OUT`` does, without the CLI around it.
PIPELINE = """
import sys
from pathlib import Path
from workbench.casefile.store import CaseFile
from workbench.formats.article import build_article
from workbench.formats.html_export import render_html
with CaseFile.open(Path(sys.argv[1]), read_only=True) as case_file:
    case = case_file.load()
Path(sys.argv[2]).write_text(render_html(build_article(case)), "utf-8")
"""


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def process_ms(command: list[str], runs: int = RUNS) -> tuple[float, float] | None:
    """Median wall and CPU (user + system) milliseconds of a fresh process; None if it fails.

    CPU time is printed too because wall time swings when other work shares the 2 cores.
    """
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        if subprocess.run(command, capture_output=True).returncode != 0:
            return None
        walls.append((time.perf_counter() - start) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def show(name: str, timing: tuple[float, float], note: str = "") -> None:
    wall, cpu = timing
    print(f"process: {name + ':':<26} {wall:7.1f} ms wall {cpu:7.1f} ms CPU  {note}".rstrip())


def export_s(sources: int, format_name: str, runs: int) -> float:
    """Median seconds of the checks, then the article built and rendered, as the CLI does."""
    case = large_case(sources=sources)
    config = Config()

    def export() -> None:
        draft = any(f.severity.value == "error" for f in run_checks(case, scales=config.scales))
        render(case, format_name, config=config, draft=draft)

    export()  # the first run pays for imports and caches
    return median_ms(export, runs) / 1000


def scaling() -> None:
    print(f"\nexports at scale: checks + build + render in-process, median seconds "
          f"(budget {SCALE_BUDGET_S:.0f} s at 10,000 sources)")
    print(f"{'sources':>9}" + "".join(f"{name:>10}" for name in SCALE_FORMATS))
    seconds: dict[tuple[int, str], float] = {}
    for sources, runs in SCALES:
        for name in SCALE_FORMATS:
            seconds[sources, name] = export_s(sources, name, runs)
        print(f"{sources:>9,}" + "".join(f"{seconds[sources, name]:>10.2f}"
                                         for name in SCALE_FORMATS))
    (small, _), (large, _) = SCALES[0], SCALES[-1]
    ratios = ", ".join(f"{name} {seconds[large, name] / seconds[small, name]:.1f}x"
                       for name in SCALE_FORMATS)
    print(f"{large:,} / {small:,} sources: {ratios} (linear: ~{large // small}x)")


def main() -> None:
    case = large_case()
    print(f"case: {len(case.sources)} sources, {len(case.sections)} sections, "
          f"{len(case.matrix)} matrix cells")
    article = build_article(case)
    size = len(render_html(article))
    for name, action in (
        ("build_article", lambda: build_article(case)),
        ("render_html", lambda: render_html(article)),
        ("build + render_html", lambda: render_html(build_article(case))),
        ("render_markdown", lambda: render_markdown(article)),
        ("render_text", lambda: render_text(article)),
    ):
        print(f"in-process {name + ':':<22} {median_ms(action):7.1f} ms")
    print(f"HTML size: {size:,} characters")

    python = sys.executable
    bare = process_ms([python, "-c", "pass"])
    imports = process_ms([python, "-c", "import workbench.formats.html_export"])
    assert bare is not None and imports is not None
    show("bare python", bare)
    show("import html_export", imports)

    folder = Path(tempfile.mkdtemp(prefix="bench-export-"))
    path = folder / "large.case.db"
    CaseFile.create(path, case).close()
    output = folder / "large.html"
    pipeline = process_ms([python, "-c", PIPELINE, str(path), str(output)])
    assert pipeline is not None, "the export pipeline failed"
    show("load + build + render", pipeline, f"(budget {BUDGET_S * 1000:.0f} ms for the CLI)")
    cli = process_ms([python, "-m", "workbench", "export", str(path), "--format", "html",
                      "-o", str(output)])
    assert cli is not None, "workbench export failed"
    verdict = "within" if cli[0] <= BUDGET_S * 1000 else "OVER"
    show("workbench export html", cli, f"({verdict} budget)")
    scaling()


if __name__ == "__main__":
    main()
