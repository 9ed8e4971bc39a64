"""The source form: every field of a source and its whole assessment, by keyboard alone.

The form edits a deep copy, so cancelling (or the app dying mid-edit) never leaves a
half-edited source in the case: the caller gets a finished ``Source`` back and applies it
(``apply_form_result``), then saves. What the fact-checker would otherwise work out by hand
is shown live as they type: the lag between the events and the statement with its timing
class, and the corroboration the evidence matrix gives the source.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.validation import Function
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Select, Static, TextArea

from workbench.analysis.duplicates import find_duplicates
from workbench.editing import corroboration_if_derived, identity_changed
from workbench.fields import FIELDS, Field, Kind, event_range_problem
from workbench.model import (
    Case,
    Corroboration,
    Credibility,
    Source,
    new_id,
    timing_class,
    timing_lag_days,
)
from workbench.tui.confirm import Confirm
from workbench.tui.dialog import Dialog
from workbench.tui.labels import flat, lag_text, one_line

T = TypeVar("T")

#: The source's fields, as the command line and this form both describe them.
SOURCE = FIELDS["source"]
#: The one-line text fields that open the form, in form order.
TEXT_FIELDS = ("title", "author", "outlet", "url", "archived_url")
#: The date fields in form order.
DATE_FIELDS = ("date_published", "event_date", "event_date_end", "date_accessed")

#: How wide a source's title may be in the "derived from" list.
_CHOICE_TITLE_WIDTH = 60


def source_choice_label(source: Source) -> str:
    """How another source reads in a list: ``[n] title``, one line."""
    title = one_line(source.title, _CHOICE_TITLE_WIDTH) if source.title.strip() else "(untitled)"
    return f"[{source.number}] {title}"


def date_problem(name: str, values: dict[str, str]) -> str | None:
    """What is wrong with one date field given all of them, or None when it is fine.

    An empty date is fine (every field is optional); the end of an event range is also
    checked against its start.
    """
    problem = SOURCE[name].problem(values[name])
    if problem is None and name == "event_date_end":
        return event_range_problem(values["event_date"], values["event_date_end"])
    return problem


def timing_summary(values: dict[str, str]) -> Content:
    """The lag and timing class the dates give, e.g. "Lag: 20 years → retrospective"."""
    if any(date_problem(name, values) for name in ("date_published", "event_date",
                                                    "event_date_end")):
        return Content.styled("Lag: — (fix the dates above)", "$text-error")
    lag = timing_lag_days(
        values["event_date"].strip(), values["date_published"].strip(),
        values["event_date_end"].strip(),
    )
    if lag is None:
        return Content.assemble(
            ("Lag: — → ", "bold"),
            (timing_class(None).label, "bold"),
            ("  (needs Published and Events from)", "dim"),
        )
    return Content.assemble(("Lag: ", "bold"), f"{lag_text(lag)} → ",
                            (timing_class(lag).label, "bold"))


@dataclass(frozen=True)
class DuplicateHit:
    """A source already in the case that the one being saved looks like, and why."""

    existing: Source
    reason: str


class DuplicateScreen(Dialog[Literal["keep", "open", "back"]]):
    """Asks what to do when the source being saved looks like one already in the case."""

    DEFAULT_CSS = """
    DuplicateScreen #duplicate-dialog {
        width: 72;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "choose('keep')", "Keep both", id="source_form.duplicate.keep"),
        Binding("o", "choose('open')", "Open existing", id="source_form.duplicate.open"),
        Binding("escape,b", "choose('back')", "Back", id="source_form.duplicate.back"),
    ]

    def __init__(self, hits: list[DuplicateHit]) -> None:
        super().__init__()
        self.hits = hits

    def compose(self) -> ComposeResult:
        lines = [Content.styled("This looks like a source already in the case:", "bold")]
        lines += [
            Content.assemble(source_choice_label(hit.existing), (f" ({hit.reason})", "dim"))
            for hit in self.hits[:3]
        ]
        with Vertical(id="duplicate-dialog", classes="dialog -warning"):
            yield Static(Content("\n").join(lines), id="duplicate-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep both (k)", id="keep", variant="primary", compact=True)
                yield Button("Open the existing one (o)", id="open", compact=True)
                yield Button("Back (esc)", id="back", compact=True)

    def on_mount(self) -> None:
        self.query_one("#duplicate-dialog").border_title = "Possible duplicate"

    def action_choose(self, choice: Literal["keep", "open", "back"]) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        choice = event.button.id
        assert choice in ("keep", "open", "back")
        self.dismiss(choice)


