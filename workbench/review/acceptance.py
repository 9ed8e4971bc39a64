"""Accepting a check warning: someone looked at it, and says why it may stand.

A warning asks an editor to look; some are fine as they are (a quotation from a video no
excerpt can hold, a source whose motive is beside the point). Accepting one records who,
why and when, tied to the finding's identity (its code, place and the fingerprint of the
text it is about: see ``workbench.analysis.findings``), so the warning is shown as
accepted until that text changes, and then it is back. Errors cannot be accepted: they
block a clean export, and accepting one would be a way round the readiness gate.

The rules are the CLI's (``workbench accept``) and the TUI's (``a`` in the checks pane)
alike: a name is required, so is a one-line reason, and a published case is refused as
any other change to it is (a correction first).
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.analysis.findings import Finding, Severity
from workbench.model import Acceptance, Case, now_timestamp
from workbench.review.history import record, require_name
from workbench.review.wording import ReviewError, shorten
from workbench.review.workflow import check_editable

#: Long enough for any reason worth a line; a longer one is a paste gone wrong.
MAX_REASON = 300
#: The fewest characters of a finding's reference that name it.
MIN_REF = 4


def find_finding(findings: Sequence[Finding], wanted: str) -> Finding:
    """The finding ``wanted`` names: its reference (``check`` prints it; any unique start
    of at least ``MIN_REF`` characters), or its code when one finding has that code."""
    wanted = wanted.strip().lower()
    by_code = [f for f in findings if f.code == wanted]
    if len(by_code) == 1:
        return by_code[0]
    if by_code:
        raise ReviewError(f"{len(by_code)} findings are {wanted}; name one by the reference "
                          "`workbench check` prints in [brackets]")
    if len(wanted) < MIN_REF:
        raise ReviewError(f"a finding reference has at least {MIN_REF} characters, as "
                          "`workbench check` prints it in [brackets]")
    matches = {f.ref: f for f in findings if f.ref.startswith(wanted)}
    if len(matches) == 1:
        return next(iter(matches.values()))
    if matches:
        raise ReviewError(f"{wanted!r} starts {len(matches)} finding references; give more "
                          "of it")
    raise ReviewError(f"no finding {wanted!r} in this case now (run `workbench check` for "
                      "the references; a finding whose text changed has a new one)")


def clean_reason(why: str | None) -> str:
    """The reason fit to record (one line, not blank), or ReviewError saying what is wrong."""
    text = " ".join((why or "").split())
    if not text:
        raise ReviewError("say why the warning may stand: a reason is required")
    if any(not ch.isprintable() for ch in text):
        raise ReviewError("a reason may not hold control characters")
    if len(text) > MAX_REASON:
        raise ReviewError(f"a reason may be at most {MAX_REASON} characters")
    return text


def accept(case: Case, finding: Finding, who: str, why: str) -> Acceptance:
    """Accept the warning ``finding`` as ``who``, for the reason ``why``; return the record."""
    if finding.severity is not Severity.WARNING:
        raise ReviewError(f"{finding.code} is an error, and errors cannot be accepted: it "
                          "blocks a clean export until it is fixed")
    check_editable(case)
    who = require_name(who)
    why = clean_reason(why)
    existing = _acceptance_of(case, finding)
    if existing is not None:
        raise ReviewError(f"{finding.code} at {finding.where.label} is already accepted by "
                          f"{existing.who or 'someone'}")
    code, kind, target_id, fingerprint = finding.key
    acceptance = Acceptance(code=code, target_kind=kind, target_id=target_id,
                            fingerprint=fingerprint, who=who, why=why, at=now_timestamp())
    case.acceptances.append(acceptance)
    record(case, who, "accept", target_kind=kind, target_id=target_id, field=code,
           after=why, detail=f"warning {code} at {finding.where.label}: {shorten(why, 200)}",
           at=acceptance.at)
    return acceptance


def withdraw(case: Case, finding: Finding, who: str) -> Acceptance:
    """Take back the acceptance of ``finding`` as ``who``: the warning is open again."""
    check_editable(case)
    who = require_name(who)
    existing = _acceptance_of(case, finding)
    if existing is None:
        raise ReviewError(f"{finding.code} at {finding.where.label} is not accepted")
    case.acceptances.remove(existing)
    code, kind, target_id, _fingerprint = finding.key
    record(case, who, "unaccept", target_kind=kind, target_id=target_id, field=code,
           before=existing.why, detail=f"warning {code} at {finding.where.label} is open again")
    return existing


def _acceptance_of(case: Case, finding: Finding) -> Acceptance | None:
    return next((a for a in case.acceptances if a.key == finding.key), None)
