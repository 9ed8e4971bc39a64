"""The source list: each source's number, title and assessment at a glance."""

from __future__ import annotations

from rich.text import Text

from workbench.model import Case, Corroboration, Source
from workbench.tui.columns import longest
from workbench.tui.fitted_table import FittedTable
from workbench.tui.labels import flat, one_line, timing_badge, vocabulary_label

#: Only "first-hand account / recollection" is longer; the badges matter more than its tail.
_KIND_WIDTH = 22
#: A title is never cut shorter than this; the table scrolls sideways instead.
_MIN_TITLE_WIDTH = 20

#: Corroboration is the badge a checker scans for: contradictions first, then single sources.
_CORROBORATION_STYLE = {
    Corroboration.CORROBORATED: "green",
    Corroboration.UNCORROBORATED: "yellow",
    Corroboration.CONTRADICTED: "bold red",
    Corroboration.UNVERIFIABLE: "dim",
}


def source_cells(source: Source, standing: Corroboration) -> list[Text]:
    return [
        Text(f"[{source.number}]"),
        Text(flat(source.title) or "(untitled)"),
        Text(one_line(vocabulary_label(source.kind), _KIND_WIDTH)),
        Text(vocabulary_label(source.assessment.motive)),
        Text(timing_badge(source)),
        Text(standing.label, style=_CORROBORATION_STYLE[standing]),
    ]


class SourcesTable(FittedTable):
    """One row per source, keyed by source id so later views can act on the selection.

    The title gives way first: the badges are what the list is for.
    """

    HEADERS = ("[n]", "Title", "Kind", "Motive", "Timing", "Corroboration")
    FLEXIBLE = frozenset({1})

    def on_mount(self) -> None:
        self.border_title = "Sources"

    def fit(self, room: int, rows: list[list[str]]) -> dict[int, int]:
        return {1: min(longest(rows, 1), max(room, _MIN_TITLE_WIDTH))}

    def show(self, case: Case, corroborations: dict[str, Corroboration]) -> None:
        """Fill the table; ``corroborations`` was computed off the UI thread."""
        self.border_title = f"Sources ({len(case.sources)})"
        self.show_rows(
            [(s.id, source_cells(s, corroborations[s.id])) for s in case.sources]
        )
