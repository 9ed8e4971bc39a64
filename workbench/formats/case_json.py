"""The project's own case JSON: the whole case, lossless and diffable.

``case_from_json(case_to_json(case)) == case`` for every case, and exporting the same case
twice gives the same bytes: keys keep the model's order, lists keep reading order and the
matrix is sorted by question then source. The layout is documented in docs/case-json.md.
"""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

from workbench.errors import UserFacingError
from workbench.model import (
    Acceptance,
    AnchorKind,
    ArchivedCopy,
    Assessment,
    Capture,
    Case,
    CaseIntegrityError,
    Cell,
    Claim,
    ClaimantKind,
    Comment,
    Confidence,
    Correction,
    Corroboration,
    Credibility,
    Event,
    Locator,
    LocatorKind,
    Motive,
    Publication,
    Question,
    Reliability,
    ReplyChannel,
    ReplyRequest,
    Section,
    SectionKind,
    Source,
    SourceKind,
    Status,
    Verdict,
    Vocabulary,
    captured_problem,
    is_partial_date,
    locator_problem,
    reply_request_problem,
    trimmed_locators,
    validate_integrity,
    web_address_problem,
)
from workbench.terminal_text import json_safe

V = TypeVar("V", bound=Vocabulary)

FORMAT_NAME = "factcheck-workbench/case"
#: Version 2 added event ids and what an event changed (target, field, before, after), and
#: who resolved a comment and when. Version 1 documents are still read: their events get
#: ids from their place in the history (``event-1``, ...), as a migrated case file's do.
#: Version 3 added ``acceptances``, the check warnings accepted. A case with none is still
#: written as version 2, byte for byte as before, so an older Workbench reads it; one with
#: acceptances says 3, so an older Workbench refuses it rather than drop them unseen.
#: Version 4 added where an excerpt is (an excerpt may be an object with its ``locator``
#: and ``selector``) and a source's ``origin``; only a case using them says 4.
#: Version 5 added ``replies``, the right-of-reply log; only a case with entries says 5.
#: Version 6 added a source's ``archived_copies`` (url, archive, captured) and ``captures``
#: (what describes each file kept in the case file: id, name, media type, SHA-256, size;
#: the bytes stay in the case file); only a case with either says 6.
#: Version 7 added the claim's ``claimant_kind`` (person, organization) and
#: ``claimant_same_as`` (an address identifying the claimant); only a claim with an
#: organization as claimant or with an address says 7 and carries the two keys.
FORMAT_VERSION = 7
READABLE_VERSIONS = (1, 2, 3, 4, 5, 6, 7)
#: The version of a document that holds no acceptances.
_WITHOUT_ACCEPTANCES = 2
#: The version of a document with acceptances but no locators or origins.
_WITHOUT_LOCATORS = 3
#: The version of a document with locators or origins but no right-of-reply log.
_WITHOUT_REPLIES = 4
#: The version of a document with a right-of-reply log but no archived copies or captures.
_WITHOUT_PRESERVED = 5
#: The version of a document with archived copies or captures but no claimant type.
_WITHOUT_CLAIMANT_TYPE = 6


class CaseFormatError(UserFacingError, ValueError):
    """The document is not a valid case; the message says where and why, in one line."""


class InvalidJSONError(CaseFormatError):
    """The text is not JSON at all, as opposed to JSON of the wrong shape."""


#: A JSON escape that may stand for half a UTF-16 pair: only then is a document searched.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: What a document nested deeper than Python can follow is told.
TOO_DEEP = "JSON nested too deeply to be a case, a ClaimReview or a claim list"


