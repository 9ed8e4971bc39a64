"""An article's own source list, read back into sources: title, address, outlet, date.

Lists come in many layouts, and each entry is read by what it holds rather than by one
fixed pattern:

- Markdown links: ``1. [Title](https://…) — Outlet, 2024-03-05``,
  ``- [Title](https://…), Outlet (5 March 2024)``, bare ``<https://…>`` autolinks;
- plain citations: ``[1] Title. Outlet, 5 March 2024. https://…``,
  ``1. Title — Outlet — 2024 — https://…``;
- the Workbench's own exports: ``[1] Title`` (or ``- \\[1\\] **Title**``) followed by
  indented ``Outlet: …``, ``Published: …``, ``URL: …`` lines.

An entry's number is the one it is listed under (``[n]`` or ``n.``), so the article's
``[n]`` citations keep pointing at it; an unnumbered entry takes the next number. Nothing
is dropped: an entry whose fields cannot be told apart keeps its whole text as its title,
and is reported (``ListedSource.read``) so the user knows to check it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from markdown_it import MarkdownIt

from workbench.model import SourceKind, is_partial_date

#: What the exports print for a source with no title (``article_sources``).
UNTITLED = "Untitled source"

_MARKER = re.compile(
    r"^(?P<indent>[ \t]*)(?:(?P<bullet>[-*+])[ \t]+)?"
    r"(?:\\?\[(?P<bracket>\d{1,4})\\?\]|(?P<ordinal>\d{1,4})[.)](?=\s|$))?[ \t]*(?P<rest>.*)$"
)
#: A labelled detail line under an entry, bold in Markdown: "  - **Outlet:** City Police".
_DETAIL = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?(?P<label>[A-Za-z][A-Za-z' ]{0,30}?)[ \t]*:"
    r"(?:\*\*|__)?[ \t]*(?P<value>.*?)[ \t]*$"
)
_DETAILS = {
    "author": "author", "by": "author",
    "outlet": "outlet", "publisher": "outlet", "published by": "outlet",
    "published": "date", "date": "date", "date published": "date",
    "url": "url", "link": "url", "address": "url",
    "archived": "archived_url", "archive": "archived_url",
    "accessed": "date_accessed", "retrieved": "date_accessed",
    "events": "events", "kind": "kind", "origin": "origin",
}
#: Labels the exports print about a source's assessment: kept in its notes, as written.
_ASSESSMENT_ROWS = frozenset({
    "motive", "timing", "dispute", "corroboration", "independence", "grading",
    "archived copies", "captures", "excerpts",
})
_MARKDOWN_HINT = re.compile(r"\]\(|<https?://|\\\[|\*\*", re.IGNORECASE)
#: A bare web address; a closing parenthesis is its own only when it closes one inside it.
_BARE_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_SEPARATOR_CHARS = " \t,;:.|\u2014\u2013-"
#: Separators between a citation's fields, strongest first.
_DASHES = re.compile(r"\s+(?:\u2014|\u2013|\||-{1,2})\s+")

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1)
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATE_FORMS = (
    re.compile(r"(?P<year>\d{4})-(?P<mm>\d{2})(?:-(?P<dd>\d{2}))?"),
    re.compile(rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})"),
    re.compile(rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})"),
    re.compile(rf"{_MONTH},?\s+(?P<year>\d{{4}})"),
    re.compile(r"(?P<year>\d{4})"),
)
#: What may stand before a date at the end of a citation: a date is a field of its own,
#: never the tail of a title ("Budget 2024").
_BEFORE_DATE = re.compile(r"(?:^|,\s*|\.\s+|\s+(?:\u2014|\u2013|\||-{1,2})\s+|\s*\()$")


@dataclass
class ListedSource:
    """One entry of the article's source list, its fields as far as they could be read."""

    number: int
    title: str = ""
    url: str = ""
    outlet: str = ""
    author: str = ""
    date_published: str = ""
    archived_url: str = ""
    date_accessed: str = ""
    event_date: str = ""
    event_date_end: str = ""
    origin: str = ""
    kind: SourceKind | None = None
    #: Detail lines kept as written ("Timing: retrospective …", a date no calendar knows).
    extra: list[str] = field(default_factory=list)
    #: False when nothing but a title could be read from the entry.
    read: bool = False


