"""A fact-checker's whole path through the Workbench, by keys alone, then read from disk.

From an empty library: a new case, the claim and claimant typed, two sources added through
the source form and assessed, a question and its matrix cells, a section written with a
citation from the picker, the verdict; then ctrl+q. Only keys move the focus (no
``widget.focus()``): a field a user cannot reach by Tab or the pane keys fails the test.
The focus is checked before each field is typed into, so a changed tab order fails here,
naming the field, rather than as a wrong value at the end.

What counts is what reached the case file. The test quits without waiting for the
autosave's pause after typing: quitting itself must write the last keystrokes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Select, Static

from tests.support import hold_autosave, notifications, settle, type_text, wait_for
from workbench.analysis.corroboration import corroborations
from workbench.casefile.library import Library
from workbench.casefile.store import CaseFile
from workbench.model import (
    Case,
    Cell,
    Confidence,
    Corroboration,
    Motive,
    Reliability,
    SectionKind,
    SourceKind,
    Status,
)
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_screen import CaseScreen
from workbench.tui.choice import Choice, ChoiceList
from workbench.tui.citation_picker import CitationPicker
from workbench.tui.claim_pane import ClaimPane
from workbench.tui.library_screen import LibraryScreen
from workbench.tui.matrix_screen import MatrixScreen
from workbench.tui.new_case import NewCaseScreen
from workbench.tui.prompt import TextPrompt
from workbench.tui.section_editor import SectionEditor
from workbench.tui.sections_view import SectionList, SectionsView
from workbench.tui.source_form import SourceFormScreen
from workbench.tui.sources_table import SourcesTable
from workbench.tui.status_dialog import StatusDialog

CLAIM = "The city's new bridge cost twice its budget"
TITLE = "Did the bridge cost twice its budget?"

#: The two sources as typed: every field the form offers that the path fills in.
AUDIT = {
    "title": "Audit of the Harbour Bridge project",
    "author": "Office of the City Auditor",
    "outlet": "City Auditor",
    "url": "https://city.example.org/audit-2025",
    "kind": ("primary", SourceKind.PRIMARY_DOCUMENT),
    "date_published": "2025-06-02",
    "event_date": "2024-11",
    "date_accessed": "2025-06-20",
    "amid_dispute": ("yes", True),
    "dispute_note": "Published during the council's budget row",
    "motive": ("self", Motive.SELF_JUSTIFICATION),
    "motive_note": "The auditor answers to the council that approved the budget",
    "reliability": ("B", Reliability.B),
}
HERALD = {
    "title": "Bridge overruns doubled the bill",
    "author": "Sam Lee",
    "outlet": "Local Herald",
    "url": "https://herald.example.com/bridge",
    "kind": ("news", SourceKind.NEWS_REPORT),
    "date_published": "2025-06-05",
    "event_date": "2025-06-02",
    "date_accessed": "2025-06-21",
    "amid_dispute": ("no", False),
    "dispute_note": "",
    "motive": ("adv", Motive.ADVERSARIAL),
    "motive_note": "The owner campaigns against the mayor",
    "reliability": ("C", Reliability.C),
}
QUESTION = "Did the final cost exceed twice the budget?"


def focused_id(pilot: Pilot[None]) -> str | None:
    focused = pilot.app.focused
    return focused.id if focused is not None else None


async def tab_to(pilot: Pilot[None], widget_id: str, *, limit: int = 30) -> None:
    """Press Tab until ``widget_id`` has the focus, as a user tabs down a form.

    Fails if it is not reached within ``limit`` presses: unreachable by keyboard.
    """
    for _ in range(limit):
        if focused_id(pilot) == widget_id:
            return
        await pilot.press("tab")
    assert focused_id(pilot) == widget_id, f"Tab never reached #{widget_id}"


async def fill(pilot: Pilot[None], widget_id: str, text: str) -> None:
    """Tab to a one-line field and type into it."""
    await tab_to(pilot, widget_id)
    await type_text(pilot, text)


async def choose(pilot: Pilot[None], widget_id: str, search: str) -> None:
    """Tab to a Select or a Choice, open it with enter, type to find ``search``, enter."""
    await tab_to(pilot, widget_id)
    focused = pilot.app.focused
    screen = pilot.app.screen
    await pilot.press("enter")
    await pilot.pause()
    if isinstance(focused, Choice):
        assert isinstance(pilot.app.screen, ChoiceList)
    else:
        assert isinstance(focused, Select) and focused.expanded
    await type_text(pilot, search)
    await pilot.press("enter")
    await pilot.pause()
    assert pilot.app.screen is screen
    assert focused_id(pilot) == widget_id


async def add_source(pilot: Pilot[None], values: dict[str, object]) -> None:
    """From the source list: a, every field by Tab, ctrl+s."""
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SourceFormScreen)
    # The title has the cursor as the form opens.
    assert focused_id(pilot) == "title"
    for name in ("title", "author", "outlet", "url"):
        await fill(pilot, name, str(values[name]))
    search, _ = values["kind"]  # type: ignore[misc]
    await choose(pilot, "kind", search)
    for name in ("date_published", "event_date", "date_accessed"):
        await fill(pilot, name, str(values[name]))
    search, _ = values["amid_dispute"]  # type: ignore[misc]
    await choose(pilot, "amid_dispute", search)
    if values["dispute_note"]:
        await fill(pilot, "dispute_note", str(values["dispute_note"]))
    search, _ = values["motive"]  # type: ignore[misc]
    await choose(pilot, "motive", search)
    await fill(pilot, "motive_note", str(values["motive_note"]))
    search, _ = values["reliability"]  # type: ignore[misc]
    await choose(pilot, "reliability", search)
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CaseScreen))
    assert isinstance(pilot.app.focused, SourcesTable)


def check_source(case: Case, number: int, values: dict[str, object]) -> None:
    source = case.sources[number - 1]
    assert source.number == number
    for name in ("title", "author", "outlet", "url", "date_published", "event_date",
                 "date_accessed"):
        assert getattr(source, name) == values[name], name
    assert source.kind is values["kind"][1]  # type: ignore[index]
    assessment = source.assessment
    assert assessment.amid_dispute is values["amid_dispute"][1]  # type: ignore[index]
    assert assessment.dispute_note == values["dispute_note"]
    assert assessment.motive is values["motive"][1]  # type: ignore[index]
    assert assessment.motive_note == values["motive_note"]
    assert assessment.reliability is values["reliability"][1]  # type: ignore[index]
    assert source.derived_from is None


async def test_the_whole_path_by_keys_reaches_the_disk(
        library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The name the history records, and that submitting for review needs.
    monkeypatch.setenv("WORKBENCH_USER", "Jane Checker")
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)

        # A new case: the claim, a title, the PolitiFact scale; ctrl+s creates it.
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, NewCaseScreen)
        assert focused_id(pilot) == "new-claim"
        await type_text(pilot, CLAIM)
        await fill(pilot, "new-title", TITLE)
        await choose(pilot, "new-scale", "poli")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen)
                       and app.screen.case is not None)
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        await settle(pilot)

        # The claim pane has the cursor in the claim text; Tab walks down its fields.
        assert focused_id(pilot) == "claim-text-area"
        await fill(pilot, "claimant", "Jane Roe")
        await fill(pilot, "claimant-role", "City councillor")
        await fill(pilot, "date-made", "2025-03-14")

        # Two sources through the form, from the source list (F3).
        await pilot.press("f3")
        assert isinstance(app.focused, SourcesTable)
        await add_source(pilot, AUDIT)
        await add_source(pilot, HERALD)
        assert notifications(app)[-1].endswith("Added source [2]")
        assert [row[0] for row in screen.query_one(SourcesTable).rows()] == ["[1]", "[2]"]

        # The evidence matrix: a question, and both sources support it.
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await type_text(pilot, QUESTION)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        # The cursor lands on the first source's cell of the new question.
        await pilot.press("space", "right", "space")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        # The badges follow the matrix at once: each source backs the other.
        assert [row[-1] for row in screen.query_one(SourcesTable).rows()] == [
            "corroborated", "corroborated",
        ]

        # The executive summary, with two citations inserted by the picker.
        await pilot.press("f4")
        assert isinstance(app.focused, SectionList)
        await pilot.press("enter")
        assert isinstance(app.focused, SectionEditor)
        await type_text(pilot, "The city auditor put the final cost at 84 million")
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, CitationPicker)
        await type_text(pilot, "audit")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, SectionEditor)
        await type_text(pilot, ". A local paper agreed")
        await pilot.press("ctrl+k")
        await pilot.pause()
        await type_text(pilot, "herald")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, ".")
        # Escape goes back to the list; the bottom line is the next section.
        await pilot.press("escape")
        assert isinstance(app.focused, SectionList)
        await pilot.press("down", "enter")
        await type_text(pilot, "Yes: 84 million is more than twice 41 million.")

        # Submitted for review: s (from a list, where no text field takes the letter)
        # offers the moves; from a draft the first is "in review".
        await pilot.press("f3", "s")
        await settle(pilot)
        assert isinstance(app.screen, StatusDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.case is not None and screen.case.status is Status.IN_REVIEW

        # The verdict, at the foot of the claim pane (F2).
        await pilot.press("f2")
        assert focused_id(pilot) == "claim-text-area"
        await choose(pilot, "rating", "tr")
        await tab_to(pilot, "conclusion-area")
        await type_text(pilot, "The bridge cost more than twice its budget.")
        await tab_to(pilot, "established-area")
        await type_text(pilot, "Final cost 84 million\nBudget 41 million")
        await tab_to(pilot, "unresolved-area")
        await type_text(pilot, "Why the budget was set so low")
        await choose(pilot, "confidence", "hi")
        # One field back (shift+tab) for the date; a choice saves at once, typing waits
        # for a pause (here longer than the test), so this date is the edit that only
        # quitting can save.
        await pilot.press("shift+tab")
        assert focused_id(pilot) == "checked-on"
        hold_autosave(app)
        await type_text(pilot, "2025-06-21")
        # Straight out: the last field was typed a moment ago and not yet saved.
        assert screen.autosaver is not None and screen.autosaver.dirty
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0

    [path] = library.glob("*.case.db")
    assert path.name == "did-the-bridge-cost-twice-its-budget.case.db"
    with CaseFile.open(path) as casefile:
        assert not casefile.read_only, "the app still holds the writer's lock"
        case = casefile.load()

    assert (case.title, case.scale, case.status) == (TITLE, "politifact", Status.IN_REVIEW)
    assert case.claim.text == CLAIM
    assert case.claim.claimant == "Jane Roe"
    assert case.claim.claimant_role == "City councillor"
    assert case.claim.date_made == "2025-03-14"

    assert len(case.sources) == 2
    check_source(case, 1, AUDIT)
    check_source(case, 2, HERALD)
    audit, herald = case.sources
    assert (audit.lag_days, audit.timing.value) == (184, "near_term")
    assert (herald.lag_days, herald.timing.value) == (3, "contemporaneous")

    [question] = case.questions
    assert question.text == QUESTION
    assert case.matrix == {(question.id, audit.id): Cell.SUPPORTS,
                           (question.id, herald.id): Cell.SUPPORTS}
    assert corroborations(case) == {audit.id: Corroboration.CORROBORATED,
                                    herald.id: Corroboration.CORROBORATED}

    summary, bottom = case.sections
    assert summary.kind is SectionKind.EXECUTIVE_SUMMARY
    assert summary.body == ("The city auditor put the final cost at 84 million [1]. "
                            "A local paper agreed [2].")
    assert bottom.kind is SectionKind.BOTTOM_LINE
    assert bottom.body == "Yes: 84 million is more than twice 41 million."

    verdict = case.verdict
    assert verdict.rating == "True"
    assert verdict.conclusion == "The bridge cost more than twice its budget."
    assert verdict.established == ["Final cost 84 million", "Budget 41 million"]
    assert verdict.unresolved == ["Why the budget was set so low"]
    assert verdict.checked_on == "2025-06-21"
    assert verdict.confidence is Confidence.HIGH

    # The library finds the case with its new state on the next start.
    entries = Library(library)
    entries.refresh()
    [entry] = entries.entries()
    assert (entry.title, entry.status, entry.rating) == (TITLE, "in_review", "True")


async def test_escape_to_the_library_saves_and_the_case_reopens(library: Path) -> None:
    """The other way out: escape back to the library, then open the case again from it."""
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        await type_text(pilot, "Tap water in Springfield is unsafe to drink")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen)
                       and app.screen.case is not None)
        await settle(pilot)
        await fill(pilot, "claimant", "Mayor Quimby")
        await pilot.press("f3", "a")
        await pilot.pause()
        await type_text(pilot, "Water quality report 2024")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen))
        # Escape from the source list leaves the case, saving it first.
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen)
                       and app.screen.case is not None)
        case = app.screen.case
        assert case is not None
        assert case.claim.claimant == "Mayor Quimby"
        assert [s.title for s in case.sources] == ["Water quality report 2024"]
        # The narrow screen shows one pane: the claim, where the cursor is.
        assert app.screen.query_one("#claim").display
        assert not app.screen.query_one("#sources").display
        # Not while the claim form is still being built: see test_tui_claim_form's xfail.
        await wait_for(pilot, lambda: app.screen.query_one(ClaimPane).built)
        await pilot.press("ctrl+q")
        await pilot.pause()
    [path] = library.glob("*.case.db")
    with CaseFile.open(path) as casefile:
        case = casefile.load()
    assert case.claim.text == "Tap water in Springfield is unsafe to drink"
    assert case.title == "Tap water in Springfield is unsafe to drink"
    assert case.claim.claimant == "Mayor Quimby"
    assert [s.title for s in case.sources] == ["Water quality report 2024"]


async def test_hints_name_the_keys_the_user_bound(library: Path, isolated_config: Path) -> None:
    """A rebound key is the one the screens' own hints name, not the default."""
    isolated_config.write_text(
        '[keys]\n"sources.add" = "i"\n"sections.add" = "f9"\n'
        '"matrix.add_question" = "q"\n"matrix.undo" = "z"\n', "utf-8",
    )
    app = WorkbenchApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await type_text(pilot, "A claim with nothing yet")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen)
                       and app.screen.case is not None)
        screen = app.screen
        assert isinstance(screen, CaseScreen) and screen.case is not None
        # The panes are built in steps after the case is loaded: wait for the sources'.
        await wait_for(pilot, lambda: bool(screen.query(SourcesTable))
                       and bool(screen.query_one(SourcesTable).render_line(1).text.strip()))
        table = screen.query_one(SourcesTable)
        assert table.render_line(1).text.strip() == "No sources yet: press i to add one."
        # Without sections the editor says how to add one.
        screen.case.sections.clear()
        screen.query_one(SectionsView).show(screen.case)
        assert screen.query_one(SectionEditor).placeholder == (
            "This case has no sections yet: press f9 in the list to add one."
        )
        await pilot.press("f3", "i")
        await pilot.pause()
        await type_text(pilot, "A source")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("m")
        await pilot.pause()
        assert "press q to add a checkable question" in str(
            app.screen.query_one("#matrix-empty", Static).content
        )
        await pilot.press("q")
        await pilot.pause()
        await type_text(pilot, "Is it so?")
        await pilot.press("enter", "d")
        await pilot.pause()
        assert notifications(app)[-1].endswith("Deleted question “Is it so?”: press z to undo")
