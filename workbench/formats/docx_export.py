"""The article as a Word document (.docx), for desks whose editors work in Word or Google
Docs.

The same article as the other formats, in the same order as the HTML: title, byline and
dateline, the latest correction's notice, the verdict box (a shaded one-cell table), the
summary, the sections and the bottom line under the case's own headings (Word heading
styles, so the navigation pane lists them), the evidence table when asked for, the
numbered sources, the right of reply, the methodology, the corrections and the
organisation's pages. Each ``[n]`` in the text is a link to a bookmark on source n's
entry, and a source's address is a real link.

The case's open review comments go in as Word comments, each on the part it is
about (a section from its heading to its last line, a source's entry, the verdict box,
the claim, a question's row of the evidence table, the title for the case as a whole),
under its writer's name; a reply is a comment of its own on the same part. Resolved ones
are left out: they are done with, and the article is what goes to the editor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from docx.shared import Pt, RGBColor
from docx.text.run import Run

from workbench.formats.article import (
    RIGHT_OF_REPLY_HEADING,
    Article,
    EvidenceTable,
    Row,
    SourceEntry,
    clean,
)
from workbench.formats.article_sources import ARCHIVED_COPIES
from workbench.formats.docx_parts import SOURCE_DETAIL, Writer
from workbench.model import Case, SectionKind

DRAFT_STAMP = "DRAFT — not for publication"
#: A symbol beside each mark's word, as the HTML shows them.
_MARK_SYMBOLS = {"supports": "✓", "contradicts": "✗", "silent": "○", "not applicable": "—"}
#: Where the article's runs for each part begin and end, by the part's name.
Places = dict[str, tuple[Run, Run]]


@dataclass(frozen=True)
class Remark:
    """An open review comment as the document shows it."""

    #: The part it goes on: "title", "claim", "verdict", "summary", "section-2",
    #: "bottom-line", "source-3" or "question-1".
    place: str
    #: The part in words, said in the comment when the article has no such part (a
    #: question without the evidence table, a deleted section): it then goes on the title.
    where: str
    author: str
    text: str


def remarks(case: Case) -> tuple[Remark, ...]:
    """The case's open comments, replies included, in the order they were written."""
    by_id = {comment.id: comment for comment in case.comments}
    found = []
    for comment in case.comments:
        if comment.resolved:
            continue
        place, where = _place(case, comment.anchor_kind.value, comment.anchor_id)
        text = comment.body.strip()
        parent = by_id.get(comment.reply_to or "")
        if parent is not None:
            text = f"Reply to {parent.author or 'a comment'}: {text}"
        found.append(Remark(place, where, clean(comment.author), clean(text)))
    return tuple(found)


def _place(case: Case, kind: str, anchor_id: str) -> tuple[str, str]:
    if kind == "section":
        section = next((s for s in case.sections if s.id == anchor_id), None)
        if section is None:
            return "title", "a deleted section"
        if section.kind is SectionKind.EXECUTIVE_SUMMARY:
            return "summary", "the summary"
        if section.kind is SectionKind.BOTTOM_LINE:
            return "bottom-line", "the bottom line"
        bodies = [s.id for s in case.sections if s.kind is SectionKind.BODY]
        number = bodies.index(section.id) + 1
        return f"section-{number}", f"section {number}"
    if kind == "source":
        source = case.source(anchor_id)
        if source is None:
            return "title", "a deleted source"
        return f"source-{source.number}", f"source [{source.number}]"
    if kind == "question":
        number = next((n for n, q in enumerate(case.questions, start=1) if q.id == anchor_id),
                      None)
        if number is None:
            return "title", "a deleted question"
        return f"question-{number}", f"question {number}"
    if kind in ("verdict", "claim"):
        return kind, f"the {kind}"
    return "title", "the case"


def render_docx(case: Case, article: Article) -> bytes:
    """``article`` (built from ``case``) as a .docx file's bytes, with ``case``'s open
    comments."""
    out = Writer(article.language)
    _properties(out, article.title, [case], [article])
    places = _article(out, article, level=1)
    _comment(out, places, remarks(case))
    return out.bytes()


