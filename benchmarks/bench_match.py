"""Claim matching at 1,000 to 1,000,000 prior claims: speed and recall.

Budget (DESIGN.md, issue 15): <= 50 ms a query at 100,000 claims, tens of ms at 1,000,000
(the whole ``workbench match`` within 3x of importing sqlite_utils), against about 0.9 s
(100,000) or 10 s (1,000,000) a query for a naive ``thefuzz.process.extract`` over every
claim. Recall must be no worse than the naive way's; at 1,000,000 claims r@5 >= 98 % and
r@1 >= 90 % on queries with several changes.

The libraries are index databases filled directly (through the index's own writer), not
a million case files: the query never touches the case files. Claims are the real ones in
../shared/datasets (LIAR-PLUS val2 + test2 statements, AVeriTeC dev claims), topped up
with generated ones that read like them, with a long tail of made-up names and terms as a
large corpus has (``benchmarks.synthetic.generated_claims``). Queries are held-out real
claims mangled the way people mangle them: one change (a typo, a dropped word, two words
swapped, changed case, in turn); several (a dropped word, a swap, a typo and two words
put another way, from SYNONYMS); five (three typos, a dropped word and a swap). A query
counts as found when its original claim is among the top 5 (r@5) or first (r@1); "in
cands" says how often it is among the candidates the full-text pass hands the scorer.

Then the library filter as the library screen runs it at 2,000 cases (the most it filters
between two keystrokes on the UI thread): a word or two (``fuzzy_filter``), a retyped
claim (``claim_filter``, in a worker), and the new-case dialog's similar claims for the
same words (``similar_cases``). ``--filter-only`` runs just that part.

Options: ``--quick`` (1,000 to 100,000 claims, 100 queries), ``--sizes 1000,1000000``,
``--queries N``, ``--seed N`` (another draw of held-out queries), ``--no-naive``,
``--filter-only``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thefuzz import process

from benchmarks.synthetic import generated_claims, real_claims
from workbench.analysis.matching import CANDIDATES, LibraryCases, match_claims, similar_cases
from workbench.casefile.library import Library, open_index, store_entry
from workbench.text import normalise_text
from workbench.tui.case_table import claim_filter, fuzzy_filter, haystack, is_claim_query

SIZES = (1_000, 10_000, 100_000, 1_000_000)
QUICK_SIZES = (1_000, 10_000, 100_000)
#: The library screen filters up to this many cases on the UI thread (SYNC_FILTER_LIMIT).
FILTER_SIZE = 2_000
QUERIES = 200
QUICK_QUERIES = 100
#: The naive way takes about a second a query at 100,000 claims and ten at 1,000,000:
#: time it on fewer there.
NAIVE_QUERIES = {1_000: 100, 10_000: 100, 100_000: 20, 1_000_000: 8}
SEED = 20260101
KINDS = ("typo", "dropped word", "swapped words", "changed case")
#: Words a writer puts another way when retyping a claim: two of them per query with
#: several changes (a claim needs two of these words to be drawn for those queries).
SYNONYMS = {
    "says": "claims", "said": "stated", "percent": "per cent", "million": "mn",
    "billion": "bn", "government": "administration", "federal": "national",
    "increase": "rise", "increased": "rose", "decrease": "fall", "more": "extra",
    "than": "then", "people": "persons", "state": "region", "states": "regions",
    "president": "leader", "country": "nation", "years": "yrs", "year": "yr",
    "money": "cash", "tax": "levy", "taxes": "levies", "jobs": "positions",
    "job": "position", "children": "kids", "voted": "cast a vote", "vote": "ballot",
    "pay": "wage", "paid": "spent", "spending": "expenditure", "cut": "slashed",
    "cuts": "reductions", "law": "legislation", "bill": "measure", "health": "medical",
    "care": "treatment", "school": "academy", "schools": "academies",
    "students": "pupils", "workers": "employees", "women": "females", "men": "males",
    "only": "just", "most": "majority of", "all": "every", "new": "fresh",
    "first": "initial", "since": "after", "under": "beneath", "about": "around",
    "over": "above", "never": "not once", "every": "each", "many": "numerous",
    "big": "large", "largest": "biggest", "highest": "top", "lowest": "bottom",
    "number": "count", "half": "fifty percent", "nearly": "almost", "almost": "nearly",
    "because": "since", "show": "prove", "shows": "proves", "video": "footage",
    "photo": "picture", "died": "perished", "killed": "slain", "doctors": "physicians",
    "police": "officers", "city": "town", "world": "globe", "america": "the us",
    "american": "us", "americans": "us citizens", "texas": "tx", "florida": "fl",
    "obama": "barack obama", "trump": "donald trump", "covid": "coronavirus",
}


def generated_population(real: list[str], claimants: list[str], count: int,
                         seed: int) -> list[tuple[str, str]]:
    """``count`` generated (claim, claimant) pairs, claimants drawn from the real ones."""
    rng = random.Random(seed)
    return [(claim, rng.choice(claimants))
            for claim in generated_claims(real, count, seed)]


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


def build_library(folder: Path, claims: list[tuple[str, str]]) -> tuple[Library, float]:
    """A library whose index holds ``claims`` as if each were a case file, and the
    seconds it took to build."""
    start = time.perf_counter()
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
    return library, time.perf_counter() - start


def timed(action: Callable[[], list[str]]) -> tuple[float, list[str]]:
    start = time.perf_counter()
    found = action()
    return (time.perf_counter() - start) * 1000, found


def measure(library: Library, claims: list[str], queries: list[tuple[str, str]],
            naive_queries: int) -> str:
    """One row of the table: ours on every query, the naive way on the first few."""
    in_candidates, candidate_ms = [], []
    ours, ours_ranks = [], []
    for query, original in queries:
        match_claims(library, query, refresh=False)  # warm the page cache
        ms, found = timed(lambda q=query: [candidate.entry.claim for candidate in
                                           library.claim_candidates(normalise_text(q).split(),
                                                                    limit=CANDIDATES)])
        candidate_ms.append(ms)
        in_candidates.append(0 if original in found else None)
        ms, found = timed(lambda q=query: [m.claim for m in match_claims(
            library, q, refresh=False)])
        ours.append(ms)
        ours_ranks.append(rank_of(original, found))
    naive, naive_ranks = [], []
    for query, original in queries[:naive_queries]:
        ms, found = timed(lambda q=query: [c for c, _ in process.extract(q, claims, limit=5)])
        naive.append(ms)
        naive_ranks.append(rank_of(original, found))
    naive_part = (f"{statistics.median(naive):>8.1f} {recall(naive_ranks, 5):>5} "
                  f"{recall(naive_ranks, 1):>5} {len(naive):>7} "
                  f"{recall(ours_ranks[: len(naive)], 5):>8} | "
                  f"{statistics.median(naive) / statistics.median(ours):>6.0f}x"
                  if naive else f"{'-':>8} {'-':>5} {'-':>5} {0:>7} {'-':>8} | {'-':>7}")
    return (f"{recall(in_candidates, 1):>5} {statistics.median(candidate_ms):>6.1f} | "
            f"{statistics.median(ours):>7.1f} {statistics.quantiles(ours, n=20)[-1]:>5.1f} "
            f"{recall(ours_ranks, 5):>5} {recall(ours_ranks, 1):>5} | {naive_part}")


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
        library, _ = build_library(Path(temporary), population)
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


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="1,000 to 100,000 claims, fewer queries: a minute or two")
    parser.add_argument("--sizes", help="comma-separated library sizes, e.g. 1000,1000000")
    parser.add_argument("--queries", type=int, help="queries of each kind")
    parser.add_argument("--seed", type=int, default=SEED, help="draw other queries")
    parser.add_argument("--no-naive", action="store_true",
                        help="leave out the naive way (ten seconds a query at 1,000,000)")
    parser.add_argument("--filter-only", action="store_true",
                        help="just the library filter at 2,000 cases")
    return parser.parse_args()


def main() -> None:
    options = arguments()
    if options.filter_only:
        filter_timings()
        return
    sizes = (tuple(int(size) for size in options.sizes.split(",")) if options.sizes
             else QUICK_SIZES if options.quick else SIZES)
    count = options.queries or (QUICK_QUERIES if options.quick else QUERIES)
    rng = random.Random(options.seed)
    real = real_claims()
    real_texts = [claim for claim, _ in real]
    # Claims with two words of SYNONYMS to put another way, long enough to survive five
    # changes; the same originals for every kind of query.
    eligible = [claim for claim in real_texts if len(claim.split()) >= 7
                and len(synonym_positions(claim.split())) >= 2]
    originals = rng.sample(eligible, count)
    query_sets = {
        # One change each, the four kinds in turn.
        "one change": [(perturb(claim, KINDS[i % 4], rng), claim)
                       for i, claim in enumerate(originals)],
        # A dropped word, a swap, a typo and two synonyms, all in one query.
        "several": [(mangle_several(claim, rng), claim) for claim in originals],
        # Three typos, a dropped word and two words swapped, all in one query.
        "five typos": [(mangle_hard(claim, rng), claim) for claim in originals],
    }
    claimants = [claimant for _, claimant in real if claimant]
    start = time.perf_counter()
    extra = generated_population(real_texts, claimants, max(max(sizes) - len(real), 0), SEED)
    generating = time.perf_counter() - start
    print(f"{len(real):,} real claims (LIAR-PLUS val2+test2, AVeriTeC dev), topped up with "
          f"generated ones ({len(extra):,} in {generating:.0f} s).\nThe indexes are filled "
          f"directly, not from case files. {count} held-out real claims (seed "
          f"{options.seed}), mangled by:\none change ({', '.join(KINDS)}, in turn); several "
          "(a dropped word, a swap, a typo and two synonyms);\nfive typos (three typos, a "
          "dropped word, a swap).\n")
    header = (f"{'claims':>9} {'build s':>7} {'queries':<10} | {'cands':>5} {'ms':>6} | "
              f"{'ours ms':>7} {'p95':>5} {'r@5':>5} {'r@1':>5} "
              f"| {'naive ms':>8} {'r@5':>5} {'r@1':>5} {'queries':>7} {'ours r@5':>8} | "
              f"{'speedup':>7}")
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory(prefix="bench-match-") as temporary:
        for size in sizes:
            # Every query's original is in; the rest is filled up with other real claims,
            # then generated ones, all shuffled: neither method may gain from the order.
            kept = set(originals)
            population = [pair for pair in real if pair[0] in kept]
            population += [pair for pair in real if pair[0] not in kept]
            population += extra
            population = population[:size]
            rng.shuffle(population)
            library, seconds = build_library(Path(temporary) / str(size), population)
            claims = [claim for claim, _ in population]
            for name, queries in query_sets.items():
                row = measure(library, claims, queries,
                              0 if options.no_naive else NAIVE_QUERIES.get(size, 10))
                print(f"{size:>9,} {seconds:>7.0f} {name:<10} | {row}", flush=True)
            library.index_path.unlink()
    print("\ncands: share of queries whose original is among the full-text pass's "
          f"{CANDIDATES} candidates,\nand that pass's median ms. ours: match_claims (that "
          "pass, then the fuzzy rerank);\nnaive: thefuzz.process.extract over every claim. "
          "r@5, r@1: share of queries whose\noriginal claim is in the top 5, or first. "
          "'ours r@5': ours on just the queries the\nnaive way was timed on. build s: "
          "seconds to fill the index.")
    filter_timings()


def mangle_hard(claim: str, rng: random.Random) -> str:
    for kind in ("typo", "typo", "typo", "dropped word", "swapped words"):
        claim = perturb(claim, kind, rng)
    return claim


def synonym_positions(words: list[str]) -> list[int]:
    return [at for at, word in enumerate(words) if normalise_text(word) in SYNONYMS]


def mangle_several(claim: str, rng: random.Random) -> str:
    """Two words put another way (SYNONYMS), then a dropped word, a swap and a typo."""
    words = claim.split()
    for at in rng.sample(synonym_positions(words), 2):
        words[at] = SYNONYMS[normalise_text(words[at])]
    claim = " ".join(words)
    for kind in ("dropped word", "swapped words", "typo"):
        claim = perturb(claim, kind, rng)
    return claim


def rank_of(original: str, found: list[str]) -> int | None:
    return found.index(original) if original in found else None


def recall(ranks: list[int | None], within: int) -> str:
    hits = sum(1 for rank in ranks if rank is not None and rank < within)
    return f"{hits / len(ranks):.0%}"

if __name__ == "__main__":
    main()
