"""Locators: where each excerpt is in its source (issue 13, point 2).

An excerpt carries a locator (page, paragraph, section, line, or a timestamp into a
recording) and the W3C TextQuoteSelector (prefix, exact, suffix). Typed in the source form
and by ``workbench set`` as ``[p. 12]`` before the excerpt; kept by the case file (schema 5,
migrated from schema 4 with a backup) and the case JSON; shown in the exports' source list.
"""

from __future__ import annotations

import json
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.widgets import TextArea

from tests.strategies import locators
from tests.support import (
    SCHEMA_5_DROPS,
    digest,
    notifications,
    refused,
    run,
    schema_layout,
    type_text,
    wait_for,
    write_old_schema,
)
from workbench.casefile import CaseFile
from workbench.casefile.probe import SCHEMA_VERSION
from workbench.casefile.writes import empty_case_file
from workbench.fields import FieldError, set_field
from workbench.formats.article import build_article
from workbench.formats.case_json import (
    CaseFormatError,
    case_from_dict,
    case_from_json,
    case_to_dict,
    case_to_json,
)
from workbench.formats.html_export import render_html
from workbench.formats.markdown_export import render_markdown
from workbench.formats.text_export import render_text
from workbench.model import (
    Case,
    Locator,
    LocatorKind,
    excerpt_text,
    locator_problem,
    parse_excerpt,
)
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_screen import CaseScreen
from workbench.tui.source_form import SourceFormScreen

PAGE_12 = Locator(kind=LocatorKind.PAGE, value="12")
AT_0609 = Locator(kind=LocatorKind.TIMESTAMP, value="06:09", prefix="he said",
                  suffix="and then")


def placed(case: Case) -> Case:
    """``small_case`` with its council notice's excerpts placed: p. 12 and a timestamp."""
    notice = case.sources[0]
    notice.excerpts = ["closed from 1 May", "No traffic will cross"]
    notice.locators = [PAGE_12, AT_0609]
    return case


# Typing a locator


@pytest.mark.parametrize(("typed", "text", "locator"), [
    ("[p. 12] closed from 1 May", "closed from 1 May", PAGE_12),
    ("[page 12]   closed", "closed", PAGE_12),
    ("[pp. 12\N{EN DASH}13] closed", "closed", Locator(kind=LocatorKind.PAGE, value="12-13")),
    ("[p. xii] foreword", "foreword", Locator(kind=LocatorKind.PAGE, value="xii")),
    ("[para 4] text", "text", Locator(kind=LocatorKind.PARAGRAPH, value="4")),
    ("[¶4] text", "text", Locator(kind=LocatorKind.PARAGRAPH, value="4")),
    ("[§ 3.2] text", "text", Locator(kind=LocatorKind.SECTION, value="3.2")),
    ("[l. 7] text", "text", Locator(kind=LocatorKind.LINE, value="7")),
    ("[6:09] text", "text", Locator(kind=LocatorKind.TIMESTAMP, value="06:09")),
    ("[at 1:02:03] text", "text", Locator(kind=LocatorKind.TIMESTAMP, value="01:02:03")),
    ("[at 06:09] text\nprefix: he said\nsuffix: and then", "text", AT_0609),
    # Brackets that place nothing are the excerpt's own words.
    ("[T]he bridge", "[T]he bridge", Locator()),
    ("[sic] closed", "[sic] closed", Locator()),
    ("[2019] closed", "[2019] closed", Locator()),
    ("[P]eople said", "[P]eople said", Locator()),
])
def test_an_excerpt_is_placed_as_typed(typed: str, text: str, locator: Locator) -> None:
    assert parse_excerpt(typed) == (text, locator)


