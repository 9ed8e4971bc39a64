"""The source form's model helpers, now in workbench.editing: asked of a case, not of widgets."""

from __future__ import annotations

import copy

from tests.support import matrix_case
from workbench.editing import corroboration_if_derived, identity_changed
from workbench.model import Corroboration


def test_a_link_to_the_only_corroborating_source_is_counted_before_it_is_saved() -> None:
    case = matrix_case()
    robertson = case.sources[0]
    untouched = copy.deepcopy(case)
    # Robertson's account is corroborated by the interview; were it derived from that
    # interview, the two would be one origin and nothing independent would back it.
    assert corroboration_if_derived(case, robertson, None) is Corroboration.CORROBORATED
    assert corroboration_if_derived(case, robertson, "src-interview") is (
        Corroboration.UNCORROBORATED
    )
    assert case == untouched


def test_identity_is_the_title_and_the_addresses() -> None:
    before = matrix_case().sources[0]
    edited = copy.deepcopy(before)
    edited.notes = "Other notes"
    edited.event_date = "1999"
    assert not identity_changed(edited, before)
    edited.archived_url = "https://web.archive.org/web/2021/https://example.org"
    assert identity_changed(edited, before)
