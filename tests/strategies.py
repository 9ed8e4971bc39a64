"""Hypothesis strategies that build arbitrary, internally consistent cases."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from hypothesis import strategies as st

from workbench.model import (
    CAPTURE_MEDIA_TYPES,
    MAX_CAPTURE_BYTES,
    AnchorKind,
    ArchivedCopy,
    Assessment,
    Capture,
    Case,
    Cell,
    Claim,
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
    trimmed_locators,
)

# Any Unicode a person could type or paste, NUL and astral planes included (not lone
# surrogates: they cannot be encoded as UTF-8, by us or by anyone).
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
texts = st.lists(text, max_size=3)
ids = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12)
dates = st.one_of(
    st.just(""),
    st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}"),
    st.integers(1000, 2999).map(str),
)
timestamps = st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ"))


def optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


assessments = st.builds(
    Assessment,
    motive=optional(st.sampled_from(Motive)),
    motive_note=text,
    amid_dispute=optional(st.booleans()),
    dispute_note=text,
    corroboration_override=optional(st.sampled_from(Corroboration)),
    corroboration_note=text,
    reliability=optional(st.sampled_from(Reliability)),
    credibility=optional(st.sampled_from(Credibility)),
)


_numbers = st.integers(1, 9999).map(str)
_ranges = st.tuples(st.integers(1, 500), st.integers(0, 20)).map(
    lambda pair: f"{pair[0]}-{pair[0] + pair[1]}")
_clock = st.integers(0, 59).map(lambda n: f"{n:02d}")
#: A valid value for each kind of locator, as the case formats store it.
_LOCATOR_VALUES = {
    LocatorKind.PAGE: st.one_of(_numbers, _ranges, st.sampled_from(["xii", "iv"])),
    LocatorKind.PARAGRAPH: st.one_of(_numbers, _ranges),
    LocatorKind.LINE: st.one_of(_numbers, _ranges),
    LocatorKind.SECTION: text.filter(lambda value: value.strip() and len(value.splitlines()) == 1),
    LocatorKind.TIMESTAMP: st.one_of(
        st.tuples(_clock, _clock).map(":".join),
        st.tuples(st.integers(0, 99).map(lambda n: f"{n:02d}"), _clock, _clock).map(":".join),
    ),
}


@st.composite
def locators(draw: st.DrawFn) -> Locator:
    """A locator: perhaps placed (a kind with a valid value), perhaps with a selector."""
    kind = draw(optional(st.sampled_from(LocatorKind)))
    value = "" if kind is None else draw(_LOCATOR_VALUES[kind])
    return Locator(kind=kind, value=value, prefix=draw(text), exact=draw(text),
                   suffix=draw(text))


@st.composite
def excerpts_with_locators(draw: st.DrawFn) -> tuple[list[str], list[Locator]]:
    """Excerpts and the locators of some of them, held as a source holds them."""
    excerpts = draw(texts)
    placed = draw(st.lists(st.one_of(st.just(Locator()), locators()),
                           max_size=len(excerpts)))
    return excerpts, trimmed_locators(placed)


#: An origin as people type it: often one of a few speakers, spelt in varying case.
origins = st.one_of(st.just(""), text,
                    st.sampled_from(["Vladimir Putin", "vladimir  putin", "Reuters"]))


#: A capture time as stored: a day, or a full ISO time in UTC.
captured_times = st.one_of(
    st.just(""), st.dates(min_value=date(1000, 1, 1)).map(date.isoformat),
    st.datetimes(min_value=datetime(1000, 1, 1)).map(
        lambda moment: moment.strftime("%Y-%m-%dT%H:%M:%SZ")))
archived_copies = st.lists(
    st.builds(ArchivedCopy, url=text, archive=text, captured=captured_times), max_size=3)


@st.composite
def captures(draw: st.DrawFn, prefix: str) -> list[Capture]:
    """A source's captures, their ids starting with ``prefix`` so none clash in a case."""
    return [
        Capture(id=f"{prefix}-{index}", name=draw(text),
                media_type=draw(st.sampled_from(sorted(set(CAPTURE_MEDIA_TYPES.values())))),
                sha256=hashlib.sha256(draw(st.binary(max_size=8))).hexdigest(),
                size=draw(st.integers(0, MAX_CAPTURE_BYTES)))
        for index in range(draw(st.integers(0, 2)))
    ]


