"""A date of the right shape that names no day says plainly why: "2018-02-30 is not a date:
February 2018 has 28 days", on the command line, in the source form and in the model.

The old words ("use YYYY, YYYY-MM or YYYY-MM-DD" for a month 13, "has no day 30") sent
people looking for a typo in the shape, or left them to count the days themselves.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.app import App
from textual.widgets import Input

from tests.support import notifications, type_text
from workbench.casefile.store import CaseFile
from workbench.cli import main
from workbench.fields import DATE_HINT, FIELDS, FieldError, set_field
from workbench.model import Case, parse_partial_date
from workbench.tui.source_form import SourceFormScreen

#: Text -> the reason the date fields give for it.
REASONS = {
    "2018-02-30": "February 2018 has 28 days",
    "2018-04-31": "April 2018 has 30 days",
    "2019-02-29": "February 2019 has 28 days (not a leap year)",
    "2018-13-01": "there is no month 13 (months go 01 to 12)",
    "2018-13": "there is no month 13 (months go 01 to 12)",
    "2018-00": "there is no month 00 (months go 01 to 12)",
    "2018-01-00": "there is no day 00 (days go from 01)",
    "0000": "there is no year 0000 (years go from 0001)",
}


@pytest.mark.parametrize(("text", "reason"), REASONS.items())
def test_the_registry_says_why_the_day_does_not_exist(text: str, reason: str) -> None:
    assert FIELDS["source"]["date_published"].problem(text) == reason


@pytest.mark.parametrize(("text", "reason"), REASONS.items())
def test_set_refuses_it_in_one_plain_sentence(small_case: Case, text: str,
                                              reason: str) -> None:
    with pytest.raises(FieldError) as refused:
        set_field(small_case, "source:1.date_published", text)
    assert str(refused.value) == f"{text} is not a date: {reason}"


@pytest.mark.parametrize(("text", "reason"), REASONS.items())
def test_the_model_parser_says_the_same(text: str, reason: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_partial_date(text)
    assert str(refused.value) == f"{text} is not a date: {reason}"


def test_real_days_and_shapeless_text_are_unchanged() -> None:
    date = FIELDS["source"]["date_published"]
    for text in ("2020-02-29", "2018-02-28", "2018-12-31", "2018-12", "0001", ""):
        assert date.problem(text) is None, text
    for text in ("June", "2018-1-1", "2018-02-3", "12/03/2020", "2018-02-31x"):
        assert date.problem(text) == DATE_HINT, text


def test_the_cli_names_the_month_and_its_days(small_case: Case, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "Alice")
    path = tmp_path / "bridge.case.db"
    CaseFile.create(path, small_case).close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = CliRunner().invoke(main, ["set", str(path), "source:1.date_published",
                                       "2018-02-30"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr == ("workbench: 2018-02-30 is not a date: "
                             "February 2018 has 28 days\n")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


class FormApp(App[None]):
    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case

    def on_mount(self) -> None:
        self.push_screen(SourceFormScreen(self.case, self.case.sources[0]))


async def test_the_source_form_says_it_beside_the_field_and_on_saving(
        small_case: Case) -> None:
    app = FormApp(small_case)
    async with app.run_test(size=(120, 40)) as pilot:
        date = app.screen.query_one("#date_published", Input)
        date.focus()
        date.clear()
        await type_text(pilot, "2019-02-29")
        beside = app.screen.query_one("#date_published-problem")
        assert str(beside.render()) == "✗ February 2019 has 28 days (not a leap year)"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert notifications(app)[-1] == (
            "Cannot save the source: Published: February 2019 has 28 days (not a leap year)")
        assert isinstance(app.screen, SourceFormScreen)
