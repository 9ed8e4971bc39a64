"""The claim pane: what was claimed, by whom, where the case stands, and the verdict.

Each field writes straight into the case as it changes and posts ``CaseChanged``; the
screen saves. Values set from the model post change events too, so every handler first
compares with the model and stays quiet when nothing differs: loading a case never counts
as an edit. Dates are written only once they parse, so a half-typed "2017-0" never
reaches the case file; the field says why meanwhile.

The form is some forty widgets, the largest cost of opening a case, so it is not built
with the screen: the pane first draws its rows as text (``ClaimPreview``), and once the
case is on screen a worker builds the form out of sight a few rows at a time, then shows
it in the preview's place. No step holds the keyboard for long; a key typed at the
preview meanwhile shows in the preview's claim at once and is typed into the claim text
when the form is in place.

The status is shown, not chosen here: a status move has rules (sign-off by a second name,
no open comments, a frozen snapshot on publication) that the screen's "Move status"
applies through the review engine. The verdict's heading carries the open-comment marker.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from workbench.fields import FIELDS, Field, Kind, case_part, date_problem
from workbench.model import Case, ClaimantKind, Confidence
from workbench.scales import RatingScale
from workbench.tui.autosave import CaseChanged
from workbench.tui.choice import Choice
from workbench.tui.claim_preview import ClaimPreview, PreviewRow
from workbench.tui.help_screen import key_for
from workbench.tui.lazy_text_area import LazyTextArea
from workbench.tui.markers import MARKER_STYLE, marker


def date_error(text: str) -> str:
    """Why a typed date cannot be kept, or "" when it can (empty means "not known")."""
    problem = date_problem(text)
    return f"✗ not a date, not saved: {problem}" if problem else ""


def field_error(field: Field, text: str) -> str:
    """Why a checked field's text cannot be kept, or "" when it can."""
    if field.kind is Kind.DATE:
        return date_error(text)
    problem = field.problem(text)
    return f"✗ not saved: {problem}" if problem else ""


#: Widget id -> the field it edits, in the order shown; claim fields first, then the verdict's.
CLAIM_FIELDS: dict[str, Field] = {
    "claim-text": FIELDS["claim"]["text"],
    "title": FIELDS["case"]["title"],
    "claimant": FIELDS["claim"]["claimant"],
    "claimant-role": FIELDS["claim"]["claimant_role"],
    "claimant-same-as": FIELDS["claim"]["claimant_same_as"],
    "date-made": FIELDS["claim"]["date_made"],
    "first-appearance": FIELDS["claim"]["first_appearance"],
    "appearances": FIELDS["claim"]["appearances"],
}
VERDICT_FIELDS: dict[str, Field] = {
    "conclusion": FIELDS["verdict"]["conclusion"],
    "established": FIELDS["verdict"]["established"],
    "unresolved": FIELDS["verdict"]["unresolved"],
    "checked-on": FIELDS["verdict"]["checked_on"],
}
TEXT_FIELDS = {**CLAIM_FIELDS, **VERDICT_FIELDS}
_RATING = FIELDS["verdict"]["rating"]
_CONFIDENCE = FIELDS["verdict"]["confidence"]
_CLAIMANT_KIND = FIELDS["claim"]["claimant_kind"]
#: Fields whose text is checked as it is typed and kept only once valid, with a line
#: below saying why meanwhile: dates, and the claimant's address.
_CHECKED_KINDS = frozenset({Kind.DATE, Kind.WEB_ADDRESS})
#: The widgets that are the verdict: a comment made there is on the verdict.
VERDICT_WIDGETS = frozenset({"verdict-heading", "rating", "no-rating", "confidence",
                             *VERDICT_FIELDS})

#: One-line values long enough to wrap: edited in a text area that takes no line break.
_WRAPPED = frozenset({"conclusion"})


def _in_area(row: str, field: Field) -> bool:
    """Whether the row's value is edited in a (wrapping) text area rather than an Input."""
    return field.multiline or row in _WRAPPED


