"""Bulk claim lists (CSV/TSV tables, the AVeriTeC JSON) into a backlog of draft cases.

A backlog is a queue of claims to (re)check, so every case starts as a draft even when the
list carries a rating: the rating is kept as the previous verdict to confirm. Rows are
yielded one at a time as ``BulkRow``; a bad row is reported with its line (or record)
number and the rest still import, because one broken line must not cost a desk the other
thousand. Only a file that cannot be read at all raises CaseFormatError.

This module reads the files and reports the rows; each record becomes its case in
``backlog`` (the draft every list's claims become) and, for AVeriTeC, ``averitec``.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import os
import re
import stat
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.formats.averitec import case_from_averitec
from workbench.formats.backlog import backlog_case
from workbench.formats.case_json import CaseFormatError, check_text, load_json
from workbench.formats.claimreview import date_prefix, rating_on_scale
from workbench.model import Case, Claim
from workbench.scales import RatingScale, builtin_scales


@dataclass(frozen=True)
class BulkRow:
    """One record of a bulk file: a case, or why the record could not become one.

    ``line`` is where the record starts in a table (1-based), or its 1-based position in a
    JSON list; ``error`` says what is wrong without repeating that number.
    """

    line: int
    case: Case | None
    error: str = ""


# --- tables -------------------------------------------------------------------------------

LIAR_COLUMNS = 16
#: LIAR-PLUS's labels are PolitiFact's Truth-O-Meter under other spellings.
LIAR_RATINGS = {
    "pants-fire": "Pants on Fire",
    "false": "False",
    "barely-true": "Mostly False",
    "half-true": "Half True",
    "mostly-true": "Mostly True",
    "true": "True",
}
_LIAR_ID = re.compile(r"^\d+\.json$")
#: Header names a generic table may use, by the field they fill.
TABLE_COLUMNS = {
    "claim": ("claim", "statement"),
    "claimant": ("claimant", "speaker"),
    "role": ("claimant_role", "role", "job"),
    "date": ("date", "date_made", "claim_date"),
    "rating": ("rating", "label"),
    "context": ("context",),
    "justification": ("justification",),
    "url": ("url",),
}
_DELIMITERS = ("\t", ",", ";")


def column_positions(header: Sequence[str],
                     names: Mapping[str, tuple[str, ...]]) -> dict[str, int | None]:
    """Where each field's column is in a header row (None: absent), by the first of its
    ``names`` the header holds; case and spaces ("Review URL", "review_url") aside."""
    folded = [name.strip().casefold().replace(" ", "_") for name in header]
    return {field: next((folded.index(name) for name in choices if name in folded), None)
            for field, choices in names.items()}


#: The most an import reads, in bytes: several times the largest claim list in use (the
#: AVeriTeC training set, about 20 MB), and little enough to hold in memory. A larger file
#: is refused rather than read in part, which would import a list cut off mid-row.
MAX_IMPORT_BYTES = 200_000_000


def read_text(path: Path) -> str:
    """The file as text; a byte-order mark (Excel writes one) is dropped."""
    try:
        return read_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CaseFormatError(f"not UTF-8 text (bad byte at offset {error.start})") from None


def read_bytes(path: Path) -> bytes:
    """The whole of a regular file, up to ``MAX_IMPORT_BYTES``; CaseFormatError otherwise.

    A FIFO, a device such as /dev/zero or a directory is refused by ``stat`` before it is
    opened (opening a FIFO waits for a writer; reading /dev/zero never ends), and again on
    the open file in case the path changed in between; ``O_NONBLOCK`` keeps that open
    from waiting.
    """
    try:
        _refuse_special(os.stat(path).st_mode)
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
            _refuse_special(os.fstat(handle.fileno()).st_mode)
            data = handle.read(MAX_IMPORT_BYTES + 1)
    except FileNotFoundError:
        raise CaseFormatError("no such file") from None
    except OSError as error:
        raise CaseFormatError(f"cannot be read ({error.strerror})") from None
    if len(data) > MAX_IMPORT_BYTES:
        raise CaseFormatError(
            f"is larger than {MAX_IMPORT_BYTES:,} bytes, the most an import reads; "
            "split it into smaller files"
        )
    return data


def _refuse_special(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise CaseFormatError("is a directory")
    if not stat.S_ISREG(mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode)
                else "a socket" if stat.S_ISSOCK(mode) else "a device")
        raise CaseFormatError(f"is {kind}, not a regular file; import reads regular files only")


def sniff_delimiter(text: str) -> str:
    """Tab, comma or semicolon: whichever the first line uses most (tab wins ties)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max(_DELIMITERS, key=first.count)


