"""schema.org ClaimReview JSON-LD: the record search engines and fact-check databases read.

Export builds one ``ClaimReview`` for a case; import turns ClaimReview records (one object,
a list, or a document with ``@graph``) into cases, so a desk can see what was checked before.
Both directions are pure: no network, no JSON-LD processor (which would fetch
``https://schema.org`` as a remote context), just the plain keys every publisher writes.

The rating helpers here (``rating_on_scale``, ``title_from_text``, ``date_prefix``) are shared
with the bulk importers, which read the same kinds of loose labels and dates.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from workbench.config import Config
from workbench.formats.case_json import CaseFormatError, load_json
from workbench.model import (
    Case,
    Claim,
    ClaimantKind,
    Source,
    SourceKind,
    is_partial_date,
    new_case,
    new_id,
    web_address_problem,
)
from workbench.scales import RatingScale
from workbench.terminal_text import json_safe
from workbench.text import slugify

CONTEXT = "https://schema.org"
#: Shipped scales tried, in this order, when an imported rating label has to find its scale:
#: PolitiFact first because its labels carry numbers (and most ClaimReview data is theirs).
PREFERRED_SCALES = ("politifact", "snopes", "averitec")
#: The title given to the source that records where an imported review was published.
PUBLISHED_REVIEW = "Published review"
#: ``inLanguage`` when neither the case nor the config names a language.
DEFAULT_LANGUAGE = "en"

_DATE_PREFIX = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")
#: An address a ClaimReview may give as a ``url``: http(s), no spaces.
_WEB_ADDRESS = re.compile(r"^https?://\S+$", re.IGNORECASE)


def claimreview_document(case: Case, *, config: Config, url: str = "") -> dict[str, Any]:
    """The case as a ``ClaimReview`` object, with empty optional keys left out.

    ``url`` wins; otherwise the organisation's ``review_url`` template is filled with the
    title's slug and the case id, so every export of a case names the same address.
    ``datePublished`` is the day the case was first published (its first frozen
    publication) and ``dateModified`` the day of its latest correction or republication,
    when later: a case never published has neither, since the day it was checked is not the
    day readers saw it. Numeric rating values appear only when the case's scale defines
    them: a Snopes-style "Mixture" has no honest number, and inventing one would mislead
    aggregators. ``claimreview_missing`` says what Google needs that this document lacks.
    """
    document: dict[str, Any] = {"@context": CONTEXT, "@type": "ClaimReview"}
    address = url or _review_url(case, config.organisation.review_url)
    if address:
        document["url"] = address
    if case.title and case.title != case.claim.text:
        document["name"] = case.title
    document["claimReviewed"] = case.claim.text
    published, modified = publication_dates(case)
    if published:
        document["datePublished"] = published
    if modified:
        document["dateModified"] = modified
    document["inLanguage"] = case.language or config.organisation.language or DEFAULT_LANGUAGE
    author = _drop_empty(
        {"@type": "Organization", "name": config.organisation.name, "url": config.organisation.url}
    )
    if len(author) > 1:
        document["author"] = author
    rating = _rating(case, config.scales.get(case.scale))
    if rating:
        document["reviewRating"] = rating
    item = _item_reviewed(case.claim)
    if item:
        document["itemReviewed"] = item
    return document


def publication_dates(case: Case) -> tuple[str, str]:
    """(first published, last modified) as ``YYYY-MM-DD``; either "" when there is none.

    Modified is the latest of the corrections' dates and of the later publications' days,
    and only when it falls after the first publication (a correction dated the same day
    changes nothing a reader could have seen on an earlier one).
    """
    days = sorted(date_prefix(p.published_at) for p in case.publications if p.published_at)
    days = [day for day in days if day]
    if not days:
        return "", ""
    first = days[0]
    later = [*days[1:], *(date_prefix(c.date) for c in case.corrections)]
    latest = max((day for day in later if len(day) == len("YYYY-MM-DD")), default="")
    return first, latest if latest > first else ""


@dataclass(frozen=True)
class Missing:
    """A property Google requires (or the desk's ClaimReview always carries) that a
    ClaimReview lacks, and what supplies it."""

    #: The ClaimReview property, e.g. "url" or "reviewRating".
    field: str
    #: How to supply it (the config key or option), e.g. "set [organisation] name".
    supply: str


def claimreview_missing(case: Case, *, config: Config, url: str = "") -> list[Missing]:
    """What the case's ClaimReview lacks to be published: empty when it is complete.

    Google requires ``claimReviewed``, ``url`` and ``reviewRating`` (with its textual
    ``alternateName``); a review with no ``author`` says nobody checked the claim, so the
    organisation's name is required here too. Everything else (dates, the claimant,
    appearances) is recommended and left out when the case has none.
    """
    document = claimreview_document(case, config=config, url=url)
    missing = []
    if not document["claimReviewed"].strip():
        missing.append(Missing("claimReviewed", "set the claim's text, claim.text"))
    if "url" not in document:
        missing.append(Missing("url", "pass --url or set [organisation] review_url"))
    if not document.get("author", {}).get("name"):
        missing.append(Missing("author", "set [organisation] name"))
    if "reviewRating" not in document:
        scale = config.scales.get(case.scale)
        field = "verdict.conclusion" if scale is not None and not scale.rates else (
            "verdict.rating")
        missing.append(Missing("reviewRating", f"set {field}"))
    return missing


def claimreview_json(case: Case, *, config: Config, url: str = "", draft: bool = False,
                     incomplete: list[Missing] | None = None) -> str:
    """``claimreview_document`` as UTF-8 JSON text, indented, with a trailing newline.

    ``draft`` marks a review exported despite readiness errors, and ``incomplete`` one
    written without what ``claimreview_missing`` listed (``--force``), both in schema.org's
    own ``creativeWorkStatus``: a validator accepts it as plain text and a person reading
    the file sees it first thing, so a forced file is never mistaken for a finished one.
    Control and bidi characters are ``\\uXXXX`` escapes, as in the case JSON.
    """
    document = claimreview_document(case, config=config, url=url)
    status = ["Draft"] if draft else []
    if incomplete:
        status.append("Incomplete: no " + ", no ".join(m.field for m in incomplete))
    if status:
        document["creativeWorkStatus"] = "; ".join(status)
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def _review_url(case: Case, template: str) -> str:
    # str.replace rather than str.format: a stray brace in a user's template must not crash
    # an export. A title with no ASCII letters has an empty slug: the id keeps the URL unique.
    slug = slugify(case.title) or case.id
    return template.replace("{slug}", slug).replace("{id}", case.id)


def _rating(case: Case, scale: RatingScale | None) -> dict[str, Any]:
    rates = scale.rates if scale is not None else bool(case.verdict.rating)
    label = case.verdict.rating if rates else case.verdict.conclusion
    if not label:
        return {}
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": label}
    if rates and case.verdict.conclusion.strip():
        # The one-line conclusion is what schema.org's ratingExplanation is for; on a scale
        # that gives no rating it is the rating itself, and saying it twice adds nothing.
        rating["ratingExplanation"] = case.verdict.conclusion.strip()
    found = scale.rating(label) if scale is not None else None
    if (
        scale is not None
        and found is not None
        and found.value is not None
        and scale.best is not None
        and scale.worst is not None
    ):
        rating.update(ratingValue=found.value, bestRating=scale.best, worstRating=scale.worst)
    return rating


def _item_reviewed(claim: Claim) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.claimant:
        item["author"] = _claimant(claim)
    if claim.date_made:
        item["datePublished"] = claim.date_made
    if claim.first_appearance.strip():
        item["firstAppearance"] = _work(claim.first_appearance)
    appearances = [_work(where) for where in claim.appearances if where.strip()]
    if appearances:
        item["appearance"] = appearances
    return item if len(item) > 1 else {}


def _claimant(claim: Claim) -> dict[str, Any]:
    """The claimant as a schema.org Person or Organization. A person's role is their
    ``jobTitle``; an organization has no job, so its role ("the governing party") is its
    ``description``."""
    organization = claim.claimant_kind is ClaimantKind.ORGANIZATION
    return _drop_empty({
        "@type": "Organization" if organization else "Person",
        "name": claim.claimant,
        "description" if organization else "jobTitle": claim.claimant_role,
        "sameAs": claim.claimant_same_as,
    })


def _work(where: str) -> dict[str, str]:
    """Where a claim appeared, as a CreativeWork: its ``url`` when it is a web address, its
    ``name`` otherwise ("the State of the Union address"), since a ``url`` that is not one
    makes the whole ClaimReview invalid."""
    where = where.strip()
    key = "url" if _WEB_ADDRESS.match(where) else "name"
    return {"@type": "CreativeWork", key: where}


def _drop_empty(mapping: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in mapping.items() if value not in ("", None, [], {})}


# --- shared helpers for importers -------------------------------------------------------


def rating_on_scale(
    label: str, scales: Mapping[str, RatingScale], *, value: float | None = None,
    best: float | None = None,
) -> tuple[str, str] | None:
    """The (scale id, rating label) a loose label belongs to, or None when no scale has it.

    The preferred shipped scales are tried first, then any other (custom) scale, so
    "False" lands on PolitiFact rather than on a user's scale that happens to reuse the
    word. A numeric rating that does not fit PolitiFact's 1-6 (best 6) rules PolitiFact out,
    and a bare number on that range (PolitiFact's own ClaimReview records may carry no
    label) is enough to find the PolitiFact rating.
    """
    order = [s for s in PREFERRED_SCALES if s in scales]
    order += [s for s in scales if s not in PREFERRED_SCALES]
    politifact = scales.get("politifact")
    numbers_fit = value is None or (
        best in (None, 6) and float(value).is_integer() and 1 <= value <= 6
    )
    if label.strip():
        for scale_id in order:
            if scale_id == "politifact" and not numbers_fit:
                continue
            found = scales[scale_id].rating(label)
            if found is not None:
                return scale_id, found.label
    if value is not None and best == 6 and numbers_fit and politifact is not None:
        found = next((r for r in politifact.ratings if r.value == value), None)
        if found is not None:
            return "politifact", found.label
    return None


def title_from_text(text: str, limit: int = 120) -> str:
    """A library-friendly title: whitespace collapsed, cut at a word boundary near ``limit``."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
    return cut.rstrip(",;:-") + "…"


