"""Regenerate the user guide's screenshots and print its key map, from the app as it is.

    .venv/bin/python docs/screenshots/generate.py            # SVGs here, key map to stdout
    .venv/bin/python docs/screenshots/generate.py --keys     # only the key map
    .venv/bin/python docs/screenshots/generate.py --shots    # only the screenshots

The screenshots are taken at 120x40 with ``App.run_test`` on the sample cases
(``sample_cases/*.json``) imported into a throwaway library, the same cases ``workbench
demo`` opens. Each one is reached by keys, as a person would, so a screenshot that no longer
matches the keys fails here instead of quietly showing an old screen.

The key map is read from the ``BINDINGS`` of every class in ``workbench.tui`` that declares
its own, so a new screen or key shows up in the table without editing this script. Paste
the output over the "Key map" section of ``docs/user-guide.md`` after a UI change.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import os
import pkgutil
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

from textual.binding import Binding
from textual.keys import format_key
from textual.pilot import Pilot

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SIZE = (120, 40)
#: Shown in the help screen's text: the Linux default, not this machine's path.
CONFIG_SHOWN = "~/.config/factcheck-workbench/config.toml"
#: Who the screenshots are taken as (the pane bar shows it), whoever runs this script.
AUTHOR = "Ana Ruiz"

sys.path.insert(0, str(REPO))

import workbench.tui  # noqa: E402
from workbench.casefile.library import Library, ReferenceClaim  # noqa: E402
from workbench.casefile.store import CaseFile  # noqa: E402
from workbench.config import Config  # noqa: E402
from workbench.formats.case_json import case_from_json  # noqa: E402
from workbench.tui.app import WorkbenchApp  # noqa: E402

# Screenshots


#: Prior checks shown beside the sample cases, as ``workbench corpus import`` puts them.
PRIOR_CHECKS = (
    ReferenceClaim("Russia applied to join NATO in 2000 and was turned down", "A blogger",
                   "2022-03-02", "False", "Example Checks", "https://checks.example.org/nato",
                   "en"),
    ReferenceClaim("The US has cut carbon emissions more than any other country", "A senator",
                   "2019-06-11", "Half True", "Example Checks",
                   "https://checks.example.org/carbon", "en"),
)


def sample_library(folder: Path) -> Path:
    """The sample cases as case files in ``folder``, as ``workbench demo`` makes them,
    with two prior checks in its corpus."""
    library = Library(folder)
    library.ensure_exists()
    for document in sorted((REPO / "sample_cases").glob("*.json")):
        case = case_from_json(document.read_text("utf-8"))
        CaseFile.create(library.path_for(case.title), case).close()
    library.add_references(PRIOR_CHECKS)
    return folder


async def settle(pilot: Pilot[None]) -> None:
    """Let the workers (loading, matching) finish and their messages be handled."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def still(pilot: Pilot[None]) -> None:
    """Stop cursors blinking, so a screenshot does not depend on the moment it is taken."""
    await settle(pilot)
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]
    await pilot.pause()


