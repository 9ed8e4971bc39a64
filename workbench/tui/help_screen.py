"""F1 help: every key that works where the focus is, what it does, and its binding id.

The list is read from the live binding chain (the focused widget, its containers, the
screen, the app), after the user's keymap, so it is complete by construction and shows the
keys as the user rebound them. The binding id is what ``[keys]`` in the config file
rebinds; a binding another one shadows, or one not available right now, is shown dimmed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from workbench.tui.dialog import Dialog

if TYPE_CHECKING:
    from textual.dom import DOMNode

#: Width of the key column; longer key lists wrap onto their own line.
_KEY_WIDTH = 16
_ACTION_WIDTH = 28


def key_for(app: App[object], binding_id: str, default: str) -> str:
    """How the key for ``binding_id`` reads on screen, after the user's keymap.

    For sentences such as "press u to undo", so they name the key the user actually has.
    """
    keys = getattr(app, "keymap", {}).get(binding_id, default)
    first = keys.split(",")[0].strip() or default
    return app.get_key_display(Binding(first, ""))


def _words(name: str) -> str:
    """``CaseTable`` -> "Case table"; ``cursor_up`` -> "Cursor up"."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).replace("_", " ").strip()
    return spaced[:1].upper() + spaced[1:].lower()


def area_name(node: DOMNode) -> str:
    """What to call a node's part of the key list: a ``HELP_AREA``, else its class."""
    if isinstance(node, App):
        return "Everywhere"
    name = getattr(node, "HELP_AREA", None) or _words(type(node).__name__)
    if node.id and not isinstance(node, Screen):
        name = f"{name} ({node.id})"
    return name


@dataclass(frozen=True)
class HelpRow:
    """One binding: its keys as shown, what it does, its id, and whether it works now."""

    keys: str
    description: str
    binding_id: str
    available: bool


@dataclass(frozen=True)
class HelpArea:
    name: str
    rows: tuple[HelpRow, ...]


def help_areas(screen: Screen[object]) -> list[HelpArea]:
    """Every binding of the focused widget and everything above it, nearest first."""
    app = screen.app
    active = screen.active_bindings
    keymap = getattr(app, "_keymap", {})
    focused = screen.focused
    nodes = list(focused.ancestors_with_self) if focused is not None else [screen, app]
    areas: list[HelpArea] = []
    for node in nodes:
        # The bindings as the app dispatches them, after the keymap. Textual's own chain
        # also drops keys the focused widget types (an Input takes "n"); those are kept
        # here, dimmed, so the list is complete.
        bindings = node._bindings.copy()
        if keymap:
            bindings.apply_keymap(keymap)
        grouped: dict[tuple[str, str], list[tuple[str, Binding]]] = {}
        for key, binding in bindings:
            grouped.setdefault((binding.id or "", binding.action), []).append((key, binding))
        rows = []
        for (binding_id, action), keyed in grouped.items():
            binding = keyed[0][1]
            keys = ", ".join(dict.fromkeys(app.get_key_display(b) for _, b in keyed))
            available = any(
                (hit := active.get(key)) is not None
                and hit.node is node
                and hit.binding.action == action
                and hit.enabled
                for key, _ in keyed
            )
            rows.append(
                HelpRow(keys, binding.description or _words(action), binding_id, available)
            )
        if rows:
            areas.append(HelpArea(area_name(node), tuple(rows)))
    return areas


def help_content(areas: list[HelpArea]) -> Content:
    """The key list as text: an area heading, then a line a binding."""
    lines: list[Content] = []
    for area in areas:
        if lines:
            lines.append(Content(""))
        lines.append(Content.styled(area.name, "bold underline"))
        for row in area.rows:
            style = "" if row.available else "dim"
            keys = row.keys if len(row.keys) < _KEY_WIDTH else f"{row.keys}\n{'':{_KEY_WIDTH}}"
            lines.append(
                Content.assemble(
                    (f"{keys:<{_KEY_WIDTH}}", f"bold {style}".strip()),
                    (f"{row.description:<{_ACTION_WIDTH}} ", style),
                    (row.binding_id or "(no id)", f"italic {style or '$text-muted'}"),
                )
            )
    return Content("\n").join(lines)


class HelpScreen(Dialog[None]):
    """The keys of the screen beneath, as they were when F1 was pressed."""

    HELP_AREA = "Help"
    DEFAULT_CSS = """
    HelpScreen {
        #help-dialog {
            width: 90;
        }
        #help-intro {
            margin-bottom: 1;
        }
        #help-keys {
            height: auto;
            max-height: 1fr;
            scrollbar-size-vertical: 1;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1", "close", "Close", id="help.close"),
    ]

    def __init__(self, areas: list[HelpArea], config_path: str = "") -> None:
        super().__init__()
        self.areas = areas
        self.config_path = config_path

    @classmethod
    def for_screen(cls, screen: Screen[object], config_path: str = "") -> HelpScreen:
        return cls(help_areas(screen), config_path)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog", classes="dialog"):
            where = f" ([keys] in {self.config_path})" if self.config_path else ""
            yield Static(
                Content(
                    "Every key of the focused area, then of the screen and the app, with "
                    f"the binding id to rebind it{where}. Dimmed: not available here now."
                ),
                id="help-intro",
                classes="dialog-hint",
            )
            with VerticalScroll(id="help-keys"):
                yield Static(help_content(self.areas), id="help-list")

    def on_mount(self) -> None:
        dialog = self.query_one("#help-dialog")
        dialog.border_title = "Keys"
        dialog.border_subtitle = "esc closes"
        self.query_one("#help-keys").focus()

    def action_close(self) -> None:
        self.dismiss()
