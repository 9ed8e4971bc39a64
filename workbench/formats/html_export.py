"""The article as one standalone HTML5 file: readable on screen, printable, safe to publish.

Everything a case holds is untrusted text, since cases travel between people and arrive by
import. So every user string is escaped; section bodies are rendered from Markdown with raw
HTML disabled; only http(s) and mailto links (and in-page fragments) survive, and only
http(s) images (``safe_href``, the rule every export links by); URLs are percent-encoded so
the file also validates; and the ClaimReview JSON-LD is serialised so that no string in it
can close its ``<script>`` element.
"""

from __future__ import annotations

import json
import re
from functools import cache
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from workbench.formats.article import (
    RIGHT_OF_REPLY_HEADING,
    Article,
    EvidenceTable,
    Row,
    SourceEntry,
    body_heading_levels,
    safe_href,
)
from workbench.formats.article_sources import ARCHIVED_COPIES

_CITATION = re.compile(r"\[(\d+)\]")
#: A language tag in BCP 47 shape; anything else would make the file invalid.
_LANGUAGE = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")

_STYLE = """
:root { color-scheme: light; }
body { margin: 2rem auto; max-width: 42rem; padding: 0 1rem; color: #111; background: #fff;
  font: 1.05rem/1.6 Georgia, "Times New Roman", serif; }
h1, h2, h3, h4, h5, h6, dt { font-family: system-ui, sans-serif; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; break-after: avoid; }
h1 { font-size: 1.9rem; }
a { color: #0645ad; }
a.citation { text-decoration: none; }
dl { margin: 0; }
dl div { display: flex; gap: 0.5rem; }
dt { font-weight: 600; flex: 0 0 8.5rem; }
dd { margin: 0; }
.verdict { border: 2px solid #222; border-radius: 6px; padding: 0.75rem 1rem; margin: 1.5rem 0;
  break-inside: avoid; }
.verdict h2 { margin-top: 0; font-size: 1.2rem; }
.verdict .rating dd { font-weight: 700; font-size: 1.15rem; }
ol.sources { list-style: none; padding: 0; }
ol.sources > li { margin: 0 0 1rem; break-inside: avoid; }
ol.sources dl { font-size: 0.92rem; }
.source-number { font-weight: 700; }
table.evidence { border-collapse: collapse; font-size: 0.92rem; margin: 0.5rem 0; }
table.evidence th, table.evidence td { border: 1px solid #bbb; padding: 0.2rem 0.4rem;
  text-align: left; vertical-align: top; }
table.evidence th[scope="row"] { font-weight: 400; }
.byline, .dateline { margin: 0.2rem 0; font-family: system-ui, sans-serif; color: #444; }
.correction-notice { border-left: 4px solid #b36b00; background: #fff6e5; margin: 1rem 0;
  padding: 0.25rem 1rem; break-inside: avoid; }
img { max-width: 100%; }
@media (max-width: 36rem) { dl div { display: block; } }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  a { color: inherit; }
  section.body a[href^="http"]::after { content: " <" attr(href) ">"; font-size: 0.85em; }
}
"""
#: Only in a draft: a stamp at the top and a watermark that print repeats on every page.
_DRAFT_STYLE = """.draft-stamp { border: 3px solid #b00; color: #b00; padding: 0.3rem;
  font: 700 1rem system-ui, sans-serif; letter-spacing: 0.2em; text-align: center; }
body::after { content: "DRAFT"; position: fixed; top: 40%; left: 0; right: 0;
  text-align: center; font: 700 9rem system-ui, sans-serif; color: rgb(176 0 0 / 0.08);
  transform: rotate(-30deg); pointer-events: none; }
"""


@cache
def _parser() -> MarkdownIt:
    """CommonMark with raw HTML off; HTML5 void elements, not XHTML's ``<br />``."""
    return MarkdownIt("commonmark", {"html": False, "xhtmlOut": False})


def _citations(text: str, sources: frozenset[int]) -> list[Token]:
    """A text token split so that each ``[n]`` naming a source links to its entry."""
    tokens: list[Token] = []
    position = 0
    for match in _CITATION.finditer(text):
        if int(match.group(1)) not in sources:
            continue
        if match.start() > position:
            tokens.append(Token("text", "", 0, content=text[position : match.start()]))
        tokens += [
            Token("link_open", "a", 1,
                  attrs={"href": f"#source-{match.group(1)}", "class": "citation"}),
            Token("text", "", 0, content=match.group(0)),
            Token("link_close", "a", -1),
        ]
        position = match.end()
    if position < len(text):
        tokens.append(Token("text", "", 0, content=text[position:]))
    return tokens


def _filtered(children: list[Token], sources: frozenset[int]) -> list[Token]:
    """Inline tokens with disallowed links unwrapped, bad images dropped, citations linked."""
    out: list[Token] = []
    #: For each open link: whether it was kept (a kept link must not nest a citation link).
    links: list[bool] = []
    for token in children:
        if token.type == "link_open":
            href = safe_href(str(token.attrGet("href") or ""))
            links.append(href is not None)
            if href is not None:
                token.attrSet("href", href)
                out.append(token)
        elif token.type == "link_close":
            if links.pop():
                out.append(token)
        elif token.type == "image":
            src = safe_href(str(token.attrGet("src") or ""), images=True)
            if src is None:  # keep what the image said, as text
                out += _filtered(token.children or [], sources)
            else:
                token.attrSet("src", src)
                out.append(token)
        elif token.type == "text" and not any(links):
            out += _citations(token.content, sources)
        else:
            out.append(token)
    return out


