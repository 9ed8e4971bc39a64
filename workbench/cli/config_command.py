"""``workbench config``: where the config file is, and every value in effect.

Settings that do nothing visible until the day they matter (the organisation on a
ClaimReview, who may approve) are easy to get wrong unseen, so this prints every table
with its values, each marked as set by the file or a default, as TOML a person can copy
into the file. A key the Workbench does not read (a typo) is named, since the file's
reader skips it silently. ``--example`` prints a commented file to start from.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

import click

from workbench.cli.errors import reports_errors
from workbench.cli.output import say, say_json

#: A TOML key that needs no quotes.
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_NO_KEYS = ("# none set: every key is as shipped "
            "(F1, and the user guide's key map, list the binding ids)")


@click.command(name="config")
@click.option("--json", "as_json", is_flag=True,
              help="Print the path and the values as JSON, each with its source.")
@click.option("--example", is_flag=True,
              help="Print a commented example config file to start from.")
@click.option("--path", "path_only", is_flag=True, help="Print only the config file's path.")
@reports_errors
def config_command(as_json: bool, example: bool, path_only: bool) -> None:
    """Show the config file's path and every setting in effect (file or default)."""
    from workbench.config import EXAMPLE_CONFIG, config_path

    if example:
        say(EXAMPLE_CONFIG, block=True, nl=False)
        return
    path = config_path()
    if path_only:
        say(str(path))
        return
    from workbench.config import load_config, read_config_file

    data = read_config_file(path)
    config = load_config(path)
    if as_json:
        say_json(_as_json(config, data))
    else:
        for line in _as_toml(config, data):
            say(line)


def _named_by() -> str:
    from workbench.config import ENVIRONMENT_VARIABLE

    return ENVIRONMENT_VARIABLE if os.environ.get(ENVIRONMENT_VARIABLE) else "default"


def _as_json(config: Any, data: dict | None) -> dict[str, Any]:
    from workbench.config import SETTINGS, effective_settings, keymap_problems, unknown_settings
    from workbench.scales import builtin_scales

    tables: dict[str, dict[str, Any]] = {table: {} for table in (*SETTINGS, "scales", "keys")}
    for setting in effective_settings(config, data):
        tables[setting.table][setting.key] = {
            "value": setting.value,
            "source": "file" if setting.from_file else "default",
        }
    return {
        "path": str(config.path),
        "exists": data is not None,
        "named_by": _named_by(),
        "tables": {table: tables[table] for table in
                   ("organisation", "workbench", "scales", "keys", "review")},
        "shipped_scales": list(builtin_scales()),
        "unknown": unknown_settings(data),
        "key_problems": keymap_problems(config.keys),
    }


def _as_toml(config: Any, data: dict | None) -> list[str]:
    """The settings as a TOML file would hold them, each marked with where it came from."""
    from workbench.config import (
        ENVIRONMENT_VARIABLE,
        USER_VARIABLE,
        effective_settings,
        keymap_problems,
        shadowed_scales,
        unknown_settings,
    )
    from workbench.scales import builtin_scales

    lines = [f"# The config file: {config.path}"]
    if data is None:
        lines.append("# It does not exist yet, so every value is a default; "
                     "`workbench config --example` prints a file to start from.")
    else:
        lines.append("# It exists: each value says whether the file sets it or it is the "
                     "default.")
    if _named_by() != "default":
        lines.append(f"# ${ENVIRONMENT_VARIABLE} names it.")
    settings = effective_settings(config, data)

    def table(name: str, rows: list[tuple[str, str]], empty: str = "") -> None:
        lines.extend(["", f"[{name}]"])
        width = max((len(text) for text, _ in rows), default=0)
        lines.extend(f"{text:<{width}}  # {note}" for text, note in rows)
        if not rows and empty:
            lines.append(empty)

    for name in ("organisation", "workbench"):
        table(name, [(f"{s.key} = {_toml(s.value)}", _source(s.from_file))
                     for s in settings if s.table == name])
        if name == "workbench" and os.environ.get(USER_VARIABLE, "").strip():
            lines.append(f"# ${USER_VARIABLE} is set and names you over author: "
                         f"{_toml(' '.join(os.environ[USER_VARIABLE].split()))}")
    shadowed = shadowed_scales(config)
    for setting in (s for s in settings if s.table == "scales"):
        note = "from the file"
        if setting.key in shadowed:
            note += "; a shipped scale has this id and is used instead: rename it"
        lines.extend(["", f"[scales.{_key(setting.key)}]  # {note}"])
        lines.extend(f"{key} = {_toml(value)}" for key, value in setting.value.items())
    lines.extend(["", f"# Shipped scales: {', '.join(builtin_scales())}; "
                      "[scales.ID] tables add your own."])
    table("keys", [(f"{_key(s.key)} = {_toml(s.value)}", "from the file")
                   for s in settings if s.table == "keys"], _NO_KEYS)
    lines.extend(f"# {problem}" for problem in keymap_problems(config.keys))
    table("review", [(f"{s.key} = {_toml(s.value)}", _source(s.from_file))
                     for s in settings if s.table == "review"])
    unknown = unknown_settings(data)
    if unknown:
        lines.extend(["", "# Not read by the Workbench (a typo?): " + ", ".join(unknown)])
    return lines


def _source(from_file: bool) -> str:
    return "from the file" if from_file else "default"


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def _toml(value: object) -> str:
    """``value`` written as TOML: JSON's strings, numbers and lists are TOML's too."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)
