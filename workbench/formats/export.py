"""Every export, by name: the CLI's ``--format`` and the TUI's export command share this.

Readiness decides whether an export is clean: a case with errors is exported only when
forced, and then the output says DRAFT (the article's stamp; ``creativeWorkStatus`` in
ClaimReview). The lossless case JSON is a backup, not a publication, so it is never
stamped and never blocked. The HTML embeds the case's ClaimReview only when it is complete
(``claimreview_missing``); the CLI refuses an incomplete ClaimReview export.

``write_atomically`` puts an export on disk whole or not at all, for the CLI's ``-o`` and
the TUI's export dialog alike. A Word document (docx) is bytes, not text: ``export_bytes``
gives any format as the file's bytes, ``render`` the text formats as text.
"""

from __future__ import annotations

from pathlib import Path

from workbench import atomic
from workbench.config import Config
from workbench.errors import UserFacingError
from workbench.model import Case

#: Format name -> the file suffix an export of that format gets by default.
EXPORT_FORMATS = {
    "md": ".md",
    "html": ".html",
    "txt": ".txt",
    "json": ".json",
    "claimreview": ".jsonld",
    "docx": ".docx",
}
UNCHECKED_FORMATS = frozenset({"json"})
#: Formats whose file is not text: never printed on a terminal.
BINARY_FORMATS = frozenset({"docx"})


def render(case: Case, format_name: str, *, config: Config, url: str = "",
           draft: bool = False, evidence: bool | None = None) -> str:
    """The case in ``format_name`` (a key of EXPORT_FORMATS but BINARY_FORMATS) as text.

    ``evidence`` puts the evidence table in an article (md, html, txt, docx); None leaves
    it to the config's ``[organisation] evidence_table``.
    """
    if format_name == "json":
        from workbench.formats.case_json import case_to_json

        return case_to_json(case)
    if format_name == "claimreview":
        from workbench.formats.claimreview import claimreview_json, claimreview_missing

        # Never silently partial: whatever writes it (the CLI refuses first, unless forced),
        # a record lacking what a published one needs says so in the file.
        missing = claimreview_missing(case, config=config, url=url)
        return claimreview_json(case, config=config, url=url, draft=draft, incomplete=missing)
    from workbench.formats.article import build_article

    if evidence is None:
        evidence = config.organisation.evidence_table
    article = build_article(case, draft=draft, organisation=config.organisation,
                            evidence=evidence)
    if format_name == "md":
        from workbench.formats.markdown_export import render_markdown

        return render_markdown(article)
    if format_name == "txt":
        from workbench.formats.text_export import render_text

        return render_text(article)
    if format_name == "html":
        from workbench.formats.claimreview import claimreview_document, claimreview_missing
        from workbench.formats.html_export import render_html

        # Search engines reject a ClaimReview without its address or rating, and a page
        # carrying one is worse than a page carrying none: only a complete one goes in.
        complete = not claimreview_missing(case, config=config, url=url)
        return render_html(article, claimreview=claimreview_document(case, config=config,
                                                                     url=url)
                           if complete else None)
    raise ValueError(f"unknown export format {format_name!r}")


def export_bytes(case: Case, format_name: str, *, config: Config, url: str = "",
                 draft: bool = False, evidence: bool | None = None) -> bytes:
    """The case in ``format_name`` (any key of EXPORT_FORMATS) as the file's bytes."""
    if format_name != "docx":
        return render(case, format_name, config=config, url=url, draft=draft,
                      evidence=evidence).encode("utf-8")
    from workbench.formats.article import build_article
    from workbench.formats.docx_export import render_docx

    if evidence is None:
        evidence = config.organisation.evidence_table
    return render_docx(case, build_article(case, draft=draft, organisation=config.organisation,
                                           evidence=evidence))


def claimreview_refusal(case: Case, *, config: Config, url: str = "") -> str:
    """Why the case's ClaimReview may not go out as it is, in one line naming what
    supplies each missing property (and the config file, when there is one); "" when it
    is complete. The CLI and the TUI refuse with it, each adding how to force it."""
    lacks = claimreview_lacks(case, config=config, url=url)
    if not lacks:
        return ""
    where = f" (config file: {config.path})" if config.path is not None else ""
    return f"the ClaimReview lacks what a published one needs: {lacks}{where}"


def claimreview_lacks(case: Case, *, config: Config, url: str = "") -> str:
    """What the case's ClaimReview lacks, each with what supplies it: "url (pass --url or
    set [organisation] review_url), author (…)"; "" when it is complete."""
    from workbench.formats.claimreview import claimreview_missing

    return ", ".join(f"{m.field} ({m.supply})"
                     for m in claimreview_missing(case, config=config, url=url))


class ExportError(UserFacingError):
    """An export could not be written; the message is one line that names the file."""


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write an export whole or not at all (``workbench.atomic``): a reader, a crash or a
    full disk never meets half an article, a symlink is written through, and a replaced
    file keeps its permissions. Raises ``ExportError`` with one line, leaving nothing."""
    if path.is_dir():
        raise ExportError(f"{path}: is a directory")
    if not path.parent.is_dir():
        raise ExportError(f"{path.parent}: no such folder")
    try:
        atomic.write_atomically(path, text if isinstance(text, bytes) else text.encode("utf-8"))
    except OSError as error:
        raise ExportError(f"{path}: cannot be written ({error.strerror or error})") from None
