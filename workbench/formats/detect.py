"""Which importer reads a file: decided by its content, with the suffix only as a hint.

People save ClaimReview as ``.json``, export spreadsheets as ``.txt`` and paste articles
into ``.md`` or ``.txt``; a suffix alone would send them to the wrong importer and give a
baffling error. The content decides; the suffix only says whether a file that fails to
parse as JSON was meant to be JSON (and so deserves the JSON parser's error).
"""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path
from typing import Any

from workbench.formats.article_import import has_article_headings
from workbench.formats.bulk import TABLE_COLUMNS, sniff_delimiter
from workbench.formats.case_json import (
    FORMAT_NAME,
    CaseFormatError,
    InvalidJSONError,
    load_json,
)
from workbench.formats.claimreview import is_claimreview

CASE_JSON = "case-json"
CLAIMREVIEW = "claimreview"
AVERITEC = "averitec"
ARTICLE = "article"
CLAIMS_TABLE = "claims-table"
FORMATS = (CASE_JSON, CLAIMREVIEW, AVERITEC, ARTICLE, CLAIMS_TABLE)

JSON_SUFFIXES = (".json", ".jsonld")
#: Records read to judge whether a text is a table: enough to be sure, cheap on big files.
SAMPLE_RECORDS = 50


def detect_import_format(path: Path, text: str) -> str:
    """One of ``FORMATS`` for the file's text; CaseFormatError says why none fits.

    The caller reads the file (and reports text that is not UTF-8).
    """
    stripped = text.strip()
    if not stripped:
        raise CaseFormatError("empty file")
    if "\x00" in text:
        # Valid UTF-8 may still be binary (a zeroed file, UTF-16); no text format holds NUL.
        raise CaseFormatError("a binary file (it holds NUL bytes), not text")
    if stripped[0] in "{[":
        try:
            document = load_json(stripped, whole=False)
        except InvalidJSONError:
            if path.suffix.lower() in JSON_SUFFIXES:
                raise
        else:
            return _json_format(document)
    # The table test goes first: a quoted field may hold a line that looks like a heading
    # ("1. …"), while prose almost never keeps the same number of commas on every line.
    if _is_table(text):
        return CLAIMS_TABLE
    if has_article_headings(text):
        return ARTICLE
    raise CaseFormatError(
        "neither an article (no 'Executive Summary', numbered headings such as '1. Heading' or "
        "'Claim:' line) nor a claims table (rows with the same number of tab- or "
        "comma-separated columns)"
    )


def _json_format(document: Any) -> str:
    if isinstance(document, dict) and str(document.get("format", "")).startswith(
        FORMAT_NAME.split("/")[0] + "/"
    ):
        # Any version: the case importer explains a version it cannot read.
        return CASE_JSON
    if _holds_claimreview(document):
        return CLAIMREVIEW
    if (
        isinstance(document, list)
        and document
        and all(isinstance(item, dict) for item in document)
        and "claim" in document[0]
        and ("questions" in document[0] or "label" in document[0])
    ):
        return AVERITEC
    if isinstance(document, dict) and document.get("@type") == "DataFeed":
        # A publisher's feed of its checks is prior work to search, not cases to work on.
        raise CaseFormatError("a ClaimReview DataFeed (a publisher's prior checks); import "
                              "it into the corpus with: workbench corpus import FILE")
    raise CaseFormatError("JSON but neither a Workbench case, ClaimReview nor an AVeriTeC list")


def _holds_claimreview(node: Any) -> bool:
    if isinstance(node, list):
        return any(_holds_claimreview(item) for item in node)
    if not isinstance(node, dict):
        return False
    return is_claimreview(node) or _holds_claimreview(node.get("@graph"))


def _is_table(text: str) -> bool:
    """Records that all have the same number of columns: two or more, or one named "claim".

    Prose fails this at once: its lines hold varying numbers of commas. A one-column file
    counts only with a ``claim`` header, since any list of lines has one column.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        records = [
            record
            for record in itertools.islice(reader, SAMPLE_RECORDS)
            if any(value.strip() for value in record)
        ]
    except csv.Error:
        return False
    widths = {len(record) for record in records}
    if len(records) < 2 or len(widths) != 1:
        return False
    header = {name.strip().casefold() for name in records[0]}
    return widths != {1} or bool(header & set(TABLE_COLUMNS["claim"]))
