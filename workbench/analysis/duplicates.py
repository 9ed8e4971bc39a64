"""Duplicate sources: warn before a case cites the same document twice under two numbers.

The same article turns up under many URLs: with or without ``www.`` or ``https``, with a
newsletter's tracking parameters, with a trailing slash, or as a Wayback Machine or
archive.today copy. ``normalise_url`` folds those to one key, keeping what tells two
documents apart (the path, the parameters that pick an article). Sources without a URL,
or added by hand before the URL is known, are caught by a near-identical title instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from thefuzz import fuzz

from workbench.model import Case, Source
from workbench.text import normalise_text

#: Query parameters that say how a reader arrived, not which document they read.
TRACKING_PARAMETERS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
    "ttclid", "li_fat_id", "mc_cid", "mc_eid", "igshid", "igsh", "_ga", "_gl", "_hsenc",
    "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "wt_mc",
    "ref_src", "ref_url", "cmp", "cmpid", "ncid", "ocid", "sr_share", "smid",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")
#: Hosts of archive.today, which answers under several names.
ARCHIVE_TODAY = frozenset({
    "archive.today", "archive.ph", "archive.is", "archive.li", "archive.vn", "archive.fo",
    "archive.md",
})
#: A title at least this alike (token_sort_ratio of normalised titles) is the same title.
TITLE_THRESHOLD = 90

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
#: Addresses without a host, which only need their scheme lowercased.
_OPAQUE = re.compile(r"^(mailto|tel|doi|urn|news|data):", re.IGNORECASE)
_WAYBACK_PATH = re.compile(r"^/web/[^/]*/(.+)$", re.DOTALL)
_EMBEDDED_URL = re.compile(r"https?:/{1,2}", re.IGNORECASE)
_NUMBERS = re.compile(r"\d+")


@dataclass(frozen=True)
class Duplicate:
    """A source already in the case that the candidate seems to repeat, and why."""

    source: Source
    reason: str


def normalise_url(url: str) -> str:
    """A key equal for every spelling of one document's address; ``""`` for no URL.

    The scheme, ``www.``, default ports, a trailing slash, the fragment and tracking
    parameters go; host is lowercased; the remaining query parameters are sorted. An
    archived copy (Wayback Machine, archive.today) stands for the page it copies.
    """
    written = url.strip()
    if not written:
        return ""
    opaque = _OPAQUE.match(written)
    if opaque:
        return opaque.group(1).lower() + written[opaque.end() - 1:]
    text = written if _SCHEME.match(written) else "http://" + written.lstrip("/")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return written  # not a URL we can take apart: compare it as written
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    host = host.removeprefix("www.")
    original = _archived_original(host, text, parts.path)
    if original is not None:
        return normalise_url(original)
    if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    parameters = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name.lower() not in TRACKING_PARAMETERS
        and not name.lower().startswith(TRACKING_PREFIXES)
    )
    key = host + path
    if scheme not in ("http", "https"):
        key = f"{scheme}://{key}"
    if parameters:
        key += "?" + urlencode(parameters)
    if parts.fragment.startswith("!"):
        key += "#" + parts.fragment  # a "#!" route names the page in old single-page sites
    return key


def _archived_original(host: str, url: str, path: str) -> str | None:
    """The URL an archive copy was taken of, or None if ``url`` is no such copy."""
    if host in ("web.archive.org", "archive.org", "wayback.archive.org"):
        # /web/<timestamp, or 2020*, or 20200101id_>/<the original, query and all>
        match = _WAYBACK_PATH.match(path)
        if match is None:
            return None
        start = url.index(match.group(1), url.index("/web/"))
        return _repair_scheme(url[start:])
    if host in ARCHIVE_TODAY:
        # /newest/<url>, /2020.01.01-000000/<url>, /o/AbCd/<url>; a bare /AbCd has none.
        embedded = _EMBEDDED_URL.search(url, url.index(host) + len(host))
        return _repair_scheme(url[embedded.start():]) if embedded else None
    return None


def _repair_scheme(url: str) -> str:
    """``https:/example.org`` (a server merged the slashes) back to ``https://...``."""
    return re.sub(r"^(https?):/(?!/)", r"\1://", url, flags=re.IGNORECASE)


def _url_keys(source: Source) -> set[str]:
    return {key for key in (normalise_url(source.url), normalise_url(source.archived_url))
            if key}


def find_duplicates(case: Case, candidate: Source) -> list[Duplicate]:
    """Sources of ``case`` that ``candidate`` seems to repeat, in citation order.

    A source is a duplicate when a URL of one (its address or its archived copy) is a
    URL of the other once normalised, or when the titles are near-identical. Titles
    whose numbers differ ("Annual report 2020" and "... 2021") are different documents
    however alike the words. The candidate itself (the same id) is never its own
    duplicate, so an edited source can be checked against the rest of its case.
    """
    keys = _url_keys(candidate)
    title = normalise_text(candidate.title)
    found: list[Duplicate] = []
    for source in case.sources:
        if source.id == candidate.id:
            continue
        if keys & _url_keys(source):
            found.append(Duplicate(source, "same URL"))
            continue
        other = normalise_text(source.title)
        if not title or not other or _NUMBERS.findall(title) != _NUMBERS.findall(other):
            continue
        score = fuzz.token_sort_ratio(title, other, full_process=False)
        if score >= TITLE_THRESHOLD:
            found.append(Duplicate(source, f"similar title ({score})"))
    return found