def load_json(text: str, *, whole: bool = True) -> Any:
    """The JSON value of ``text``, as every importer reads it; CaseFormatError otherwise.

    Beyond the parser's own errors: nesting too deep for it (``[`` a hundred thousand
    times) and a lone surrogate (``"\\ud800"``, half of a character), which no case file
    can store, are refused here with one line, the surrogate by its place. A bulk list
    passes ``whole=False`` and calls ``check_text`` on each record, so that one bad record
    is skipped rather than the file.
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidJSONError(
            f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except RecursionError:
        raise CaseFormatError(TOO_DEEP) from None
    if whole and _SURROGATE_ESCAPE.search(text):
        check_text(document, "")
    return document


def check_text(node: Any, where: str) -> None:
    """Refuse the first string in ``node`` holding a lone surrogate, naming its JSON path.

    A loop with its own stack, not recursion: the document may be as deep as the parser
    allowed, which is deeper than a recursive walk gets.
    """
    pending = [(node, where)]
    while pending:
        value, path = pending.pop()
        if isinstance(value, str):
            found = _SURROGATE.search(value)
            if found:
                code = ord(found.group())
                raise CaseFormatError(
                    f"{path or 'the document'} holds \\u{code:04x}, half of a UTF-16 "
                    "character pair, which is not text"
                )
        elif isinstance(value, dict):
            pending.extend((item, f"{path}.{key}" if path else str(key))
                           for key, item in reversed(value.items()))
            pending.extend((key, path) for key in value)
        elif isinstance(value, list):
            pending.extend((item, f"{path}[{index}]")
                           for index, item in reversed(list(enumerate(value))))


def case_to_dict(case: Case) -> dict[str, Any]:
    question_order = {question.id: index for index, question in enumerate(case.questions)}
    source_order = {source.id: index for index, source in enumerate(case.sources)}
    cells = sorted(
        case.matrix.items(),
        key=lambda item: (
            question_order.get(item[0][0], len(question_order)),
            source_order.get(item[0][1], len(source_order)),
            item[0],
        ),
    )
    document: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": _version(case),
        "id": case.id,
        "title": case.title,
        "status": case.status.value,
        "scale": case.scale,
        "language": case.language,
        "created": case.created,
        "updated": case.updated,
        "claim": _claim_to_dict(case.claim),
        "verdict": {
            "rating": case.verdict.rating,
            "conclusion": case.verdict.conclusion,
            "established": list(case.verdict.established),
            "unresolved": list(case.verdict.unresolved),
            "confidence": _value(case.verdict.confidence),
            "checked_on": case.verdict.checked_on,
        },
        "questions": [{"id": q.id, "text": q.text} for q in case.questions],
        "sources": [_source_to_dict(source) for source in case.sources],
        "sections": [
            {"id": s.id, "kind": s.kind.value, "heading": s.heading, "body": s.body}
            for s in case.sections
        ],
        "matrix": [
            {"question": question_id, "source": source_id, "value": cell.value}
            for (question_id, source_id), cell in cells
        ],
        "comments": [
            {
                "id": c.id,
                "anchor_kind": c.anchor_kind.value,
                "anchor_id": c.anchor_id,
                "author": c.author,
                "created": c.created,
                "body": c.body,
                "resolved": c.resolved,
                "resolved_by": c.resolved_by,
                "resolved_at": c.resolved_at,
                "reply_to": c.reply_to,
            }
            for c in case.comments
        ],
        "events": [
            {
                "id": e.id,
                "at": e.at,
                "who": e.who,
                "action": e.action,
                "target_kind": e.target_kind,
                "target_id": e.target_id,
                "field": e.field,
                "before": e.before,
                "after": e.after,
                "detail": e.detail,
            }
            for e in case.events
        ],
        "publications": [
            {
                "id": p.id,
                "published_at": p.published_at,
                "who": p.who,
                "content_hash": p.content_hash,
                "article": p.article,
                "case_json": p.case_json,
            }
            for p in case.publications
        ],
        "corrections": [
            {"id": c.id, "date": c.date, "what": c.what, "why": c.why} for c in case.corrections
        ],
    }
    if case.acceptances:
        document["acceptances"] = [
            {
                "code": a.code,
                "target_kind": a.target_kind,
                "target_id": a.target_id,
                "fingerprint": a.fingerprint,
                "who": a.who,
                "why": a.why,
                "at": a.at,
            }
            for a in case.acceptances
        ]
    if case.replies:
        document["replies"] = [
            {
                "id": r.id,
                "name": r.name,
                "claimant": r.claimant,
                "date": r.date,
                "channel": r.channel.value,
                "asked": r.asked,
                "deadline": r.deadline,
                "answer": r.answer,
                "answered": r.answered,
            }
            for r in case.replies
        ]
    return document


def _claim_to_dict(claim: Claim) -> dict[str, Any]:
    document: dict[str, Any] = {
        "text": claim.text,
        "claimant": claim.claimant,
        "claimant_role": claim.claimant_role,
    }
    if _typed_claimant(claim):
        document["claimant_kind"] = claim.claimant_kind.value
        document["claimant_same_as"] = claim.claimant_same_as
    document.update(
        date_made=claim.date_made,
        first_appearance=claim.first_appearance,
        appearances=list(claim.appearances),
        context=claim.context,
    )
    return document


def _typed_claimant(claim: Claim) -> bool:
    """Whether the claim says more of its claimant than version 6 could: a person with no
    address is what every claimant was before."""
    return claim.claimant_kind is not ClaimantKind.PERSON or bool(claim.claimant_same_as)


def _version(case: Case) -> int:
    """The oldest version that holds everything the case has, so an older Workbench
    reads what it can hold and refuses what it would drop."""
    if _typed_claimant(case.claim):
        return FORMAT_VERSION
    if any(source.archived_copies or source.captures for source in case.sources):
        return _WITHOUT_CLAIMANT_TYPE
    if case.replies:
        return _WITHOUT_PRESERVED
    if any(source.locators or source.origin for source in case.sources):
        return _WITHOUT_REPLIES
    return _WITHOUT_LOCATORS if case.acceptances else _WITHOUT_ACCEPTANCES


def _excerpt_to_json(text: str, locator: Locator) -> str | dict[str, Any]:
    """An excerpt: its text alone, or with what places it, each part only when set."""
    if not locator:
        return text
    item: dict[str, Any] = {"text": text}
    if locator.kind is not None:
        item["locator"] = {"kind": locator.kind.value, "value": locator.value}
    selector = {name: part for name, part in (("prefix", locator.prefix),
                                               ("exact", locator.exact),
                                               ("suffix", locator.suffix)) if part}
    if selector:
        item["selector"] = {"type": "TextQuoteSelector", **selector}
    return item


def _source_to_dict(source: Source) -> dict[str, Any]:
    a = source.assessment
    document = {
        "id": source.id,
        "number": source.number,
        "title": source.title,
        "author": source.author,
        "outlet": source.outlet,
        "url": source.url,
        "archived_url": source.archived_url,
        "date_published": source.date_published,
        "event_date": source.event_date,
        "event_date_end": source.event_date_end,
        "date_accessed": source.date_accessed,
        "kind": _value(source.kind),
        "excerpts": [_excerpt_to_json(text, source.locator(index))
                     for index, text in enumerate(source.excerpts)],
        "notes": source.notes,
        "derived_from": source.derived_from,
        "assessment": {
            "motive": _value(a.motive),
            "motive_note": a.motive_note,
            "amid_dispute": a.amid_dispute,
            "dispute_note": a.dispute_note,
            "corroboration_override": _value(a.corroboration_override),
            "corroboration_note": a.corroboration_note,
            "reliability": _value(a.reliability),
            "credibility": _value(a.credibility),
        },
    }
    if source.origin:
        document["origin"] = source.origin
    if source.archived_copies:
        document["archived_copies"] = [
            {"url": copy.url, "archive": copy.archive, "captured": copy.captured}
            for copy in source.archived_copies]
    if source.captures:
        document["captures"] = [
            {"id": c.id, "name": c.name, "media_type": c.media_type, "sha256": c.sha256,
             "size": c.size} for c in source.captures]
    return document


def _value(member: Vocabulary | None) -> str | None:
    return None if member is None else member.value


def case_to_json(case: Case) -> str:
    """The case as a JSON document: UTF-8 text, two-space indent, trailing newline.

    Control and bidi characters are written as ``\\uXXXX`` (the same JSON value), so the
    document is safe to print on a terminal; see ``workbench.terminal_text``.
    """
    return json_safe(json.dumps(case_to_dict(case), ensure_ascii=False, indent=2)) + "\n"


def case_from_json(text: str) -> Case:
    return case_from_dict(load_json(text))


class _Reader:
    """Reads one JSON object field by field, naming the path in every error."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise CaseFormatError(f"{where or 'the document'} must be an object")
        self.data = data
        self.where = where

    def _path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def text(self, key: str, *, required: bool = False) -> str:
        if key not in self.data:
            if required:
                raise CaseFormatError(f"{self._path(key)} is missing")
            return ""
        value = self.data[key]
        if not isinstance(value, str):
            raise CaseFormatError(f"{self._path(key)} must be a string")
        return value

    def date(self, key: str) -> str:
        value = self.text(key)
        if value and not is_partial_date(value):
            raise CaseFormatError(
                f"{self._path(key)} must be a date (YYYY, YYYY-MM or YYYY-MM-DD), not {value!r}"
            )
        return value

    def web_address(self, key: str) -> str:
        value = self.text(key)
        if web_address_problem(value):
            raise CaseFormatError(
                f"{self._path(key)} must be an http:// or https:// address, not {value!r}")
        return value

    def optional_text(self, key: str) -> str | None:
        if self.data.get(key) is None:
            return None
        return self.text(key)

    def flag(self, key: str) -> bool | None:
        value = self.data.get(key)
        if value is not None and not isinstance(value, bool):
            raise CaseFormatError(f"{self._path(key)} must be true, false or null")
        return value

    def number(self, key: str) -> int:
        value = self.data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise CaseFormatError(f"{self._path(key)} must be a whole number from 1")
        return value

    def texts(self, key: str) -> list[str]:
        values = self.data.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise CaseFormatError(f"{self._path(key)} must be a list of strings")
        return list(values)

    def vocabulary(self, key: str, vocabulary: type[V]) -> V | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            return vocabulary(value)
        except ValueError:
            choices = ", ".join(member.value for member in vocabulary)
            raise CaseFormatError(
                f"{self._path(key)} is {value!r}, which is not one of: {choices}"
            ) from None

    def objects(self, key: str) -> list[_Reader]:
        values = self.data.get(key, [])
        if not isinstance(values, list):
            raise CaseFormatError(f"{self._path(key)} must be a list")
        return [_Reader(value, f"{self._path(key)}[{index}]") for index, value in enumerate(values)]

    def child(self, key: str) -> _Reader:
        return _Reader(self.data.get(key, {}), self._path(key))


