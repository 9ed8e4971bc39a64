"""How model values read on screen: short, one line, and never raising on odd data.

A case file may hold values this version does not know (a status from a newer Workbench,
a scale from someone else's config), and a table cell must still show something. Kept free
of Textual so the wording is unit-tested on its own and shared by every view.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

from workbench.casefile.library import Skipped
from workbench.model import Source, Status, Vocabulary
from workbench.scales import get_scale

#: Shown where a value has not been filled in yet.
MISSING = "—"


def flat(text: str) -> str:
    """Text on one line: a newline in a table cell would make its row grow."""
    return " ".join(text.split())


def one_line(text: str, width: int) -> str:
    """Collapse whitespace and cut to ``width`` terminal cells, marking the cut with "…"."""
    line = flat(text)
    if cell_len(line) <= width:
        return line
    # set_cell_size pads with a space when it has to split a double-width character.
    return set_cell_size(line, max(width - 1, 0)).rstrip() + "…"


def status_label(value: str) -> str:
    try:
        return Status(value).label
    except ValueError:
        return value


def vocabulary_label(member: Vocabulary | None) -> str:
    return MISSING if member is None else member.label


def scale_name(scale_id: str) -> str:
    scale = get_scale(scale_id)
    return scale.name if scale is not None else scale_id


def rates(scale_id: str) -> bool:
    """Whether the case's scale gives ratings; an unknown scale is assumed to."""
    scale = get_scale(scale_id)
    return scale is None or scale.rates


def short_date(timestamp: str) -> str:
    """The date part of a stored ``YYYY-MM-DDTHH:MM:SSZ`` timestamp."""
    return timestamp[:10] or MISSING


def lag_text(days: int) -> str:
    """A lag a person grasps at a glance: days up to a year, whole years beyond."""
    if days < 365:
        return f"{days} day" if days == 1 else f"{days} days"
    years = days // 365
    return f"{years} year" if years == 1 else f"{years} years"


def timing_badge(source: Source) -> str:
    """The timing class with the lag behind it, e.g. "retrospective (16 years)"."""
    lag = source.lag_days
    label = source.timing.label
    return label if lag is None else f"{label} ({lag_text(lag)})"


def skipped_line(skipped: Skipped) -> str:
    """One line per unreadable library file: its name and why, without the folder."""
    reason = skipped.reason.removeprefix(f"{skipped.path}: ")
    return f"{skipped.path.name}: {reason}"
