"""The last resort when a case cannot be saved: its whole JSON, wherever there is room.

A save fails most often because the disk is full, and a recovery file written beside the
case then fails too (once, it left a file of 0 bytes). So the places are tried in turn:
beside the case file, the user's data folder, then the temporary folder; each write is
whole or nothing (``workbench.atomic``), so a recovery file that exists can be imported.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from workbench.atomic import write_atomically
from workbench.formats.case_json import case_to_json
from workbench.model import Case


def recovery_folders(next_to: Path) -> Iterator[Path]:
    """Where a recovery file may go, best first: where the user looks, then elsewhere."""
    yield next_to.parent
    import platformdirs

    yield platformdirs.user_data_path("factcheck-workbench") / "recovery"
    yield Path(tempfile.gettempdir())


def write_recovery(case: Case, next_to: Path) -> Path | None:
    """Write ``case`` as case JSON; return where, or None when no place would take it."""
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    data = case_to_json(case).encode("utf-8")
    for folder in recovery_folders(next_to):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return write_atomically(folder / f"{next_to.name}.unsaved-{stamp}.json", data)
        except OSError:
            continue
    return None
