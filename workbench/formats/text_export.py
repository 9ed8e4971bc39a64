"""The article as plain text, laid out like the seed article.

"Fact check: TITLE", the verdict, the executive summary, numbered sections ("1. Heading"),
the bottom line (both under the case's own headings, as the seed's "Executive Summary" and
"6. Bottom line: …"), then the numbered sources with their assessment. Under the title,
the byline and the dateline (who wrote it and signed it off, the organisation, the dates)
and, for a corrected check, the latest correction; at the end, the organisation's
methodology and corrections policy. This is the layout the
article importer reads back, and what a reader pastes into an e-mail, so Markdown in the
bodies is reduced to what it says: emphasis dropped, a link's address kept after its text,
list items and quotes marked as a person would type them, ``[n]`` citations untouched.
One-line fields are put on one line, so a newline in a heading cannot fake a section.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from workbench.formats.article import (
    RIGHT_OF_REPLY_HEADING,
    Article,
    EvidenceTable,
    Row,
    SourceEntry,
    safe_href,
)

#: The heading of the optional evidence table (``--evidence``).
EVIDENCE_HEADING = "Questions and evidence"


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


def flat(text: str) -> str:
    """Text on one line: whitespace runs, newlines included, become one space."""
    return " ".join(text.split())


def _worth_printing(href: str) -> bool:
    """Whether a link's address goes after its text: one a reader can follow, on the web or
    by e-mail, by the rule every export links by (a fragment of a page goes nowhere here)."""
    return not href.startswith("#") and safe_href(href) is not None


def _inline_text(children: list[Token]) -> str:
    """What an inline run says, without its markup."""
    parts: list[str] = []
    hrefs: list[tuple[str, int]] = []
    for token in children:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type == "softbreak":
            parts.append(" ")
        elif token.type == "hardbreak":
            parts.append("\n")
        elif token.type == "image":
            parts.append(_inline_text(token.children or []))
        elif token.type == "link_open":
            hrefs.append((str(token.attrGet("href") or ""), len(parts)))
        elif token.type == "link_close" and hrefs:
            href, start = hrefs.pop()
            label = "".join(parts[start:])
            if _worth_printing(href) and href.removeprefix("mailto:") != label:
                parts.append(f" ({href})")
    return "".join(parts)


class _PlainWriter:
    """Turns a token stream into lines, tracking the quotes and list items it is inside."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        #: The prefix each enclosing container gives its lines (after an item's first).
        self.indents: list[str] = []
        #: A list marker ("- ", "3. ") waiting for the first line of its item.
        self.marker: str | None = None
        #: Each open list: its next number, or None for a bullet list.
        self.numbers: list[int | None] = []

    def separate(self) -> None:
        """A blank line before the next block, unless one is there or an item is opening."""
        if self.lines and self.lines[-1].strip(" >") and self.marker is None:
            self.lines.append("".join(self.indents).rstrip())

    def block(self, text: str, *, tight: bool = False) -> None:
        """Write one block of text; the items of a tight list go without blank lines."""
        if not tight:
            self.separate()
        for line in text.split("\n"):
            prefix = "".join(self.indents)
            if self.marker is not None:
                prefix = "".join(self.indents[:-1]) + self.marker
                self.marker = None
            self.lines.append((prefix + line).rstrip())

    def write(self, tokens: list[Token]) -> None:
        for index, token in enumerate(tokens):
            kind = token.type
            if kind == "inline" and tokens[index - 1].type in ("paragraph_open", "heading_open"):
                self.block(_inline_text(token.children or []), tight=tokens[index - 1].hidden)
            elif kind in ("fence", "code_block"):
                code = token.content.rstrip("\n").split("\n")
                self.block("\n".join("    " + line for line in code))
            elif kind == "hr":
                self.block("* * *")
            elif kind == "blockquote_open":
                self.separate()
                self.indents.append("> ")
            elif kind in ("bullet_list_open", "ordered_list_open"):
                if not self.numbers:
                    self.separate()
                start = token.attrGet("start")
                number = int(start) if start is not None else 1
                self.numbers.append(number if kind == "ordered_list_open" else None)
                # Indented, so "1. first point" is never read back as section 1.
                self.indents.append("  ")
            elif kind == "list_item_open":
                number = self.numbers[-1]
                self.marker = "- " if number is None else f"{number}. "
                if number is not None:
                    self.numbers[-1] = number + 1
                self.indents.append(" " * len(self.marker))
            elif kind in ("blockquote_close", "list_item_close"):
                self.indents.pop()
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.numbers.pop()
                self.indents.pop()


