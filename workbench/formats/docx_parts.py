"""The Word document's building blocks: headings, runs, links, bookmarks, shading, and a
section body's Markdown laid out as Word paragraphs.

python-docx writes the package (parts, relationships, comments); what it has no call for,
a hyperlink, a bookmark, a shaded paragraph, is a few elements of WordprocessingML added
here, in the order the schema sets, since Word refuses a file whose elements are out of
order where LibreOffice would not. Every run of text the article writes outside a link is
kept in order (``Writer.runs``), so a review comment can be anchored on the runs of the
part it is about: a range from one run to another is all a Word comment needs.

python-docx looks a style up by name, a new paragraph's place at the body's end and a
link's relationship by scanning, each time: at a thousand sources that is minutes. So the
writer looks each style up once, keeps the body's end, and numbers the links itself.
"""

from __future__ import annotations

import io
import re
from functools import cache

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml.etree import SubElement
from markdown_it import MarkdownIt
from markdown_it.token import Token

from workbench.formats.article import body_heading_levels, safe_href

_CITATION = re.compile(r"\[(\d+)\]")
#: A language tag in BCP 47 shape; anything else is left to Word's default.
_LANGUAGE = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")
MONOSPACE = "Courier New"
#: What follows ``w:pBdr`` and ``w:shd`` in a paragraph's properties, and ``w:shd`` in a
#: cell's: a new element goes before the first of these present.
_AFTER_PARAGRAPH_SHADING = (
    "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
_AFTER_CELL_SHADING = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                       "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge",
                       "w:tcPrChange")
#: Word's deepest heading style.
_DEEPEST = 9
#: The paragraph style of a source's details and assessment, indented under its title.
SOURCE_DETAIL = "Source Detail"
_P, _PPR, _PSTYLE, _VAL = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:val")
_R, _RPR, _T, _BREAK, _TAB = qn("w:r"), qn("w:rPr"), qn("w:t"), qn("w:br"), qn("w:tab")
_FONTS, _BOLD, _ITALIC = qn("w:rFonts"), qn("w:b"), qn("w:i")
_ASCII, _HANSI = qn("w:ascii"), qn("w:hAnsi")
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


def _element(tag: str, **attributes: str) -> BaseOxmlElement:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


