"""The checks panel: the readiness findings on the case screen, and going to each one's place.

A case with a finding of every kind of place (the verdict, a section, a source, a question)
is opened; F5 shows the findings, enter on one must put the focus where it is put right.
The counts in the pane bar must follow edits, after the pause the checks wait for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from tests.support import plain, screen_of, settle, wait_for
from workbench.analysis.checks import CASE, VERDICT, Finding, Location, Severity
from workbench.casefile.store import CaseFile
from workbench.model import (
    Case,
    Cell,
    Claim,
    Question,
    Section,
    SectionKind,
    Source,
    Verdict,
)
from workbench.tui.app import WorkbenchApp
from workbench.tui.checks_view import ChecksView, counts_badge, counts_text, finding_detail
from workbench.tui.choice import Choice
from workbench.tui.claim_pane import ClaimPane
from workbench.tui.findings_list import FindingsList
from workbench.tui.matrix_screen import MatrixScreen
from workbench.tui.section_editor import SectionEditor
from workbench.tui.sections_view import SectionList
from workbench.tui.sources_table import SourcesTable


def gappy_case() -> Case:
    """A draft with one of each: a rating missing, a broken citation, an uncited source,
    a question resting on one source."""
    return Case(
        id="case-gappy", title="Is the bridge closed?", scale="politifact",
        created="2024-05-01T09:00:00Z", updated="2024-05-02T16:30:00Z",
        claim=Claim(text="The bridge is closed to all traffic."),
        verdict=Verdict(conclusion="Closed to cars, open to bikes."),
        questions=[Question(id="q-closed", text="Is it closed to cars?")],
        sources=[
            Source(id="s-notice", number=1, title="Council notice", date_published="2024-04-01",
                   event_date="2024-04-01"),
            Source(id="s-blog", number=2, title="A cyclist's blog", date_published="2024-04-03",
                   event_date="2024-04-02"),
        ],
        sections=[
            Section(id="x-summary", kind=SectionKind.EXECUTIVE_SUMMARY, heading="Summary",
                    body="Closed to cars [1]."),
            Section(id="x-body", heading="What the council said", body="See [7]."),
            Section(id="x-bottom", kind=SectionKind.BOTTOM_LINE, heading="Bottom line",
                    body="Partly [1]."),
        ],
        matrix={("q-closed", "s-notice"): Cell.SUPPORTS},
    )


@pytest.fixture
def gappy_file(tmp_path: Path) -> Path:
    path = tmp_path / "gappy.case.db"
    CaseFile.create(path, gappy_case()).close()
    return path


def bar_badge(app: WorkbenchApp) -> str:
    return plain(app.screen.query_one("#tab-checks", Static))


async def checked(pilot: Pilot[None]) -> None:
    """The case open and its first checks back: they run once the claim form is built,
    a worker started after the ones a ``settle`` waits for, so wait for their findings."""
    await settle(pilot)
    await wait_for(pilot, lambda: screen_of(pilot.app).findings is not None)
    await settle(pilot)


async def open_checks(pilot: Pilot[None]) -> FindingsList:
    await pilot.press("f5")
    await settle(pilot)
    listing = pilot.app.screen.query_one(FindingsList)
    assert pilot.app.focused is listing
    return listing


async def go_to(pilot: Pilot[None], code: str, where_id: str = "") -> Finding:
    """From the open checks panel, move the cursor to a finding by keys and press enter."""
    listing = pilot.app.screen.query_one(FindingsList)
    await pilot.press("home")
    for _ in range(len(listing.findings)):
        finding = listing.highlighted
        assert finding is not None
        if finding.code == code and finding.where.id == where_id:
            break
        await pilot.press("down")
    else:
        raise AssertionError(f"no finding {code} at {where_id!r}")
    await pilot.press("enter")
    await settle(pilot)
    return finding


# Words, without Textual


def test_counts_read_as_words_and_marks() -> None:
    error = Finding("no-rating", Severity.ERROR, VERDICT, "No rating", "Choose one")
    warning = Finding("no-conclusion", Severity.WARNING, VERDICT, "No conclusion", "Write it")
    assert counts_text([]) == "ready: no errors, no warnings"
    assert counts_text([error, warning, warning]) == "1 error, 2 warnings"
    assert counts_badge(None).plain == "…"
    assert counts_badge([]).plain == "✓"
    assert counts_badge([error, warning, warning]).plain == "✗1 ⚠2"
    assert counts_badge([warning]).plain == "⚠1"


def test_the_detail_names_place_code_and_fix() -> None:
    finding = Finding("source-not-cited", Severity.WARNING, Location("source", "s1", "source [1]"),
                      "Source [1] is not cited in any section", "Cite source [1] [where]")
    text = finding_detail(finding).plain
    assert text.splitlines() == [
        "⚠ warning · source [1] · source-not-cited",
        "Source [1] is not cited in any section",
        "Fix: Cite source [1] [where]",
    ]
    assert finding_detail(None).plain == ""
    assert "case" in finding_detail(
        Finding("no-bottom-line", Severity.ERROR, CASE, "m", "f")).plain


# The panel on the case screen


async def test_the_first_checks_wait_for_the_claim_form(
        gappy_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first run of a case's checks is left until its claim form is built, so its
    thread does not share the first moments of the case with the form and the first
    keys; then the counts show."""
    building = ClaimPane._start_build
    monkeypatch.setattr(ClaimPane, "_start_build", lambda self: None)
    app = WorkbenchApp(case=gappy_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: screen_of(app).case is not None)
        await settle(pilot)
        pane = app.screen.query_one(ClaimPane)
        assert not pane.built
        assert screen_of(app).findings is None and "✗" not in bar_badge(app)
        building(pane)
        await checked(pilot)
        assert bar_badge(app).endswith("✗2 ⚠5")


