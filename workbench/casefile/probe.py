"""Recognise a case file from its first bytes, before SQLite ever touches it.

Reading the 100-byte SQLite header ourselves means a file that is not a case file (random
bytes, another application's database, a truncated copy) is refused without being opened
by SQLite, so it cannot be modified by a journal, a WAL or a schema write.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from workbench.casefile.errors import CaseFileError

#: ``PRAGMA application_id`` of every case file: "FCWB" in ASCII.
APPLICATION_ID = 0x46435742
#: The schema version this Workbench writes (``PRAGMA user_version``).
SCHEMA_VERSION = 2

_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100


@dataclass(frozen=True)
class Header:
    page_size: int
    page_count: int
    schema_version: int
    application_id: int


def read_header(path: Path) -> Header:
    """The case file's header, or CaseFileError naming what is wrong with the path."""
    if not path.exists():
        raise CaseFileError(f"{path}: no such file")
    if path.is_dir():
        raise CaseFileError(f"{path}: is a directory, not a case file")
    try:
        with path.open("rb") as handle:
            header = handle.read(_HEADER_SIZE)
            size = os.fstat(handle.fileno()).st_size
    except OSError as error:
        raise CaseFileError(f"{path}: cannot be read ({error.strerror})") from None
    if len(header) < _HEADER_SIZE or not header.startswith(_MAGIC):
        if header.startswith(_MAGIC[: len(header)]) and header:
            raise CaseFileError(f"{path}: is truncated (shorter than an SQLite header)")
        raise CaseFileError(f"{path}: is not a case file (not an SQLite database)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    parsed = Header(
        page_size=page_size,
        page_count=int.from_bytes(header[28:32], "big"),
        schema_version=int.from_bytes(header[60:64], "big"),
        application_id=int.from_bytes(header[68:72], "big"),
    )
    if parsed.application_id != APPLICATION_ID:
        raise CaseFileError(
            f"{path}: is an SQLite database but not a Workbench case file "
            f"(application id {parsed.application_id:#x})"
        )
    if page_size < 512 or size % page_size or size < parsed.page_count * page_size:
        raise CaseFileError(
            f"{path}: is truncated or damaged ({size} bytes; the header promises "
            f"{parsed.page_count * page_size})"
        )
    if parsed.schema_version < 1:
        raise CaseFileError(f"{path}: is a case file with no schema (never finished writing)")
    return parsed
