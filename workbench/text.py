"""Text helpers every layer shares: one folding for comparisons, one slug for file names.

They import nothing of ours, so the case file layer (the library index folds claims and
names files) and the analysis layer (fuzzy matching) need not depend on each other.

People retype claims: with or without accents, curly or straight quotes, "U.S." or "US",
"1,000" or "1000", different capitals. Fuzzy scores and full-text search both do better
when such spellings are folded to one form first, and both sides of a comparison must be
folded the same way, so there is one function for it. It imports nothing heavy: the
library index uses it on every refresh.
"""

from __future__ import annotations

import re
import unicodedata

#: Apostrophes and quote marks that people (and word processors) use interchangeably.
_APOSTROPHES = "'\u2018\u2019\u201a\u201b\u02bc\u02b9\u2032\u0060\u00b4"
_DROPPED_INSIDE_WORDS = re.compile(
    # "don't" -> "dont", "U.S." -> "US", "1,000" -> "1000": the word stays one token.
    rf"(?<=\w)[{_APOSTROPHES}](?=\w)|(?<=\b[^\W\d_])\.(?=[^\W\d_]\b)|(?<=\d),(?=\d{{3}}\b)"
)

#: In ASCII text, everything but letters and digits separates words.
_SEPARATORS = re.compile(r"[\W_]+")
#: The combining accents of Latin, Greek and Cyrillic letters, once NFKD has split them off.
_ACCENTS = re.compile("[\u0300-\u036f]")


def normalise_text(text: str) -> str:
    """Casefolded, accent-free words separated by single spaces; punctuation gone.

    Letters and digits of every script survive (so a Greek or Cyrillic claim still
    matches itself); accents are stripped after NFKD decomposition, which also turns
    ligatures and full-width forms into plain letters.
    """
    if text.isascii():
        text = _SEPARATORS.sub(" ", _DROPPED_INSIDE_WORDS.sub("", text))
    else:
        # Accents go first, so that "café's" is still one word when the apostrophe goes.
        text = _ACCENTS.sub("", unicodedata.normalize("NFKD", text))
        text = "".join(
            # Marks stay: in Devanagari or Thai they are letters, not decoration.
            c if unicodedata.category(c)[0] in "LNM" else " "
            for c in _DROPPED_INSIDE_WORDS.sub("", text)
        )
    return " ".join(text.casefold().split())



def slugify(text: str, *, limit: int = 60) -> str:
    """A file-name-safe stem: ASCII letters and digits joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-")
