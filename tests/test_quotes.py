"""Quotations as the quote check finds them in a section (inline and block quotes, and the
sources each is attributed to), and the findings it raises, through ``run_checks``."""

from __future__ import annotations

import pytest

from workbench.analysis.checks import Finding, run_checks
from workbench.analysis.quotes import Quote, find_quotes
from workbench.model import Case, Section


def quotes(body: str) -> list[tuple[str, tuple[int, ...]]]:
    return [(quote.text, quote.cited) for quote in find_quotes(body)]


# Block quotes.


def test_a_block_quote_takes_the_citations_inside_it() -> None:
    body = "Putin told the BBC:\n\n> We do not rule out joining NATO\n> one day [3]\n\nThen [4]."
    assert quotes(body) == [("We do not rule out joining NATO one day", (3,))]


def test_an_attribution_line_is_not_quoted_but_its_citation_counts() -> None:
    body = "> Russia is part of European culture.\n> \u2014 Vladimir Putin, 2000 [2]"
    assert quotes(body) == [("Russia is part of European culture.", (2,))]


def test_a_block_quote_introduced_by_a_sentence_ending_in_a_colon() -> None:
    body = (
        "Others disagreed [1]. Putin told David Frost [3]:\n\n"
        "> Why not? I do not rule out such a possibility.\n\n"
        "That was 2000 [4]."
    )
    assert quotes(body) == [("Why not? I do not rule out such a possibility.", (3,))]


def test_a_block_quote_followed_by_a_dash_attribution() -> None:
    body = "> We never asked to join anything at all.\n\n\u2014 Putin, 2017 [5]"
    assert quotes(body) == [("We never asked to join anything at all.", (5,))]


def test_a_block_quote_takes_its_paragraphs_citations_when_it_has_none() -> None:
    body = "Robertson recalled [2]\n> he asked when we would invite Russia"
    assert quotes(body) == [("he asked when we would invite Russia", (2,))]


def test_quotation_marks_inside_a_block_quote_are_part_of_it() -> None:
    body = ('> He said "we will never join", and left it there [1].\n\n'
            'After "four words in quotes" [2].')
    assert quotes(body) == [
        ('He said "we will never join", and left it there.', (1,)),
        ("four words in quotes", (2,)),
    ]


def test_short_blocks_and_code_are_not_quotations() -> None:
    assert quotes("> Too short [1]\n\n```\n> a code line that is long [1]\n```") == []


def test_inline_quotes_keep_their_rule() -> None:
    body = (
        'Robertson said Putin "wanted to be invited to join." [1] Putin said so too [2].\n\n'
        "Later, \u00abRussia was turned away by the West\u00bb he said, and others agreed [3] [4]."
    )
    assert find_quotes(body) == [
        Quote("wanted to be invited to join.", (1,)),
        Quote("Russia was turned away by the West", (3, 4)),
    ]


def test_citations_right_after_a_quotation_are_its_own() -> None:
    body = ('Putin said "we will never join it" [1] and Robertson said "he asked me about '
            'it", [2, 3] [4] later [5].\n\nHe said "we will never join it" to me [1] [2].')
    assert quotes(body) == [
        ("we will never join it", (1,)),
        ("he asked me about it", (2, 3, 4)),
        ("we will never join it", (1, 2)),
    ]


# Findings.


@pytest.fixture
def case(small_case: Case) -> Case:
    """The small case, its source [1] with an excerpt to quote from."""
    small_case.sources[0].excerpts = [
        "The bridge will not reopen before 1 May; repairs cost \u20ac2.4 million.",
        "Traffic fell by 12 percent in April.",
    ]
    return small_case


def quote_findings(case: Case, body: str) -> list[Finding]:
    case.sections = [s for s in case.sections if s.id != "x-body"]
    case.sections.insert(1, Section(id="x-body", heading="Repairs", body=body))
    return [f for f in run_checks(case) if f.code.startswith("quote-")]


def test_a_faithful_block_quote_raises_nothing(case: Case) -> None:
    body = ("The council wrote [1]:\n\n"
            "> The bridge will not reopen [\u2026] 1 May;\n> repairs cost \u20ac2.4 million.")
    assert quote_findings(case, body) == []


def test_a_misquoted_block_quote_says_what_differs(case: Case) -> None:
    [found] = quote_findings(case, "> The bridge will reopen before 1 May [1]")
    assert found.code == "quote-not-in-source" and found.severity.value == "warning"
    assert found.message == (
        'The quotation "The bridge will reopen before 1 May" in section 1 "Repairs" '
        'matches no excerpt of source [1]: "will reopen" where the excerpt of [1] says '
        '"will not reopen"')
    assert found.subject == "The bridge will reopen before 1 May"


def test_a_quotation_across_two_excerpts_needs_an_elision(case: Case) -> None:
    assert quote_findings(case, '"1 May \u2026 traffic fell by 12 percent" [1].') == []
    [found] = quote_findings(case, '"2.4 million. Traffic fell by 12 percent" [1].')
    assert found.message.endswith(
        ': "million. Traffic" where the excerpt of [1] says "million \u2026 Traffic"')


def test_several_differences_are_counted_beyond_two(case: Case) -> None:
    [found] = quote_findings(
        case, '"The bridge will now reopen after 2 May; repairs cost \u20ac3.4 million" [1].')
    assert found.message.endswith(
        ': "now" where the excerpt of [1] says "not"; "after 2 May" where the excerpt of [1] '
        'says "before 1 May"; and 1 more difference')


def test_a_changed_figure_with_its_unit(case: Case) -> None:
    [found] = quote_findings(case, 'It fell "by 21% in April" [1].')
    assert found.message.endswith(
        ': "21%" where the excerpt of [1] says "12 percent"')


def test_a_misquoted_claim_is_named_against_the_claim(case: Case) -> None:
    # The claim: "The bridge is closed to traffic".
    [found] = quote_findings(case, 'The mayor said "the bridge is closed to all traffic" [1].')
    assert found.message == (
        'The quotation "the bridge is closed to all traffic" in section 1 "Repairs" differs '
        'from the claim: "all" is not in the claim')
    assert quote_findings(case, 'The mayor said "the bridge is closed to traffic".') == []


def test_the_finding_keeps_its_identity(case: Case) -> None:
    """Acceptances are keyed by code, place and the quotation's text, which the message's
    new words do not touch."""
    [found] = quote_findings(case, '"the bridge will reopen before 1 May" [1].')
    assert found.key[:3] == ("quote-not-in-source", "section", "x-body")
    assert found.fingerprint == Finding(
        found.code, found.severity, found.where, "", "",
        "the bridge will reopen before 1 May").fingerprint
