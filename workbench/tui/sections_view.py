"""The sections: a list of headings and the Markdown body of the one highlighted.

A list plus a body view, rather than one long document, is the shape the section editor
will take: the body view is where a Markdown editor goes.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Markdown, OptionList
from textual.widgets.option_list import Option

from workbench.model import Case, Section

_EMPTY_BODY = "*This section is empty.*"
_NO_SECTIONS = "*This case has no sections yet.*"


def section_prompt(section: Section) -> Content:
    """The heading, and the kind unless the heading already says it ("Bottom line")."""
    heading = section.heading or "(untitled section)"
    if heading.casefold() == section.kind.label.casefold():
        return Content.styled(heading, "bold")
    return Content.assemble((heading, "bold"), (f"  {section.kind.label}", "dim"))


class SectionsView(Vertical):
    """Shows one section at a time; moving through the list changes the body below."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._sections: dict[str, Section] = {}

    def compose(self) -> ComposeResult:
        yield OptionList(id="section-list")
        with VerticalScroll(id="section-body"):
            yield Markdown()

    def on_mount(self) -> None:
        self.query_one("#section-list").border_title = "Sections"

    def show(self, case: Case) -> None:
        self._sections = {section.id: section for section in case.sections}
        sections = self.query_one("#section-list", OptionList)
        sections.border_title = f"Sections ({len(case.sections)})"
        sections.clear_options()
        sections.add_options(Option(section_prompt(s), id=s.id) for s in case.sections)
        if case.sections:
            sections.highlighted = 0
        else:
            self._show_body(None)

    @on(OptionList.OptionHighlighted, "#section-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_body(self._sections.get(event.option_id or ""))

    def _show_body(self, section: Section | None) -> None:
        body = self.query_one("#section-body", VerticalScroll)
        if section is None:
            body.border_title = None
            self.query_one(Markdown).update(_NO_SECTIONS)
            return
        # Content, not str: a str title is read as markup, and a heading may hold "[...]".
        body.border_title = Content(section.heading or "(untitled section)")
        body.scroll_home(animate=False)
        self.query_one(Markdown).update(section.body.strip() or _EMPTY_BODY)
