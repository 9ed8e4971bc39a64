"""What an article may link to: one rule for every exporter.

Markdown, HTML and plain text all ask ``safe_href``, so no format lets through a link
another stops (a ``javascript:`` URL, a host that is no plain DNS name), and every href
that passes is percent-encoded the same way.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

#: Characters a URL may carry as they are (RFC 3986 unreserved, sub-delims, ":" and "@").
_URL_SAFE = "!$&'()*+,;=:@-._~"
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_HOST_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def _encoded(text: str, safe: str) -> str:
    """Percent-encode what a URL may not carry, leaving existing escapes alone."""
    return quote(_STRAY_PERCENT.sub("%25", text), safe=safe + "%")


def _host(host: str) -> str | None:
    """The host in ASCII if it is a plain DNS name; an odd host is not worth a link."""
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    labels = ascii_host.rstrip(".").split(".")
    return ascii_host if all(_HOST_LABEL.match(label) for label in labels) else None


def safe_href(url: str, *, images: bool = False) -> str | None:
    """A percent-encoded href for a URL an article may point to, or None when it may not.

    Links may go to http(s), mailto or a fragment of this page; images only to http(s).
    Every exporter asks this one function, so no format lets through what another stops.
    """
    url = url.strip()
    if url.startswith("#") and not images:
        return "#" + _encoded(url[1:], _URL_SAFE + "/?")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme == "mailto" and not images:
        return "mailto:" + _encoded(url[len("mailto:") :], _URL_SAFE + "/?")
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = _host(parts.hostname)
    if host is None:
        return None
    href = f"{scheme}://{host}" + (f":{port}" if port is not None else "")
    href += _encoded(parts.path, _URL_SAFE + "/") or "/"
    if parts.query:
        href += "?" + _encoded(parts.query, _URL_SAFE + "/?")
    if parts.fragment:
        href += "#" + _encoded(parts.fragment, _URL_SAFE + "/?")
    return href
