"""Readiness checks on the claim and the verdict, the first things a reader meets.

Is there a claim to check, a conclusion, a rating on a scale the case can use, and does
that rating stand where the evidence matrix points? Is the claim short enough for the
ClaimReview a search engine shows, and does the conclusion name the same rating as the
verdict?
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from workbench.analysis.balance import QuestionBalance
from workbench.analysis.checked_case import CheckedCase
from workbench.analysis.findings import CASE, CLAIM, VERDICT, Finding, finding, short
from workbench.model import Cell
from workbench.scales import RatingScale


@dataclass(frozen=True)
class RatingEnds:
    """The labels of a scale that call a claim true, and those that call it false."""

    true: frozenset[str]
    false: frozenset[str]


#: The two ends of each shipped scale, for spotting a rating the evidence does not bear
#: out. A scale not listed (a user's own) is not checked: only its author knows which of
#: its labels mean true or false. Middle ratings ("Half True", "Mixture") are never at odds.
RATING_ENDS: dict[str, RatingEnds] = {
    "politifact": RatingEnds(
        true=frozenset({"True", "Mostly True"}),
        false=frozenset({"Mostly False", "False", "Pants on Fire"}),
    ),
    "snopes": RatingEnds(
        true=frozenset({"True", "Mostly True"}),
        false=frozenset({"Mostly False", "False"}),
    ),
    "averitec": RatingEnds(true=frozenset({"Supported"}), false=frozenset({"Refuted"})),
}

#: Google's guidance for ``claimReviewed``: "less than 75 characters to minimize wrapping
#: when displayed on a mobile device". The claim's text is what a ClaimReview reviews.
CLAIM_REVIEWED_MAX = 75
#: What may follow a rating that opens a conclusion ("Mostly False: …", "True. …",
#: "False — …"): a rating word followed by anything else ("False claims …") is prose.
_AFTER_LABEL = re.compile(r"\s*(?:[:.;,!]|[-\u2013\u2014]\s|$)")


def claim_and_verdict(checked: CheckedCase) -> Iterator[Finding]:
    """The claim's wording, the scale, the rating and the one-line conclusion."""
    case, verdict = checked.case, checked.case.verdict
    if not case.claim.text.strip():
        yield finding(
            "no-claim-text", CLAIM,
            "The claim has no text, so there is nothing to check",
            "Enter the exact wording of the claim as it was made",
        )
    length = len(" ".join(case.claim.text.split()))
    if length > CLAIM_REVIEWED_MAX:
        yield finding(
            "claim-too-long", CLAIM,
            f"The claim runs {length} characters; Google asks that a ClaimReview's claim "
            f"stay under {CLAIM_REVIEWED_MAX} so it fits a phone's search result",
            f"Cut the claim to its core in under {CLAIM_REVIEWED_MAX} characters and keep "
            "the full wording in the claim's context, or accept this warning",
            subject=case.claim.text,
        )
    rating = short(verdict.rating)
    scale = checked.scales.get(case.scale)
    if scale is None:
        known = ", ".join(sorted(checked.scales))
        yield finding(
            "unknown-scale", CASE,
            f'The case uses the rating scale "{short(case.scale)}", which is not defined',
            f"Switch the case to one of the known scales ({known}), "
            "or define this one in the config",
        )
    elif scale.rates and not rating:
        yield finding(
            "no-rating", VERDICT,
            f'The verdict has no rating on the "{scale.name}" scale',
            f"Choose a rating: {_labels(scale)}",
        )
    elif rating and scale.rating(verdict.rating) is None:
        yield finding(
            "rating-not-on-scale", VERDICT,
            f'The rating "{rating}" is not on the "{scale.name}" scale',
            f"Choose a rating: {_labels(scale)}" if scale.rates
            else "Clear the rating, or switch the case to a scale that has it",
        )
    if verdict.conclusion.strip():
        yield from _conclusion_rating(checked)
        return
    if scale is not None and not scale.rates:
        yield finding(
            "no-verdict", VERDICT,
            "The verdict has no conclusion, and the case's scale gives no rating, "
            "so the article concludes nothing",
            "Write the one-line conclusion: the claim and what the check found",
        )
    else:
        yield finding(
            "no-conclusion", VERDICT,
            "The verdict has no one-line conclusion",
            "Write the one-line conclusion: the claim and what the check found",
        )


