"""Exporting from the TUI: the same exports as ``workbench export``, asked for in a dialog.

One ``ExportFlow`` per export, started from the case screen (on the case as it is in
memory) or from the library (on a case file): the case and its readiness are read on a
worker, the dialog asks for format and file (and refuses an incomplete ClaimReview unless
the user chooses to write it marked Incomplete), a file already there is replaced only when
the user says so, and the export is written on a worker, whole or not at all
(``write_atomically``). The outcome is a notification naming the full path; a failure is
one line, never a traceback, and leaves no file behind.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.screen import Screen

from workbench.analysis.checks import Finding, Severity, run_checks
from workbench.config import Config
from workbench.formats.export import UNCHECKED_FORMATS
from workbench.model import Case
from workbench.tui.export_dialog import FORMAT_LABELS, ExportDialog, ExportRequest


class ExportFlow:
    """Reads a case, asks where to export it, and writes it there."""

    def __init__(self, screen: Screen[object], case_path: Path, load: Callable[[], Case]
                 ) -> None:
        """``load`` gives the case to export; it runs on a worker thread and may raise
        (a ``CaseFileError`` for a file that cannot be read)."""
        self.screen = screen
        self.app = screen.app
        self.case_path = case_path
        self.load = load
        self.case: Case | None = None
        #: The readiness errors of ``case``: an export of it is a DRAFT.
        self.errors: list[Finding] = []
        #: Why the case's ClaimReview may not go out as it is; "" when it is complete.
        self.claimreview_refusal = ""
        config = getattr(self.app, "config", None)
        self.config = config if isinstance(config, Config) else Config()

    def start(self) -> None:
        self.screen.run_worker(self._prepare, thread=True, group="export", name="export")

    # Worker threads

    def _prepare(self) -> None:
        from workbench.formats.export import claimreview_refusal

        try:
            case = self.load()
            errors = [finding for finding in run_checks(case, scales=self.config.scales)
                      if finding.severity is Severity.ERROR]
            refusal = claimreview_refusal(case, config=self.config)
        except Exception as error:  # A damaged file, a vanished one: say so, keep going.
            self.app.call_from_thread(self._failed, f"{error}")
            return
        self.case, self.errors, self.claimreview_refusal = case, errors, refusal
        self.app.call_from_thread(self._ask, "md", None)

    def _write(self, request: ExportRequest) -> None:
        from workbench.formats.export import export_bytes, write_atomically

        assert self.case is not None
        try:
            data = export_bytes(self.case, request.format, config=self.config,
                                draft=request.draft)
            write_atomically(request.path, data)
        except Exception as error:
            # ExportError says which file and why; anything else is still one line.
            self.app.call_from_thread(self._failed, f"{error}")
            return
        self.app.call_from_thread(self._written, request)

    # The UI thread

    def _ask(self, format_name: str, path: Path | None) -> None:
        assert self.case is not None
        dialog = ExportDialog(self.case.title or self.case.claim.text, self.case_path,
                              self.errors, format_name=format_name, path=path,
                              claimreview_refusal=self.claimreview_refusal)
        self.app.push_screen(dialog, self._chosen)

    def _chosen(self, request: ExportRequest | None) -> None:
        if request is None:
            return
        if request.path.exists():
            from workbench.tui.confirm import Confirm

            def answered(replace: bool | None) -> None:
                if replace:
                    self._start_write(request)
                else:
                    # Back to the dialog, to choose another name.
                    self._ask(request.format, request.path)

            self.app.push_screen(
                Confirm("Replace the file?",
                        f"{request.path} already exists. Replace it with this export?",
                        yes="Replace"),
                answered,
            )
            return
        self._start_write(request)

    def _start_write(self, request: ExportRequest) -> None:
        self.screen.run_worker(lambda: self._write(request), thread=True, group="export",
                               name="export-write")

    def _written(self, request: ExportRequest) -> None:
        what = FORMAT_LABELS[request.format].split(":")[0]
        if request.draft:
            count = len(self.errors)
            title = "Exported as DRAFT"
            what += (f", stamped DRAFT ({count} readiness error{'s' * (count != 1)})"
                     if request.format not in UNCHECKED_FORMATS else "")
        else:
            title = "Exported"
        if request.incomplete:
            what += ", marked Incomplete"
        self.app.notify(f"{what}: {request.path}", title=title, markup=False, timeout=10)

    def _failed(self, reason: str) -> None:
        self.app.notify(reason, title="Export failed", severity="error", markup=False,
                        timeout=10)
