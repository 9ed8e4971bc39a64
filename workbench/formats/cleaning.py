"""Text fit for any document format: the one cleaning pass every export goes through.

Control characters and other code points no document format accepts (a terminal escape in
a plain-text export, a NUL in HTML) are marked, not dropped, and the whole finished article
is cleaned in one pass, so neither a field nor an exporter can miss it.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from functools import cache
from typing import TypeVar, cast

T = TypeVar("T")

#: C0 and C1 controls (but tab and newline), lone surrogates and noncharacters.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)


def clean(text: str) -> str:
    """User text fit for any document: line breaks normalised, forbidden code points marked.

    A forbidden character is replaced by U+FFFD rather than dropped, so an editor sees that
    something was there.
    """
    return _FORBIDDEN.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def cleaned(value: T) -> T:
    """``value`` with every string in it cleaned, however deep in the article it sits.

    One pass over the finished article rather than a ``clean`` per field: a field added
    later cannot be forgotten. What needs no cleaning is kept as it is, not copied.
    """
    if isinstance(value, str):
        return cast(T, clean(value))
    if isinstance(value, tuple):
        items = tuple(cleaned(item) for item in value)
        unchanged = all(new is old for new, old in zip(items, value, strict=True))
        return value if unchanged else cast(T, items)
    if is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for name in _field_names(type(value)):
            old = getattr(value, name)
            new = cleaned(old)
            if new is not old:
                changes[name] = new
        return cast(T, replace(value, **changes)) if changes else value
    return value


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(field.name for field in fields(kind))
