"""Column widths for tables whose long text columns share what the short ones leave.

Textual's DataTable sizes every column to its widest cell, so a long claim or title would
push the status and assessment columns off screen. Short columns keep their full width
(they are what a person scans); the long ones are cut to fit the rest.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from rich.cells import cell_len

#: Kept free for a vertical scrollbar, so a long table does not push the last column out.
SCROLLBAR_WIDTH = 2


def column_width(header: str, rows: Sequence[Sequence[str]], index: int) -> int:
    """The width a column takes unless cut: its widest cell or its header."""
    return max([cell_len(header), *(cell_len(row[index]) for row in rows)])


def room_left(
    available: int,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    flexible: Collection[int],
    padding: int,
) -> int:
    """Cells left for the ``flexible`` columns' text once the others have their full width."""
    fixed = sum(
        column_width(header, rows, index)
        for index, header in enumerate(headers)
        if index not in flexible
    )
    return available - fixed - 2 * padding * len(headers) - SCROLLBAR_WIDTH


def longest(rows: Sequence[Sequence[str]], index: int) -> int:
    return max((cell_len(row[index]) for row in rows), default=0)