def date_prefix(text: str) -> str:
    """The ``YYYY[-MM[-DD]]`` at the start of an ISO date or timestamp, or "" if none is valid."""
    match = _DATE_PREFIX.match(text.strip())
    if not match:
        return ""
    found = match.group()
    # "2014-13-40" is a prefix in shape only: fall back to the longest part that is a date.
    for candidate in (found, found[:7], found[:4]):
        if is_partial_date(candidate):
            return candidate
    return ""


# --- import -------------------------------------------------------------------------------


def cases_from_claimreview(text: str, *, scales: Mapping[str, RatingScale]) -> list[Case]:
    """One published case per ClaimReview record in a JSON-LD document.

    Accepts a ClaimReview object, a list of them, or an object whose ``@graph`` holds them
    (other nodes, such as the page or the organisation, are skipped). The review's own
    address becomes source [1] "Published review" (kind analysis, its url, the reviewing
    organisation as author): a source is where a case keeps an address with its publisher
    and date, and the claim's context stays free for what the claim is about.
    A rating label that no scale knows is kept as the conclusion on the "no rating" scale,
    never dropped. Raises CaseFormatError naming the JSON path of the first bad value.
    """
    document = load_json(text)
    if not isinstance(document, dict | list):
        raise CaseFormatError(
            "the document must be a ClaimReview object, a list of them or an object with @graph"
        )
    cases = [_case_from_review(review, path, scales) for review, path in _reviews(document, "")]
    if not cases:
        raise CaseFormatError("no ClaimReview found (no object has @type ClaimReview)")
    return cases


