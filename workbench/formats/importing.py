"""One entry point for every import: read the file, decide its format by content, parse.

Single documents (a case, ClaimReview records, an article) are parsed whole, so a bad one
fails before any case file is written. Bulk claim lists yield row by row, so one bad row is
reported by its line while the rest import.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from workbench.formats import detect
from workbench.formats.article_import import case_from_article
from workbench.formats.bulk import BulkRow, estimate_total, iter_averitec, iter_claim_table
from workbench.formats.bulk import read_text as read_import_text
from workbench.formats.case_json import TOO_DEEP, CaseFormatError, case_from_json
from workbench.formats.claimreview import cases_from_claimreview
from workbench.model import Case
from workbench.scales import RatingScale

BULK_FORMATS = (detect.AVERITEC, detect.CLAIMS_TABLE)


@dataclass(frozen=True)
class ImportPlan:
    """What a file holds: its format and either whole cases or rows to come."""

    kind: str
    cases: tuple[Case, ...] = ()
    total: int = 0

    @property
    def is_bulk(self) -> bool:
        return self.kind in BULK_FORMATS


def plan_import(path: Path, *, scales: Mapping[str, RatingScale]) -> ImportPlan:
    """Read and recognise ``path``; parse it whole unless it is a bulk list.

    Only a regular file is read, and only up to ``bulk.MAX_IMPORT_BYTES``.
    """
    try:
        return _plan(path, read_import_text(path), scales)
    except RecursionError:
        # The parser takes any depth it can; walking a document almost that deep for its
        # ClaimReview records is one step too many.
        raise CaseFormatError(TOO_DEEP) from None


def _plan(path: Path, text: str, scales: Mapping[str, RatingScale]) -> ImportPlan:
    kind = detect.detect_import_format(path, text)
    if kind == detect.CASE_JSON:
        return ImportPlan(kind, (case_from_json(text),))
    if kind == detect.CLAIMREVIEW:
        return ImportPlan(kind, tuple(cases_from_claimreview(text, scales=scales)))
    if kind == detect.ARTICLE:
        return ImportPlan(kind, (case_from_article(text),))
    return ImportPlan(kind, total=estimate_total(path))


def bulk_rows(path: Path, plan: ImportPlan, *,
              scales: Mapping[str, RatingScale]) -> Iterator[BulkRow]:
    if plan.kind == detect.AVERITEC:
        return iter_averitec(path)
    return iter_claim_table(path, scales=scales)
