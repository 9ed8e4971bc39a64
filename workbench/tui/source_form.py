"""The source form: every field of a source and its whole assessment, by keyboard alone.

The form edits a deep copy, so cancelling (or the app dying mid-edit) never leaves a
half-edited source in the case: the caller gets a finished ``Source`` back and applies it
(``apply_form_result``), then saves. What the fact-checker would otherwise work out by hand
is shown live as they type: the lag between the events and the statement with its timing
class, and the corroboration the evidence matrix gives the source.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import ClassVar, Literal, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.validation import Function
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Select, Static, TextArea

from workbench.analysis.corroboration import computed_corroboration
from workbench.analysis.duplicates import find_duplicates
from workbench.editing import touch
from workbench.model import (
    Case,
    Corroboration,
    Credibility,
    Motive,
    Reliability,
    Source,
    SourceKind,
    Vocabulary,
    is_partial_date,
    new_id,
    parse_partial_date,
    timing_class,
    timing_lag_days,
)
from workbench.tui.confirm import Confirm
from workbench.tui.dialog import Dialog
from workbench.tui.labels import flat, lag_text, one_line

T = TypeVar("T")

#: What an invalid date field says, next to the field and in the notification.
DATE_HINT = "use YYYY, YYYY-MM or YYYY-MM-DD"

#: The date fields in form order: (field name, label).
DATE_FIELDS: tuple[tuple[str, str], ...] = (
    ("date_published", "Published"),
    ("event_date", "Events (from)"),
    ("event_date_end", "Events (to)"),
    ("date_accessed", "Accessed"),
)

#: The one-line text fields of a source, in form order: (field name, label).
TEXT_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("author", "Author / speaker"),
    ("outlet", "Outlet"),
    ("url", "URL"),
    ("archived_url", "Archived URL"),
)

#: One excerpt per paragraph: a blank line (perhaps holding spaces) separates two excerpts.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")

#: How wide a source's title may be in the "derived from" list.
_CHOICE_TITLE_WIDTH = 60

_DISPUTE_CHOICES: tuple[tuple[str, bool | None], ...] = (
    ("unknown", None),
    ("yes - made amid dispute or tension", True),
    ("no", False),
)


def excerpts_text(excerpts: list[str]) -> str:
    """The excerpts as the form's text area shows them: one paragraph each."""
    return "\n\n".join(excerpts)


def parse_excerpts(text: str) -> list[str]:
    """Split the text area back into excerpts; empty paragraphs are dropped.

    An excerpt may span lines; only a blank line starts the next one.
    """
    return [part.strip() for part in _PARAGRAPH_BREAK.split(text) if part.strip()]


def source_choice_label(source: Source) -> str:
    """How another source reads in a list: ``[n] title``, one line."""
    title = one_line(source.title, _CHOICE_TITLE_WIDTH) if source.title.strip() else "(untitled)"
    return f"[{source.number}] {title}"


def date_problem(name: str, values: dict[str, str]) -> str | None:
    """What is wrong with one date field given all of them, or None when it is fine.

    An empty date is fine (every field is optional); the end of an event range needs a
    start and must not come before it.
    """
    value = values[name].strip()
    if not value:
        return None
    if not is_partial_date(value):
        return DATE_HINT
    if name == "event_date_end":
        start = values["event_date"].strip()
        if not start:
            return "the range needs a start date (Events from)"
        if is_partial_date(start) and parse_partial_date(value, latest=True) < parse_partial_date(
            start
        ):
            return "the events end before they start"
    return None


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


def opens_existing(case: Case, result: Source | None) -> bool:
    """Whether the form's result means "open the existing source" rather than "save this".

    The form then dismisses with the existing source object itself (the very object in
    ``case.sources``), never with a copy, so identity tells the two apart.
    """
    return result is not None and any(result is source for source in case.sources)


def apply_form_result(case: Case, result: Source | None) -> Source | None:
    """Apply what ``SourceFormScreen`` dismissed with; return the source to select.

    ``None`` (cancelled) changes nothing and returns None. The existing source (the user
    chose to open it instead of adding a duplicate) changes nothing and is returned. An
    edited source replaces the source with its id in place; a new one is appended.
    """
    if result is None or opens_existing(case, result):
        return result
    for index, source in enumerate(case.sources):
        if source.id == result.id:
            case.sources[index] = result
            break
    else:
        case.sources.append(result)
    touch(case)
    return result


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


