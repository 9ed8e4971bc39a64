"""A roundup: one article from several cases (a debate, a speech checked claim by claim).

Each case keeps the article it has on its own (``build_article``): its verdict box, summary,
sections, its own numbered sources and corrections. The roundup puts them one after another
under its own title, each case's headings one level down, so the outline stays one outline.
A case's ``[n]`` citations must keep pointing at its own source list, so in HTML every id
and in-page link of a case gets that case's prefix (``case-2-source-3``), and in Word every
bookmark (``case2_source_3``). The HTML carries
one ClaimReview per case, each only when complete, as a single case's HTML does.

The case exporters' output is reworked here rather than re-laid: the single-case export
stays exactly as it is, and what it escapes stays escaped (user text cannot hold a tag, an
``id="`` or an ATX heading line, so the rewriting below touches only our own markup).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from html import escape

from markdown_it import MarkdownIt

from workbench.config import Config
from workbench.formats.article import Article, build_article, clean
from workbench.model import Case

#: Formats a roundup can be: the articles. The case JSON and a ClaimReview file are one
#: case's each.
ROUNDUP_FORMATS = ("md", "html", "txt", "docx")
#: Longer than this, the default title names the first case and how many more follow.
_TITLE_LIMIT = 120
_ID = re.compile(r'\b(id|href)="(#?)([^"]*)"')
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
#: The verdict box's heading is one level down in a roundup: keep its look.
_STYLE = ".verdict h3 { margin-top: 0; font-size: 1.2rem; }\narticle.case { margin: 3rem 0; }\n"


def roundup_title(cases: Sequence[Case]) -> str:
    """ "Fact checks: " and the cases' titles, or the first's when they would run long."""
    titles = [case.title or case.claim.text or "Untitled" for case in cases]
    joined = "; ".join(titles)
    if len(joined) > _TITLE_LIMIT:
        joined = f"{titles[0]} and {len(titles) - 1} more"
    return f"Fact checks: {joined}"


def render_roundup(cases: Sequence[Case], format_name: str, *, config: Config, title: str,
                   drafts: Sequence[bool], url: str = "", evidence: bool | None = None) -> str:
    """The cases as one article in ``format_name`` (md, html or txt; docx is
    ``render_roundup_docx``).

    ``drafts`` says, case by case, which are stamped DRAFT. ``url`` is the roundup's
    address: each case's ClaimReview then names it with the case's fragment
    (``URL#case-2``); without it each case's address comes from ``[organisation]
    review_url`` as on its own.
    """
    articles = _articles(cases, config=config, drafts=drafts, evidence=evidence)
    title = clean(title)
    if format_name == "md":
        return _markdown(title, articles)
    if format_name == "txt":
        return _text(title, articles)
    if format_name == "html":
        return _html(title, cases, articles, config=config, url=url)
    raise ValueError(f"a text roundup is md, html or txt, not {format_name!r}")


def render_roundup_docx(cases: Sequence[Case], *, config: Config, title: str,
                        drafts: Sequence[bool], evidence: bool | None = None) -> bytes:
    """The cases as one Word document: as ``render_roundup``, each case's bookmarks its own
    (``case2_source_3``) and its open review comments on its own parts."""
    from workbench.formats.docx_export import render_docx_roundup

    articles = _articles(cases, config=config, drafts=drafts, evidence=evidence)
    return render_docx_roundup(clean(title), cases, articles)


def _articles(cases: Sequence[Case], *, config: Config, drafts: Sequence[bool],
              evidence: bool | None) -> list[Article]:
    if evidence is None:
        evidence = config.organisation.evidence_table
    return [build_article(case, draft=draft, organisation=config.organisation,
                          evidence=evidence) for case, draft in zip(cases, drafts, strict=True)]


def _markdown(title: str, articles: list[Article]) -> str:
    from workbench.formats.markdown_export import inline, render_markdown

    parts = [f"# {inline(title)}\n"]
    parts += [_demoted_markdown(render_markdown(article)) for article in articles]
    return "\n".join(parts)


@cache
def _commonmark() -> MarkdownIt:
    return MarkdownIt("commonmark")


def _demoted_markdown(markdown: str) -> str:
    """Every heading of a case's Markdown one level down (six stays six).

    The exporter writes only ATX headings (it turns a body's setext ones into ATX), so a
    heading's first line holds its ``#`` run, after any container marker (``>``, ``-``,
    ``1.``), and the first ``#`` on that line starts it.
    """
    lines = markdown.split("\n")
    for token in _commonmark().parse(markdown):
        if token.type == "heading_open" and token.map is not None and token.tag != "h6":
            line = lines[token.map[0]]
            at = line.index("#")
            lines[token.map[0]] = line[:at] + "#" + line[at:]
    return "\n".join(lines)


def _text(title: str, articles: list[Article]) -> str:
    from workbench.formats.text_export import flat, render_text

    title = flat(title)
    rule = "=" * min(len(title), 72)
    return "\n".join([title, rule, "", *(render_text(article) for article in articles)])


def _html(title: str, cases: Sequence[Case], articles: list[Article], *, config: Config,
          url: str) -> str:
    from workbench.formats.claimreview import claimreview_document, claimreview_missing
    from workbench.formats.html_export import article_lines, page

    body = ["<article>", f"<h1>{escape(title)}</h1>"]
    documents = []
    for number, (case, article) in enumerate(zip(cases, articles, strict=True), start=1):
        prefix = f"case-{number}"
        address = f"{url}#{prefix}" if url else ""
        # As on its own: search engines reject an incomplete ClaimReview, so none goes in.
        if not claimreview_missing(case, config=config, url=address):
            documents.append(claimreview_document(case, config=config, url=address))
        lines = article_lines(article)
        body += [f'<article id="{prefix}" class="case">',
                 *(_prefixed(line, prefix) for line in lines[1:])]
    body.append("</article>")
    return page(escape(title), language=articles[0].language,
                draft=any(article.draft for article in articles), claimreviews=documents,
                body=body, style=_STYLE)


def _prefixed(line: str, prefix: str) -> str:
    """One line of a case's HTML with its ids and in-page links under ``prefix`` and its
    headings one level down. Escaping leaves no ``"`` or ``<`` of user text raw, so only
    the exporter's own attributes and tags match."""
    line = _ID.sub(lambda m: f'{m[1]}="{m[2]}{prefix}-{m[3]}"' if m[1] == "id" or m[2]
                   else m[0], line)
    return _HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + 1)}", line)