async def test_counts_show_in_the_pane_bar_and_follow_edits(gappy_file: Path) -> None:
    app = WorkbenchApp(case=gappy_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await checked(pilot)
        screen = screen_of(app)
        assert screen.findings is not None
        errors = [f.code for f in screen.findings if f.severity is Severity.ERROR]
        assert sorted(errors) == ["citation-without-source", "no-rating"]
        assert bar_badge(app).endswith("✗2 ⚠5")
        # The panel is not built until it is asked for.
        assert not screen.query(ChecksView)
        # Emptying the claim is one more error once the pause after typing is over.
        claim = screen.query_one(ClaimPane)
        area = app.focused
        assert isinstance(area, TextArea) and area.id == "claim-text-area"
        area.move_cursor(area.document.end)
        await pilot.press(*["backspace"] * 40)
        await wait_for(pilot, lambda: bar_badge(app).endswith("✗3 ⚠5"))
        assert screen.case is not None and screen.case.claim.text == ""
        assert claim.built


async def test_enter_on_a_finding_goes_to_its_place(gappy_file: Path) -> None:
    app = WorkbenchApp(case=gappy_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await checked(pilot)
        screen = screen_of(app)
        listing = await open_checks(pilot)
        assert [f.code for f in listing.findings][:2] == ["no-rating", "citation-without-source"]
        assert screen.query_one(ChecksView).query_one("#finding-detail", Static).display

        # A source: selected in the list, which has the keyboard.
        await go_to(pilot, "source-not-cited", "s-blog")
        table = screen.query_one(SourcesTable)
        assert app.focused is table and table.selected_id() == "s-blog"
        # The panel stays open at 120 columns, its cursor where it was.
        assert screen.query_one("#panel").display
        assert listing.highlighted is not None and listing.highlighted.where.id == "s-blog"

        # A section: highlighted in the list, its text in the editor with the keyboard.
        await open_checks(pilot)
        await go_to(pilot, "citation-without-source", "x-body")
        editor = screen.query_one(SectionEditor)
        assert app.focused is editor
        assert editor.section is not None and editor.section.id == "x-body"
        sections = screen.query_one(SectionList)
        assert sections.highlighted == 1

        # The verdict: the rating's choice.
        await open_checks(pilot)
        await go_to(pilot, "no-rating")
        assert isinstance(app.focused, Choice) and app.focused.id == "rating"

        # A question: the evidence matrix, on that question's row.
        await open_checks(pilot)
        await go_to(pilot, "single-source-question", "q-closed")
        assert isinstance(app.screen, MatrixScreen)
        assert app.screen.grid.cursor_keys()[0] == "q-closed"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_f5_and_escape_close_the_panel(gappy_file: Path) -> None:
    app = WorkbenchApp(case=gappy_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        await pilot.press("f3")
        await open_checks(pilot)
        assert screen.query_one("#panel").display
        # F5 again closes it, back to the pane that had the keyboard.
        await pilot.press("f5")
        await settle(pilot)
        assert not screen.query_one("#panel").display
        assert isinstance(app.focused, SourcesTable)
        await open_checks(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.query_one("#panel").display
        assert isinstance(app.focused, SourcesTable)
        # Escape on the case screen itself is still "back" (nothing beneath: it stays).
        assert app.screen is screen


async def test_narrow_terminal_shows_the_panel_alone(gappy_file: Path) -> None:
    app = WorkbenchApp(case=gappy_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await checked(pilot)
        screen = screen_of(app)

        def shown() -> list[str]:
            return [pane for pane in ("claim", "sources", "sections", "panel")
                    if screen.query_one(f"#{pane}").display]

        assert shown() == ["claim"]
        await open_checks(pilot)
        assert shown() == ["panel"]
        await go_to(pilot, "source-not-cited", "s-blog")
        assert shown() == ["sources"]
        assert screen.query_one(SourcesTable).selected_id() == "s-blog"
        await open_checks(pilot)
        assert shown() == ["panel"]
        # The cursor is where it was: on the finding just visited.
        listing = screen.query_one(FindingsList)
        assert listing.highlighted is not None and listing.highlighted.where.id == "s-blog"


async def test_the_palette_and_help_offer_the_new_keys(gappy_file: Path) -> None:
    from workbench.tui.commands import binding_commands
    from workbench.tui.help_screen import help_areas

    app = WorkbenchApp(case=gappy_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        commands = {command.name: command.help for command in binding_commands(app.screen)}
        assert commands["Checks"] == "f5 · case.checks"
        assert commands["Export"] == "^o · case.export"
        rows = {row.binding_id for area in help_areas(app.screen) for row in area.rows}
        assert {"case.checks", "case.export"} <= rows


# Snapshots


def _panel_open(pilot: Pilot[None]) -> Any:
    async def run() -> None:
        await checked(pilot)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False  # type: ignore[attr-defined]
        await pilot.pause()

    return run()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_checks_panel_snapshot(snap_compare: Any, gappy_file: Path,
                               size: tuple[int, int]) -> None:
    assert snap_compare(WorkbenchApp(case=gappy_file), terminal_size=size,
                        run_before=_panel_open)
