"""Prior fact-checks read into the library's corpus: claim, claimant, date, rating, publisher,
review address and language, from the files fact-checkers and researchers publish.

- CSV/TSV with a header row naming its columns (``CORPUS_COLUMNS``), and LIAR-PLUS's TSV,
  which has none (known by its 16 columns and ``NNNN.json`` ids; PolitiFact's checks).
- AVeriTeC JSON (a list of claims; the fact-checking article is the review).
- ClaimReview JSON-LD: one record, a list, an ``@graph``, or the schema.org ``DataFeed``
  fact-checkers publish for search engines, whose ``dataFeedElement`` items hold a
  ClaimReview (or a list of them) as their ``item``, or are one.

A corpus row is no case: nothing here builds a ``Case``, which keeps a 100,000-row import
to a few seconds. Rows are yielded one at a time as ``CorpusRow``; a bad row is reported
by its line (or record) number and the rest still import. Only a file that cannot be read
at all raises CaseFormatError. Ratings are kept as the publisher wrote them (LIAR-PLUS's
labels spelled as PolitiFact does): a corpus row is a record of what someone else said.

``open_queued`` makes the case file of a queued backlog claim (the queue holds each claim's
case as case JSON, written by ``workbench.formats.backlog.queued_claim``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from workbench.casefile.library import Library, ReferenceClaim
from workbench.formats.averitec import day_month_year, string_field
from workbench.formats.bulk import (
    LIAR_COLUMNS,
    LIAR_RATINGS,
    UnreadableTableError,
    column_positions,
    is_liar_record,
    name_from_slug,
    read_text,
    sniff_delimiter,
    table_records,
)
from workbench.formats.case_json import CaseFormatError, case_from_json, load_json
from workbench.formats.claimreview import date_prefix, is_claimreview

#: Header names a corpus table may use, by the field they fill (first found wins).
CORPUS_COLUMNS = {
    "claim": ("claim", "statement", "claim_reviewed", "claimreviewed", "text"),
    "claimant": ("claimant", "speaker", "author", "claim_author"),
    "date": ("date", "claim_date", "date_made", "review_date", "date_published",
             "datepublished"),
    "rating": ("rating", "label", "verdict", "textual_rating", "textualrating",
               "alternatename"),
    "publisher": ("publisher", "fact_checker", "factchecker", "site", "organisation",
                  "organization"),
    "url": ("review_url", "url", "claim_review_url", "link"),
    "language": ("language", "lang", "inlanguage", "language_code"),
}
LIAR_PUBLISHER = "PolitiFact"
#: Dates repeat down a corpus (a day's checks): each is checked against the calendar once.
_date = functools.lru_cache(maxsize=65_536)(date_prefix)
_WAYBACK = re.compile(r"^https?://web\.archive\.org/web/[0-9a-z_*]+/(https?://.+)$")


@dataclass(frozen=True)
class CorpusRow:
    """One record of a corpus file: a prior check, or why it could not be read.

    ``line`` is where it starts in a table (1-based) or its position among the records of
    a JSON document (from 1); ``error`` says what is wrong without repeating that number.
    """

    line: int
    record: ReferenceClaim | None
    error: str = ""


@dataclass(frozen=True)
class CorpusFile:
    """A corpus file read and recognised: its format, how many records, and the rows."""

    kind: str
    total: int
    rows: Iterator[CorpusRow]


def read_corpus(path: Path, *, publisher: str = "") -> CorpusFile:
    """Read ``path`` (a table, AVeriTeC or ClaimReview JSON; the content decides) for
    the corpus. ``publisher`` names who checked the claims where the file does not say
    (a table without a publisher column, a ClaimReview without an author); LIAR-PLUS is
    PolitiFact's. Raises CaseFormatError for a file that is none of these.
    """
    text = read_text(path)
    stripped = text.lstrip()
    if not stripped:
        raise CaseFormatError("empty file")
    if stripped[0] in "{[":
        document = load_json(text, whole=False)
        reviews = list(_claimreviews(document, ""))
        if reviews:
            rows = _claimreview_rows(reviews, path.name, publisher)
            return CorpusFile("ClaimReview", len(reviews), rows)
        if isinstance(document, list) and document and all(
                isinstance(item, dict) and "claim" in item for item in document):
            return CorpusFile("AVeriTeC", len(document),
                              _averitec_rows(document, path.name, publisher))
        raise CaseFormatError(
            "JSON but neither ClaimReview (a record, a list, an @graph or a DataFeed) nor "
            "an AVeriTeC list")
    return _table(text, path.name, publisher)


# --- tables -------------------------------------------------------------------------------


def _table(text: str, name: str, publisher: str) -> CorpusFile:
    records = list(_records(text))
    if not records:
        raise CaseFormatError("holds no rows")
    first_line, first = records[0]
    if is_liar_record(first):
        return CorpusFile("LIAR-PLUS", len(records), _liar_rows(records, name))
    columns = column_positions(first, CORPUS_COLUMNS)
    if columns["claim"] is None:
        raise CaseFormatError(
            f"line {first_line}: the header has no 'claim' or 'statement' column (and the "
            "rows are not in the LIAR-PLUS layout)")
    rows = _table_rows(records[1:], name, columns, len(first), publisher)
    return CorpusFile("table", len(records) - 1, rows)


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """The table's records; one the CSV reader gives up on ends them, as an error row."""
    try:
        yield from table_records(text, sniff_delimiter(text))
    except UnreadableTableError as error:
        yield error.line, [_UNREADABLE, error.reason]