def body_html(markdown: str, sources: frozenset[int]) -> str:
    """A section body as HTML, its headings below the article's own and its links vetted."""
    parser = _parser()
    env: dict[str, Any] = {}
    tokens = parser.parse(markdown, env)
    opening = [token for token in tokens if token.type == "heading_open"]
    closing = [token for token in tokens if token.type == "heading_close"]
    levels = body_heading_levels([int(token.tag[1]) for token in opening])
    for heading_open, heading_close, level in zip(opening, closing, levels, strict=True):
        heading_open.tag = heading_close.tag = f"h{level}"
    for token in tokens:
        if token.type == "inline":
            token.children = _filtered(token.children or [], sources)
    return parser.renderer.render(tokens, parser.options, env)


def json_ld(data: dict[str, Any]) -> str:
    """JSON that is inert inside ``<script>``: no ``<``, ``>`` or ``&`` appear literally."""
    text = json.dumps(data, ensure_ascii=True, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _rows(rows: tuple[Row, ...], class_: str = "") -> list[str]:
    if not rows:
        return []
    out = [f'<dl class="{class_}">' if class_ else "<dl>"]
    for row in rows:
        css = f' class="{row.label.lower().replace(" ", "-")}"'
        out.append(f"<div{css}><dt>{escape(row.label)}</dt><dd>{escape(row.text)}</dd></div>")
    return [*out, "</dl>"]


def _link(url: str, robust: dict[str, str] | None = None) -> str:
    """A link to ``url``; ``robust`` adds the Robust Links attributes (data-originalurl,
    data-versionurl, data-versiondate), each only when it is a safe address or set."""
    href = safe_href(url, images=True)  # http(s) only: a source is something on the web
    if href is None:
        return escape(url)
    attributes = ""
    for name, value in (robust or {}).items():
        if name == "data-versiondate":
            kept: str | None = value
        else:
            kept = safe_href(value, images=True)
        if kept:
            attributes += f' {name}="{escape(kept)}"'
    return f'<a href="{escape(href)}"{attributes}>{escape(url)}</a>'


def _robust(source: SourceEntry) -> dict[str, str]:
    """The Robust Links of the link to a source (robustlinks.mementoweb.org): its address,
    and the copy captured last with its capture time; the archived URL when it has no
    archived copy; nothing when it has neither."""
    latest = source.latest_copy
    if latest is not None:
        return {"data-originalurl": source.url, "data-versionurl": latest.url,
                "data-versiondate": latest.captured}
    if source.archived_url:
        return {"data-originalurl": source.url, "data-versionurl": source.archived_url}
    return {}


def _source(source: SourceEntry) -> list[str]:
    out = [
        f'<li id="source-{source.number}">',
        f'<p><span class="source-number">[{source.number}]</span> '
        f"<cite>{escape(source.title)}</cite></p>",
        # The archived copies are links, below, rather than a row of text.
        *_rows(tuple(row for row in source.details if row.label != ARCHIVED_COPIES),
               "details"),
    ]
    links = [("URL", source.url, _robust(source)),
             ("Archived", source.archived_url,
              {"data-originalurl": source.url} if source.url else {})]
    links += [
        (f"Archived ({', '.join(part for part in (copy.archive, copy.captured) if part)})"
         .removesuffix(" ()"), copy.url,
         {"data-originalurl": source.url if source.url else "",
          "data-versiondate": copy.captured})
        for copy in source.archived_copies
    ]
    if any(url for _, url, _ in links):
        out.append('<dl class="links">')
        out += [
            f"<div><dt>{escape(label)}</dt><dd>{_link(url, robust)}</dd></div>"
            for label, url, robust in links if url
        ]
        out.append("</dl>")
    out += _rows(source.assessment, "assessment")
    return [*out, "</li>"]


def _section(id_: str, heading: str, *content: str, class_: str = "") -> list[str]:
    css = f' class="{class_}"' if class_ else ""
    return [f'<section id="{id_}"{css}>', f"<h2>{heading}</h2>", *content, "</section>"]


def _items(heading: str, items: tuple[str, ...]) -> str:
    if not items:
        return ""
    lines = "".join(f"<li>{escape(item)}</li>" for item in items)
    return f"<h3>{heading}</h3>\n<ul>{lines}</ul>"


def _masthead(article: Article) -> list[str]:
    """Byline, dateline and the latest correction's notice, under the title."""
    head = article.masthead
    out = []
    if head.byline:
        out.append(f'<p class="byline">{escape(head.byline)}</p>')
    if head.dateline:
        out.append(f'<p class="dateline">{escape(head.dateline)}</p>')
    if head.notice is not None:
        out.append(f'<aside class="correction-notice"><p><strong>{escape(head.notice_label)}:'
                   f"</strong> {escape(head.notice_text)}</p></aside>")
    return out


#: A symbol beside each mark's word, for scanning the table.
_MARK_SYMBOLS = {"supports": "✓", "contradicts": "✗", "silent": "○", "not applicable": "—"}


def _evidence(table: EvidenceTable) -> list[str]:
    """The questions against the sources as a table, each source heading linked to it."""
    heads = "".join(f'<th scope="col"><a class="citation" href="#source-{n}">[{n}]</a></th>'
                    for n in table.sources)
    out = ['<table class="evidence">',
           f'<thead><tr><th scope="col">Question</th>{heads}</tr></thead>', "<tbody>"]
    for number, row in enumerate(table.rows, start=1):
        cells = "".join(
            f'<td class="{mark.replace(" ", "-")}">{_MARK_SYMBOLS[mark]} {mark}</td>'
            if mark else "<td></td>"
            for mark in row.marks
        )
        out.append(f'<tr><th scope="row">Q{number}. {escape(row.question)}</th>{cells}</tr>')
    return [*out, "</tbody>", "</table>"]


def _about(article: Article) -> list[str]:
    """The publisher and its standards pages, as ``<dl>`` rows."""
    head = article.masthead
    rows = []
    if head.organisation:
        href = safe_href(head.organisation_url, images=True)
        name = escape(head.organisation)
        link = f'<a href="{escape(href)}">{name}</a>' if href else name
        rows.append(f"<div><dt>Published by</dt><dd>{link}</dd></div>")
    return rows + [f"<div><dt>{escape(row.label)}</dt><dd>{_link(row.text)}</dd></div>"
                   for row in head.links]


def render_html(article: Article, *, claimreview: dict[str, Any] | None = None) -> str:
    """The whole article as a standalone HTML5 document, with ClaimReview when given."""
    return page(f"Fact check: {escape(article.title)}", language=article.language,
                draft=article.draft, claimreviews=[] if claimreview is None else [claimreview],
                body=article_lines(article))


def page(title: str, *, language: str, draft: bool, claimreviews: list[dict[str, Any]],
         body: list[str], style: str = "") -> str:
    """A standalone HTML5 document: ``title`` (already escaped) in its ``<title>``, each
    ClaimReview as its own JSON-LD script, the draft style when ``draft``, then ``body``'s
    lines inside ``<body>``. ``style`` adds CSS (a roundup's own rules)."""
    language = language if _LANGUAGE.match(language) else "und"
    head = [
        "<!doctype html>",
        f'<html lang="{escape(language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{'DRAFT: ' if draft else ''}{title}</title>",
        f"<style>{_STYLE}{_DRAFT_STYLE if draft else ''}{style}</style>",
    ]
    head += [f'<script type="application/ld+json">\n{json_ld(document)}\n</script>'
             for document in claimreviews]
    lines = [*head, "</head>", "<body>", *body, "</body>", "</html>"]
    return "\n".join(line for line in lines if line) + "\n"


def article_lines(article: Article) -> list[str]:
    """The ``<article>`` element of ``article``, line by line (some lines empty)."""
    sources = frozenset(source.number for source in article.sources)
    title = escape(article.title)
    body = ["<article>"]
    if article.draft:
        body.append('<p class="draft-stamp">DRAFT — not for publication</p>')
    body += [f"<h1>{title}</h1>", *_masthead(article)]
    body += _section("verdict", "Verdict", *_rows(article.verdict.rows), class_="verdict")
    body += _section("summary", escape(article.summary_heading),
                     body_html(article.summary, sources),
                     class_="body")
    for section in article.sections:
        body += _section(f"section-{section.number}",
                         f"{section.number}. {escape(section.heading)}",
                         body_html(section.body, sources), class_="body")
    bottom = article.bottom_line
    body += _section("bottom-line", escape(bottom.heading), body_html(bottom.body, sources),
                     _items("What is established", bottom.established),
                     _items("What remains unresolved", bottom.unresolved), class_="body")
    if article.evidence is not None:
        body += _section("evidence", "Questions and evidence", *_evidence(article.evidence))
    if article.sources:
        entries = [line for source in article.sources for line in _source(source)]
        body += _section("sources", "Sources", '<ol class="sources">', *entries, "</ol>")
    if article.right_of_reply:
        body += _section("right-of-reply", RIGHT_OF_REPLY_HEADING,
                         *(f"<p>{escape(text)}</p>" for text in article.right_of_reply))
    if article.methodology:
        body += _section("methodology", "Methodology",
                         *(f"<p>{escape(text)}</p>" for text in article.methodology))
    if article.corrections:
        items = [
            f"<li><strong>{escape(c.date or 'Undated')}</strong>: {escape(c.what)}"
            + (f" <em>Why:</em> {escape(c.why)}" if c.why else "") + "</li>"
            for c in article.corrections
        ]
        body += _section("corrections", "Corrections", "<ul>", *items, "</ul>")
    about = _about(article)
    if about:
        body += _section("about", "About this fact check", "<dl>", *about, "</dl>")
    return [*body, "</article>"]
