"""The base of every modal dialog: one framed box in the middle of the dimmed screen.

A dialog yields its box as a container with the class ``dialog``; the rule here draws the
frame of every box, so the dialogs look alike and a change to the frame is made once. A
dialog's own CSS sets only what is its own: the box's width, the parts inside it. A box
with ``-warning`` as well is framed in the warning colour: a step that cannot be undone.

Rows of buttons (``dialog-buttons``), the muted lines that say which keys work
(``dialog-hint``) and the labels of a form's fields are the same in every dialog too, so
they are drawn here.

The rules are this class's DEFAULT_CSS rather than the app's stylesheet: a dialog shown by
another host (a test's app) keeps its frame, and a dialog's own rules can still set what
this frame sets (the app's stylesheet outranks every DEFAULT_CSS, whatever the selector).
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal screen whose ``.dialog`` box is centred and framed."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
        & > .dialog {
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $accent;
            border-title-color: $text;
            border-title-style: bold;
            border-subtitle-color: $text-muted;
            background: $surface;
            padding: 0 1;
            &.-warning {
                border: round $warning;
            }
        }
        .dialog-buttons {
            height: auto;
            margin-top: 1;
            align-horizontal: right;
            & > Button {
                margin-left: 2;
            }
        }
        .dialog-hint {
            color: $text-muted;
        }
        /* A field's label, a line below the field above; the first has class "first". */
        Label {
            margin-top: 1;
            color: $text-muted;
            &.first {
                margin-top: 0;
            }
        }
    }
    """
