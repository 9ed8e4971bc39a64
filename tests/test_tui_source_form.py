"""The source form, driven by keys as a fact-checker would, then judged by what it returns.

The form works on a copy and dismisses with a Source; these tests read that Source (and
the untouched case) rather than the widgets, so they keep passing when the layout moves.
Cases have fixed ids and timestamps so the snapshots are the same on every run.
"""

from __future__ import annotations

import pytest
from textual.app import App
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TextArea

from tests.support import matrix_case, notifications, type_text
from workbench.editing import apply_form_result, opens_existing
from workbench.fields import paragraphs_of
from workbench.model import (
    Assessment,
    Case,
    Corroboration,
    Credibility,
    Motive,
    Reliability,
    Source,
    SourceKind,
)
from workbench.tui.confirm import Confirm
from workbench.tui.source_form import (
    DuplicateHit,
    DuplicateScreen,
    SourceFormScreen,
    date_problem,
    source_choice_label,
)


class FormApp(App[None]):
    """Opens the form on a case and keeps whatever it dismisses with."""

    def __init__(self, case: Case, source: Source | None) -> None:
        super().__init__()
        self.case = case
        self.source = source
        self.results: list[Source | None] = []

    def on_mount(self) -> None:
        self.push_screen(SourceFormScreen(self.case, self.source), self.results.append)


def form(app: App[None]) -> SourceFormScreen:
    screen = app.screen
    assert isinstance(screen, SourceFormScreen)
    return screen


def shown(app: App[None], selector: str) -> str:
    content = app.screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Content) else str(content)


async def retype(pilot: Pilot[None], field: str, text: str) -> None:
    """Focus a field, empty it and type ``text`` as a person would."""
    widget = pilot.app.screen.query_one(f"#{field}")
    widget.focus()
    await pilot.pause()
    if isinstance(widget, Input):
        widget.clear()
    else:
        assert isinstance(widget, TextArea)
        widget.clear()
    await type_text(pilot, text)
    await pilot.pause()


async def choose(pilot: Pilot[None], field: str, search: str) -> None:
    """Open a Select from the keyboard, type to find an option, and pick it with enter."""
    pilot.app.screen.query_one(f"#{field}", Select).focus()
    await pilot.pause()
    await pilot.press("enter", *search, "enter")
    await pilot.pause()


# Pure helpers


def test_excerpts_are_paragraphs() -> None:
    text = "First, over\ntwo lines.\n\n  \nSecond.\n\n\n\nThird.  \n"
    assert paragraphs_of(text) == ["First, over\ntwo lines.", "Second.", "Third."]
    assert paragraphs_of("  \n\n ") == []


def test_date_problems() -> None:
    values = {"date_published": "2021-13", "event_date": "2000-06",
              "event_date_end": "2000-05", "date_accessed": ""}
    assert date_problem("date_published", values) == "there is no month 13 (months go 01 to 12)"
    assert date_problem("event_date_end", values) == "the events end before they start"
    assert date_problem("date_accessed", values) is None
    # An end in the same month as a start on its first day is fine: partial dates are spans.
    values.update(event_date="2000-06-01", event_date_end="2000-06")
    assert date_problem("event_date_end", values) is None
    values.update(event_date="")
    assert date_problem("event_date_end", values) == "the range needs a start date (Events from)"


def test_source_choice_label_is_one_line() -> None:
    source = Source(id="x", number=7, title="A\ntitle   in [brackets]")
    assert source_choice_label(source) == "[7] A title in [brackets]"
    assert source_choice_label(Source(id="y", number=8)) == "[8] (untitled)"


def test_apply_form_result() -> None:
    case = matrix_case()
    first = case.sources[0]
    assert apply_form_result(case, None) is None
    # "Open the existing one" hands back the very object: nothing changes.
    assert opens_existing(case, first)
    assert apply_form_result(case, first) is first
    assert case.sources[0] is first
    edited = Source(id=first.id, number=1, title="Edited")
    assert not opens_existing(case, edited)
    assert apply_form_result(case, edited) is edited
    assert case.sources[0] is edited and len(case.sources) == 4
    new = Source(id="src-new", number=5, title="New")
    apply_form_result(case, new)
    assert case.sources[-1] is new


