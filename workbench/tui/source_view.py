"""A source shown read-only: what a reviewer, or anyone on a published case, reads of it.

The content of a locked case (review mode, published, a file another process has) cannot
change, so the source form cannot open there; yet the excerpts, the URL and the notes are
what a reviewer has to read. This view has the form's rows, labels (the field registry's)
and order, with the lag and the corroboration worked out as the form shows them, and
nothing to edit: no field takes typing and nothing is saved, so leaving never asks. The
excerpts and notes are read-only text areas, to scroll and to select and copy from; the
other values can be selected with the mouse. When the case screen allows comments, ``c``
comments on the source, as ``c`` comments on a question in the read-only matrix.

Its archived copies (address, archive, capture time) and captures (files kept in the case
file: name, type, size, SHA-256) are listed under "Preserved copies"; ``w`` (or ctrl+o,
as in the form) saves a capture out to a file, asking which and where (``preserved``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Footer, Static, TextArea

from workbench.analysis.corroboration import computed_corroboration
from workbench.fields import Field, Kind
from workbench.model import AnchorKind, Case, Corroboration, Credibility, Source
from workbench.review import Anchor
from workbench.tui.dialog import Dialog
from workbench.tui.preserved import SavesCaptures, preserved_rows
from workbench.tui.source_form import (
    DATE_FIELDS,
    SOURCE,
    TEXT_FIELDS,
    date_problem,
    source_choice_label,
    timing_summary,
)

#: How an empty text or date reads: plainly nothing, not a blank to fill in.
_EMPTY = Content.styled("—", "dim")


def choice_text(field: Field, value: object) -> Content:
    """A choice as the form's list names it; unset reads as the form's "not set" choice."""
    if value is None:
        return Content.styled(field.blank, "dim" if field.kind is Kind.CHOICE else "")
    label = next((label for label, choice in field.choices if choice == value), str(value))
    return Content(label)



def value_text(text: str) -> Content:
    return Content(text) if text.strip() else _EMPTY


class SourceViewScreen(SavesCaptures, Dialog[None]):
    """One source of ``case``, read-only; dismisses with None (nothing changed here).

    ``reason`` says why the content is locked, in a banner above the fields.
    ``on_comment``, when given, records a review comment on an anchor (the source).
    """

    HELP_AREA = "Source (read-only)"
    DEFAULT_CSS = """
    SourceViewScreen {
        align: center top;
    }
    SourceViewScreen #view-dialog {
        width: 100%;
        max-width: 110;
        height: 1fr;
        padding: 0 0 0 1;
    }
    SourceViewScreen #view-banner {
        height: auto;
        padding: 0 1;
        margin-right: 1;
        background: $warning-muted;
        text-style: bold;
    }
    SourceViewScreen #view-fields {
        height: 1fr;
        padding-right: 1;
    }
    SourceViewScreen #view-fields:focus {
        background-tint: $accent 5%;
    }
    SourceViewScreen .form-heading {
        margin-top: 1;
        color: $text-accent;
        text-style: bold;
    }
    SourceViewScreen .form-heading.-first {
        margin-top: 0;
    }
    SourceViewScreen .field {
        height: auto;
    }
    SourceViewScreen .field-label {
        width: 17;
        color: $text-muted;
    }
    SourceViewScreen .value {
        width: 1fr;
    }
    SourceViewScreen .date-value {
        width: 12;
    }
    SourceViewScreen .date-problem {
        width: 1fr;
        padding-left: 1;
        color: $text-error;
    }
    SourceViewScreen TextArea {
        width: 1fr;
        height: auto;
        background: $boost;
    }
    SourceViewScreen TextArea:focus {
        background-tint: $accent 20%;
    }
    /* As tall as the text, up to a point; longer text scrolls inside. */
    SourceViewScreen #excerpts {
        max-height: 16;
    }
    SourceViewScreen #notes {
        max-height: 8;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="source_view.close"),
        Binding("c", "comment", "Comment", id="source_view.comment"),
        Binding("w,ctrl+o", "save_capture", "Save capture", id="source_view.save_capture"),
    ]

    def __init__(self, case: Case, source: Source, *, reason: str = "",
                 on_comment: Callable[[Anchor], None] | None = None,
                 path: Path | None = None) -> None:
        super().__init__()
        self.case = case
        self.source = source
        self.reason = reason
        self.on_comment = on_comment
        #: The case file the captures are read from; None: the screen showing this case's.
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="view-dialog", classes="dialog"):
            if self.reason:
                yield Static(self.reason, id="view-banner", markup=False)
            # Focusable, so the arrows and page keys scroll the whole source.
            with VerticalScroll(id="view-fields"):
                yield from self._fields()
        yield Footer()

    def _fields(self) -> ComposeResult:
        """The rows of the source form, in its order, each showing its value."""
        yield Static("Source", classes="form-heading -first")
        for name in TEXT_FIELDS:
            yield self._text_row(name)
        yield self._choice_row("kind")
        yield self._row("Derived from", Static(self._derived_from(), classes="value"))
        yield self._text_row("origin")

        yield Static("Dates and timing", classes="form-heading")
        dates = {name: self._text(SOURCE[name]) for name in DATE_FIELDS}
        for name in DATE_FIELDS:
            problem = date_problem(name, dates)
            yield self._row(SOURCE[name].label,
                            Static(value_text(dates[name]), classes="date-value"),
                            Static(f"✗ {problem}" if problem else "", classes="date-problem",
                                   markup=False))
        yield self._row("Timing", Static(timing_summary(dates), classes="value"))
        yield self._choice_row("amid_dispute")
        yield self._text_row("dispute_note")

        yield Static("Assessment", classes="form-heading")
        yield self._choice_row("motive")
        yield self._text_row("motive_note")
        yield self._row("Corroboration",
                        Static(self._corroboration(), id="computed-corroboration",
                               classes="value"))
        yield self._choice_row("corroboration_override")
        yield self._text_row("corroboration_note")
        yield self._choice_row("reliability")
        yield self._choice_row("credibility")
        if hint := self._credibility_hint():
            yield self._row("", Static(hint, id="credibility-hint", classes="value"))

        yield Static("Excerpts (one per paragraph) and notes", classes="form-heading")
        yield self._area_row("excerpts")
        yield self._area_row("notes")

        yield from preserved_rows(self.source, self._row)

    def _text(self, field: Field) -> str:
        return field.as_text(field.read(self.source))

    def _text_row(self, name: str) -> Horizontal:
        field = SOURCE[name]
        return self._row(field.label,
                         Static(value_text(self._text(field)), id=name, classes="value"))

    def _choice_row(self, name: str) -> Horizontal:
        field = SOURCE[name]
        return self._row(field.label, Static(choice_text(field, field.read(self.source)),
                                             id=name, classes="value"))

    def _area_row(self, name: str) -> Horizontal:
        field = SOURCE[name]
        area = TextArea(self._text(field), id=name, read_only=True, soft_wrap=True,
                        compact=True, placeholder=_EMPTY)
        return self._row(field.label, area)

    @staticmethod
    def _row(label: str, *widgets: Widget) -> Horizontal:
        return Horizontal(Static(label, classes="field-label", markup=False), *widgets,
                          classes="field")

    def _derived_from(self) -> Content:
        link = self.source.derived_from
        if link is None:
            return Content.styled("none - independent", "dim")
        linked = self.case.source(link)
        return Content(source_choice_label(linked) if linked else f"(missing source {link})")

    def _standing(self) -> tuple[Corroboration, Corroboration | None]:
        """What the matrix says of the source, and the override set by hand (if any)."""
        return (computed_corroboration(self.case, self.source),
                self.source.assessment.corroboration_override)

    def _corroboration(self) -> Content:
        computed, override = self._standing()
        parts: list[tuple[str, str] | str] = [(computed.label, "bold"),
                                              "  (from the evidence matrix)"]
        if override is not None and override is not computed:
            parts.append((f"; the override says {override.label}", "$text-warning"))
        return Content.assemble(*parts)

    def _credibility_hint(self) -> Content | None:
        """The form's suggestion, here a remark: corroborated yet not rated confirmed."""
        computed, override = self._standing()
        if (override or computed) is not Corroboration.CORROBORATED or (
                self.source.assessment.credibility is Credibility.CONFIRMED):
            return None
        return Content.styled(
            f"Suggest {Credibility.CONFIRMED.label}: the source is corroborated",
            "$text-success")

    def on_mount(self) -> None:
        dialog = self.query_one("#view-dialog")
        dialog.border_title = Content(f"Source [{self.source.number}] (read-only)")
        self.query_one("#view-fields").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "comment":
            return self.on_comment is not None
        if action == "save_capture":
            return self.can_save_capture()
        return True

    def action_comment(self) -> None:
        if self.on_comment is not None:
            self.on_comment(Anchor(AnchorKind.SOURCE, self.source.id))

    def action_close(self) -> None:
        self.dismiss(None)
