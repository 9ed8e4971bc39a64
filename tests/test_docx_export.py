"""The Word export, read back as Word's own readers read it: python-docx opens the file,
and its headings, links, bookmarks, tables and comments are walked in the document's XML.

The same article as the HTML: the headings of every sample case are the HTML's, level
for level; each ``[n]`` links to a bookmark on source n's entry; a source's address is a
real link; open review comments are Word comments on the part they are about.
"""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.text.paragraph import Paragraph

from tests.support import REPO, SAMPLE_CASES, escape_laden_case, run
from workbench.casefile.store import CaseFile
from workbench.config import Config
from workbench.formats.case_json import case_from_json
from workbench.formats.export import export_bytes
from workbench.formats.links import safe_href
from workbench.model import AnchorKind, Case, Comment, Question

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SEED = REPO.parent / "shared" / "reference" / "seed-article.txt"
ORGANISATION_TOML = (
    '[organisation]\nname = "Example Checks"\nurl = "https://checks.example.org"\n'
    'review_url = "https://checks.example.org/checks/{slug}"\n'
)


# Reading a .docx


def read(data: bytes | Path) -> Document:
    return docx.Document(io.BytesIO(data) if isinstance(data, bytes) else str(data))


def parts(data: bytes) -> dict[str, bytes]:
    """The package's parts by name: what a .docx says, without the zip's timestamps."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def all_paragraphs(document: Document) -> list[Paragraph]:
    """The body's paragraphs and those in its tables, in document order."""
    body = document.element.body
    return [Paragraph(p, document._body) for p in body.iter(f"{W}p")]


def headings(document: Document) -> list[tuple[int, str]]:
    return [(int(p.style.name.removeprefix("Heading ")), p.text)
            for p in document.paragraphs if p.style.name.startswith("Heading ")]


def bookmarks(document: Document) -> dict[str, str]:
    """Each bookmark's name and the text of the paragraph it is in."""
    return {mark.get(f"{W}name"): paragraph.text for paragraph in all_paragraphs(document)
            for mark in paragraph._p.iter(f"{W}bookmarkStart")}


def links(document: Document) -> list[tuple[str, str, str]]:
    """Every hyperlink as (address, fragment, text)."""
    return [(link.address, link.fragment, link.text) for paragraph in all_paragraphs(document)
            for link in paragraph.hyperlinks]