# The form, by keyboard


async def test_every_field_edited_by_keyboard() -> None:
    case = matrix_case()
    original = case.sources[1]
    app = FormApp(case, original)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "title"
        await retype(pilot, "title", "Putin interview with Oliver Stone")
        await retype(pilot, "author", "Oliver Stone")
        await retype(pilot, "outlet", "Showtime")
        await retype(pilot, "url", "https://example.org/putin-interviews")
        await retype(pilot, "archived_url", "https://web.archive.org/x")
        await choose(pilot, "kind", "news")
        await choose(pilot, "derived_from", "[3]")
        await retype(pilot, "date_published", "2017-06-12")
        await retype(pilot, "event_date", "2000-06")
        await retype(pilot, "event_date_end", "2000-07")
        await retype(pilot, "date_accessed", "2024-05-02")
        await choose(pilot, "amid_dispute", "no")
        await retype(pilot, "dispute_note", "Before the 2022 invasion")
        await choose(pilot, "motive", "political")
        await retype(pilot, "motive_note", "Frames the West as the one who refused")
        await choose(pilot, "corroboration_override", "uncorr")
        await retype(pilot, "corroboration_note", "The two accounts share one origin")
        await choose(pilot, "reliability", "D -")
        await choose(pilot, "credibility", "3 -")
        await retype(pilot, "excerpts", "I asked him.\n\nHe said: why not.\nThen nothing.")
        await retype(pilot, "notes", "Four interviews, 2015-2017.")
        await pilot.press("ctrl+s")
        await pilot.pause()

    [result] = app.results
    assert result is not None and result is not original
    assert (result.id, result.number) == ("src-interview", 2)
    assert result.title == "Putin interview with Oliver Stone"
    assert result.author == "Oliver Stone"
    assert result.url == "https://example.org/putin-interviews"
    assert result.archived_url == "https://web.archive.org/x"
    assert result.kind is SourceKind.NEWS_REPORT
    assert result.derived_from == "src-archives"
    assert (result.date_published, result.event_date, result.event_date_end) == (
        "2017-06-12", "2000-06", "2000-07",
    )
    assert result.date_accessed == "2024-05-02"
    assert result.excerpts == ["I asked him.", "He said: why not.\nThen nothing."]
    assert result.notes == "Four interviews, 2015-2017."
    assert result.assessment == Assessment(
        motive=Motive.POLITICAL_NARRATIVE,
        motive_note="Frames the West as the one who refused",
        amid_dispute=False,
        dispute_note="Before the 2022 invasion",
        corroboration_override=Corroboration.UNCORROBORATED,
        corroboration_note="The two accounts share one origin",
        reliability=Reliability.D,
        credibility=Credibility.POSSIBLY_TRUE,
    )
    # The form edited a copy: the case is as it was until the caller applies the result.
    assert case.sources[1] is original
    assert original.title.startswith("Putin tells Oliver Stone")
    assert original.assessment.motive is Motive.SELF_JUSTIFICATION


async def test_vocabularies_can_be_unset() -> None:
    case = matrix_case()
    app = FormApp(case, case.sources[0])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await choose(pilot, "motive", "not assessed")
        await choose(pilot, "amid_dispute", "unknown")
        await choose(pilot, "reliability", "not graded")
        await choose(pilot, "kind", "not set")
        await pilot.press("ctrl+s")
        await pilot.pause()
    [result] = app.results
    assert result is not None and result.kind is None
    assert result.assessment.motive is None
    assert result.assessment.amid_dispute is None
    assert result.assessment.reliability is None
    # Untouched fields come back as they were.
    assert result.assessment.credibility is Credibility.PROBABLY_TRUE
    assert result.excerpts == case.sources[0].excerpts