@pytest.mark.parametrize(("typed", "refusal"), [
    ("[p. 0] x", "[p. 0]: there is no page 0 (pages count from 1)"),
    ("[p. abc] x", "[p. abc]: 'abc' is not a page number (use a number such as 12, or "
                   "12-13, or a roman numeral such as xii)"),
    ("[p. 13-12] x", "[p. 13-12]: the pages 13-12 run backwards"),
    ("[para. iv] x", "[para. iv]: 'iv' is not a paragraph number (use a number such as 12, "
                     "or 12-13)"),
    ("[at 06:75] x", "[at 06:75]: 06:75 is not a timestamp: seconds go 00 to 59"),
    ("[at 1:75:00] x", "[at 1:75:00]: 1:75:00 is not a timestamp: minutes go 00 to 59"),
    ("[at noon] x", "[at noon]: 'noon' is not a timestamp (use HH:MM:SS or MM:SS, e.g. 06:09)"),
    ("[p. 12]", "[p. 12]: the excerpt's text is missing after it"),
])
def test_a_locator_that_places_nothing_is_refused_in_one_line(typed: str,
                                                               refusal: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_excerpt(typed)
    assert str(raised.value) == refusal


#: Excerpt text the bracket syntax cannot mistake for a locator or a selector line.
plain_text = st.text(st.characters(whitelist_categories=("L", "N", "Zs"),
                                   whitelist_characters=".,'\u2019-"),
                     min_size=1, max_size=40).map(str.strip).filter(bool)
one_line = st.text(st.characters(whitelist_categories=("L", "N", "Zs", "P")),
                   max_size=20).map(str.strip)


@given(text=plain_text, locator=locators(), prefix=one_line, suffix=one_line)
def test_an_excerpt_reads_back_as_written(text: str, locator: Locator, prefix: str,
                                          suffix: str) -> None:
    locator = Locator(kind=locator.kind, value=locator.value.strip(), prefix=prefix,
                      suffix=suffix)
    if locator.kind is LocatorKind.SECTION and "]" in locator.value:
        locator = Locator(kind=locator.kind, value="3.2", prefix=prefix, suffix=suffix)
    assert parse_excerpt(excerpt_text(text, locator)) == (text, locator)


def test_workbench_set_places_excerpts(small_case: Case) -> None:
    set_field(small_case, "source:1.excerpts",
              "[p. 12] closed from 1 May\n\n[at 6:09] No traffic\nwill cross\nprefix: he said")
    notice = small_case.sources[0]
    assert notice.excerpts == ["closed from 1 May", "No traffic\nwill cross"]
    assert notice.locators == [PAGE_12, Locator(kind=LocatorKind.TIMESTAMP, value="06:09",
                                                prefix="he said")]
    # An excerpt without a locator after placed ones keeps the list as short as it can be.
    set_field(small_case, "source:1.excerpts", "closed from 1 May\n\n[p. 12] No traffic")
    assert notice.locators == [Locator(), PAGE_12]
    set_field(small_case, "source:1.excerpts", "[p. 12] closed\n\nNo traffic")
    assert notice.locators == [PAGE_12]
    with pytest.raises(FieldError) as refused:
        set_field(small_case, "source:1.excerpts", "fine\n\n[p. 0] not fine")
    assert str(refused.value) == "excerpt 2: [p. 0]: there is no page 0 (pages count from 1)"
    assert notice.excerpts == ["closed", "No traffic"]


# Kept by the case file and the case JSON


def test_the_case_file_keeps_locators(tmp_path: Path, small_case: Case) -> None:
    case = placed(small_case)
    path = tmp_path / "case.db"
    CaseFile.create(path, case).close()
    with CaseFile.open(path, read_only=True) as reader:
        loaded = reader.load()
    assert loaded.sources[0].locators == [PAGE_12, AT_0609]
    assert loaded.sources[0].excerpts == case.sources[0].excerpts
    rows = sqlite3.connect(path).execute(
        "SELECT position, text, locator_kind, locator, prefix, exact, suffix FROM excerpts "
        "ORDER BY position").fetchall()
    assert rows == [(0, "closed from 1 May", "page", "12", "", "", ""),
                    (1, "No traffic will cross", "timestamp", "06:09", "he said", "",
                     "and then")]


def test_a_locator_edit_is_in_the_history(tmp_path: Path, small_case: Case) -> None:
    path = tmp_path / "case.db"
    CaseFile.create(path, small_case).close()
    with CaseFile.open(path, who="Ana") as writer:
        case = writer.load()
        set_field(case, "source:1.excerpts", "[p. 12] closed from 1 May")
        writer.save(case)
        event = writer.history()[-1]
    assert (event.field, event.before, event.after) == (
        "excerpts", "closed from 1 May", "[p. 12] closed from 1 May")


def test_case_json_writes_an_excerpt_with_its_place(small_case: Case) -> None:
    case = placed(small_case)
    document = case_to_dict(case)
    assert document["format_version"] == 4
    assert document["sources"][0]["excerpts"] == [
        {"text": "closed from 1 May", "locator": {"kind": "page", "value": "12"}},
        {"text": "No traffic will cross", "locator": {"kind": "timestamp", "value": "06:09"},
         "selector": {"type": "TextQuoteSelector", "prefix": "he said",
                      "suffix": "and then"}},
    ]
    assert case_from_json(case_to_json(case)) == case
    # Without locators (or origins, or acceptances) the document stays version 2.
    small_case.sources[0].locators = []
    assert case_to_dict(small_case)["format_version"] == 2


def test_case_json_refuses_a_locator_that_places_nothing(small_case: Case) -> None:
    document = json.loads(case_to_json(placed(small_case)))
    document["sources"][0]["excerpts"][0]["locator"]["value"] = "0"
    with pytest.raises(CaseFormatError) as refused:
        case_from_dict(document)
    assert str(refused.value) == ("sources[0].excerpts[0].locator.value: there is no page 0 "
                                  "(pages count from 1)")
    document["sources"][0]["excerpts"][0] = {"text": 12}
    with pytest.raises(CaseFormatError, match=r"sources\[0\]\.excerpts\[0\]\.text must be"):
        case_from_dict(document)


# Schema 4 -> 5


def test_a_schema_4_file_is_backed_up_and_migrated(tmp_path: Path, small_case: Case) -> None:
    path = tmp_path / "old.case.db"
    write_old_schema(path, small_case, 4, SCHEMA_5_DROPS)
    dump = list(sqlite3.connect(path).iterdump())
    before = digest(path)
    # Read-only: read through a migrated copy in memory, the file left as it was.
    with CaseFile.open(path, read_only=True) as reader:
        old = reader.load()
    assert digest(path) == before
    assert old.sources[0].excerpts == ["closed from 1 May"]
    assert old.sources[0].locators == [] and old.sources[0].origin == ""
    with CaseFile.open(path, who="Ana") as writer:
        case = writer.load()
        set_field(case, "source:1.excerpts", "[p. 12] closed from 1 May")
        set_field(case, "source:1.origin", "City council")
        writer.save(case)
    backup = sqlite3.connect(tmp_path / "old.case.db.v4-backup")
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 4
    assert list(backup.iterdump()) == dump
    backup.close()
    migrated = sqlite3.connect(path)
    fresh = sqlite3.connect(":memory:")
    fresh.deserialize(empty_case_file())
    assert migrated.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert schema_layout(migrated) == schema_layout(fresh)
    migrated.close()
    with CaseFile.open(path, read_only=True) as reader:
        again = reader.load()
    assert again.sources[0].locators == [PAGE_12]
    assert again.sources[0].origin == "City council"


# Shown in the exports


def markdown_text(tokens: list[Token]) -> str:
    """The words a Markdown document shows, as markdown-it parses it (escapes undone)."""
    return " ".join("".join(child.content if child.type != "softbreak" else " "
                            for child in token.children or [])
                    for token in tokens if token.type == "inline")


class _Text(HTMLParser):
    """The text of an HTML document, tags dropped, and whether it parsed cleanly."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def test_the_exports_source_list_says_where_each_excerpt_is(small_case: Case) -> None:
    case = placed(small_case)
    wanted = ("p. 12: “closed from 1 May”", "at 06:09: “No traffic will cross”")
    article = build_article(case)
    markdown = render_markdown(article)
    tokens = MarkdownIt().parse(markdown)
    inline = markdown_text(tokens)
    for words in wanted:
        assert words in inline
    parser = _Text()
    parser.feed(render_html(article))
    parser.close()
    html_text = " ".join("".join(parser.parts).split())
    for words in wanted:
        assert words in html_text
    text = " ".join(render_text(article).split())
    for words in wanted:
        assert words in text


# The source form


async def test_the_source_form_places_an_excerpt_names_the_origin_and_reaches_the_disk(
        tmp_path: Path, small_case: Case) -> None:
    path = tmp_path / "bridge.case.db"
    CaseFile.create(path, small_case).close()
    app = WorkbenchApp(case=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen)
                       and app.screen.case is not None)
        await pilot.press("f3", "e")
        await wait_for(pilot, lambda: isinstance(app.screen, SourceFormScreen))
        form = app.screen
        area = form.query_one("#excerpts", TextArea)
        assert area.text == "closed from 1 May"
        area.focus()
        area.clear()
        # A locator that places nothing is refused on saving, in one line.
        await type_text(pilot, "[p. 0] closed from 1 May")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert app.focused is area
        assert notifications(app)[-1] == (
            "Cannot save the source: Excerpts: excerpt 1: [p. 0]: there is no page 0 "
            "(pages count from 1)")
        area.clear()
        await type_text(pilot, "[p. 12] closed from 1 May\n\n"
                               "[at 6:09] No traffic will cross\nprefix: he said")
        # And whose account the notice carries.
        form.query_one("#origin").focus()
        await type_text(pilot, "City council")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen))
        await pilot.press("ctrl+q")
        await pilot.pause()
    with CaseFile.open(path, read_only=True) as reader:
        notice = reader.load().sources[0]
    assert notice.excerpts == ["closed from 1 May", "No traffic will cross"]
    assert notice.locators == [PAGE_12, Locator(kind=LocatorKind.TIMESTAMP, value="06:09",
                                                prefix="he said")]
    assert notice.origin == "City council"


def test_a_section_locator_is_one_line(tmp_path: Path, small_case: Case) -> None:
    """"[sec. …]" heads an excerpt's first line: a section name with a line break in it
    could not be read back, so it is refused wherever a locator comes in."""
    assert locator_problem(LocatorKind.SECTION, "Methods") is None
    assert locator_problem(LocatorKind.SECTION, "Methods\nand data") == "the section is one line"
    path = tmp_path / "c.case.db"
    CaseFile.create(path, small_case).close()
    f = str(path)
    run("source", "add", f, "--title", "Report", "--as", "Ana")
    refused(path, "excerpt", "add", f, "1", "Text.", "--section", "Methods\nand data",
            "--as", "Ana", message="the section is one line")
    document = json.loads(case_to_json(placed(small_case)))
    document["sources"][0]["excerpts"][0]["locator"] = {"kind": "section", "value": "A\nB"}
    with pytest.raises(CaseFormatError, match="the section is one line"):
        case_from_dict(document)
