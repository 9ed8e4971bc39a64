"""The review panel: every comment thread of the case, open ones first, then the check
warnings someone accepted.

Each thread shows where it is anchored, who wrote it and when, its text and its replies,
and whether (and by whom) it was resolved. Each accepted warning shows what it says, where,
and who accepted it, when and why, so a reviewer weighs the reason rather than never
seeing the warning (they are not selectable: F5 lists them with the rest).

The keys ask for something to happen (go to the anchored item, reply, resolve, reopen) by
posting a message: the screen owns the case, the name being recorded and the autosave,
and applies the review engine's rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from workbench.analysis.findings import Finding
from workbench.model import AnchorKind, Case, Comment
from workbench.review import Anchor, Thread, anchor_label, short_id, threads
from workbench.tui.help_screen import key_for
from workbench.tui.markers import MARKER, MARKER_STYLE

#: The id of the one line shown when there are no comments.
_EMPTY = "-empty"


def when(timestamp: str) -> str:
    """``2025-03-13T11:20:00Z`` as ``2025-03-13 11:20`` (UTC, as ``workbench log`` shows it)."""
    return f"{timestamp[:10]} {timestamp[11:16]}".strip() if timestamp else "undated"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def ordered_threads(case: Case) -> list[Thread]:
    """Open threads first, then the resolved ones; each group in the order started."""
    every = threads(case, include_resolved=True)
    return [t for t in every if t.open] + [t for t in every if not t.open]


def thread_prompt(case: Case, thread: Thread) -> Content:
    """A thread as the panel shows it: the anchor, the first comment, replies, its state."""
    root = thread.root
    sign = (MARKER, MARKER_STYLE) if thread.open else ("✓", "$text-success")
    head = Content.assemble(
        sign, " ", (anchor_label(case, root.anchor_kind, root.anchor_id), "bold"),
        (f"  {root.author or 'unknown'} · {when(root.created)} · {short_id(root.id)}", "dim"),
    )
    lines = [head, Content(f"  {_one_line(root.body)}")]
    lines += [_reply_line(reply) for reply in thread.replies]
    if not thread.open:
        lines.append(Content.styled(
            f"  resolved by {root.resolved_by or 'unknown'}"
            + (f" · {when(root.resolved_at)}" if root.resolved_at else ""), "dim"))
    content = Content("\n").join(lines)
    return content if thread.open else content.stylize("dim")


def _reply_line(reply: Comment) -> Content:
    return Content.assemble(
        ("  ↳ ", "dim"), (reply.author or "unknown", "bold"),
        (f" · {when(reply.created)}: ", "dim"), _one_line(reply.body),
    )


def thread_context(thread: Thread) -> Content:
    """The thread as the reply dialog shows it above the text being written (the dialog's
    title says where it is)."""
    return Content("\n").join(
        Content.assemble((comment.author or "unknown", "bold"), f": {_one_line(comment.body)}")
        for comment in thread.comments
    )


def accepted_prompt(finding: Finding) -> Content:
    """An accepted warning as the panel shows it: where and what, then who, when and why."""
    accepted = finding.accepted
    who = accepted.who if accepted is not None else "unknown"
    at = when(accepted.at) if accepted is not None else "undated"
    why = accepted.why if accepted is not None else ""
    return Content("\n").join([
        Content.assemble(("✓ accepted warning ", "$text-success"),
                         (finding.where.label, "bold"), (f"  {finding.code}", "dim")),
        Content(f"  {_one_line(finding.message)}").stylize("dim"),
        Content.assemble(("  accepted by ", "dim"), (who, "bold"), (f" · {at}: ", "dim"),
                         _one_line(why)),
    ])


def review_summary(case_threads: list[Thread], accepted: int = 0) -> str:
    """The panel's title: "Review · 2 open · 1 resolved · 1 accepted warning"."""
    opened = sum(thread.open for thread in case_threads)
    resolved = len(case_threads) - opened
    parts = [f"{opened} open"] + ([f"{resolved} resolved"] if resolved else [])
    if accepted:
        parts.append(f"{accepted} accepted warning{'s' * (accepted != 1)}")
    return "Review · " + " · ".join(parts)


class ReviewPanel(OptionList):
    """The case's comment threads, one option a thread; keys act on the highlighted one."""

    HELP_AREA = "Review panel"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "jump", "Go to", id="review.jump"),
        Binding("r", "reply", "Reply", id="review.reply"),
        Binding("x", "resolve", "Resolve", id="review.resolve"),
        Binding("o", "reopen", "Reopen", id="review.reopen"),
        Binding("escape", "screen.close_panel", "Close", show=False, id="review.close"),
    ]

    class Jump(Message):
        """Show the item the thread is anchored to."""

        def __init__(self, anchor: Anchor) -> None:
            super().__init__()
            self.anchor = anchor

    class Reply(Message):
        """Write a reply in the thread of ``comment_id``."""

        def __init__(self, comment_id: str) -> None:
            super().__init__()
            self.comment_id = comment_id

    class Resolve(Message):
        """Resolve (or, with ``reopen``, open again) the thread of ``comment_id``."""

        def __init__(self, comment_id: str, *, reopen: bool = False) -> None:
            super().__init__()
            self.comment_id = comment_id
            self.reopen = reopen

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.case: Case | None = None
        self.threads: list[Thread] = []

    def on_mount(self) -> None:
        self.border_title = "Review"

    def show(self, case: Case, accepted: Sequence[Finding] = ()) -> None:
        """List the threads of ``case``, then the ``accepted`` warnings; the highlight
        stays on the thread it was on."""
        self.case = case
        current = self.selected
        self.threads = ordered_threads(case)
        self.border_title = review_summary(self.threads, len(accepted))
        self.clear_options()
        if not self.threads:
            comment = key_for(self.app, "case.comment", "c")
            self.add_option(Option(Content.styled(
                f"No review comments yet: press {comment} on a source, a section or the "
                "verdict to add one.", "$text-muted"), id=_EMPTY, disabled=True))
        else:
            self.add_options(Option(thread_prompt(case, thread), id=thread.root.id)
                             for thread in self.threads)
            ids = [thread.root.id for thread in self.threads]
            wanted = current.root.id if current is not None else None
            self.highlighted = ids.index(wanted) if wanted in ids else 0
        self.add_options(Option(accepted_prompt(finding), id=f"-accepted-{index}",
                                disabled=True)
                         for index, finding in enumerate(accepted))
        self.refresh_bindings()

    @property
    def selected(self) -> Thread | None:
        """The highlighted thread."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self.threads):
            return None
        return self.threads[index]

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        thread = self.selected
        if action in ("jump", "reply"):
            return thread is not None
        if action == "resolve":
            return thread is not None and thread.open
        if action == "reopen":
            return thread is not None and not thread.open
        return True

    def action_jump(self) -> None:
        thread = self.selected
        if thread is not None:
            root = thread.root
            kind = AnchorKind(root.anchor_kind)
            self.post_message(self.Jump(Anchor(kind, root.anchor_id)))

    def action_reply(self) -> None:
        if (thread := self.selected) is not None:
            self.post_message(self.Reply(thread.root.id))

    def action_resolve(self) -> None:
        if (thread := self.selected) is not None and thread.open:
            self.post_message(self.Resolve(thread.root.id))

    def action_reopen(self) -> None:
        if (thread := self.selected) is not None and not thread.open:
            self.post_message(self.Resolve(thread.root.id, reopen=True))

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        # A click on a highlighted thread goes there, as enter does.
        event.stop()
        self.action_jump()
