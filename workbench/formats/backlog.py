"""The draft case every bulk-imported claim becomes, whatever list it came from.

A backlog is a queue of claims to (re)check, so each case is a draft with the article
skeleton; a justification the list carries goes into a body section to be read and
reworked, and its first sentence becomes the one-line conclusion the library shows.

A bulk import does not write these cases as files: each goes into the library's queue
(``queued_claim``), and its case file is made when someone opens it
(``workbench.formats.corpus.open_queued``).
"""

from __future__ import annotations

import re

from workbench.casefile.library import QueuedClaim
from workbench.formats.case_json import case_to_json
from workbench.formats.claimreview import title_from_text
from workbench.model import Case, Claim, Section, SectionKind, new_case, new_id


def backlog_case(
    claim: Claim,
    *,
    scale: str,
    rating: str,
    justification: str,
    heading: str,
    origin: str = "",
) -> Case:
    """A draft case with the article skeleton and an imported justification between.

    The full justification goes into a body section, where it can be read and reworked;
    its first sentence becomes the one-line conclusion the library shows.
    """
    case = new_case(claim.text, scale=scale, title=title_from_text(claim.text))
    case.claim = claim
    case.verdict.rating = rating
    if justification:
        case.verdict.conclusion = title_from_text(_first_sentence(justification), limit=200)
        body = justification + (f"\n\n({origin}.)" if origin else "")
        case.sections.insert(1, Section(id=new_id(), kind=SectionKind.BODY, heading=heading,
                                        body=body))
    return case


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", " ".join(text.split()), maxsplit=1)[0]


def queued_claim(case: Case, origin: str) -> QueuedClaim:
    """``case`` as the library's queue keeps it: the fields it is found by, and the whole
    case (as case JSON) to write when it is opened. ``origin`` says where it came from."""
    return QueuedClaim(claim=case.claim.text, claimant=case.claim.claimant,
                       date=case.claim.date_made, rating=case.verdict.rating, origin=origin,
                       payload=case_to_json(case))