def case_from_dict(document: Any) -> Case:
    root = _Reader(document, "")
    if root.data.get("format") != FORMAT_NAME:
        raise CaseFormatError(f"not a Workbench case document (format is not {FORMAT_NAME!r})")
    version = root.data.get("format_version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise CaseFormatError(
            f"case format version {version!r} is not supported (this Workbench reads "
            f"versions {READABLE_VERSIONS[0]} to {READABLE_VERSIONS[-1]})"
        )
    claim = root.child("claim")
    verdict = root.child("verdict")
    case = Case(
        id=root.text("id", required=True),
        title=root.text("title"),
        status=root.vocabulary("status", Status) or Status.DRAFT,
        scale=root.text("scale") or "none",
        language=root.text("language") if "language" in root.data else "en",
        created=root.text("created", required=True),
        updated=root.text("updated", required=True),
        claim=Claim(
            text=claim.text("text"),
            claimant=claim.text("claimant"),
            claimant_role=claim.text("claimant_role"),
            claimant_kind=claim.vocabulary("claimant_kind", ClaimantKind) or ClaimantKind.PERSON,
            claimant_same_as=claim.web_address("claimant_same_as"),
            date_made=claim.date("date_made"),
            first_appearance=claim.text("first_appearance"),
            appearances=claim.texts("appearances"),
            context=claim.text("context"),
        ),
        verdict=Verdict(
            rating=verdict.text("rating"),
            conclusion=verdict.text("conclusion"),
            established=verdict.texts("established"),
            unresolved=verdict.texts("unresolved"),
            confidence=verdict.vocabulary("confidence", Confidence),
            checked_on=verdict.date("checked_on"),
        ),
        questions=[
            Question(id=q.text("id", required=True), text=q.text("text"))
            for q in root.objects("questions")
        ],
        sources=sorted(
            (_source_from(reader) for reader in root.objects("sources")),
            key=lambda source: source.number,
        ),
        sections=[
            Section(
                id=s.text("id", required=True),
                kind=s.vocabulary("kind", SectionKind) or SectionKind.BODY,
                heading=s.text("heading"),
                body=s.text("body"),
            )
            for s in root.objects("sections")
        ],
        comments=[
            Comment(
                id=c.text("id", required=True),
                anchor_kind=c.vocabulary("anchor_kind", AnchorKind) or AnchorKind.CASE,
                anchor_id=c.text("anchor_id"),
                author=c.text("author"),
                created=c.text("created"),
                body=c.text("body"),
                resolved=bool(c.flag("resolved")),
                resolved_by=c.text("resolved_by"),
                resolved_at=c.text("resolved_at"),
                reply_to=c.optional_text("reply_to"),
            )
            for c in root.objects("comments")
        ],
        events=[
            Event(
                id=e.text("id", required=True) if version >= 2 else f"event-{index}",
                at=e.text("at", required=True),
                who=e.text("who"),
                action=e.text("action"),
                target_kind=e.text("target_kind"),
                target_id=e.text("target_id"),
                field=e.text("field"),
                before=e.optional_text("before"),
                after=e.optional_text("after"),
                detail=e.text("detail"),
            )
            for index, e in enumerate(root.objects("events"), start=1)
        ],
        publications=[
            Publication(
                id=p.text("id", required=True),
                published_at=p.text("published_at"),
                who=p.text("who"),
                content_hash=p.text("content_hash"),
                article=p.text("article"),
                case_json=p.text("case_json"),
            )
            for p in root.objects("publications")
        ],
        corrections=[
            Correction(id=c.text("id", required=True), date=c.date("date"), what=c.text("what"),
                       why=c.text("why"))
            for c in root.objects("corrections")
        ],
        acceptances=[
            Acceptance(
                code=a.text("code", required=True),
                target_kind=a.text("target_kind", required=True),
                target_id=a.text("target_id"),
                fingerprint=a.text("fingerprint", required=True),
                who=a.text("who"),
                why=a.text("why"),
                at=a.text("at"),
            )
            for a in root.objects("acceptances")
        ],
        replies=[_reply_from(r) for r in root.objects("replies")],
    )
    for cell in root.objects("matrix"):
        value = cell.vocabulary("value", Cell)
        if value is None:
            raise CaseFormatError(f"{cell.where}.value is missing")
        case.matrix[(cell.text("question", required=True), cell.text("source", required=True))] = (
            value
        )
    try:
        validate_integrity(case)
    except CaseIntegrityError as error:
        raise CaseFormatError(str(error)) from None
    return case


