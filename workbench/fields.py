"""One value of a case, named as a script names it: ``claim.text``, ``section:2.body``.

``workbench set`` edits a case from the command line with these paths, so a desk can
script fixes (and a test can drive the whole review path without the TUI). Parts are
named as review comments name them: ``section:N`` is the Nth section in reading order,
``source:N`` the source cited as ``[N]``, ``question:N`` the Nth question.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workbench.errors import UserFacingError
from workbench.model import (
    Case,
    Confidence,
    Credibility,
    Motive,
    Reliability,
    SectionKind,
    SourceKind,
    Vocabulary,
    is_partial_date,
    now_timestamp,
)


class FieldError(UserFacingError, ValueError):
    """The path or the value is not one ``set_field`` accepts; the message is one line."""


#: Digits beyond which a part number is surely no part of a case: checked before ``int``,
#: which refuses numbers over 4,300 digits with an error of its own.
MAX_PART_DIGITS = 9
PARTS = ("section", "source", "question")


def part_number(kind: str, number: str) -> int:
    """The N of ``source:N``, ``section:N`` or ``question:N`` as a user may type it.

    Only ASCII digits count: ``str.isdigit`` also accepts "²", which ``int`` refuses, and
    the digits of other scripts, which a typed place never means. A number too long to be
    a part is refused here, named by its first digits.
    """
    digits = number.strip()
    if not (digits.isascii() and digits.isdigit()):
        raise FieldError(f"{kind}:{_shortened(digits)} is no {kind}; N in {kind}:N is a "
                         "number written with 0-9")
    significant = digits.lstrip("0")
    if len(significant) > MAX_PART_DIGITS:
        raise FieldError(f"the case has no {kind} {_shortened(significant)} "
                         f"(a number of {len(significant)} digits)")
    return int(digits)


def _shortened(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def check_place(place: str) -> None:
    """Refuse the number of a typed place (``source:N``) that ``part_number`` refuses.

    For the commands that hand ``--on`` to the review layer's own parser, which takes any
    digit ``str.isdigit`` takes.
    """
    kind, colon, number = place.strip().casefold().partition(":")
    if colon and kind in PARTS:
        part_number(kind, number)


def _text(value: str) -> str:
    return value


def _date(value: str) -> str:
    value = value.strip()
    if value and not is_partial_date(value):
        raise FieldError(f"{value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    return value


def _choice(vocabulary: type[Vocabulary], *, optional: bool = True) -> Callable[[str], Any]:
    def parse(value: str) -> Vocabulary | None:
        if optional and not value.strip():
            return None
        try:
            return vocabulary.parse(value)
        except ValueError as error:
            raise FieldError(str(error)) from None

    return parse


def _flag(value: str) -> bool | None:
    answer = value.strip().casefold()
    if answer in ("", "unset", "none"):
        return None
    if answer in ("yes", "true", "1"):
        return True
    if answer in ("no", "false", "0"):
        return False
    raise FieldError(f"{value!r} is not yes, no or empty")


#: Part kind -> field -> how a typed value becomes the stored one.
FIELDS: dict[str, dict[str, Callable[[str], Any]]] = {
    "case": {"title": _text, "language": _text},
    "claim": {"text": _text, "claimant": _text, "claimant_role": _text, "date_made": _date,
              "first_appearance": _text, "context": _text},
    "verdict": {"rating": _text, "conclusion": _text, "confidence": _choice(Confidence),
                "checked_on": _date},
    "section": {"heading": _text, "body": _text,
                "kind": _choice(SectionKind, optional=False)},
    "question": {"text": _text},
    "source": {"title": _text, "author": _text, "outlet": _text, "url": _text,
               "archived_url": _text, "date_published": _date, "event_date": _date,
               "event_date_end": _date, "date_accessed": _date, "kind": _choice(SourceKind),
               "notes": _text, "motive": _choice(Motive), "motive_note": _text,
               "amid_dispute": _flag, "dispute_note": _text, "corroboration_note": _text,
               "reliability": _choice(Reliability), "credibility": _choice(Credibility)},
}
#: Source fields kept in its assessment rather than on the source itself.
_ASSESSMENT = frozenset({"motive", "motive_note", "amid_dispute", "dispute_note",
                         "corroboration_note", "reliability", "credibility"})


@dataclass(frozen=True)
class Change:
    """What ``set_field`` did, for a confirmation line."""

    path: str
    before: Any
    after: Any


def _target(case: Case, part: str) -> tuple[str, object]:
    if part in ("case", "claim", "verdict"):
        return part, {"case": case, "claim": case.claim, "verdict": case.verdict}[part]
    kind, colon, number = part.partition(":")
    if kind not in PARTS or not colon:
        raise FieldError(
            f"{part!r} is not a part of the case; use title, claim.FIELD, verdict.FIELD, "
            "section:N.FIELD, source:N.FIELD or question:N.FIELD"
        )
    n = part_number(kind, number)
    if kind == "source":
        source = case.source_by_number(n)
        if source is None:
            raise FieldError(f"the case has no source [{n}]")
        return kind, source
    items: list[Any] = case.sections if kind == "section" else case.questions
    if not 1 <= n <= len(items):
        raise FieldError(f"the case has no {kind} {n} (it has {len(items)})")
    return kind, items[n - 1]


def set_field(case: Case, path: str, value: str) -> Change:
    """Set the value at ``path`` (``claim.text``, ``source:2.motive``, ``title``) to ``value``.

    Vocabulary fields take a value or its label ("self-justification"); an empty value
    clears an optional one. Does not check that the case may change: see
    ``workbench.review.check_editable``.
    """
    path = path.strip()
    part, _, name = path.rpartition(".")
    if not part:
        part = "case"
    kind, target = _target(case, part.casefold())
    fields = FIELDS[kind]
    if name not in fields:
        raise FieldError(f"{kind} has no field {name!r}; it has: {', '.join(fields)}")
    stored = fields[name](value)
    holder = target.assessment if kind == "source" and name in _ASSESSMENT else target  # type: ignore[attr-defined]
    before = getattr(holder, name)
    setattr(holder, name, stored)
    if before != stored:
        case.updated = now_timestamp()
    return Change(path=path, before=before, after=stored)
