"""The case open on a case screen: its file, its case, and what the screen derives from it.

The screen has it read on a worker (``CaseLoader``: SQLite off the UI thread, started
before the panes are built so the two overlap) and hands it down to each of its
controllers once it is loaded (attributes down), so none of them reaches back into the
screen for it. Its case is the object the panes edit in place for as long as the screen
is up; what is derived from it is worked out again after a structural edit (``recount``).

The file is a ``LibraryCaseFile``: closing it, wherever the screen does, tells the
library index of the folder it lives in what became of it (``index_notes``), so the next
``workbench list`` does not list the folder to find out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from workbench.analysis.corroboration import corroborations
from workbench.casefile.errors import CaseFileError
from workbench.casefile.store import CaseFile
from workbench.config import Config, ConfigError, load_config
from workbench.model import Case, Corroboration
from workbench.scales import RatingScale, builtin_scales
from workbench.tui import index_notes


class LibraryCaseFile(CaseFile):
    """A case file opened by the TUI: once closed, its library's index is told
    (``index_notes.begin`` came before it was opened)."""

    _told = False

    def close(self) -> None:
        super().close()
        if not self._told:
            self._told = True
            index_notes.end(self.path.parent, self.path)


@dataclass
class OpenCase:
    """The case file open on the screen, its case, and what the screen derives from it."""

    casefile: CaseFile
    case: Case
    scales: dict[str, RatingScale]
    corroborations: dict[str, Corroboration]
    #: ``[review] require_right_of_reply``, for the checks.
    require_right_of_reply: bool = True

    @property
    def read_only(self) -> bool:
        return self.casefile.read_only

    def recount(self) -> dict[str, Corroboration]:
        """Corroborations again, after sources or the matrix changed: one pass over the
        matrix, under a millisecond at 500 sources, so no worker is needed."""
        self.corroborations = corroborations(self.case)
        return self.corroborations


def read_case(path: Path, who: str, config: Config | None) -> OpenCase:
    """Open the case file at ``path`` and read its case (off the UI thread: SQLite).

    ``who`` is the name the history records for the edits saved through the file.
    Raises CaseFileError, and then leaves no file open.
    """
    index_notes.begin(path.parent)
    try:
        casefile = LibraryCaseFile.open(path, who=who)
    except BaseException:
        index_notes.end(path.parent)
        raise
    try:
        case = casefile.load()
        scales, right_of_reply = _settings(config)
    except CaseFileError:
        casefile.close()
        raise
    return OpenCase(casefile, case, scales, corroborations(case), right_of_reply)


def _settings(config: Config | None) -> tuple[dict[str, RatingScale], bool]:
    """The rating scales on offer (shipped ones and the user's own) and whether a rated
    claim's claimant must be asked for comment, even with a broken config."""
    if config is None:
        try:
            config = load_config()
        except ConfigError:
            # The app reports a broken config elsewhere; the shipped scales still work.
            return dict(builtin_scales()), True
    return config.scales, config.require_right_of_reply


class CaseLoader:
    """Reads a case file for a screen on a worker; the screen hears ``Loaded`` or ``Failed``."""

    class Loaded(Message):
        """The case was read (posted from the loading thread)."""

        def __init__(self, opened: OpenCase) -> None:
            super().__init__()
            self.opened = opened

    class Failed(Message):
        """The file is not a case file, is damaged, or cannot be read."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, screen: Screen[Any]) -> None:
        self.screen = screen

    def start(self, path: Path, who: str, config: Config | None) -> None:
        """Read the case at ``path``, the edits saved through it recorded as ``who``'s."""
        self.screen.run_worker(partial(self._read, path, who, config), thread=True,
                               exclusive=True, group="case", name="case")

    def _read(self, path: Path, who: str, config: Config | None) -> None:
        """Worker thread."""
        try:
            opened = read_case(path, who, config)
        except CaseFileError as error:
            self.screen.post_message(self.Failed(str(error)))
            return
        # If the screen went away meanwhile nobody would close the file and free its lock.
        if get_current_worker().is_cancelled or not self.screen.post_message(self.Loaded(opened)):
            opened.casefile.close()
