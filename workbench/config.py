"""The user's configuration: a TOML file in the platform's config folder.

Everything has a default, so the file is optional. ``$WORKBENCH_CONFIG`` names another
file (tests use it). A broken file is reported in one line, never silently ignored, because
a fact-checker who set their organisation's name expects it on every ClaimReview.

    [organisation]
    name = "Example Checks"
    url = "https://checks.example.org"
    review_url = "https://checks.example.org/checks/{slug}"   # {slug} and {id} are filled in

    [workbench]
    author = "Ana Ruiz"
    default_scale = "politifact"
    editor = "nvim"
    theme = "textual-dark"

    [scales.house]
    name = "Our house scale"
    ratings = [{ label = "Accurate" }, { label = "Misleading" }, { label = "Wrong" }]

    [keys]
    "library.open" = "o"
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from workbench.scales import RatingScale, builtin_scales, scale_from_table

ENVIRONMENT_VARIABLE = "WORKBENCH_CONFIG"


class ConfigError(ValueError):
    """The config file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Organisation:
    name: str = ""
    url: str = ""
    #: A template for a case's published address: ``{slug}`` and ``{id}`` are filled in.
    review_url: str = ""


@dataclass(frozen=True)
class Config:
    organisation: Organisation = field(default_factory=Organisation)
    author: str = ""
    default_scale: str = "none"
    editor: str = ""
    theme: str = ""
    custom_scales: dict[str, RatingScale] = field(default_factory=dict)
    #: Binding id -> keys, for the TUI's keymap.
    keys: dict[str, str] = field(default_factory=dict)
    path: Path | None = None

    @property
    def scales(self) -> dict[str, RatingScale]:
        """Shipped scales and the user's own; a user's scale may not shadow a shipped one."""
        return {**self.custom_scales, **builtin_scales()}


def config_path() -> Path:
    if os.environ.get(ENVIRONMENT_VARIABLE):
        return Path(os.environ[ENVIRONMENT_VARIABLE]).expanduser()
    import platformdirs

    return platformdirs.user_config_path("factcheck-workbench") / "config.toml"


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return Config(path=path)
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: is not valid TOML ({error})") from None
    try:
        return _config_from(data, path)
    except (KeyError, TypeError, ValueError) as error:
        raise ConfigError(f"{path}: {error}") from None


def _text(table: dict, key: str, where: str) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise ValueError(f"{where}.{key} must be a string")
    return value


def _config_from(data: dict, path: Path) -> Config:
    organisation = data.get("organisation", {})
    workbench = data.get("workbench", {})
    scales = data.get("scales", {})
    keys = data.get("keys", {})
    for name, table in (("organisation", organisation), ("workbench", workbench),
                        ("scales", scales), ("keys", keys)):
        if not isinstance(table, dict):
            raise ValueError(f"[{name}] must be a table")
    custom = {}
    for scale_id, table in scales.items():
        if not isinstance(table, dict) or not isinstance(table.get("ratings"), list):
            raise ValueError(f"scales.{scale_id} needs a list of ratings")
        custom[scale_id] = scale_from_table(scale_id, table)
    config = Config(
        organisation=Organisation(
            name=_text(organisation, "name", "organisation"),
            url=_text(organisation, "url", "organisation"),
            review_url=_text(organisation, "review_url", "organisation"),
        ),
        author=_text(workbench, "author", "workbench"),
        default_scale=_text(workbench, "default_scale", "workbench") or "none",
        editor=_text(workbench, "editor", "workbench"),
        theme=_text(workbench, "theme", "workbench"),
        custom_scales=custom,
        keys={str(k): str(v) for k, v in keys.items()},
        path=path,
    )
    if config.default_scale not in config.scales:
        raise ValueError(f"workbench.default_scale {config.default_scale!r} is not a known scale")
    return config
