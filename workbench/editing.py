"""Edits to a case that must keep it consistent: the TUI's verbs, without the TUI.

Deleting a source must also drop its matrix cells and the ``derived_from`` links to it;
moving a source swaps its number with its neighbour's and rewrites every ``[n]`` in the
sections so each citation still points at the same source. Destructive edits return an
``Undo`` that puts everything back exactly, so the interface can offer undo without
knowing the details.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass

from workbench.analysis.citations import find_citations
from workbench.analysis.corroboration import computed_corroboration
from workbench.model import (
    Case,
    Cell,
    Corroboration,
    Question,
    Section,
    SectionKind,
    Source,
    new_id,
    now_timestamp,
)

_NUMBER = re.compile(r"\d+")

#: The order a cell moves through when a fact-checker presses the cycle key.
CELL_CYCLE: tuple[Cell | None, ...] = (
    None, Cell.SUPPORTS, Cell.CONTRADICTS, Cell.SILENT, Cell.NOT_APPLICABLE,
)


@dataclass(frozen=True)
class Undo:
    """A way back from one destructive edit, with words for the notification."""

    description: str
    restore: Callable[[Case], None]


def touch(case: Case) -> None:
    case.updated = now_timestamp()


def rewrite_citations(text: str, mapping: dict[int, int]) -> str:
    """Replace each cited ``old`` number by ``mapping[old]``, all at once.

    Uses the same citation reader as the checks, so ``[1, 3]`` groups are rewritten and
    links, footnotes and code are left alone.
    """
    spans = sorted({(c.start, c.end) for c in find_citations(text)}, reverse=True)
    for start, end in spans:
        group = _NUMBER.sub(
            lambda match: str(mapping.get(int(match.group(0)), match.group(0))),
            text[start:end],
        )
        text = text[:start] + group + text[end:]
    return text


def _snapshot(case: Case) -> Callable[[Case], None]:
    """Remember the parts of a case a structural edit can touch, to put them back."""
    saved = copy.deepcopy((case.sources, case.sections, case.questions, case.matrix))

    def restore(target: Case) -> None:
        target.sources, target.sections, target.questions, target.matrix = copy.deepcopy(saved)
        touch(target)

    return restore


def add_source(case: Case, **fields: object) -> Source:
    source = Source(id=new_id(), number=case.next_source_number(), **fields)  # type: ignore[arg-type]
    case.sources.append(source)
    touch(case)
    return source


def opens_existing(case: Case, result: Source | None) -> bool:
    """Whether the source form's result means "open the existing source", not "save this".

    The form then dismisses with the existing source object itself (the very object in
    ``case.sources``), never with a copy, so identity tells the two apart.
    """
    return result is not None and any(result is source for source in case.sources)


def apply_form_result(case: Case, result: Source | None) -> Source | None:
    """Apply what the source form dismissed with; return the source to select.

    ``None`` (cancelled) changes nothing and returns None. The existing source (the user
    chose to open it instead of adding a duplicate) changes nothing and is returned. An
    edited source replaces the source with its id in place; a new one is appended.
    """
    if result is None or opens_existing(case, result):
        return result
    for index, source in enumerate(case.sources):
        if source.id == result.id:
            case.sources[index] = result
            break
    else:
        case.sources.append(result)
    touch(case)
    return result


def identity_changed(source: Source, before: Source) -> bool:
    """Whether what makes two sources "the same" (title, URLs) was edited."""
    return (source.title, source.url, source.archived_url) != (
        before.title, before.url, before.archived_url,
    )


def corroboration_if_derived(case: Case, source: Source, derived_from: str | None) -> Corroboration:
    """What the evidence matrix says of ``source`` were it derived from ``derived_from``.

    The link changes who counts as independent, so the case is read with the source so
    linked in place of the stored one; shallow copies, so nothing of the case changes.
    """
    edited = copy.copy(source)
    edited.derived_from = derived_from
    view = copy.copy(case)
    view.sources = [edited if s.id == edited.id else s for s in case.sources]
    return computed_corroboration(view, edited)


def delete_source(case: Case, source_id: str) -> Undo:
    """Remove a source with its matrix cells; sources derived from it stand alone after.

    Citations to its number stay in the text on purpose: the checks then flag them, so the
    writer decides what each sentence should cite instead.
    """
    source = case.source(source_id)
    if source is None:
        raise KeyError(source_id)
    restore = _snapshot(case)
    case.sources.remove(source)
    case.matrix = {key: cell for key, cell in case.matrix.items() if key[1] != source_id}
    for other in case.sources:
        if other.derived_from == source_id:
            other.derived_from = None
    touch(case)
    return Undo(f"Deleted source [{source.number}]", restore)


def move_source(case: Case, source_id: str, offset: int) -> bool:
    """Move a source up or down the list, swapping numbers with its neighbour.

    Returns False when it cannot move further. Only the two sources trade numbers, and only
    their citations are rewritten: a citation left dangling by a deleted source keeps its
    number, so it cannot silently come to point at a source that moved into the gap.
    """
    index = next((i for i, s in enumerate(case.sources) if s.id == source_id), None)
    if index is None:
        raise KeyError(source_id)
    target = index + offset
    if not 0 <= target < len(case.sources):
        return False
    moved, neighbour = case.sources[index], case.sources[target]
    mapping = {moved.number: neighbour.number, neighbour.number: moved.number}
    moved.number, neighbour.number = neighbour.number, moved.number
    case.sources[index], case.sources[target] = neighbour, moved
    for section in case.sections:
        section.body = rewrite_citations(section.body, mapping)
    touch(case)
    return True


def add_section(case: Case, heading: str, *, kind: SectionKind = SectionKind.BODY,
                after: str | None = None) -> Section:
    """Add a section after ``after`` (a section id), or before the bottom line."""
    section = Section(id=new_id(), kind=kind, heading=heading)
    if after is not None:
        position = next(i for i, s in enumerate(case.sections) if s.id == after) + 1
    else:
        position = next(
            (i for i, s in enumerate(case.sections) if s.kind is SectionKind.BOTTOM_LINE),
            len(case.sections),
        )
    case.sections.insert(position, section)
    touch(case)
    return section


def delete_section(case: Case, section_id: str) -> Undo:
    section = next((s for s in case.sections if s.id == section_id), None)
    if section is None:
        raise KeyError(section_id)
    restore = _snapshot(case)
    case.sections.remove(section)
    touch(case)
    return Undo(f"Deleted section “{section.heading or 'untitled'}”", restore)


def move_section(case: Case, section_id: str, offset: int) -> bool:
    index = next((i for i, s in enumerate(case.sections) if s.id == section_id), None)
    if index is None:
        raise KeyError(section_id)
    target = index + offset
    if not 0 <= target < len(case.sections):
        return False
    case.sections.insert(target, case.sections.pop(index))
    touch(case)
    return True


def add_question(case: Case, text: str) -> Question:
    question = Question(id=new_id(), text=text)
    case.questions.append(question)
    touch(case)
    return question


def move_question(case: Case, question_id: str, offset: int) -> bool:
    """Move a question ``offset`` places up (negative) or down the list.

    Returns False when that is past either end. Cells and comments name the question by
    its id, so they go with it; only its number (its place in the list) changes.
    """
    index = next((i for i, q in enumerate(case.questions) if q.id == question_id), None)
    if index is None:
        raise KeyError(question_id)
    target = index + offset
    if not 0 <= target < len(case.questions):
        return False
    case.questions.insert(target, case.questions.pop(index))
    touch(case)
    return True


def delete_question(case: Case, question_id: str) -> Undo:
    question = next((q for q in case.questions if q.id == question_id), None)
    if question is None:
        raise KeyError(question_id)
    restore = _snapshot(case)
    case.questions.remove(question)
    case.matrix = {key: cell for key, cell in case.matrix.items() if key[0] != question_id}
    touch(case)
    return Undo(f"Deleted question “{question.text or 'untitled'}”", restore)


def cycle_cell(case: Case, question_id: str, source_id: str) -> Cell | None:
    """Move a matrix cell to its next value: unset → supports → contradicts → silent → n/a."""
    current = case.matrix.get((question_id, source_id))
    following = CELL_CYCLE[(CELL_CYCLE.index(current) + 1) % len(CELL_CYCLE)]
    if following is None:
        del case.matrix[(question_id, source_id)]
    else:
        case.matrix[(question_id, source_id)] = following
    touch(case)
    return following
