"""Finding the ``[n]`` citations in a section's Markdown.

A section cites sources as ``[1]``, several at once as ``[1] [3]``, ``[1][3]`` or ``[1, 3]``.
Markdown also uses square brackets for other things, and mistaking those for citations
would raise false "no such source" errors, so these are not citations:

- links and images, ``[text](url)`` and ``[1](url)``, and reference links ``[text][1]``;
- link reference definitions at the start of a line, ``[1]: https://...``;
- footnote markers, ``[^1]``;
- anything inside a code span or fenced code block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A bracket group of one or more numbers, not opening a link (``(``) or reference (``[x``).
_GROUP = re.compile(r"\[\s*([0-9]+(?:\s*,\s*[0-9]+)*)\s*\](?!\()(?!\[(?!\s*[0-9]))")
_CODE = re.compile(r"(`+)[\s\S]*?\1")
_REFERENCE_DEFINITION_INDENT = re.compile(r"^ {0,3}$")


@dataclass(frozen=True)
class Citation:
    """One cited number and where its bracket group sits in the text."""

    number: int
    start: int
    end: int


def without_code(text: str) -> str:
    """The text with code spans and fenced blocks blanked out, keeping every offset.

    Offsets are kept so a citation or quotation found in the result points at the same
    characters in the original.
    """
    return _CODE.sub(lambda match: " " * len(match.group(0)), text)


def find_citations(text: str) -> list[Citation]:
    """Every citation in reading order; a group such as ``[1, 3]`` gives one per number."""
    masked = without_code(text)
    citations: list[Citation] = []
    previous_end = -1
    for match in _GROUP.finditer(masked):
        start, end = match.span()
        # "[text][1]" is a reference link, but "[1][3]" is two citations.
        if start > 0 and masked[start - 1] == "]" and start != previous_end:
            continue
        if masked.startswith(":", end) and _is_line_start(masked, start):
            continue
        previous_end = end
        citations.extend(
            Citation(int(number), start, end) for number in match.group(1).split(",")
        )
    return citations


def cited_numbers(text: str) -> list[int]:
    """The source numbers a text cites, each once, in the order they are first cited."""
    return list(dict.fromkeys(citation.number for citation in find_citations(text)))


def _is_line_start(text: str, position: int) -> bool:
    """Whether only up to three spaces precede ``position`` on its line (Markdown's rule)."""
    line_start = text.rfind("\n", 0, position) + 1
    return bool(_REFERENCE_DEFINITION_INDENT.match(text[line_start:position]))
