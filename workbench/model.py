"""The domain of a fact-check: a case, its claim, sources, assessments, sections and verdict.

Plain dataclasses and vocabularies, with no I/O and no Textual, so every layer above
(case file, analysis, formats, CLI, TUI) shares one definition of what a case is.
Vocabularies are enums whose values are the stable identifiers written to disk and
whose ``label`` is what a person reads; nothing else in the code spells them out.
"""

from __future__ import annotations

import calendar
import dataclasses
import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum


class Vocabulary(StrEnum):
    """A closed list of choices: the value is stored, the label is shown."""

    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value.replace("_", " "))

    @classmethod
    def parse(cls, value: str) -> Vocabulary:
        """Accept a stored value or a label, case-insensitively; raise ValueError otherwise."""
        wanted = _folded(value)
        for member in cls:
            # Both sides folded alike: stored values may hold capitals ("B") and labels
            # hyphens ("2 - probably true").
            if wanted in (_folded(member.value), _folded(member.label)):
                return member
        choices = ", ".join(member.value for member in cls)
        raise ValueError(f"{value!r} is not one of: {choices}")

    @classmethod
    def label_for(cls, value: str) -> str:
        """The label of a stored value, or the value itself when it is not in the list."""
        try:
            return cls(value).label
        except ValueError:
            return value


def _folded(text: str) -> str:
    """Text as a vocabulary compares it: case, spaces and hyphens set aside."""
    return text.strip().casefold().replace("-", "_").replace(" ", "_")


class Status(Vocabulary):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    PUBLISHED = "published"
    CORRECTED = "corrected"


class SourceKind(Vocabulary):
    PRIMARY_DOCUMENT = "primary_document"
    FIRST_HAND_ACCOUNT = "first_hand_account"
    OFFICIAL_STATEMENT = "official_statement"
    INTERVIEW = "interview"
    NEWS_REPORT = "news_report"
    ANALYSIS = "analysis"
    ARCHIVAL_RECORD = "archival_record"
    DATASET = "dataset"
    SOCIAL_MEDIA_POST = "social_media_post"
    OTHER = "other"


class Motive(Vocabulary):
    """The source's stake in the claim."""

    NONE_APPARENT = "none_apparent"
    SELF_JUSTIFICATION = "self_justification"
    POLITICAL_NARRATIVE = "political_narrative"
    REPUTATIONAL = "reputational"
    COMMERCIAL = "commercial"
    ADVERSARIAL = "adversarial"
    ADVOCACY = "advocacy"
    UNKNOWN = "unknown"


class TimingClass(Vocabulary):
    """How long after the events a source spoke; computed, never typed in."""

    CONTEMPORANEOUS = "contemporaneous"
    NEAR_TERM = "near_term"
    RETROSPECTIVE = "retrospective"
    UNDATED = "undated"


class Corroboration(Vocabulary):
    CORROBORATED = "corroborated"
    UNCORROBORATED = "uncorroborated"
    CONTRADICTED = "contradicted"
    UNVERIFIABLE = "unverifiable"


class LocatorKind(Vocabulary):
    """What a locator counts in to place an excerpt in its source."""

    PAGE = "page"
    PARAGRAPH = "paragraph"
    SECTION = "section"
    LINE = "line"
    #: ``HH:MM:SS`` or ``MM:SS`` into a recording (audio or video).
    TIMESTAMP = "timestamp"


class ReplyChannel(Vocabulary):
    """How someone named in a check was asked for their side of it (right of reply)."""

    EMAIL = "email"
    PHONE = "phone"
    SOCIAL_MEDIA = "social_media"
    IN_PERSON = "in_person"
    LETTER = "letter"
    OTHER = "other"


class Cell(Vocabulary):
    """One cell of the evidence matrix: what a source says about a question."""

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    SILENT = "silent"
    NOT_APPLICABLE = "not_applicable"


class SectionKind(Vocabulary):
    EXECUTIVE_SUMMARY = "executive_summary"
    BODY = "body"
    BOTTOM_LINE = "bottom_line"


