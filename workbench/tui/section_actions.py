"""What the section list's and the section editor's keys do to the case's sections.

Add, rename, change the kind of, move and delete a section from the list; cite a source,
write in ``$EDITOR`` and copy the section from the editor. The keys are bound on those
widgets (so the footer offers them where they apply) and act on the screen, which hands
them here. Structural edits go through ``workbench.editing``, a delete can be undone, and
each edit is saved at once (``CaseEdits``).
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from workbench import editing
from workbench.model import SectionKind
from workbench.tui.case_edits import CaseEdits
from workbench.tui.citation_picker import CitationPicker
from workbench.tui.external_editor import EditorFailed, edit_in_editor
from workbench.tui.open_case import OpenCase
from workbench.tui.prompt import TextPrompt
from workbench.tui.sections_view import SectionList, SectionsView


def section_markdown(heading: str, body: str) -> str:
    """A section as it reads in the article: its heading, then its body."""
    return f"## {heading}\n\n{body.strip()}\n" if heading else f"{body.strip()}\n"


def without_blank_edges(text: str) -> str:
    """``text`` without the blank lines an editor leaves around it (vim's ``o`` on an
    empty file starts it with one); the first line keeps its indentation."""
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines).rstrip()


class SectionActions:
    """The sections' actions on one case screen."""

    def __init__(self, screen: Screen[Any], edits: CaseEdits) -> None:
        self.screen = screen
        self.edits = edits
        #: The case; handed down once it is loaded.
        self.opened: OpenCase | None = None

    @property
    def view(self) -> SectionsView:
        return self.screen.query_one(SectionsView)

    def focus_list(self) -> None:
        self.screen.query_one(SectionList).focus()

    def edit(self) -> None:
        editor = self.view.editor
        if editor.section is not None:
            editor.focus()

    # The list

    def add(self) -> None:
        """Ask for a heading, then add the section after the one highlighted (never after
        the bottom line, which ends the article) and start writing it."""
        def add(heading: str | None) -> None:
            if heading is None or self.opened is None:
                return
            case, view = self.opened.case, self.view
            current = view.current
            after = current.id if current and current.kind is not SectionKind.BOTTOM_LINE else None
            section = editing.add_section(case, heading, after=after)
            view.show(case, select=section.id)
            self.edits.changed(immediate=True)
            view.editor.focus()

        self.screen.app.push_screen(TextPrompt("New section heading"), add)

    def rename(self) -> None:
        section = self.view.current
        if section is None:
            return

        def rename(heading: str | None) -> None:
            if heading is None or heading == section.heading or self.opened is None:
                return
            section.heading = heading
            self.view.show(self.opened.case, select=section.id)
            self.edits.changed(immediate=True)

        self.screen.app.push_screen(TextPrompt("Rename section", section.heading), rename)

    def cycle_kind(self) -> None:
        section = self.view.current
        if section is None or self.opened is None:
            return
        kinds = list(SectionKind)
        section.kind = kinds[(kinds.index(section.kind) + 1) % len(kinds)]
        self.view.show(self.opened.case, select=section.id)
        self.edits.changed(immediate=True)
        self.screen.notify(f"Section kind: {section.kind.label}", markup=False)

    def delete(self) -> None:
        view = self.view
        section = view.current
        if section is None or self.opened is None:
            return
        case = self.opened.case
        sections = case.sections
        index = sections.index(section)
        # The list keeps its place: the next section (or the one before the last) takes it.
        neighbour = (sections[index + 1] if index + 1 < len(sections)
                     else sections[index - 1] if index else None)
        undo = editing.delete_section(case, section.id)
        view.show(case, select=neighbour.id if neighbour else None)
        self.edits.changed(immediate=True, keep_undo=True)
        self.edits.push_undo(undo, section_id=section.id)

    def move(self, offset: int) -> None:
        section = self.view.current
        if section is None or self.opened is None:
            return
        if editing.move_section(self.opened.case, section.id, offset):
            self.view.show(self.opened.case, select=section.id)
            self.edits.changed(immediate=True)

    def copy(self) -> None:
        section = self.view.current
        if section is None:
            return
        self.screen.app.copy_to_clipboard(section_markdown(section.heading, section.body))
        self.screen.notify(f"Copied “{section.heading or 'untitled'}” as Markdown",
                           markup=False)

    # The editor

    def cite(self) -> None:
        """Pick a source and insert its citation ``[n]`` where the cursor is."""
        editor = self.view.editor
        if self.opened is None or editor.section is None:
            return
        if not self.opened.case.sources:
            self.screen.notify("This case has no sources to cite yet.", severity="warning")
            return

        def insert(number: int | None) -> None:
            if number is not None:
                editor.insert_citation(number)
            editor.focus()

        self.screen.app.push_screen(CitationPicker(self.opened.case), insert)

    def external_editor(self) -> None:
        """Edit the section's text in ``$EDITOR``; what it saves replaces the text.

        The new text goes in as one edit of the section editor, so ctrl+z there takes
        back the whole round trip.
        """
        editor = self.view.editor
        section = editor.section
        if section is None:
            return
        try:
            text = edit_in_editor(self.screen.app, section.body)
        except EditorFailed as error:
            self.screen.notify(f"The section was not changed: {error}", severity="error",
                               markup=False)
            return
        text = without_blank_edges(text)
        if text == section.body.rstrip("\n"):
            self.screen.notify("The section is unchanged.")
            return
        section.body = text
        editor.replace_text(text)
        self.view.refresh_case()
        self.edits.changed(immediate=True)
        self.screen.notify("Section updated from the editor.")