class Writer:
    """One Word document being written, top to bottom.

    ``prefix`` starts every bookmark name, so that in a roundup each case's ``[n]`` goes to
    its own source list; ``sources`` are the numbers a ``[n]`` may link to.
    """

    def __init__(self, language: str) -> None:
        self.document: DocumentObject = Document()
        #: Every plain run written, in document order: the ends of a comment's range.
        self.runs: list[Run] = []
        self.prefix = ""
        self.sources: frozenset[int] = frozenset()
        self._bookmarks = 0
        _prepare_styles(self.document, language)
        self._style_ids: dict[str, str] = {}
        #: Each address linked to, and the id of its relationship.
        self._link_ids: dict[str, str] = {}
        body = self.document.element.body
        #: The section properties that end the body: new blocks go before them.
        self._end = body.find(qn("w:sectPr"))

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

    # Blocks

    def new_paragraph(self, style: str | None = None) -> Paragraph:
        """An empty paragraph at the end of the document, in ``style`` (a style's name)."""
        p = self.document.element.makeelement(_P)
        if style is not None:
            SubElement(SubElement(p, _PPR), _PSTYLE, {_VAL: self.style_id(style)})
        if self._end is not None:
            self._end.addprevious(p)
        else:
            self.document.element.body.append(p)
        return Paragraph(p, self.document._body)

    def style_id(self, name: str) -> str:
        if name not in self._style_ids:
            self._style_ids[name] = self.document.styles[name].style_id
        return self._style_ids[name]

    def heading(self, text: str, level: int) -> Paragraph:
        paragraph = self.new_paragraph(f"Heading {min(level, _DEEPEST)}")
        self.text(paragraph, text)
        return paragraph

    def paragraph(self, text: str = "", *, style: str | None = None,
                  label: str = "") -> Paragraph:
        """A paragraph of ``text``, after ``label`` in bold ("Label: text") when given."""
        paragraph = self.new_paragraph(style)
        if label:
            self.text(paragraph, f"{label}: ", bold=True)
        if text:
            self.text(paragraph, text)
        return paragraph

    def shaded(self, paragraph: Paragraph, fill: str, border: str = "") -> None:
        """A background behind ``paragraph``, and a bar of colour down its left side."""
        properties = paragraph._p.get_or_add_pPr()
        if border:
            edges = _element("w:pBdr")
            edges.append(_element("w:left", val="single", sz="24", space="6", color=border))
            properties.insert_element_before(edges, "w:shd", *_AFTER_PARAGRAPH_SHADING)
        properties.insert_element_before(_element("w:shd", val="clear", color="auto",
                                                  fill=fill), *_AFTER_PARAGRAPH_SHADING)

    def shade_cell(self, cell: _Cell, fill: str) -> None:
        properties = cell._tc.get_or_add_tcPr()
        properties.insert_element_before(_element("w:shd", val="clear", color="auto",
                                                  fill=fill), *_AFTER_CELL_SHADING)

    # Runs

    def text(self, paragraph: Paragraph, text: str, *, bold: bool = False,
             italic: bool = False, mono: bool = False) -> Run:
        """A run of ``text`` at the end of ``paragraph``, a newline in it a line break.

        Built with lxml directly: a source list is some twenty runs a source, and
        python-docx's ``add_run`` takes most of the export's time.
        """
        r = SubElement(paragraph._p, _R)
        if bold or italic or mono:
            properties = SubElement(r, _RPR)
            if mono:
                SubElement(properties, _FONTS, {_ASCII: MONOSPACE, _HANSI: MONOSPACE})
            if bold:
                SubElement(properties, _BOLD)
            if italic:
                SubElement(properties, _ITALIC)
        for number, line in enumerate(text.split("\n")):
            if number:
                SubElement(r, _BREAK)
            for index, piece in enumerate(line.split("\t")):
                if index:
                    SubElement(r, _TAB)
                if piece:
                    element = SubElement(r, _T)
                    element.text = piece
                    if piece != piece.strip():
                        element.set(_SPACE, "preserve")
        run = Run(r, paragraph)
        self.runs.append(run)
        return run

    def cited(self, paragraph: Paragraph, text: str, *, bold: bool = False,
              italic: bool = False) -> None:
        """``text`` with each ``[n]`` naming a source linked to its entry in the list."""
        position = 0
        for match in _CITATION.finditer(text):
            if int(match.group(1)) not in self.sources:
                continue
            if match.start() > position:
                self.text(paragraph, text[position:match.start()], bold=bold, italic=italic)
            self.citation(paragraph, int(match.group(1)))
            position = match.end()
        if position < len(text):
            self.text(paragraph, text[position:], bold=bold, italic=italic)

    def citation(self, paragraph: Paragraph, number: int) -> None:
        """``[n]``, a link to source n's bookmark."""
        self._linked(paragraph, f"[{number}]", anchor=self.source_bookmark(number))

    def link(self, paragraph: Paragraph, text: str, url: str) -> None:
        """``text`` linking to ``url`` when it is an address an article may link to (on
        the web or by e-mail); otherwise plain text, as every export treats it."""
        href = safe_href(url)
        if href is None or href.startswith("#"):
            self.text(paragraph, text)
            return
        self._linked(paragraph, text, url=href)

    def _linked(self, paragraph: Paragraph, text: str, *, url: str = "",
                anchor: str = "") -> None:
        run = paragraph.add_run(text)
        run._r.style = self.style_id("Hyperlink")
        link = OxmlElement("w:hyperlink")
        if url:
            if url not in self._link_ids:
                # Ids of our own: python-docx's next free "rIdN" never meets them.
                self._link_ids[url] = f"rIdLink{len(self._link_ids) + 1}"
                self.document.part.rels.add_relationship(
                    RELATIONSHIP_TYPE.HYPERLINK, url, self._link_ids[url], is_external=True)
            link.set(qn("r:id"), self._link_ids[url])
        else:
            link.set(qn("w:anchor"), anchor)
        link.set(qn("w:history"), "1")
        run._r.addprevious(link)
        link.append(run._r)

    def source_bookmark(self, number: int) -> str:
        return f"{self.prefix}source_{number}"

    def bookmark(self, name: str, first: Run, last: Run) -> None:
        """Name the text from ``first`` to ``last`` (runs of one paragraph) ``name``."""
        self._bookmarks += 1
        identifier = str(self._bookmarks)
        first._r.addprevious(_element("w:bookmarkStart", id=identifier, name=name))
        last._r.addnext(_element("w:bookmarkEnd", id=identifier))

    # Markdown

    def markdown(self, body: str, level: int) -> None:
        """A section body, its top headings at ``level`` and the outline below them kept."""
        _BodyWriter(self, level).write(_parser().parse(body))