@st.composite
def reply_requests(draw: st.DrawFn, request_id: str = "") -> ReplyRequest:
    """A valid right-of-reply entry: asked on a day, perhaps with a deadline and an answer
    on or after it."""
    asked = draw(st.dates())
    later = st.dates(min_value=asked).map(date.isoformat)
    answered = draw(st.booleans())
    return ReplyRequest(
        id=request_id or draw(ids), name=draw(text.filter(str.strip)),
        claimant=draw(st.booleans()), date=asked.isoformat(),
        channel=draw(st.sampled_from(ReplyChannel)), asked=draw(text),
        deadline=draw(st.one_of(st.just(""), later)),
        answer=draw(text) if answered else None,
        answered=draw(later) if answered else "",
    )


@st.composite
def cases(draw: st.DrawFn) -> Case:
    question_ids = draw(st.lists(ids, max_size=4, unique=True))
    source_ids = draw(st.lists(ids, max_size=5, unique=True))
    numbers = draw(
        st.lists(st.integers(1, 500), min_size=len(source_ids), max_size=len(source_ids),
                 unique=True)
    )
    sources = []
    for position, (source_id, number) in enumerate(zip(source_ids, numbers, strict=True)):
        earlier = source_ids[:position]
        excerpts, placed = draw(excerpts_with_locators())
        sources.append(
            Source(
                id=source_id, number=number, title=draw(text), author=draw(text),
                outlet=draw(text), url=draw(text), archived_url=draw(text),
                date_published=draw(dates), event_date=draw(dates),
                event_date_end=draw(dates), date_accessed=draw(dates),
                kind=draw(optional(st.sampled_from(SourceKind))), excerpts=excerpts,
                locators=placed, origin=draw(origins), notes=draw(text),
                archived_copies=draw(archived_copies),
                captures=draw(captures(f"capture-{position}")),
                derived_from=draw(optional(st.sampled_from(earlier))) if earlier else None,
                assessment=draw(assessments),
            )
        )
    sources.sort(key=lambda source: source.number)
    matrix = {}
    if question_ids and source_ids:
        pairs = st.tuples(st.sampled_from(question_ids), st.sampled_from(source_ids))
        matrix = draw(st.dictionaries(pairs, st.sampled_from(Cell), max_size=8))
    comment_ids = draw(st.lists(ids, max_size=3, unique=True))
    comments = [
        Comment(
            id=comment_id, anchor_kind=draw(st.sampled_from(AnchorKind)), anchor_id=draw(text),
            author=draw(text), created=draw(timestamps), body=draw(text),
            resolved=draw(st.booleans()), resolved_by=draw(text),
            resolved_at=draw(st.one_of(st.just(""), timestamps)),
            reply_to=draw(optional(st.sampled_from(comment_ids[:i]))) if i else None,
        )
        for i, comment_id in enumerate(comment_ids)
    ]
    return Case(
        id=draw(ids), title=draw(text), status=draw(st.sampled_from(Status)),
        scale=draw(st.sampled_from(["none", "politifact", "snopes", "averitec"])),
        language=draw(text), created=draw(timestamps), updated=draw(timestamps),
        claim=Claim(text=draw(text), claimant=draw(text), claimant_role=draw(text),
                    date_made=draw(dates), first_appearance=draw(text),
                    appearances=draw(texts), context=draw(text)),
        verdict=Verdict(rating=draw(text), conclusion=draw(text), established=draw(texts),
                        unresolved=draw(texts),
                        confidence=draw(optional(st.sampled_from(Confidence))),
                        checked_on=draw(dates)),
        questions=[Question(id=q, text=draw(text)) for q in question_ids],
        sources=sources,
        sections=[
            Section(id=s, kind=draw(st.sampled_from(SectionKind)), heading=draw(text),
                    body=draw(text))
            for s in draw(st.lists(ids, max_size=4, unique=True))
        ],
        matrix=matrix,
        comments=comments,
        events=[
            Event(id=event_id, at=draw(timestamps), who=draw(text), action=draw(text),
                  target_kind=draw(text), target_id=draw(text), field=draw(text),
                  before=draw(optional(text)), after=draw(optional(text)), detail=draw(text))
            for event_id in draw(st.lists(ids, max_size=3, unique=True))
        ],
        publications=[
            Publication(id=p, published_at=draw(timestamps), who=draw(text),
                        content_hash=draw(text), article=draw(text), case_json=draw(text))
            for p in draw(st.lists(ids, max_size=2, unique=True))
        ],
        corrections=[
            Correction(id=c, date=draw(dates), what=draw(text), why=draw(text))
            for c in draw(st.lists(ids, max_size=2, unique=True))
        ],
        replies=[draw(reply_requests(r)) for r in draw(st.lists(ids, max_size=2, unique=True))],
    )


