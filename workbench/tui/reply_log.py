"""The right-of-reply log (R on the case screen): each attempt to reach someone the check
names, listed, added, edited and removed.

The log is a small dialog over the case: a list with a line per entry, in the words the
article prints ("We asked … on 2024-05-01 by email; they did not reply by …"), and the
keys to change it. An entry is typed in its own form; what the model refuses
(``reply_request_problem``: a day that is not ``YYYY-MM-DD``, an answer without its day)
is said under the form, which stays open. Every change is handed to the case screen at
once (``on_change``), which saves it, so the history records it as it does any edit. While
the case's content is locked the log is shown read-only, its keys saying why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Checkbox, Input, OptionList, Static
from textual.widgets.option_list import Option

from workbench.formats.article_reply import reply_sentence
from workbench.model import (
    Case,
    ReplyChannel,
    ReplyRequest,
    new_id,
    reply_request_problem,
)
from workbench.tui.confirm import Confirm
from workbench.tui.dialog import Dialog
from workbench.tui.help_screen import key_for

#: The channels as the form's "How" field takes them (a label or a stored value).
CHANNEL_WORDS = ", ".join(channel.label for channel in ReplyChannel)


def entry_line(number: int, request: ReplyRequest) -> str:
    """An entry as the log lists it: its number, the claimant marked, the sentence."""
    who = " (claimant)" if request.claimant else ""
    return f"{number}.{who} {reply_sentence(request)}"


class ReplyLogScreen(Dialog[None]):
    """The case's right-of-reply log; ``on_change`` is called after each change."""

    HELP_AREA = "Right-of-reply log"
    DEFAULT_CSS = """
    ReplyLogScreen #reply-log {
        width: 100;
    }
    ReplyLogScreen #reply-list {
        height: auto;
        max-height: 16;
        min-height: 3;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="reply_log.add"),
        Binding("enter", "edit", "Edit", id="reply_log.edit"),
        Binding("d", "delete", "Delete", id="reply_log.delete"),
        Binding("escape", "close", "Close", id="reply_log.close"),
    ]

    def __init__(self, case: Case, on_change: Callable[[], None], *,
                 read_only_reason: str = "") -> None:
        super().__init__()
        self.case = case
        self.on_change = on_change
        #: Why the log cannot be changed now; "" when it can.
        self.read_only_reason = read_only_reason

    def compose(self) -> ComposeResult:
        with Vertical(id="reply-log", classes="dialog"):
            yield Static(id="reply-intro", classes="dialog-hint", markup=False)
            yield OptionList(id="reply-list")
            yield Static(id="reply-help", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        box = self.query_one("#reply-log")
        box.border_title = "Right of reply"
        if self.read_only_reason:
            box.border_subtitle = Content("read-only")
        self.query_one("#reply-intro", Static).update(
            "Each attempt to reach the claimant or another person the check names; the "
            "article says each one in a sentence.")
        keys = {name: key_for(self.app, f"reply_log.{name}", default)
                for name, default in (("add", "a"), ("edit", "enter"), ("delete", "d"),
                                      ("close", "escape"))}
        help_line = (f"{keys['close']} closes" if self.read_only_reason else
                     f"{keys['add']} adds · {keys['edit']} edits · {keys['delete']} deletes · "
                     f"{keys['close']} closes")
        self.query_one("#reply-help", Static).update(help_line)
        self._show()
        self.query_one(OptionList).focus()

    def _show(self, highlight: int | None = None) -> None:
        listing = self.query_one(OptionList)
        listing.clear_options()
        if not self.case.replies:
            add = key_for(self.app, "reply_log.add", "a")
            listing.add_option(Option(Content(f"Nobody asked yet: {add} logs a request for "
                                              "comment."), disabled=True))
            return
        listing.add_options(Option(Content(entry_line(number, request)), id=request.id)
                            for number, request in enumerate(self.case.replies, start=1))
        listing.highlighted = min(highlight or 0, len(self.case.replies) - 1)

    def _selected(self) -> int | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not self.case.replies:
            return None
        return index

    def _writable(self) -> bool:
        if self.read_only_reason:
            self.notify(self.read_only_reason, severity="warning", markup=False)
            return False
        return True

    def action_add(self) -> None:
        if self._writable():
            self.app.push_screen(ReplyForm(None, claimant=self.case.claim.claimant),
                                 self._added)

    def _added(self, request: ReplyRequest | None) -> None:
        if request is None:
            return
        self.case.replies.append(request)
        self.on_change()
        self._show(highlight=len(self.case.replies) - 1)

    @on(OptionList.OptionSelected, "#reply-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        index = self._selected()
        if index is None or not self._writable():
            return

        def edited(request: ReplyRequest | None) -> None:
            if request is None or request == self.case.replies[index]:
                return
            self.case.replies[index] = request
            self.on_change()
            self._show(highlight=index)

        self.app.push_screen(ReplyForm(self.case.replies[index],
                                       claimant=self.case.claim.claimant), edited)

    def action_delete(self) -> None:
        index = self._selected()
        if index is None or not self._writable():
            return
        request = self.case.replies[index]

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            self.case.replies.remove(request)
            self.on_change()
            self._show(highlight=index)
            self.notify(f"Removed entry {index + 1} ({request.name}) from the log",
                        markup=False)

        self.app.push_screen(Confirm("Delete the entry",
                                     f"Delete entry {index + 1}: {reply_sentence(request)}",
                                     yes="Delete", default=False), answered)

    def action_close(self) -> None:
        self.dismiss(None)


class ReplyForm(Dialog[ReplyRequest | None]):
    """One entry of the log, new (``request`` None) or to edit; dismisses with the entry,
    or None when cancelled. ``claimant`` is the claim's, offered as the name of a new one."""

    HELP_AREA = "Right-of-reply entry"
    DEFAULT_CSS = """
    ReplyForm #reply-form {
        width: 80;
    }
    ReplyForm #reply-fields {
        height: auto;
        max-height: 30;
    }
    ReplyForm #reply-problem {
        color: $warning;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="reply_form.save"),
        Binding("escape", "cancel", "Cancel", id="reply_form.cancel"),
    ]

    #: Input id -> label and placeholder, in the order shown.
    FIELDS: ClassVar[dict[str, tuple[str, str]]] = {
        "name": ("Who was asked", "a person or an office, e.g. Vladimir Putin's office"),
        "date": ("Date asked", "YYYY-MM-DD"),
        "channel": ("How", CHANNEL_WORDS),
        "asked": ("What was asked", "the question put to them"),
        "deadline": ("Deadline (optional)", "YYYY-MM-DD"),
        "answer": ("Their answer (empty: none yet)", "what they said"),
        "answered": ("Date answered", "YYYY-MM-DD"),
    }

    def __init__(self, request: ReplyRequest | None, *, claimant: str = "") -> None:
        super().__init__()
        self.request = request
        if request is None:
            request = ReplyRequest(id="", name=claimant, claimant=bool(claimant))
        self.initial = {
            "name": request.name, "date": request.date, "channel": request.channel.label,
            "asked": request.asked, "deadline": request.deadline,
            "answer": request.answer or "", "answered": request.answered,
        }
        self.initial_claimant = request.claimant

    def compose(self) -> ComposeResult:
        with Vertical(id="reply-form", classes="dialog"):
            with VerticalScroll(id="reply-fields"):
                for name, (label, placeholder) in self.FIELDS.items():
                    yield Static(label, classes="dialog-hint", markup=False)
                    yield Input(self.initial[name], id=f"reply-{name}",
                                placeholder=placeholder, compact=True)
                    if name == "name":
                        yield Checkbox("The claimant (or speaks for them)",
                                       self.initial_claimant, id="reply-claimant",
                                       compact=True)
            yield Static(id="reply-problem", markup=False)
            yield Static(id="reply-form-help", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        box = self.query_one("#reply-form")
        box.border_title = "Log a request for comment" if self.request is None \
            else "Edit the request for comment"
        save = key_for(self.app, "reply_form.save", "ctrl+s")
        cancel = key_for(self.app, "reply_form.cancel", "escape")
        self.query_one("#reply-form-help", Static).update(
            f"{save} saves · {cancel} cancels · tab moves on")
        self.query_one("#reply-name", Input).focus()

    def _value(self, name: str) -> str:
        return self.query_one(f"#reply-{name}", Input).value.strip()

    def entry(self) -> ReplyRequest | str:
        """The entry as typed, or what is wrong with it in one line."""
        typed = self._value("channel")
        try:
            channel = ReplyChannel(ReplyChannel.parse(typed))
        except ValueError:
            return f"How: {typed!r} is not one of: {CHANNEL_WORDS}"
        answer, answered = self._value("answer"), self._value("answered")
        request = ReplyRequest(
            id=self.request.id if self.request is not None else new_id(),
            name=" ".join(self._value("name").split()),
            claimant=self.query_one("#reply-claimant", Checkbox).value,
            date=self._value("date"), channel=channel, asked=self._value("asked"),
            deadline=self._value("deadline"),
            # An answer with no words but its day is a reply without comment.
            answer=answer if answer or answered else None, answered=answered)
        return reply_request_problem(request) or request

    def action_save(self) -> None:
        entry = self.entry()
        if isinstance(entry, str):
            self.query_one("#reply-problem", Static).update(entry)
            self.notify(entry, title="Cannot save the entry", severity="error",
                        markup=False)
            return
        self.dismiss(entry)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def unsaved_input(self) -> str:
        changed = any(self._value(name) != self.initial[name].strip() for name in self.FIELDS)
        changed |= self.query_one("#reply-claimant", Checkbox).value != self.initial_claimant
        return "the right-of-reply entry" if changed else ""

    def save_input(self) -> None:
        self.action_save()