def _reply_from(reader: _Reader) -> ReplyRequest:
    """A right-of-reply entry, refused in one line when the model would refuse it."""
    request = ReplyRequest(
        id=reader.text("id", required=True),
        name=reader.text("name"),
        claimant=bool(reader.flag("claimant")),
        date=reader.text("date"),
        channel=reader.vocabulary("channel", ReplyChannel) or ReplyChannel.OTHER,
        asked=reader.text("asked"),
        deadline=reader.text("deadline"),
        answer=reader.optional_text("answer"),
        answered=reader.text("answered"),
    )
    if problem := reply_request_problem(request):
        raise CaseFormatError(f"{reader.where}: {problem}")
    return request


def _excerpts_from(reader: _Reader) -> list[tuple[str, Locator]]:
    """Each excerpt's text and locator: an excerpt is a string, or an object with its
    ``text``, a ``locator`` (kind and value) and a TextQuoteSelector ``selector``."""
    where = reader._path("excerpts")
    values = reader.data.get("excerpts", [])
    if not isinstance(values, list):
        raise CaseFormatError(f"{where} must be a list")
    excerpts = []
    for index, value in enumerate(values):
        if isinstance(value, str):
            excerpts.append((value, Locator()))
            continue
        item = _Reader(value, f"{where}[{index}]")
        if not isinstance(item.data.get("text"), str):
            raise CaseFormatError(f"{item.where}.text must be a string")
        place = item.child("locator")
        kind = place.vocabulary("kind", LocatorKind)
        placed = place.text("value")
        if kind is None and placed:
            raise CaseFormatError(f"{place.where}.kind is missing")
        if kind is not None and (problem := locator_problem(kind, placed)):
            raise CaseFormatError(f"{place.where}.value: {problem}")
        selector = item.child("selector")
        excerpts.append((item.text("text"), Locator(
            kind=kind, value=placed, prefix=selector.text("prefix"),
            exact=selector.text("exact"), suffix=selector.text("suffix"))))
    return excerpts


