"""The library filter and the new-case dialog's similar claims are one matcher.

The same words give the same cases in the same order: the dialog lists the top of what
the library shows. Checked on real LIAR-PLUS statements (skipped when the shared
datasets are absent), through the functions each screen calls and through the screens.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz.utils import default_process
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from tests.support import plain, settle, wait_for
from workbench.analysis.matching import (
    SIMILAR_MIN_CHARACTERS,
    LibraryCases,
    find_cases,
    similar_cases,
)
from workbench.casefile.library import Library, LibraryEntry
from workbench.casefile.store import CaseFile
from workbench.model import Case, Claim
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_table import CaseTable, claim_filter, fuzzy_filter, haystack, is_claim_query
from workbench.tui.library_screen import LibraryScreen
from workbench.tui.new_case import SIMILAR_LIMIT, NewCaseScreen

LIAR = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "liar-plus-val2.tsv"
LIBRARY_SIZE = 80


def statements() -> list[str]:
    if not LIAR.exists():
        pytest.skip("LIAR-PLUS is not in ../shared/datasets")
    found: list[str] = []
    with LIAR.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) >= 16 and row[3].strip() and row[3] not in found:
                found.append(row[3])
            if len(found) == LIBRARY_SIZE:
                break
    return found


def make_library(folder: Path, claims: Sequence[str]) -> Library:
    """Cases titled as a desk titles them: some a question of their own, some the claim."""
    folder.mkdir(parents=True)
    for number, claim in enumerate(claims):
        title = claim if number % 3 else f"Case {number}: {' '.join(claim.split()[:4])}?"
        updated = f"2024-01-{1 + number % 28:02d}T08:00:{number % 60:02d}Z"
        case = Case(title=title, claim=Claim(text=claim), created=updated, updated=updated)
        CaseFile.create(folder / f"c{number:03d}.case.db", case).close()
    library = Library(folder)
    assert library.refresh() == []
    return library


@pytest.fixture(scope="module")
def claims() -> list[str]:
    return statements()


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, claims: list[str]) -> Library:
    return make_library(tmp_path_factory.mktemp("one-matcher") / "library", claims)


def library_filter(library: Library, query: str) -> list[str]:
    """The paths the library screen shows for ``query``, in order, by its own calls."""
    entries = library.entries()
    haystacks = [haystack(entry) for entry in entries]
    if is_claim_query(query):
        found = claim_filter(library.folder, entries, haystacks, query)
    else:
        found = fuzzy_filter(haystacks, query)
    return [entries[index].path for index in found]


def similar_list(library: Library, text: str) -> list[str]:
    """The paths the new-case dialog lists as similar claims for ``text``, in order."""
    return [match.path for match in similar_cases(LibraryCases(library), text, SIMILAR_LIMIT)]


@st.composite
def retyped(draw: st.DrawFn, claims: list[str]) -> str:
    """A few words of a claim, as someone might type them: some dropped, one mistyped."""
    words = draw(st.sampled_from(claims)).split()
    start = draw(st.integers(0, max(len(words) - 1, 0)))
    taken = words[start:start + draw(st.integers(1, 12))]
    if draw(st.booleans()) and len(taken) > 2:
        del taken[draw(st.integers(0, len(taken) - 1))]
    if draw(st.booleans()):
        at = draw(st.integers(0, len(taken) - 1))
        taken[at] = taken[at][::-1]
    return " ".join(taken)


@pytest.mark.parametrize("query", [
    "health care", "Obama", "taxes", "Romney", "says the", "unemployment rate",
    "obama didnt use the bible when sworn into office",
    "the number of illegal immigrants is 30 million",
])
def test_the_similar_claims_are_the_top_of_the_library_filter(library: Library,
                                                              query: str) -> None:
    shown = library_filter(library, query)
    similar = similar_list(library, query)
    assert similar, "every query here finds something"
    assert similar == shown[: len(similar)]
    assert len(similar) == min(SIMILAR_LIMIT, len(shown))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_words_give_the_same_cases_in_the_same_order(library: Library, claims: list[str],
                                                         data: st.DataObject) -> None:
    query = data.draw(retyped(claims))
    shown = library_filter(library, query)
    if len(default_process(query)) < SIMILAR_MIN_CHARACTERS:
        shown = []  # a letter or two is in nearly every case: the dialog waits for more
    assert similar_list(library, query) == shown[:SIMILAR_LIMIT]


@pytest.mark.parametrize("typed", ["", "  ", "t", "th", "?!"])
def test_a_letter_or_two_lists_no_similar_claims(library: Library, typed: str) -> None:
    assert similar_list(library, typed) == []
    assert len(similar_list(library, "tax")) == SIMILAR_LIMIT


def test_a_retyped_claim_puts_its_case_first_in_both(library: Library,
                                                     claims: list[str]) -> None:
    meant = next(claim for claim in claims if claim.startswith("When Obama was sworn"))
    query = "obama didnt use the bible when sworn into office"
    [first, *_] = similar_cases(LibraryCases(library), query, SIMILAR_LIMIT)
    assert first.claim == meant
    assert library_filter(library, query)[0] == first.path


def test_without_an_index_the_filter_still_finds_fragments(tmp_path: Path) -> None:
    entries = [LibraryEntry("a", "Bridge closed?", "The bridge over the river is closed",
                            "", "", "")]
    texts = [haystack(entry) for entry in entries]
    broken = Library(tmp_path / "not-a-folder.txt")
    broken.folder.write_text("a file where the library should be")
    assert [found.index for found in find_cases("the bridge is closed", entries, texts,
                                                broken)] == [0]


# Through the screens: the same text typed in the dialog and in the filter.


async def similar_in_dialog(app: WorkbenchApp, pilot: Pilot[None], text: str) -> list[str]:
    """The paths the new-case dialog lists for ``text``; the dialog is closed after."""
    screen = NewCaseScreen(app.screen.folder)
    await app.push_screen(screen)
    await settle(pilot)
    screen.query_one("#new-claim", Input).value = text
    heading = screen.query_one("#new-similar-heading", Static)
    await wait_for(pilot, lambda: not plain(heading).endswith("none yet"))
    await settle(pilot)
    options = screen.query_one("#new-similar", OptionList)
    ids = [str(options.get_option_at_index(i).id) for i in range(options.option_count)]
    screen.dismiss(None)
    await settle(pilot)
    return [str(screen._matches[option_id]) for option_id in ids]


async def shown_in_library(app: WorkbenchApp, pilot: Pilot[None], text: str) -> list[str]:
    """The paths the library table shows with ``text`` in its filter."""
    assert isinstance(app.screen, LibraryScreen)
    app.screen.query_one("#filter", Input).value = text
    table = app.screen.query_one(CaseTable)
    await settle(pilot)
    await wait_for(pilot, lambda: not table.loading)
    await settle(pilot)
    return [entry.path for entry in table.entries]


@pytest.mark.parametrize("text", [
    "says the", "taxes", "obama didnt use the bible when sworn into office",
])
async def test_the_dialog_lists_the_top_of_what_the_filter_shows(
        tmp_path: Path, claims: list[str], monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setenv("WORKBENCH_CONFIG", str(tmp_path / "config.toml"))
    folder = make_library(tmp_path / "library", claims[:40]).folder
    app = WorkbenchApp(library=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        similar = await similar_in_dialog(app, pilot, text)
        shown = await shown_in_library(app, pilot, text)
        assert similar
        assert similar == shown[: len(similar)]
