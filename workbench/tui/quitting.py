"""What a screen owes the app when it quits: its edits, on disk or in a recovery file.

Kept apart from the case screen and autosave so the app can ask it of any screen without
importing them (the library starts without the case machinery).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class QuitReport:
    """What became of a screen's edits when the app was asked to quit.

    ``kept``: they are on disk (saved, or in a recovery file ``message`` names); False
    means the only copy is in memory. ``message`` is told on the terminal after the app
    has gone, where it outlives the notification it would otherwise have been.
    """

    kept: bool
    message: str = ""


@runtime_checkable
class SavesOnQuit(Protocol):
    """A screen holding edits that must reach the disk before the app may quit."""

    def save_for_quit(self) -> QuitReport: ...


@runtime_checkable
class HoldsUnsavedInput(Protocol):
    """A dialog or form whose typed input is not yet in the case: quitting asks first."""

    def unsaved_input(self) -> str:
        """What holds unsaved input, in words ("the source form"); "" when nothing."""
        ...

    def save_input(self) -> None:
        """Save it as its own save key would: the dialog closes when it could, and stays
        (saying why) when it could not."""
        ...
