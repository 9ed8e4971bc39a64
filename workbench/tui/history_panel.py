"""The history panel: what happened to the selected item, newest first, who and when.

The history is read from the case file (``CaseFile.history()``), not from the case on
screen: autosave saves a copy of the case, so the edits a save records never reach the
case in memory. The screen reads the file on a worker and hands the events down; this
panel only picks the item's events (``review.history_for``) and words them
(``review.describe_event``), as ``workbench log --on`` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from workbench.model import Case, Event
from workbench.review import anchor_label, describe_event, history_for
from workbench.tui.review_panel import when


@dataclass(frozen=True)
class HistoryTarget:
    """Whose history to show: a part of the case (``review.history_for``'s kinds), or
    the whole case when ``kind`` is None."""

    kind: str | None = None
    id: str = ""

    def label(self, case: Case) -> str:
        if self.kind is None:
            return "the whole case"
        if self.kind in ("source", "section", "question"):
            return anchor_label(case, self.kind, self.id)
        return {"case": "the case's status", "claim": "the claim",
                "verdict": "the verdict"}.get(self.kind, self.kind)


def history_rows(case: Case, events: Sequence[Event], target: HistoryTarget) -> list[Content]:
    """The target's events, newest first: "2026-05-01 10:05  Bob  status: draft -> …"."""
    chosen = history_for(case, target.kind, target.id, events=events)
    rows = []
    for event in reversed(chosen):
        rows.append(Content.assemble(
            (when(event.at), "dim"), "  ", (event.who or "unknown", "bold"), "  ",
            " ".join(describe_event(case, event).split()),
        ))
    return rows


class HistoryPanel(OptionList):
    """The history of one item; scrolls, and follows the selection (the screen says which)."""

    HELP_AREA = "History panel"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "screen.close_panel", "Close", show=False, id="history.close"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.target = HistoryTarget()

    def on_mount(self) -> None:
        self.border_title = "History"

    def show_loading(self, case: Case, target: HistoryTarget) -> None:
        self.target = target
        self.border_title = Content(f"History · {target.label(case)}")
        self.clear_options()
        self.add_option(Option(Content.styled("reading the history…", "dim"), disabled=True))

    def show(self, case: Case, events: Sequence[Event], target: HistoryTarget) -> None:
        """Show the history of ``target`` out of ``events`` (the file's, oldest first)."""
        self.target = target
        rows = history_rows(case, events, target)
        self.border_title = Content(f"History · {target.label(case)} ({len(rows)})")
        self.clear_options()
        if not rows:
            self.add_option(Option(Content.styled("Nothing recorded yet.", "dim"),
                                   disabled=True))
            return
        self.add_options(Option(row) for row in rows)
        self.highlighted = 0
