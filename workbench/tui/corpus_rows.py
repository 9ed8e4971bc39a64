"""What the library screen and the new-case dialog do with a row of the corpus: show a
prior check whole, and make a queued claim's case file. Both read or write the index, so
both run on a worker thread."""

from __future__ import annotations

import contextlib
from pathlib import Path

from workbench.casefile.errors import CaseFileError
from workbench.casefile.library import CASE, IndexRow, Library
from workbench.tui import index_notes


def whole_prior_check(folder: Path, row: IndexRow) -> IndexRow:
    """``row`` with every field: the claim matcher's rows lack the claimant and the
    origin, which the index has. Unreadable, the row is shown as it is."""
    if row.kind == CASE or (row.claimant and row.origin):
        return row
    with contextlib.suppress(CaseFileError):
        return Library(folder).corpus_row(row.id) or row
    return row


def open_queued_case(folder: Path, row: IndexRow) -> Path:
    """Make the case file of the queued claim ``row`` (it leaves the queue), told to the
    index as the TUI's other writes are; return its path. Anything that stops it, a
    payload the case JSON reader refuses included, is a one-line CaseFileError."""
    from workbench.formats.case_json import case_from_json

    index_notes.begin(folder)
    path: Path | None = None
    try:
        path = Library(folder).open_queued(row.id, case_from_json)
    except CaseFileError:
        raise
    except Exception as error:
        raise CaseFileError(f"the queued claim cannot be opened ({error})") from None
    finally:
        index_notes.end(folder, *([path] if path else []))
    return path
