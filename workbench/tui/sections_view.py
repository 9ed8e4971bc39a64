"""The sections: a list of headings and an editor for the Markdown body of the one highlighted.

One editor for the highlighted section, not one per section: a case with 100 sections
opens as fast as one with three, and the list stays a plain OptionList. Structural edits
(add, rename, reorder, delete) are the screen's actions, bound here on the list so the
footer offers them when the list has focus; this view only shows and reports. A section
with open review comments is marked in the list ("●1").
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from workbench.model import Case, Section
from workbench.tui.autosave import CaseChanged
from workbench.tui.help_screen import key_for
from workbench.tui.markers import MARKER_STYLE, marker
from workbench.tui.section_editor import SectionEditor, invalid_citations


def section_prompt(section: Section, *, broken: bool = False, comments: int = 0) -> Content:
    """The heading, the kind unless the heading already says it, ⚠ for broken citations
    and a marker for open review comments."""
    heading = section.heading or "(untitled section)"
    parts: list[Content | tuple[str, str]] = []
    if broken:
        parts.append(("⚠ ", "bold $text-error"))
    if comments:
        parts.append((f"{marker(comments)} ", MARKER_STYLE))
    parts.append((heading, "bold"))
    if heading.casefold() != section.kind.label.casefold():
        parts.append((f"  {section.kind.label}", "dim"))
    return Content.assemble(*parts)


def citation_warning(numbers: list[int]) -> str:
    """The line under the editor naming each citation that points at no source."""
    if not numbers:
        return ""
    cited = ", ".join(f"[{number}]" for number in numbers)
    verb = "has" if len(numbers) == 1 else "have"
    return f"⚠ {cited} {verb} no source"


class SectionList(OptionList):
    """The headings; its keys act on the highlighted section."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "screen.add_section", "Add", id="sections.add"),
        Binding("r", "screen.rename_section", "Rename", id="sections.rename"),
        Binding("d", "screen.delete_section", "Delete", id="sections.delete"),
        Binding("k", "screen.cycle_section_kind", "Kind", show=False, id="sections.kind"),
        Binding("shift+up,left_square_bracket", "screen.move_section(-1)", "Move up",
                show=False, id="sections.move_up"),
        Binding("shift+down,right_square_bracket", "screen.move_section(1)", "Move down",
                show=False, id="sections.move_down"),
        Binding("enter,e", "screen.edit_section", "Write", id="sections.edit"),
        Binding("y", "screen.copy_section", "Copy", show=False, id="sections.copy_section"),
    ]


class SectionsView(Vertical):
    """Shows one section at a time; moving through the list changes the editor below."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.case: Case | None = None
        self._sections: dict[str, Section] = {}
        #: Section ids whose bodies cite a missing source, to mark them in the list.
        self._broken: set[str] = set()
        #: Open review comments per section id, for the markers.
        self._comments: dict[str, int] = {}
        self._warning = ""

    def compose(self) -> ComposeResult:
        yield SectionList(id="section-list")
        yield SectionEditor(id="section-body")
        yield Static(id="citation-warnings", markup=False)

    def on_mount(self) -> None:
        self.query_one("#section-list").border_title = "Sections"

    @property
    def editor(self) -> SectionEditor:
        return self.query_one(SectionEditor)

    @property
    def current(self) -> Section | None:
        """The highlighted section, which the editor shows."""
        sections = self.query_one(SectionList)
        if sections.highlighted is None or self.case is None:
            return None
        option_id = sections.get_option_at_index(sections.highlighted).id
        return self._sections.get(option_id or "")

    def show(self, case: Case, *, select: str | None = None,
             read_only: bool | None = None) -> None:
        """Fill the list from ``case``, highlighting ``select`` (a section id), else the
        section being edited, else the first.

        Also after an undo replaced the case's sections by copies: the editor must then
        write into the new objects, so the section is looked up afresh by id, and the body
        is reloaded only when it is another object or its text changed underneath.
        """
        self.case = case
        editor = self.editor
        if read_only is not None:
            editor.read_only = read_only
        self._sections = {section.id: section for section in case.sections}
        numbers = {source.number for source in case.sources}
        self._broken = {
            section.id for section in case.sections if invalid_citations(section.body, numbers)
        }
        sections = self.query_one(SectionList)
        sections.border_title = f"Sections ({len(case.sections)})"
        sections.clear_options()
        sections.add_options(
            Option(self._prompt(s, broken=s.id in self._broken), id=s.id)
            for s in case.sections
        )
        if not case.sections:
            self._show_body(None)
            return
        wanted = select or (editor.section.id if editor.section else None)
        index = next((i for i, s in enumerate(case.sections) if s.id == wanted), 0)
        sections.highlighted = index
        if case.sections[index] is not editor.section:
            self._show_body(case.sections[index])
            return
        editor.sources_changed(case)
        editor.reload()
        self._show_warnings()

    @on(OptionList.OptionHighlighted, "#section-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        section = self._sections.get(event.option_id or "")
        if section is not self.editor.section:
            self._show_body(section)

    @on(OptionList.OptionSelected, "#section-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        # A click or enter on a heading means "write this one".
        event.stop()
        self.editor.focus()

    def _show_body(self, section: Section | None) -> None:
        assert self.case is not None
        editor = self.editor
        editor.show(section, self.case)
        editor.border_title = (
            # Content, not str: a str title is read as markup, and a heading may hold "[...]".
            Content(section.heading or "(untitled section)") if section else None
        )
        if section is None:
            add = key_for(self.app, "sections.add", "a")
            editor.placeholder = (
                f"This case has no sections yet: press {add} in the list to add one."
            )
        else:
            editor.placeholder = "Write this section in Markdown"
        self._show_warnings()

    def _show_warnings(self) -> None:
        section, case = self.editor.section, self.case
        numbers = [] if section is None or case is None else invalid_citations(
            section.body, {source.number for source in case.sources}
        )
        warning = self.query_one("#citation-warnings", Static)
        text = citation_warning(numbers)
        # Checked on every keystroke: touch the widget (a relayout) only when the words change.
        if text != self._warning:
            self._warning = text
            warning.update(text)
            warning.display = bool(numbers)
        if section is not None:
            self._mark(section, broken=bool(numbers))

    def _mark(self, section: Section, *, broken: bool) -> None:
        if (section.id in self._broken) == broken:
            return
        self._broken.symmetric_difference_update({section.id})
        self.query_one(SectionList).replace_option_prompt(
            section.id, self._prompt(section, broken=broken)
        )

    def _prompt(self, section: Section, *, broken: bool) -> Content:
        return section_prompt(section, broken=broken, comments=self._comments.get(section.id, 0))

    def set_comments(self, comments: dict[str, int]) -> None:
        """Show these open-comment counts (section id -> count) as markers in the list."""
        changed = {key for key in {*comments, *self._comments}
                   if comments.get(key, 0) != self._comments.get(key, 0)}
        self._comments = dict(comments)
        sections = self.query_one(SectionList)
        for section_id in changed:
            section = self._sections.get(section_id)
            if section is not None:
                sections.replace_option_prompt(
                    section_id, self._prompt(section, broken=section_id in self._broken))

    @on(TextArea.Changed, "#section-body")
    def _body_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        section = self.editor.section
        if section is None or section.body == self.editor.text:
            return
        section.body = self.editor.text
        self._show_warnings()
        self.post_message(CaseChanged())

    def refresh_case(self, *, select: str | None = None) -> None:
        """The case changed underneath (sources renumbered or deleted, an undo): show it again."""
        if self.case is not None:
            self.show(self.case, select=select)