def is_claimreview(node: Any) -> bool:
    """True for an object typed ClaimReview, however the type is spelled or listed."""
    if not isinstance(node, dict):
        return False
    types = node.get("@type", [])
    types = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and re.split(r"[/:#]", t)[-1] == "ClaimReview" for t in types)


def _reviews(node: Any, path: str) -> Iterator[tuple[dict[str, Any], str]]:
    if isinstance(node, list):
        for index, item in enumerate(node):
            if not isinstance(item, dict):
                raise CaseFormatError(f"{path}[{index}] must be an object")
            yield from _reviews(item, f"{path}[{index}]")
    elif is_claimreview(node):
        yield node, path
    elif "@graph" in node:
        graph = node["@graph"]
        where = _join(path, "@graph")
        if not isinstance(graph, list | dict):
            raise CaseFormatError(f"{where} must be a list or an object")
        yield from _reviews(graph, where)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _text(node: dict[str, Any], key: str, path: str) -> str:
    value = node.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise CaseFormatError(f"{_join(path, key)} must be a string")
    return value.strip()


def _object(node: dict[str, Any], key: str, path: str) -> dict[str, Any]:
    value = node.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise CaseFormatError(f"{_join(path, key)} must be an object")
    return value


@dataclass(frozen=True)
class Party:
    """An author as a ClaimReview gives one: the claimant, or the reviewing organisation."""

    name: str = ""
    role: str = ""
    kind: ClaimantKind = ClaimantKind.PERSON
    same_as: str = ""


#: schema.org's Organization and the kinds of it a claimant may be typed as.
_ORGANIZATION_TYPES = frozenset({
    "Organization", "GovernmentOrganization", "PoliticalParty", "NGO", "Corporation",
    "NewsMediaOrganization", "EducationalOrganization", "ResearchOrganization",
    "MedicalOrganization", "WorkersUnion", "SportsOrganization", "PerformingGroup",
    "Consortium", "LocalBusiness", "OnlineBusiness", "Project", "FundingScheme",
    "LibrarySystem", "Airline", "SearchRescueOrganization",
})


