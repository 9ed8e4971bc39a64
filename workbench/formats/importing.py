"""One entry point for every import: read the file, decide its format by content, parse.

Single documents (a case, ClaimReview records, an article) are parsed whole, so a bad one
fails before any case file is written. Bulk claim lists yield row by row, so one bad row is
reported by its line while the rest import.

Writing the cases of a single document is here too, so ``workbench import`` and the TUI's
import make the same files the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from workbench.casefile.library import Library
from workbench.casefile.store import CaseFile
from workbench.formats import detect
from workbench.formats.article_import import read_article
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
    #: What the user should check about how the file was read, one line each.
    notes: tuple[str, ...] = ()

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
        article = read_article(text, scales=scales)
        return ImportPlan(kind, (article.case,), notes=article.notes)
    return ImportPlan(kind, total=estimate_total(path))


def bulk_rows(path: Path, plan: ImportPlan, *,
              scales: Mapping[str, RatingScale]) -> Iterator[BulkRow]:
    if plan.kind == detect.AVERITEC:
        return iter_averitec(path)
    return iter_claim_table(path, scales=scales)


def write_cases(plan: ImportPlan, place: Callable[[Case], Path]) -> Iterator[Path]:
    """Write each whole case of ``plan`` to a new case file at ``place(case)``; yield its
    path once the file is on disk (each is put in place whole, never half-written)."""
    for case in plan.cases:
        path = place(case)
        CaseFile.create(path, case).close()
        yield path


@dataclass(frozen=True)
class LibraryImport:
    """The case files an import wrote, and what the user should check about how the file
    was read (``ImportPlan.notes``: a claim taken from the headline, source lines read
    whole)."""

    paths: list[Path]
    notes: tuple[str, ...] = ()


def import_into_library(path: Path, library: Library, *,
                        scales: Mapping[str, RatingScale]) -> LibraryImport:
    """Import the file of whole cases at ``path`` (a case, ClaimReview, an article) into
    ``library``; return the new case files and the notes on how it was read.

    A bulk claim list is refused, naming the command that imports it: its bad rows are
    reported line by line, which wants a terminal, and thousands of new cases are not
    something to start with one key. The new files are noted in the library's index as
    they are written, so the next listing need not read the folder.
    """
    plan = plan_import(path, scales=scales)
    if plan.is_bulk:
        about = f" of about {plan.total:,} claims" if plan.total else ""
        raise CaseFormatError(
            f"a bulk claims list{about}; import it from the command line: "
            f"workbench import {path}"
        )
    if not plan.cases:
        raise CaseFormatError("holds no claims to import")
    with library.changing() as note:
        paths = []
        for written in write_cases(plan, lambda case: library.path_for(case.title)):
            note(written)
            paths.append(written)
    return LibraryImport(paths, plan.notes)