def _archived_copy_from(reader: _Reader) -> ArchivedCopy:
    captured = reader.text("captured")
    if problem := captured_problem(captured):
        raise CaseFormatError(f"{reader._path('captured')}: {problem}")
    return ArchivedCopy(url=reader.text("url", required=True), archive=reader.text("archive"),
                        captured=captured)


def _capture_from(reader: _Reader) -> Capture:
    digest = reader.text("sha256", required=True)
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise CaseFormatError(f"{reader._path('sha256')} must be 64 lowercase hex digits")
    size = reader.data.get("size")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise CaseFormatError(f"{reader._path('size')} must be a whole number from 0")
    return Capture(id=reader.text("id", required=True), name=reader.text("name"),
                   media_type=reader.text("media_type"), sha256=digest, size=size)


def _source_from(reader: _Reader) -> Source:
    a = reader.child("assessment")
    excerpts = _excerpts_from(reader)
    return Source(
        id=reader.text("id", required=True),
        number=reader.number("number"),
        title=reader.text("title"),
        author=reader.text("author"),
        outlet=reader.text("outlet"),
        url=reader.text("url"),
        archived_url=reader.text("archived_url"),
        date_published=reader.date("date_published"),
        event_date=reader.date("event_date"),
        event_date_end=reader.date("event_date_end"),
        date_accessed=reader.date("date_accessed"),
        kind=reader.vocabulary("kind", SourceKind),
        excerpts=[text for text, _ in excerpts],
        locators=trimmed_locators([locator for _, locator in excerpts]),
        origin=reader.text("origin"),
        archived_copies=[_archived_copy_from(item)
                         for item in reader.objects("archived_copies")],
        captures=[_capture_from(item) for item in reader.objects("captures")],
        notes=reader.text("notes"),
        derived_from=reader.optional_text("derived_from"),
        assessment=Assessment(
            motive=a.vocabulary("motive", Motive),
            motive_note=a.text("motive_note"),
            amid_dispute=a.flag("amid_dispute"),
            dispute_note=a.text("dispute_note"),
            corroboration_override=a.vocabulary("corroboration_override", Corroboration),
            corroboration_note=a.text("corroboration_note"),
            reliability=a.vocabulary("reliability", Reliability),
            credibility=a.vocabulary("credibility", Credibility),
        ),
    )