def _party(node: dict[str, Any], key: str, path: str) -> Party:
    """An author given as an object, a list of them (the first counts) or text.

    Typed as an Organization (or a kind of one, such as GovernmentOrganization) it is an
    organization, otherwise a person; its ``sameAs`` is the first http(s) address it
    gives, since publishers also write names and identifiers there.
    """
    value = node.get(key)
    where = _join(path, key)
    if isinstance(value, list):
        if not value:
            return Party()
        value, where = value[0], f"{where}[0]"
    if value is None:
        return Party()
    if isinstance(value, str):
        return Party(name=value.strip())
    if not isinstance(value, dict):
        raise CaseFormatError(f"{where} must be an object or a name")
    types = value.get("@type", [])
    types = types if isinstance(types, list) else [types]
    organization = any(isinstance(t, str) and re.split(r"[/:#]", t)[-1] in _ORGANIZATION_TYPES
                       for t in types)
    # "title" is not schema.org, but publishers (and the schema.org example) write it; an
    # organization's role is its description, as the export writes it.
    role = _text(value, "jobTitle", where) or _text(value, "title", where)
    if organization and not role:
        role = _text(value, "description", where)
    return Party(name=_text(value, "name", where), role=role,
                 kind=ClaimantKind.ORGANIZATION if organization else ClaimantKind.PERSON,
                 same_as=_same_as(value))


def _same_as(node: dict[str, Any]) -> str:
    value = node.get("sameAs")
    addresses = value if isinstance(value, list) else [value]
    return next((address.strip() for address in addresses
                 if isinstance(address, str) and address.strip()
                 and web_address_problem(address) is None), "")


def _urls(node: dict[str, Any], key: str, path: str) -> list[str]:
    """URLs of a CreativeWork, a URL string, or a list of either; a CreativeWork without
    a url gives its name (where the claim appeared, in words)."""
    value = node.get(key)
    where = _join(path, key)
    items = value if isinstance(value, list) else [] if value is None else [value]
    urls = []
    for index, item in enumerate(items):
        here = f"{where}[{index}]" if isinstance(value, list) else where
        if isinstance(item, str):
            found = item.strip()
        elif isinstance(item, dict):
            found = _text(item, "url", here) or _text(item, "name", here)
        else:
            raise CaseFormatError(f"{here} must be a URL or an object with a url")
        if found:
            urls.append(found)
    return urls


def _number(node: dict[str, Any], key: str, path: str) -> float | None:
    value = node.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    elif isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise CaseFormatError(f"{_join(path, key)} must be a number")


def _case_from_review(
    review: dict[str, Any], path: str, scales: Mapping[str, RatingScale]
) -> Case:
    claim_text = _text(review, "claimReviewed", path)
    if not claim_text:
        raise CaseFormatError(f"{_join(path, 'claimReviewed')} is missing")
    rating_node = _object(review, "reviewRating", path)
    rating_path = _join(path, "reviewRating")
    label = _text(rating_node, "alternateName", rating_path) or _text(
        rating_node, "name", rating_path
    )
    placed = rating_on_scale(
        label,
        scales,
        value=_number(rating_node, "ratingValue", rating_path),
        best=_number(rating_node, "bestRating", rating_path),
    )
    item = _object(review, "itemReviewed", path)
    item_path = _join(path, "itemReviewed")
    claimant = _party(item, "author", item_path)
    first = _urls(item, "firstAppearance", item_path)
    title = _text(review, "name", path) or _text(review, "headline", path)
    case = new_case(
        claim_text,
        scale=placed[0] if placed else "none",
        title=title or title_from_text(claim_text),
    )
    # A draft of our own, not "published": the published review is this case's source [1],
    # and a published case without its frozen snapshot could never be edited.
    case.claim = Claim(
        text=claim_text,
        claimant=claimant.name,
        claimant_role=claimant.role,
        claimant_kind=claimant.kind,
        claimant_same_as=claimant.same_as,
        date_made=date_prefix(_text(item, "datePublished", item_path)),
        first_appearance=first[0] if first else "",
        appearances=first[1:] + _urls(item, "appearance", item_path),
        context=_text(item, "name", item_path),
    )
    if placed:
        case.verdict.rating = placed[1]
    else:
        case.verdict.conclusion = label
    published = date_prefix(_text(review, "datePublished", path))
    case.verdict.checked_on = published
    url = _text(review, "url", path)
    if url:
        reviewer = _party(review, "author", path).name
        case.sources.append(
            Source(
                id=new_id(),
                number=1,
                title=PUBLISHED_REVIEW,
                author=reviewer,
                url=url,
                date_published=published,
                kind=SourceKind.ANALYSIS,
            )
        )
    return case
