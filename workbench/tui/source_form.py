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
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Click, Resize
from textual.geometry import Size
from textual.reactive import Reactive
from textual.validation import Function
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static, TextArea
from textual.widgets._select import SelectCurrent, SelectOverlay

from workbench.analysis.duplicates import find_duplicates
from workbench.editing import corroboration_if_derived, identity_changed
from workbench.fields import FIELDS, Field, FieldError, Kind, event_range_problem, paragraphs_of
from workbench.model import (
    Case,
    Corroboration,
    Credibility,
    Locator,
    Source,
    new_id,
    timing_class,
    timing_lag_days,
)
from workbench.tui.confirm import Confirm
from workbench.tui.dialog import Dialog
from workbench.tui.footer import CoalescedFooter
from workbench.tui.labels import flat, lag_text, one_line
from workbench.tui.preserved import SavesCaptures, preserved_rows

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


class LazySelect(Select[T]):
    """A Select that is one widget until it is first focused or clicked.

    A Select is six widgets (its current value, two arrows, the list overlay), and the
    form has seven of them: at the form's opening they were a third of its widgets. Until
    it is first used this one draws its current value and arrow itself, the way the
    compact Select draws them; on focus it builds the real parts in its own place, so
    opening the list, typing to find an option and ``Changed`` are Select's own. Its
    ``value`` is right from the start (the form reads it to save), and building it posts
    no ``Changed``: nothing was chosen.
    """

    DEFAULT_CSS = """
    LazySelect.-lazy {
        pointer: pointer;
    }
    """

    def __init__(self, options: list[tuple[Text, T]], *, value: T, id: str) -> None:
        super().__init__(options, value=value, allow_blank=False, compact=True, id=id,
                         classes="-lazy")
        self.built = False

    def compose(self) -> ComposeResult:
        if self.built:
            yield from super().compose()

    def _setup_options_renderables(self) -> None:
        if self.built:
            super()._setup_options_renderables()

    async def build(self) -> None:
        """Put Select's own parts in place of the drawing, showing the current value."""
        if self.built:
            return
        self.built = True
        self.remove_class("-lazy")
        await self.recompose()
        self._setup_options_renderables()
        value = self.value
        for index, (prompt, option) in enumerate(self._options):
            if option == value:
                self.query_one(SelectOverlay).highlighted = index
                self.query_one(SelectCurrent).update(prompt)
                break

    async def on_focus(self) -> None:
        await self.build()

    async def on_click(self, event: Click) -> None:
        if not self.built:
            # What a click on the real Select's current value does: open the list.
            await self.build()
            self.expanded = True

    async def action_show_overlay(self) -> None:
        await self.build()
        super().action_show_overlay()

    def _label(self) -> Content:
        value = self.value
        prompt = next((prompt for prompt, option in self._options if option == value), "")
        return Content.from_rich_text(prompt) if isinstance(prompt, Text) else Content(
            str(prompt))

    def _lines(self, width: int) -> list[Content]:
        """The compact Select's look: the value, wrapped, then the arrow (" ▼") on its
        first line and a cell of padding; cut into the same runs of style as Select's
        parts draw, so the screen reads the same cell for cell."""
        label_width = max(1, width - 3)
        lines = self._label().wrap(label_width) or [Content("")]
        blank = "on $surface"
        drawn = []
        for number, line in enumerate(lines):
            text = line.stylize_before("$foreground on $surface")
            if number == 0:
                drawn.append(Content.assemble(
                    text, (" " * (label_width - line.cell_length + 1), blank),
                    ("▼", "$foreground 50% on $surface"), (" ", blank)))
            else:
                drawn.append(Content.assemble(
                    text, (" " * (width - line.cell_length), blank)))
        return drawn

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self.built:
            return super().get_content_height(container, viewport, width)
        return len(self._lines(width))

    def render(self) -> RenderResult:
        if self.built:
            return super().render()
        return Content("\n").join(self._lines(self.content_region.width))