#: Marks a record the CSV reader could not read (no real field starts with a NUL).
_UNREADABLE = "\x00"


def _liar_rows(records: list[tuple[int, list[str]]], name: str) -> Iterator[CorpusRow]:
    for line, record in records:
        if record[0] == _UNREADABLE:
            yield CorpusRow(line, None, record[1])
            continue
        if len(record) != LIAR_COLUMNS:
            yield CorpusRow(line, None,
                            f"expected {LIAR_COLUMNS} columns, found {len(record)}")
            continue
        label, statement = record[2].strip(), record[3].strip()
        if not statement:
            yield CorpusRow(line, None, "empty statement")
            continue
        yield CorpusRow(line, ReferenceClaim(
            claim=statement, claimant=name_from_slug(record[5].strip()),
            rating=LIAR_RATINGS.get(label.casefold(), label), publisher=LIAR_PUBLISHER,
            language="en", origin=f"{name}:{line} (LIAR-PLUS {record[1].strip()})"))


def _table_rows(records: list[tuple[int, list[str]]], name: str,
                columns: dict[str, int | None], width: int,
                publisher: str) -> Iterator[CorpusRow]:
    index = {field: column for field, column in columns.items() if column is not None}
    for line, record in records:
        if record[0] == _UNREADABLE:
            yield CorpusRow(line, None, record[1])
            continue
        if len(record) != width:
            yield CorpusRow(line, None,
                            f"expected {width} columns (as in the header), found {len(record)}")
            continue
        values = {field: record[column].strip() for field, column in index.items()}
        if not values["claim"]:
            yield CorpusRow(line, None, "empty claim")
            continue
        yield CorpusRow(line, ReferenceClaim(
            claim=values["claim"], claimant=values.get("claimant", ""),
            date=_date(values.get("date", "")), rating=values.get("rating", ""),
            publisher=values.get("publisher") or publisher, url=values.get("url", ""),
            language=values.get("language", ""), origin=f"{name}:{line}"))


# --- AVeriTeC -----------------------------------------------------------------------------


def _averitec_rows(document: list[dict[str, Any]], name: str,
                   publisher: str) -> Iterator[CorpusRow]:
    for number, record in enumerate(document, 1):
        try:
            yield CorpusRow(number, _averitec_record(record, f"[{number - 1}]", name, number,
                                                     publisher))
        except CaseFormatError as error:
            yield CorpusRow(number, None, str(error))


