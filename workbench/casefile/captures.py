"""Files of a source kept in the case file: taken in under the cap, saved back out checked.

A capture's bytes live in ``capture_data``, apart from the case: ``CaseFile.save`` writes
them with the capture (``capture_data=``) and ``CaseFile.capture_bytes`` reads them, so
a case opens without reading them. This is what the command line and the TUI share about
the files on either side: which files a capture may be, the cap, and writing one out whole
(never over another file unless asked), checked against its SHA-256.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.atomic import write_atomically
from workbench.casefile.errors import CaseFileError
from workbench.model import CAPTURE_MEDIA_TYPES, MAX_CAPTURE_BYTES, Capture, new_id

if TYPE_CHECKING:
    from workbench.casefile.store import CaseFile


def _cap_words() -> str:
    return f"{MAX_CAPTURE_BYTES // (1024 * 1024)} MB"


def read_capture_file(path: Path) -> tuple[Capture, bytes]:
    """A new capture of the file at ``path``, and its bytes.

    Refused in one line (CaseFileError) when ``path`` is no file, not a PDF, PNG, HTML or
    WACZ file by its name, or larger than ``MAX_CAPTURE_BYTES``; the size is looked at
    before anything is read.
    """
    if not path.is_file():
        raise CaseFileError(f"{path}: no such file" if not path.exists()
                            else f"{path}: not a file")
    media_type = CAPTURE_MEDIA_TYPES.get(path.suffix.casefold())
    if media_type is None:
        raise CaseFileError(f"{path}: a capture is a PDF, PNG, HTML or WACZ file "
                            "(.pdf, .png, .html, .htm, .wacz)")
    size = path.stat().st_size
    if size > MAX_CAPTURE_BYTES:
        raise CaseFileError(f"{path}: {size:,} bytes is more than a capture may be "
                            f"({_cap_words()}); keep it beside the case")
    data = path.read_bytes()
    if len(data) > MAX_CAPTURE_BYTES:  # it grew while read
        raise CaseFileError(f"{path}: more than a capture may be ({_cap_words()})")
    capture = Capture(id=new_id(), name=path.name, media_type=media_type,
                      sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    return capture, data


def save_capture(case_file: CaseFile, capture: Capture, output: Path, *,
                 force: bool = False) -> None:
    """Write ``capture``'s bytes to ``output``, whole or not at all, checked against its
    SHA-256 in the case file and again as written. An existing file is replaced only with
    ``force``. CaseFileError, in one line, otherwise."""
    if output.is_dir():
        raise CaseFileError(f"{output}: is a folder; name the file to write")
    if output.exists() and not force:
        raise CaseFileError(f"{output}: already exists; replace it with --force")
    if not output.parent.is_dir():
        raise CaseFileError(f"{output.parent}: no such folder")
    data = case_file.capture_bytes(capture)
    try:
        write_atomically(output, data, replace=force)
    except FileExistsError:
        raise CaseFileError(f"{output}: already exists; replace it with --force") from None
    except OSError as error:
        raise CaseFileError(f"{output}: cannot be written ({error.strerror or error})") from None
    # What landed is the capture, byte for byte, or it is no copy of it.
    if hashlib.sha256(output.read_bytes()).hexdigest() != capture.sha256:
        with contextlib.suppress(OSError):
            os.unlink(output)
        raise CaseFileError(f"{output}: the file written does not match the capture's "
                            "SHA-256")


def capture_line(capture: Capture) -> str:
    """``page.pdf (application/pdf, 12,345 bytes, sha256 3f2a9c1e5b7d…)``."""
    return (f"{capture.name} ({capture.media_type}, {capture.size:,} bytes, "
            f"sha256 {capture.sha256[:12]}…)")