# An article's source list (tests/test_article_import.py): fields every supported layout
# can carry unambiguously. No separators inside a field (", " ". " " — "), and no month
# names, which would read as part of a date next to one.
_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"]
_MONTH_WORDS = frozenset({name.casefold() for name in _MONTH_NAMES}
                         | {name.casefold()[:3] for name in _MONTH_NAMES} | {"sept"})
_word = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüßЖ"),
                min_size=1, max_size=8).filter(lambda w: w.casefold() not in _MONTH_WORDS)
_number_word = st.integers(1, 9999).map(str)


def _phrase(*, decorated: bool) -> st.SearchStrategy[str]:
    """Words, the first a word of letters; with ``decorated``, a "[word]" or "(word)" may
    stand among them, as in "The [draft] plan (v2)"."""
    later = st.one_of(_word, _number_word, *(
        [_word.map(lambda w: f"[{w}]"), _word.map(lambda w: f"({w})")] if decorated else []))
    return st.tuples(_word, st.lists(later, max_size=4)).map(
        lambda parts: " ".join([parts[0], *parts[1]]))


_segment = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-_~"), min_size=1,
                   max_size=10)
source_urls = st.tuples(
    _segment, st.lists(st.one_of(_segment, _segment.map(lambda s: f"{s}_({s})")), max_size=3),
    st.one_of(st.just(""), st.tuples(_segment, _segment).map(lambda q: f"?{q[0]}={q[1]}&x=1")),
).map(lambda parts: f"https://{parts[0]}.example/{'/'.join(parts[1])}{parts[2]}")


@st.composite
def written_dates(draw: st.DrawFn) -> tuple[str, str]:
    """A date as an article writes it, and as the source stores it (ISO, as partial as
    written); ("", "") for none."""
    day = draw(st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)))
    month = _MONTH_NAMES[day.month - 1]
    return draw(st.sampled_from([
        ("", ""),
        (day.isoformat(), day.isoformat()),
        (f"{day.day} {month} {day.year}", day.isoformat()),
        (f"{month} {day.day}, {day.year}", day.isoformat()),
        (f"{month} {day.year}", f"{day.year:04d}-{day.month:02d}"),
        (f"{day.year}", f"{day.year:04d}"),
    ]))


@st.composite
def listed_sources(draw: st.DrawFn) -> tuple[str, str, str, str, str]:
    """(title, url, outlet, date as written, date as stored) of one listed source."""
    written, stored = draw(written_dates())
    outlet = draw(st.one_of(st.just(""), _phrase(decorated=False)))
    return draw(_phrase(decorated=True)), draw(source_urls), outlet, written, stored
