"""The claim pane: what was claimed, by whom, where the case stands, and the verdict; all editable.

Each field writes straight into the case as it changes and posts ``CaseChanged``; the
screen saves. Values set from the model post change events too, so every handler first
compares with the model and stays quiet when nothing differs: loading a case never counts
as an edit. Dates are written only once they parse, so a half-typed "2017-0" never
reaches the case file; the field says why meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from workbench.model import Case, Confidence, Status, is_partial_date
from workbench.scales import RatingScale, builtin_scales
from workbench.tui.autosave import CaseChanged
from workbench.tui.choice import Choice
from workbench.tui.lazy_text_area import LazyTextArea

DATE_HINT = "use YYYY, YYYY-MM or YYYY-MM-DD"


def date_error(text: str) -> str:
    """Why a typed date cannot be kept, or "" when it can (empty means "not known")."""
    text = text.strip()
    if not text or is_partial_date(text):
        return ""
    return f"✗ not a date, not saved: {DATE_HINT}"


def lines_of(text: str) -> list[str]:
    """One list item per non-blank line, trimmed."""
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class TextField:
    """How one text widget maps onto the case."""

    label: str
    get: Callable[[Case], str]
    set: Callable[[Case, str], None]
    multiline: bool = False
    is_date: bool = False
    placeholder: str = ""


def _setter(path: str) -> Callable[[Case, str], None]:
    *parents, name = path.split(".")

    def assign(case: Case, value: str) -> None:
        target: object = case
        for parent in parents:
            target = getattr(target, parent)
        setattr(target, name, value)

    return assign


def _getter(path: str) -> Callable[[Case], str]:
    def read(case: Case) -> str:
        target: object = case
        for part in path.split("."):
            target = getattr(target, part)
        return str(target)

    return read


def _plain(path: str, label: str, **options: object) -> TextField:
    return TextField(label, _getter(path), _setter(path), **options)  # type: ignore[arg-type]


def _list(path: str, label: str, placeholder: str) -> TextField:
    def read(case: Case) -> str:
        return "\n".join(_getter_list(case, path))

    def assign(case: Case, value: str) -> None:
        _setter(path)(case, lines_of(value))  # type: ignore[arg-type]

    return TextField(label, read, assign, multiline=True, placeholder=placeholder)


def _getter_list(case: Case, path: str) -> list[str]:
    target: object = case
    for part in path.split("."):
        target = getattr(target, part)
    assert isinstance(target, list)
    return target


#: Widget id -> field, in the order shown; claim fields first, then the verdict's.
CLAIM_FIELDS: dict[str, TextField] = {
    "claim-text": _plain("claim.text", "Claim", multiline=True),
    "title": _plain("title", "Title"),
    "claimant": _plain("claim.claimant", "Claimant"),
    "claimant-role": _plain("claim.claimant_role", "Role"),
    "date-made": _plain("claim.date_made", "Made", is_date=True, placeholder="YYYY-MM-DD"),
    "first-appearance": _plain("claim.first_appearance", "First seen", placeholder="URL"),
    "appearances": _list("claim.appearances", "Also seen", "one URL per line"),
}
VERDICT_FIELDS: dict[str, TextField] = {
    "conclusion": _plain("verdict.conclusion", "Conclusion", placeholder="one line"),
    "established": _list("verdict.established", "Established", "one point per line"),
    "unresolved": _list("verdict.unresolved", "Unresolved", "one point per line"),
    "checked-on": _plain("verdict.checked_on", "Checked on", is_date=True,
                         placeholder="YYYY-MM-DD"),
}
FIELDS = {**CLAIM_FIELDS, **VERDICT_FIELDS}

_NO_RATING = "no rating on this scale: the conclusion is the verdict"


class ClaimPane(VerticalScroll):
    """Scrolls on its own, so a long claim or verdict never pushes the other panes away."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.case: Case | None = None
        self.scales: dict[str, RatingScale] = {}

    def compose(self) -> ComposeResult:
        yield from self._fields(CLAIM_FIELDS)
        yield from self._row("Status", Choice(
            [(status.label, status) for status in Status], title="Status", id="status",
        ))
        # Shipped scales until the case arrives with the user's own.
        yield from self._row("Scale", Choice(
            [(scale.name, scale_id) for scale_id, scale in builtin_scales().items()],
            title="Rating scale", id="scale",
        ))
        yield Static("Verdict", id="verdict-heading")
        yield from self._row("Rating", Choice([], blank="not rated yet", title="Rating",
                                              id="rating"))
        yield Static(_NO_RATING, id="no-rating", markup=False)
        yield from self._fields(VERDICT_FIELDS)
        yield from self._row("Confidence", Choice(
            [(level.label, level) for level in Confidence], blank="—", title="Confidence",
            id="confidence",
        ))

    def _fields(self, fields: dict[str, TextField]) -> Iterator[Widget]:
        for widget_id, spec in fields.items():
            editor: Widget
            if spec.multiline:
                editor = LazyTextArea(id=widget_id, placeholder=spec.placeholder,
                                      classes="multiline")
            else:
                editor = Input(id=widget_id, placeholder=spec.placeholder, compact=True)
            yield from self._row(spec.label, editor)
            if spec.is_date:
                yield Static(id=f"{widget_id}-error", classes="field-error", markup=False)

    def _row(self, label: str, editor: Widget) -> Iterator[Widget]:
        # Label and field side by side in the pane's two-column grid: no row container,
        # since every widget costs time when a case opens.
        yield Static(label, classes="field-label", markup=False, id=f"{editor.id}-label")
        yield editor

    def on_mount(self) -> None:
        self.border_title = "Claim"

    def show(self, case: Case, scales: dict[str, RatingScale], *, read_only: bool) -> None:
        """Fill every field from ``case``; ``scales`` are the shipped ones and the user's."""
        self.case = case
        self.scales = scales
        for widget_id, spec in FIELDS.items():
            value = spec.get(case)
            if spec.multiline:
                area = self.query_one(f"#{widget_id}", LazyTextArea)
                area.load_text(value)
                area.read_only = read_only
            else:
                field = self.query_one(f"#{widget_id}", Input)
                field.value = value
                field.cursor_position = 0
                field.disabled = read_only
        self.query_one("#status", Choice).value = case.status
        scale_options = [(scale.name, scale_id) for scale_id, scale in scales.items()]
        if case.scale not in scales:
            scale_options.append((f"{case.scale} (unknown scale)", case.scale))
        scale_choice = self.query_one("#scale", Choice)
        scale_choice.set_options(scale_options)
        scale_choice.value = case.scale
        self._show_ratings()
        self.query_one("#confidence", Choice).value = case.verdict.confidence
        for choice in self.query(Choice):
            choice.disabled = read_only

    def _show_ratings(self) -> None:
        """Offer the ratings of the case's scale, or say the scale has none."""
        assert self.case is not None
        scale = self.scales.get(self.case.scale)
        labels = [rating.label for rating in scale.ratings] if scale else []
        current = self.case.verdict.rating
        if current and current not in labels:
            # Never drop a rating the scale does not list (a scale edited since): show it.
            labels.append(current)
        rating = self.query_one("#rating", Choice)
        rating.set_options([(label, label) for label in labels])
        rating.value = current or None
        rates = bool(labels)
        self.query_one("#rating-label").display = rates
        self.query_one("#rating").display = rates
        self.query_one("#no-rating").display = not rates

    def focus_first(self) -> None:
        """Put the cursor in the claim text, or on the pane when the case is read-only."""
        self.query_one("#claim-text", LazyTextArea).become_editor()

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
        spec = FIELDS.get(widget.id or "")
        if spec is None or self.case is None:
            return
        if spec.is_date:
            error = date_error(value)
            message = self.query_one(f"#{widget.id}-error", Static)
            message.update(error)
            message.display = bool(error)
            widget.set_class(bool(error), "-invalid")
            if error:
                return
            value = value.strip()
        before = spec.get(self.case)
        spec.set(self.case, value)
        if spec.get(self.case) != before:
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
        if chosen == "status" and isinstance(value, Status) and value != case.status:
            case.status = value
            changed = True
        elif chosen == "scale" and isinstance(value, str) and value != case.scale:
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
        if changed:
            # A choice is deliberate and rare: save it at once rather than after a pause.
            self.post_message(CaseChanged(immediate=True))