def opening_rating(conclusion: str, scale: RatingScale) -> str:
    """The scale's rating that opens ``conclusion`` as a label ("Mostly False: …"), or "".

    The longest label wins, so "Mostly False: …" is not read as "False"; case is ignored
    ("TRUE."), but the label must be followed by punctuation or a dash, not a word.
    """
    text = conclusion.strip().casefold()
    for rating in sorted(scale.ratings, key=lambda r: len(r.label), reverse=True):
        label = rating.label.casefold()
        if text.startswith(label) and _AFTER_LABEL.match(text, len(label)):
            return rating.label
    return ""


def _conclusion_rating(checked: CheckedCase) -> Iterator[Finding]:
    """A conclusion that opens with another rating of the scale than the verdict's."""
    verdict = checked.case.verdict
    scale = checked.scales.get(checked.case.scale)
    rating = scale.rating(verdict.rating) if scale is not None and scale.rates else None
    if scale is None or rating is None:
        return
    named = opening_rating(verdict.conclusion, scale)
    if named and named != rating.label:
        yield finding(
            "conclusion-names-other-rating", VERDICT,
            f'The conclusion says "{short(named)}" but the verdict\'s rating is '
            f'"{short(rating.label)}"',
            "Make the conclusion and the rating agree: change one of them",
            subject=f"{rating.label}\0{verdict.conclusion}",
        )


def rating_balance(checked: CheckedCase) -> Iterator[Finding]:
    """A rating at one end of a shipped scale while the evidence leans the other way."""
    ends = RATING_ENDS.get(checked.case.scale)
    scale = checked.scales.get(checked.case.scale)
    rating = scale.rating(checked.case.verdict.rating) if scale is not None else None
    if ends is None or rating is None:
        return
    against = [b for b in checked.balances if b.leaning is Cell.CONTRADICTS]
    in_favour = [b for b in checked.balances if b.leaning is Cell.SUPPORTS]
    if rating.label in ends.true and against:
        yield finding(
            "rating-against-evidence", VERDICT,
            f'The rating "{rating.label}" is at the true end of the scale, but the evidence '
            f"on {_weighed(checked, against[0])}{_and_more(against)} leans against the claim",
            f"Reconsider the rating, or revisit the evidence matrix for "
            f"{checked.question_at[against[0].question.id].label}",
        )
    elif rating.label in ends.false and in_favour and not against:
        yield finding(
            "rating-against-evidence", VERDICT,
            f'The rating "{rating.label}" is at the false end of the scale, but no question\'s '
            f"evidence leans against the claim, and on {_weighed(checked, in_favour[0])}"
            f"{_and_more(in_favour)} it leans for it",
            "Reconsider the rating, or mark in the evidence matrix the sources that "
            "contradict the claim",
        )


def _weighed(checked: CheckedCase, balance: QuestionBalance) -> str:
    """A question's label with its count, e.g. 'question "..." (2 against, 1 for)'."""
    return (
        f"{checked.question_at[balance.question.id].label} "
        f"({len(balance.contradicting_origins)} independent against, "
        f"{len(balance.supporting_origins)} for)"
    )


def _labels(scale: RatingScale) -> str:
    return ", ".join(rating.label for rating in scale.ratings)


def _and_more(balances: list[QuestionBalance]) -> str:
    others = len(balances) - 1
    if not others:
        return ""
    return f" and {others} other question{'s' if others > 1 else ''}"
