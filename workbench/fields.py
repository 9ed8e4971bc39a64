"""Every value of a case a person edits, described once: ``claim.text``, ``source:N.title``.

Each field has its path, label and kind, and how typed text becomes the stored value or
why it cannot (``FIELDS``). ``workbench set`` edits a case from the command line with these
paths, so a desk can script fixes (and a test can drive the whole review path without the
TUI); the claim pane and the source form take their labels, parsing and validation from
the same descriptions, so the three never disagree. Parts are named as review comments
and the readiness checks name them: ``section:N`` is the Nth body section as the article
prints it (the summary and the bottom line are ``section:summary`` and
``section:bottom-line``, see ``section_addresses``), ``source:N`` the source cited as
``[N]``, ``question:N`` the Nth question.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from workbench.errors import UserFacingError
from workbench.model import (
    DATE_SHAPE,
    Assessment,
    Case,
    ClaimantKind,
    Confidence,
    Corroboration,
    Credibility,
    Locator,
    Motive,
    Reliability,
    SectionKind,
    Source,
    SourceKind,
    Vocabulary,
    excerpt_text,
    now_timestamp,
    parse_excerpt,
    parse_partial_date,
    partial_date_problem,
    trimmed_locators,
    web_address_problem,
)
from workbench.sections import (
    no_section,
    section_at,
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
    digit ``str.isdigit`` takes. A section may go by name (``section:summary``) instead.
    """
    kind, colon, number = place.strip().casefold().partition(":")
    if colon and kind in PARTS and not (kind == "section" and not number.strip().isdigit()):
        part_number(kind, number)


#: What a date field says when its text is not shaped like a date at all.
DATE_HINT = DATE_SHAPE
#: A blank line (perhaps holding spaces) separates two paragraphs.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


class Kind(StrEnum):
    """What sort of value a field holds, which tells a form how to edit it."""

    TEXT = "text"
    MULTILINE = "multiline"
    URL = "url"
    #: An http(s) address or nothing, where only an address will do (schema.org's
    #: ``sameAs``): anything else is refused rather than kept.
    WEB_ADDRESS = "web_address"
    #: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: fact-checkers often know only the year.
    DATE = "date"
    #: One of a vocabulary (or of the case's rating scale), or unset.
    CHOICE = "choice"
    #: Yes, no, or not known.
    FLAG = "flag"
    #: One item per line.
    LIST = "list"
    #: One item per paragraph, so an item may span lines.
    PARAGRAPHS = "paragraphs"
    #: A source's excerpts, one a paragraph, each perhaps placed: ``[p. 12] text``, then
    #: ``prefix:``, ``exact:`` and ``suffix:`` lines (see ``model.parse_excerpt``).
    EXCERPTS = "excerpts"


_MULTILINE_KINDS = frozenset({Kind.MULTILINE, Kind.LIST, Kind.PARAGRAPHS, Kind.EXCERPTS})
_FLAG_WORDS = {"": None, "unset": None, "none": None, "yes": True, "true": True, "1": True,
               "no": False, "false": False, "0": False}
#: Source fields kept in its assessment rather than on the source itself.
_ASSESSMENT = frozenset(field.name for field in dataclasses.fields(Assessment))