def render_docx_roundup(title: str, cases: Sequence[Case], articles: Sequence[Article]
                        ) -> bytes:
    """Several cases' articles as one document under ``title``, each case's headings one
    level down and its bookmarks its own (``case2_source_3``), so that every ``[n]``
    goes to its case's source list."""
    out = Writer(articles[0].language)
    _properties(out, title, cases, articles)
    out.heading(title, 1)
    for number, (case, article) in enumerate(zip(cases, articles, strict=True), start=1):
        out.prefix = f"case{number}_"
        _comment(out, _article(out, article, level=2), remarks(case))
    return out.bytes()


def _properties(out: Writer, title: str, cases: Sequence[Case],
                articles: Sequence[Article]) -> None:
    """The file's own title, author, language and dates (those of the cases, so the same
    cases give the same file), and on every page's header the DRAFT stamp when any
    article is one."""
    properties = out.document.core_properties
    properties.title = title
    head = articles[0].masthead
    properties.author = properties.last_modified_by = head.author or head.organisation
    properties.comments = ""
    properties.language = articles[0].language
    created = [moment for case in cases if (moment := _moment(case.created))]
    updated = [moment for case in cases if (moment := _moment(case.updated))]
    if created:
        properties.created = min(created)
    if updated:
        properties.modified = max(updated)
    if any(article.draft for article in articles):
        properties.content_status = "Draft"
        out.document.sections[0].header.paragraphs[0].text = DRAFT_STAMP


def _moment(timestamp: str) -> datetime | None:
    """A case's ISO 8601 timestamp in UTC; None when it is not one."""
    try:
        moment = datetime.fromisoformat(timestamp.strip())
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _comment(out: Writer, places: Places, found: Sequence[Remark]) -> None:
    for remark in found:
        runs = places.get(remark.place)
        text = remark.text
        if runs is None:
            runs, text = places["title"], f"On {remark.where}: {text}"
        author = remark.author or "Unknown"
        initials = "".join(word[0] for word in author.split()[:3]).upper()
        out.document.add_comment(list(runs), text=text, author=author, initials=initials)


def _article(out: Writer, article: Article, *, level: int) -> Places:
    """Write ``article`` with its title at heading ``level``; where each part's runs are."""
    out.sources = frozenset(source.number for source in article.sources)
    places: Places = {}

    def part(name: str, write: Callable[[], object]) -> None:
        start = len(out.runs)
        write()
        if len(out.runs) > start:
            places[name] = (out.runs[start], out.runs[-1])

    if article.draft:
        stamp = out.paragraph()
        run = out.text(stamp, DRAFT_STAMP, bold=True)
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x00)
    part("title", lambda: out.heading(article.title, level))
    _masthead(out, article)
    section = level + 1
    _verdict(out, article, section, places)
    part("summary", lambda: (out.heading(article.summary_heading, section),
                             out.markdown(article.summary, section + 1)))
    for body in article.sections:
        part(f"section-{body.number}", lambda body=body: (
            out.heading(f"{body.number}. {body.heading}", section),
            out.markdown(body.body, section + 1)))
    part("bottom-line", lambda: _bottom_line(out, article, section))
    if article.evidence is not None:
        out.heading("Questions and evidence", section)
        _evidence(out, article.evidence, places)
    if article.sources:
        out.heading("Sources", section)
        for source in article.sources:
            part(f"source-{source.number}", lambda source=source: _source(out, source))
    if article.right_of_reply:
        out.heading(RIGHT_OF_REPLY_HEADING, section)
        for text in article.right_of_reply:
            out.paragraph(text)
    if article.methodology:
        out.heading("Methodology", section)
        for text in article.methodology:
            out.paragraph(text)
    if article.corrections:
        out.heading("Corrections", section)
        for correction in article.corrections:
            item = out.paragraph(style="List Bullet", label=correction.date or "Undated")
            out.text(item, correction.what)
            if correction.why:
                out.text(item, " Why: ", italic=True)
                out.text(item, correction.why)
    _about(out, article, section)
    return places


