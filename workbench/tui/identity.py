"""Who is at the keyboard, as the screens show it and the review actions record it.

The name comes from the same place as on the command line (``$WORKBENCH_USER``, else
``author`` in the config file; see ``workbench.config.user_name``), so a status move made
in the TUI and one made with ``workbench status`` carry the same name. There is no
``--as`` here: one Workbench is one person. Without a name, edits still save (the history
then says "unknown"), but a review action, which is a statement someone must stand
behind, is refused with one line saying how to set the name.
"""

from __future__ import annotations

import os

from workbench.config import USER_VARIABLE, Config, ConfigError, config_path, user_name


def acting_name(config: Config | None = None) -> str | None:
    """The name review actions record, or None when nothing names the user.

    ``config`` is the app's (already loaded, or the defaults after a broken file); a
    broken config file never stops the lookup: the environment still counts.
    """
    try:
        return user_name(config=config)
    except ConfigError:
        name = os.environ.get(USER_VARIABLE, "")
        return " ".join(name.split()) or None


def no_name_message(config: Config | None = None) -> str:
    """One line telling how to give the Workbench a name (the review engine's ``NO_NAME``,
    in the TUI's terms: there is no ``--as`` here)."""
    path = (config.path if config is not None else None) or config_path()
    return (f"No name to record for this: set {USER_VARIABLE}, or author in the "
            f"[workbench] table of {path}, then open the case again.")


def identity_text(name: str | None, *, reviewing: bool) -> str:
    """The pane bar's note of who is acting: "as Ana Ruiz · reviewing"."""
    who = f"as {name}" if name else "no name set"
    return f"{who} · reviewing" if reviewing else who
