"""How the review words what it says: the error every refusal raises, and short forms.

Every module of the review raises ``ReviewError`` with one line a person can act on, and
cuts names, ids and counts the same way in its messages and lists, so this sits below them
all and imports nothing of theirs.
"""

from __future__ import annotations

from workbench.errors import UserFacingError

#: The hex digits of a comment id shown in lists; any unique prefix is accepted back.
SHORT_ID = 8


class ReviewError(UserFacingError, ValueError):
    """A workflow action is refused; the message is one line saying why and what to do."""


def short_id(comment_id: str) -> str:
    """A generated id cut to its first hex digits; an id someone chose, whole."""
    generated = len(comment_id) == 32 and all(ch in "0123456789abcdef" for ch in comment_id)
    return comment_id[:SHORT_ID] if generated else comment_id


def shorten(text: str, width: int = 60) -> str:
    """``text`` on one line, cut with an ellipsis to at most ``width`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def counted(n: int, noun: str) -> str:
    """"1 comment", "2 comments": the count with its noun, plural when it needs one."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
