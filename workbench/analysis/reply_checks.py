"""Readiness checks on the right of reply: the claimant heard before a rating goes out.

A check that rates what someone said owes them the chance to answer it (a newsroom's
right of reply). The log of attempts is ``Case.replies``; this warns when a rated claim
names a claimant and no entry shows an attempt to reach them. A desk whose practice
differs turns it off with ``[review] require_right_of_reply = false``.
"""

from __future__ import annotations

from collections.abc import Iterator

from workbench.analysis.checked_case import CheckedCase
from workbench.analysis.findings import CLAIM, Finding, finding, short
from workbench.model import Case


def right_of_reply(checked: CheckedCase) -> Iterator[Finding]:
    """``claimant-not-contacted``: a rated claim whose claimant no entry of the log names."""
    case = checked.case
    claimant = case.claim.claimant
    if not claimant.strip() or not _concluded(checked) or claimant_contacted(case):
        return
    yield finding(
        "claimant-not-contacted", CLAIM,
        f"The claim is rated, and its claimant ({short(claimant)}) was never asked for "
        "comment: the right-of-reply log names no attempt to reach them",
        "Log the request for comment (R on the case screen, or workbench reply add FILE "
        "--to NAME --claimant ...), or accept this warning saying why",
        subject=claimant,
    )


def claimant_contacted(case: Case) -> bool:
    """Whether an entry of the log is marked as the claimant, or names them (case and
    spacing aside)."""
    wanted = _folded(case.claim.claimant)
    return any(request.claimant or _folded(request.name) == wanted
               for request in case.replies)


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def _concluded(checked: CheckedCase) -> bool:
    """Whether the verdict rates the claim: a rating, or on a scale that gives none, a
    conclusion."""
    verdict = checked.case.verdict
    if verdict.rating.strip():
        return True
    scale = checked.scales.get(checked.case.scale)
    return scale is not None and not scale.rates and bool(verdict.conclusion.strip())