_NO_RATING = "no rating on this scale: the conclusion is the verdict"

#: The form's rows, top to bottom: a field of ``TEXT_FIELDS`` or a choice or heading.
#: Whether the claimant is a person or an organization is chosen beside their role.
ROWS: tuple[str, ...] = (
    "claim-text", "title", "claimant", "claimant-role", "claimant-kind", "claimant-same-as",
    "date-made", "first-appearance", "appearances", "status", "scale", "verdict-heading",
    "rating", *VERDICT_FIELDS, "confidence",
)
#: Rows built per step: some 30 ms of work here, so a key waits at most that long.
ROWS_PER_STEP = 3
#: Keys that a field would take while the form is being built: kept and typed into the
#: claim text once it exists. Anything else (Tab, F-keys, ctrl+…) goes to the bindings.
_TYPING_KEYS = frozenset({"enter", "backspace", "delete"})


class ClaimForm(Widget):
    """The fields, in a grid of label and field; hidden until every row is built.

    Shown row by row, every row added would move the ones below it and the whole pane
    would be drawn again each time: built out of sight, it is laid out and drawn once.
    """

    DEFAULT_CSS = """
    ClaimForm {
        height: auto;
        display: none;
    }
    """


class ClaimPane(VerticalScroll):
    """Scrolls on its own, so a long claim or verdict never pushes the other panes away."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.case: Case | None = None
        self.scales: dict[str, RatingScale] = {}
        self.read_only = False
        #: True once every field exists (until then the preview shows the rows).
        self.built = False
        self._building = False
        #: Where the focus goes once the form is built (a field id), if it is still asked.
        self._wanted_focus: str | None = None
        #: Build the rest in one step: somebody wants a field now.
        self._hurry = False
        #: Keys typed at the preview while the form was being built, for the claim text.
        self._typed: list[events.Key] = []
        #: Whether the status line offers its key (not on a read-only file).
        self._movable = True
        #: Open review comments on the verdict, for the marker on its heading.
        self._verdict_comments = 0
        #: The status and key hint last drawn: redrawn only when either changes.
        self._shown_status: tuple[object, bool] | None = None
        #: A key typed at the preview is not drawn yet: the next step of the build waits.
        self._typed_unpainted = False
        #: Called once the form is built (``when_built``).
        self._on_built: list[Callable[[], object]] = []

    def compose(self) -> ComposeResult:
        yield ClaimForm(id="claim-form")
        yield ClaimPreview(id="claim-preview")

    def on_mount(self) -> None:
        self.border_title = "Claim"

    # Building the form

    def show(self, case: Case, scales: dict[str, RatingScale], *, read_only: bool) -> None:
        """Show ``case``; ``scales`` are the shipped ones and the user's.

        The first time, the rows are drawn as text at once and the form is built after the
        screen has painted them.
        """
        self.case = case
        self.scales = scales
        self.read_only = read_only
        if self.built:
            self._fill()
            return
        self.query_one(ClaimPreview).set_rows(self._preview_rows())
        self.call_after_refresh(self._start_build)

    def _start_build(self) -> None:
        """Build the form, once: whoever asks first (the first paint, a key) starts it."""
        if not self._building and self.case is not None:
            self._building = True
            self._build()

    @work(group="claim-form")
    async def _build(self) -> None:
        """Mount the form a few rows at a time out of sight, then show it for the preview."""
        form = self.query_one(ClaimForm)
        preview = self.query_one(ClaimPreview)
        rows = list(ROWS)
        while rows:
            if self._typed_unpainted:
                await self._painted()
            step = rows[:] if self._hurry else rows[:ROWS_PER_STEP]
            del rows[:len(step)]
            # Awaited: the keys typed meanwhile are handled between two steps.
            await form.mount_all([widget for row in step for widget in self._row(row)])
            if not self.is_attached:
                return  # the case closed (or the app quit) while the form was built
            if "rating" in step:
                self._show_ratings()
            wanted = self._wanted_focus
            if wanted in step and isinstance(field := form.query_one(f"#{wanted}"), LazyTextArea):
                # Its editor is built out of sight too, so showing the form is one paint.
                field.become_editor(focus=False)
        form.display = True
        self.built = True
        wanted, self._wanted_focus = self._wanted_focus, None
        # Focus first, then drop the preview: its focus must not wander to another pane.
        if wanted is not None and (preview.has_focus or self._hurry):
            self.focus_field(wanted)
        await preview.remove()
        typed, self._typed = self._typed, []
        if typed and self.is_attached:
            self._type_into_claim(typed)
        waiting, self._on_built = self._on_built, []
        for callback in waiting:
            callback()

    async def _painted(self) -> None:
        """Until the screen has been painted: a key typed at the preview is shown before
        the next rows are built (a step held its frame some 25 ms)."""
        self._typed_unpainted = False
        painted = asyncio.Event()
        self.call_after_refresh(painted.set)
        await painted.wait()

    def when_built(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once the form is built (at once if it is): work that can
        wait, so it does not share the first moments of a case with the form and the
        first keys."""
        if self.built:
            callback()
        else:
            self._on_built.append(callback)

    def _row(self, row: str) -> Iterator[Widget]:
        """The widgets of one row, holding the case's values from the start."""
        case = self.case
        assert case is not None
        disabled = self.read_only
        field = TEXT_FIELDS.get(row)
        if field is not None:
            editor: Widget
            text = _text_of(case, field)
            if _in_area(row, field):
                editor = LazyTextArea(text, id=row, placeholder=field.placeholder,
                                      classes="multiline", read_only=disabled,
                                      one_paragraph=not field.multiline)
            else:
                editor = Input(text, id=row, placeholder=field.placeholder,
                               compact=True, disabled=disabled)
            yield from self._labelled(field.label, editor)
            if field.kind in _CHECKED_KINDS:
                yield Static(id=f"{row}-error", classes="field-error", markup=False)
        elif row == "claimant-kind":
            kind: Choice[object] = Choice(_CLAIMANT_KIND.choices, title="The claimant is",
                                          id="claimant-kind", disabled=disabled)
            kind.value = case.claim.claimant_kind
            yield from self._labelled(_CLAIMANT_KIND.label, kind)
        elif row == "status":
            yield from self._labelled("Status", Static(self._status_line(), id="status"))
        elif row == "scale":
            scale: Choice[str] = Choice(self._scale_options(), title="Rating scale", id="scale",
                                        disabled=disabled)
            scale.value = case.scale
            yield from self._labelled("Scale", scale)
        elif row == "verdict-heading":
            yield Static(self._verdict_heading(), id="verdict-heading")
        elif row == "rating":
            # Options and visibility are set by _show_ratings once both widgets exist.
            yield from self._labelled(_RATING.label, Choice([], blank=_RATING.blank,
                                                            title=_RATING.label, id="rating",
                                                            disabled=disabled))
            yield Static(_NO_RATING, id="no-rating", markup=False)
        elif row == "confidence":
            confidence: Choice[object] = Choice(
                _CONFIDENCE.choices, blank=_CONFIDENCE.blank, title=_CONFIDENCE.label,
                id="confidence", disabled=disabled,
            )
            confidence.value = case.verdict.confidence
            yield from self._labelled(_CONFIDENCE.label, confidence)

    def _labelled(self, label: str, editor: Widget) -> Iterator[Widget]:
        # Label and field side by side in the form's two-column grid: no row container,
        # since every widget costs time when a case opens.
        yield Static(label, classes="field-label", markup=False, id=f"{editor.id}-label")
        yield editor

    def _preview_rows(self) -> list[PreviewRow]:
        """The rows as text, the way their fields will show them."""
        case = self.case
        assert case is not None
        lines: list[PreviewRow] = []
        for row in ROWS:
            field = TEXT_FIELDS.get(row)
            if field is not None:
                text = _text_of(case, field)
                if row == "claim-text" and self._typed:
                    text = self._typed_claim(text)
                value = (Content.styled(field.placeholder, "$text-muted") if not text
                         else Content.styled(text, "bold") if row == "claim-text"
                         else Content(text))
                lines.append(PreviewRow(field.label, value, wrap=_in_area(row, field),
                                        min_lines=2 if row == "claim-text" else 1))
            elif row == "claimant-kind":
                lines.append(PreviewRow(_CLAIMANT_KIND.label,
                                        _chosen(case.claim.claimant_kind.label)))
            elif row == "status":
                lines.append(PreviewRow("Status", self._status_line()))
            elif row == "scale":
                lines.append(PreviewRow("Scale", _chosen(dict(self._scale_options())
                                                         .get(case.scale, case.scale))))
            elif row == "verdict-heading":
                lines.append(PreviewRow(None, self._verdict_heading(underline=True),
                                        blank_before=True))
            elif row == "rating":
                if self._rating_labels():
                    lines.append(PreviewRow(_RATING.label, _chosen(case.verdict.rating,
                                                                  blank=_RATING.blank)))
                else:
                    lines.append(PreviewRow("", Content.styled(_NO_RATING, "$text-muted")))
            elif row == "confidence":
                level = case.verdict.confidence
                lines.append(PreviewRow(_CONFIDENCE.label, _chosen(level.label if level else "",
                                                                  blank=_CONFIDENCE.blank)))
        return lines

    # Showing

    def _fill(self) -> None:
        """Put the case's values into fields that exist already (a case shown again)."""
        case = self.case
        assert case is not None
        read_only = self.read_only
        for widget_id, field in TEXT_FIELDS.items():
            value = _text_of(case, field)
            if _in_area(widget_id, field):
                area = self.query_one(f"#{widget_id}", LazyTextArea)
                area.load_text(value)
                area.read_only = read_only
            else:
                field = self.query_one(f"#{widget_id}", Input)
                field.value = value
                field.cursor_position = 0
                field.disabled = read_only
        self.query_one("#status", Static).update(self._status_line())
        scale_choice = self.query_one("#scale", Choice)
        scale_choice.set_options(self._scale_options())
        scale_choice.value = case.scale
        self._show_ratings()
        self.query_one("#confidence", Choice).value = case.verdict.confidence
        self.query_one("#claimant-kind", Choice).value = case.claim.claimant_kind
        for choice in self.query(Choice):
            choice.disabled = read_only

    def set_read_only(self, read_only: bool) -> None:
        """Lock or unlock every field (review mode, a published case, a correction made)."""
        if read_only == self.read_only:
            return
        self.read_only = read_only
        if not self.built:
            return  # the form is built with the fields as they should be
        for widget_id, field in TEXT_FIELDS.items():
            if _in_area(widget_id, field):
                self.query_one(f"#{widget_id}", LazyTextArea).read_only = read_only
            else:
                self.query_one(f"#{widget_id}", Input).disabled = read_only
        for choice in self.query(Choice):
            choice.disabled = read_only

    # Where the case stands

    def show_status(self, *, movable: bool = True) -> None:
        """Show the case's status (it may have moved), with its key when it can move."""
        self._movable = movable
        if self.case is not None and (self.case.status, movable) != self._shown_status:
            self._show_review()

    def show_comments(self, verdict: int) -> None:
        """Mark the verdict's heading with its open review comments."""
        if verdict != self._verdict_comments:
            self._verdict_comments = verdict
            self._show_review()

    def _show_review(self) -> None:
        if self.case is None:
            return
        if self.built:
            self.query_one("#status", Static).update(self._status_line())
            self.query_one("#verdict-heading", Static).update(self._verdict_heading())
        else:
            self.query_one(ClaimPreview).set_rows(self._preview_rows())

    def _status_line(self) -> Content:
        assert self.case is not None
        self._shown_status = (self.case.status, self._movable)
        if not self._movable:
            return Content.styled(self.case.status.label, "bold")
        key = key_for(self.app, "case.status", "s")
        return Content.assemble((self.case.status.label, "bold"), (f"  {key} moves it", "dim"))

    def _verdict_heading(self, *, underline: bool = False) -> Content:
        heading = Content.styled("Verdict", "bold underline") if underline else Content("Verdict")
        count = self._verdict_comments
        if not count:
            return heading
        noun = "comment" if count == 1 else "comments"
        return Content.assemble(heading, "  ", (marker(count), MARKER_STYLE),
                                (f" open review {noun}", "$text-warning"))

    def _scale_options(self) -> list[tuple[str, str]]:
        assert self.case is not None
        options = [(scale.name, scale_id) for scale_id, scale in self.scales.items()]
        if self.case.scale not in self.scales:
            options.append((f"{self.case.scale} (unknown scale)", self.case.scale))
        return options

    def _rating_labels(self) -> list[str]:
        assert self.case is not None
        scale = self.scales.get(self.case.scale)
        labels = [rating.label for rating in scale.ratings] if scale else []
        current = self.case.verdict.rating
        if current and current not in labels:
            # Never drop a rating the scale does not list (a scale edited since): show it.
            labels.append(current)
        return labels

    def _show_ratings(self) -> None:
        """Offer the ratings of the case's scale, or say the scale has none."""
        assert self.case is not None
        labels = self._rating_labels()
        rating = self.query_one("#rating", Choice)
        rating.set_options([(label, label) for label in labels])
        rating.value = self.case.verdict.rating or None
        rates = bool(labels)
        self.query_one("#rating-label").display = rates
        rating.display = rates
        self.query_one("#no-rating").display = not rates

    # Focus

    def focus_first(self) -> None:
        """Put the cursor in the claim text as soon as it exists, without hurrying the form.

        Until then the preview holds the focus, so the pane counts as the active one.
        """
        if self.built:
            self.focus_field("claim-text")
            return
        self._wanted_focus = "claim-text"
        self.query_one(ClaimPreview).focus()

    def focus_field(self, widget_id: str) -> None:
        """Focus one field (a widget id such as "rating"), building the form now if need be.

        A hidden field (the rating, on a scale without ratings) gives way to the conclusion.
        """
        if not self.built:
            self._wanted_focus = widget_id
            self._hurry = True
            self.query_one(ClaimPreview).focus()
            self._start_build()
            return
        widget = self.query_one(f"#{widget_id}")
        if not widget.display:
            widget = self.query_one("#conclusion")
        if isinstance(widget, LazyTextArea):
            widget.become_editor()
        else:
            widget.focus()
        self.scroll_to_widget(widget, animate=False)

    def _type_into_claim(self, keys: list[events.Key]) -> None:
        """Apply keys typed at the preview to the claim text, in the order typed.

        Applied here rather than posted again as key events: a backspace would then go the
        long way round (the bindings) and land after the letters typed behind it.
        """
        area = self.query_one("#claim-text", LazyTextArea).become_editor()
        if area.read_only:
            return
        for key in keys:
            if key.key == "backspace":
                area.action_delete_left()
            elif key.key == "delete":
                area.action_delete_right()
            elif key.key == "enter":
                area.insert("\n")
            elif key.character:
                area.insert(key.character)

    def on_key(self, event: events.Key) -> None:
        """At the preview, typing goes into the claim: shown at once, typed in once built.

        Not on a read-only form: there the keys are the screen's (c comments).
        """
        previews = self.query_children(ClaimPreview)
        if self.read_only or not previews or not previews.first().has_focus:
            # (Still the preview's, built or not, until the claim text takes the focus:
            # those keys are typed in after the ones before them.)
            return
        if event.is_printable or event.key in _TYPING_KEYS:
            event.stop()
            event.prevent_default()
            self._typed.append(event)
            # Shown in the preview at once, typed into the claim text once the form is
            # built, a step at a time as before: building the rest in one step for it
            # held this first key some 0.1 s.
            self._wanted_focus = "claim-text"
            for field in self.query("#claim-text").results(LazyTextArea):
                # Built already: its editor is made ready out of sight, as the build does.
                field.become_editor(focus=False)
            self.query_one(ClaimPreview).set_rows(self._preview_rows())
            self._typed_unpainted = True
            self._start_build()

    def _typed_claim(self, text: str) -> str:
        """The claim text as the keys typed at the preview will leave it: typed where a
        new text area has its cursor, at the start, as ``_type_into_claim`` does."""
        cursor = 0
        for key in self._typed:
            if key.key == "backspace":
                if cursor:
                    text = text[:cursor - 1] + text[cursor:]
                    cursor -= 1
            elif key.key == "delete":
                text = text[:cursor] + text[cursor + 1:]
            else:
                typed = "\n" if key.key == "enter" else key.character or ""
                text = text[:cursor] + typed + text[cursor:]
                cursor += len(typed)
        return text

    def on_click(self, event: events.Click) -> None:
        if not self.built and isinstance(event.widget, ClaimPreview):
            self.focus_field("claim-text")

    # Edits

    @on(TextArea.Changed)
    def _area_changed(self, event: TextArea.Changed) -> None:
        field = event.text_area.parent
        if isinstance(field, LazyTextArea):
            event.stop()
            self._field_changed(field, field.text)

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._field_changed(event.input, event.value)

    def _field_changed(self, widget: Widget, value: str) -> None:
        """Write one field's new text into the case, if it is valid and differs."""
        field = TEXT_FIELDS.get(widget.id or "")
        if field is None or self.case is None:
            return
        if field.kind in _CHECKED_KINDS:
            error = field_error(field, value)
            message = self.query_one(f"#{widget.id}-error", Static)
            message.update(error)
            message.display = bool(error)
            widget.set_class(bool(error), "-invalid")
            if error:
                return
        holder = case_part(self.case, field.part)
        stored = field.parse(value)
        if stored != field.read(holder):
            field.write(holder, stored)
            self.post_message(CaseChanged())

    @on(Choice.Changed)
    def _choice_changed(self, event: Choice.Changed[object]) -> None:
        case = self.case
        if case is None:
            return
        event.stop()
        value = event.value
        chosen = event.choice.id
        changed = False
        if chosen == "scale" and isinstance(value, str) and value != case.scale:
            case.scale = value
            scale = self.scales.get(value)
            if case.verdict.rating and (scale is None or scale.rating(case.verdict.rating) is None):
                self.notify(
                    f"“{case.verdict.rating}” is not on this scale: rating cleared.",
                    severity="warning", markup=False,
                )
                case.verdict.rating = ""
            self._show_ratings()
            changed = True
        elif chosen == "rating":
            rating = value if isinstance(value, str) else ""
            if rating != case.verdict.rating:
                case.verdict.rating = rating
                changed = True
        elif chosen == "confidence":
            confidence = value if isinstance(value, Confidence) else None
            if confidence != case.verdict.confidence:
                case.verdict.confidence = confidence
                changed = True
        elif (chosen == "claimant-kind" and isinstance(value, ClaimantKind)
              and value != case.claim.claimant_kind):
            case.claim.claimant_kind = value
            changed = True
        if changed:
            # A choice is deliberate and rare: save it at once rather than after a pause.
            self.post_message(CaseChanged(immediate=True))


def _text_of(case: Case, field: Field) -> str:
    """A field's value in the case, as its widget holds it."""
    return field.as_text(field.read(case_part(case, field.part)))


def _chosen(label: str, *, blank: str = "—") -> Content:
    """A choice as its one line reads: the value (or the dimmed blank) and the ▾."""
    value = Content(label) if label else Content.styled(blank, "dim")
    return Content.assemble(value, (" ▾", "dim"))