def _masthead(out: Writer, article: Article) -> None:
    """Byline, dateline and the latest correction's notice, under the title."""
    head = article.masthead
    for line in (head.byline, head.dateline):
        if line:
            out.text(out.paragraph(), line, italic=True)
    if head.notice is not None:
        notice = out.paragraph(head.notice_text, label=head.notice_label)
        out.shaded(notice, "FFF6E5", border="B36B00")


def _verdict(out: Writer, article: Article, level: int, places: Places) -> None:
    """The verdict box: a bordered, shaded cell of labelled lines, the rating in bold.
    A comment on the verdict covers the cell, wholly inside the table as Word keeps it."""
    out.heading("Verdict", level)
    cell = out.document.add_table(rows=1, cols=1, style="Table Grid").cell(0, 0)
    out.shade_cell(cell, "F2F2F2")
    start = len(out.runs)
    for index, row in enumerate(article.verdict.rows):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        out.text(paragraph, f"{row.label}: ", bold=True)
        run = out.text(paragraph, row.text, bold=row.label == "Rating")
        if row.label == "Rating":
            run.font.size = Pt(13)
        if row.label == "Claim":
            places["claim"] = (run, run)
    places["verdict"] = (out.runs[start], out.runs[-1])


def _bottom_line(out: Writer, article: Article, level: int) -> None:
    bottom = article.bottom_line
    out.heading(bottom.heading, level)
    out.markdown(bottom.body, level + 1)
    for heading, items in (("What is established", bottom.established),
                           ("What remains unresolved", bottom.unresolved)):
        if items:
            out.heading(heading, level + 1)
            for item in items:
                out.cited(out.paragraph(style="List Bullet"), item)


def _evidence(out: Writer, table: EvidenceTable, places: Places) -> None:
    """The questions against the sources, each source's column headed by a link to it."""
    grid = out.document.add_table(rows=len(table.rows) + 1, cols=len(table.sources) + 1,
                                  style="Table Grid")
    out.text(grid.cell(0, 0).paragraphs[0], "Question", bold=True)
    for column, number in enumerate(table.sources, start=1):
        out.citation(grid.cell(0, column).paragraphs[0], number)
    for index, row in enumerate(table.rows, start=1):
        question = out.text(grid.cell(index, 0).paragraphs[0], f"Q{index}. {row.question}")
        places[f"question-{index}"] = (question, question)
        for column, mark in enumerate(row.marks, start=1):
            if mark:
                out.text(grid.cell(index, column).paragraphs[0],
                         f"{_MARK_SYMBOLS[mark]} {mark}")


def _source(out: Writer, source: SourceEntry) -> None:
    """A numbered entry: its number and title (the bookmark ``[n]`` links to), its
    details, its addresses as links, its assessment."""
    entry = out.paragraph()
    number = out.text(entry, f"[{source.number}] ", bold=True)
    title = out.text(entry, source.title, italic=True)
    out.bookmark(out.source_bookmark(source.number), number, title)
    _rows(out, tuple(row for row in source.details if row.label != ARCHIVED_COPIES))
    links = [("URL", source.url), ("Archived", source.archived_url)]
    links += [(f"Archived ({', '.join(p for p in (copy.archive, copy.captured) if p)})"
               .removesuffix(" ()"), copy.url) for copy in source.archived_copies]
    for label, url in links:
        if url:
            out.link(out.paragraph(style=SOURCE_DETAIL, label=label), url, url)
    _rows(out, source.assessment)


def _rows(out: Writer, rows: tuple[Row, ...]) -> None:
    for row in rows:
        out.paragraph(row.text, style=SOURCE_DETAIL, label=row.label)


def _about(out: Writer, article: Article, level: int) -> None:
    """The publisher and its standards pages."""
    head = article.masthead
    if not head.organisation and not head.links:
        return
    out.heading("About this fact check", level)
    if head.organisation:
        line = out.paragraph(label="Published by")
        if head.organisation_url:
            out.link(line, head.organisation, head.organisation_url)
        else:
            out.text(line, head.organisation)
    for row in head.links:
        out.link(out.paragraph(label=row.label), row.text, row.text)