@dataclass(frozen=True)
class Field:
    """One editable value of a case, described once for the command line and the forms."""

    #: The part it belongs to: ``case``, ``claim``, ``verdict`` or one of ``PARTS``.
    part: str
    #: Its attribute on that part (or on a source's assessment).
    name: str
    label: str
    kind: Kind = Kind.TEXT
    #: The choices of a ``CHOICE`` field; without one any text is kept (the rating,
    #: whose choices are the case's scale, which ``workbench check`` compares).
    vocabulary: type[Vocabulary] | None = None
    #: A choice that must keep a value: an empty one is refused rather than cleared.
    required: bool = False
    #: How an unset choice reads.
    blank: str = ""
    #: The choices of a ``FLAG`` field, yes first, in words for a list to show.
    options: tuple[tuple[str, bool], ...] = ()
    #: What an empty field suggests typing; a date suggests its shape.
    hint: str = ""

    @property
    def path(self) -> str:
        """How ``workbench set`` names the field, with ``N`` for a part's number."""
        if self.part == "case":
            return self.name
        if self.part in PARTS:
            return f"{self.part}:N.{self.name}"
        return f"{self.part}.{self.name}"

    @property
    def placeholder(self) -> str:
        return self.hint or ("YYYY-MM-DD" if self.kind is Kind.DATE else "")

    @property
    def multiline(self) -> bool:
        """Whether the value is edited in a text area rather than on one line."""
        return self.kind in _MULTILINE_KINDS

    @property
    def choices(self) -> list[tuple[str, object]]:
        """A choice field's values with their labels, "unset" left out."""
        if self.vocabulary is not None:
            return [(member.label, member) for member in self.vocabulary]
        return list(self.options)

    def problem(self, text: str) -> str | None:
        """Why ``text`` cannot be stored in this field, in a few words; None when it can."""
        if self.kind is Kind.DATE:
            return date_problem(text)
        try:
            self.parse(text)
        except FieldError as error:
            return str(error)
        return None

    def parse(self, text: str) -> Any:
        """The stored value ``text`` stands for; ``FieldError`` says why there is none."""
        if self.kind is Kind.DATE:
            problem = date_problem(text)
            if problem == DATE_HINT:
                raise FieldError(f"{text.strip()!r} is not a date ({DATE_HINT})")
            if problem:
                raise FieldError(f"{text.strip()} is not a date: {problem}")
            return text.strip()
        if self.kind is Kind.CHOICE:
            return self._parse_choice(text)
        if self.kind is Kind.WEB_ADDRESS:
            problem = web_address_problem(text)
            if problem:
                raise FieldError(problem)
            return text.strip()
        if self.kind is Kind.FLAG:
            answer = text.strip().casefold()
            if answer not in _FLAG_WORDS:
                raise FieldError(f"{text!r} is not yes, no or empty")
            return _FLAG_WORDS[answer]
        if self.kind is Kind.LIST:
            return lines_of(text)
        if self.kind is Kind.PARAGRAPHS:
            return paragraphs_of(text)
        if self.kind is Kind.EXCERPTS:
            return excerpts_of(text)
        return text

    def _parse_choice(self, text: str) -> Vocabulary | str | None:
        if self.vocabulary is None:
            return text
        if not self.required and not text.strip():
            return None
        try:
            return self.vocabulary.parse(text)
        except ValueError as error:
            raise FieldError(str(error)) from None

    def as_text(self, value: Any) -> str:
        """A stored value as a person would type it, which ``parse`` reads back."""
        if value is None:
            return ""
        if self.kind is Kind.FLAG:
            return "yes" if value else "no"
        if self.kind is Kind.LIST:
            return "\n".join(value)
        if self.kind is Kind.PARAGRAPHS:
            return "\n\n".join(value)
        if self.kind is Kind.EXCERPTS:
            return "\n\n".join(excerpt_text(text, locator) for text, locator in value)
        return str(value)

    def read(self, holder: object) -> Any:
        """The value on ``holder``, the part the field belongs to (a source for its assessment).

        A source's excerpts read as (text, locator) pairs: one value, edited as one.
        """
        if self.kind is Kind.EXCERPTS:
            assert isinstance(holder, Source)
            return [(text, holder.locator(index)) for index, text in enumerate(holder.excerpts)]
        return getattr(self._on(holder), self.name)

    def write(self, holder: object, value: Any) -> None:
        if self.kind is Kind.EXCERPTS:
            assert isinstance(holder, Source)
            holder.excerpts = [text for text, _ in value]
            holder.locators = trimmed_locators([locator for _, locator in value])
            return
        setattr(self._on(holder), self.name, value)

    def _on(self, holder: object) -> object:
        in_assessment = self.part == "source" and self.name in _ASSESSMENT
        return holder.assessment if in_assessment else holder  # type: ignore[attr-defined]


