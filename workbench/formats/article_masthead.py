"""What an article says about itself: who wrote it, who signed it off, who publishes it,
when it went out and was corrected, and where the methods and the corrections policy are.

The IFCN Code of Principles asks a signatory to show its methodology and its corrections
policy (commitments 4 and 5), and a reader to see at a glance that a check was corrected,
not only in a list at its end. So the masthead carries a byline, the organisation, the
dates, a notice of the latest correction (for the top of the article) and the two links;
every exporter lays out the same words.

The names come from the case's history. The author is whoever sent the case for review
(else whoever created it); the editor is whoever last approved it, shown only while that
approval stands (approved, published, corrected). The approval is read from the status
move to approved, which the history records before the sign-off's fingerprint of the
article is taken: the article approved and the article published must be the same text,
so nothing in it may change between those two moments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.formats.article_parts import CorrectionEntry, Row, corrections
from workbench.model import Case, Status, is_partial_date

if TYPE_CHECKING:  # only a type here: the exporters load without the config's imports
    from workbench.config import Organisation

#: The statuses in which a sign-off stands: the case was approved and not sent back since.
SIGNED_OFF = frozenset({Status.APPROVED, Status.PUBLISHED, Status.CORRECTED})


@dataclass(frozen=True)
class Masthead:
    """The article's account of itself; empty fields are left out by every exporter."""

    author: str
    #: Who signed the article off, while that sign-off stands.
    editor: str
    organisation: str
    organisation_url: str
    #: The first publication's day, ``YYYY-MM-DD``.
    published: str
    #: The latest correction's or republication's day, when after the first publication.
    updated: str
    #: The latest correction, for a notice at the top; None when there is none.
    notice: CorrectionEntry | None
    #: How many corrections the case has (the notice names the latest).
    corrections: int
    methodology_url: str
    corrections_url: str

    @property
    def byline(self) -> str:
        """ "By Ana Ruiz; signed off by Kofi Mensah", or "" when nobody is named."""
        parts = []
        if self.author:
            parts.append(f"By {self.author}")
        if self.editor:
            parts.append(f"signed off by {self.editor}" if parts
                         else f"Signed off by {self.editor}")
        return "; ".join(parts)

    @property
    def dateline(self) -> str:
        """ "Example Checks. Published 2025-03-13; updated 2025-03-18", or ""."""
        dates = []
        if self.published:
            dates.append(f"Published {self.published}")
        if self.updated:
            dates.append(f"updated {self.updated}" if dates else f"Updated {self.updated}")
        parts = [self.organisation] if self.organisation else []
        if dates:
            parts.append("; ".join(dates))
        return ". ".join(parts)

    @property
    def notice_text(self) -> str:
        """The correction notice's sentence, without its label; "" when none."""
        if self.notice is None:
            return ""
        more = (f" This check has been corrected {self.corrections} times; all are listed "
                "under Corrections." if self.corrections > 1
                else " The correction is listed under Corrections.")
        return f"{self.notice.what}{more}"

    @property
    def notice_label(self) -> str:
        """ "Correction (2025-03-18)" or "Correction"."""
        if self.notice is None or not self.notice.date:
            return "Correction"
        return f"Correction ({self.notice.date})"

    @property
    def links(self) -> tuple[Row, ...]:
        """The organisation's standards pages, as labelled addresses."""
        rows = []
        if self.methodology_url:
            rows.append(Row("How we fact-check", self.methodology_url))
        if self.corrections_url:
            rows.append(Row("Corrections policy", self.corrections_url))
        return tuple(rows)


def masthead(case: Case, organisation: Organisation | None) -> Masthead:
    """The case's masthead, with the organisation's name and pages from the config (none
    named without one)."""
    published, updated = _dates(case)
    entries = corrections(case)
    return Masthead(
        author=_author(case),
        editor=_editor(case),
        organisation=organisation.name.strip() if organisation else "",
        organisation_url=organisation.url.strip() if organisation else "",
        published=published,
        updated=updated,
        notice=entries[-1] if entries else None,
        corrections=len(entries),
        methodology_url=organisation.methodology_url.strip() if organisation else "",
        corrections_url=organisation.corrections_url.strip() if organisation else "",
    )


def _dates(case: Case) -> tuple[str, str]:
    """(first published, last updated), as ``claimreview.publication_dates`` gives them,
    but read from the history's moves to published rather than from the frozen
    publications: the move is recorded just before the article is frozen, so a frozen
    article carries its own publication date and reads the same as a later export.
    """
    days = sorted(day for e in case.events
                  if e.action == "status" and e.after == Status.PUBLISHED.value
                  and (day := _day(e.at)))
    if not days:
        return "", ""
    later = [*days[1:], *(_day(c.date) for c in case.corrections)]
    latest = max(later, default="")
    return days[0], latest if latest > days[0] else ""


def _day(text: str) -> str:
    """The ``YYYY-MM-DD`` a timestamp or date starts with, or "" for a partial date."""
    day = text.strip()[:10]
    return day if len(day) == len("YYYY-MM-DD") and is_partial_date(day) else ""


def _author(case: Case) -> str:
    """Who sent the case for review last, else who created it; "" when unrecorded."""
    for event in reversed(case.events):
        if event.action == "status" and event.after == Status.IN_REVIEW.value and event.who:
            return event.who
    created = next((e for e in case.events if e.action == "created"), None)
    return created.who if created is not None else ""


def _editor(case: Case) -> str:
    """Who last approved the case, while the approval stands."""
    if case.status not in SIGNED_OFF:
        return ""
    for event in reversed(case.events):
        if event.action == "status" and event.after == Status.APPROVED.value:
            return event.who
    return ""
