"""Edit text in the user's own editor: suspend the app, run it on a temporary file, read back.

A long section is often easier to rework in vim or VS Code than in a text area; the
Workbench gets out of the way and takes the text back when the editor exits.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from textual.app import App, SuspendNotSupported

from workbench.config import ConfigError, load_config


def editor_command() -> list[str]:
    """$VISUAL, then $EDITOR, then the config's editor, then vi; may carry arguments."""
    for candidate in (os.environ.get("VISUAL"), os.environ.get("EDITOR")):
        if candidate and candidate.strip():
            return shlex.split(candidate)
    try:
        configured = load_config().editor
    except ConfigError:
        configured = ""
    return shlex.split(configured) if configured.strip() else ["vi"]


class EditorFailed(Exception):
    """The editor could not be started or exited with an error; the text is unchanged."""


def edit_in_editor(app: App[object], text: str, *, suffix: str = ".md") -> str:
    """Return ``text`` as the user left it in their editor.

    Raises EditorFailed when the editor is missing or exits non-zero (an editor's way to
    say "abandon the edit", as ``:cq`` in vim), so the caller keeps the old text.
    """
    command = editor_command()
    handle, name = tempfile.mkstemp(prefix="workbench-section-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        try:
            with app.suspend():
                result = _run(command, path)
        except SuspendNotSupported:
            # Headless (tests, pipes): there is no terminal to hand over, run it as it is.
            result = _run(command, path)
        if result.returncode != 0:
            raise EditorFailed(f"{command[0]} exited with status {result.returncode}")
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise EditorFailed(f"{command[0]}: {error.strerror or error}") from None
    finally:
        path.unlink(missing_ok=True)


def _run(command: list[str], path: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*command, str(path)], check=False)
