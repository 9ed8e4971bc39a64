"""The SQLite case file: one case per file, plus the library of case files and its index.

Importing this package is cheap; the SQLite machinery (and sqlite_utils) loads on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.casefile.errors import CaseFileError, CaseFileReadOnlyError

if TYPE_CHECKING:
    from workbench.casefile.store import CaseFile

__all__ = ["CaseFile", "CaseFileError", "CaseFileReadOnlyError"]


def __getattr__(name: str) -> object:
    if name == "CaseFile":
        from workbench.casefile.store import CaseFile

        return CaseFile
    raise AttributeError(name)
