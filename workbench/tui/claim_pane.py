"""The claim pane: what was claimed, by whom, where the case stands, and the verdict."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from workbench.model import Case
from workbench.tui.labels import MISSING, rates, scale_name, vocabulary_label

_LABEL = "bold"
_MUTED = "dim"


def field(label: str, value: str) -> Content:
    """A ``Label: value`` line; user text goes in as plain text, never as markup."""
    return Content.assemble((f"{label}: ", _LABEL), value or (MISSING, _MUTED))


def claim_content(case: Case) -> Content:
    claim = case.claim
    claimant = ", ".join(part for part in (claim.claimant, claim.claimant_role) if part)
    return Content("\n").join(
        [
            field("Claimant", claimant),
            field("Made", claim.date_made),
            field("Status", case.status.label),
            field("Scale", scale_name(case.scale)),
        ]
    )


def rating_content(case: Case) -> Content:
    if case.verdict.rating:
        rating = Content.styled(case.verdict.rating, "bold reverse")
    elif rates(case.scale):
        rating = Content.styled("not rated yet", _MUTED)
    else:
        rating = Content.styled("no rating on this scale", _MUTED)
    conclusion = field("Conclusion", case.verdict.conclusion)
    return Content("\n").join([Content.assemble(("Rating: ", _LABEL), rating), conclusion])


class Point(Horizontal):
    """One item of a list, its wrapped lines indented under the text, not the bullet."""

    def __init__(self, text: str) -> None:
        super().__init__(classes="point")
        self._text = text

    def compose(self) -> ComposeResult:
        yield Static("•", classes="bullet")
        yield Static(Content(self._text), classes="point-text")


class ClaimPane(VerticalScroll):
    """Scrolls on its own, so a long claim or verdict never pushes other panes away."""

    #: Set by the screen once the case is loaded; the pane redraws itself from it.
    case: reactive[Case | None] = reactive(None, recompose=True, always_update=True)

    def on_mount(self) -> None:
        self.border_title = "Claim"

    def compose(self) -> ComposeResult:
        case = self.case
        if case is None:
            return
        text = case.claim.text
        quoted = Content.styled(f"“{text}”", "bold") if text else None
        yield Static(quoted or Content.styled("no claim text", _MUTED), id="claim-text")
        yield Static(claim_content(case), id="claim-meta")
        yield Static("Verdict", id="verdict-heading")
        yield Static(rating_content(case), id="rating")
        for label, points in (
            ("Established", case.verdict.established),
            ("Unresolved", case.verdict.unresolved),
        ):
            yield Static(Content.assemble((f"{label}:", _LABEL), ("" if points else " none yet")))
            yield from (Point(point) for point in points)
        yield Static(
            Content("\n").join(
                [
                    field("Confidence", vocabulary_label(case.verdict.confidence)),
                    field("Checked on", case.verdict.checked_on),
                ]
            ),
            id="verdict-meta",
        )
