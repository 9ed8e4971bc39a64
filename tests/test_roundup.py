"""A roundup: several cases exported as one article (a debate, a speech checked claim by
claim), through the CLI as a user runs it, the output read back as a parser reads it."""

from __future__ import annotations

import hashlib
import json
from itertools import pairwise
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.support import SAMPLE_CASES, JsonLdBlocks, assert_valid_claimreview, run
from workbench.casefile.store import CaseFile

ORGANISATION_TOML = (
    '[organisation]\nname = "Example Checks"\nurl = "https://checks.example.org"\n'
    'review_url = "https://checks.example.org/checks/{slug}"\n'
)


class _Page(JsonLdBlocks):
    """A page's JSON-LD blocks, ids and in-page links, as an HTML parser finds them."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.fragments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, attrs)
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "a" and str(found.get("href") or "").startswith("#"):
            self.fragments.append(str(found["href"])[1:])


@pytest.fixture
def cases(tmp_path: Path, isolated_config: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The three sample cases imported, the draft one rated, an organisation configured."""
    isolated_config.write_text(ORGANISATION_TOML, "utf-8")
    monkeypatch.setenv("WORKBENCH_USER", "t.tester")
    paths = []
    for sample in SAMPLE_CASES:
        path = tmp_path / f"{sample.stem}.case.db"
        run("import", str(sample), "-o", str(path))
        paths.append(path)
    # The Obama sample is a draft without a rating: no ClaimReview could say what it found.
    run("set", str(tmp_path / "obama-carbon-pollution.case.db"), "verdict.rating", "Half True")
    return paths


def _titles(paths: list[Path]) -> list[str]:
    titles = []
    for path in paths:
        with CaseFile.open(path, read_only=True) as case_file:
            titles.append(case_file.load().title)
    return titles


def test_html_roundup_embeds_one_claimreview_per_case(cases: list[Path],
                                                      tmp_path: Path) -> None:
    out = tmp_path / "roundup.html"
    run("export", *map(str, cases), "--format", "html", "--force", "-o", str(out))
    page = _Page()
    page.feed(out.read_text("utf-8"))
    page.close()
    documents = [json.loads(block) for block in page.blocks]
    assert len(documents) == 3
    for document in documents:
        assert_valid_claimreview(document, complete=True)
    titles = _titles(cases)
    assert [d.get("name", d["claimReviewed"]) for d in documents] == titles
    # Every id once, and every citation points at a source of its own case.
    assert len(page.ids) == len(set(page.ids))
    assert page.fragments and set(page.fragments) <= set(page.ids)
    assert "case-1-source-1" in page.ids and "case-3-source-1" in page.ids


def test_url_addresses_each_review_in_the_roundup(cases: list[Path]) -> None:
    _, html, _ = run("export", *map(str, cases), "--format", "html", "--force",
                     "--url", "https://checks.example.org/debate")
    page = _Page()
    page.feed(html)
    urls = [json.loads(block)["url"] for block in page.blocks]
    assert urls == [f"https://checks.example.org/debate#case-{n}" for n in (1, 2, 3)]


def test_an_incomplete_case_embeds_no_claimreview(cases: list[Path]) -> None:
    run("set", str(cases[1]), "verdict.rating", "")
    _, html, _ = run("export", *map(str, cases), "--format", "html", "--force")
    page = _Page()
    page.feed(html)
    assert len(page.blocks) == 2


def test_markdown_roundup_has_each_case_under_its_title_in_order(cases: list[Path]) -> None:
    _, markdown, _ = run("export", *map(str, cases), "--format", "md", "--force",
                         "--title", "The debate, checked")
    headings = []
    tokens = MarkdownIt("commonmark").parse(markdown)
    for opening, content in pairwise(tokens):
        if opening.type == "heading_open":
            headings.append((opening.tag, content.content))
    assert headings[0] == ("h1", "The debate, checked")
    assert [text for tag, text in headings if tag == "h2"] == _titles(cases)
    # Each case's own parts sit one level down, under its title.
    assert ("h3", "Verdict") in headings and ("h3", "Sources") in headings
    assert all(tag != "h1" for tag, _ in headings[1:])


def test_text_roundup_has_all_three(cases: list[Path]) -> None:
    _, text, _ = run("export", *map(str, cases), "--format", "txt", "--force")
    titles = _titles(cases)
    assert text.startswith(f"Fact checks: {titles[0]}")
    places = [text.index(f"Fact check: {title}\n") for title in titles]
    assert places == sorted(places)


def test_one_case_exports_as_before(cases: list[Path]) -> None:
    """No roundup wrapping for one case: the single-case article, the same bytes."""
    from workbench.config import load_config
    from workbench.formats.export import render

    _, html, _ = run("export", str(cases[0]), "--format", "html")
    with CaseFile.open(cases[0], read_only=True) as case_file:
        case = case_file.load()
    assert html == render(case, "html", config=load_config())


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(("extra", "message"), [
    (("--format", "json"), "--format json exports one case"),
    (("--format", "claimreview"), "--format claimreview exports one case"),
    (("--format", "md", "MISSING"), "no such file"),
    (("--format", "md"), "readiness error"),
])
def test_refusals_write_nothing(cases: list[Path], tmp_path: Path, extra: tuple[str, ...],
                                message: str) -> None:
    out = tmp_path / "roundup.out"
    args = [*map(str, cases), *extra]
    if "MISSING" in args:
        args[args.index("MISSING")] = str(tmp_path / "missing.case.db")
        args.append("--force")
    before = [_digest(path) for path in cases]
    code, stdout, err = run("export", *args, "-o", str(out), ok=False)
    assert code == 1, (stdout, err)
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert not out.exists() and stdout == ""
    assert [_digest(path) for path in cases] == before


def test_title_is_for_a_roundup(cases: list[Path]) -> None:
    code, _, err = run("export", str(cases[0]), "--format", "md", "--title", "X", ok=False)
    assert code == 1 and "--title" in err

