"""Readiness checks: the linter a desk editor runs before a fact-check goes out.

Errors block a clean export (a forced export is stamped DRAFT); warnings are what an
editor should look at and may accept. An accepted warning is still reported, carrying its
acceptance (who, why, when) in ``Finding.accepted``, as long as the text it is about is
unchanged (see ``findings``). Errors cannot be accepted: they are what must be fixed.

Every finding says where it is, so the CLI can print it and the TUI can jump there, and
how to fix it, so nobody has to guess. Findings come
errors first, then in the order a reader meets them: case, claim, verdict, the sections in
reading order, the sources by number, the questions, then comments whose anchor is gone.

The codes are stable (scripts and ``workbench check --json`` key on them): never rename
one, add a new one instead.

This module is the checks' public face: it runs them and re-exports what callers need.
The checks themselves live beside it by topic: ``verdict_checks`` (claim, verdict,
rating against evidence), ``section_checks`` (sections, citations, quotations),
``source_checks`` (each source's assessment), ``evidence_checks`` (questions and the
evidence matrix), ``review_checks`` (comments and publications) and ``history_checks``
(the sealed history); ``findings`` holds the vocabulary they share and ``checked_case``
what they read from the case.

Errors:

- ``citation-without-source``: a section cites ``[n]`` and the case has no source n
  (one finding per section and missing number).
- ``no-claim-text``: the claim's wording is empty.
- ``unknown-scale``: the case names a rating scale that is neither shipped nor configured.
- ``no-rating``: the case's scale gives ratings and the verdict has none.
- ``rating-not-on-scale``: the rating is not a label of the case's scale.
- ``no-verdict``: the scale gives no rating ("claim and conclusion") and the conclusion is
  empty, so the article concludes nothing.
- ``no-executive-summary`` / ``no-bottom-line``: the article lacks that section.
- ``empty-section``: a section's body is blank.
- ``publication-altered``: a published snapshot no longer matches its content hash, so
  the case file was changed outside the Workbench (one finding per snapshot).
- ``file-integrity``: SQLite found damage in the file itself; only ``workbench check
  --integrity`` looks (it reads every page), and adds these findings to the others.
- ``history-altered``: the sealed history was changed behind the Workbench's back: an
  event edited, removed or moved, or events removed at the end. One finding, naming the
  first event where the chain breaks (its number, time and who).

Warnings:

- ``no-conclusion``: a rated verdict without its one-line conclusion.
- ``claim-too-long``: the claim (a ClaimReview's ``claimReviewed``) runs over 75
  characters, Google's guidance for a search result on a phone.
- ``conclusion-names-other-rating``: the conclusion opens with a rating of the case's scale
  ("True: …") other than the verdict's rating.
- ``source-not-cited``: no section cites the source.
- ``source-without-motive`` / ``source-without-timing`` / ``source-without-corroboration``:
  one aspect of a source's assessment is missing (timing: the source is undated;
  corroboration: the matrix says nothing of it and there is no override).
- ``section-without-citation``: a body section cites no source.
- ``question-without-evidence``: no source supports or contradicts the question.
- ``single-source-question``: exactly one source takes a side on the question, and it is
  not marked corroborated by hand.
- ``circular-reporting``: two or more sources take the same side on a question, and all
  derive from one origin.
- ``quote-not-in-source``: a quotation matches none of the excerpts of the sources cited
  with it word for word (``quote_match``), or misquotes the case's own claim.
- ``quote-without-excerpts``: a quotation cannot be checked, because a source cited with it
  has no excerpts.
- ``rating-against-evidence``: a rating at the true end of the scale while the evidence on
  some question leans against the claim, or at the false end while none does and some
  leans for it.
- ``open-comment``: a review comment is still open (one finding per comment).
- ``history-unsealed``: the case file was upgraded to schema 4 with history already in it;
  the events before the upgrade were recorded unsealed, so nothing shows they are as
  first written (they are sealed as they stood then).
- ``claimant-not-contacted``: the claim is rated (or concluded, on a scale without
  ratings), names a claimant, and no entry of the right-of-reply log is marked as the
  claimant or names them; off with ``[review] require_right_of_reply = false``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from workbench.analysis import (
    evidence_checks,
    history_checks,
    reply_checks,
    review_checks,
    section_checks,
    source_checks,
    verdict_checks,
)
from workbench.analysis.checked_case import CheckedCase
from workbench.analysis.findings import (
    CASE,
    CLAIM,
    CODES,
    VERDICT,
    Finding,
    Location,
    Severity,
)
from workbench.analysis.verdict_checks import RATING_ENDS
from workbench.model import Case
from workbench.scales import RatingScale, builtin_scales

__all__ = [
    "CASE",
    "CLAIM",
    "CODES",
    "RATING_ENDS",
    "VERDICT",
    "Finding",
    "Location",
    "Severity",
    "has_errors",
    "readiness_errors",
    "run_checks",
]


def run_checks(
    case: Case, *, scales: Mapping[str, RatingScale] | None = None,
    require_right_of_reply: bool = True,
) -> list[Finding]:
    """Every finding for the case, errors first, then in reading order.

    ``scales`` are the scales a case may use (shipped and the user's own, as the config
    gives them); without it only the shipped scales are known. Whether a rated claim's
    claimant must have been asked for comment is ``require_right_of_reply``, the config's
    ``[review]`` setting, which the caller has read (the checks run on every pause in
    typing: they read no file).
    """
    checked = CheckedCase(case, builtin_scales() if scales is None else scales)
    findings = [
        *verdict_checks.claim_and_verdict(checked),
        *section_checks.article_shape(checked),
        *section_checks.sections(checked),
        *source_checks.sources(checked),
        *evidence_checks.questions(checked),
        *verdict_checks.rating_balance(checked),
        *review_checks.open_comments(checked),
        *review_checks.publications(checked),
        *history_checks.history(checked),
        *(reply_checks.right_of_reply(checked) if require_right_of_reply else ()),
    ]
    return _with_acceptances(sorted(findings, key=checked.order), case)


def _with_acceptances(findings: list[Finding], case: Case) -> list[Finding]:
    """Each warning someone accepted, carrying its acceptance."""
    if not case.acceptances:
        return findings
    accepted = {acceptance.key: acceptance for acceptance in case.acceptances}
    return [
        dataclasses.replace(finding, accepted=accepted[finding.key])
        if finding.severity is Severity.WARNING and finding.key in accepted else finding
        for finding in findings
    ]


def has_errors(findings: Iterable[Finding]) -> bool:
    """Whether any finding blocks a clean export."""
    return any(finding.severity is Severity.ERROR for finding in findings)


def readiness_errors(
    case: Case, scales: Mapping[str, RatingScale] | None = None
) -> list[Finding]:
    """The findings that block a clean export, approval and publication, in reading order.

    Every place that refuses or stamps a case for readiness asks this, so they all agree
    on what blocks. ``scales`` as for ``run_checks``.
    """
    return [finding for finding in run_checks(case, scales=scales)
            if finding.severity is Severity.ERROR]
