"""Text from a case or an import made safe to show on a terminal, and in JSON printed there.

A case file or an imported document is someone else's text. Printed raw, an ESC or C1
control in a title can clear the screen, retitle the window or write the clipboard
(OSC 52), and a bidi override can make a line read differently from its bytes ("Trojan
Source"). So every line the command line prints passes through ``terminal_safe``, which
shows such characters as visible Python-style escapes instead: ``\\x1b`` for ESC, ``\\x9b``
for a C1 control, ``\\u202e`` for a bidi override, ``\\ud800`` for a lone surrogate, and
``\\xff`` for a byte that was not UTF-8 (in an argument or a file name). A backslash
typed in the text is left alone, so ``\\x1b`` on screen may also be those four
characters: the point is that nothing is executed.

A screen laid out cell by cell (the TUI) cannot show an escape in place of a character
that takes no cell without moving everything after it: ``drop_controls`` removes such
characters instead.

JSON needs no such rendering: ``json_safe`` writes the same characters as ``\\uXXXX``
escapes, which a JSON parser reads back as the very same value.

Imports nothing beyond ``re``: the command line loads it before anything else.
"""

from __future__ import annotations

import re

#: C0 controls but tab and newline, DEL, C1 controls, the bidi embeddings and overrides
#: (U+202A-U+202E) and isolates (U+2066-U+2069), and surrogates (never valid text).
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_IN_LINE = re.compile(f"[\n{_UNSAFE}]")
_UNSAFE_IN_BLOCK = re.compile(f"[{_UNSAFE}]")
#: The characters JSON text may carry raw (``ensure_ascii=False``) but a terminal must not:
#: JSON already escapes every C0 control, so what is left is DEL, C1, bidi and surrogates.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: For a screen: every control and bidi character (all zero cells wide), and surrogates.
_UNSAFE_ON_SCREEN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


#: The escapes a reader knows by sight; every other character gets its code.
_NAMED = {"\n": "\\n", "\r": "\\r"}
#: ``surrogateescape`` decodes a byte 0x80-0xFF that is not UTF-8 as U+DC80-U+DCFF.
_ESCAPED_BYTES = 0xDC80


def _visible(match: re.Match[str]) -> str:
    character = match.group()
    if character in _NAMED:
        return _NAMED[character]
    code = ord(character)
    if _ESCAPED_BYTES <= code < _ESCAPED_BYTES + 0x80:
        # Python's stand-in for a byte that was not UTF-8 (an argument, a file name):
        # shown as that byte.
        code -= _ESCAPED_BYTES - 0x80
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str, *, multiline: bool = False) -> str:
    """``text`` with every character that could act on a terminal shown as an escape.

    One line by default: a newline in it is shown as ``\\n`` too, so a title cannot forge
    a second line of output. ``multiline`` keeps newlines, for output that is a block of
    lines by design (an exported article, a diff). Tabs are always kept.
    """
    pattern = _UNSAFE_IN_BLOCK if multiline else _UNSAFE_IN_LINE
    return pattern.sub(_visible, text)


def drop_controls(text: str) -> str:
    """``text`` without control and bidi characters, for one line of a cell-laid screen.

    Each of them is zero cells wide, so dropping it moves nothing else on the line; what
    follows an ESC ("[2J", "]52;c;...") stays visible, showing that the text held one. A
    lone surrogate, one cell wide, becomes U+FFFD. Newlines and tabs go too: a rendered
    line holds neither.
    """
    if not _UNSAFE_ON_SCREEN.search(text):
        return text
    return _UNSAFE_ON_SCREEN.sub(
        lambda match: "\ufffd" if match.group() >= "\ud800" else "", text)


def json_safe(json_text: str) -> str:
    """JSON text with DEL, C1 controls, bidi controls and surrogates as ``\\uXXXX`` escapes.

    These characters can only occur inside JSON strings (JSON's own syntax is ASCII), where
    ``\\uXXXX`` is the same character: the document parses to the same value, byte for byte
    unchanged when it holds none of them.
    """
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", json_text)
