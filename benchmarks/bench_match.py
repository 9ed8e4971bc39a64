"""Claim matching at 1,000, 10,000 and 100,000 prior claims: speed and recall.

Budget (DESIGN.md): <= 50 ms a query at 100,000 claims, against about 0.9 s for a naive
``thefuzz.process.extract`` over every claim. Recall must be no worse than the naive way.

The libraries are index databases filled directly (through the index's own writer), not
100,000 case files: the query never touches the case files. Claims are the real ones in
../shared/datasets (LIAR-PLUS val2 + test2 statements, AVeriTeC dev claims), topped up
with generated ones: a real claim's first words joined to another's last words, or a
real claim with a few words swapped for words of other claims. Queries are real claims
mangled the way people mangle them: a typo, a dropped word, two words swapped, changed
case; and, harder, five such changes at once. A query counts as found when its original
claim is among the top 5 (r@5) or first (r@1).

Then the library filter as the library screen runs it at 2,000 cases (the most it filters
between two keystrokes on the UI thread): a word or two (``fuzzy_filter``), a retyped
claim (``claim_filter``, in a worker), and the new-case dialog's similar claims for the
same words (``similar_cases``). ``--filter-only`` runs just that part.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thefuzz import process

from benchmarks.synthetic import DATASETS, liar_statements
from workbench.analysis.matching import LibraryCases, match_claims, similar_cases
from workbench.casefile.library import Library, open_index, store_entry
from workbench.tui.case_table import claim_filter, fuzzy_filter, haystack, is_claim_query

SIZES = (1_000, 10_000, 100_000)
#: The library screen filters up to this many cases on the UI thread (SYNC_FILTER_LIMIT).
FILTER_SIZE = 2_000
QUERIES = 100
#: The naive way takes about a second a query at 100,000 claims: time it on fewer there.
NAIVE_QUERIES = {1_000: 100, 10_000: 100, 100_000: 30}
SEED = 20260101
KINDS = ("typo", "dropped word", "swapped words", "changed case")


def real_claims() -> list[tuple[str, str]]:
    """(claim, claimant) of every real claim at hand, without repeats."""
    claims = [(statement, speaker) for statement, speaker, _ in liar_statements()]
    averitec = DATASETS / "averitec-dev.json"
    if averitec.exists():
        for record in json.loads(averitec.read_text(encoding="utf-8")):
            claims.append((record["claim"], record.get("speaker") or ""))
    unique = {claim.strip(): speaker for claim, speaker in claims if claim.strip()}
    return list(unique.items())


def generated_claims(real: list[str], count: int, rng: random.Random) -> list[str]:
    """``count`` new claims made of the words of real ones, none equal to a real one."""
    vocabulary = [word for claim in real for word in claim.split()]
    seen = set(real)
    made: list[str] = []
    while len(made) < count:
        first = rng.choice(real).split()
        if rng.random() < 0.5:
            second = rng.choice(real).split()
            words = first[: max(1, len(first) // 2)] + second[len(second) // 2:]
        else:
            words = list(first)
            for _ in range(3):
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
        claim = " ".join(words)
        if claim not in seen:
            seen.add(claim)
            made.append(claim)
    return made


def perturb(claim: str, kind: str, rng: random.Random) -> str:
    """``claim`` with one change of the given kind (see KINDS)."""
    words = claim.split()
    if kind == "typo":
        long_words = [i for i, word in enumerate(words) if len(word) >= 4] or [0]
        i = rng.choice(long_words)
        word = words[i]
        at = rng.randrange(1, max(2, len(word) - 1))
        edits = [
            word[:at - 1] + word[at] + word[at - 1] + word[at + 1:],  # transposed letters
            word[:at] + word[at + 1:],  # a letter dropped
            word[:at] + rng.choice("aeiourstn") + word[at + 1:],  # a letter mistyped
            word[:at] + rng.choice("aeiourstn") + word[at:],  # a letter too many
        ]
        words[i] = rng.choice(edits)
    elif kind == "dropped word":
        del words[rng.randrange(len(words))]
    elif kind == "swapped words":
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    else:
        return rng.choice([claim.upper(), claim.lower(), claim.title()])
    return " ".join(words)


def build_library(folder: Path, claims: list[tuple[str, str]]) -> Library:
    """A library whose index holds ``claims`` as if each were a case file."""
    library = Library(folder)
    library.ensure_exists()
    connection = open_index(library.index_path)
    connection.execute("BEGIN")
    for number, (claim, claimant) in enumerate(claims):
        # A new case's title is its claim (workbench.model.new_case).
        summary = (claim, claim, claimant, "published", "", "2025-01-01T00:00:00Z")
        store_entry(connection, str(folder / f"claim-{number}.case.db"), summary, "")
    connection.execute("COMMIT")
    connection.close()
    return library


def timed(action: Callable[[], list[str]]) -> tuple[float, list[str]]:
    start = time.perf_counter()
    found = action()
    return (time.perf_counter() - start) * 1000, found


def measure(library: Library, claims: list[str], queries: list[tuple[str, str]],
            naive_queries: int) -> str:
    """One row of the table: ours on every query, the naive way on the first few."""
    ours, ours_ranks = [], []
    for query, original in queries:
        match_claims(library, query, refresh=False)  # warm the page cache
        ms, found = timed(lambda q=query: [m.claim for m in match_claims(
            library, q, refresh=False)])
        ours.append(ms)
        ours_ranks.append(rank_of(original, found))
    naive, naive_ranks = [], []
    for query, original in queries[:naive_queries]:
        ms, found = timed(lambda q=query: [c for c, _ in process.extract(q, claims, limit=5)])
        naive.append(ms)
        naive_ranks.append(rank_of(original, found))
    return (f"{statistics.median(ours):>7.1f} {statistics.quantiles(ours, n=20)[-1]:>5.1f} "
            f"{recall(ours_ranks, 5):>5} {recall(ours_ranks, 1):>5} | "
            f"{statistics.median(naive):>8.1f} "
            f"{recall(naive_ranks, 5):>5} {recall(naive_ranks, 1):>5} {len(naive):>7} "
            f"{recall(ours_ranks[: len(naive)], 5):>8} | "
            f"{statistics.median(naive) / statistics.median(ours):>6.0f}x")


def filter_timings() -> None:
    """The library filter and the similar claims at FILTER_SIZE cases: median and p95 ms."""
    rng = random.Random(SEED)
    real = real_claims()
    population = rng.sample(real, FILTER_SIZE)
    texts = [claim for claim, _ in population]
    words = [word for claim in texts for word in claim.split() if len(word) > 3]
    short = [" ".join(rng.sample(words, rng.choice((1, 2)))) for _ in range(QUERIES)]
    long = [perturb(claim, KINDS[i % 4], rng)
            for i, claim in enumerate(rng.sample(texts, QUERIES))]
    with tempfile.TemporaryDirectory(prefix="bench-filter-") as temporary:
        library = build_library(Path(temporary), population)
        entries = library.entries()
        start = time.perf_counter()
        haystacks = [haystack(entry) for entry in entries]
        prepare = (time.perf_counter() - start) * 1000
        cases = LibraryCases(library)

        def library_filter(query: str) -> list[int]:
            if is_claim_query(query):
                return claim_filter(library.folder, entries, haystacks, query)
            return fuzzy_filter(haystacks, query)

        print(f"\nThe library filter at {FILTER_SIZE:,} cases ({QUERIES} queries each; "
              f"preparing the texts once per load: {prepare:.1f} ms)\n")
        print(f"{'query':<34} {'median ms':>9} {'p95':>6}")
        for name, queries, action in (
            ("a word or two (UI thread)", short, library_filter),
            ("a retyped claim (worker)", long, library_filter),
            ("similar claims, a word or two", short,
             lambda q: similar_cases(cases, q, 5)),
            ("similar claims, a retyped claim", long,
             lambda q: similar_cases(cases, q, 5)),
        ):
            times = [timed(lambda q=query, f=action: f(q))[0] for query in queries]
            print(f"{name:<34} {statistics.median(times):>9.1f} "
                  f"{statistics.quantiles(times, n=20)[-1]:>6.1f}", flush=True)


def main() -> None:
    if "--filter-only" in sys.argv:
        filter_timings()
        return
    rng = random.Random(SEED)
    real = real_claims()
    real_texts = [claim for claim, _ in real]
    originals = rng.sample([c for c in real_texts if len(c.split()) >= 5], QUERIES)
    query_sets = {
        # One change each, the four kinds in turn.
        "one change": [(perturb(claim, KINDS[i % 4], rng), claim)
                       for i, claim in enumerate(originals)],
        # Three typos, a dropped word and two words swapped, all in one query.
        "five changes": [(mangle_hard(claim, rng), claim) for claim in originals],
    }
    extra = generated_claims(real_texts, max(SIZES) - len(real), rng)
    print(f"{len(real):,} real claims (LIAR-PLUS val2+test2, AVeriTeC dev), topped up with "
          "generated ones.\nThe indexes are filled directly, not from case files. "
          f"{QUERIES} real claims, mangled by:\none change ({', '.join(KINDS)}, "
          "in turn), or five changes (three typos, a dropped word, a swap).\n")
    header = (f"{'claims':>8} {'queries':<12} | {'ours ms':>7} {'p95':>5} {'r@5':>5} {'r@1':>5} "
              f"| {'naive ms':>8} {'r@5':>5} {'r@1':>5} {'queries':>7} {'ours r@5':>8} | "
              f"{'speedup':>7}")
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory(prefix="bench-match-") as temporary:
        for size in SIZES:
            # Every query's original is in; the rest is filled up with other real claims,
            # then generated ones, all shuffled: neither method may gain from the order.
            kept = set(originals)
            population = [pair for pair in real if pair[0] in kept]
            population += [pair for pair in real if pair[0] not in kept]
            population += [(claim, "") for claim in extra]
            population = population[:size]
            rng.shuffle(population)
            library = build_library(Path(temporary) / str(size), population)
            claims = [claim for claim, _ in population]
            for name, queries in query_sets.items():
                row = measure(library, claims, queries, NAIVE_QUERIES[size])
                print(f"{size:>8,} {name:<12} | {row}", flush=True)
    print("\nours: match_claims (FTS5 prefilter, fuzzy rerank); naive: thefuzz.process.extract"
          "\nover every claim. r@5, r@1: share of queries whose original claim is in the top 5,"
          "\nor first. 'ours r@5': ours on just the queries the naive way was timed on."
          "\nBudget: <= 50 ms a query at 100,000 claims.")
    filter_timings()


def mangle_hard(claim: str, rng: random.Random) -> str:
    for kind in ("typo", "typo", "typo", "dropped word", "swapped words"):
        claim = perturb(claim, kind, rng)
    return claim


def rank_of(original: str, found: list[str]) -> int | None:
    return found.index(original) if original in found else None


def recall(ranks: list[int | None], within: int) -> str:
    hits = sum(1 for rank in ranks if rank is not None and rank < within)
    return f"{hits / len(ranks):.0%}"

if __name__ == "__main__":
    main()
