"""A multi-line field that is a plain text until it is edited, then a TextArea.

A TextArea costs about 25 ms to mount and draw here, and the claim pane has four: at a
case's opening they were a third of the time to first paint. Until it gets focus (Tab,
a click) this widget draws its text like a Static; on focus it puts a TextArea in its own
place, with the same text, and hands the focus on. Its owner talks to it as to a TextArea
(``text``, ``load_text``, ``read_only``) and hears the TextArea's own ``Changed``.
"""

from __future__ import annotations

import re

from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.document._document import EditResult, Location
from textual.widget import Widget
from textual.widgets import Static, TextArea

_LINE_BREAKS = re.compile(r"[ \t]*(?:\r\n|\r|\n)+[ \t]*")


class OneParagraphArea(TextArea):
    """A TextArea for a one-line value too long for one line (the verdict's conclusion):
    it wraps to show the whole text, but enter adds no line break and a pasted one
    becomes a space, so the value stays one line wherever it is exported."""

    def _replace_via_keyboard(self, insert: str, start: Location, end: Location
                              ) -> EditResult | None:
        if insert and not insert.strip("\r\n"):
            return None
        return super()._replace_via_keyboard(_LINE_BREAKS.sub(" ", insert), start, end)


class LazyTextArea(Widget, can_focus=True):
    """Text shown as it reads, becoming a soft-wrapped TextArea (Tab moves on) when focused."""

    DEFAULT_CSS = """
    LazyTextArea {
        height: auto;
    }
    LazyTextArea > .lazy-preview {
        color: $foreground;
    }
    LazyTextArea > .lazy-preview.-placeholder {
        color: $text-muted;
    }
    """

    def __init__(self, text: str = "", *, id: str | None = None, placeholder: str = "",
                 classes: str | None = None, read_only: bool = False,
                 one_paragraph: bool = False) -> None:
        super().__init__(id=id, classes=classes)
        self._one_paragraph = one_paragraph
        self._text = text
        self._placeholder = placeholder
        self._read_only = read_only
        self.area: TextArea | None = None

    def compose(self) -> ComposeResult:
        yield Static(classes="lazy-preview", markup=False)

    def on_mount(self) -> None:
        self._show_preview()

    @property
    def text(self) -> str:
        return self.area.text if self.area is not None else self._text

    @property
    def read_only(self) -> bool:
        return self._read_only

    @read_only.setter
    def read_only(self, value: bool) -> None:
        self._read_only = value
        if self.area is not None:
            self.area.read_only = value

    def load_text(self, text: str) -> None:
        self._text = text
        if self.area is not None:
            self.area.load_text(text)
        else:
            self._show_preview()

    def _show_preview(self) -> None:
        previews = self.query_children(".lazy-preview").results(Static)
        preview = next(previews, None)
        if preview is None:
            # Already an editor (made ready before this widget's mount was handled), or
            # the app is closing around it.
            return
        # Content: the text is the user's and never markup.
        preview.update(Content(self._text or self._placeholder))
        preview.set_class(not self._text, "-placeholder")

    def on_focus(self, event: events.Focus) -> None:
        self.become_editor()

    def on_click(self) -> None:
        self.become_editor()

    def become_editor(self, *, focus: bool = True) -> TextArea:
        """Swap the preview for a TextArea (once) and give it the focus unless ``focus``
        is False (an editor made ready before it is shown)."""
        if self.area is None:
            kind = OneParagraphArea if self._one_paragraph else TextArea
            self.area = kind(
                self._text, soft_wrap=True, tab_behavior="focus",
                placeholder=self._placeholder, read_only=self._read_only,
                id=f"{self.id}-area" if self.id else None,
            )
            self.can_focus = False
            self.query_one(".lazy-preview").remove()
            self.mount(self.area)
        if focus:
            self.area.focus()
        return self.area
