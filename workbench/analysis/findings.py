"""What a readiness check reports, and the words every check writes it in.

A finding is one thing wrong with a case: its stable code, how bad it is, where it is and
how to fix it. The checks live in modules of their own by topic; they share this
vocabulary and these phrasings so that every message reads alike (one line, user text cut
short, sources named the same way). ``workbench.analysis.checks`` is the public face and
describes every code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from workbench.model import Source


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

    def to_dict(self) -> dict[str, str]:
        """The finding as ``workbench check --json`` prints it: flat strings only."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "where": self.where.label,
            "message": self.message,
            "fix": self.fix,
            "kind": self.where.kind,
            "id": self.where.id,
        }


#: Every code and its severity; a code never changes severity. The docstring of
#: ``workbench.analysis.checks`` says what each one means.
CODES: dict[str, Severity] = {
    **dict.fromkeys(
        (
            "citation-without-source", "no-claim-text", "unknown-scale", "no-rating",
            "rating-not-on-scale", "no-verdict", "no-executive-summary", "no-bottom-line",
            "empty-section", "publication-altered", "file-integrity",
        ),
        Severity.ERROR,
    ),
    **dict.fromkeys(
        (
            "no-conclusion", "source-not-cited", "source-without-motive",
            "source-without-timing", "source-without-corroboration",
            "section-without-citation", "question-without-evidence", "single-source-question",
            "circular-reporting", "quote-not-in-source", "quote-without-excerpts",
            "rating-against-evidence", "open-comment",
        ),
        Severity.WARNING,
    ),
}

#: How long a heading, question or quotation may run in a label before it is cut.
LABEL_WIDTH = 60

CASE = Location("case", label="case")
CLAIM = Location("claim", label="claim")
VERDICT = Location("verdict", label="verdict")


def finding(code: str, where: Location, message: str, fix: str) -> Finding:
    """A finding with the severity its code always has."""
    return Finding(code, CODES[code], where, message, fix)


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