def plain(markdown: str) -> str:
    """Markdown reduced to plain text, one line per paragraph as in the seed."""
    writer = _PlainWriter()
    writer.write(_parser().parse(markdown))
    return "\n".join(writer.lines).strip("\n")


def _rows(rows: tuple[Row, ...], indent: str = "") -> list[str]:
    return [f"{indent}{flat(row.label)}: {flat(row.text)}" for row in rows]


def _source(source: SourceEntry) -> list[str]:
    lines = [f"[{source.number}] {flat(source.title)}"]
    lines += _rows(source.details, "    ")
    if source.url:
        lines.append(f"    URL: {flat(source.url)}")
    if source.archived_url:
        lines.append(f"    Archived: {flat(source.archived_url)}")
    return lines + _rows(source.assessment, "    ")


def _part(heading: str, lines: list[str]) -> list[str]:
    return [heading, *lines, ""] if any(lines) else [heading, ""]


def render_text(article: Article) -> str:
    """The whole article as plain text."""
    out = ["DRAFT — NOT FOR PUBLICATION", ""] if article.draft else []
    out += [f"Fact check: {flat(article.title)}", ""]
    head = article.masthead
    lines = [flat(line) for line in (head.byline, head.dateline) if line]
    out += [*lines, ""] if lines else []
    if head.notice is not None:
        out += [f"{flat(head.notice_label)}: {flat(head.notice_text)}", ""]
    # The first row is the rating, or the conclusion when the scale gives no rating.
    first, *rest = article.verdict.rows
    out += [f"Verdict: {flat(first.text)}", *_rows(tuple(rest)), ""]
    out += _part(flat(article.summary_heading), [plain(article.summary)])
    for section in article.sections:
        out += _part(f"{section.number}. {flat(section.heading)}", [plain(section.body)])
    bottom = article.bottom_line
    out += _part(flat(bottom.heading), [plain(bottom.body)])
    if bottom.established:
        out += _part("What is established", [f"- {flat(item)}" for item in bottom.established])
    if bottom.unresolved:
        out += _part("What remains unresolved", [f"- {flat(item)}" for item in bottom.unresolved])
    if article.evidence is not None:
        out += _part(EVIDENCE_HEADING, _evidence(article.evidence))
    if article.sources:
        out += _part("Sources", ["\n\n".join("\n".join(_source(s)) for s in article.sources)])
    if article.right_of_reply:
        out += _part(RIGHT_OF_REPLY_HEADING,
                     ["\n\n".join(flat(text) for text in article.right_of_reply)])
    if article.methodology:
        out += _part("Methodology", ["\n\n".join(flat(text) for text in article.methodology)])
    if article.corrections:
        out += _part("Corrections", [
            f"- {flat(c.date) or 'Undated'}: {flat(c.what)}"
            + (f" Why: {flat(c.why)}" if c.why else "")
            for c in article.corrections
        ])
    about = _about(article)
    if about:
        out += _part("About this fact check", about)
    return "\n".join(out).rstrip("\n") + "\n"


def _evidence(table: EvidenceTable) -> list[str]:
    """Each question, then what the sources say about it, by mark."""
    lines = []
    for number, row in enumerate(table.rows, start=1):
        marks = row.by_mark(table.sources)
        said = "; ".join(f"{word}: " + " ".join(f"[{n}]" for n in numbers)
                         for word, numbers in marks) or "no source judged yet"
        lines += [f"Q{number}. {flat(row.question)}", f"    {said}"]
    return lines


def _about(article: Article) -> list[str]:
    """The publisher and its standards pages, one labelled line each."""
    head = article.masthead
    lines = []
    if head.organisation:
        url = f" ({flat(head.organisation_url)})" if head.organisation_url else ""
        lines.append(f"Published by: {flat(head.organisation)}{url}")
    return lines + _rows(head.links)