class Confidence(Vocabulary):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Reliability(Vocabulary):
    """Admiralty (NATO) source reliability."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"


class Credibility(Vocabulary):
    """Admiralty (NATO) information credibility."""

    CONFIRMED = "1"
    PROBABLY_TRUE = "2"
    POSSIBLY_TRUE = "3"
    DOUBTFUL = "4"
    IMPROBABLE = "5"
    CANNOT_BE_JUDGED = "6"


class ClaimantKind(Vocabulary):
    """Who made a claim, as schema.org types a ClaimReview's claimant (Person or
    Organization): a party, a ministry or a company speaks as an organization."""

    PERSON = "person"
    ORGANIZATION = "organization"


class AnchorKind(Vocabulary):
    """What a review comment is attached to."""

    SECTION = "section"
    SOURCE = "source"
    QUESTION = "question"
    VERDICT = "verdict"
    CASE = "case"


_LABELS: dict[Vocabulary, str] = {
    Status.IN_REVIEW: "in review",
    Status.CHANGES_REQUESTED: "changes requested",
    SourceKind.FIRST_HAND_ACCOUNT: "first-hand account / recollection",
    SourceKind.ANALYSIS: "analysis / scholarship",
    TimingClass.NEAR_TERM: "near-term",
    Cell.NOT_APPLICABLE: "not applicable",
    Reliability.A: "A - completely reliable",
    Reliability.B: "B - usually reliable",
    Reliability.C: "C - fairly reliable",
    Reliability.D: "D - not usually reliable",
    Reliability.E: "E - unreliable",
    Reliability.F: "F - reliability cannot be judged",
    Credibility.CONFIRMED: "1 - confirmed by other sources",
    Credibility.PROBABLY_TRUE: "2 - probably true",
    Credibility.POSSIBLY_TRUE: "3 - possibly true",
    Credibility.DOUBTFUL: "4 - doubtful",
    Credibility.IMPROBABLE: "5 - improbable",
    Credibility.CANNOT_BE_JUDGED: "6 - truth cannot be judged",
}

#: A statement made within this many days of the events is contemporaneous.
CONTEMPORANEOUS_DAYS = 30
#: ... within this many days, near-term; later than that, retrospective.
NEAR_TERM_DAYS = 365

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
#: What to type instead of text that is not shaped like a date at all.
DATE_SHAPE = "use YYYY, YYYY-MM or YYYY-MM-DD"


def calendar_problem(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """Why a date of the right shape names no day, in words ("February 2018 has 28 days").

    Said plainly, so nobody hunts for a typo in the shape, or counts a month's days.
    """
    if year == 0:
        return "there is no year 0000 (years go from 0001)"
    if month is None:
        return None
    if not 1 <= month <= 12:
        return f"there is no month {month:02d} (months go 01 to 12)"
    if day is None:
        return None
    if day == 0:
        return "there is no day 00 (days go from 01)"
    days = calendar.monthrange(year, month)[1]
    if day <= days:
        return None
    leap_day = " (not a leap year)" if (month, day) == (2, 29) else ""
    return f"{calendar.month_name[month]} {year} has {days} days{leap_day}"


def partial_date_problem(text: str) -> str | None:
    """Why ``text`` is no ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date; None when it is one.

    ``DATE_SHAPE`` when it is not shaped like one, else the ``calendar_problem``.
    """
    parts = _date_parts(text)
    return DATE_SHAPE if parts is None else calendar_problem(*parts)


def _date_parts(text: str) -> tuple[int, int | None, int | None] | None:
    """The year, month and day ``text`` gives (a partial date lacks the last ones)."""
    match = _PARTIAL_DATE.match(text.strip())
    if not match:
        return None
    year, month, day = match.groups()
    return int(year), int(month) if month else None, int(day) if day else None


def parse_partial_date(text: str, *, latest: bool = False) -> date:
    """Turn ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` into a date.

    Fact-checkers often know only the year of an event, so dates may be partial. A partial
    date stands for a span; ``latest`` picks its last day instead of its first. A day that
    does not exist is refused saying why in words.
    """
    parts = _date_parts(text)
    if parts is None:
        raise ValueError(f"{text!r} is not a date ({DATE_SHAPE})")
    if problem := calendar_problem(*parts):
        raise ValueError(f"{text.strip()} is not a date: {problem}")
    year, month, day = parts
    if month is None:
        return date(year, 12, 31) if latest else date(year, 1, 1)
    if day is None:
        if not latest:
            return date(year, month, 1)
        return date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def is_partial_date(text: str) -> bool:
    return partial_date_problem(text) is None


def timing_lag_days(events: str, statement: str, events_end: str = "") -> int | None:
    """Days between the end of the events and the statement about them, or None if undated.

    Partial dates are read generously (the events' last possible day, the statement's
    first), so a source is only called retrospective when it certainly is.
    """
    if not events or not statement:
        return None
    try:
        ended = parse_partial_date(events_end or events, latest=True)
        spoken = parse_partial_date(statement)
    except ValueError:
        return None
    return max(0, (spoken - ended).days)


def timing_class(lag_days: int | None) -> TimingClass:
    if lag_days is None:
        return TimingClass.UNDATED
    if lag_days <= CONTEMPORANEOUS_DAYS:
        return TimingClass.CONTEMPORANEOUS
    if lag_days <= NEAR_TERM_DAYS:
        return TimingClass.NEAR_TERM
    return TimingClass.RETROSPECTIVE


def now_timestamp() -> str:
    """The current UTC time as stored in case files: ISO 8601, seconds, with ``Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id() -> str:
    return uuid.uuid4().hex


@dataclass
class Claim:
    text: str = ""
    claimant: str = ""
    claimant_role: str = ""
    claimant_kind: ClaimantKind = ClaimantKind.PERSON
    #: An address that says who the claimant is beyond doubt (their Wikidata item,
    #: https://www.wikidata.org/wiki/Q...), schema.org's ``sameAs``; "" when none.
    claimant_same_as: str = ""
    date_made: str = ""
    #: Where the claim first appeared (URL), then later appearances.
    first_appearance: str = ""
    appearances: list[str] = field(default_factory=list)
    context: str = ""


@dataclass
class Question:
    """A checkable sub-claim, such as "Was a formal application made?"."""

    id: str
    text: str = ""


@dataclass
class Assessment:
    """A fact-checker's judgement of one source; every field optional until checked."""

    motive: Motive | None = None
    motive_note: str = ""
    amid_dispute: bool | None = None
    dispute_note: str = ""
    #: Corroboration is computed from the evidence matrix; this overrides it.
    corroboration_override: Corroboration | None = None
    corroboration_note: str = ""
    reliability: Reliability | None = None
    credibility: Credibility | None = None


#: How a locator reads before its value ("p. 12", "at 06:09"), in the exports' source
#: list and in the excerpt editor's brackets alike.
LOCATOR_ABBREVIATIONS = {
    LocatorKind.PAGE: "p.",
    LocatorKind.PARAGRAPH: "para.",
    LocatorKind.SECTION: "sec.",
    LocatorKind.LINE: "line",
    LocatorKind.TIMESTAMP: "at",
}
_WHOLE_NUMBERS = re.compile(r"^([0-9]+)(?:\s*[-\u2013]\s*([0-9]+))?$")
_ROMAN_PAGE = re.compile(r"^[ivxlcdm]+$", re.IGNORECASE)
_TIMESTAMP = re.compile(r"^(?:([0-9]{1,2}):)?([0-9]{1,2}):([0-9]{2})$")


def locator_problem(kind: LocatorKind, value: str) -> str | None:
    """Why ``value`` cannot place an excerpt by ``kind``, in one line; None when it can.

    Pages, paragraphs and lines are whole numbers from 1 or a range of them ("12-13"); a
    page may also be a roman numeral (front matter, "xii"); a section is any text ("3.2",
    "Methods"); a timestamp is ``HH:MM:SS`` or ``MM:SS``.
    """
    value = value.strip()
    name = kind.label
    if not value:
        return f"the {name} is missing"
    if kind is LocatorKind.SECTION:
        # Written "[sec. 3.2]" at the head of an excerpt's first line: a line break would
        # end the bracket early.
        return f"the {name} is one line" if len(value.splitlines()) > 1 else None
    if kind is LocatorKind.TIMESTAMP:
        match = _TIMESTAMP.match(value)
        if not match:
            return f"{value!r} is not a timestamp (use HH:MM:SS or MM:SS, e.g. 06:09)"
        hours, minutes, seconds = match.groups()
        if hours is not None and int(minutes) > 59:
            return f"{value} is not a timestamp: minutes go 00 to 59"
        if int(seconds) > 59:
            return f"{value} is not a timestamp: seconds go 00 to 59"
        return None
    if kind is LocatorKind.PAGE and _ROMAN_PAGE.match(value):
        return None
    match = _WHOLE_NUMBERS.match(value)
    if not match:
        roman = ", or a roman numeral such as xii" if kind is LocatorKind.PAGE else ""
        return f"{value!r} is not a {name} number (use a number such as 12, or 12-13{roman})"
    first, last = (int(part) for part in (match.group(1), match.group(2) or match.group(1)))
    if first == 0 or last == 0:
        return f"there is no {name} 0 ({name}s count from 1)"
    if last < first:
        return f"the {name}s {value} run backwards"
    return None


def normal_locator_value(kind: LocatorKind, value: str) -> str:
    """A valid locator value as stored: trimmed, a timestamp in two-digit parts
    ("6:09" -> "06:09"), a range with a plain hyphen and no spaces."""
    value = value.strip()
    if kind is LocatorKind.TIMESTAMP:
        return ":".join(part.zfill(2) for part in value.split(":"))
    match = _WHOLE_NUMBERS.match(value)
    if match and kind is not LocatorKind.SECTION:
        return "-".join(part for part in match.groups() if part is not None)
    return value


@dataclass(frozen=True)
class Locator:
    """Where an excerpt is in its source, so an editor can find it again.

    ``kind`` and ``value`` place it ("page", "12"; "timestamp", "06:09"); ``prefix``,
    ``exact`` and ``suffix`` are the W3C Web Annotation TextQuoteSelector, the words just
    before it, the words themselves as the source prints them (empty: the excerpt's own
    text) and the words just after, for finding it in the source's text. Every part is
    optional; ``Locator()`` places nothing.
    """

    kind: LocatorKind | None = None
    value: str = ""
    prefix: str = ""
    exact: str = ""
    suffix: str = ""

    def __bool__(self) -> bool:
        return self != Locator()

    @property
    def citation(self) -> str:
        """How a reader sees the place: "p. 12", "para. 4", "at 06:09"; "" when unplaced."""
        if self.kind is None:
            return ""
        return f"{LOCATOR_ABBREVIATIONS[self.kind]} {self.value}"

    def selector(self, text: str) -> tuple[str, str, str]:
        """The TextQuoteSelector triple for an excerpt whose text is ``text``."""
        return self.prefix, self.exact or text, self.suffix


#: The words a locator may open with in brackets, as typed ("[p. 12]", "[para 4]",
#: "[§ 3]", "[l. 7]", "[at 06:09]"); a bare time ("[06:09]") is a timestamp.
_LOCATOR_WORDS = {
    **dict.fromkeys(("p", "pp", "page", "pages"), LocatorKind.PAGE),
    **dict.fromkeys(("para", "paras", "paragraph", "¶"), LocatorKind.PARAGRAPH),
    **dict.fromkeys(("sec", "section", "§"), LocatorKind.SECTION),
    **dict.fromkeys(("l", "ln", "line", "lines"), LocatorKind.LINE),
    **dict.fromkeys(("at", "time", "timestamp"), LocatorKind.TIMESTAMP),
}
_LOCATOR_OPENING = re.compile(
    r"^\[\s*(?:(?P<word>[^\W\d_]+\.?|¶|§)\s*)?(?P<value>[^\]\n]*?)\s*\]\s*")
#: The TextQuoteSelector's parts, each on a line of its own at the end of an excerpt.
_SELECTOR_LINE = re.compile(r"^\s*(prefix|exact|suffix)\s*:\s?(.*)$", re.IGNORECASE)


def excerpt_text(text: str, locator: Locator) -> str:
    """An excerpt as a person types it: ``[p. 12]`` before the text when it is placed,
    then a ``prefix:``, ``exact:`` and ``suffix:`` line for each part of the selector
    that is set. ``parse_excerpt`` reads it back."""
    lines = [f"[{locator.citation}] {text}" if locator.kind is not None else text]
    lines += [f"{name}: {part}" for name, part in (
        ("prefix", locator.prefix), ("exact", locator.exact), ("suffix", locator.suffix))
        if part]
    return "\n".join(lines)


def parse_excerpt(typed: str) -> tuple[str, Locator]:
    """The text and locator of one excerpt as typed (see ``excerpt_text``).

    Brackets that name no locator ("[T]he", "[sic]") are the excerpt's own text. A locator
    whose value cannot be one is refused with ValueError, in one line.
    """
    lines = typed.strip().split("\n")
    parts: dict[str, str] = {}
    while len(lines) > 1 and (line := _SELECTOR_LINE.match(lines[-1])):
        parts.setdefault(line.group(1).casefold(), line.group(2).strip())
        lines.pop()
    text = "\n".join(lines).strip()
    kind: LocatorKind | None = None
    value = ""
    opening = _LOCATOR_OPENING.match(text)
    if opening:
        word = (opening.group("word") or "").rstrip(".").casefold()
        typed_value = opening.group("value")
        # A word with nothing after it is an editorial bracket ("[P]eople", "[at]").
        if (word in _LOCATOR_WORDS and typed_value) or (
                not word and _TIMESTAMP.match(typed_value)):
            kind = _LOCATOR_WORDS.get(word, LocatorKind.TIMESTAMP)
            bracket = opening.group().strip()
            if problem := locator_problem(kind, typed_value):
                raise ValueError(f"{bracket}: {problem}")
            value = normal_locator_value(kind, typed_value)
            text = text[opening.end():].strip()
            if not text:
                raise ValueError(f"{bracket}: the excerpt's text is missing after it")
    if not text:
        raise ValueError("an excerpt has a prefix, exact or suffix line but no text")
    return text, Locator(kind=kind, value=value, prefix=parts.get("prefix", ""),
                         exact=parts.get("exact", ""), suffix=parts.get("suffix", ""))


def trimmed_locators(locators: list[Locator]) -> list[Locator]:
    """``locators`` without the empty ones at the end: the one way a source holds them,
    so a source read back from any format compares equal to the one written."""
    end = len(locators)
    while end and not locators[end - 1]:
        end -= 1
    return list(locators[:end])


def origin_key(origin: str) -> str:
    """An origin as compared: case and runs of whitespace set aside, so "Vladimir  Putin"
    and "vladimir putin" are one origin. Empty when no origin is named."""
    return " ".join(origin.split()).casefold()


#: The largest capture a case file takes (bytes): a case file is mailed and backed up
#: whole, and a capture above this is better kept beside it.
MAX_CAPTURE_BYTES = 25 * 1024 * 1024
#: The kinds of file a capture may be, by file name ending, with the media type recorded.
CAPTURE_MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".html": "text/html",
    ".htm": "text/html",
    ".wacz": "application/wacz",
}
#: Archives known by the host of a copy's address; any other copy is named by its host.
_ARCHIVE_HOSTS = {
    "web.archive.org": "Wayback Machine",
    "wayback.archive.org": "Wayback Machine",
    "archive.org": "Wayback Machine",
    "archive.today": "archive.today",
    "archive.ph": "archive.today",
    "archive.is": "archive.today",
    "archive.li": "archive.today",
    "archive.vn": "archive.today",
    "archive.md": "archive.today",
    "archive.fo": "archive.today",
    "perma.cc": "Perma.cc",
    "ghostarchive.org": "Ghostarchive",
    "webcitation.org": "WebCite",
}
#: A Wayback-style address says when it was captured: ``/web/20210304120000/...``.
_WAYBACK_TIME = re.compile(r"/web/(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?")


def archive_name(url: str) -> str:
    """The archive an archived copy's address belongs to: "Wayback Machine" for
    web.archive.org, "archive.today" for archive.ph and its mirrors, otherwise the host."""
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip(), flags=re.IGNORECASE)
    host = host.split("/", 1)[0].rsplit("@", 1)[-1].split(":", 1)[0].casefold()
    host = host.removeprefix("www.")
    return _ARCHIVE_HOSTS.get(host, host)


#: A web address as a schema.org ``url`` or ``sameAs`` takes it: http(s), a host, no spaces.
_WEB_ADDRESS = re.compile(r"^https?://[^\s/]+\S*$", re.IGNORECASE)


def web_address_problem(text: str) -> str | None:
    """Why ``text`` is not an http(s) address, in one line; None when it is one or empty."""
    text = text.strip()
    if not text or _WEB_ADDRESS.match(text):
        return None
    return f"{_shortened(text)!r} is not a web address (http:// or https://)"


def _shortened(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def wayback_time(url: str) -> str:
    """The capture time a Wayback-style address carries ("2021-03-04T12:00:00Z", or the
    day alone when it gives no time); "" when it carries none."""
    match = _WAYBACK_TIME.search(url)
    if not match:
        return ""
    year, month, day, hour, minute, second = match.groups()
    found = f"{year}-{month}-{day}"
    if hour is not None:
        found += f"T{hour}:{minute or '00'}:{second or '00'}Z"
    return found if captured_problem(found) is None else ""


def captured_problem(text: str) -> str | None:
    """Why ``text`` is no capture time (YYYY-MM-DD or a full ISO time); None when it is."""
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            date.fromisoformat(text)
        except ValueError:
            return f"{text} is not a day of the calendar"
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?",
                    text):
        try:
            datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return f"{text} is not a time of the calendar"
        return None
    return f"{text!r} is not a capture time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)"


@dataclass(frozen=True)
class ArchivedCopy:
    """A copy of a source kept by a web archive: its address, the archive ("Wayback
    Machine", "archive.today", any name) and when it was captured (YYYY-MM-DD or a full
    ISO time; "" when unknown)."""

    url: str
    archive: str = ""
    captured: str = ""


@dataclass(frozen=True)
class Capture:
    """A file of the source kept inside the case file (a PDF, PNG, HTML page or WACZ web
    archive). The case holds only what describes it; the bytes stay in the case file
    (keyed by ``sha256``) until saved out, so opening a case never reads them."""

    id: str
    name: str
    media_type: str
    #: The SHA-256 of the bytes, lowercase hex: the file saved out is checked against it.
    sha256: str
    size: int


@dataclass
class Source:
    id: str
    #: The stable citation number: sections cite this source as ``[number]``.
    number: int
    title: str = ""
    author: str = ""
    outlet: str = ""
    url: str = ""
    archived_url: str = ""
    date_published: str = ""
    #: The events the source describes: a date, or a range when ``event_date_end`` is set.
    event_date: str = ""
    event_date_end: str = ""
    date_accessed: str = ""
    kind: SourceKind | None = None
    excerpts: list[str] = field(default_factory=list)
    notes: str = ""
    #: The id of a source this one merely repeats: it is then no independent corroboration.
    derived_from: str | None = None
    assessment: Assessment = field(default_factory=Assessment)
    #: Where each excerpt is: ``locators[i]`` places ``excerpts[i]``. Shorter than the
    #: excerpts when the last ones have none; never ends with an empty ``Locator()``
    #: (see ``trimmed_locators``), so equal sources hold equal lists.
    locators: list[Locator] = field(default_factory=list)
    #: The speaker or organisation whose account the source carries ("Vladimir Putin"):
    #: sources with one origin are one voice, however many outlets carried them.
    origin: str = ""
    #: Copies kept by web archives, oldest first as added; ``archived_url`` stays the one
    #: address the source form edits, these are the dated copies beside it.
    archived_copies: list[ArchivedCopy] = field(default_factory=list)
    #: Files of the source kept in the case file (only their description; see ``Capture``).
    captures: list[Capture] = field(default_factory=list)

    def locator(self, index: int) -> Locator:
        """The locator of the excerpt at ``index``; ``Locator()`` when it has none."""
        return self.locators[index] if index < len(self.locators) else Locator()

    def latest_copy(self) -> ArchivedCopy | None:
        """The archived copy captured last (among those with a capture time; else the
        last one added); None when there is none. Robust Links point at it."""
        dated = [copy for copy in self.archived_copies if copy.captured]
        if dated:
            return max(dated, key=lambda copy: copy.captured)
        return self.archived_copies[-1] if self.archived_copies else None

    @property
    def lag_days(self) -> int | None:
        return timing_lag_days(self.event_date, self.date_published, self.event_date_end)

    @property
    def timing(self) -> TimingClass:
        return timing_class(self.lag_days)


@dataclass
class Section:
    id: str
    kind: SectionKind = SectionKind.BODY
    heading: str = ""
    #: Markdown that cites sources as ``[n]``.
    body: str = ""


@dataclass
class Verdict:
    rating: str = ""
    conclusion: str = ""
    established: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    confidence: Confidence | None = None
    checked_on: str = ""


@dataclass
class Comment:
    """A review comment anchored to part of the case.

    Replies (``reply_to`` set) form a thread under their first comment; a thread is open or
    resolved as a whole (see ``workbench.review``).
    """

    id: str
    anchor_kind: AnchorKind = AnchorKind.CASE
    anchor_id: str = ""
    author: str = ""
    created: str = ""
    body: str = ""
    resolved: bool = False
    #: Who resolved it and when; empty while open (and for comments from before schema 2).
    resolved_by: str = ""
    resolved_at: str = ""
    reply_to: str | None = None


@dataclass
class Event:
    """One entry in a case's history: who did what, when, and to which part of the case.

    ``action`` is a stable word (``edit``, ``add``, ``remove``, ``move``, ``status``,
    ``comment``, ...; see docs/case-file.md). ``target_kind``/``target_id`` name the part
    ("source" and its id; "claim" and "verdict" have no id; for "matrix" the id is the
    source's and ``field`` the question's). For a change of one value, ``field`` names it
    and ``before``/``after`` hold the old and new value as text (None: not set).
    """

    at: str
    who: str = ""
    action: str = ""
    detail: str = ""
    target_kind: str = ""
    target_id: str = ""
    field: str = ""
    before: str | None = None
    after: str | None = None
    # ``field`` above shadows dataclasses.field in this class body, hence the long name.
    id: str = dataclasses.field(default_factory=new_id)
    #: The seal, as the case file wrote it: the hash of the event before this one ("" for
    #: the first), and ``event_hash`` over that and this event's content. Empty until the
    #: event is saved; never part of an event's equality, since only the case file sets them.
    prev_hash: str = dataclasses.field(default="", compare=False)
    hash: str = dataclasses.field(default="", compare=False)


#: Marks a content hash of the whole snapshot (time, who, article and case JSON).
HASH_PREFIX = "sha256:"


def event_hash(prev_hash: str, event: Event) -> str:
    """The seal of one event of the history: SHA-256 over the hash of the event before
    it and every field of its own, framed as a JSON list as ``snapshot_hash`` frames a
    snapshot. Changing any field, or what came before it, changes the hash; so the hash
    of the last event (the chain head) stands for the whole history up to it.

    Case files hold these hashes: this framing never changes.
    """
    framed = json.dumps([prev_hash, event.id, event.at, event.who, event.action,
                         event.target_kind, event.target_id, event.field, event.before,
                         event.after, event.detail], ensure_ascii=False)
    return HASH_PREFIX + hashlib.sha256(framed.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class HistoryHead:
    """What a case file records of its sealed history besides the events: the hash of the
    last event and how many events there are, so removing events at the end shows too."""

    hash: str = ""
    events: int = 0
    #: False when the case file's record of the head is missing (removed by hand).
    recorded: bool = True
    #: How many events at the start of ``case.events`` are the file's history as read (or
    #: as saved since); later ones were added in memory and are not sealed yet.
    read: int = 0


def snapshot_hash(published_at: str, who: str, article: str, case_json: str) -> str:
    """The content hash that seals a publication: SHA-256 over all four of its parts.

    The parts are framed as a JSON list, so no shift of text from one part to another
    can produce the same bytes.
    """
    framed = json.dumps([published_at, who, article, case_json], ensure_ascii=False)
    return HASH_PREFIX + hashlib.sha256(framed.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Publication:
    """A frozen snapshot of the case as published, sealed by ``content_hash``."""

    id: str
    published_at: str = ""
    who: str = ""
    content_hash: str = ""
    article: str = ""
    case_json: str = ""
    #: The history's chain head when the snapshot was frozen (the hash of its ``publish``
    #: event), set by the case file as it writes the snapshot; "" before schema 4.
    chain_head: str = field(default="", compare=False)

    def expected_hash(self) -> str:
        """The hash the snapshot's content calls for, in the form ``content_hash`` uses.

        Snapshots written before schema 2 (the sample cases) carry a bare hex SHA-256 of
        ``case_json`` alone; they are checked that way.
        """
        if self.content_hash.startswith(HASH_PREFIX) or not self.content_hash:
            return snapshot_hash(self.published_at, self.who, self.article, self.case_json)
        return hashlib.sha256(self.case_json.encode("utf-8", "surrogatepass")).hexdigest()

    @property
    def intact(self) -> bool:
        """Whether the snapshot is as it was published (its hash matches its content)."""
        return bool(self.content_hash) and self.content_hash == self.expected_hash()


@dataclass
class Correction:
    id: str
    date: str = ""
    what: str = ""
    why: str = ""


#: What to type for a day that must be whole (a request for comment was sent on a day).
DAY_SHAPE = "use YYYY-MM-DD"


def day_problem(text: str) -> str | None:
    """Why ``text`` is no whole ``YYYY-MM-DD`` day, in words; None when it is one."""
    parts = _date_parts(text)
    if parts is None or parts[2] is None:
        return DAY_SHAPE
    return calendar_problem(*parts)


@dataclass
class ReplyRequest:
    """One attempt to reach the claimant, or another person a check names, for their side
    of it (the right of reply), and what came back.

    ``answer`` is None while no answer has come; an answer (its text, possibly empty for
    "replied without comment") comes with the day it was given.
    """

    id: str
    #: Who was asked: a person or an office ("Vladimir Putin's office").
    name: str = ""
    #: Whether it is the claim's claimant (or speaks for them).
    claimant: bool = False
    #: The day they were asked, ``YYYY-MM-DD``.
    date: str = ""
    channel: ReplyChannel = ReplyChannel.EMAIL
    #: What they were asked.
    asked: str = ""
    #: The day they were given to answer by, ``YYYY-MM-DD``; "" for none.
    deadline: str = ""
    answer: str | None = None
    #: The day they answered, ``YYYY-MM-DD``; "" while they have not.
    answered: str = ""


def reply_request_problem(request: ReplyRequest) -> str | None:
    """What is wrong with a reply-log entry, in one line; None when nothing is.

    Every entry names who was asked and the day; the deadline and the answer's day are
    whole days when given, neither before the request; an answer has its day and a day
    its answer.
    """
    if not request.name.strip():
        return "say who was asked"
    for label, value, required in (("the date asked", request.date, True),
                                   ("the deadline", request.deadline, False),
                                   ("the date answered", request.answered, False)):
        if not value.strip():
            if required:
                return f"{label} is missing ({DAY_SHAPE})"
        elif problem := day_problem(value):
            return f"{label} {value.strip()!r} is not a day: {problem}"
    if request.answer is not None and not request.answered:
        return f"an answer needs the date it was given ({DAY_SHAPE})"
    if request.answer is None and request.answered:
        return "a date answered needs the answer (its text)"
    for label, value in (("the deadline", request.deadline),
                         ("the date answered", request.answered)):
        if value and value < request.date:
            return f"{label} {value} is before the date asked {request.date}"
    return None


@dataclass
class Acceptance:
    """A check warning someone looked at and accepted, with who, why and when.

    It names the finding as the checks do (``code``, where it is, and a ``fingerprint`` of
    the text it is about), so it stops applying once that text changes: the warning comes
    back for a fresh look. See ``workbench.analysis.findings``.
    """

    code: str
    target_kind: str
    target_id: str
    fingerprint: str
    who: str = ""
    why: str = ""
    at: str = ""

    @property
    def key(self) -> tuple[str, str, str, str]:
        """The finding it accepts; a case holds at most one acceptance per key."""
        return (self.code, self.target_kind, self.target_id, self.fingerprint)


@dataclass
class Case:
    id: str = field(default_factory=new_id)
    title: str = ""
    status: Status = Status.DRAFT
    #: The id of a rating scale (see ``workbench.scales``).
    scale: str = "none"
    language: str = "en"
    created: str = field(default_factory=now_timestamp)
    updated: str = ""
    claim: Claim = field(default_factory=Claim)
    verdict: Verdict = field(default_factory=Verdict)
    questions: list[Question] = field(default_factory=list)
    #: Ordered by citation number.
    sources: list[Source] = field(default_factory=list)
    #: In reading order.
    sections: list[Section] = field(default_factory=list)
    #: (question id, source id) -> cell; a missing pair has not been judged yet.
    matrix: dict[tuple[str, str], Cell] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    publications: list[Publication] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    #: Warnings accepted, in the order they were accepted.
    acceptances: list[Acceptance] = field(default_factory=list)
    #: The right-of-reply log: each attempt to reach someone named, in the order logged.
    replies: list[ReplyRequest] = field(default_factory=list)
    #: The sealed history's head as the case file records it; None for a case that was
    #: not read from a case file (nothing to hold its events to).
    history_head: HistoryHead | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not self.updated:
            self.updated = self.created

    def source(self, source_id: str) -> Source | None:
        return next((source for source in self.sources if source.id == source_id), None)

    def source_by_number(self, number: int) -> Source | None:
        return next((source for source in self.sources if source.number == number), None)

    def next_source_number(self) -> int:
        return max((source.number for source in self.sources), default=0) + 1


def new_case(claim_text: str, *, scale: str = "none", title: str = "") -> Case:
    """A fresh draft case for a claim, with the sections every article needs."""
    case = Case(title=title or claim_text, scale=scale, claim=Claim(text=claim_text))
    case.sections = [
        Section(id=new_id(), kind=SectionKind.EXECUTIVE_SUMMARY, heading="Executive summary"),
        Section(id=new_id(), kind=SectionKind.BOTTOM_LINE, heading="Bottom line"),
    ]
    return case


class CaseIntegrityError(ValueError):
    """The case contradicts itself (clashing ids, references to nothing)."""


def validate_integrity(case: Case, *, history: bool = True) -> None:
    """Refuse a case whose ids clash or point nowhere: the case file could not hold it.

    ``history=False`` leaves the events out, for a caller that checks the few new ones
    itself (a save: the history only grows, and can grow long).
    """
    for name, items in (
        ("question", case.questions),
        ("source", case.sources),
        ("section", case.sections),
        ("comment", case.comments),
        ("publication", case.publications),
        ("correction", case.corrections),
        ("reply request", case.replies),
        ("event", case.events if history else []),
    ):
        seen: set[str] = set()
        for item in items:
            if not item.id:
                raise CaseIntegrityError(f"a {name} has an empty id")
            if item.id in seen:
                raise CaseIntegrityError(f"two {name}s share the id {item.id!r}")
            seen.add(item.id)
    capture_ids = [capture.id for source in case.sources for capture in source.captures]
    if not all(capture_ids):
        raise CaseIntegrityError("a capture has an empty id")
    if len(set(capture_ids)) != len(capture_ids):
        raise CaseIntegrityError("two captures share an id")
    numbers = [source.number for source in case.sources]
    if len(set(numbers)) != len(numbers):
        raise CaseIntegrityError("two sources share a citation number")
    source_ids = {source.id for source in case.sources}
    question_ids = {question.id for question in case.questions}
    for source in case.sources:
        if source.derived_from is not None and source.derived_from not in source_ids:
            raise CaseIntegrityError(
                f"source [{source.number}] is derived from {source.derived_from!r}, "
                "which is not a source of this case"
            )
        if source.derived_from == source.id:
            raise CaseIntegrityError(f"source [{source.number}] is derived from itself")
        if len(source.locators) > len(source.excerpts):
            raise CaseIntegrityError(
                f"source [{source.number}] has more locators than excerpts"
            )
    for question_id, source_id in case.matrix:
        if question_id not in question_ids:
            raise CaseIntegrityError(f"the matrix names a question {question_id!r} that is missing")
        if source_id not in source_ids:
            raise CaseIntegrityError(f"the matrix names a source {source_id!r} that is missing")
    comment_ids = {comment.id for comment in case.comments}
    for comment in case.comments:
        if comment.reply_to is not None and comment.reply_to not in comment_ids:
            raise CaseIntegrityError(f"comment {comment.id!r} replies to a missing comment")
    keys = [acceptance.key for acceptance in case.acceptances]
    if len(set(keys)) != len(keys):
        raise CaseIntegrityError("two acceptances name the same finding")