class UnreadableTableError(CaseFormatError):
    """The CSV reader gave up (a field over its size limit, say); nothing after can be read."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


def table_records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(starting line, fields) per record; quoted fields may hold newlines and delimiters."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for record in reader:
            if any(value.strip() for value in record):
                yield start, record
            start = reader.line_num + 1
    except csv.Error as error:
        raise UnreadableTableError(start, f"unreadable table ({error})") from None


def is_liar_record(record: list[str]) -> bool:
    """LIAR-PLUS has no header: it is known by its 16 columns and its ``NNNN.json`` ids."""
    return len(record) == LIAR_COLUMNS and bool(_LIAR_ID.match(record[1].strip()))


def iter_claim_table(
    path: Path, *, scales: Mapping[str, RatingScale] | None = None
) -> Iterator[BulkRow]:
    """One BulkRow per record of a CSV/TSV claims table (LIAR-PLUS, or any with a header).

    A generic table needs a ``claim`` (or ``statement``) column; see ``TABLE_COLUMNS`` for
    the others. Its ratings are placed on ``scales`` (default: the shipped ones) like
    ClaimReview labels are. The file is read and its layout checked before the first row
    is yielded, so a file that is no claims table fails at once with CaseFormatError.
    """
    text = read_text(path)
    records = table_records(text, sniff_delimiter(text))
    first = next(records, None)
    if first is None:
        return iter(())
    line, record = first
    if is_liar_record(record):
        return _rows(itertools.chain([first], records), _case_from_liar)
    columns = column_positions(record, TABLE_COLUMNS)
    if columns["claim"] is None:
        raise CaseFormatError(
            f"line {line}: the header has no 'claim' or 'statement' column (and the rows are "
            "not in the LIAR-PLUS layout)"
        )
    convert = functools.partial(
        _case_from_table, columns=columns, width=len(record), scales=scales or builtin_scales()
    )
    return _rows(records, convert)


def _rows(
    records: Iterator[tuple[int, list[str]]], convert: Callable[[list[str]], Case]
) -> Iterator[BulkRow]:
    try:
        for line, fields in records:
            try:
                yield BulkRow(line, convert(fields))
            except CaseFormatError as error:
                yield BulkRow(line, None, str(error))
    except UnreadableTableError as error:
        yield BulkRow(error.line, None, error.reason)


def _case_from_liar(record: list[str]) -> Case:
    if len(record) != LIAR_COLUMNS:
        raise CaseFormatError(f"expected {LIAR_COLUMNS} columns, found {len(record)}")
    fields = [value.strip() for value in record]
    record_id, label, statement, subjects = fields[1], fields[2], fields[3], fields[4]
    speaker, job, context, justification = fields[5], fields[6], fields[14], fields[15]
    if not statement:
        raise CaseFormatError("empty statement")
    rating = LIAR_RATINGS.get(label.casefold())
    if rating is None:
        expected = ", ".join(LIAR_RATINGS)
        raise CaseFormatError(f"unknown label {label!r} (expected one of {expected})")
    notes = [context]
    if subjects:
        notes.append("Subjects: " + subjects.replace(",", ", "))
    return backlog_case(
        Claim(
            text=statement,
            claimant=name_from_slug(speaker),
            claimant_role=job,
            context="\n".join(note for note in notes if note),
        ),
        scale="politifact",
        rating=rating,
        justification=justification,
        heading="PolitiFact's justification (imported)",
        origin=f"LIAR-PLUS record {record_id}",
    )


def name_from_slug(slug: str) -> str:
    """LIAR-PLUS writes speakers as slugs: "vicky-hartzler" is Vicky Hartzler."""
    return " ".join(part.capitalize() for part in slug.split("-") if part)


def _case_from_table(
    record: list[str],
    *,
    columns: dict[str, int | None],
    width: int,
    scales: Mapping[str, RatingScale],
) -> Case:
    if len(record) != width:
        raise CaseFormatError(f"expected {width} columns (as in the header), found {len(record)}")
    values = {
        field: "" if index is None else record[index].strip() for field, index in columns.items()
    }
    if not values["claim"]:
        raise CaseFormatError("empty claim")
    made = _table_date(values["date"])
    placed = rating_on_scale(values["rating"], scales)
    case = backlog_case(
        Claim(
            text=values["claim"],
            claimant=values["claimant"],
            claimant_role=values["role"],
            date_made=made,
            first_appearance=values["url"],
            context=values["context"],
        ),
        scale=placed[0] if placed else "none",
        rating=placed[1] if placed else "",
        justification=values["justification"],
        heading="Justification (imported)",
    )
    if not placed and values["rating"]:
        # A label no scale knows is still the previous verdict: keep it as the conclusion.
        case.verdict.conclusion = values["rating"]
    return case


def _table_date(text: str) -> str:
    """A table's date as YYYY[-MM[-DD]]; a timestamp's time of day is dropped."""
    found = date_prefix(text)
    if text and (not found or text[len(found):][:1] not in ("", "T", " ")):
        raise CaseFormatError(f"date {text!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
    return found


# --- AVeriTeC -----------------------------------------------------------------------------


def iter_averitec(path: Path) -> Iterator[BulkRow]:
    """One BulkRow per claim of an AVeriTeC JSON list (``line`` = position, from 1).

    ``workbench.formats.averitec`` says what of a claim goes where in its case.
    """
    document = load_json(read_text(path), whole=False)
    if not isinstance(document, list):
        raise CaseFormatError("an AVeriTeC file must be a JSON list of claims")
    return _averitec_rows(document)


def _averitec_rows(document: list[Any]) -> Iterator[BulkRow]:
    scale = builtin_scales()["averitec"]
    for index, record in enumerate(document):
        try:
            check_text(record, f"[{index}]")
            yield BulkRow(index + 1, case_from_averitec(record, f"[{index}]", scale))
        except CaseFormatError as error:
            yield BulkRow(index + 1, None, str(error))


# --- progress -----------------------------------------------------------------------------


def estimate_total(path: Path) -> int:
    """How many rows a bulk file will yield, for a progress bar; 0 when it cannot tell.

    One quick parse without building cases (a few tens of milliseconds for the datasets);
    exact for well-formed files. Never raises on bad content: the import itself reports it.
    """
    try:
        text = read_text(path)
        if text.lstrip().startswith("["):
            document = load_json(text, whole=False)
            return len(document) if isinstance(document, list) else 0
        records = table_records(text, sniff_delimiter(text))
        first = next(records, None)
        if first is None:
            return 0
        return sum(1 for _ in records) + (1 if is_liar_record(first[1]) else 0)
    except CaseFormatError:
        return 0
