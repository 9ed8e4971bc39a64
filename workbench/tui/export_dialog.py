"""The export dialog: which format, to which file, and whether it goes out as a DRAFT.

It decides nothing about the disk: it dismisses with an ``ExportRequest`` and the caller
(``workbench.tui.exporting``) asks before replacing a file and writes it on a worker. A case
with readiness errors is said to have them before anything is written, and the button then
reads "Export as DRAFT", as ``workbench export --force`` would stamp it.

A ClaimReview lacking what a published one needs is refused as the CLI refuses it: the
same one-line reason as a notification, the dialog left open. Writing it anyway, marked
Incomplete, is a button of its own that appears only then, as ``--force`` is an option
of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from workbench.analysis.checks import Finding, Severity
from workbench.formats.export import EXPORT_FORMATS, UNCHECKED_FORMATS
from workbench.tui.dialog import Dialog

#: Format name -> how the list names it.
FORMAT_LABELS = {
    "md": "Markdown article",
    "html": "HTML page: one file, printable, ClaimReview inside",
    "txt": "Plain text article",
    "json": "Case JSON: the whole case, lossless (a backup)",
    "claimreview": "ClaimReview JSON-LD",
    "docx": "Word document: open review comments as Word comments",
}
assert set(FORMAT_LABELS) == set(EXPORT_FORMATS)

#: The button that writes a refused ClaimReview anyway.
INCOMPLETE_BUTTON = "Export marked Incomplete"
#: The case file's own suffix, left off an export's default name ("putin.case.db" -> "putin").
CASE_SUFFIX = ".case.db"


@dataclass(frozen=True)
class ExportRequest:
    """What the user asked for: a format, a file, and whether it is stamped DRAFT."""

    format: str
    path: Path
    draft: bool
    #: A ClaimReview written although incomplete, as the user chose (marked in the file).
    incomplete: bool = False


def export_path(case_path: Path, format_name: str) -> Path:
    """The default file for an export: beside the case file, named like it."""
    name = case_path.name
    stem = name[: -len(CASE_SUFFIX)] if name.endswith(CASE_SUFFIX) else case_path.stem
    return case_path.with_name(stem + EXPORT_FORMATS[format_name])


def with_format_suffix(text: str, format_name: str) -> str:
    """The typed file name with the format's suffix in place of another export's suffix.

    A name the user gave another ending ("notes.markdown") is left as typed.
    """
    path = Path(text)
    if not text.strip() or path.suffix not in EXPORT_FORMATS.values():
        return text
    return str(path.with_suffix(EXPORT_FORMATS[format_name]))


def resolve(text: str, folder: Path) -> Path | None:
    """The file a typed name means: ``~`` expanded, relative to ``folder``; None if blank."""
    if not text.strip():
        return None
    path = Path(text.strip()).expanduser()
    return path if path.is_absolute() else folder / path


def readiness_line(errors: Sequence[Finding], format_name: str) -> Content:
    """What the readiness checks mean for this export."""
    if format_name in UNCHECKED_FORMATS:
        return Content.styled("The case JSON is a backup of the whole case: it is never "
                              "checked or stamped DRAFT.", "$text-muted")
    if not errors:
        return Content.styled("✓ No readiness errors: a clean export.", "$text-success")
    count = len(errors)
    return Content.assemble(
        (f"⚠ {count} readiness error{'s' * (count != 1)}", "bold $text-error"),
        f" (first: {errors[0].message}). Exported anyway, it is stamped DRAFT; "
        "F5 on the case lists them.",
    )


class ExportDialog(Dialog[ExportRequest | None]):
    """Asks for a format and a file; dismisses with the request, or None to cancel."""

    HELP_AREA = "Export"
    DEFAULT_CSS = """
    ExportDialog {
        #export {
            width: 84;
        }
        #export-format {
            height: auto;
            border: none;
            background: $surface;
        }
        #export-readiness {
            margin-top: 1;
            height: auto;
        }
        #export-error {
            color: $text-error;
            height: auto;
            display: none;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("ctrl+s", "export", "Export", id="export.go"),
    ]

    def __init__(self, title: str, case_path: Path, errors: Sequence[Finding], *,
                 format_name: str = "md", path: Path | None = None,
                 claimreview_refusal: str = "") -> None:
        """``claimreview_refusal`` says why the case's ClaimReview may not go out as it is
        (``workbench.formats.export.claimreview_refusal``); "" when it is complete."""
        super().__init__()
        self.claimreview_refusal = claimreview_refusal
        self._title = title
        self.folder = case_path.parent
        self.errors = [finding for finding in errors if finding.severity is Severity.ERROR]
        self.format = format_name
        #: A path given is a second try (the first named a file the user kept): the
        #: cursor goes to the file name.
        self._retry = path is not None
        self._path = path or export_path(case_path, format_name)

    def compose(self) -> ComposeResult:
        with Vertical(id="export", classes="dialog"):
            yield Label("Format", classes="first")
            yield OptionList(
                *(Option(label, id=name) for name, label in FORMAT_LABELS.items()),
                id="export-format", compact=True,
            )
            yield Label("File (replaced only once the export is complete)")
            yield Input(str(self._path), id="export-path", compact=True, select_on_focus=False)
            yield Static(id="export-readiness")
            yield Static(id="export-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="export-go", compact=True)
                yield Button(INCOMPLETE_BUTTON, variant="warning", id="export-incomplete",
                             compact=True)
                yield Button("Cancel", id="export-cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        dialog = self.query_one("#export")
        # Content: a case's title is user text and may hold "[...]".
        dialog.border_title = Content(f"Export “{self._title}”")
        dialog.border_subtitle = "↑↓ format · tab to the file · enter or ctrl+s exports · esc"
        formats = self.query_one("#export-format", OptionList)
        formats.highlighted = list(FORMAT_LABELS).index(self.format)
        if self._retry:
            self._format_taken()
        else:
            formats.focus()
        self._show_readiness()

    @property
    def draft(self) -> bool:
        return bool(self.errors) and self.format not in UNCHECKED_FORMATS

    def _show_readiness(self) -> None:
        line = readiness_line(self.errors, self.format)
        if self.format == "claimreview" and self.claimreview_refusal:
            line = Content.assemble(line, "\n", ("⚠ Incomplete: ", "bold $text-warning"),
                                    f"{self.claimreview_refusal}.")
        self.query_one("#export-readiness", Static).update(line)
        self.query_one("#export-go", Button).label = "Export as DRAFT" if self.draft else "Export"
        # Offered only once an incomplete ClaimReview has been refused, never beforehand.
        self.query_one("#export-incomplete", Button).display = False

    @on(OptionList.OptionHighlighted, "#export-format")
    def _format_chosen(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_id is None or event.option_id == self.format:
            return
        self.format = event.option_id
        path = self.query_one("#export-path", Input)
        path.value = with_format_suffix(path.value, self.format)
        self._show_readiness()

    @on(OptionList.OptionSelected, "#export-format")
    def _format_taken(self) -> None:
        # Enter on a format: on to the file name, which enter then exports.
        path = self.query_one("#export-path", Input)
        path.focus()
        path.cursor_position = len(path.value)

    @on(Input.Changed, "#export-path")
    def _path_changed(self) -> None:
        self._show_error("")

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-go")
    def action_export(self) -> None:
        path = resolve(self.query_one("#export-path", Input).value, self.folder)
        if path is None:
            self._show_error("Type the name of the file to write.")
            return
        if path.is_dir():
            self._show_error(f"{path} is a folder: add a file name.")
            return
        if self.format == "claimreview" and self.claimreview_refusal:
            self.notify(f"{self.claimreview_refusal}; “{INCOMPLETE_BUTTON}” writes it anyway",
                        title="ClaimReview refused", severity="error", markup=False,
                        timeout=10)
            self.query_one("#export-incomplete", Button).display = True
            return
        self.dismiss(ExportRequest(self.format, path, self.draft))

    @on(Button.Pressed, "#export-incomplete")
    def _export_incomplete(self) -> None:
        path = resolve(self.query_one("#export-path", Input).value, self.folder)
        if path is None or path.is_dir():
            self.action_export()  # says what is wrong with the name
            return
        self.dismiss(ExportRequest(self.format, path, self.draft, incomplete=True))

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def _show_error(self, text: str) -> None:
        error = self.query_one("#export-error", Static)
        error.update(text)
        error.display = bool(text)