class _BodyWriter:
    """A body's tokens as paragraphs: headings, paragraphs, lists, quotes and code."""

    def __init__(self, out: Writer, level: int) -> None:
        self.out = out
        self.level = level
        #: Each open list: its next number, or None for a bullet list.
        self.lists: list[int | None] = []
        #: The marker ("• ", "3. ") waiting for the first paragraph of a list item.
        self.marker: str | None = None
        self.quotes = 0

    def write(self, tokens: list[Token]) -> None:
        levels = iter(body_heading_levels(
            [int(t.tag[1]) for t in tokens if t.type == "heading_open"]))
        paragraph: Paragraph | None = None
        for token in tokens:
            kind = token.type
            if kind == "heading_open":
                # The article's sections are at ``level - 1``: ``body_heading_levels``
                # counts from 3, below HTML's <h2> sections.
                level = next(levels) - 3 + self.level
                paragraph = self.out.new_paragraph(f"Heading {min(level, _DEEPEST)}")
            elif kind == "paragraph_open":
                paragraph = self._paragraph()
            elif kind == "inline" and paragraph is not None:
                self._inline(paragraph, token.children or [])
                paragraph = None
            elif kind in ("fence", "code_block"):
                code = self._paragraph()
                lines = token.content.rstrip("\n").split("\n")
                for line in lines[:-1]:
                    self.out.text(code, line, mono=True).add_break()
                self.out.text(code, lines[-1], mono=True)
            elif kind == "hr":
                self.out.paragraph("* * *").alignment = 1  # centred
            elif kind == "blockquote_open":
                self.quotes += 1
            elif kind == "blockquote_close":
                self.quotes -= 1
            elif kind in ("bullet_list_open", "ordered_list_open"):
                start = token.attrGet("start")
                self.lists.append((int(start) if start is not None else 1)
                                  if kind == "ordered_list_open" else None)
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                number = self.lists[-1]
                self.marker = "• " if number is None else f"{number}. "
            elif kind == "list_item_close" and self.lists[-1] is not None:
                self.lists[-1] = (self.lists[-1] or 0) + 1

    def _paragraph(self) -> Paragraph:
        """A paragraph styled for where it is: in a list item (indented by depth, its
        marker written out so numbering starts where the author started it), or a quote."""
        if self.lists:
            depth = min(len(self.lists), 3)
            paragraph = self.out.new_paragraph("List" if depth == 1 else f"List {depth}")
            if self.marker is not None:
                self.out.text(paragraph, self.marker)
                self.marker = None
            return paragraph
        return self.out.new_paragraph("Quote" if self.quotes else None)

    def _inline(self, paragraph: Paragraph, children: list[Token]) -> None:
        bold = italic = 0
        link: list[str] | None = None
        href = ""
        for token in children:
            kind = token.type
            if link is not None and kind in ("text", "code_inline", "softbreak", "image"):
                # A link's words, an image's in it included, are one run of the link.
                link.append(" " if kind == "softbreak" else "".join(
                    child.content for child in token.children or []) if kind == "image"
                    else token.content)
            elif kind == "link_close" and link is not None:
                self.out.link(paragraph, "".join(link), href)
                link = None
            elif kind == "link_open":
                link, href = [], str(token.attrGet("href") or "")
            elif kind == "image":
                words = "".join(child.content for child in token.children or [])
                self.out.link(paragraph, words or "image", str(token.attrGet("src") or ""))
            elif kind == "text":
                self.out.cited(paragraph, token.content, bold=bold > 0, italic=italic > 0)
            elif kind == "code_inline":
                self.out.text(paragraph, token.content, mono=True)
            elif kind == "softbreak":
                self.out.text(paragraph, " ")
            elif kind == "hardbreak":
                self.out.text(paragraph, "").add_break()
            elif kind in ("strong_open", "strong_close"):
                bold += 1 if kind == "strong_open" else -1
            elif kind in ("em_open", "em_close"):
                italic += 1 if kind == "em_open" else -1


def _prepare_styles(document: DocumentObject, language: str) -> None:
    """The styles the article uses that python-docx's template lacks, and its language
    (for Word's spelling), so a new document opens as the article's."""
    styles = document.styles
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    link.font.underline = True
    styles["Normal"].font.size = Pt(11)
    detail = styles.add_style(SOURCE_DETAIL, WD_STYLE_TYPE.PARAGRAPH)
    detail.base_style = styles["Normal"]
    detail.paragraph_format.left_indent = Pt(18)
    detail.paragraph_format.space_after = Pt(2)
    if _LANGUAGE.match(language):
        defaults = styles.element.find(qn("w:docDefaults"))
        tag = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}") \
            if defaults is not None else None
        if tag is not None:
            tag.set(qn("w:val"), language)