async def test_new_source_gets_the_next_number() -> None:
    case = matrix_case()
    app = FormApp(case, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "New source [5]" in str(app.screen.query_one("#form-dialog").border_title)
        assert "no cells there yet" in shown(app, "#computed-corroboration")
        await pilot.press(*"Council minutes")
        await pilot.press("ctrl+s")
        await pilot.pause()
    [result] = app.results
    assert result is not None
    assert result.number == 5 and result.title == "Council minutes"
    assert result.id not in {source.id for source in case.sources}
    assert len(case.sources) == 4
    assert apply_form_result(case, result) is result
    assert case.sources[-1] is result


async def test_timing_follows_the_dates_as_typed() -> None:
    case = matrix_case()
    app = FormApp(case, case.sources[0])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert shown(app, "#timing") == "Lag: 20 years → retrospective"
        await retype(pilot, "event_date", "2021-10")
        assert shown(app, "#timing") == "Lag: 4 days → contemporaneous"
        await retype(pilot, "event_date", "2021-03")
        assert shown(app, "#timing") == "Lag: 218 days → near-term"
        await retype(pilot, "event_date", "")
        assert shown(app, "#timing").startswith("Lag: — → undated")
        await retype(pilot, "event_date", "March 2000")
        assert shown(app, "#event_date-problem") == "✗ use YYYY, YYYY-MM or YYYY-MM-DD"
        assert shown(app, "#timing") == "Lag: — (fix the dates above)"
        await retype(pilot, "event_date", "2000-03")
        assert shown(app, "#event_date-problem") == ""
        # A range is measured from its end.
        await retype(pilot, "event_date_end", "2020")
        assert shown(app, "#timing") == "Lag: 308 days → near-term"


async def test_an_invalid_date_blocks_saving_and_is_focused() -> None:
    case = matrix_case()
    app = FormApp(case, case.sources[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await retype(pilot, "date_accessed", "last week")
        await retype(pilot, "title", "Renamed")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert isinstance(app.screen, SourceFormScreen)
        assert app.focused is not None and app.focused.id == "date_accessed"
        assert notifications(app) == [
            "Cannot save the source: Accessed: use YYYY, YYYY-MM or YYYY-MM-DD"
        ]
        await retype(pilot, "date_accessed", "2024-05")
        await pilot.press("ctrl+s")
        await pilot.pause()
    [result] = app.results
    assert result is not None
    assert (result.title, result.date_accessed) == ("Renamed", "2024-05")


async def test_an_event_range_that_ends_first_blocks_saving() -> None:
    case = matrix_case()
    app = FormApp(case, case.sources[1])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await retype(pilot, "event_date_end", "1999")
        assert shown(app, "#event_date_end-problem") == "✗ the events end before they start"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert app.focused is not None and app.focused.id == "event_date_end"


async def test_escape_without_changes_cancels() -> None:
    case = matrix_case()
    app = FormApp(case, case.sources[0])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]
        assert not isinstance(app.screen, SourceFormScreen)


async def test_escape_with_changes_asks_first() -> None:
    case = matrix_case()
    app = FormApp(case, case.sources[0])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*" (updated)")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        # Enter keeps editing: esc then enter by reflex must not lose the work.
        await pilot.press("enter")
        await pilot.pause()
        # Nothing typed is lost: back in the form, the text is still there.
        assert form(app).query_one("#title", Input).value == (
            "Ex-Nato head says Putin wanted to join alliance early on (updated)"
        )
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.results == [None]
    assert case.sources[0].title == "Ex-Nato head says Putin wanted to join alliance early on"


async def test_corroboration_is_computed_live_and_suggests_credibility() -> None:
    case = matrix_case()
    app = FormApp(case, case.sources[0])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        hint = app.screen.query_one("#credibility-hint")
        assert shown(app, "#computed-corroboration") == (
            "corroborated  (from the evidence matrix)"
        )
        assert hint.display
        assert shown(app, "#credibility-hint").startswith(
            "Suggest 1 - confirmed by other sources"
        )
        await choose(pilot, "credibility", "1 -")
        assert not hint.display
        await choose(pilot, "credibility", "2 -")
        assert hint.display
        # An override that says otherwise wins, and takes the suggestion away.
        await choose(pilot, "corroboration_override", "contradicted")
        assert shown(app, "#computed-corroboration") == (
            "corroborated  (from the evidence matrix); the override says contradicted"
        )
        assert not hint.display


async def test_derived_from_changes_the_computed_corroboration() -> None:
    case = matrix_case()
    robertson = case.sources[0]
    app = FormApp(case, robertson)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # The interview agrees with the Guardian on interest (the blog only repeats it)...
        assert shown(app, "#computed-corroboration").startswith("corroborated")
        # ...unless the Guardian merely repeats the interview: then nobody independent agrees.
        await choose(pilot, "derived_from", "[2]")
        assert shown(app, "#computed-corroboration").startswith("uncorroborated")
        await choose(pilot, "derived_from", "none")
        assert shown(app, "#computed-corroboration").startswith("corroborated")
    # Nothing in the case was touched while trying.
    assert robertson.derived_from is None


async def test_derived_from_lists_the_other_sources() -> None:
    case = matrix_case()
    app = FormApp(case, case.sources[1])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        select = app.screen.query_one("#derived_from", Select)
        labels = [str(prompt) for prompt, _ in select._options]
        assert labels == [
            "none - independent",
            "[1] Ex-Nato head says Putin wanted to join alliance early on",
            "[3] NATO archives: no application",
            "[4] Blog retelling the Guardian story",
        ]


# The duplicate warning


def duplicate_of_first(screen: SourceFormScreen, source: Source) -> list[DuplicateHit]:
    return [DuplicateHit(existing=screen.case.sources[0], reason="same URL")]


async def test_duplicate_open_the_existing_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SourceFormScreen, "find_duplicates", duplicate_of_first)
    case = matrix_case()
    app = FormApp(case, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"Robertson in the Guardian", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DuplicateScreen)
        message = shown(app, "#duplicate-message")
        assert "[1] Ex-Nato head says Putin wanted to join alliance early on (same URL)" in message
        await pilot.press("o")
        await pilot.pause()
    [result] = app.results
    assert result is case.sources[0]
    assert opens_existing(case, result)
    assert apply_form_result(case, result) is case.sources[0]
    assert len(case.sources) == 4