def _choice_select(field: Field, value: object) -> Select[object]:
    """A Select over a field's choices, with an explicit "not set" first choice.

    ``None`` is a real option rather than Select's blank, so the unset state has words
    ("not assessed") and a keyboard user can pick it like any other choice. It is dimmed
    as no answer yet, except for a yes/no field, where "unknown" is an answer in itself.
    """
    blank = Text(field.blank, style="dim" if field.kind is Kind.CHOICE else "")
    options: list[tuple[Text, object]] = [(blank, None)]
    options += [(Text(label), choice) for label, choice in field.choices]
    return Select(options, value=value, allow_blank=False, compact=True, id=field.name)


class SourceFormScreen(Dialog[Source | None]):
    """Edits one source (or a new one) and dismisses with the result.

    Dismiss results:

    - ``None``: cancelled; nothing to apply.
    - a new ``Source`` object (a deep copy of the one passed in, or a fresh source with a
      new id and the next citation number): the edited source; replace the source with the
      same id, or append it when it is new (``apply_form_result`` does both).
    - the existing source object from ``case.sources`` itself (identity, not a copy): the
      user saw the duplicate warning and chose "open the existing one"; nothing was
      changed, and the caller should select or open that source (``opens_existing``).

    The form never touches ``case``; it reads it for the other sources (``derived_from``),
    the evidence matrix (computed corroboration) and duplicates.
    """

    DEFAULT_CSS = """
    SourceFormScreen {
        align: center top;
    }
    /* As tall as the screen; the fields scroll, with their scrollbar on the frame. */
    SourceFormScreen #form-dialog {
        width: 100%;
        max-width: 110;
        height: 1fr;
        padding: 0 0 0 1;
    }
    SourceFormScreen #form-fields {
        height: 1fr;
        padding-right: 1;
    }
    SourceFormScreen .form-heading {
        margin-top: 1;
        color: $text-accent;
        text-style: bold;
    }
    SourceFormScreen .form-heading.-first {
        margin-top: 0;
    }
    SourceFormScreen .field {
        height: auto;
        margin-bottom: 0;
    }
    SourceFormScreen .field-label {
        width: 17;
        color: $text-muted;
    }
    SourceFormScreen .field:focus-within > .field-label {
        color: $text;
        text-style: bold;
    }
    SourceFormScreen Input, SourceFormScreen Select, SourceFormScreen TextArea {
        width: 1fr;
        background: $boost;
    }
    SourceFormScreen Input:focus, SourceFormScreen Select:focus,
    SourceFormScreen TextArea:focus {
        background-tint: $accent 20%;
    }
    SourceFormScreen Input.date {
        width: 12;
    }
    SourceFormScreen .date-problem {
        width: 1fr;
        padding-left: 1;
        color: $text-error;
    }
    SourceFormScreen .computed {
        width: 1fr;
    }
    SourceFormScreen #credibility-hint {
        display: none;
        color: $text-success;
    }
    SourceFormScreen #credibility-hint.-shown {
        display: block;
    }
    SourceFormScreen #excerpts {
        height: 6;
    }
    SourceFormScreen #notes {
        height: 4;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="source_form.save"),
        Binding("escape", "cancel", "Cancel", id="source_form.cancel"),
    ]

    def __init__(self, case: Case, source: Source | None) -> None:
        super().__init__()
        self.case = case
        self.is_new = source is None
        self.source = (
            Source(id=new_id(), number=case.next_source_number())
            if source is None
            else copy.deepcopy(source)
        )
        #: The form's reading of the source as first shown, to tell whether anything changed.
        self._baseline: Source | None = None

    # Building the form

    def compose(self) -> ComposeResult:
        with (Vertical(id="form-dialog", classes="dialog"),
              VerticalScroll(id="form-fields", can_focus=False)):
            yield Static("Source", classes="form-heading -first")
            for name in TEXT_FIELDS:
                # The title gets the first focus with its cursor at the end, not its text
                # selected: a key pressed right after opening must not wipe the title.
                # Once left, it selects on focus like every other field.
                yield self._input_row(name, select_on_focus=name != "title")
            yield self._choice_row("kind")
            yield self._row("Derived from", self._derived_from_select())

            yield Static("Dates and timing", classes="form-heading")
            for name in DATE_FIELDS:
                date = SOURCE[name]
                yield self._input_row(
                    name,
                    Static(id=f"{name}-problem", classes="date-problem", markup=False),
                    placeholder=date.placeholder,
                    classes="date",
                    validators=[Function(lambda text, date=date: date.problem(text) is None)],
                    valid_empty=True,
                )
            yield self._row("Timing", Static(id="timing", classes="computed"))
            yield self._choice_row("amid_dispute")
            yield self._input_row("dispute_note")

            yield Static("Assessment", classes="form-heading")
            yield self._choice_row("motive")
            yield self._input_row("motive_note")
            yield self._row(
                "Corroboration", Static(id="computed-corroboration", classes="computed")
            )
            yield self._choice_row("corroboration_override")
            yield self._input_row("corroboration_note")
            yield self._choice_row("reliability")
            yield self._choice_row("credibility")
            yield self._row("", Static(id="credibility-hint", classes="computed"))

            yield Static("Excerpts (one per paragraph) and notes", classes="form-heading")
            yield self._area_row("excerpts")
            yield self._area_row("notes")
        yield Footer()

    def _text(self, field: Field) -> str:
        return field.as_text(field.read(self.source))

    def _input_row(self, name: str, *after: Widget, **options: Any) -> Horizontal:
        """A one-line field, then ``after`` (a date's problem) on its right."""
        field = SOURCE[name]
        return self._row(field.label, Input(self._text(field), id=name, compact=True, **options),
                         *after)

    def _choice_row(self, name: str) -> Horizontal:
        field = SOURCE[name]
        return self._row(field.label, _choice_select(field, field.read(self.source)))

    def _area_row(self, name: str) -> Horizontal:
        field = SOURCE[name]
        return self._row(field.label, TextArea(self._text(field), id=name, compact=True))

    @staticmethod
    def _row(label: str, *widgets: Widget) -> Horizontal:
        return Horizontal(Static(label, classes="field-label", markup=False), *widgets,
                          classes="field")

    def _derived_from_select(self) -> Select[object]:
        others = [s for s in self.case.sources if s.id != self.source.id]
        options: list[tuple[Text, object]] = [(Text("none - independent", style="dim"), None)]
        options += [(Text(source_choice_label(s)), s.id) for s in others]
        current = self.source.derived_from
        if current is not None and all(s.id != current for s in others):
            # A link to a source this case lacks: keep it visible rather than drop it.
            options.append((Text(f"(missing source {current})"), current))
        return Select(options, value=current, allow_blank=False, compact=True,
                      id="derived_from")

    def on_mount(self) -> None:
        title = "New source" if self.is_new else "Edit source"
        dialog = self.query_one("#form-dialog")
        dialog.border_title = Content(f"{title} [{self.source.number}]")
        self._refresh_dates()
        self._refresh_corroboration()
        self.query_one("#title", Input).focus()
        # Selects take their value when they mount: read the form once everything has.
        self.call_after_refresh(self._take_baseline)

    def _take_baseline(self) -> None:
        self._baseline = self.collect()

    @on(Input.Blurred, "#title")
    def _title_left(self, event: Input.Blurred) -> None:
        event.input.select_on_focus = True

    # Reading the form

    def _choice(self, name: str, kind: type[T]) -> T | None:
        """The value of a Select, or None for its "not set" choice."""
        value = self.query_one(f"#{name}", Select).value
        return value if isinstance(value, kind) else None

    def date_values(self) -> dict[str, str]:
        return {name: self.query_one(f"#{name}", Input).value for name in DATE_FIELDS}

    def collect(self) -> Source:
        """The source as the form holds it now, unvalidated (dates as typed).

        Every field the registry gives a source has its widget here, under the field's name.
        """
        source = copy.deepcopy(self.source)
        for field in SOURCE.values():
            widget = self.query_one(f"#{field.name}")
            value: object
            if isinstance(widget, Input):
                # As typed, a date too: saving refuses one that is no date.
                value = widget.value.strip()
            elif isinstance(widget, TextArea):
                value = field.parse(widget.text.strip())
            else:
                assert isinstance(widget, Select)
                value = widget.value
            field.write(source, value)
        source.derived_from = self._choice("derived_from", str)
        return source

    @property
    def changed(self) -> bool:
        """Whether the form differs from what it opened with."""
        return self._baseline is not None and self.collect() != self._baseline

    def unsaved_input(self) -> str:
        return "the source form" if self.changed else ""

    def save_input(self) -> None:
        self.action_save()

    # Live feedback

    @on(Input.Changed, ".date")
    def _date_changed(self, event: Input.Changed) -> None:
        self._refresh_dates()

    def _refresh_dates(self) -> None:
        values = self.date_values()
        for name in DATE_FIELDS:
            problem = date_problem(name, values)
            self.query_one(f"#{name}-problem", Static).update(f"✗ {problem}" if problem else "")
        self.query_one("#timing", Static).update(timing_summary(values))

    @on(Select.Changed, "#derived_from, #corroboration_override, #credibility")
    def _assessment_changed(self, event: Select.Changed) -> None:
        self._refresh_corroboration()

    def computed(self) -> Corroboration:
        """What the evidence matrix says of this source, with its links as the form has them."""
        return corroboration_if_derived(self.case, self.source,
                                        self._choice("derived_from", str))

    def _refresh_corroboration(self) -> None:
        computed = self.computed()
        override = self._choice("corroboration_override", Corroboration)
        if self.is_new:
            where = "from the matrix: this source has no cells there yet"
        else:
            where = "from the evidence matrix"
        parts: list[tuple[str, str] | str] = [(computed.label, "bold"), f"  ({where})"]
        if override is not None and override is not computed:
            parts.append((f"; the override says {override.label}", "$text-warning"))
        self.query_one("#computed-corroboration", Static).update(Content.assemble(*parts))
        standing = override or computed
        suggest = (
            standing is Corroboration.CORROBORATED
            and self._choice("credibility", Credibility) is not Credibility.CONFIRMED
        )
        hint = self.query_one("#credibility-hint", Static)
        hint.update(Content(f"Suggest {Credibility.CONFIRMED.label}: the source is corroborated"))
        hint.set_class(suggest, "-shown")

    # Saving and leaving

    def first_problem(self) -> tuple[str, str] | None:
        """The first invalid field in form order and what is wrong with it, or None."""
        values = self.date_values()
        for name in DATE_FIELDS:
            problem = date_problem(name, values)
            if problem:
                return name, f"{SOURCE[name].label}: {problem}"
        return None

    def action_save(self) -> None:
        problem = self.first_problem()
        if problem is not None:
            name, message = problem
            self.notify(message, title="Cannot save the source", severity="error", markup=False)
            self.query_one(f"#{name}").focus()
            return
        source = self.collect()
        if not self.is_new and self._baseline is not None and not identity_changed(
            source, self._baseline
        ):
            # The title and URL are as they were: a warning would only repeat itself.
            self.dismiss(source)
            return
        hits = self.find_duplicates(source)
        if not hits:
            self.dismiss(source)
            return

        def decided(choice: Literal["keep", "open", "back"] | None) -> None:
            if choice == "keep":
                self.dismiss(source)
            elif choice == "open":
                self.dismiss(hits[0].existing)

        self.app.push_screen(DuplicateScreen(hits), decided)

    def find_duplicates(self, source: Source) -> list[DuplicateHit]:
        """Sources in the case that ``source`` looks like: the duplicate-warning hook.

        Same URL once normalised (archive copies and tracking parameters folded), or a
        near-identical title. The source itself (when edited) never counts.
        """
        return [
            DuplicateHit(existing=duplicate.source, reason=flat(duplicate.reason))
            for duplicate in find_duplicates(self.case, source)
            if duplicate.source.id != source.id
        ]

    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            Confirm("Unsaved changes", "Discard the changes to this source?",
                    yes="Discard", no="Keep editing", default=False),
            decided,
        )

