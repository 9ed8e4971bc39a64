"""A source's preserved copies on screen: its archived copies and its captures, listed,
and a capture saved out to a file.

Shared by the source form and the read-only source view, which list them alike and both
save a capture out (``w`` in the view, ``ctrl+o`` in both: the form's fields take letters).
The bytes are read from the case file only then, never before, and checked against the
capture's SHA-256 (``casefile.captures``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from workbench.model import Capture, Case, Source
from workbench.tui.prompt import TextPrompt


def size_text(size: int) -> str:
    """A file's size as a person reads it: "812 bytes", "14.2 KB", "3.1 MB"."""
    if size < 1024:
        return f"{size} byte{'s' * (size != 1)}"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def preserved_rows(source: Source, row: Callable[[str, Widget], Widget]) -> Iterator[Widget]:
    """A heading, then one ``row(label, value)`` an archived copy and a capture; nothing
    when the source has neither."""
    copies, captures = source.archived_copies, source.captures
    if not copies and not captures:
        return
    yield Static("Preserved copies", classes="form-heading")
    for index, copy in enumerate(copies, 1):
        about = ", ".join(part for part in (copy.archive, copy.captured) if part)
        yield row(f"Archived {index}", Static(
            Content.assemble(copy.url, (f"  {about}" if about else "", "dim")),
            id=f"archived-copy-{index}", classes="value"))
    for index, capture in enumerate(captures, 1):
        yield row(f"Capture {index}", Static(
            Content.assemble(capture.name,
                             (f"  {capture.media_type} · {size_text(capture.size)} · "
                              f"sha256 {capture.sha256[:12]}…", "dim")),
            id=f"capture-{index}", classes="value"))


class SavesCaptures:
    """Saving one of ``source``'s captures out, for a screen showing a source of ``case``.

    ``path`` is the case file to read from; None: that of the screen below showing this
    very case (the case screen, which has its ``path``).
    """

    case: Case
    source: Source
    path: Path | None = None

    def can_save_capture(self) -> bool:
        return bool(self.source.captures) and self._case_path() is not None

    def _case_path(self) -> Path | None:
        if self.path is not None:
            return self.path
        assert isinstance(self, Screen)
        for screen in reversed(self.app.screen_stack):
            if screen is not self and getattr(screen, "case", None) is self.case:
                path = getattr(screen, "path", None)
                return path if isinstance(path, Path) else None
        return None

    def action_save_capture(self) -> None:
        """Ask which capture (when there are several) and where, then write it out."""
        assert isinstance(self, Screen)
        captures = self.source.captures
        if len(captures) == 1:
            self._ask_where(captures[0])
            return

        def chosen(typed: str | None) -> None:
            if typed is None:
                return
            if not (typed.isascii() and typed.isdigit()
                    and 1 <= int(typed) <= len(captures)):
                self.notify(f"No capture {typed!r}: type 1 to {len(captures)}",
                            severity="warning", markup=False)
                return
            self._ask_where(captures[int(typed) - 1])

        self.app.push_screen(TextPrompt(f"Save which capture? (1 to {len(captures)})",
                                        required="its number"), chosen)

    def _ask_where(self, capture: Capture) -> None:
        assert isinstance(self, Screen)

        def save(typed: str | None) -> None:
            if typed:
                self._save_out(capture, Path(typed).expanduser())

        self.app.push_screen(TextPrompt(f"Save {capture.name} to", capture.name,
                                        placeholder="a file name or path",
                                        required="where to save it"), save)

    def _save_out(self, capture: Capture, output: Path) -> None:
        """Read the capture's bytes from the case file and write them to ``output``; an
        existing file is left alone (the command line's --force replaces one)."""
        from workbench.casefile import CaseFile
        from workbench.casefile.captures import save_capture
        from workbench.errors import UserFacingError

        assert isinstance(self, Screen)
        path = self._case_path()
        if path is None:
            return
        try:
            with CaseFile.open(path, read_only=True) as case_file:
                save_capture(case_file, capture, output)
        except UserFacingError as error:
            self.notify(str(error).replace("with --force", "elsewhere, or remove it first"),
                        severity="error", markup=False)
            return
        self.notify(f"Saved {capture.name} to {output} (SHA-256 checked)", markup=False)
