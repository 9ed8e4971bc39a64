"""The article as Markdown (CommonMark), for a CMS, a wiki or a pull request.

The document's outline is ours: ``#`` title, ``##`` parts, ``###`` the verdict's lists. User
text must never change it, so one-line fields (titles, headings, list items) are escaped and
put on one line, and section bodies, which are Markdown already, are kept inside their
section: their own headings are moved below ours and a code fence left open at the end of a
body is closed instead of swallowing the sections after it.

A Markdown article is pasted into CMSes that render raw HTML, and a case's text is untrusted
(cases travel between people and arrive by import). So the HTML in a body is escaped to show
as text, and a link or image that ``safe_href`` refuses (``javascript:``, ``data:``, a
relative path...) becomes its text, as in the HTML export; the rest of a body's Markdown
(emphasis, lists, ``[n]`` citations, ordinary links) is kept as written.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkLabel
from markdown_it.rules_inline import StateInline, autolink, html_inline, image, link
from markdown_it.token import Token

from workbench.formats.article import (
    RIGHT_OF_REPLY_HEADING,
    Article,
    EvidenceTable,
    Row,
    SourceEntry,
    body_heading_levels,
    clean,
    safe_href,
)

#: Characters with a meaning anywhere in a CommonMark line (or in common extensions).
_ESCAPES = str.maketrans({char: "\\" + char for char in "\\`*_[]<>#!|~&"})
#: Characters with a meaning only at the start of a line: lists, quotes, setext underlines.
_LEADING = ("-", "+", "=")
_LEADING_NUMBER = re.compile(r"^(\d+)([.)])")
#: What an autolink (``<url>``) can hold; a URL with spaces or brackets is shown as text.
_AUTOLINKABLE = re.compile(r"^[^\s<>]+$")

_SENTINEL = "# end-of-body"
#: Where the parser notes the spans it recognised, in the environment of one parse.
_SPANS = "workbench-spans"
#: Rounds of making a body safe before it is given up on and shown as literal text. One
#: round undoes one level of nesting (a bad image inside a bad image's text...); real
#: bodies need one or two.
_ROUNDS = 10

InlineRule = Callable[[StateInline, bool], bool]
#: A change to a body: replace the characters from start to end (offsets) with the text.
Edit = tuple[int, int, str]


@dataclass(frozen=True)
class _Span:
    """Raw HTML, a link or an image the parser found in an inline run, by offsets in it."""

    #: "html", "autolink", "link" or "image".
    kind: str
    start: int
    end: int
    #: Where a link's or image's text ends (its "]"); -1 for the other kinds.
    label_end: int = -1
    url: str = ""


def _recording(kind: str, rule: InlineRule) -> InlineRule:
    """``rule``, noting in the parse's environment each span it turns into tokens."""

    def recorded(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent:
            span = _span(kind, state, start, state.tokens[count:])
            state.env.setdefault(_SPANS, []).append((state.src, span))
        return True

    return recorded


def _span(kind: str, state: StateInline, start: int, tokens: list[Token]) -> _Span:
    if kind == "html":
        return _Span(kind, start, state.pos)
    opening = next(token for token in tokens if token.type in ("link_open", "image"))
    url = str(opening.attrGet("src" if kind == "image" else "href") or "")
    if kind == "autolink":
        return _Span(kind, start, state.pos, url=url)
    bracket = start + 1 if kind == "image" else start
    label_end = parseLinkLabel(state, bracket, kind == "link")
    return _Span(kind, start, state.pos, label_end, url)


@cache
def _parser() -> MarkdownIt:
    """CommonMark as a CMS renders it (raw HTML on), noting where HTML, links and images are.

    Every link is recognised whatever its URL: markdown-it alone leaves
    ``[x](javascript:...)`` as text, which another renderer may well turn into a link.
    """
    parser = MarkdownIt("commonmark", {"html": True})
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    for name, kind, rule in (
        ("link", "link", link), ("image", "image", image), ("autolink", "autolink", autolink),
        ("html_inline", "html", html_inline),
    ):
        parser.inline.ruler.at(name, _recording(kind, rule))
    return parser


def inline(text: str) -> str:
    """One line of literal text: whitespace runs (newlines too) collapse, markup is escaped."""
    text = " ".join(text.split()).translate(_ESCAPES)
    if text.startswith(_LEADING):
        return "\\" + text
    return _LEADING_NUMBER.sub(r"\1\\\2", text, count=1)


def _url(url: str) -> str:
    """A source's address: a link if an article may link there, else text."""
    if safe_href(url, images=True) is not None and _AUTOLINKABLE.match(url):
        return f"<{url}>"
    return inline(url)


def _parse_with_sentinel(lines: list[str]) -> tuple[list[Token], int, dict[str, Any]]:
    """Tokens of the body followed by a heading that only a body left open would swallow,
    the index of that heading's line, and the parse's environment."""
    env: dict[str, Any] = {}
    tokens = _parser().parse("\n".join([*lines, "", _SENTINEL]), env)
    return tokens, len(lines) + 1, env


def _close_open_fence(lines: list[str], tokens: list[Token], end: int) -> bool:
    """Close a top-level code fence running past the body's end; False if there is none."""
    for token in reversed(tokens):
        if token.level == 0 and token.type == "fence" and token.map and token.map[1] > end:
            lines.append(token.markup)
            return True
    return False


class _Offsets:
    """Offsets in an inline run's text as offsets in the body it was read from.

    A run's lines are the ends of body lines: a container's marker (``>``, ``-``) and
    indentation come before them, and are not in the run.
    """

    def __init__(self, content: str, lines: list[str], line_starts: list[int], first: int):
        self.run_starts: list[int] = []
        self.shifts: list[int] = []
        position = 0
        for index, text in enumerate(content.split("\n")):
            words = text.lstrip(" \t")
            indent = len(text) - len(words)
            found = lines[first + index].rfind(words)
            self.run_starts.append(position)
            self.shifts.append(line_starts[first + index] + found - position - indent)
            position += len(text) + 1

    def __call__(self, offset: int) -> int:
        return offset + self.shifts[bisect_right(self.run_starts, offset) - 1]

    def deletion(self, start: int, end: int, content: str) -> list[Edit]:
        """Deleting a stretch of the run, line by line: the line breaks and what the body's
        containers put between them stay."""
        edits = []
        for part in re.finditer(r"[^\n]+", content[start:end]):
            edits.append((self(start + part.start()), self(start + part.end() - 1) + 1, ""))
        return edits


def _line_starts(lines: list[str]) -> list[int]:
    starts, position = [], 0
    for line in lines:
        starts.append(position)
        position += len(line) + 1
    return starts


def _unsafe(lines: list[str], tokens: list[Token], end: int, env: dict[str, Any]) -> list[Edit]:
    """The edits that leave the body's HTML as text and its refused links as their text."""
    starts = _line_starts(lines)
    edits: list[Edit] = []
    # A block of HTML, or a definition of a refused link, turns into an ordinary paragraph
    # once its first character is escaped. No container marker holds a "<" or a "[".
    for token in tokens:
        if token.type == "html_block" and token.map and token.map[0] < end:
            line = token.map[0]
            edits.append((starts[line] + lines[line].index("<"),) * 2 + ("\\",))
    definitions = [*env.get("references", {}).values(), *env.get("duplicate_refs", [])]
    for definition in definitions:
        line = definition["map"][0]
        if safe_href(definition["href"]) is None and line < end:
            edits.append((starts[line] + lines[line].index("["),) * 2 + ("\\",))
    spans: dict[int, list[_Span]] = {}
    for source, span in env.get(_SPANS, []):
        spans.setdefault(id(source), []).append(span)
    for token in tokens:
        if token.type == "inline" and token.map and token.map[0] < end:
            found = spans.get(id(token.content), [])
            if found:
                offsets = _Offsets(token.content, lines, starts, token.map[0])
                edits += _span_edits(found, token.content, offsets)
    return edits


def _span_edits(spans: list[_Span], content: str, offsets: _Offsets) -> list[Edit]:
    edits: list[Edit] = []
    for span in spans:
        if span.kind == "html":
            # Every "<" in it: an attribute may hold a tag that would surface on its own.
            edits += [(offsets(at), offsets(at), "\\")
                      for at in range(span.start, span.end) if content[at] == "<"]
        elif safe_href(span.url, images=span.kind == "image") is not None:
            continue
        elif span.kind == "autolink":
            edits.append((offsets(span.start), offsets(span.start), "\\"))
        else:  # a link or image: its text stays, its brackets and target go
            opening = span.start + (2 if span.kind == "image" else 1)
            edits += offsets.deletion(span.start, opening, content)
            edits += offsets.deletion(span.label_end, span.end, content)
    return edits


def _applied(text: str, edits: list[Edit]) -> str:
    """``text`` with the edits made; one overlapping an earlier one waits for the next round."""
    out, position = [], 0
    for start, end, replacement in sorted(set(edits)):
        if start < position:
            continue
        out += [text[position:start], replacement]
        position = end
    return "".join(out) + text[position:]


def _demote(lines: list[str], tokens: list[Token], end: int) -> None:
    """Move the body's headings below the section's, in place (see body_heading_levels)."""
    headings = [
        (token, token.map, tokens[index + 1].content)
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.map is not None and token.map[0] < end
    ]
    placed = zip(headings, body_heading_levels([int(t.tag[1]) for t, _, _ in headings]),
                 strict=True)
    # Last first, so that a setext heading shrinking to one line moves no heading still due.
    for (token, (first, after), content), level in reversed(list(placed)):
        line = lines[first]
        if token.markup.startswith("#"):
            pattern = r"^([ \t>*+\-0-9.)]*?)" + re.escape(token.markup) + r"(?=[ \t]|$)"
            match = re.match(pattern, line)
            if match is None:  # a layout the pattern misses: make it a paragraph instead
                lines[first] = line.replace("#", "\\#", 1)
            else:
                lines[first] = match.group(1) + "#" * level + line[match.end() :]
            continue
        # A setext heading ("Text" over "===") becomes one ATX line in the same container.
        opening = content.split("\n")[0]
        stripped = line.rstrip()
        prefix = stripped[: len(stripped) - len(opening)] if stripped.endswith(opening) else ""
        lines[first:after] = [f"{prefix}{'#' * level} {' '.join(content.split())}"]


def contained(body: str) -> str:
    """A section body that cannot reach outside its section or carry script into a page
    (see the module docstring)."""
    # Cleaned as the parser would normalise it, so that its offsets are the body's.
    lines = clean(body).strip("\n").split("\n")
    if lines == [""]:
        return ""
    for _ in range(_ROUNDS):
        tokens, end, env = _parse_with_sentinel(lines)
        edits = _unsafe(lines, tokens, end, env)
        if edits:
            lines = _applied("\n".join(lines), edits).split("\n")
            continue
        if _close_open_fence(lines, tokens, end):
            continue
        # Moving the headings rewrites lines, so the result is checked once more.
        before = list(lines)
        _demote(lines, tokens, end)
        if lines == before:
            return "\n".join(lines)
    # Nested deeper than any real body: every line as literal text.
    return "\n".join(inline(line) for line in lines)


def _rows(rows: tuple[Row, ...], indent: str = "") -> list[str]:
    return [f"{indent}- **{inline(row.label)}:** {inline(row.text)}" for row in rows]


def _items(items: tuple[str, ...]) -> list[str]:
    return [f"- {inline(item)}" for item in items]


def _source(source: SourceEntry) -> list[str]:
    lines = [f"- \\[{source.number}\\] **{inline(source.title)}**"]
    lines += _rows(source.details, "  ")
    if source.url:
        lines.append(f"  - **URL:** {_url(source.url)}")
    if source.archived_url:
        lines.append(f"  - **Archived:** {_url(source.archived_url)}")
    lines += _rows(source.assessment, "  ")
    return lines


def _block(heading: str, *parts: list[str] | str) -> list[str]:
    """A heading and its content, each part a paragraph (str) or a run of lines (list)."""
    out = [heading]
    for part in parts:
        lines = [part] if isinstance(part, str) else part
        if lines and lines != [""]:
            out += ["", *lines]
    return [*out, ""]


def render_markdown(article: Article) -> str:
    """The whole article as one CommonMark document."""
    out = [f"# {inline(article.title)}", ""]
    if article.draft:
        out += ["**DRAFT — not for publication.**", ""]
    head = article.masthead
    out += [f"{inline(line)}\n" for line in (head.byline, head.dateline) if line]
    if head.notice is not None:
        out += [f"> **{inline(head.notice_label)}:** {inline(head.notice_text)}", ""]
    out += _block("## Verdict", _rows(article.verdict.rows))
    out += _block(f"## {inline(article.summary_heading)}", contained(article.summary))
    for section in article.sections:
        out += _block(f"## {section.number}. {inline(section.heading)}", contained(section.body))
    bottom = article.bottom_line
    out += _block(f"## {inline(bottom.heading)}", contained(bottom.body))
    if bottom.established:
        out += _block("### What is established", _items(bottom.established))
    if bottom.unresolved:
        out += _block("### What remains unresolved", _items(bottom.unresolved))
    if article.evidence is not None:
        out += _block("## Questions and evidence", _evidence(article.evidence))
    if article.sources:
        out += _block("## Sources", [line for s in article.sources for line in _source(s)])
    if article.right_of_reply:
        out += _block(f"## {RIGHT_OF_REPLY_HEADING}",
                      *(inline(text) for text in article.right_of_reply))
    if article.methodology:
        out += _block("## Methodology", *(inline(text) for text in article.methodology))
    if article.corrections:
        out += _block("## Corrections", [
            f"- **{inline(c.date) or 'Undated'}:** {inline(c.what)}"
            + (f" Why: {inline(c.why)}" if c.why else "")
            for c in article.corrections
        ])
    about = _about(article)
    if about:
        out += _block("## About this fact check", about)
    return "\n".join(out).rstrip("\n") + "\n"


def _evidence(table: EvidenceTable) -> list[str]:
    """Each question as a list item saying what the sources say about it, by mark: a list
    reads in every renderer, where a pipe table is not CommonMark."""
    lines = []
    for number, row in enumerate(table.rows, start=1):
        marks = row.by_mark(table.sources)
        said = "; ".join(f"{word} " + " ".join(f"[{n}]" for n in numbers)
                         for word, numbers in marks) or "no source judged yet"
        lines.append(f"- **Q{number}. {inline(row.question)}** — {inline(said)}")
    return lines


def _about(article: Article) -> list[str]:
    """The publisher and its standards pages, as a list of labelled addresses."""
    head = article.masthead
    lines = []
    if head.organisation:
        url = f" ({_url(head.organisation_url)})" if head.organisation_url else ""
        lines.append(f"- **Published by:** {inline(head.organisation)}{url}")
    return lines + [f"- **{inline(row.label)}:** {_url(row.text)}" for row in head.links]
