"""Article import: the claim and claimant where the article states them (a "Claim:" line,
a verdict box, else the headline, flagged for the user to confirm), the rating on the
scale that has it, and source lists whose titles, addresses, outlets and dates fill the
sources' fields.

Exported articles (Markdown and plain text, each sample case) are imported back and
compared field by field; a Hypothesis property renders generated source lists in every
supported layout and reads them back.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tests.strategies import listed_sources
from tests.support import (
    REPO,
    SAMPLE_CASES,
    notifications,
    on_disk,
    run,
    settle,
    type_text,
    wait_for,
)
from workbench.formats.article import build_article
from workbench.formats.article_import import (
    HEADLINE_COMMENT,
    IMPORTER,
    LISTED_NOTE,
    case_from_article,
    read_article,
)
from workbench.formats.case_json import CaseFormatError, case_from_json, case_to_json
from workbench.formats.detect import detect_import_format
from workbench.formats.markdown_export import render_markdown
from workbench.formats.text_export import render_text
from workbench.model import AnchorKind, Case, Source, SourceKind, validate_integrity
from workbench.review import open_comments, threads
from workbench.scales import Rating, RatingScale, builtin_scales
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_screen import CaseScreen
from workbench.tui.review_panel import ReviewPanel

SEED = REPO.parent / "shared" / "reference" / "seed-article.txt"

BODY = """
Executive Summary
Crime rose by 4% [1], not 100% [2].
1. The figures
The report [1] counts offences.
Bottom line
It did not double [1] [2].
"""


def article(head: str, sources: str = "") -> Case:
    return case_from_article(head + BODY + (f"Sources\n{sources}" if sources else ""))


def fields(source: Source) -> tuple[str, str, str, str]:
    return source.title, source.url, source.outlet, source.date_published


# --- the claim and who made it --------------------------------------------------------------


@pytest.mark.parametrize("label", ["Claimant", "Who said it", "Said by", "Speaker",
                                   "claimed by"])
def test_a_stated_claim_and_claimant_are_taken_as_written(label: str) -> None:
    imported = read_article(
        "Fact check: Did crime double?\n"
        "Claim: \u201cCrime has doubled in Riverton since last year.\u201d\n"
        f"{label}: Dana Quill\n" + BODY)
    claim = imported.case.claim
    assert claim.text == "Crime has doubled in Riverton since last year."
    assert claim.claimant == "Dana Quill"
    assert imported.case.title == "Did crime double?"
    assert imported.case.comments == [] and imported.notes == ()


def test_only_the_claimant_line_splits_off_a_role() -> None:
    ours = article("Claim: Taxes rose.\nClaimant: Ana Ruiz, Mayor of Riverton\n").claim
    assert (ours.claimant, ours.claimant_role) == ("Ana Ruiz", "Mayor of Riverton")
    theirs = article("Claim: Taxes rose.\nSaid by: Ana Ruiz, in a council speech\n").claim
    assert (theirs.claimant, theirs.claimant_role) == ("Ana Ruiz, in a council speech", "")
    both = article("Claim: Taxes rose.\nClaimant: Ruiz, Ana\nRole: Mayor\n").claim
    assert (both.claimant, both.claimant_role) == ("Ruiz, Ana", "Mayor")


def test_a_markdown_verdict_box_fills_claim_claimant_rating_and_dates() -> None:
    case = case_from_article(
        "# Did the bridge close?\n\n## Verdict\n\n- **Rating:** Mostly False\n"
        "- **Conclusion:** It closed for \\*four\\* months.\n- **Confidence:** high\n"
        "- **Checked on:** 2024-04-01\n- **Claim:** The bridge closed for a year.\n"
        "- **Claimant:** Bo Lind, Councillor\n- **Date made:** March 5, 2024\n\n"
        "## Executive summary\n\nNo [1].\n")
    assert [s.heading for s in case.sections] == ["Executive summary"]
    assert (case.claim.text, case.claim.claimant, case.claim.claimant_role,
            case.claim.date_made) == ("The bridge closed for a year.", "Bo Lind", "Councillor",
                                      "2024-03-05")
    assert (case.scale, case.verdict.rating) == ("politifact", "Mostly False")
    assert case.verdict.conclusion == "It closed for *four* months."
    assert (case.verdict.confidence, case.verdict.checked_on) == ("high", "2024-04-01")


def test_claim_and_verdict_headings_with_prose_under_them() -> None:
    case = case_from_article(
        "# Is it so?\n\n## The claim\n\nTaxes rose by half.\n\n## Our verdict\n\nFalse\n\n"
        "## Executive summary\n\nNo [1].\n")
    assert (case.claim.text, case.verdict.rating) == ("Taxes rose by half.", "False")
    assert [s.heading for s in case.sections] == ["Executive summary"]
    # A "Verdict" section that argues is the article's prose, kept as a section.
    argued = case_from_article(
        "# Is it so?\n\n## Verdict\n\nFalse, and here is why.\n\nMore reasons.\n\n"
        "## Executive summary\n\nNo [1].\n")
    assert [s.heading for s in argued.sections] == ["Verdict", "Executive summary"]


def test_a_headline_question_becomes_the_claim_with_an_open_comment() -> None:
    imported = read_article("# Did crime double in Riverton?\n" + BODY)
    case = imported.case
    assert case.claim.text == "Did crime double in Riverton?"
    [comment] = open_comments(case)
    assert (comment.anchor_kind, comment.author) == (AnchorKind.CASE, IMPORTER)
    assert comment.body == HEADLINE_COMMENT.format(where="headline question")
    assert comment.body.startswith("Taken from the headline question: confirm this is the "
                                   "claim as stated")
    assert [thread.root for thread in threads(case)] == [comment]
    assert imported.notes[0] == "the claim was taken from the headline question; confirm it"
    validate_integrity(case)
    assert case_from_json(case_to_json(case)) == case


def test_a_headline_statement_and_a_first_sentence_are_flagged_as_such() -> None:
    stated = read_article("Fact check: Crime doubled in Riverton\n" + BODY)
    assert stated.notes[0] == "the claim was taken from the headline; confirm it"
    untitled = read_article(BODY)
    assert untitled.case.claim.text == "Crime rose by 4% [1], not 100% [2]."
    assert untitled.notes[0] == "the claim was taken from the article's first sentence; " \
                                "confirm it"


def test_a_stated_claim_without_a_claimant_says_so() -> None:
    imported = read_article("Claim: Taxes rose.\n" + BODY)
    assert imported.case.comments == []
    assert imported.notes == ("the article names no claimant; add who made the claim",)


def test_a_claim_box_with_text_and_no_headings_is_an_article() -> None:
    text = ("Claim: Taxes rose.\nClaimant: Ana\nVerdict: False\n\nThey fell [1].\n\n"
            "Sources\n[1] Budget. Treasury, 2024.\n")
    assert detect_import_format(Path("a.txt"), text) == "article"
    case = case_from_article(text)
    [summary] = case.sections
    assert (summary.kind, summary.heading, summary.body) == (
        "executive_summary", "", "They fell [1].")
    assert fields(case.sources[0]) == ("Budget", "", "Treasury", "2024")
    with pytest.raises(CaseFormatError, match="states a claim but holds no article"):
        case_from_article("Claim: Taxes rose.\nVerdict: False\n")


def test_parts_the_exports_generate_are_left_out_and_an_article_s_own_kept() -> None:
    case = case_from_article(
        "# Is it so?\n\n**Claim:** It is.\n\n## Executive summary\n\nNo [1].\n\n"
        "## Methodology\n\nWe phoned the council [1].\n\n"
        "## About this fact check\n\n- **Published by:** Example Checks\n\n"
        "## Questions and evidence\n\n- **Q1. Did it?** \u2014 supports [2]\n")
    assert [(s.heading, s.body) for s in case.sections] == [
        ("Executive summary", "No [1]."), ("Methodology", "We phoned the council [1].")]
    # The evidence table's [2] cites nothing of the article's own.
    assert [s.number for s in case.sources] == [1]
    ours = case_from_article(
        "Fact check: Is it so?\nClaim: It is.\nExecutive Summary\nNo [1].\nWhat is "
        "established\n- One thing.\nMethodology\nThe rating uses the Snopes-style scale.\n")
    assert [s.heading for s in ours.sections] == ["Executive Summary"]
    assert (ours.scale, ours.verdict.established) == ("snopes", ["One thing."])


# --- the rating -----------------------------------------------------------------------------


def test_a_stated_verdict_lands_on_the_scale_that_has_it() -> None:
    case = article("Claim: Taxes rose.\nVerdict: pants on fire\n")
    assert (case.scale, case.verdict.rating) == ("politifact", "Pants on Fire")
    snopes = article("Claim: Taxes rose.\nRating: Mixture\nConclusion: Partly.\n")
    assert (snopes.scale, snopes.verdict.rating, snopes.verdict.conclusion) == (
        "snopes", "Mixture", "Partly.")
    house = RatingScale("house", "House", (Rating("Spin"),))
    custom = case_from_article("Claim: Taxes rose.\nVerdict: Spin\n" + BODY,
                               scales={**builtin_scales(), "house": house})
    assert (custom.scale, custom.verdict.rating) == ("house", "Spin")


def test_a_verdict_no_scale_has_stays_as_the_conclusion_and_is_reported() -> None:
    imported = read_article("Claim: Taxes rose.\nClaimant: Ana\nVerdict: Misleading\n"
                            "Conclusion: They fell.\n" + BODY)
    verdict = imported.case.verdict
    assert (imported.case.scale, verdict.rating) == ("none", "")
    assert verdict.conclusion == "Misleading: They fell."
    assert imported.notes == ("the verdict 'Misleading' is no rating on the scales known "
                              "here; it was kept as the conclusion's text",)


# --- source lists ---------------------------------------------------------------------------


def test_the_issue_s_markdown_list_is_read_field_by_field() -> None:
    imported = read_article(
        "# Did crime double?\n\n**Claim:** Crime doubled.\n**Speaker:** Dana Quill\n\n"
        "## Executive summary\n\nNo [1] [2] [3] [5].\n\n## Sources\n\n"
        "1. [Police annual report](https://police.example/r?y=2024) \u2014 City Police, 2024\n"
        "2. [Calls [raw] (2024 data)](https://data.example/calls_(2024).csv), "
        "Riverton Open Data (5 March 2024)\n"
        "- <https://council.example/minutes>\n"
        "- *A report* \u2014 The Courier, March 5, 2024. <https://courier.example/a>\n"
        "- A line with no structure at all\n")
    first, second, third, fourth, fifth = imported.case.sources
    assert fields(first) == ("Police annual report", "https://police.example/r?y=2024",
                             "City Police", "2024")
    assert fields(second) == ("Calls [raw] (2024 data)", "https://data.example/calls_(2024).csv",
                              "Riverton Open Data", "2024-03-05")
    assert fields(third) == ("", "https://council.example/minutes", "", "")
    assert fields(fourth) == ("A report", "https://courier.example/a", "The Courier",
                              "2024-03-05")
    assert (fifth.number, fields(fifth)) == (5, ("A line with no structure at all", "", "", ""))
    assert fifth.notes == LISTED_NOTE.format(n=5)
    assert imported.notes == (
        "1 source entry could not be read field by field (no address, outlet or date found) "
        "and kept its text as the title: [5]",)


def test_links_that_say_link_or_archived_give_addresses_not_titles() -> None:
    case = article("Claim: Taxes rose.\nClaimant: Ana\n", (
        "1. Police annual report, City Police, 2024. [Link](https://p.example/r)\n"
        "2. [Report](https://r.example) ([archived](https://web.archive.org/r)) \u2014 "
        "Channel (UK), 2023\n"
        "3. [https://only.example/a](https://only.example/a)\n"))
    first, second, third = case.sources
    assert fields(first) == ("Police annual report", "https://p.example/r", "City Police",
                             "2024")
    assert fields(second) == ("Report", "https://r.example", "Channel (UK)", "2023")
    assert second.archived_url == "https://web.archive.org/r"
    assert fields(third) == ("", "https://only.example/a", "", "")


def test_plain_text_lists_fill_the_same_fields() -> None:
    case = article("Claim: Taxes rose.\nClaimant: Ana\n", (
        "[1] Budget report. Treasury, 5 March 2024. https://gov.example/budget_(final).\n"
        "[2] Tax tables \u2014 Revenue Office \u2014 2024-03 \u2014 https://tax.example/t\n"
        "[3] U.S. jobs report\n"))
    assert [fields(s) for s in case.sources] == [
        ("Budget report", "https://gov.example/budget_(final)", "Treasury", "2024-03-05"),
        ("Tax tables", "https://tax.example/t", "Revenue Office", "2024-03"),
        ("U.S. jobs report", "", "", ""),
    ]


def test_an_unmarked_list_has_an_entry_a_line_and_a_marked_one_wraps() -> None:
    unmarked = article("Claim: Taxes rose.\nClaimant: Ana\n",
                       "Budget report, Treasury, 2024\nTax tables, Revenue Office, 2023\n")
    assert [fields(s) for s in unmarked.sources] == [
        ("Budget report", "", "Treasury", "2024"), ("Tax tables", "", "Revenue Office", "2023")]
    wrapped = article("Claim: Taxes rose.\nClaimant: Ana\n",
                      "1. Budget report, a long title\nwrapped here, Treasury, 2024\n")
    # [2] is cited and not listed: a stub.
    assert [fields(s) for s in wrapped.sources] == [
        ("Budget report, a long title wrapped here", "", "Treasury", "2024"), ("", "", "", "")]


def test_numbers_follow_the_list_and_citations_keep_their_source() -> None:
    case = article("Claim: Taxes rose.\nClaimant: Ana\n", (
        "[2] Second. Outlet B, 2022.\n[1] First. Outlet A, 2021.\n[2] Again. Outlet C, 2023.\n"))
    assert [(s.number, s.title) for s in case.sources] == [
        (1, "First"), (2, "Second"), (3, "Again")]


def test_a_year_at_the_end_of_a_title_is_no_date() -> None:
    case = article("Claim: Taxes rose.\nClaimant: Ana\n",
                   "1. Budget 2024\n2. [Plan 2030](https://p.example)\n")
    assert [fields(s) for s in case.sources] == [
        ("Budget 2024", "", "", ""), ("Plan 2030", "https://p.example", "", "")]


def test_a_day_no_calendar_has_is_no_date() -> None:
    [source, *_] = article("Claim: Taxes rose.\nClaimant: Ana\n",
                           "1. Budget. Treasury, 31 February 2024.\n").sources
    assert source.date_published == ""
    assert "31 February 2024" in source.title + source.outlet


@given(entries=st.lists(listed_sources(), min_size=1, max_size=4),
       layout=st.sampled_from(["md-dash", "md-paren", "md-autolink", "plain-bracket",
                               "plain-dash", "workbench-txt", "workbench-md"]))
@settings(max_examples=150, deadline=None)
def test_generated_source_lists_read_back_in_every_layout(
        entries: list[tuple[str, str, str, str, str]], layout: str) -> None:
    """(title, url, outlet, date as written, date as stored) in each layout, read back."""
    lines = [_rendered(layout, n, entry) for n, entry in enumerate(entries, start=1)]
    heading = "## Sources" if layout.startswith(("md", "workbench-md")) else "Sources"
    title = "# Is it so?" if heading.startswith("#") else "Fact check: Is it so?"
    cites = " ".join(f"[{n}]" for n in range(1, len(entries) + 1))
    text = (f"{title}\n\nClaim: It is.\n\nExecutive Summary\n\nYes {cites}.\n\n{heading}\n\n"
            + "\n".join(lines) + "\n")
    imported = read_article(text)
    got = [(s.title, s.url, s.outlet, s.date_published) for s in imported.case.sources]
    assert got == [(t, u, o, stored) for t, u, o, _, stored in entries]
    assert not any("field by field" in note for note in imported.notes)


def _rendered(layout: str, n: int, entry: tuple[str, str, str, str, str]) -> str:
    title, url, outlet, written, _ = entry
    escaped = title.replace("[", "\\[").replace("]", "\\]")
    after = ", ".join(part for part in (outlet, written) if part)
    if layout == "md-dash":
        return f"{n}. [{escaped}]({url})" + (f" \u2014 {after}" if after else "")
    if layout == "md-paren":
        return (f"- [{escaped}]({url})" + (f", {outlet}" if outlet else "")
                + (f" ({written})" if written else ""))
    if layout == "md-autolink":
        return f"{n}. {escaped}" + (f" \u2014 {after}" if after else "") + f". <{url}>"
    if layout == "plain-bracket":
        return f"[{n}] {title}. " + (f"{after}. " if after else "") + url
    if layout == "plain-dash":
        return " \u2014 ".join([f"{n}. {title}", *(p for p in (outlet, written) if p), url])
    source = Source(id="x", number=n, title=title, url=url, outlet=outlet,
                    date_published=entry[4])
    exported = Case(title="Is it so?", sources=[source])
    render = render_text if layout == "workbench-txt" else render_markdown
    whole = render(build_article(exported))
    return whole[whole.index("Sources\n") + len("Sources\n"):].split("\nMethodology")[0].split(
        "\n## Methodology")[0]


# --- what the Workbench exported comes back -------------------------------------------------


def rich(case: Case) -> Case:
    """The case with sources as a desk fills them: titles with brackets, addresses with
    parentheses, outlets and dates of every precision."""
    extra = [("The [draft] plan (v2)", "https://en.example.org/wiki/Plan_(2024)",
              "Council Press", "2024-03-05"),
             ("Budget 2024", "https://gov.example/b?x=1&y=2", "", "2024-03"),
             ("Calls for service", "", "Open Data \u2014 Riverton", "2024")]
    changed = dataclasses.replace(case, sources=list(case.sources))
    for number, (title, url, outlet, day) in enumerate(extra, start=case.next_source_number()):
        changed.sources.append(Source(id=f"rich{number}", number=number, title=title, url=url,
                                      outlet=outlet, date_published=day,
                                      kind=SourceKind.NEWS_REPORT))
    return changed


@pytest.mark.parametrize("render", [render_markdown, render_text], ids=["md", "txt"])
@pytest.mark.parametrize("path", SAMPLE_CASES, ids=lambda p: p.stem)
def test_an_exported_sample_case_imports_back_whole(path: Path, render: object) -> None:
    case = rich(case_from_json(path.read_text("utf-8")))
    exported = render(build_article(case))  # type: ignore[operator]
    if render is render_markdown:  # what a reader's tool sees is the same list
        assert "Sources" in [t.content for t in MarkdownIt("commonmark").parse(exported)
                             if t.type == "inline"]
    imported = read_article(exported)
    again = imported.case
    assert imported.notes == ()
    assert again.comments == []
    assert again.title == case.title
    assert again.claim.text == case.claim.text
    assert (again.claim.claimant, again.claim.claimant_role, again.claim.date_made) == (
        case.claim.claimant, case.claim.claimant_role, case.claim.date_made)
    assert (again.scale, again.verdict.rating, again.verdict.conclusion) == (
        case.scale, case.verdict.rating, case.verdict.conclusion)
    assert (again.verdict.established, again.verdict.unresolved) == (
        case.verdict.established, case.verdict.unresolved)
    assert [(s.kind, s.heading, s.body) for s in again.sections] == [
        (s.kind, s.heading, s.body) for s in case.sections]
    listed = {source.number: source for source in again.sources}
    for source in case.sources:
        back = listed[source.number]
        assert (back.title, back.url, back.outlet, back.date_published, back.author,
                back.kind, back.event_date, back.event_date_end) == (
            source.title, source.url, source.outlet, source.date_published, source.author,
            source.kind, source.event_date, source.event_date_end)
    assert [(c.date, c.what.rstrip(".")) for c in again.corrections] == [
        (c.date, c.what.rstrip(".")) for c in case.corrections]
    validate_integrity(again)


@pytest.mark.parametrize("form", ["md", "txt"])
def test_export_then_import_on_the_command_line(form: str, tmp_path: Path,
                                                library: Path) -> None:
    sample = REPO / "sample_cases" / "putin-nato.json"
    _, made, _ = run("import", str(sample))
    target = tmp_path / f"putin.{form}"
    run("export", made.strip(), "--format", form, "-o", str(target), "--force")
    _, out, err = run("import", str(target))
    case = on_disk(Path(out.strip()))
    assert err == ""
    assert (case.claim.text, case.claim.claimant, case.verdict.rating) == (
        "Putin asked to join NATO", "Vladimir Putin", "Mixture")
    assert [s.author for s in case.sources][:3] == [
        "George Robertson", "Vladimir Putin", "Vladimir Putin"]


def test_the_seed_says_on_stderr_that_its_claim_is_the_headline(library: Path) -> None:
    if not SEED.exists():
        pytest.skip("../shared is not beside the repository")
    _, out, err = run("import", str(SEED))
    assert err == (f"{SEED}: the claim was taken from the headline question; confirm it\n")
    case = on_disk(Path(out.strip()))
    assert [c.body for c in open_comments(case)] == [
        HEADLINE_COMMENT.format(where="headline question")]


@pytest.mark.parametrize(("content", "message"), [
    (b"\x00" * 64, "a binary file (it holds NUL bytes), not text"),
    (b"\x89PNG\r\n\x1a\n\x00", "not UTF-8 text"),
    (b"Claim: Taxes rose.\n", "states a claim but holds no article under it"),
    (b"Just prose, nothing more.\nAnother line.\n", "neither an article"),
])
def test_bad_articles_fail_in_one_line_and_leave_nothing(
        content: bytes, message: str, tmp_path: Path, library: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    code, out, err = run("import", str(path), ok=False)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and message in err, err
    assert not library.exists() or list(library.iterdir()) == []


# --- in the TUI -----------------------------------------------------------------------------


async def test_the_tui_import_shows_the_flag_in_the_review_panel(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    file = tmp_path / "bridge.md"
    file.write_text("# Is the bridge closing for a year?\n\n## Executive summary\n\n"
                    "Four months [1].\n\n## Sources\n\n- [Council notice](https://c.example/n)"
                    ", Riverton Council (March 2024)\n", "utf-8")
    app = WorkbenchApp(library=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l")
        await type_text(pilot, str(file))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen)
                       and app.screen.case is not None)
        await settle(pilot)
        assert notifications(app)[-1].startswith("Imported: bridge.md is now")
        await pilot.press("f8")
        await settle(pilot)
        panel = app.screen.query_one(ReviewPanel)
        assert app.focused is panel and str(panel.border_title) == "Review · 1 open"
        shown = " ".join(str(panel.get_option_at_index(0).prompt).split())
        assert IMPORTER in shown and "Taken from the headline question" in shown
        path = app.screen.path
    case = on_disk(path)
    assert case.claim.text == "Is the bridge closing for a year?"
    assert [c.author for c in open_comments(case)] == [IMPORTER]
    assert fields(case.sources[0]) == ("Council notice", "https://c.example/n",
                                       "Riverton Council", "2024-03")
