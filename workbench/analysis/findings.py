"""What a readiness check reports, and the words every check writes it in.

A finding is one thing wrong with a case: its stable code, how bad it is, where it is and
how to fix it. The checks live in modules of their own by topic; they share this
vocabulary and these phrasings so that every message reads alike (one line, user text cut
short, sources named the same way). ``workbench.analysis.checks`` is the public face and
describes every code.

A finding has a stable identity, so a warning someone accepted stays accepted from one run
to the next: its code, where it is, and a fingerprint of the text it is about (the
quotation, the section's body, the comment; the message itself for a check that names no
text of its own). Change that text and the identity changes, so the acceptance no longer
applies and the warning is back for a fresh look.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from workbench.model import Acceptance, Source

#: Hex digits of a finding's reference (``Finding.ref``), as ``check`` prints it.
REF_LENGTH = 8


class Severity(StrEnum):
    """An error blocks a clean export; a warning asks an editor to look."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Location:
    """Where a finding is, so the TUI can jump there and a person can find it."""

    #: "case", "claim", "verdict", "section", "source", "question" or "comment".
    kind: str
    #: The section, source, question or comment id; empty for the case, claim and verdict.
    id: str = ""
    #: Human words, e.g. 'section 2 "Putin's own later narratives"' or "source [3]".
    label: str = ""


@dataclass(frozen=True)
class Finding:
    """One thing wrong with the case: what, where, and how to put it right."""

    #: Stable kebab-case code, one of ``CODES``.
    code: str
    severity: Severity
    where: Location
    #: One line: what is wrong.
    message: str
    #: One line: how to fix it.
    fix: str
    #: The text the finding is about (a quotation, a section's body); "" for the message.
    subject: str = ""
    #: The acceptance that covers this warning, when someone has accepted it.
    accepted: Acceptance | None = None

    @property
    def fingerprint(self) -> str:
        """A digest of the text the finding is about, blind to spacing only."""
        text = " ".join((self.subject or self.message).split())
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    @property
    def key(self) -> tuple[str, str, str, str]:
        """The finding's identity, as an ``Acceptance`` names it."""
        return (self.code, self.where.kind, self.where.id, self.fingerprint)

    @property
    def ref(self) -> str:
        """A short reference to the finding for a person to type (``workbench accept``)."""
        framed = "\0".join(self.key).encode("utf-8", "surrogatepass")
        return hashlib.sha256(framed).hexdigest()[:REF_LENGTH]

    @property
    def open(self) -> bool:
        """Whether the finding still asks for attention: every error, and warnings not
        accepted."""
        return self.accepted is None

    def to_dict(self) -> dict[str, object]:
        """The finding as ``workbench check --json`` prints it: strings, and ``accepted``
        (who, why and when) or null."""
        accepted = self.accepted
        return {
            "code": self.code,
            "severity": self.severity.value,
            "where": self.where.label,
            "message": self.message,
            "fix": self.fix,
            "kind": self.where.kind,
            "id": self.where.id,
            "finding": self.ref,
            "accepted": None if accepted is None
            else {"who": accepted.who, "why": accepted.why, "at": accepted.at},
        }


#: Every code and its severity; a code never changes severity. The docstring of
#: ``workbench.analysis.checks`` says what each one means.
CODES: dict[str, Severity] = {
    **dict.fromkeys(
        (
            "citation-without-source", "no-claim-text", "unknown-scale", "no-rating",
            "rating-not-on-scale", "no-verdict", "no-executive-summary", "no-bottom-line",
            "empty-section", "publication-altered", "file-integrity", "history-altered",
        ),
        Severity.ERROR,
    ),
    **dict.fromkeys(
        (
            "no-conclusion", "source-not-cited", "source-without-motive",
            "source-without-timing", "source-without-corroboration",
            "section-without-citation", "question-without-evidence", "single-source-question",
            "circular-reporting", "quote-not-in-source", "quote-without-excerpts",
            "rating-against-evidence", "open-comment", "claim-too-long",
            "conclusion-names-other-rating", "history-unsealed", "claimant-not-contacted",
        ),
        Severity.WARNING,
    ),
}

#: How long a heading, question or quotation may run in a label before it is cut.
LABEL_WIDTH = 60

CASE = Location("case", label="case")
CLAIM = Location("claim", label="claim")
VERDICT = Location("verdict", label="verdict")


def finding(code: str, where: Location, message: str, fix: str, *, subject: str = "") -> Finding:
    """A finding with the severity its code always has; ``subject`` is the text it is about
    when that is more than its message says (see ``Finding.fingerprint``)."""
    return Finding(code, CODES[code], where, message, fix, subject)


def short(text: str, width: int = LABEL_WIDTH) -> str:
    """User text on one line, cut with "…": a message must stay one line."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def capital(text: str) -> str:
    """A label opening a sentence: "section 2 …" becomes "Section 2 …"."""
    return text[:1].upper() + text[1:]


def sources_named(sources: list[Source]) -> str:
    """ "source [1]" or "sources [1] and [3]", for a message."""
    numbers = [f"[{source.number}]" for source in sources]
    if len(numbers) == 1:
        return f"source {numbers[0]}"
    return f"sources {', '.join(numbers[:-1])} and {numbers[-1]}"
