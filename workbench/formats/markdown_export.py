"""The article as Markdown (CommonMark), for a CMS, a wiki or a pull request.

The document's outline is ours: ``#`` title, ``##`` parts, ``###`` the verdict's lists. User
text must never change it, so one-line fields (titles, headings, list items) are escaped and
put on one line, and section bodies, which are Markdown already, are kept inside their
section: their own headings are moved below ours and a construct left open at the end of a
body (an unclosed code fence or HTML comment) is closed or neutralised instead of swallowing
the sections after it.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from workbench.formats.article import Article, Row, SourceEntry, body_heading_levels

#: Characters with a meaning anywhere in a CommonMark line (or in common extensions).
_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|~&])")
#: Characters with a meaning only at the start of a line: lists, quotes, setext underlines.
_LEADING = re.compile(r"^([-+=])")
_LEADING_NUMBER = re.compile(r"^(\d+)([.)])")
#: A URL an autolink can carry as is; anything else is shown as text.
_AUTOLINK = re.compile(r"^(?:https?|mailto):[^\s<>]+$", re.IGNORECASE)

_SENTINEL = "# end-of-body"


@cache
def _parser() -> MarkdownIt:
    """Raw HTML on, as in the renderers a reader may use: a body's HTML block must stay put."""
    return MarkdownIt("commonmark", {"html": True})


def inline(text: str) -> str:
    """One line of literal text: whitespace runs (newlines too) collapse, markup is escaped."""
    text = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _LEADING_NUMBER.sub(r"\1\\\2", _LEADING.sub(r"\\\1", text))


def _url(url: str) -> str:
    return f"<{url}>" if _AUTOLINK.match(url) else inline(url)


def _parse_with_sentinel(lines: list[str]) -> tuple[list[Token], int]:
    """Tokens of the body followed by a heading that only a body left open would swallow."""
    return _parser().parse("\n".join([*lines, "", _SENTINEL])), len(lines) + 1


def _close_open_block(lines: list[str], tokens: list[Token], end: int) -> bool:
    """Close or defuse the top-level block running past the body's end; False if none."""
    for token in reversed(tokens):
        if token.level != 0 or token.map is None or token.map[1] <= end:
            continue
        if token.type == "fence":
            lines.append(token.markup)
            return True
        if token.type == "html_block":
            line = lines[token.map[0]]
            start = line.index("<")
            lines[token.map[0]] = f"{line[:start]}\\{line[start:]}"
            return True
    return False


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
    """A section body that cannot reach outside its section (see the module docstring)."""
    lines = body.strip("\n").split("\n")
    if lines == [""]:
        return ""
    tokens, end = _parse_with_sentinel(lines)
    while _close_open_block(lines, tokens, end):
        tokens, end = _parse_with_sentinel(lines)
    _demote(lines, tokens, end)
    return "\n".join(lines)


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
    out += _block("## Verdict", _rows(article.verdict.rows))
    out += _block("## Executive summary", contained(article.summary))
    for section in article.sections:
        out += _block(f"## {section.number}. {inline(section.heading)}", contained(section.body))
    bottom = article.bottom_line
    out += _block("## Bottom line", contained(bottom.body))
    if bottom.established:
        out += _block("### What is established", _items(bottom.established))
    if bottom.unresolved:
        out += _block("### What remains unresolved", _items(bottom.unresolved))
    if article.sources:
        out += _block("## Sources", [line for s in article.sources for line in _source(s)])
    if article.methodology:
        out += _block("## Methodology", *(inline(text) for text in article.methodology))
    if article.corrections:
        out += _block("## Corrections", [
            f"- **{inline(c.date) or 'Undated'}:** {inline(c.what)}"
            + (f" Why: {inline(c.why)}" if c.why else "")
            for c in article.corrections
        ])
    return "\n".join(out).rstrip("\n") + "\n"
