"""The exact quote matcher: words must be the same words, typography and marked elisions
aside; and ``workbench check --json`` saying which words of a misquotation differ."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import assume, given
from hypothesis import strategies as st

from workbench.analysis.quote_match import Difference, compare, find, quotation, text_of, words_of
from workbench.analysis.quotes import check_quote, matches_excerpt
from workbench.casefile import CaseFile
from workbench.cli import main
from workbench.model import Case, Section

EXCERPT = (
    "The ministry counted 2,000 incidents in 2023, up 12 percent on the year before. "
    "\u201cWe have never seen anything like it,\u201d said Anna M\u00fcller, who didn\u2019t "
    "expect the figure to fall."
)


def differences(quote: str, *excerpts: str) -> tuple[Difference, ...]:
    return compare(quotation(quote), text_of(excerpts)).differences


# What is forgiven.


@pytest.mark.parametrize("quote", [
    "counted 2000 incidents in 2023",  # a thousands separator
    "COUNTED 2,000 INCIDENTS IN 2023",  # case
    "counted  2,000\nincidents, in 2023",  # whitespace and punctuation
    "up 12% on the year before",  # "%" for "percent"
    "up 12 per cent on the year before",
    "We have never seen anything like it",
    "we have never seen anything like it, said Anna Müller",  # the closing quote mark
    "who did not expect the figure to fall",  # a contraction spelled out
    "who didn't expect the figure to fall",  # straight apostrophe for a curly one
    "counted … incidents in 2023",  # marked elisions, in each spelling
    "counted ... incidents in 2023",
    "counted [...] incidents in 2023",
    "counted [\u2026] incidents in 2023",
    "counted . . . incidents in 2023",
    "The ministry counted 2,000 incidents … said Anna Müller",
    "[The department] counted 2,000 incidents in 2023",  # an insertion for words
    "counted [some] 2,000 incidents in 2023",  # an insertion for no words
    "up twelve percent on the year before",  # a number word for its digits
    "[T]he ministry counted 2,000 incidents",  # a bracketed change of case
    "the ministry counted (sic) 2,000 incidents",
])
def test_faithful_quotations_match(quote: str) -> None:
    assert matches_excerpt(quote, [EXCERPT]), differences(quote, EXCERPT)


@pytest.mark.parametrize(("quote", "said", "has"), [
    ("counted 3,000 incidents in 2023", "3,000 incidents", "2,000 incidents"),
    ("counted 2,000 incidents in 2022", "2022", "2023"),
    ("up 21 percent on the year before", "21 percent", "12 percent"),
    ("up 12.5 percent on the year before", "12.5 percent", "12 percent"),
    ("We have seen anything like it", "have seen", "have never seen"),
    ("We have ever seen anything like it", "ever", "never"),
    ("who did expect the figure to fall", "did expect", "didn\u2019t expect"),
    ("said Anna Miller, who didn't expect", "Miller", "Müller"),
    ("said Boris Müller, who didn't expect", "Boris", "Anna"),
    ("up 12 percent on the year after", "after", "before"),
])
def test_misquotations_name_the_words_that_differ(quote: str, said: str, has: str) -> None:
    assert not matches_excerpt(quote, [EXCERPT])
    assert differences(quote, EXCERPT) == (Difference(said, has),)


def test_a_word_the_excerpt_lacks_is_named_alone() -> None:
    assert differences("We have not never seen anything", EXCERPT) == (Difference("not", ""),)


def test_an_insertion_stands_for_a_few_words_not_a_clause() -> None:
    assert matches_excerpt("The ministry [the ministry again] counted", ["The ministry counted"])
    assert not matches_excerpt(
        "The ministry [said] incidents", ["The ministry counted one two three four five six "
                                          "seven incidents"])


def test_words_cannot_run_across_an_elision_or_from_one_excerpt_to_the_next() -> None:
    excerpts = ("He said the talks failed [\u2026] and that", "the army would stay.")
    assert not matches_excerpt("the talks failed and that", excerpts)
    assert matches_excerpt("the talks failed … and that", excerpts)
    assert not matches_excerpt("and that the army would stay", excerpts)
    assert matches_excerpt("and that … the army would stay", excerpts)
    assert differences("failed and that", *excerpts) == (
        Difference("failed and", "failed [\u2026] and"),)


def test_a_bare_ellipsis_in_an_excerpt_is_a_pause() -> None:
    """Transcripts write a speaker's pause as "..."; an elision the checker made in an
    excerpt is written in brackets."""
    excerpt = "Why not? Why not... I do not rule out such a possibility."
    assert matches_excerpt("Why not, I do not rule out such a possibility", [excerpt])
    assert matches_excerpt("Why not \u2026 I do not rule out such a possibility", [excerpt])


def test_a_footnote_marker_in_an_excerpt_is_not_a_word() -> None:
    assert matches_excerpt("as the ministry reported on Monday", [
        "Prices rose, as the ministry reported.[12] On Monday"])


def test_an_elision_needs_the_words_in_order() -> None:
    assert not matches_excerpt("incidents … counted 2,000", [EXCERPT])


def test_a_short_excerpt_does_not_vouch_for_a_longer_quote() -> None:
    assert not matches_excerpt("stand in line and then we will take it", ["stand in line"])
    assert not matches_excerpt("anything at all", [])


def test_normalised_words() -> None:
    assert words_of("It\u2019s 2\u00a0000 km, 5km; twenty-one \u2014 $40 [\u2026] can't") == [
        "it's", "2000", "km", "5", "km", "21", "$", "40", "\u2026", "can", "not"]
    assert [item for item in quotation("\u2026 a [b] \u2026 [c]").items if
            not hasattr(item, "norm")] == []


def test_the_search_is_linear_in_its_runs() -> None:
    """Many elisions over a long excerpt of repeated words still answer (a backtracking
    search over every gap at once would not, in any time worth waiting for)."""
    excerpt = " ".join(["the"] * 3000 + ["end"])
    quote = quotation(" … ".join(["the"] * 30) + " … missing")
    assert not find(quote, text_of((excerpt,)))


# The claim.


CLAIM = "Putin asked to join NATO in 2000"


def test_a_quotation_of_the_claim_is_borne_out_by_the_claim() -> None:
    assert check_quote("Putin asked to join NATO", CLAIM, [(1, ["unrelated words here"])]) is None
    assert check_quote("putin asked to join … in 2000", CLAIM, []) is None


def test_a_quotation_close_to_the_claim_is_checked_against_it() -> None:
    wrong = check_quote("Putin asked to join NATO in 2001", CLAIM, [(1, ["other words"])])
    assert wrong is not None and wrong.claim
    assert wrong.differences == (Difference("2001", "2000"),)
    wrong = check_quote("Putin never asked to join NATO", CLAIM, [])
    assert wrong is not None and wrong.differences == (Difference("never", ""),)


def test_a_quotation_an_excerpt_holds_is_not_a_misquoted_claim() -> None:
    excerpt = "Putin asked to join NATO in 2001, the envoy wrote."
    assert check_quote("Putin asked to join NATO in 2001", CLAIM, [(2, [excerpt])]) is None


def test_a_quotation_nearer_its_source_than_the_claim_is_checked_against_the_source() -> None:
    excerpt = "Putin asked when Russia might join NATO in 2000"
    wrong = check_quote("Putin asked when Russia would join NATO in 2000", CLAIM,
                        [(2, [excerpt])])
    assert wrong is not None and not wrong.claim and wrong.number == 2
    assert wrong.differences == (Difference("would", "might"),)


def test_an_uncited_quotation_far_from_the_claim_is_not_checked() -> None:
    assert check_quote("something else said by someone", CLAIM, []) is None


def test_a_far_away_excerpt_gives_no_differences() -> None:
    wrong = check_quote("nothing here is in the excerpt at all", CLAIM, [(4, ["Other text."])])
    assert wrong is not None and wrong.number == 4 and wrong.differences == ()


# Properties: true quotations taken from an excerpt, then changed.

PLAIN = [
    "the", "ministry", "said", "talks", "army", "would", "stay", "report", "found", "that",
    "prices", "rose", "across", "region", "officials", "agreed", "with", "plan", "after",
    "vote", "bridge", "closed", "because", "of", "repairs", "Putin", "Anna", "Müller",
    "Kyiv", "NATO", "O'Brien", "we're",
]
#: Negations, each its own word; and those that are "not", of which an excerpt has one.
NEGATIONS = ["never", "no", "nobody", "nothing", "none", "neither", "nor"]
NOTS = ["not", "didn't", "isn't", "wasn't", "couldn't", "don't", "cannot", "won't"]
NUMBERS = st.integers(min_value=0, max_value=99_999)


def written(value: int, form: str) -> str:
    """A number as an article writes it."""
    return {"plain": str(value), "comma": f"{value:,}", "percent": f"{value} percent",
            "%": f"{value}%", "dollars": f"${value}"}[form]


@st.composite
def pieces(draw: st.DrawFn) -> list[tuple[str, str, int | None]]:
    """An excerpt as pieces (kind, text, number value), kind plain, negation or number.

    No normalised word is repeated, so a changed quotation cannot be found elsewhere in
    the excerpt: one "not" at most, one number with "percent" and one with "$".
    """
    plain = draw(st.lists(st.sampled_from(PLAIN), min_size=4, max_size=14, unique=True))
    negations = draw(st.lists(st.sampled_from(NEGATIONS), max_size=3, unique=True))
    negations += draw(st.lists(st.sampled_from(NOTS), max_size=1))
    values = draw(st.lists(NUMBERS, max_size=4, unique=True))
    forms = ["plain", draw(st.sampled_from(["percent", "%"])), "dollars", "comma"]
    drawn = [("plain", text, None) for text in plain]
    drawn += [("negation", text, None) for text in negations]
    drawn += [("number", written(value, form), value)
              for value, form in zip(values, forms[: len(values)], strict=True)]
    return draw(st.permutations(drawn))


@st.composite
def true_quotes(draw: st.DrawFn) -> tuple[str, list[tuple[str, str, int | None]]]:
    """An excerpt and a run of at least four of its pieces, the quotation."""
    drawn = draw(pieces())
    length = draw(st.integers(min_value=4, max_value=len(drawn)))
    start = draw(st.integers(min_value=0, max_value=len(drawn) - length))
    excerpt = " ".join(text for _, text, _ in drawn) + "."
    return excerpt, drawn[start:start + length]


PUNCTUATION = [", ", "; ", ": ", " \u2014 ", " - ", "! ", "? ", ". ", " (", ") ", "\u201c",
               "\u201d ", " '", "' ", " *", "* "]


@given(true_quotes(), st.data())
def test_typography_and_marked_elisions_are_forgiven(
    case: tuple[str, list[tuple[str, str, int | None]]], data: st.DataObject
) -> None:
    excerpt, quoted = case
    texts = [text for _, text, _ in quoted]
    # Case, and straight apostrophes for curly ones.
    texts = [data.draw(st.sampled_from([text, text.upper(), text.lower(), text.title()]))
             .replace("'", data.draw(st.sampled_from(["'", "\u2019"]))) for text in texts]
    # Elide an inner run of words, or put an insertion in place of one.
    if len(texts) > 2:
        first = data.draw(st.integers(min_value=1, max_value=len(texts) - 2))
        last = data.draw(st.integers(min_value=first, max_value=len(texts) - 2))
        mark = data.draw(st.sampled_from(
            ["\u2026", "...", "[...]", "[\u2026]", ". . .", "[the president]", "[sic]"]))
        if mark.startswith("[") and mark[1:2].isalpha():
            last = first  # an insertion stands for a few words, not a clause
        texts[first:last + 1] = [mark]
    # Whitespace and punctuation between words.
    quote = texts[0]
    for text in texts[1:]:
        quote += data.draw(st.sampled_from([" ", "  ", "\n", "\t", *PUNCTUATION])) + text
    assert matches_excerpt(quote, [excerpt]), (quote, excerpt)


@given(true_quotes(), st.data())
def test_a_changed_number_is_caught(
    case: tuple[str, list[tuple[str, str, int | None]]], data: st.DataObject
) -> None:
    excerpt, quoted = case
    numbers = [index for index, (kind, _, _) in enumerate(quoted) if kind == "number"]
    assume(numbers)
    index = data.draw(st.sampled_from(numbers))
    _, text, value = quoted[index]
    assert value is not None
    values = {v for _, _, v in quoted if v is not None}
    other = data.draw(NUMBERS.filter(lambda n: n not in values))
    changed = text.replace(f"{value:,}", f"{other:,}") if "," in text else \
        text.replace(str(value), str(other))
    texts = [t for _, t, _ in quoted]
    texts[index] = changed
    quote = " ".join(texts)
    assert not matches_excerpt(quote, [excerpt]), (quote, excerpt)
    found = differences(quote, excerpt)
    assert any(changed.split()[0].lstrip("$").rstrip("%") in d.said for d in found), found


@given(true_quotes(), st.data())
def test_a_dropped_or_added_negation_is_caught(
    case: tuple[str, list[tuple[str, str, int | None]]], data: st.DataObject
) -> None:
    excerpt, quoted = case
    texts = [text for _, text, _ in quoted]
    negations = [index for index, (kind, _, _) in enumerate(quoted) if kind == "negation"]
    how = data.draw(st.sampled_from(["drop", "add", "swap"] if negations else ["add"]))
    if how == "add":
        # Within the quotation: one more word at either end may be the excerpt's next.
        at = data.draw(st.integers(min_value=1, max_value=len(texts) - 1))
        word = data.draw(st.sampled_from(["not", "never", "no", "n't"]))
        if word == "n't":
            at -= 1
            assume(texts[at].isalpha() and texts[at] not in NEGATIONS + NOTS)
            texts[at] += "n't"
        else:
            texts.insert(at, word)
    else:
        index = data.draw(st.sampled_from(negations))
        if how == "drop":
            # Dropping the first or last word leaves a shorter quotation, still true.
            assume(0 < index < len(texts) - 1 or "n't" in texts[index])
            dropped = texts[index].replace("n't", "")
            if dropped == texts[index]:
                del texts[index]
            else:
                texts[index] = dropped
        else:
            other = data.draw(st.sampled_from([n for n in NEGATIONS + NOTS
                                               if n != texts[index]]))
            assume(not set(words_of(other)) & set(words_of(excerpt)))
            texts[index] = other
    quote = " ".join(texts)
    assert not matches_excerpt(quote, [excerpt]), (quote, excerpt)


# Through the command line.


@pytest.fixture
def misquoting(small_case: Case, tmp_path: Path) -> Path:
    small_case.sources[0].excerpts = [
        "The bridge will stay closed to all traffic until 1 May, when 2,000 vehicles a day "
        "are expected to use it again."]
    small_case.sections.insert(1, Section(id="x-body", heading="The notice", body=(
        'The council said the bridge "will stay closed to all traffic until 1 June" [1]. '
        "It expects \u201c3,000 vehicles a day \u2026 to use it again\u201d [1].\n\n"
        'The mayor said "the bridge is not closed to traffic" on Friday.\n\n'
        "> The bridge will stay closed [to cars] until 1 May [1]"
    )))
    path = tmp_path / "misquote.case.db"
    CaseFile.create(path, small_case).close()
    return path


def test_check_json_names_the_words_a_misquotation_gets_wrong(misquoting: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(misquoting), "--json"],
                                catch_exceptions=False)
    findings = [f for f in json.loads(result.stdout) if f["code"].startswith("quote-")]
    assert [(f["code"], f["id"], f["severity"]) for f in findings] == [
        ("quote-not-in-source", "x-body", "warning")] * 3
    first, second, third = (f["message"] for f in findings)
    assert first == (
        'The quotation "will stay closed to all traffic until 1 June" in section 1 '
        '"The notice" matches no excerpt of source [1]: "June" where the excerpt of [1] '
        'says "May"')
    assert second.endswith(
        ': "3,000 vehicles" where the excerpt of [1] says "2,000 vehicles"')
    # The claim is "The bridge is closed to traffic": a quotation of it with a negation
    # added is checked against the claim, though it cites nothing.
    assert third.endswith('differs from the claim: "not" is not in the claim')
    assert findings[2]["fix"].startswith("Quote the claim as the case records it")


def test_check_json_is_quiet_about_faithful_quotations(
    small_case: Case, tmp_path: Path
) -> None:
    small_case.sources[0].excerpts = ["\u201cWe didn\u2019t close it for good,\u201d the "
                                      "engineer said; it reopens on 1 May 2026."]
    small_case.sections.insert(1, Section(id="x-body", heading="The notice", body=(
        'The engineer said "we did not close it ... for good" [1].\n\n'
        "> [The bridge] reopens on 1 May 2026\n> \u2014 the engineer [1]\n\n"
        'Asked whether "the bridge is closed to traffic", the council said yes [1].'
    )))
    path = tmp_path / "faithful.case.db"
    CaseFile.create(path, small_case).close()
    result = CliRunner().invoke(main, ["check", str(path), "--json"], catch_exceptions=False)
    assert [f for f in json.loads(result.stdout) if f["code"].startswith("quote-")] == []


@given(true_quotes(), st.data())
def test_a_changed_word_or_name_is_caught(
    case: tuple[str, list[tuple[str, str, int | None]]], data: st.DataObject
) -> None:
    excerpt, quoted = case
    texts = [text for _, text, _ in quoted]
    index = data.draw(st.integers(min_value=0, max_value=len(texts) - 1))
    other = data.draw(st.sampled_from(["Medvedev", "Kharkiv", "Lavrov", "walked", "prices"]))
    assume(other.casefold() not in words_of(excerpt))
    texts[index] = other
    assert not matches_excerpt(" ".join(texts), [excerpt])
