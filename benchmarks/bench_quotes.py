"""The exact quote check's cost on a 500-source, 100-section case: medians of several runs.

The readiness checks run on every pause in typing, so their cost is felt. Here they run
on the synthetic case without quotations (the baseline, in the same process) and with
three quotations per cited source in every body section: one verbatim, one with a marked
elision, one misquoted (a word changed to "never"). The misquotes take the slow path
(the word alignment that names what differs); the others only the linear search.
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import large_case
from workbench.analysis.checks import run_checks
from workbench.analysis.quotes import find_quotes
from workbench.model import Case, SectionKind

RUNS = 7
_CITATION = re.compile(r"\[(\d+)\]")


def quoted_case(per_section: int = 3) -> Case:
    """The synthetic case with quotations of its cited sources' excerpts added."""
    case = large_case(sources=500)
    rng = random.Random(7)
    by_number = {source.number: source for source in case.sources}
    for section in case.sections:
        cited = [int(n) for n in _CITATION.findall(section.body)]
        if section.kind is not SectionKind.BODY or not cited:
            continue
        added = []
        for _ in range(per_section):
            number = rng.choice(cited)
            words = by_number[number].excerpts[0].split() if by_number[number].excerpts else []
            if len(words) < 14:
                continue
            start = rng.randrange(0, len(words) - 12)
            quote = words[start:start + 12]
            wrong = [*quote[:6], "always" if quote[6] == "never" else "never", *quote[7:]]
            added += [f'It said "{" ".join(quote)}" [{number}].',
                      f'It said "{" ".join(quote[:4])} … {" ".join(quote[8:])}" [{number}].',
                      f'It said "{" ".join(wrong)}" [{number}].']
        section.body += " " + " ".join(added)
    return case


def median_ms(run: Callable[[], object]) -> tuple[float, float, float]:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times), max(times)


def main() -> None:
    plain = large_case(sources=500)
    quoted = quoted_case()
    quotations = sum(len(find_quotes(section.body)) for section in quoted.sections)
    flagged = sum(finding.code == "quote-not-in-source" for finding in run_checks(quoted))
    baseline = median_ms(lambda: run_checks(plain))
    with_quotes = median_ms(lambda: run_checks(quoted))
    print(f"\nReadiness checks, 500 sources / 100 sections, median of {RUNS} runs")
    print(f"{'what':<44} {'median':>8} {'min':>8} {'max':>8} {'vs (a)':>7}")
    for label, (median, low, high) in (
        ("(a) no quotations", baseline),
        (f"(b) {quotations} quotations, {flagged} misquoted", with_quotes),
    ):
        print(f"{label:<44} {median:>6.0f}ms {low:>6.0f}ms {high:>6.0f}ms "
              f"{median / baseline[0]:>6.1f}x")


if __name__ == "__main__":
    main()
