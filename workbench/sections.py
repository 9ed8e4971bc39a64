"""How a person names a section of a case: ``section:2``, ``section:summary``.

One numbering for every command, check and history line: body sections count 1, 2, 3 in
reading order, as the article prints them; the summary and the bottom line go by name. It
lives with the domain, below the checks, the review workflow and the field registry,
which all name sections the same way through it.
"""

from __future__ import annotations

from collections.abc import Iterable

from workbench.model import Section, SectionKind


def _shortened(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


#: What ``section:NAME`` calls the sections the article does not number.
SECTION_NAMES = {SectionKind.EXECUTIVE_SUMMARY: "summary", SectionKind.BOTTOM_LINE: "bottom-line"}
#: Other names a person may type for them.
_SECTION_ALIASES = {"executive-summary": "summary", "executive_summary": "summary",
                    "bottom_line": "bottom-line"}


def section_addresses(sections: list[Section]) -> dict[str, str]:
    """Section id -> what follows ``section:``: the one numbering every command shares.

    Body sections count 1, 2, 3 in reading order, as the published article numbers them,
    so ``section:2`` is the section a reader calls the second; the summary and the bottom
    line go by name. A second section of either kind (a case may hold one) is
    ``summary-2``, so every section can still be named.
    """
    return addresses_in_order((section.id, section.kind) for section in sections)


def addresses_in_order(sections: Iterable[tuple[str, SectionKind]]) -> dict[str, str]:
    """``section_addresses`` for (id, kind) pairs in reading order, as the case file's
    rows hold them."""
    addresses: dict[str, str] = {}
    counts: dict[str, int] = {}
    for section_id, kind in sections:
        name = SECTION_NAMES.get(kind, "")
        counts[name] = counts.get(name, 0) + 1
        count = counts[name]
        addresses[section_id] = str(count) if not name else (
            name if count == 1 else f"{name}-{count}")
    return addresses


def section_address(address: str) -> str:
    """A typed address as ``section_addresses`` writes it: "007" is "7", and
    "Executive-Summary" is "summary"."""
    wanted = address.strip().casefold()
    for alias, name in _SECTION_ALIASES.items():
        if wanted == alias or wanted.startswith(alias + "-"):
            wanted = name + wanted[len(alias):]
    if wanted.isascii() and wanted.isdigit():
        wanted = wanted.lstrip("0") or "0"
    return wanted


def is_section_name(address: str) -> bool:
    """Whether ``address`` names a section by kind (``summary``), whether or not it exists."""
    return section_address(address) in SECTION_NAMES.values()


def section_at(sections: list[Section], address: str) -> Section | None:
    """The section ``section:ADDRESS`` names (``2``, ``summary``, ``bottom-line``), or None."""
    wanted = section_address(address)
    by_address = {address: id_ for id_, address in section_addresses(sections).items()}
    found = by_address.get(wanted)
    return next((section for section in sections if section.id == found), None)


def section_numbering(sections: list[Section]) -> str:
    """How sections are addressed in this case, for a refusal that names a wrong one."""
    body = sum(section.kind is SectionKind.BODY for section in sections)
    numbered = {0: "the case has no body sections to number",
                1: "its one body section is section:1"}.get(
        body, f"its body sections are section:1 to section:{body}")
    return (f"{numbered}, counted as the article prints them; the summary and the bottom "
            "line are section:summary and section:bottom-line")


def no_section(sections: list[Section], address: str) -> str:
    """The one line refusing ``section:ADDRESS`` when no section goes by it."""
    return f"the case has no section {_shortened(address.strip())}: {section_numbering(sections)}"