def lines_of(text: str) -> list[str]:
    """One item per non-blank line, trimmed."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def paragraphs_of(text: str) -> list[str]:
    """One item per paragraph, trimmed: an item may span lines, a blank line ends it."""
    return [part.strip() for part in _PARAGRAPH_BREAK.split(text) if part.strip()]


def excerpts_of(text: str) -> list[tuple[str, Locator]]:
    """A source's excerpts as typed, one a paragraph, each with its locator; a locator
    that places nothing ("[p. 0]") is refused in one line, naming the excerpt."""
    excerpts = []
    for number, paragraph in enumerate(paragraphs_of(text), 1):
        try:
            excerpts.append(parse_excerpt(paragraph))
        except ValueError as error:
            raise FieldError(f"excerpt {number}: {error}") from None
    return excerpts


def date_problem(text: str) -> str | None:
    """Why ``text`` is no date, or None when it is one or empty ("not known").

    Text of the right shape naming a day that does not exist ("2018-02-30") is told why
    ("February 2018 has 28 days"): the shape hint would send the person looking for a typo
    that is not there.
    """
    return partial_date_problem(text) if text.strip() else None


def event_range_problem(start: str, end: str) -> str | None:
    """What is wrong with a source's events ending at ``end``, given their ``start``.

    Each date's own problem is its field's to tell; this is only the range: an end needs a
    start, and partial dates being spans, must not end before the start's first day.
    """
    start, end = start.strip(), end.strip()
    if not end or date_problem(end):
        return None
    if not start:
        return "the range needs a start date (Events from)"
    if not date_problem(start) and (
        parse_partial_date(end, latest=True) < parse_partial_date(start)
    ):
        return "the events end before they start"
    return None


def _part(part: str, *fields: Field) -> dict[str, Field]:
    return {field.name: dataclasses.replace(field, part=part) for field in fields}


def _field(name: str, label: str, kind: Kind = Kind.TEXT, **options: Any) -> Field:
    """A field whose part ``_part`` fills in, so each table names its part once."""
    return Field("", name, label, kind, **options)


_NOT_GRADED = "not graded"

#: Part -> field name -> description: every value a person edits, in no form's order.
FIELDS: dict[str, dict[str, Field]] = {
    "case": _part("case", _field("title", "Title"), _field("language", "Language")),
    "claim": _part(
        "claim",
        _field("text", "Claim", Kind.MULTILINE),
        _field("claimant", "Claimant"),
        _field("claimant_role", "Role"),
        _field("claimant_kind", "Type", Kind.CHOICE, vocabulary=ClaimantKind,
               required=True),
        _field("claimant_same_as", "Same as", Kind.WEB_ADDRESS,
               hint="URL, e.g. Wikidata's"),
        _field("date_made", "Made", Kind.DATE),
        _field("first_appearance", "First seen", Kind.URL, hint="URL"),
        _field("appearances", "Also seen", Kind.LIST, hint="one URL per line"),
        _field("context", "Context", Kind.MULTILINE),
    ),
    "verdict": _part(
        "verdict",
        _field("rating", "Rating", Kind.CHOICE, blank="not rated yet"),
        _field("conclusion", "Conclusion", hint="one line"),
        _field("established", "Established", Kind.LIST, hint="one point per line"),
        _field("unresolved", "Unresolved", Kind.LIST, hint="one point per line"),
        _field("confidence", "Confidence", Kind.CHOICE, vocabulary=Confidence, blank="—"),
        _field("checked_on", "Checked on", Kind.DATE),
    ),
    "section": _part(
        "section",
        _field("heading", "Heading"),
        _field("body", "Body", Kind.MULTILINE),
        _field("kind", "Kind", Kind.CHOICE, vocabulary=SectionKind, required=True),
    ),
    "question": _part("question", _field("text", "Question")),
    "source": _part(
        "source",
        _field("title", "Title"),
        _field("author", "Author / speaker"),
        _field("origin", "Origin", hint="whose account it carries, e.g. Vladimir Putin"),
        _field("outlet", "Outlet"),
        _field("url", "URL", Kind.URL),
        _field("archived_url", "Archived URL", Kind.URL),
        _field("date_published", "Published", Kind.DATE),
        _field("event_date", "Events (from)", Kind.DATE),
        _field("event_date_end", "Events (to)", Kind.DATE),
        _field("date_accessed", "Accessed", Kind.DATE),
        _field("kind", "Kind", Kind.CHOICE, vocabulary=SourceKind, blank="not set"),
        _field("excerpts", "Excerpts", Kind.EXCERPTS),
        _field("notes", "Notes", Kind.MULTILINE),
        _field("motive", "Motive", Kind.CHOICE, vocabulary=Motive, blank="not assessed"),
        _field("motive_note", "Motive note"),
        _field("amid_dispute", "Amid dispute", Kind.FLAG, blank="unknown",
               options=(("yes - made amid dispute or tension", True), ("no", False))),
        _field("dispute_note", "Dispute note"),
        _field("corroboration_override", "Override", Kind.CHOICE, vocabulary=Corroboration,
               blank="none - use the matrix"),
        _field("corroboration_note", "Override note"),
        _field("reliability", "Reliability", Kind.CHOICE, vocabulary=Reliability,
               blank=_NOT_GRADED),
        _field("credibility", "Credibility", Kind.CHOICE, vocabulary=Credibility,
               blank=_NOT_GRADED),
    ),
}


def case_part(case: Case, part: str) -> object:
    """What a ``case``, ``claim`` or ``verdict`` field is read from and written to."""
    return {"case": case, "claim": case.claim, "verdict": case.verdict}[part]


@dataclass(frozen=True)
class Change:
    """What ``set_field`` did, for a confirmation line."""

    path: str
    before: Any
    after: Any


def _target(case: Case, part: str) -> tuple[str, object]:
    if part in ("case", "claim", "verdict"):
        return part, case_part(case, part)
    kind, colon, number = part.partition(":")
    if kind not in PARTS or not colon:
        raise FieldError(
            f"{part!r} is not a part of the case; use title, claim.FIELD, verdict.FIELD, "
            "section:N.FIELD, source:N.FIELD or question:N.FIELD"
        )
    if kind == "section":
        check_place(part)
        section = section_at(case.sections, number)
        if section is None:
            raise FieldError(no_section(case.sections, number))
        return kind, section
    n = part_number(kind, number)
    if kind == "source":
        source = case.source_by_number(n)
        if source is None:
            raise FieldError(f"the case has no source [{n}]")
        return kind, source
    if not 1 <= n <= len(case.questions):
        raise FieldError(f"the case has no {kind} {n} (it has {len(case.questions)})")
    return kind, case.questions[n - 1]


def set_field(case: Case, path: str, value: str) -> Change:
    """Set the value at ``path`` (``claim.text``, ``source:2.motive``, ``title``) to ``value``.

    Vocabulary fields take a value or its label ("self-justification"); an empty value
    clears an optional one; a list takes one item per line (excerpts: one per paragraph).
    Does not check that the case may change: see ``workbench.review.check_editable``.
    """
    path = path.strip()
    part, _, name = path.rpartition(".")
    if not part:
        part = "case"
    kind, target = _target(case, part.casefold())
    fields = FIELDS[kind]
    if kind == "source" and name == DERIVED_FROM:
        assert isinstance(target, Source)
        return _set_derived_from(case, target, path, value)
    if name not in fields:
        names = [*fields, DERIVED_FROM] if kind == "source" else list(fields)
        raise FieldError(f"{kind} has no field {name!r}; it has: {', '.join(names)}")
    field = fields[name]
    stored = field.parse(value)
    before = field.read(target)
    field.write(target, stored)
    if before != stored:
        case.updated = now_timestamp()
    return Change(path=path, before=before, after=stored)


#: A source's link to the source it merely repeats, set as ``source:N.derived_from M``.
#: Not in ``FIELDS``: its value is another source, named by its number, which only the
#: case can resolve (the source form offers the case's sources in a list instead).
DERIVED_FROM = "derived_from"


def _set_derived_from(case: Case, source: Source, path: str, value: str) -> Change:
    """Link ``source`` to the source numbered ``value`` (``3``, ``[3]``, ``source:3``), or
    to none (``none`` or empty); the change says both as numbers."""
    numbers = {other.id: other.number for other in case.sources}
    typed = value.strip().removeprefix("source:").removeprefix("[").removesuffix("]")
    if typed.casefold() in ("", "none"):
        derived_from = None
    else:
        other = case.source_by_number(part_number("source", typed))
        if other is None:
            raise FieldError(f"the case has no source [{typed.lstrip('0') or '0'}]")
        if other is source:
            raise FieldError(f"source [{source.number}] cannot be derived from itself")
        derived_from = other.id
    before = source.derived_from
    source.derived_from = derived_from
    if before != derived_from:
        case.updated = now_timestamp()
    return Change(path=path, before=None if before is None else numbers.get(before),
                  after=None if derived_from is None else numbers[derived_from])