@dataclass
class _Entry:
    number: int
    head: str
    #: Whether the entry's line had a list marker or a number ("- ", "1.", "[1]").
    marked: bool
    details: list[tuple[str, str]] = field(default_factory=list)


def read_source_list(lines: list[str], *, markdown: bool) -> list[ListedSource]:
    """The sources listed by ``lines`` (the list's lines, without its heading), in order.

    ``markdown`` says the article is Markdown; a list that uses Markdown links is read as
    Markdown in any case.
    """
    entries = _entries(lines)
    markdown = markdown or any(_MARKDOWN_HINT.search(line) for line in lines)
    return [_listed(entry, markdown) for entry in entries]


def _entries(lines: list[str]) -> list[_Entry]:
    """Split the list into entries: a marked line at the list's own indentation starts one,
    an indented line belongs to the entry above, and so does an unmarked line straight
    under a marked one (a wrapped line). In a list with no markers, each line is one."""
    entries: list[_Entry] = []
    base: int | None = None
    blank = True
    for line in lines:
        if not line.strip():
            blank = True
            continue
        marker = _MARKER.match(line)
        assert marker is not None  # every part of the pattern is optional
        indent = len(marker["indent"].expandtabs(4))
        marked = bool(marker["bullet"] or marker["bracket"] or marker["ordinal"])
        inside = entries and (indent > (base or 0)
                              or (not marked and not blank and entries[-1].marked))
        if inside:
            _continue(entries[-1], line)
        else:
            if base is None:
                base = indent
            explicit = marker["bracket"] or marker["ordinal"]
            number = int(explicit) if explicit else (entries[-1].number + 1 if entries else 1)
            entries.append(_Entry(number, marker["rest"].strip(), marked))
        blank = False
    return entries


def _continue(entry: _Entry, line: str) -> None:
    detail = _DETAIL.match(line)
    label = detail["label"].strip().casefold() if detail else ""
    if detail and (label in _DETAILS or label in _ASSESSMENT_ROWS):
        entry.details.append((detail["label"].strip(), detail["value"]))
    elif entry.details:
        # A wrapped detail line: it goes on with the detail above.
        label, value = entry.details[-1]
        entry.details[-1] = (label, f"{value} {line.strip()}")
    else:
        entry.head = f"{entry.head} {line.strip()}".strip()


def _listed(entry: _Entry, markdown: bool) -> ListedSource:
    listed = ListedSource(number=entry.number)
    if entry.details:
        # The Workbench's own layout: the first line is the title as written, whole.
        title = plain_markdown(entry.head) if markdown else entry.head
        listed.title = "" if title == UNTITLED else title
        for label, value in entry.details:
            _detail(listed, label, plain_markdown(value) if markdown else value, markdown, value)
        listed.read = True
        return listed
    if markdown:
        _read_markdown(listed, entry.head)
    else:
        _read_plain(listed, entry.head)
    return listed


def _detail(listed: ListedSource, label: str, value: str, markdown: bool, raw: str) -> None:
    name = _DETAILS.get(label.casefold())
    if name == "url" or name == "archived_url":
        address = _first_link(raw) if markdown else ""
        setattr(listed, name, address or value)
    elif name == "date" and (day := whole_date(value)) is not None:
        listed.date_published = day
    elif name == "date_accessed" and (day := whole_date(value)) is not None:
        listed.date_accessed = day
    elif name == "events" and (span := _date_span(value)) is not None:
        listed.event_date, listed.event_date_end = span
    elif name == "kind" and (kind := _kind(value)) is not None:
        listed.kind = kind
    elif name in ("author", "outlet"):
        setattr(listed, name, value)
    elif name == "origin":
        # The exports add the other sources carrying the same account: "Name; [2] carries …".
        listed.origin = re.split(r";\s*\[\d", value, maxsplit=1)[0].strip()
    else:
        listed.extra.append(f"{label}: {value}")