async def open_putin(pilot: Pilot[None]) -> None:
    """From the library, filter to the complete sample case and open it."""
    await settle(pilot)
    await pilot.press(*"putin nato", "enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert type(screen).__name__ == "CaseScreen", screen
    assert getattr(screen, "case", None) is not None


async def library(pilot: Pilot[None]) -> None:
    await still(pilot)


async def new_case(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("ctrl+n", *"Putin wanted Russia to join NATO")
    # The similar claims wait for a pause in the typing, then a worker.
    for _ in range(50):
        await pilot.pause(0.1)
        await settle(pilot)
        if pilot.app.screen.query_one("#new-similar").display:
            break
    await still(pilot)


async def case(pilot: Pilot[None]) -> None:
    await open_putin(pilot)
    await pilot.press("f3")
    await still(pilot)


async def source_form(pilot: Pilot[None]) -> None:
    await open_putin(pilot)
    await pilot.press("f3", "enter")
    await still(pilot)


async def matrix(pilot: Pilot[None]) -> None:
    await open_putin(pilot)
    await pilot.press("f3", "m")
    await still(pilot)


async def citation_picker(pilot: Pilot[None]) -> None:
    await open_putin(pilot)
    await pilot.press("f4", "down", "enter", "end", "ctrl+k", *"robertson")
    await still(pilot)


async def review(pilot: Pilot[None]) -> None:
    """A comment on source [2], then the review tab (F8): markers, threads, their keys."""
    await open_putin(pilot)
    await pilot.press("f3", "down", "c")
    await settle(pilot)
    await pilot.press(*"Which interview is this? Give its date.", "ctrl+s")
    await settle(pilot)
    await pilot.press("f8")
    pilot.app.clear_notifications()
    await still(pilot)


async def help_keys(pilot: Pilot[None]) -> None:
    await open_putin(pilot)
    await pilot.press("f3", "f1")
    await still(pilot)


#: File name (without .svg) -> how to get there from the library.
SHOTS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "library": library,
    "new-case": new_case,
    "case": case,
    "source-form": source_form,
    "matrix": matrix,
    "citation-picker": citation_picker,
    "review": review,
    "help": help_keys,
}


async def take(name: str, folder: Path) -> Path:
    """One screenshot: a fresh app on the sample library, driven to the screen, saved."""
    os.environ.pop("WORKBENCH_USER", None)
    app = WorkbenchApp(library=folder, config=Config(path=Path(CONFIG_SHOWN), author=AUTHOR))
    async with app.run_test(size=SIZE) as pilot:
        await SHOTS[name](pilot)
        saved = app.save_screenshot(filename=f"{name}.svg", path=str(HERE))
    return Path(saved)


def screenshots() -> list[Path]:
    temporary = Path(tempfile.mkdtemp(prefix="workbench-shots-"))
    try:
        written = []
        for name in SHOTS:
            # A fresh copy each time: a screenshot's keys may change a case (none do now).
            folder = sample_library(temporary / name)
            written.append(asyncio.run(take(name, folder)))
            print(f"wrote {written[-1].relative_to(REPO)}", file=sys.stderr)
        return written
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


# The key map

#: Where each class's keys work, in the order a user meets them; classes not named here
#: (added later) follow under their own class name.
AREAS: dict[str, str] = {
    "WorkbenchApp": "Everywhere",
    "LibraryScreen": "Library",
    "CaseTable": "Library: the list of cases",
    "NewCaseScreen": "New-case dialog",
    "ImportDialog": "Import dialog (ctrl+l in the library)",
    "CaseScreen": "Case screen (any pane)",
    "PriorCheckDialog": "Prior-check dialog (enter on a prior check in the library)",
    "Choice": "Case screen: a choice field (scale, rating, confidence, the claimant's type)",
    "ChoiceList": "Case screen: the open list of a choice field",
    "SourcesTable": "Case screen: sources (F3)",
    "SectionList": "Case screen: section list (F4)",
    "SectionEditor": "Case screen: section editor",
    "CitationPicker": "Citation picker (ctrl+k in the section editor)",
    "TextPrompt": "Text prompts (a section heading, a matrix question)",
    "SourceFormScreen": "Source form",
    "SourceViewScreen": "Source, read-only (enter or e on a locked case)",
    "DuplicateScreen": "Source form: possible duplicate",
    "MatrixScreen": "Evidence matrix (m on the sources)",
    "FindingsList": "Case screen: checks (F5)",
    "ChecksView": "Case screen: the checks panel",
    "ExportDialog": "Export dialog (ctrl+o)",
    "Confirm": "Yes-or-no questions (replace a file, discard a source's changes, quit unsaved)",
    "ReviewPanel": "Case screen: review comments (F8)",
    "HistoryPanel": "Case screen: history (F9)",
    "CommentDialog": "Comment dialog (c)",
    "StatusDialog": "Status dialog (s)",
    "CorrectionDialog": "Correction dialog (C, on a published case)",
    "ReplyLogScreen": "Right-of-reply log (R on the case screen)",
    "ReplyForm": "Right-of-reply entry (a or enter in the log)",
    "QuitQuestion": "ctrl+q over a form with unsaved input",
    "HelpScreen": "F1 help",
}

#: Keys spelt out in the docs where Textual shows a symbol.
_SPELT = {"enter": "enter", "space": "space", "tab": "tab", "delete": "delete",
          "backspace": "backspace",
          "escape": "esc", "pageup": "pgup", "pagedown": "pgdn"}


def key_text(key: str) -> str:
    """``ctrl+q`` -> "ctrl+q", ``left_square_bracket`` -> "[", ``shift+up`` -> "shift+↑"."""
    *modifiers, name = key.split("+")
    shown = _SPELT.get(name) or format_key(name)
    return "+".join([*modifiers, shown])


def bound_classes() -> Iterator[type]:
    """Every class in ``workbench.tui`` that declares ``BINDINGS`` itself, user order first."""
    found: dict[str, type] = {}
    for module_info in pkgutil.iter_modules(workbench.tui.__path__):
        module = importlib.import_module(f"workbench.tui.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and "BINDINGS" in cls.__dict__:
                found[cls.__name__] = cls
    order = list(AREAS)
    yield from sorted(found.values(), key=lambda cls: (
        order.index(cls.__name__) if cls.__name__ in order else len(order), cls.__name__,
    ))


def key_map() -> str:
    """The key map as Markdown: one table per area, keys as bound before any user keymap."""
    lines = []
    for cls in bound_classes():
        rows = []
        for binding in cls.__dict__["BINDINGS"]:
            if not isinstance(binding, Binding):
                binding = Binding(*binding)
            keys = ", ".join(f"`{key_text(key.strip())}`" for key in binding.key.split(","))
            does = binding.description or binding.action.replace("_", " ")
            rows.append(f"| {keys} | {does} | `{binding.id}` |" if binding.id
                        else f"| {keys} | {does} | |")
        lines += [f"### {AREAS.get(cls.__name__, cls.__name__)}", "",
                  "| key | does | binding id |", "| --- | --- | --- |", *rows, ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keys", action="store_true", help="only print the key map")
    parser.add_argument("--shots", action="store_true", help="only write the screenshots")
    arguments = parser.parse_args()
    if not arguments.keys:
        screenshots()
    if not arguments.shots:
        print(key_map())


if __name__ == "__main__":
    main()