def _vocabulary_select(
    vocabulary: type[Vocabulary], value: Vocabulary | None, *, none: str, id: str
) -> Select[object]:
    """A Select over a vocabulary's labels, with an explicit "not set" first choice.

    ``None`` is a real option rather than Select's blank, so the unset state has words
    ("not assessed") and a keyboard user can pick it like any other choice.
    """
    options: list[tuple[Text, object]] = [(Text(none, style="dim"), None)]
    options += [(Text(member.label), member) for member in vocabulary]
    return Select(options, value=value, allow_blank=False, compact=True, id=id)


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
        source = self.source
        assessment = source.assessment
        with (Vertical(id="form-dialog", classes="dialog"),
              VerticalScroll(id="form-fields", can_focus=False)):
            yield Static("Source", classes="form-heading -first")
            for name, label in TEXT_FIELDS:
                # The title gets the first focus with its cursor at the end, not its text
                # selected: a key pressed right after opening must not wipe the title.
                # Once left, it selects on focus like every other field.
                yield self._row(
                    label,
                    Input(getattr(source, name), id=name, compact=True,
                          select_on_focus=name != "title"),
                )
            yield self._row(
                "Kind",
                _vocabulary_select(SourceKind, source.kind, none="not set", id="kind"),
            )
            yield self._row("Derived from", self._derived_from_select())

            yield Static("Dates and timing", classes="form-heading")
            for name, label in DATE_FIELDS:
                yield self._row(
                    label,
                    Input(
                        getattr(source, name),
                        id=name,
                        placeholder="YYYY-MM-DD",
                        compact=True,
                        classes="date",
                        validators=[Function(is_partial_date, DATE_HINT)],
                        valid_empty=True,
                    ),
                    Static(id=f"{name}-problem", classes="date-problem", markup=False),
                )
            yield self._row("Timing", Static(id="timing", classes="computed"))
            yield self._row(
                "Amid dispute",
                Select(
                    [(Text(label), value) for label, value in _DISPUTE_CHOICES],
                    value=assessment.amid_dispute,
                    allow_blank=False,
                    compact=True,
                    id="amid_dispute",
                ),
            )
            yield self._row(
                "Dispute note", Input(assessment.dispute_note, id="dispute_note", compact=True)
            )

            yield Static("Assessment", classes="form-heading")
            yield self._row(
                "Motive",
                _vocabulary_select(Motive, assessment.motive, none="not assessed",
                                   id="motive"),
            )
            yield self._row(
                "Motive note", Input(assessment.motive_note, id="motive_note", compact=True)
            )
            yield self._row(
                "Corroboration", Static(id="computed-corroboration", classes="computed")
            )
            yield self._row(
                "Override",
                _vocabulary_select(
                    Corroboration,
                    assessment.corroboration_override,
                    none="none - use the matrix",
                    id="corroboration_override",
                ),
            )
            yield self._row(
                "Override note",
                Input(assessment.corroboration_note, id="corroboration_note", compact=True),
            )
            yield self._row(
                "Reliability",
                _vocabulary_select(Reliability, assessment.reliability, none="not graded",
                                   id="reliability"),
            )
            yield self._row(
                "Credibility",
                _vocabulary_select(Credibility, assessment.credibility, none="not graded",
                                   id="credibility"),
            )
            yield self._row("", Static(id="credibility-hint", classes="computed"))

            yield Static("Excerpts (one per paragraph) and notes", classes="form-heading")
            yield self._row(
                "Excerpts", TextArea(excerpts_text(source.excerpts), id="excerpts",
                                     compact=True)
            )
            yield self._row("Notes", TextArea(source.notes, id="notes", compact=True))
        yield Footer()

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

    def _input(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def _choice(self, name: str, kind: type[T]) -> T | None:
        """The value of a Select, or None for its "not set" choice."""
        value = self.query_one(f"#{name}", Select).value
        return value if isinstance(value, kind) else None

    def date_values(self) -> dict[str, str]:
        return {name: self.query_one(f"#{name}", Input).value for name, _ in DATE_FIELDS}

    def collect(self) -> Source:
        """The source as the form holds it now, unvalidated (dates as typed)."""
        source = copy.deepcopy(self.source)
        for name, _ in (*TEXT_FIELDS, *DATE_FIELDS):
            setattr(source, name, self._input(name))
        source.kind = self._choice("kind", SourceKind)
        source.derived_from = self._choice("derived_from", str)
        source.excerpts = parse_excerpts(self.query_one("#excerpts", TextArea).text)
        source.notes = self.query_one("#notes", TextArea).text.strip()
        assessment = source.assessment
        assessment.motive = self._choice("motive", Motive)
        assessment.motive_note = self._input("motive_note")
        assessment.amid_dispute = self._choice("amid_dispute", bool)
        assessment.dispute_note = self._input("dispute_note")
        assessment.corroboration_override = self._choice(
            "corroboration_override", Corroboration
        )
        assessment.corroboration_note = self._input("corroboration_note")
        assessment.reliability = self._choice("reliability", Reliability)
        assessment.credibility = self._choice("credibility", Credibility)
        return source

    @property
    def changed(self) -> bool:
        """Whether the form differs from what it opened with."""
        return self._baseline is not None and self.collect() != self._baseline

    # Live feedback

    @on(Input.Changed, ".date")
    def _date_changed(self, event: Input.Changed) -> None:
        self._refresh_dates()

    def _refresh_dates(self) -> None:
        values = self.date_values()
        for name, _ in DATE_FIELDS:
            problem = date_problem(name, values)
            self.query_one(f"#{name}-problem", Static).update(f"✗ {problem}" if problem else "")
        self.query_one("#timing", Static).update(timing_summary(values))

    @on(Select.Changed, "#derived_from, #corroboration_override, #credibility")
    def _assessment_changed(self, event: Select.Changed) -> None:
        self._refresh_corroboration()

    def computed(self) -> Corroboration:
        """What the evidence matrix says of this source, with its links as the form has them.

        ``derived_from`` changes who counts as independent, so the case is read with the
        edited source in place of the stored one (a shallow copy: nothing is changed).
        """
        edited = copy.deepcopy(self.source)
        edited.derived_from = self._choice("derived_from", str)
        view = copy.copy(self.case)
        view.sources = [edited if s.id == edited.id else s for s in self.case.sources]
        return computed_corroboration(view, edited)

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
        for name, label in DATE_FIELDS:
            problem = date_problem(name, values)
            if problem:
                return name, f"{label}: {problem}"
        return None

    def action_save(self) -> None:
        problem = self.first_problem()
        if problem is not None:
            name, message = problem
            self.notify(message, title="Cannot save the source", severity="error", markup=False)
            self.query_one(f"#{name}").focus()
            return
        source = self.collect()
        if not self.is_new and self._baseline is not None and not _identity_changed(
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


def _identity_changed(source: Source, before: Source) -> bool:
    """Whether what makes two sources "the same" (title, URLs) was edited."""
    return (source.title, source.url, source.archived_url) != (
        before.title, before.url, before.archived_url,
    )
