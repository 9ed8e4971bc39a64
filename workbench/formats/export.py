"""Every export, by name: the CLI's ``--format`` and the TUI's export command share this.

Readiness decides whether an export is clean: a case with errors is exported only when
forced, and then the output says DRAFT (the article's stamp; ``creativeWorkStatus`` in
ClaimReview). The lossless case JSON is a backup, not a publication, so it is never
stamped and never blocked.

``write_atomically`` puts an export on disk whole or not at all, for the CLI's ``-o`` and
the TUI's export dialog alike.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from workbench.config import Config
from workbench.model import Case

#: Format name -> the file suffix an export of that format gets by default.
EXPORT_FORMATS = {
    "md": ".md",
    "html": ".html",
    "txt": ".txt",
    "json": ".json",
    "claimreview": ".jsonld",
}
UNCHECKED_FORMATS = frozenset({"json"})


def render(case: Case, format_name: str, *, config: Config, url: str = "",
           draft: bool = False) -> str:
    """The case in ``format_name`` (a key of EXPORT_FORMATS) as text."""
    if format_name == "json":
        from workbench.formats.case_json import case_to_json

        return case_to_json(case)
    if format_name == "claimreview":
        import json

        from workbench.formats.claimreview import claimreview_document

        document = claimreview_document(case, config=config, url=url)
        if draft:
            document["creativeWorkStatus"] = "Draft"
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    from workbench.formats.article import build_article

    article = build_article(case, draft=draft)
    if format_name == "md":
        from workbench.formats.markdown_export import render_markdown

        return render_markdown(article)
    if format_name == "txt":
        from workbench.formats.text_export import render_text

        return render_text(article)
    if format_name == "html":
        from workbench.formats.claimreview import claimreview_document
        from workbench.formats.html_export import render_html

        return render_html(article, claimreview=claimreview_document(case, config=config,
                                                                     url=url))
    raise ValueError(f"unknown export format {format_name!r}")


class ExportError(Exception):
    """An export could not be written; the message is one line that names the file."""


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: a temporary file beside it, then a
    rename over it, so a reader (or a crash) never meets half an article.

    The new file gets the permissions an ordinary new file would (the umask applies, where
    ``tempfile.mkstemp`` would make it private), and a file it replaces keeps its own.
    Raises ``ExportError`` with one line, and then leaves nothing behind.
    """
    if path.is_dir():
        raise ExportError(f"{path}: is a directory")
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(f"{folder}: no such folder")
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = None
    temporary, handle = _create_beside(path)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            # On disk before the rename: after a crash the name holds the old file or the
            # new one, never an empty one.
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ExportError(f"{path}: cannot be written ({_reason(error)})") from None


def _create_beside(path: Path) -> tuple[Path, int]:
    """A new hidden file in ``path``'s folder, opened for writing, and its name."""
    for _ in range(100):
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            # 0o666 and no more: the umask takes off what the user's files never get.
            return temporary, os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as error:
            raise ExportError(f"{path}: cannot be written ({_reason(error)})") from None
    raise ExportError(f"{path}: cannot be written (no free temporary name beside it)")


def _reason(error: OSError) -> str:
    """The system's words for what went wrong ("Permission denied"), without the path."""
    return error.strerror or str(error)