def anchored(document: Document) -> dict[str, str]:
    """Each comment's id and the text its range covers."""
    covered: dict[str, str] = {}
    inside: set[str] = set()
    for element in document.element.body.iter():
        if element.tag == f"{W}commentRangeStart":
            inside.add(element.get(f"{W}id"))
            covered.setdefault(element.get(f"{W}id"), "")
        elif element.tag == f"{W}commentRangeEnd":
            inside.discard(element.get(f"{W}id"))
        elif element.tag == f"{W}t":
            for identifier in inside:
                covered[identifier] += element.text or ""
    return covered


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[int, str]] = []
        self._level = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self._level = int(tag[1])
            self.found.append((self._level, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == f"h{self._level}":
            self._level = 0

    def handle_data(self, data: str) -> None:
        if self._level:
            level, text = self.found[-1]
            self.found[-1] = (level, text + data)


def html_headings(html: str) -> list[tuple[int, str]]:
    parser = _Headings()
    parser.feed(html)
    return parser.found


def sample(name: str) -> Case:
    return case_from_json((REPO / "sample_cases" / f"{name}.json").read_text("utf-8"))


@pytest.fixture
def sample_files(tmp_path: Path, isolated_config: Path,
                 monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The three sample cases imported, the draft one rated, an organisation configured."""
    isolated_config.write_text(ORGANISATION_TOML, "utf-8")
    monkeypatch.setenv("WORKBENCH_USER", "t.tester")
    paths = []
    for path in SAMPLE_CASES:
        target = tmp_path / f"{path.stem}.case.db"
        run("import", str(path), "-o", str(target))
        paths.append(target)
    run("set", str(tmp_path / "obama-carbon-pollution.case.db"), "verdict.rating", "Half True")
    return paths


# The article


def test_every_sample_case_has_the_htmls_headings_in_order(sample_files: list[Path],
                                                            tmp_path: Path) -> None:
    for path in sample_files:
        out = tmp_path / f"{path.name}.docx"
        run("export", str(path), "--format", "docx", "--evidence", "--force", "-o", str(out))
        _, html, _ = run("export", str(path), "--format", "html", "--evidence", "--force")
        found = headings(read(out))
        assert found == html_headings(html), path.name
        assert found[0][0] == 1 and (2, "Verdict") in found and (2, "Sources") in found


def test_the_seed_layout_keeps_its_headings_in_order(tmp_path: Path, library: Path) -> None:
    if not SEED.exists():
        pytest.skip("../shared is not beside the repository")
    _, out, _ = run("import", str(SEED))
    target = tmp_path / "seed.docx"
    run("export", out.strip(), "--format", "docx", "--force", "-o", str(target))
    texts = [text for _, text in headings(read(target))]
    seed = SEED.read_text("utf-8").splitlines()
    wanted = [
        "Executive Summary",
        *(line for line in seed if line[:2] in {f"{n}." for n in range(1, 7)}
          and line in texts),
    ]
    assert len(wanted) == 7  # the summary and six numbered sections, the last the bottom line
    assert texts[0] == "Did Putin ask to join NATO"
    positions = [texts.index(text) for text in wanted]
    assert positions == sorted(positions)
    assert wanted[-1].startswith("6. Bottom line: what can be said with confidence")
    assert "Bottom line" not in texts and "Executive summary" not in texts


def test_citations_link_to_bookmarked_source_entries_and_sources_link_out() -> None:
    case = sample("putin-nato")
    document = read(export_bytes(case, "docx", config=Config()))
    marks = bookmarks(document)
    for source in case.sources:
        assert marks[f"source_{source.number}"] == f"[{source.number}] {source.title}"
    found = links(document)
    citations = [(fragment, text) for address, fragment, text in found if not address]
    # Every [n] the bodies cite is a link, and every link goes to a bookmark that is there.
    cited = {f"[{s.number}]" for s in case.sources
             if any(f"[{s.number}]" in section.body for section in case.sections)}
    assert cited and cited <= {text for _, text in citations}
    assert all(marks.get(fragment) for fragment, _ in citations)
    assert all(fragment == f"source_{text[1:-1]}" for fragment, text in citations)
    # The addresses are real links, as the HTML makes them.
    addresses = {address for address, _, _ in found if address}
    for source in case.sources:
        if source.url:
            assert safe_href(source.url) in addresses


def test_the_source_list_has_titles_outlets_dates_and_locators() -> None:
    case = sample("cruz-supreme-court-size")
    document = read(export_bytes(case, "docx", config=Config()))
    texts = [paragraph.text for paragraph in document.paragraphs]
    start = texts.index("Sources")
    entries = texts[start:]
    for source in case.sources:
        assert f"[{source.number}] {source.title}" in entries
        if source.outlet:
            assert f"Outlet: {source.outlet}" in entries
        if source.date_published:
            assert f"Published: {source.date_published}" in entries
    assert any(text.startswith("Excerpts: ") for text in entries) == any(
        source.locator(i).citation for source in case.sources
        for i in range(len(source.excerpts)))


def test_the_verdict_box_is_one_shaded_cell_with_claim_claimant_rating_conclusion() -> None:
    case = sample("cruz-supreme-court-size")
    document = read(export_bytes(case, "docx", config=Config()))
    box = document.tables[0]
    assert len(box.rows) == 1 and len(box.columns) == 1
    lines = [paragraph.text for paragraph in box.cell(0, 0).paragraphs]
    assert lines[0] == f"Rating: {case.verdict.rating}"
    assert f"Conclusion: {case.verdict.conclusion}" in lines
    assert f"Claim: {case.claim.text}" in lines
    assert any(line.startswith(f"Claimant: {case.claim.claimant}") for line in lines)
    shading = box.cell(0, 0)._tc.find(f"{W}tcPr/{W}shd")
    assert shading is not None and shading.get(f"{W}fill") == "F2F2F2"
    # The box comes after the "Verdict" heading, before the summary.
    body = list(document.element.body)
    verdict = next(i for i, e in enumerate(body) if e.xpath("string(.)") == "Verdict")
    assert body[verdict + 1] is box._tbl


def test_masthead_correction_notice_and_corrections(isolated_config: Path) -> None:
    isolated_config.write_text(ORGANISATION_TOML
                               + 'methodology_url = "https://checks.example.org/how"\n',
                               "utf-8")
    from workbench.config import load_config

    case = sample("cruz-supreme-court-size")
    assert case.corrections
    document = read(export_bytes(case, "docx", config=load_config()))
    texts = [paragraph.text for paragraph in document.paragraphs]
    notice = next(t for t in texts if t.startswith("Correction ("))
    # At the top: before the verdict; and the section at the end lists it too.
    assert texts.index(notice) < texts.index("Verdict") < texts.index("Corrections")
    assert any(t.startswith("Example Checks. Published ") for t in texts)
    assert ("https://checks.example.org/how", "", "https://checks.example.org/how") \
        in links(document)


def test_the_evidence_table_when_asked_for() -> None:
    case = sample("obama-carbon-pollution")
    assert case.questions
    without = read(export_bytes(case, "docx", config=Config(), evidence=False))
    assert (2, "Questions and evidence") not in headings(without)
    document = read(export_bytes(case, "docx", config=Config(), evidence=True))
    assert (2, "Questions and evidence") in headings(document)
    grid = document.tables[1]
    assert grid.cell(0, 0).text == "Question"
    assert grid.cell(1, 0).text == f"Q1. {case.questions[0].text}"
    heads = [link.fragment for cell in grid.rows[0].cells[1:]
             for link in cell.paragraphs[0].hyperlinks]
    assert heads and all(head in bookmarks(document) for head in heads)


# Review comments


def commented_case() -> Case:
    case = sample("putin-nato")
    body = next(s for s in case.sections if s.kind.value == "body")
    case.questions.append(Question(id="q-x", text="Did Russia apply?"))
    case.comments = [
        Comment(id="c1", anchor_kind=AnchorKind.SECTION, anchor_id=body.id,
                author="Kofi Mensah", body="Cite the archive here."),
        Comment(id="c2", anchor_kind=AnchorKind.SOURCE, anchor_id=case.sources[0].id,
                author="Ana Ruiz", body="Is this the original?"),
        Comment(id="c3", anchor_kind=AnchorKind.VERDICT, author="Kofi Mensah",
                body="Rating too harsh?"),
        Comment(id="c4", anchor_kind=AnchorKind.CASE, author="Lee", body="Headline long."),
        Comment(id="c5", anchor_kind=AnchorKind.QUESTION, anchor_id="q-x", author="Lee",
                body="Split this."),
        Comment(id="c6", anchor_kind=AnchorKind.SECTION, anchor_id=body.id, author="Lee",
                body="Done already.", resolved=True, resolved_by="Lee"),
        Comment(id="c7", anchor_kind=AnchorKind.SOURCE, anchor_id=case.sources[0].id,
                author="Kofi Mensah", body="It is.", reply_to="c2"),
    ]
    return case


def test_open_comments_are_word_comments_on_their_parts() -> None:
    case = commented_case()
    body = next(s for s in case.sections if s.kind.value == "body")
    document = read(export_bytes(case, "docx", config=Config()))
    comments = {comment.text: comment for comment in document.comments}
    assert set(comments) == {"Cite the archive here.", "Is this the original?",
                             "Rating too harsh?", "Headline long.",
                             f"On question {len(case.questions)}: Split this.",
                             "Reply to Ana Ruiz: It is."}
    assert comments["Cite the archive here."].author == "Kofi Mensah"
    assert comments["Cite the archive here."].initials == "KM"
    covered = anchored(document)
    text = {words: covered[str(comment.comment_id)] for words, comment in comments.items()}
    # A section: from its heading to its last line.
    assert text["Cite the archive here."].startswith(f"1. {body.heading}")
    assert body.body.split()[-1].rstrip(".") in text["Cite the archive here."]
    source = case.sources[0]
    assert text["Is this the original?"].startswith(f"[1] {source.title}")
    assert text["Reply to Ana Ruiz: It is."] == text["Is this the original?"]
    assert text["Rating too harsh?"].startswith(f"Rating: {case.verdict.rating}")
    assert f"Claim: {case.claim.text}" in text["Rating too harsh?"]
    # The case, and a question the article has no row for, go on the title.
    assert text["Headline long."] == case.title == text[
        f"On question {len(case.questions)}: Split this."]


def test_a_question_comment_goes_on_its_row_of_the_evidence_table() -> None:
    case = commented_case()
    document = read(export_bytes(case, "docx", config=Config(), evidence=True))
    comment = next(c for c in document.comments if c.text == "Split this.")
    assert anchored(document)[str(comment.comment_id)] == (
        f"Q{len(case.questions)}. Did Russia apply?")


def test_control_characters_never_reach_the_file() -> None:
    """A field or comment carrying terminal escapes and controls (which XML cannot hold)
    still gives a file Word opens, the characters marked."""
    document = read(export_bytes(escape_laden_case(), "docx", config=Config(),
                                 draft=True))
    assert headings(document)[0][1].startswith("Title ")
    assert [c.author.split()[0] for c in document.comments] == ["Alice", "Bob"]
    assert "\ufffd" in next(iter(document.comments)).text
    assert document.sections[0].header.paragraphs[0].text == "DRAFT — not for publication"


# Roundups


def test_a_roundup_of_the_three_samples_holds_three_articles(sample_files: list[Path],
                                                             tmp_path: Path) -> None:
    out = tmp_path / "roundup.docx"
    run("export", *map(str, sample_files), "--format", "docx", "--force", "-o", str(out))
    document = read(out)
    assert len(document.comments) == 1  # the Obama sample's open one; the rest resolved
    found = headings(document)
    titles = []
    for path in sample_files:
        with CaseFile.open(path, read_only=True) as case_file:
            titles.append(case_file.load().title)
    assert found[0] == (1, f"Fact checks: {titles[0]} and 2 more")
    assert [text for level, text in found if level == 2] == titles
    assert [text for level, text in found if text == "Sources"] == ["Sources"] * 3
    assert all(level == 3 for level, text in found if text == "Sources")
    marks = bookmarks(document)
    for number in (1, 2, 3):
        assert f"case{number}_source_1" in marks
    # Each case's [n] goes to its own list: links under case k name case k's bookmarks.
    case = 0
    for paragraph in all_paragraphs(document):
        if paragraph.style.name == "Heading 2" and paragraph.text in titles:
            case += 1
        for link in paragraph.hyperlinks:
            if not link.address:
                assert link.fragment.startswith(f"case{case}_source_"), link.fragment
                assert link.fragment in marks


# Writing


def test_a_failed_export_leaves_no_file_and_keeps_the_old_one(sample_files: list[Path],
                                                               tmp_path: Path) -> None:
    missing = tmp_path / "no-folder" / "out.docx"
    code, _, err = run("export", str(sample_files[0]), "--format", "docx", "--force",
                       "-o", str(missing), ok=False)
    assert code == 1 and "no such folder" in err and not missing.parent.exists()
    # A case with readiness errors, unforced: refused before anything is written.
    kept = tmp_path / "kept.docx"
    kept.write_bytes(b"old")
    draft = tmp_path / "draft.case.db"
    case = sample("putin-nato")
    case.verdict.rating = ""
    CaseFile.create(draft, case).close()
    code, _, err = run("export", str(draft), "--format", "docx", "-o", str(kept), ok=False)
    assert code == 1 and "readiness error" in err
    assert kept.read_bytes() == b"old"
    assert [name for name in os.listdir(tmp_path) if name.endswith(".wbtmp")] == []


def test_standard_output_gets_the_file_only_when_redirected(sample_files: list[Path],
                                                            tmp_path: Path) -> None:
    out = tmp_path / "a.docx"
    run("export", str(sample_files[0]), "--format", "docx", "--force", "-o", str(out))
    # On a terminal: refused in one line, nothing printed.
    primary, secondary = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "workbench", "export", str(sample_files[0]), "--format",
             "docx", "--force"], stdout=secondary, stderr=subprocess.PIPE, timeout=120,
            env={**os.environ}, check=False)
    finally:
        os.close(secondary)
    os.set_blocking(primary, False)
    try:
        shown = os.read(primary, 4096)
    except (BlockingIOError, OSError):
        shown = b""
    os.close(primary)
    assert done.returncode == 1 and shown == b""
    assert done.stderr.decode().count("\n") == 1
    assert "give -o FILE.docx" in done.stderr.decode()
    # Redirected: the same bytes as the file.
    piped = subprocess.run(
        [sys.executable, "-m", "workbench", "export", str(sample_files[0]), "--format",
         "docx", "--force"], capture_output=True, timeout=120, check=False)
    assert piped.returncode == 0 and parts(piped.stdout) == parts(out.read_bytes())


def test_a_sections_markdown_becomes_word_paragraphs() -> None:
    case = sample("cruz-supreme-court-size")
    body = next(s for s in case.sections if s.kind.value == "body")
    body.body = ("Intro with *emphasis* and **weight** [1].\n\n## Part\n\n- one [1]\n- two\n\n"
                 "3. third\n4. fourth\n\n> quoted\n\n[site](<https://example.org/a b>) and "
                 "[bad](ftp://example.org/x)\n\n```\nline 1\nline 2\n```\n")
    document = read(export_bytes(case, "docx", config=Config()))
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == f"1. {body.heading}")
    found = [(p.style.name, p.text) for p in paragraphs[start + 1:start + 10]]
    assert found == [
        ("Normal", "Intro with emphasis and weight [1]."),
        ("Heading 3", "Part"),
        ("List", "• one [1]"), ("List", "• two"),
        ("List", "3. third"), ("List", "4. fourth"),
        ("Quote", "quoted"),
        ("Normal", "site and bad"),
        ("Normal", "line 1\nline 2"),
    ]
    intro = paragraphs[start + 1]
    assert [r.text for r in intro.runs if r.italic] == ["emphasis"]
    assert [r.text for r in intro.runs if r.bold] == ["weight"]
    assert [link.fragment for link in intro.hyperlinks] == ["source_1"]
    # Only an address every export may link to is a link; the other stays words.
    assert [(link.address, link.text) for link in paragraphs[start + 8].hyperlinks] == [
        ("https://example.org/a%20b", "site")]
    assert {run.font.name for run in paragraphs[start + 9].runs} == {"Courier New"}


def test_the_files_properties_are_the_cases() -> None:
    case = sample("cruz-supreme-court-size")
    properties = read(export_bytes(case, "docx", config=Config())).core_properties
    assert properties.title == case.title and properties.language == case.language
    assert properties.author == "r.alvarez" and properties.comments == ""
    assert properties.modified.isoformat().startswith(case.updated[:16])
    # The same case gives the same document: nothing in it says when it was written (the
    # zip's own timestamps aside).
    assert parts(export_bytes(case, "docx", config=Config())) == parts(
        export_bytes(case, "docx", config=Config()))
