"""AVeriTeC claims into draft cases: the mapping from a record of its JSON to a case.

Each claim becomes a case with its questions, the published fact-check as source [1], one
source per distinct answer URL after it (an answer that found nothing and names no URL
makes none), and the label on the AVeriTeC scale. Extractive answers and the passages
quoted to explain boolean ones become excerpts; abstractive answers are paraphrases, so
they stay in the notes, where every answer is recorded with its question.

The evidence matrix is filled only from boolean answers ("Yes" supports the question,
"No" contradicts it); open answers ("Where was the claim first published?") cannot be
read as either, so those cells are left for the fact-checker. Reading the file and
reporting a bad record by its position is ``workbench.formats.bulk``'s work.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from workbench.formats.backlog import backlog_case
from workbench.formats.case_json import CaseFormatError
from workbench.model import Case, Cell, Claim, Question, Source, SourceKind, new_id
from workbench.scales import RatingScale

#: AVeriTeC's ``source_medium`` -> kind. Only the media that say what a source is are mapped:
#: a PDF is nearly always a report, filing or law (a primary document), a web table is data.
#: "Web text" could be news, a government page or a blog, so it is left for the fact-checker.
MEDIUM_KINDS = {
    "PDF": SourceKind.PRIMARY_DOCUMENT,
    "Web table": SourceKind.DATASET,
    "Metadata": SourceKind.OTHER,
    "Image/graphic": SourceKind.OTHER,
    "Video": SourceKind.OTHER,
    "Other": SourceKind.OTHER,
}
#: A boolean answer says whether the source answers the question yes or no, which is what
#: the evidence matrix records; other answer types are free text and get no cell.
BOOLEAN_CELLS = {"yes": Cell.SUPPORTS, "no": Cell.CONTRADICTS}
_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/[0-9a-z_*]+/(https?://.+)$")


def string_field(record: dict[str, Any], key: str, where: str) -> str:
    """``record[key]`` stripped; "" when absent; not a string is refused, naming ``where``."""
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise CaseFormatError(f"{where}.{key} must be a string")
    return value.strip()


def case_from_averitec(record: Any, where: str, scale: RatingScale) -> Case:
    """The draft case for one AVeriTeC claim; ``where`` names the record in any error."""
    if not isinstance(record, dict):
        raise CaseFormatError(f"{where} must be an object")
    claim_text = string_field(record, "claim", where)
    if not claim_text:
        raise CaseFormatError(f"{where}.claim is missing")
    label = string_field(record, "label", where)
    rating = scale.rating(label) if label else None
    if label and rating is None:
        raise CaseFormatError(f"{where}.label {label!r} is not an AVeriTeC label")
    original = string_field(record, "original_claim_url", where)
    cached = string_field(record, "cached_original_claim_url", where)
    context = [
        f"{name}: {value}"
        for name, key in (("Reporting source", "reporting_source"),
                          ("Location", "location_ISO_code"))
        if (value := string_field(record, key, where))
    ]
    case = backlog_case(
        Claim(
            text=claim_text,
            claimant=string_field(record, "speaker", where),
            date_made=day_month_year(string_field(record, "claim_date", where),
                                     f"{where}.claim_date"),
            first_appearance=original,
            appearances=[cached] if cached and cached != original else [],
            context="\n".join(context),
        ),
        scale="averitec",
        rating=rating.label if rating else "",
        justification=string_field(record, "justification", where),
        heading="AVeriTeC justification (imported)",
    )
    article = string_field(record, "fact_checking_article", where)
    if article:
        url, archived = _split_archived(article)
        case.sources.append(Source(id=new_id(), number=1, title="Published fact-check", url=url,
                                   archived_url=archived, kind=SourceKind.ANALYSIS))
    questions = record.get("questions")
    _add_questions(case, [] if questions is None else questions, f"{where}.questions")
    return case


def day_month_year(text: str, where: str) -> str:
    """AVeriTeC writes dates day-month-year ("25-8-2020"); the case wants 2020-08-25."""
    if not text:
        return ""
    try:
        day, month, year = (int(part) for part in text.split("-"))
        return date(year, month, day).isoformat()
    except ValueError:
        raise CaseFormatError(f"{where} {text!r} is not a day-month-year date") from None


def _split_archived(url: str) -> tuple[str, str]:
    """(original URL, archived URL) for a Wayback Machine address; (url, "") otherwise."""
    match = _ARCHIVED.match(url)
    return (match.group(1), url) if match else (url, "")


def _add_questions(case: Case, questions: Any, where: str) -> None:
    if not isinstance(questions, list):
        raise CaseFormatError(f"{where} must be a list")
    by_url: dict[str, Source] = {}
    for q_index, entry in enumerate(questions):
        here = f"{where}[{q_index}]"
        if not isinstance(entry, dict):
            raise CaseFormatError(f"{here} must be an object")
        question = Question(id=new_id(), text=string_field(entry, "question", here))
        case.questions.append(question)
        answers = entry.get("answers")
        answers = [] if answers is None else answers
        if not isinstance(answers, list):
            raise CaseFormatError(f"{here}.answers must be a list")
        cells: dict[str, Cell | None] = {}
        for a_index, answer in enumerate(answers):
            at = f"{here}.answers[{a_index}]"
            if not isinstance(answer, dict):
                raise CaseFormatError(f"{at} must be an object")
            source = _answer_source(case, by_url, question.text, answer, at)
            if source is None:
                continue
            cell = BOOLEAN_CELLS.get(string_field(answer, "answer", at).casefold())
            if string_field(answer, "answer_type", at) == "Boolean" and cell is not None:
                # One source answering the same question both ways says nothing clear.
                known = cells.get(source.id, cell)
                cells[source.id] = cell if known == cell else None
        for source_id, cell in cells.items():
            if cell is not None:
                case.matrix[(question.id, source_id)] = cell


def _answer_source(
    case: Case, by_url: dict[str, Source], question: str, answer: dict[str, Any], at: str
) -> Source | None:
    """The source an answer cites, created on first sight and shared by later answers."""
    text = string_field(answer, "answer", at)
    kind = string_field(answer, "answer_type", at)
    medium = string_field(answer, "source_medium", at)
    cached = string_field(answer, "cached_source_url", at)
    address = string_field(answer, "source_url", at) or cached
    if not address:
        return None
    source = by_url.get(address)
    if source is None:
        url, archived = _split_archived(address)
        source = Source(
            id=new_id(),
            number=case.next_source_number(),
            title=" - ".join(part for part in (urlsplit(url).hostname or "", medium) if part),
            url=url,
            archived_url=archived or (cached if cached != url else ""),
            kind=MEDIUM_KINDS.get(medium),
        )
        by_url[address] = source
        case.sources.append(source)
    note = f"AVeriTeC answer to \u201c{question}\u201d ({kind.lower() or 'untyped'}): {text}"
    explanation = string_field(answer, "boolean_explanation", at)
    source.notes = "\n".join(part for part in (source.notes, note) if part)
    quote = text if kind == "Extractive" else explanation
    if quote and quote not in source.excerpts:
        source.excerpts.append(quote)
    return source
