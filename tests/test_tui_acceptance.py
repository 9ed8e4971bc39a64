"""Accepting a check warning in the checks pane (F5, ``a``): asked why, recorded with the
name at the keyboard, saved to the case file, shown as accepted there and in the review
panel; ``a`` again takes it back; an error is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.support import (
    notifications,
    quoting_case,
    screen_of,
    settle,
    type_text,
    wait_for,
    wait_saved,
)
from workbench.casefile.store import CaseFile
from workbench.model import Status
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_panel import CasePanel
from workbench.tui.findings_list import FindingsList
from workbench.tui.prompt import TextPrompt
from workbench.tui.review_panel import ReviewPanel

WHY = "Quoted from the council's video"


@pytest.fixture
def quoting_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WORKBENCH_USER", "Ana Ruiz")
    path = tmp_path / "quote.case.db"
    CaseFile.create(path, quoting_case()).close()
    return path


async def highlight(pilot: Pilot[None], code: str) -> FindingsList:
    """Open the checks pane and put its cursor on the finding ``code``, by keys."""
    panel = screen_of(pilot.app).query_one(CasePanel)
    if not panel.display or panel.tab != "checks":
        await pilot.press("f5")
        await settle(pilot)
    listing = pilot.app.screen.query_one(FindingsList)
    assert pilot.app.focused is listing
    await pilot.press("home")
    for _ in range(len(listing.findings)):
        if listing.highlighted is not None and listing.highlighted.code == code:
            return listing
        await pilot.press("down")
    raise AssertionError(f"no finding {code}")


async def test_accept_a_warning_in_the_checks_pane(quoting_file: Path) -> None:
    app = WorkbenchApp(case=quoting_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        listing = await highlight(pilot, "quote-not-in-source")
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        await type_text(pilot, WHY)
        assert app.screen.query_one(Input).value == WHY
        await pilot.press("enter")
        await wait_for(pilot, lambda: listing.highlighted is not None
                       and listing.highlighted.accepted is not None)
        assert app.screen is screen
        finding = listing.highlighted
        assert finding is not None and finding.code == "quote-not-in-source"
        detail = str(screen.query_one("#finding-detail", Static).render())
        assert "accepted warning" in detail and "Accepted by Ana Ruiz" in detail
        assert WHY in detail
        assert "1 accepted" in str(listing.border_title)
        await wait_saved(pilot)

    with CaseFile.open(quoting_file, read_only=True) as case_file:
        saved = case_file.load()
        history = case_file.history()
    [acceptance] = saved.acceptances
    assert (acceptance.code, acceptance.target_id, acceptance.who, acceptance.why) == (
        "quote-not-in-source", "x-body", "Ana Ruiz", WHY)
    assert [(e.action, e.who) for e in history][-1] == ("accept", "Ana Ruiz")


async def test_the_review_panel_shows_it_and_a_again_takes_it_back(quoting_file: Path
                                                                  ) -> None:
    app = WorkbenchApp(case=quoting_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        listing = await highlight(pilot, "quote-not-in-source")
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, WHY)
        await pilot.press("enter")
        await wait_for(pilot, lambda: listing.highlighted is not None
                       and listing.highlighted.accepted is not None)
        await pilot.press("f8")
        await settle(pilot)
        panel = app.screen.query_one(ReviewPanel)
        assert "1 accepted warning" in str(panel.border_title)
        shown = str(panel.get_option_at_index(panel.option_count - 1).prompt)
        assert "accepted warning" in shown and "Ana Ruiz" in shown and WHY in shown
        # ``a`` on the accepted warning takes the acceptance back: open again.
        listing = await highlight(pilot, "quote-not-in-source")
        await pilot.press("a")
        await wait_for(pilot, lambda: listing.highlighted is not None
                       and listing.highlighted.accepted is None)
        await wait_saved(pilot)
    with CaseFile.open(quoting_file, read_only=True) as case_file:
        assert case_file.load().acceptances == []


async def test_an_error_is_not_accepted(quoting_file: Path) -> None:
    app = WorkbenchApp(case=quoting_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        await highlight(pilot, "no-rating")
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is screen
        assert any("Errors cannot be accepted" in text for text in notifications(app))
        assert screen.case is not None and screen.case.acceptances == []


async def test_a_published_case_does_not_offer_accept(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Accepting changes the case, which publication froze: the key is not offered (footer,
    palette), and pressing it asks nothing and changes nothing."""
    monkeypatch.setenv("WORKBENCH_USER", "Ana Ruiz")
    case = quoting_case()
    case.status = Status.PUBLISHED
    path = tmp_path / "published.case.db"
    CaseFile.create(path, case).close()
    before = path.read_bytes()
    app = WorkbenchApp(case=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await highlight(pilot, "quote-not-in-source")
        offered = {key for key, active in app.screen.active_bindings.items()
                   if active.enabled and active.binding.action == "accept"}
        assert offered == set()
        await pilot.press("a")
        await settle(pilot)
        assert not isinstance(app.screen, TextPrompt)
    assert path.read_bytes() == before
