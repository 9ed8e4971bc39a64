"""Room on the case screen goes to the words a fact-checker reads: titles and the verdict.

A source list whose kind and motive columns take their widest cell leaves a title of
twenty-odd cells on a 120-column terminal; a conclusion on one line shows its first
thirty-odd characters. These tests read what is drawn.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual import events

from tests.support import (
    edit_conclusion,
    putin_case,
    settle,
    type_text,
    wait_for,
    wait_saved,
)
from workbench.casefile.store import CaseFile
from workbench.model import Assessment, Case, Motive, Source, SourceKind
from workbench.tui.app import WorkbenchApp
from workbench.tui.lazy_text_area import LazyTextArea
from workbench.tui.sources_table import HEADERS, NARROW_HEADERS, SourcesTable, column_widths

LONG_TITLE = "Putin's later interview accounts of Russia's NATO overture, as told to Oliver Stone"


def wide_row(title: str = LONG_TITLE) -> tuple[str, ...]:
    """A row whose kind, motive and timing are as long as those columns get."""
    return ("[2]", title, "first-hand account /…", "political narrative",
            "retrospective (20 years)", "uncorroborated")


def test_the_title_gets_its_share_before_kind_and_motive_take_their_widest() -> None:
    widths = column_widths(117, [wide_row()], HEADERS)
    number, title, kind, motive, timing, corroboration = widths
    assert sum(widths) + 2 * (len(HEADERS) + 1) <= 117
    # The badges a checker scans, and the timing with its lag, stay whole.
    assert (number, timing, corroboration) == (3, 24, 14)
    # The title gets at least half of what the text columns share...
    assert title >= (title + kind + motive) // 2 >= 30
    # ...taken from the kind and the motive, which stay readable.
    assert kind < 21 and motive < 19 and min(kind, motive) >= 12


def test_nothing_is_cut_when_everything_fits() -> None:
    rows = [wide_row("Short title")]
    assert column_widths(117, rows, HEADERS) == (3, 11, 21, 19, 24, 14)


def test_a_title_short_of_its_share_takes_only_what_it_needs() -> None:
    rows = [wide_row("A title of twenty-six cells")]
    title, kind, motive = column_widths(117, rows, HEADERS)[1:4]
    assert title == 27
    assert kind + motive == 117 - 2 * 7 - 3 - 24 - 14 - title


def test_at_80_columns_the_motive_gives_way_to_the_title() -> None:
    row = ("[2]", LONG_TITLE, "political narrative", "retrospective", "uncorroborated")
    number, title, motive, timing, corroboration = column_widths(75, [row], NARROW_HEADERS)
    assert (number, timing, corroboration) == (3, 13, 14)
    assert title >= (title + motive) // 2
    assert motive >= 12


def on_disk(path: Path) -> Case:
    with CaseFile.open(path, read_only=True) as casefile:
        return casefile.load()


@pytest.fixture
def putin_file(tmp_path: Path) -> Path:
    case = putin_case()
    case.sources[1].title = LONG_TITLE
    case.sources.append(Source(
        id="src-memoir", number=4, title="A memoir", kind=SourceKind.FIRST_HAND_ACCOUNT,
        assessment=Assessment(motive=Motive.SELF_JUSTIFICATION)))
    path = tmp_path / "putin.case.db"
    CaseFile.create(path, case).close()
    return path


async def test_the_source_list_draws_more_of_a_long_title(putin_file: Path) -> None:
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(SourcesTable)
        line = table.render_line(2).text
        shown = line.split("[2]", 1)[1].strip().split("  ")[0]
        assert LONG_TITLE.startswith(shown.rstrip("…"))
        assert cell_len(shown) >= 30


async def test_the_conclusion_wraps_and_stays_one_line(putin_file: Path) -> None:
    """At 120 columns the whole conclusion is drawn (it wraps); enter adds no line break
    and a pasted one becomes a space, so the saved conclusion is still one line."""
    app = WorkbenchApp(case=putin_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        conclusion = app.screen.query_one("#conclusion", LazyTextArea)
        await wait_for(pilot, lambda: conclusion.region.height > 0)
        preview = conclusion.query_one(".lazy-preview")
        drawn = " ".join(" ".join(preview.render_line(y).text.split())
                         for y in range(preview.size.height))
        assert "no formal application exists." in drawn
        edit_conclusion(app)
        await pilot.press("enter")
        await type_text(pilot, " Clinton")
        app.post_message(events.Paste(" did not\nanswer."))
        await wait_for(pilot, lambda: conclusion.text.endswith("answer."))
        await wait_saved(pilot)
    assert on_disk(putin_file).verdict.conclusion == (
        putin_case().verdict.conclusion + " Clinton did not answer.")