class FormInput(Input):
    """An Input whose typing repaints the field alone.

    Input sets its virtual size on every change, and Widget lays the whole screen out
    again on that (a reactive with ``layout=True``), as it does when the first change
    marks the field valid: on this form of a hundred widgets a key cost a layout and a
    repaint of the dimmed case behind, some 30 ms. A field one line high and a fraction
    of the width never changes size with its text, and its scrolling reads the virtual
    size directly, so nothing needs laying out.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, value: str, **options: Any) -> None:
        if not options.get("validators"):
            # What the first change would mark it (a field without rules is valid): a
            # class changed then restyles it and lays the screen out again, as the
            # first key typed into the title waits.
            options["classes"] = " ".join(filter(None, (options.get("classes"), "-valid")))
        super().__init__(value, **options)


def _choice_select(field: Field, value: object) -> Select[object]:
    """A Select over a field's choices, with an explicit "not set" first choice.

    ``None`` is a real option rather than Select's blank, so the unset state has words
    ("not assessed") and a keyboard user can pick it like any other choice. It is dimmed
    as no answer yet, except for a yes/no field, where "unknown" is an answer in itself.
    """
    blank = Text(field.blank, style="dim" if field.kind is Kind.CHOICE else "")
    options: list[tuple[Text, object]] = [(blank, None)]
    options += [(Text(label), choice) for label, choice in field.choices]
    return LazySelect(options, value=value, id=field.name)


class SourceFormScreen(SavesCaptures, Dialog[Source | None]):
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
        scrollbar-gutter: stable;
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
        # Not w, as in the read-only view: the form's fields take letters.
        Binding("ctrl+o", "save_capture", "Save capture", id="source_form.save_capture"),
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
        #: What of the case a form for a new source shows (``fits``), as it was built.
        self._built_on = self._reading(case) if self.is_new else None

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
            # Beside "derived from": both say whether the source is an independent voice.
            yield self._input_row("origin")

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

            yield Static("Excerpts (one per paragraph; place one with [p. 12], [para. 4] or "
                         "[at 06:09] before it) and notes", classes="form-heading",
                         markup=False)
            yield self._area_row("excerpts")
            yield self._area_row("notes")
            # Added and removed by workbench archive/capture; listed here to be seen.
            yield from preserved_rows(self.source, self._row)
        yield CoalescedFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save_capture":
            return self.can_save_capture()
        return True

    def _text(self, field: Field) -> str:
        return field.as_text(field.read(self.source))

    def _input_row(self, name: str, *after: Widget, **options: Any) -> Horizontal:
        """A one-line field, then ``after`` (a date's problem) on its right."""
        field = SOURCE[name]
        options.setdefault("placeholder", field.placeholder)
        return self._row(field.label,
                         FormInput(self._text(field), id=name, compact=True, **options), *after)

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
        return LazySelect(options, value=current, id="derived_from")

    def _reading(self, case: Case) -> tuple[object, ...]:
        """Everything of ``case`` a form for a new source shows: its number, the other
        sources in "derived from", the corroboration the matrix gives it."""
        return (id(case), case.next_source_number(),
                [(s.id, source_choice_label(s)) for s in case.sources if s.id != self.source.id],
                corroboration_if_derived(case, self.source, None))

    def fits(self, case: Case) -> bool:
        """Whether this form for a new source, built ahead and not yet shown, shows what a
        form built now on ``case`` would (the case may have changed since)."""
        return self._built_on is not None and self._reading(case) == self._built_on

    def on_mount(self) -> None:
        if not self.query("#date_published"):
            # A form built ahead and let go (its case closed, the app quit) while it was
            # still mounting: its fields are gone, and nobody will see it.
            return
        title = "New source" if self.is_new else "Edit source"
        dialog = self.query_one("#form-dialog")
        dialog.border_title = Content(f"{title} [{self.source.number}]")
        self._refresh_dates()
        self._refresh_corroboration()
        self.query_one("#title", Input).focus()
        # Selects take their value when they mount: read the form once everything has.
        self.call_after_refresh(self._take_baseline)
        if not self.is_current:
            # Built ahead of ``a`` (``source_actions``): laid out ahead too, at the
            # terminal's size, so showing it is drawing it.
            self.call_after_refresh(self._lay_out_ahead)

    def _lay_out_ahead(self) -> None:
        if not self.is_current and self.is_attached:
            self._refresh_layout(self.app.size)

    def _on_resize(self, event: Resize) -> None:
        # Textual lays a screen out as it is shown and again when that layout tells the
        # screen its size, relaying out the case screen behind as well: at the size the
        # form has just been laid out at, that is a second layout and paint of both (and
        # a full redraw of the dimmed case) before the first key is handled. The layout
        # the form's fields asked for as they got their sizes follows all the same.
        if event.size == self._compositor.size:
            event.prevent_default()

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
                try:
                    value = field.parse(widget.text.strip())
                except FieldError:
                    # A locator that places nothing ("[p. 0]"): saving refuses it (see
                    # ``first_problem``); until then the excerpts read as typed.
                    value = [(text, Locator()) for text in paragraphs_of(widget.text)]
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
        excerpts = SOURCE["excerpts"]
        problem = excerpts.problem(self.query_one("#excerpts", TextArea).text)
        if problem:
            return "excerpts", f"{excerpts.label}: {problem}"
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

