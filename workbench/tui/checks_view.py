"""The checks tab: every readiness finding of the case, and the way to each one's place.

The screen runs the checks (on a worker, after a pause in editing) and hands the findings
down with ``show``; this view lists them, spells out the highlighted one with its fix, and
asks the screen to go to its place with ``Jump`` (enter or a click), or to accept the
highlighted warning, or take its acceptance back, with ``Accept`` (``a``). An accepted
warning stays listed, marked accepted with who and why, and is not counted as open.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from workbench.analysis.checks import Finding, Severity
from workbench.tui.findings_list import ACCEPTED_MARK, MARKS, FindingsList


def counts(findings: Sequence[Finding]) -> tuple[int, int]:
    """How many errors and how many open warnings (accepted ones are not)."""
    errors = sum(finding.severity is Severity.ERROR for finding in findings)
    return errors, sum(finding.open for finding in findings) - errors


def counts_text(findings: Sequence[Finding]) -> str:
    """ "2 errors, 1 warning, 1 accepted", or that the case is ready."""
    errors, warnings = counts(findings)
    accepted = len(findings) - errors - warnings
    also = f", {accepted} accepted" if accepted else ""
    if not errors and not warnings:
        return f"ready: no errors, no warnings{also}"
    return (f"{errors} error{'s' * (errors != 1)}, "
            f"{warnings} warning{'s' * (warnings != 1)}{also}")


def counts_badge(findings: Sequence[Finding] | None) -> Content:
    """The counts as marks for the pane bar ("✗2 ⚠5", "✓"), or "…" before the first run."""
    if findings is None:
        return Content.styled("…", "dim")
    errors, warnings = counts(findings)
    if not errors and not warnings:
        return Content.styled("✓", "$text-success")
    parts: list[Content | tuple[str, str]] = []
    if errors:
        parts.append((f"{MARKS[Severity.ERROR]}{errors}", "bold $text-error"))
    if warnings:
        if parts:
            parts.append(Content(" "))
        parts.append((f"{MARKS[Severity.WARNING]}{warnings}", "$text-warning"))
    return Content.assemble(*parts)


def finding_detail(finding: Finding | None) -> Content:
    """The highlighted finding whole: where, what, and how to fix it, or who accepted it
    and why."""
    if finding is None:
        return Content("")
    accepted = finding.accepted
    if accepted is not None:
        mark: tuple[str, str] = (f"{ACCEPTED_MARK} accepted warning", "$text-success")
        last = (f"\nAccepted by {accepted.who} ({accepted.at[:10]}): ", "bold")
        why = accepted.why
    else:
        mark_style = ("bold $text-error" if finding.severity is Severity.ERROR
                      else "$text-warning")
        mark = (f"{MARKS[finding.severity]} {finding.severity.value}", mark_style)
        last, why = ("\nFix: ", "bold"), finding.fix
    return Content.assemble(
        mark,
        (" · ", "dim"),
        (finding.where.label, "bold"),
        (" · ", "dim"),
        (finding.code, "dim"),
        ("\n", ""),
        (finding.message, ""),
        last,
        (why, ""),
    )


class ChecksView(Vertical):
    """The findings list above the highlighted finding's detail."""

    HELP_AREA = "Checks"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "Accept…", id="checks.accept"),
        Binding("escape", "screen.close_panel", "Close", id="checks.close"),
    ]
    DEFAULT_CSS = """
    ChecksView {
        height: 1fr;
        #findings {
            height: 1fr;
        }
        #finding-detail {
            height: auto;
            max-height: 5;
            padding: 0 1;
            background: $surface;
        }
    }
    """

    class Jump(Message):
        """Go to where ``finding`` is (the screen knows every place)."""

        def __init__(self, finding: Finding) -> None:
            super().__init__()
            self.finding = finding

    class Accept(Message):
        """Accept the warning ``finding`` (asking why), or take its acceptance back."""

        def __init__(self, finding: Finding) -> None:
            super().__init__()
            self.finding = finding

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.findings: list[Finding] | None = None

    def compose(self) -> ComposeResult:
        yield FindingsList(id="findings")
        yield Static(id="finding-detail")

    def on_mount(self) -> None:
        listing = self.findings_list
        listing.border_title = "Checks"
        listing.border_subtitle = "enter: go there · a: accept · esc: close"
        if self.findings is not None:
            self.show(self.findings)

    @property
    def findings_list(self) -> FindingsList:
        return self.query_one(FindingsList)

    def show(self, findings: Sequence[Finding]) -> None:
        """Show a new run of the checks, keeping the cursor on the same finding."""
        self.findings = list(findings)
        if not self.is_mounted:
            return
        listing = self.findings_list
        listing.border_title = f"Checks: {counts_text(self.findings)}"
        listing.show(self.findings)

    def focus(self, scroll_visible: bool = True) -> ChecksView:
        self.findings_list.focus(scroll_visible)
        return self

    @on(FindingsList.Highlighted)
    def _highlighted(self, event: FindingsList.Highlighted) -> None:
        event.stop()
        detail = self.query_one("#finding-detail", Static)
        detail.update(finding_detail(event.finding))
        detail.display = event.finding is not None

    @on(FindingsList.Selected)
    def _selected(self, event: FindingsList.Selected) -> None:
        event.stop()
        self.post_message(self.Jump(event.finding))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Offered only where the case screen would let it through: not on a published
        # case or a file this process may not write.
        if action == "accept":
            return self.screen.check_action("accept_finding", ())
        return True

    def action_accept(self) -> None:
        """Accept the highlighted warning, or take its acceptance back; an error is refused
        here, with why: it is to be fixed."""
        finding = self.findings_list.highlighted
        if finding is None:
            return
        if finding.severity is Severity.ERROR:
            self.notify("Errors cannot be accepted: they block a clean export until fixed. "
                        f"Fix: {finding.fix}", title="Not accepted", severity="warning",
                        markup=False)
            return
        self.post_message(self.Accept(finding))