async def test_duplicate_keep_both_and_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SourceFormScreen, "find_duplicates", duplicate_of_first)
    case = matrix_case()
    app = FormApp(case, None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*"Robertson again", "ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        # Back: still in the form, nothing dismissed.
        assert isinstance(app.screen, SourceFormScreen) and app.results == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
    [result] = app.results
    assert result is not None and not opens_existing(case, result)
    assert result.title == "Robertson again" and result.number == 5


async def test_unchanged_title_and_url_are_not_checked_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(SourceFormScreen, "find_duplicates", duplicate_of_first)
    case = matrix_case()
    app = FormApp(case, case.sources[2])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await retype(pilot, "outlet", "NATO")
        await pilot.press("ctrl+s")
        await pilot.pause()
    [result] = app.results
    assert result is not None and result.outlet == "NATO"


async def test_a_new_source_with_a_known_url_is_flagged() -> None:
    """The real finder: the same article behind tracking parameters and ``www.``."""
    case = matrix_case()
    app = FormApp(case, None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*"Robertson interview")
        await retype(pilot, "url",
                     "http://theguardian.com/world/2021/nov/04/robertson-putin-nato/?utm_source=x")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DuplicateScreen)
        assert "[1] Ex-Nato head says Putin wanted to join alliance early on (same URL)" in (
            shown(app, "#duplicate-message")
        )
        await pilot.press("o")
        await pilot.pause()
    assert app.results == [case.sources[0]]


async def test_an_edited_source_is_not_its_own_duplicate() -> None:
    case = matrix_case()
    app = FormApp(case, case.sources[0])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*" (2021)")
        await pilot.press("ctrl+s")
        await pilot.pause()
    [result] = app.results
    assert result is not None and result.title.endswith("(2021)")


# Snapshots


def test_source_form_snapshot_120x40(snap_compare) -> None:
    case = matrix_case()
    assert snap_compare(FormApp(case, case.sources[0]), terminal_size=(120, 40))


def test_source_form_snapshot_80x24(snap_compare) -> None:
    case = matrix_case()
    assert snap_compare(FormApp(case, case.sources[0]), terminal_size=(80, 24))


def test_source_form_invalid_date_snapshot(snap_compare) -> None:
    """The inline error and the timing line when a date cannot be read."""
    case = matrix_case()

    async def type_bad_date(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await retype(pilot, "event_date", "2000-13")

    assert snap_compare(
        FormApp(case, case.sources[1]), terminal_size=(80, 24), run_before=type_bad_date
    )
