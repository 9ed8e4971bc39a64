"""How the history names a section's move when its ``section:N`` number stays the same."""

from __future__ import annotations

from pathlib import Path

from tests.support import putin_case
from workbench.casefile import CaseFile
from workbench.model import SectionKind
from workbench.review.history import describe_event


def test_a_body_section_swapped_with_the_summary_says_its_place(tmp_path: Path) -> None:
    """Moving the first body section above the executive summary leaves it section:1; the
    line says where it went among all sections rather than "from 1 to 1"."""
    case = putin_case()
    kinds = [section.kind for section in case.sections]
    assert kinds[:2] == [SectionKind.EXECUTIVE_SUMMARY, SectionKind.BODY]
    with CaseFile.create(tmp_path / "c.case.db", case, who="Alice") as case_file:
        case = case_file.load()
        since = len(case_file.history())
        case.sections[0], case.sections[1] = case.sections[1], case.sections[0]
        case_file.save(case)
        moves = [event for event in case_file.history()[since:] if event.action == "move"]
    assert len(moves) == 1
    [event] = moves
    line = describe_event(case, event)
    if event.target_id == case.sections[0].id:
        assert (event.before, event.after) == ("position 2", "position 1"), line
    else:
        assert (event.before, event.after) == ("position 1", "position 2"), line
    assert "from 1 to 1" not in line
