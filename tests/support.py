"""What several test modules share: the repository's paths, the cases the TUI tests open,
ClaimReview's offline check, and the ways a test drives the app and waits for it.

Test modules import from here (and from ``strategies``), never from one another.

Waiting: a test waits for the event it needs (the workers done, the screen saying "saved",
a condition true), never for a fixed time. ``conftest.no_waiting`` sets the app's own
pauses after typing to zero, so those events come as soon as the app can make them.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import time
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from textual import events
from textual.app import App
from textual.content import Content
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Static

from workbench.casefile.store import CaseFile
from workbench.cli import main
from workbench.formats.case_json import case_from_json
from workbench.model import (
    AnchorKind,
    Assessment,
    Case,
    Cell,
    Claim,
    Comment,
    Confidence,
    Correction,
    Credibility,
    Event,
    Motive,
    Publication,
    Question,
    Reliability,
    Section,
    SectionKind,
    Source,
    SourceKind,
    Status,
    Verdict,
    snapshot_hash,
)
from workbench.tui.autosave import SaveIndicator, SaveState
from workbench.tui.case_screen import CaseScreen
from workbench.tui.lazy_text_area import LazyTextArea

REPO = Path(__file__).resolve().parent.parent
SAMPLE_CASES = sorted((REPO / "sample_cases").glob("*.json"))

#: Snapshot tests name this file in the help screen's text, so it must be the same on
#: every machine; it does not exist, so the defaults apply and nothing is written.
FIXED_CONFIG = "/nonexistent/workbench/config.toml"

PUTIN_CLAIM = "Russia asked to join NATO, and the West turned it down."


# Cases with fixed ids and timestamps, so that snapshots are the same on every run


def putin_case() -> Case:
    """The seed article's shape, small: two recollections and the archives' silence."""
    robertson = Source(
        id="src-robertson", number=1,
        title="Ex-Nato head says Putin wanted to join alliance early on",
        author="George Robertson", outlet="The Guardian", date_published="2021-11-04",
        event_date="2000", kind=SourceKind.FIRST_HAND_ACCOUNT,
        assessment=Assessment(motive=Motive.REPUTATIONAL),
    )
    interview = Source(
        id="src-interview", number=2,
        title="Putin tells Oliver Stone he raised NATO membership with Clinton",
        outlet="Showtime", date_published="2017-06-12", event_date="2000-06",
        kind=SourceKind.INTERVIEW, assessment=Assessment(motive=Motive.POLITICAL_NARRATIVE),
    )
    archives = Source(id="src-archives", number=3, title="National Security Archive",
                      kind=SourceKind.ARCHIVAL_RECORD)
    interest = Question(id="q-interest", text="Did Putin voice interest in membership?")
    application = Question(id="q-application", text="Was a formal application made?")
    return Case(
        id="case-putin", title="Did Putin ask to join NATO?", status=Status.IN_REVIEW,
        scale="politifact", created="2024-05-01T09:00:00Z", updated="2024-05-02T16:30:00Z",
        claim=Claim(text=PUTIN_CLAIM, claimant="Vladimir Putin",
                    claimant_role="President of Russia", date_made="2017-06"),
        verdict=Verdict(
            rating="Mostly False",
            conclusion="Interest was voiced informally; no formal application exists.",
            established=["Putin raised membership informally in 2000 [1] [2]"],
            unresolved=["What Clinton answered"],
            confidence=Confidence.MEDIUM, checked_on="2024-05-02",
        ),
        questions=[interest, application],
        sources=[robertson, interview, archives],
        sections=[
            Section(id="sec-summary", kind=SectionKind.EXECUTIVE_SUMMARY,
                    heading="Executive summary",
                    body="Recollections of an overture, but no formal application [1] [2] [3]."),
            Section(id="sec-chief", heading="A former NATO chief's recollection",
                    body="George Robertson recalled the wish **years later** [1]."),
            Section(id="sec-bottom", kind=SectionKind.BOTTOM_LINE, heading="Bottom line",
                    body="Informal interest: likely. A formal application: no record [3]."),
        ],
        matrix={
            (interest.id, robertson.id): Cell.SUPPORTS,
            (interest.id, interview.id): Cell.SUPPORTS,
            (application.id, interview.id): Cell.SUPPORTS,
            (application.id, archives.id): Cell.CONTRADICTS,
        },
    )


def eiffel_case() -> Case:
    """A bare draft on the "no rating" scale: nothing but a claim and an empty bottom line."""
    return Case(
        id="case-eiffel", title="Does the Eiffel Tower grow in summer?",
        created="2024-04-01T08:00:00Z",
        claim=Claim(text="The Eiffel Tower is [about] 15 cm taller in summer."),
        sections=[Section(id="sec-empty", kind=SectionKind.BOTTOM_LINE, heading="Bottom line")],
    )


def quoting_case() -> Case:
    """A draft with one error (no rating) and a quotation no excerpt of its source holds."""
    return Case(
        id="case-quote", title="Is the bridge closed?", scale="politifact",
        created="2024-05-01T09:00:00Z", updated="2024-05-02T16:30:00Z",
        claim=Claim(text="The bridge is closed to all traffic."),
        verdict=Verdict(conclusion="Closed to cars."),
        sources=[Source(id="s-notice", number=1, title="Council notice",
                        excerpts=["Closed to cars from 1 April."],
                        date_published="2024-04-01", event_date="2024-04-01")],
        sections=[
            Section(id="x-summary", kind=SectionKind.EXECUTIVE_SUMMARY, heading="Summary",
                    body="Closed to cars [1]."),
            Section(id="x-body", heading="The notice",
                    body='The mayor said "the bridge shuts for good next spring" [1].'),
            Section(id="x-bottom", kind=SectionKind.BOTTOM_LINE, heading="Bottom line",
                    body="Partly [1]."),
        ],
    )


def matrix_case() -> Case:
    """Four sources on two questions: a recollection, a retelling, archives, and a repeat."""
    robertson = Source(
        id="src-robertson",
        number=1,
        title="Ex-Nato head says Putin wanted to join alliance early on",
        author="George Robertson",
        outlet="The Guardian",
        url="https://www.theguardian.com/world/2021/nov/04/robertson-putin-nato",
        date_published="2021-11-04",
        event_date="2000",
        date_accessed="2024-05-01",
        kind=SourceKind.FIRST_HAND_ACCOUNT,
        excerpts=["He wanted to be part of that secure, stable, prosperous West."],
        notes="Told two decades on.",
        assessment=Assessment(
            motive=Motive.REPUTATIONAL,
            motive_note="A former secretary-general on his own tenure",
            amid_dispute=True,
            dispute_note="Said as relations with Russia soured",
            reliability=Reliability.B,
            credibility=Credibility.PROBABLY_TRUE,
        ),
    )
    interview = Source(
        id="src-interview",
        number=2,
        title="Putin tells Oliver Stone he raised [NATO] membership with Clinton",
        outlet="Showtime",
        date_published="2017-06-12",
        event_date="2000-06",
        kind=SourceKind.INTERVIEW,
        assessment=Assessment(motive=Motive.SELF_JUSTIFICATION),
    )
    archives = Source(id="src-archives", number=3, title="NATO archives: no application",
                      kind=SourceKind.ARCHIVAL_RECORD)
    repeat = Source(id="src-repeat", number=4, title="Blog retelling the Guardian story",
                    derived_from="src-robertson", kind=SourceKind.SOCIAL_MEDIA_POST)
    interest = Question(id="q-interest", text="Did Putin voice interest in membership?")
    application = Question(id="q-application", text="Was a formal application made?")
    return Case(
        id="case-putin",
        title="Did Putin ask to join NATO?",
        status=Status.IN_REVIEW,
        created="2024-05-01T09:00:00Z",
        updated="2024-05-02T16:30:00Z",
        claim=Claim(text=PUTIN_CLAIM),
        questions=[interest, application],
        sources=[robertson, interview, archives, repeat],
        matrix={
            (interest.id, robertson.id): Cell.SUPPORTS,
            (interest.id, interview.id): Cell.SUPPORTS,
            (interest.id, repeat.id): Cell.SUPPORTS,
            (application.id, interview.id): Cell.SUPPORTS,
            (application.id, archives.id): Cell.CONTRADICTS,
            (application.id, robertson.id): Cell.SILENT,
        },
    )


# ClaimReview, checked offline

#: schema.org type -> the properties a ClaimReview document may give it here.
_PROPERTIES = {
    "ClaimReview": {"@context", "@type", "url", "name", "claimReviewed", "datePublished",
                    "dateModified", "inLanguage", "author", "reviewRating", "itemReviewed",
                    "creativeWorkStatus"},
    # A claimant organization's role is its description; either kind of claimant may
    # name an address that identifies it (sameAs).
    "Organization": {"@type", "name", "url", "description", "sameAs"},
    "Person": {"@type", "name", "jobTitle", "sameAs"},
    "Rating": {"@type", "alternateName", "ratingValue", "bestRating", "worstRating",
               "ratingExplanation"},
    "Claim": {"@type", "author", "datePublished", "firstAppearance", "appearance"},
    "CreativeWork": {"@type", "url", "name"},
}
#: property -> the types its value may have.
_VALUE_TYPES = {
    "author": {"Organization", "Person"},
    "reviewRating": {"Rating"},
    "itemReviewed": {"Claim"},
    "firstAppearance": {"CreativeWork"},
    "appearance": {"CreativeWork"},
}
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def assert_valid_claimreview(document: dict[str, Any], *, complete: bool = False) -> None:
    """Offline structural validation of one ClaimReview object.

    JSON-LD processors fetch https://schema.org as a remote context, so the structure is
    checked against the handful of schema.org types and properties a ClaimReview uses,
    without network or pyld. ``complete`` also asks for what Google's ClaimReview
    structured data requires (``claimReviewed``, ``url``, ``reviewRating`` with its
    ``alternateName``) and what the Workbench always adds to a publishable one (the
    ``author`` organisation's name), and no ``creativeWorkStatus`` mark.
    """
    assert json.loads(json.dumps(document)) == document, "not plain JSON"
    assert document["@context"] == "https://schema.org"
    assert document["@type"] == "ClaimReview"
    assert document["claimReviewed"].strip()
    _check_node(document, "ClaimReview", "")
    rating = document.get("reviewRating", {})
    numbers = {"ratingValue", "bestRating", "worstRating"} & set(rating)
    assert numbers in (set(), {"ratingValue", "bestRating", "worstRating"}), numbers
    if numbers:
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    if "dateModified" in document:
        assert document["dateModified"] > document["datePublished"]
    if complete:
        assert re.match(r"^https?://\S+$", document.get("url", "")), "no url"
        assert rating.get("alternateName", "").strip(), "no reviewRating.alternateName"
        assert document.get("author", {}).get("name", "").strip(), "no author name"
        assert "creativeWorkStatus" not in document


def _check_node(node: dict[str, Any], expected: str, where: str) -> None:
    assert node.get("@type") == expected, f"{where}: @type {node.get('@type')!r}"
    unknown = set(node) - _PROPERTIES[expected]
    assert not unknown, f"{where}: {expected} has no properties {unknown}"
    for key, value in node.items():
        here = f"{where}.{key}"
        assert value not in ("", None, [], {}), f"{here} is empty"
        if key in ("url", "sameAs"):
            assert re.match(r"^https?://\S+$", value), f"{here}: {value!r}"
        if key in ("datePublished", "dateModified"):
            assert _ISO_DATE.match(value), f"{here}: {value!r}"
        if key in _VALUE_TYPES:
            for index, item in enumerate(value if isinstance(value, list) else [value]):
                assert isinstance(item, dict), f"{here}[{index}]"
                assert item["@type"] in _VALUE_TYPES[key], f"{here}: {item['@type']!r}"
                _check_node(item, item["@type"], f"{here}[{index}]")


# Reading the app


def plain(static: Static) -> str:
    """What a Static shows, as text."""
    content = static.content
    return content.plain if isinstance(content, Content) else str(content)


def notifications(app: App[Any]) -> list[str]:
    """Every notification so far, as "title: message"."""
    return [f"{note.title}: {note.message}" for note in app._notifications]


def screen_of(app: App[Any]) -> CaseScreen:
    screen = app.screen
    assert isinstance(screen, CaseScreen)
    return screen


def indicator(app: App[Any]) -> SaveIndicator:
    return app.screen.query_one(SaveIndicator)


def edit_conclusion(app: App[Any]) -> LazyTextArea:
    """Focus the verdict's conclusion with the cursor after its last character."""
    conclusion = app.screen.query_one("#conclusion", LazyTextArea)
    area = conclusion.become_editor()
    area.move_cursor(area.document.end)
    return conclusion


# Typing


def key_event(character: str) -> events.Key:
    """The key event a terminal sends for one typed character ("-" is "minus", "-")."""
    if character == "\n":
        return events.Key("enter", "\r")
    key = character if character.isalnum() else _character_to_key(character)
    return events.Key(key, character)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type ``text`` into the focused field, key by key, as a quick typist would.

    The same key events as ``pilot.press``, in order, but without its two waits for the
    app to go idle after every key, which made typing most of a test's time: only text goes
    through here, never a key that moves the focus, so the app may take the keys in one
    go. Then wait once for all of them to be handled.
    """
    app = pilot.app
    driver = app._driver
    assert driver is not None
    for character in text:
        event = key_event(character)
        event.set_sender(app)
        driver.send_message(event)
    await pilot.pause()


# Waiting for the app


async def settle(pilot: Pilot[Any]) -> None:
    """Let workers finish and the messages they posted be handled."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


#: How long ``wait_for`` lets a condition take before the test fails: far more than any
#: step takes, only so that a step that never happens fails instead of hanging the suite.
WAIT_LIMIT = 30.0


async def wait_for(pilot: Pilot[Any], condition: Callable[[], object],
                   limit: float = WAIT_LIMIT) -> None:
    """Let the app run until ``condition()`` is true: checked each time the app goes idle."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never came true: {condition}")
        await pilot.pause()


async def wait_saved(pilot: Pilot[Any]) -> None:
    """Until the screen says "saved" for the latest edit."""
    screen = screen_of(pilot.app)

    def saved() -> bool:
        saver = screen.autosaver
        return (saver is not None and not saver.dirty
                and indicator(pilot.app).state is SaveState.SAVED)

    await wait_for(pilot, saved)
    assert plain(indicator(pilot.app)).startswith("● saved")


def hold_autosave(app: App[Any]) -> None:
    """From now on the autosave's pause after typing, and its longest wait, outlast the
    test: what is typed stays unsaved until something else saves it (a choice, leaving the
    case, quitting)."""
    saver = screen_of(app).autosaver
    assert saver is not None
    saver.debounce = saver.max_wait = 3600.0


# Terminal escapes: a case that carries them in every field a command prints.

#: Everything a hostile file might try: OSC 52 (write the clipboard), OSC 0 (retitle the
#: window), CSI 2J (clear the screen), an 8-bit CSI, NEL, bidi override and isolate, DEL,
#: carriage return and backspace (overwrite what was printed), BEL.
EVIL = ("\x1b]52;c;aGk=\x07 \x1b]0;pwned\x07 \x1b[2J \x9b31m \x85 \u202eevil\u202c "
        "\u2066iso\u2069 \x7f \r\x08 \x07")
#: What may never be printed raw: C0 controls but newline and tab, DEL, C1, bidi controls.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def evil(label: str) -> str:
    return f"{label} {EVIL} end"


def escape_laden_case() -> Case:
    """The first sample case with an escape-laden value in every field a command prints."""
    case = case_from_json((REPO / "sample_cases" / "putin-nato.json").read_text("utf-8"))
    case.title = evil("Title")
    case.status = Status.PUBLISHED
    claim = case.claim
    claim.text, claim.claimant, claim.claimant_role = evil("Putin asked"), evil("Putin"), \
        evil("role")
    claim.context, claim.first_appearance = evil("context"), evil("first")
    claim.appearances = [evil("appearance")]
    verdict = case.verdict
    verdict.rating, verdict.conclusion = evil("Rating"), evil("conclusion")
    verdict.established, verdict.unresolved = [evil("established")], [evil("unresolved")]
    case.questions.append(Question(id="q-evil", text=evil("question")))
    for source in case.sources:
        source.title, source.author, source.outlet = evil("source"), evil("author"), \
            evil("outlet")
        source.url, source.notes = "https://example.org/" + evil("path"), evil("notes")
        source.excerpts = [evil("excerpt")]
        source.assessment.motive_note = evil("motive")
        source.assessment.dispute_note = evil("dispute")
    for section in case.sections:
        section.heading, section.body = evil("heading"), evil("body") + " [1]"
    case.comments = [
        Comment(id="c-evil-1", anchor_kind=AnchorKind.SOURCE, anchor_id=case.sources[0].id,
                author=evil("Alice"), created="2025-03-14T10:00:00Z", body=evil("comment")),
        Comment(id="c-evil-2", anchor_kind=AnchorKind.SOURCE, anchor_id=case.sources[0].id,
                author=evil("Bob"), created="2025-03-14T11:00:00Z", body=evil("reply"),
                reply_to="c-evil-1"),
    ]
    case.events.append(Event(id="e-evil", at="2025-03-14T12:00:00Z", who=evil("Carol"),
                             action="edit", target_kind="source",
                             target_id=case.sources[0].id, field="title",
                             before=evil("before"), after=evil("after"),
                             detail=evil("detail")))
    case.corrections = [Correction(id="k-evil", date="2025-03-15", what=evil("what"),
                                   why=evil("why"))]
    case.publications = [_publication(1, evil("article one")),
                         _publication(2, evil("article two") + "\n" + evil("more"))]
    return case


def _publication(number: int, article: str) -> Publication:
    at, who = f"2025-03-1{number}T16:30:00Z", evil("Publisher")
    return Publication(id=f"p-{number}", published_at=at, who=who, article=article,
                       content_hash=snapshot_hash(at, who, article, "{}"), case_json="{}")


# Old schemas, built by dropping what later ones added


#: What schema 8 added (the claimant's type and sameAs), dropped to build a schema 7 file.
SCHEMA_8_DROPS = ("ALTER TABLE claim DROP COLUMN claimant_kind",
                  "ALTER TABLE claim DROP COLUMN claimant_same_as")
#: What schemas 7 (archived copies and captures) and 8 added, dropped to build an older file.
SCHEMA_7_DROPS = (*SCHEMA_8_DROPS, "DROP TABLE archived_copies", "DROP TABLE captures",
                  "DROP TABLE capture_data")
#: What schemas 5 to 8 added, dropped to build an older file from a new one.
SCHEMA_5_DROPS = (
    *SCHEMA_7_DROPS,
    *(f"ALTER TABLE excerpts DROP COLUMN {column}"
      for column in ("locator_kind", "locator", "prefix", "exact", "suffix")),
    "ALTER TABLE sources DROP COLUMN origin",
    # Schema 6's right-of-reply log.
    "DROP TABLE replies",
)


def write_old_schema(path: Path, case: Case, version: int, drops: Iterable[str]) -> None:
    """``case`` in a file as schema ``version`` wrote it: a new file with ``drops`` (what
    later schemas added) undone and its ``user_version`` set back."""
    CaseFile.create(path, case).close()
    connection = sqlite3.connect(path)
    for statement in drops:
        connection.execute(statement)
    connection.execute(f"PRAGMA user_version = {version}")
    connection.commit()
    connection.close()


def schema_layout(connection: sqlite3.Connection) -> dict[str, object]:
    """Tables with their columns (name, type, not null, key, in order) and the indexes:
    ALTER TABLE writes its own SQL text, so the text itself differs from a new file's."""
    tables = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {
        "tables": {name: connection.execute(f"PRAGMA table_info([{name}])").fetchall()
                   for name in tables},
        "indexes": sorted(connection.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'").fetchall()),
    }


def digest(path: Path) -> str:
    """The SHA-256 of a file's bytes: equal before and after means untouched."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


# Keys at machine speed


#: Keys named as ``pilot.press`` names them; anything longer than a key name is text.
KEY_NAMES = frozenset({"f3", "tab", "enter", "escape", "ctrl+s", "down", "backspace"})


def burst(pilot: Pilot[Any], keys: Iterable[str]) -> None:
    """Hand every key to the app at once, as a terminal does with keys typed ahead.

    ``keys`` holds key names (``KEY_NAMES``) and runs of text, typed character by
    character; nothing waits between them.
    """
    app = pilot.app
    driver = app._driver
    assert driver is not None
    for item in keys:
        typed = [key_event_named(item)] if item in KEY_NAMES else map(key_event, item)
        for event in typed:
            event.set_sender(app)
            driver.send_message(event)


def key_event_named(name: str) -> events.Key:
    return events.Key(name, {"tab": "\t", "enter": "\r", "escape": "\x1b"}.get(name))


def on_disk(path: Path) -> Case:
    casefile = CaseFile.open(path)
    try:
        return casefile.load()
    finally:
        casefile.close()


def source_titled(case: Case, title: str) -> Source:
    matches = [source for source in case.sources if source.title == title]
    assert len(matches) == 1, [source.title for source in case.sources]
    return matches[0]


async def saved_source(pilot: Pilot[Any], path: Path, title: str) -> Source:
    """The source called ``title`` as the case file holds it, once the app has saved it."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CaseScreen))
    await settle(pilot)
    screen_of(pilot.app).saving.commit()
    await settle(pilot)
    return source_titled(on_disk(path), title)


# The command line


def run(*args: str, ok: bool = True) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.stderr
    return result.exit_code, result.stdout, result.stderr


def refused(path: Path, *args: str, message: str) -> None:
    """Exit 1, one line on stderr naming why, nothing on stdout, the file's bytes as
    they were."""
    before = digest(path)
    code, out, err = run(*args, ok=False)
    assert code == 1, (out, err)
    assert err.startswith("workbench: ") and err.count("\n") == 1, err
    assert message in err, err
    assert out == ""
    assert digest(path) == before


def load(path: Path) -> Case:
    with CaseFile.open(path, read_only=True) as case_file:
        return case_file.load()


# Structured data in a page


class JsonLdBlocks(HTMLParser):
    """The text of each ``<script type="application/ld+json">`` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inside = tag == "script" and ("type", "application/ld+json") in attrs
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks[-1] += data


def json_ld(html: str) -> list[Any]:
    """Every JSON-LD block of ``html``, parsed, as a search engine's crawler reads them."""
    parser = JsonLdBlocks()
    parser.feed(html)
    parser.close()
    return [json.loads(block) for block in parser.blocks]