def _kind(value: str) -> SourceKind | None:
    try:
        return SourceKind.parse(value)  # type: ignore[return-value]
    except ValueError:
        return None


def whole_date(value: str) -> str | None:
    """The date ``value`` is, as ``YYYY[-MM[-DD]]``, when it is nothing but a date."""
    found = _date_at_end(value.strip())
    return found[1] if found is not None and not found[0].strip() else None


def _date_span(value: str) -> tuple[str, str] | None:
    first, dash, last = value.partition("\u2013")
    start = whole_date(first)
    end = whole_date(last) if dash else ""
    return (start, end) if start is not None and end is not None else None


# --- reading one entry ----------------------------------------------------------------------


def _read_plain(listed: ListedSource, text: str) -> None:
    url = _bare_url(text)
    if url is not None:
        start, end = url
        listed.url = text[start:end]
        text = f"{text[:start].rstrip(_SEPARATOR_CHARS)} {text[end:].strip(_SEPARATOR_CHARS)}"
    _read_fields(listed, text.strip(), structured=bool(listed.url))


def _read_fields(listed: ListedSource, text: str, *, structured: bool) -> None:
    """Title, outlet and date from a citation without its address.

    A dash splits title from outlet; a full stop, or else a comma, only in an entry that has
    an address or a date: in a bare line either is more likely part of the title ("U.S.
    jobs report").
    """
    text = text.strip(_SEPARATOR_CHARS + " ")
    found = _date_at_end(text)
    if found is not None:
        text, listed.date_published = found[0].rstrip(_SEPARATOR_CHARS + "("), found[1]
    title, outlet = _split_title(text, structured=structured or found is not None)
    listed.title, listed.outlet = title, outlet
    listed.read = bool(listed.url or listed.outlet or listed.date_published)


def _split_title(text: str, *, structured: bool) -> tuple[str, str]:
    dash = _DASHES.search(text)
    if dash:
        return text[:dash.start()].strip(), text[dash.end():].strip(_SEPARATOR_CHARS)
    for separator in (". ", ", ") if structured else ():
        if separator in text:
            title, _, outlet = text.rpartition(separator)
            return title.strip(), outlet.strip(_SEPARATOR_CHARS)
    return text, ""


#: Link texts that say where, not what: such a link gives the entry's address, not its title.
_ADDRESS_WORDS = frozenset({"link", "here", "source", "url", "web", "online", "pdf", "read",
                            "read more", "read it here", "view", "website", "full text"})
#: Link texts that name an archived copy: "[Title](url) ([archived](https://web.archive…))".
_ARCHIVE_WORDS = frozenset({"archived", "archive", "archived copy", "archived version",
                            "archived here", "wayback machine", "archive.org", "archive.today",
                            "archive.ph"})


def _link_role(run: _Run) -> str:
    """"title", "address" or "archive" for a link; "" for plain text."""
    if not run.href:
        return ""
    words = " ".join(run.text.split()).strip(" .:()[]").casefold()
    if words in _ARCHIVE_WORDS:
        return "archive"
    if run.autolink or words in _ADDRESS_WORDS or not words or words == run.href.casefold():
        return "address"
    return "title"


