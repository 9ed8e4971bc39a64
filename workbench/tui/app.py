"""The Workbench app and the two ways the command line starts it.

The app starts either on a library (``workbench``) or on one case file
(``workbench open FILE``); the first screen is the app's default screen, so the case
screen can tell whether there is anything beneath it to go back to.

Quitting never loses an edit: ctrl+q, and the terminal going away (SIGHUP when an SSH
connection drops, SIGTERM), first save every open case; a case that cannot be saved goes
to a recovery file wherever there is room, and what happened is printed on the terminal
after the app has gone. If not even a recovery file can be written, ctrl+q asks before
it quits with the only copy in memory.

Nothing a case holds can act on the terminal: every line drawn passes through
``SafeTextFilter``, which drops escape, C1 and bidi control characters.

It also keeps the conventions every screen shares: ctrl+q quits, F1 lists the keys of the
focused area, ctrl+p opens the command palette, the user's keymap (``[keys]`` in the
config file, binding id -> keys) applies everywhere, and a theme picked from the palette
is remembered in the config file for the next start. The case screen is imported only
when needed: with sqlite_utils and the Markdown widget it would cost the library a tenth
of a second at start.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.filter import LineFilter
from textual.screen import Screen

from workbench.config import (
    Config,
    ConfigError,
    config_path,
    keymap_problems,
    load_config,
    save_theme,
)
from workbench.tui.commands import BindingCommandsProvider
from workbench.tui.help_screen import HelpScreen
from workbench.tui.library_screen import LibraryScreen
from workbench.tui.quitting import HoldsUnsavedInput, QuitReport, SavesOnQuit
from workbench.tui.terminal_filter import SafeTextFilter
from workbench.tui.typeahead import TypeAhead, is_typed

#: Drops control and bidi characters from every line drawn (see terminal_filter).
_SAFE_TEXT = SafeTextFilter()

#: Signals that end the app as quitting does, with every case saved first.
_HANG_UPS = (signal.SIGHUP, signal.SIGTERM)
#: Seconds the app has to shut down after a hang-up before the process ends anyway.
_HANG_UP_GRACE = 3.0
#: Seconds given to a closing form's result to reach the case before quitting goes on.
_FORM_CLOSING = 0.05
#: Workers that write a case file (a new case, an import): quitting waits for them, at
#: most ``_WRITING_LIMIT`` seconds, rather than cut one short.
_WRITING_GROUPS = frozenset({"create", "import"})
_WRITING_LIMIT = 30.0

#: Textual's own palette entries that a binding already provides (quit) or that F1
#: replaces (its key panel).
_REPLACED_SYSTEM_COMMANDS = frozenset({"Quit", "Keys"})


class WorkbenchApp(App[None]):
    """A keyboard-driven workbench for fact-checkers."""

    TITLE = "Factcheck Workbench"
    CSS_PATH = "workbench.tcss"
    COMMANDS = App.COMMANDS | {BindingCommandsProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, so no focused widget can swallow it.
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
        # Priority too: a modal screen (the new-case dialog) cuts the app's other bindings.
        Binding("f1", "help", "Help", priority=True, id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True,
                id="app.command_palette"),
    ]

    def __init__(self, *, library: Path | None = None, case: Path | None = None,
                 config: Config | None = None, review: bool = False) -> None:
        if (library is None) == (case is None):
            raise ValueError("start the Workbench on a library or on a case file, not both")
        super().__init__()
        self.library = library
        self.case_path = case
        #: ``workbench open --review``: editing off, comments and sign-off on.
        self.review_mode = review
        #: Problems with the config file, told once the screen is up.
        self._config_errors: list[str] = []
        if config is None:
            try:
                config = load_config()
            except ConfigError as error:
                self._config_errors.append(f"{error}; using the defaults")
                config = Config(path=config_path())
        self.config = config
        #: Binding id -> keys, from the config file: read by F1 help and by messages that
        #: name a key ("press u to undo").
        self.keymap: dict[str, str] = dict(config.keys)
        self._config_errors += [f"{config.path}: {problem}"
                                for problem in keymap_problems(config.keys)]
        if self.keymap:
            self.set_keymap(self.keymap)
        #: Printed on the terminal after the app has gone: where unsaved edits went.
        self.farewell = ""
        self._theme_lock = threading.Lock()
        self._theme_saved = config.theme
        # Applied before the first paint, and not remembered: it is no new choice.
        self._remember_theme = False
        if config.theme:
            if config.theme in self.available_themes:
                self.theme = config.theme
            else:
                self._config_errors.append(
                    f"{config.path}: unknown theme {config.theme!r}; using the default"
                )
        self._remember_theme = True
        #: When quitting began to wait for a case file being written (0: it is not).
        self._quit_after_writing = 0.0
        #: Keys typed ahead wait for the key before them to have done its work.
        self.type_ahead = TypeAhead(self)

    def get_line_filters(self) -> Sequence[LineFilter]:
        # Last, after Textual's own: no character of a case may act on the terminal.
        return [*super().get_line_filters(), _SAFE_TEXT]

    def get_default_screen(self) -> Screen[None]:
        if self.case_path is not None:
            from workbench.tui.case_screen import CaseScreen

            return CaseScreen(self.case_path)
        assert self.library is not None
        return LibraryScreen(self.library)

    def on_mount(self) -> None:
        for problem in self._config_errors:
            self.notify(problem, title="Config file", severity="error", timeout=10,
                        markup=False)
        loop = asyncio.get_running_loop()
        for hang_up in _HANG_UPS:
            loop.add_signal_handler(hang_up, self._terminal_gone)

    async def on_event(self, event: events.Event) -> None:
        # One key at a time: a key that opens a form, or moves the focus, has done so
        # before the next is handed to whatever has the focus (``typeahead``).
        typed = is_typed(event)
        if typed and self.type_ahead.hold(event):
            return
        try:
            await super().on_event(event)
        finally:
            if typed:
                self.type_ahead.handed_on()

    def on_unmount(self) -> None:
        self.type_ahead.stop()
        loop = asyncio.get_running_loop()
        for hang_up in _HANG_UPS:
            loop.remove_signal_handler(hang_up)

    # Quitting

    def _save_everything(self) -> list[QuitReport]:
        """Every open case saved, or put in a recovery file: what became of each."""
        return [screen.save_for_quit() for screen in self.screen_stack
                if isinstance(screen, SavesOnQuit)]

    def action_quit(self) -> None:  # type: ignore[override]
        if self._writing():
            self._quit_after_writing = self._quit_after_writing or time.monotonic()
            if time.monotonic() - self._quit_after_writing < _WRITING_LIMIT:
                self.set_timer(_FORM_CLOSING, self.action_quit)
                return
        self._quit_after_writing = 0.0
        form = self.screen
        if isinstance(form, HoldsUnsavedInput) and (what := form.unsaved_input()):
            self._ask_about_unsaved_input(form, what)
            return
        reports = self._save_everything()
        lost = [report.message for report in reports if not report.kept]
        told = "\n".join(report.message for report in reports if report.message)
        if not lost:
            self._leave(told)
            return
        from workbench.tui.confirm import Confirm

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self._leave(told, failed=True)

        question = ("\n".join(lost) + "\n\nFree some space (or fix what stops the save) "
                    "and quit again. Quit now, and lose the edits made since the last save?")
        self.push_screen(Confirm("Edits not saved", question, yes="Quit and lose them",
                                 no="Stay", default=False), answered)

    def _ask_about_unsaved_input(self, form: HoldsUnsavedInput, what: str) -> None:
        """Save, drop or keep what a form holds, then quit (or stay)."""
        from workbench.tui.quit_question import Answer, QuitQuestion

        def answered(answer: Answer | None) -> None:
            if answer == "save":
                form.save_input()
            elif answer == "discard":
                assert isinstance(form, Screen)
                form.dismiss(None)
            else:
                return
            self._quit_once_closed(form)

        self.push_screen(QuitQuestion(what), answered)

    def _quit_once_closed(self, form: HoldsUnsavedInput) -> None:
        """Quit once ``form`` has closed and its result reached the case; a form that
        could not save (a date that does not exist) stays open, and so does the app."""
        assert isinstance(form, Screen)
        if form not in self.screen_stack:
            # The form's result reaches the screen below by a message: let it land first.
            self.set_timer(_FORM_CLOSING, self.action_quit)
        elif self.screen is not form or self._writing() or any(
                node.message_queue_size for node in form.walk_children(with_self=True)):
            # It asked a question of its own first (a possible duplicate), or its save is
            # on its way (a submitted field's message, a new case being written): wait.
            self.set_timer(_FORM_CLOSING, lambda: self._quit_once_closed(form))

    def _writing(self) -> bool:
        """Whether a case file is being written off the UI thread (``_WRITING_GROUPS``)."""
        return any(worker.group in _WRITING_GROUPS and not worker.is_finished
                   for worker in self.workers)

    def _terminal_gone(self) -> None:
        """The terminal hung up (or the process was told to stop): nobody can be asked,
        so save what can be saved, keep the rest in recovery files, and go."""
        reports = self._save_everything()
        told = "\n".join(report.message for report in reports if report.message)
        self._leave(told)
        # The edits are safe now. Textual's own shutdown can wait for ever on a terminal
        # that is gone (its output thread, restarted by the SIGCONT that comes with a
        # hang-up, dies on EIO): the process must not linger holding nothing but a lock.
        if not self.is_headless:  # a test's app shares its process with the test runner
            watchdog = threading.Timer(_HANG_UP_GRACE, os._exit, args=(1 if told else 0,))
            watchdog.daemon = True
            watchdog.start()

    def _leave(self, told: str, *, failed: bool = False) -> None:
        """Exit; ``told`` is printed on the terminal once the screen is gone (``run``)."""
        self.farewell = told
        self.exit(return_code=1 if told or failed else 0)

    # Help and the palette

    def action_help(self) -> None:
        """Show the keys of the focused area; F1 again (or escape) closes the list."""
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        path = str(self.config.path or config_path())
        self.push_screen(HelpScreen.for_screen(self.screen, path))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title in _REPLACED_SYSTEM_COMMANDS:
                continue
            if command.title == "Theme":
                command = SystemCommand("Change theme", "Pick a theme; it is remembered",
                                        command.callback, command.discover)
            yield command

    # Themes

    def watch_theme(self, theme: str) -> None:
        if getattr(self, "_remember_theme", False) and theme != self._theme_saved:
            self._save_theme()

    @work(thread=True, group="config")
    def _save_theme(self) -> None:
        # Writes can overlap; under the lock each writes the newest theme, so the last
        # write to finish always holds the user's last choice.
        with self._theme_lock:
            theme = self.theme
            if theme == self._theme_saved:
                return
            try:
                save_theme(theme, self.config.path)
            except ConfigError as error:
                self.call_from_thread(
                    self.notify, str(error), title="Theme not remembered",
                    severity="warning", markup=False,
                )
                return
            self._theme_saved = theme


def run_library(library: Path) -> None:
    """Run the Workbench on the library folder ``library``."""
    _run(WorkbenchApp(library=library))


def run_case(path: Path, *, review: bool = False) -> None:
    """Run the Workbench on one case file, without a library behind it."""
    _run(WorkbenchApp(case=path, review=review))


def _run(app: WorkbenchApp) -> None:
    """Run ``app``; then say on the terminal what became of unsaved edits, plainly (a
    path wrapped over two lines, or read as markup, could not be copied), and exit
    non-zero when something went wrong."""
    app.run()
    if app.farewell:
        print(app.farewell, file=sys.stderr)
    if app.return_code:
        raise SystemExit(app.return_code)
