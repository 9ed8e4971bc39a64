"""Whether a case's content may be edited right now, and if not, why, in one line.

Three things lock it: a file this process may not write (another Workbench has it, or
the folder is read-only), review mode (``workbench open --review``: comments and sign-off
only), and publication until a correction is recorded (``editable``). The case
screen shows the reason in its banner, says it again when an editing key is pressed, and
turns editing off while it is not empty; the matrix opens read-only with it. Kept apart
from Textual so the rule and its words are tested as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.model import Case
from workbench.review.workflow import editable


@dataclass(frozen=True)
class LockKeys:
    """The keys a reason names, as the user has them bound (the shipped keys by default):
    a reason says what can be done instead, and must name the key that does it."""

    correct: str = "C"
    comment: str = "c"
    status: str = "s"
    review: str = "f8"


def lock_reason(case: Case | None, read_only: str, review_mode: bool,
                keys: LockKeys = LockKeys()) -> str:
    """Why ``case``'s content cannot be edited now, in words for a banner; "" if it can.

    ``read_only`` is why the file may not be written ("" when it may): it outranks the
    rest, since then nothing can be saved at all, not even a comment. ``case`` None: the
    case is not open (yet), and nothing may change it.
    """
    if case is None:
        return "The case is not open."
    if read_only:
        return f"{read_only[:1].upper()}{read_only[1:]}. Editing is off; changes cannot be saved."
    published = "" if editable(case) else f"Published: add a correction ({keys.correct}) to edit."
    if review_mode:
        offered = f"{keys.comment} comment · {keys.status} status · {keys.review} review"
        return f"Review mode: comments and sign-off only ({offered}). {published}".strip()
    return published