def _averitec_record(record: dict[str, Any], where: str, name: str, number: int,
                     publisher: str) -> ReferenceClaim:
    claim = string_field(record, "claim", where)
    if not claim:
        raise CaseFormatError(f"{where}.claim is missing")
    article = string_field(record, "fact_checking_article", where)
    found = _WAYBACK.match(article)
    url = found.group(1) if found else article
    return ReferenceClaim(
        claim=claim, claimant=string_field(record, "speaker", where),
        date=_day_month_year(string_field(record, "claim_date", where)),
        rating=string_field(record, "label", where), publisher=publisher or _site(url), url=url,
        language="en", origin=f"{name} record {number} (AVeriTeC)")


def _day_month_year(text: str) -> str:
    """AVeriTeC's day-month-year ("25-8-2020") as 2020-08-25; "" when it is no date: a
    prior check is worth keeping without one."""
    try:
        return day_month_year(text, "")
    except CaseFormatError:
        return ""


def _site(url: str) -> str:
    """Who published a review, from its address: "www.politifact.com" is politifact.com."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


# --- ClaimReview --------------------------------------------------------------------------


def _claimreviews(node: Any, path: str) -> Iterator[tuple[dict[str, Any], str]]:
    """Every ClaimReview in a document, with its JSON path: in lists, ``@graph`` and a
    DataFeed's ``dataFeedElement`` items (as the item itself or its ``item``)."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _claimreviews(item, f"{path}[{index}]")
    elif isinstance(node, dict):
        if is_claimreview(node):
            yield node, path
            return
        for key in ("@graph", "dataFeedElement", "item"):
            if key in node:
                yield from _claimreviews(node[key], f"{path}.{key}" if path else key)


def _claimreview_rows(reviews: list[tuple[dict[str, Any], str]], name: str,
                      publisher: str) -> Iterator[CorpusRow]:
    for number, (review, where) in enumerate(reviews, 1):
        try:
            yield CorpusRow(number, _review_record(review, where or "(top)", name, number,
                                                   publisher))
        except CaseFormatError as error:
            yield CorpusRow(number, None, str(error))


def _review_record(review: dict[str, Any], where: str, name: str, number: int,
                   publisher: str) -> ReferenceClaim:
    claim = string_field(review, "claimReviewed", where)
    if not claim:
        raise CaseFormatError(f"{where}.claimReviewed is missing")
    item = _first(review.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    rating = _first(review.get("reviewRating"))
    rating = rating if isinstance(rating, dict) else {}
    return ReferenceClaim(
        claim=claim,
        claimant=_name(item.get("author")),
        date=date_prefix(_loose(item.get("datePublished")))
        or date_prefix(_loose(review.get("datePublished"))),
        rating=_loose(rating.get("alternateName")) or _loose(rating.get("name")),
        publisher=_name(review.get("author")) or _name(review.get("publisher")) or publisher,
        url=_loose(review.get("url")),
        language=_name(review.get("inLanguage")),
        origin=f"{name} record {number} ({where})")


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _loose(value: Any) -> str:
    """A text value however a feed writes it: a string, or the first of a list."""
    value = _first(value)
    return value.strip() if isinstance(value, str) else ""


def _name(value: Any) -> str:
    """A party or a language as a name: text, or an object's ``name`` (or code)."""
    value = _first(value)
    if isinstance(value, dict):
        return _loose(value.get("name")) or _loose(value.get("alternateName"))
    return _loose(value)


# --- the queue ----------------------------------------------------------------------------


def open_queued(library: Library, queued_id: int) -> Path:
    """Make the case file of the queued claim ``queued_id`` in ``library`` and return its
    path; the claim leaves the queue (``Library.open_queued`` says how safely)."""
    return library.open_queued(queued_id, case_from_json)