def _read_markdown(listed: ListedSource, text: str) -> None:
    """A Markdown entry: the first link with a text of its own gives the title and address;
    what comes before it is the author, what comes after the outlet and date. A link whose
    text is its address, or only says "link", gives the address; one saying "archived" the
    archived copy."""
    runs = _pieces(text)
    roles = [_link_role(run) for run in runs]
    at = next((i for i, role in enumerate(roles) if role == "title"), None)
    listed.archived_url = next((r.href for r, role in zip(runs, roles, strict=True)
                                if role == "archive"), "")
    address = next((r.href for r, role in zip(runs, roles, strict=True)
                    if role == "address"), "")
    if at is None:
        listed.url = address
        plain = "".join(run.text for run in runs if not run.href)
        if address:
            _read_fields(listed, plain, structured=True)
        else:
            _read_plain(listed, plain)
        listed.read = listed.read or bool(listed.archived_url)
        return
    listed.title, listed.url = runs[at].text.strip(), runs[at].href
    before = "".join(run.text for run in runs[:at] if not run.href)
    # The brackets a later link stood in ("([archived](…))") are left empty: drop them.
    after = re.sub(r"\(\s*\)", "", "".join(run.text for run in runs[at + 1:] if not run.href))
    listed.author = before.strip(_SEPARATOR_CHARS)
    rest = after.strip(_SEPARATOR_CHARS)
    found = _date_at_end(rest)
    if found is not None:
        rest, listed.date_published = found[0], found[1]
    listed.outlet = rest.strip(_SEPARATOR_CHARS + "(")
    listed.read = True


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark")
    # Addresses as written: the parser would percent-encode them for a browser.
    parser.normalizeLink = lambda url: url  # type: ignore[method-assign]
    parser.normalizeLinkText = lambda url: url  # type: ignore[method-assign]
    return parser


@dataclass
class _Run:
    """A stretch of an entry: plain text, or a link's text with its target."""

    text: str = ""
    href: str = ""
    autolink: bool = False

    @property
    def link(self) -> bool:
        return bool(self.href) and not self.autolink


def _pieces(text: str) -> list[_Run]:
    """The entry as runs of plain text and links, its Markdown escapes and emphasis undone."""
    runs: list[_Run] = []
    inside: _Run | None = None
    for line in _parser().parseInline(text):
        for token in line.children or []:
            if token.type == "link_open":
                inside = _Run(href=str(token.attrGet("href") or ""),
                              autolink=token.markup == "autolink")
                runs.append(inside)
                continue
            if token.type == "link_close":
                inside = None
                continue
            words = " " if token.type in ("softbreak", "hardbreak") else token.content
            if not words:
                continue
            if inside is None:
                if not runs or runs[-1].href:
                    runs.append(_Run())
                runs[-1].text += words
            else:
                inside.text += words
    return runs


def plain_markdown(markdown: str) -> str:
    """What a line of Markdown says, its escapes and emphasis undone."""
    return "".join(run.text for run in _pieces(markdown))


def _first_link(markdown: str) -> str:
    return next((run.href for run in _pieces(markdown) if run.href), "")


def _bare_url(text: str) -> tuple[int, int] | None:
    """Where the first bare address is, without the punctuation that ends its sentence."""
    match = _BARE_URL.search(text)
    if match is None:
        return None
    url = match.group()
    while url and (url[-1] in ".,;:!?'\"" or (url[-1] == ")" and url.count(")") >
                                                     url.count("("))):
        url = url[:-1]
    return match.start(), match.start() + len(url)


# --- dates ----------------------------------------------------------------------------------


def _date_at_end(text: str) -> tuple[str, str] | None:
    """(the text before it, the date) when ``text`` ends with a date standing on its own.

    Dates are given as ``YYYY-MM-DD`` however they were written ("5 March 2024",
    "March 5, 2024"); a month or a year alone stays as partial as it was ("2024-03",
    "2024"). A day no calendar has is no date.
    """
    stripped = text.rstrip(" .;,")
    closing = stripped.endswith(")")
    if closing:
        stripped = stripped[:-1].rstrip()
    for form in _DATE_FORMS:
        for match in form.finditer(stripped):
            if match.end() != len(stripped):
                continue
            before = stripped[:match.start()]
            if closing and not before.rstrip().endswith("("):
                continue
            if not _BEFORE_DATE.search(before):
                continue
            day = _iso(match)
            if day is not None:
                return before, day
    return None


def _iso(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    year = groups["year"]
    if groups.get("mm"):
        month: int | None = int(groups["mm"])
    elif groups.get("month"):
        month = _MONTHS.get(groups["month"].casefold())
        if month is None:
            return None
    else:
        month = None
    day = groups.get("dd") or groups.get("day")
    text = year if month is None else f"{year}-{month:02d}"
    if day is not None:
        text += f"-{int(day):02d}"
    return text if is_partial_date(text) else None
