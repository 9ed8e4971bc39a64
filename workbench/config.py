"""The user's configuration: a TOML file in the platform's config folder.

Everything has a default, so the file is optional. ``$WORKBENCH_CONFIG`` names another
file (tests use it). ``workbench config`` prints where the file is and every value in
effect, each marked as the file's or the default (``effective_settings``), and names what
the file holds that nothing reads (``unknown_settings``). A broken file is reported in one
line, never silently ignored, because a fact-checker who set their organisation's name
expects it on every ClaimReview.

    [organisation]
    name = "Example Checks"
    url = "https://checks.example.org"
    review_url = "https://checks.example.org/checks/{slug}"   # {slug} and {id} are filled in
    language = "en"                    # ClaimReview inLanguage when a case names none
    methodology_url = "https://checks.example.org/methodology"  # linked from every article
    corrections_url = "https://checks.example.org/corrections"  # the corrections policy
    evidence_table = false             # true: articles show questions x sources

    [workbench]
    author = "Ana Ruiz"                 # your name: recorded on every edit, comment, sign-off
    default_scale = "politifact"
    editor = "nvim"
    theme = "textual-dark"

    [scales.house]
    name = "Our house scale"
    ratings = [{ label = "Accurate" }, { label = "Misleading" }, { label = "Wrong" }]

    [keys]
    "library.new" = "f2"               # binding id = keys; several: "ctrl+n,f2" or a list

    [review]
    allow_self_approval = false        # true: whoever submitted a case may also approve it
    require_right_of_reply = true      # false: no warning for a claimant never asked

The Workbench writes to this file in one case only: when you pick a theme in the TUI it
remembers it as ``[workbench] theme``. That is a small, careful edit of the one line (every
other line, comment and blank is kept), checked by parsing the result before the file is
atomically replaced; a file it cannot edit that safely is left alone and you are told.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from workbench.atomic import write_atomically
from workbench.errors import UserFacingError
from workbench.scales import RatingScale, builtin_scales, scale_from_table

ENVIRONMENT_VARIABLE = "WORKBENCH_CONFIG"
#: Names the person at the keyboard, over the config's ``author`` (a shared desk machine,
#: a script acting for someone).
USER_VARIABLE = "WORKBENCH_USER"


class ConfigError(UserFacingError, ValueError):
    """The config file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Organisation:
    name: str = ""
    url: str = ""
    #: A template for a case's published address: ``{slug}`` and ``{id}`` are filled in.
    review_url: str = ""
    #: The language tag (``en``, ``es-MX``) a ClaimReview gives when the case names none.
    language: str = ""
    #: The organisation's methodology and corrections policy pages, which every article
    #: links to (IFCN Code of Principles, commitments 4 and 5).
    methodology_url: str = ""
    corrections_url: str = ""
    #: Whether articles carry the evidence table (questions by sources) unless an export
    #: says otherwise (``--evidence`` / ``--no-evidence``).
    evidence_table: bool = False


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
    #: Whether the person who submitted a case for review may approve it too (a desk of
    #: one); by default sign-off takes a second name.
    allow_self_approval: bool = False
    #: Whether the checks warn when a rated claim's claimant was never asked for comment
    #: (``claimant-not-contacted``); a desk that does not seek replies turns it off.
    require_right_of_reply: bool = True
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
    data = read_config_file(path)
    if data is None:
        return Config(path=path)
    try:
        return _config_from(data, path)
    except (KeyError, TypeError, ValueError) as error:
        raise ConfigError(f"{path}: {error}") from None


def read_config_file(path: Path) -> dict | None:
    """The TOML tables of the file at ``path``, or None when there is no such file."""
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: is not valid TOML ({error})") from None


def _text(table: dict, key: str, where: str) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise ValueError(f"{where}.{key} must be a string")
    return value


def _flag(table: dict, key: str, where: str, *, default: bool = False) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise ValueError(f"{where}.{key} must be true or false")
    return value


#: Every binding id the workbench declares (tests/test_config_keys.py keeps this equal to
#: the bindings): a ``[keys]`` entry naming another id would silently do nothing.
BINDING_IDS = frozenset({
    "app.command_palette", "app.help", "app.quit", "case.back", "case.checks", "case.claim",
    "case.comment", "case.correct", "case.export", "case.history", "case.review",
    "case.save", "case.sections", "case.sources", "case.status", "case.undo",
    "case_table.down", "case_table.first", "case_table.last", "case_table.page_down",
    "case_table.page_up", "case_table.up", "checks.accept", "checks.close", "checks.down",
    "checks.first", "checks.go", "checks.last", "checks.page_down", "checks.page_up",
    "checks.up", "choice.cancel", "choice.open", "comment.cancel", "comment.send",
    "confirm.no", "confirm.yes", "correction.cancel", "correction.record", "editor.cite",
    "editor.copy_section", "editor.external", "editor.section_end", "editor.section_start",
    "editor.select_to_end", "editor.select_to_start", "editor.to_sections", "export.cancel",
    "export.go", "help.close", "history.close", "import.cancel", "library.clear_filter",
    "library.delete", "library.erase", "library.export", "library.import", "library.new",
    "library.open", "library.refresh", "library.undo", "matrix.add_question",
    "matrix.close", "matrix.comment", "matrix.cycle", "matrix.delete_question",
    "matrix.edit_question", "matrix.undo", "new_case.cancel", "new_case.create",
    "picker.cancel", "picker.next", "picker.pick", "picker.previous", "prior_check.close",
    "prior_check.copy", "prompt.cancel",
    "quit_question.discard", "quit_question.save", "quit_question.stay", "review.close",
    "review.jump", "review.reopen", "review.reply", "review.resolve", "sections.add",
    "sections.copy_section", "sections.delete", "sections.edit", "sections.kind",
    "sections.move_down", "sections.move_up", "sections.rename", "source_form.cancel",
    "source_form.duplicate.back", "source_form.duplicate.keep",
    "source_form.duplicate.open", "source_form.save_capture", "source_form.save",
    "source_view.close",
    "source_view.comment", "source_view.save_capture", "sources.add",
    "sources.copy_citation", "sources.delete",
    "sources.down", "sources.edit", "sources.first", "sources.last", "sources.matrix",
    "sources.move_down", "sources.move_up", "sources.page_down", "sources.page_up",
    "sources.up", "status.cancel", "status.move",
    # The right-of-reply log (R on the case screen) and its entry form.
    "case.reply_log", "reply_log.add", "reply_log.edit", "reply_log.delete",
    "reply_log.close", "reply_form.save", "reply_form.cancel",
})
#: Where every printable key is typed into a filter, so a letter bound there never fires.
_TYPED_INTO = {"library": "the library", "case_table": "the library"}


def keymap_problems(keys: dict[str, str]) -> list[str]:
    """What in a ``[keys]`` table would do nothing: an id no binding has (a typo, or a key
    renamed since), or a printable key for a command where typing goes to a filter."""
    problems: list[str] = []
    for binding, value in keys.items():
        if binding not in BINDING_IDS:
            problems.append(f"keys.{binding}: no key has this id (F1 lists the ids); ignored")
            continue
        place = _TYPED_INTO.get(binding.split(".", 1)[0])
        typed = [key.strip() for key in value.split(",") if len(key.strip()) == 1]
        if place and typed:
            problems.append(f"keys.{binding}: {typed[0]!r} is typed into the filter in "
                            f"{place}, so it never fires; use a key such as ctrl+… or f2")
    return problems


def _keys(value: object, binding: str) -> str:
    """Textual's key string for a ``[keys]`` entry: one key, "a,b", or a list of keys."""
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, list) and value and all(isinstance(k, str) and k for k in value):
        return ",".join(value)
    raise ValueError(f'keys.{binding} must be a key such as "ctrl+n", or a list of keys')


def _config_from(data: dict, path: Path) -> Config:
    organisation = data.get("organisation", {})
    workbench = data.get("workbench", {})
    scales = data.get("scales", {})
    keys = data.get("keys", {})
    review = data.get("review", {})
    for name, table in (("organisation", organisation), ("workbench", workbench),
                        ("scales", scales), ("keys", keys), ("review", review)):
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
            language=_text(organisation, "language", "organisation"),
            methodology_url=_text(organisation, "methodology_url", "organisation"),
            corrections_url=_text(organisation, "corrections_url", "organisation"),
            evidence_table=_flag(organisation, "evidence_table", "organisation"),
        ),
        author=_text(workbench, "author", "workbench"),
        default_scale=_text(workbench, "default_scale", "workbench") or "none",
        editor=_text(workbench, "editor", "workbench"),
        theme=_text(workbench, "theme", "workbench"),
        custom_scales=custom,
        keys={str(binding): _keys(value, binding) for binding, value in keys.items()},
        allow_self_approval=_flag(review, "allow_self_approval", "review"),
        require_right_of_reply=_flag(review, "require_right_of_reply", "review",
                                     default=True),
        path=path,
    )
    if config.default_scale not in config.scales:
        raise ValueError(f"workbench.default_scale {config.default_scale!r} is not a known scale")
    return config


def user_name(explicit: str | None = None, config: Config | None = None) -> str | None:
    """The name of the person at the keyboard, or None when nothing names them.

    First ``explicit`` (``--as NAME``), then ``$WORKBENCH_USER``, then ``author`` in the
    config file (loaded only when needed; a broken file raises ConfigError). No guess from
    the login name: a sign-off must carry a name someone chose, not "root".
    """
    for candidate in (explicit, os.environ.get(USER_VARIABLE)):
        if candidate is not None and candidate.strip():
            return " ".join(candidate.split())
    author = (config or load_config()).author
    return " ".join(author.split()) or None


_HEADER = re.compile(r"^\s*\[(\[?)\s*([^\]]*?)\s*\]\]?\s*(?:#.*)?$")
_THEME_KEY = re.compile(r"^\s*(?:theme|\"theme\"|'theme')\s*=")
#: A one-line ``theme = "..."`` whose indentation and trailing comment are worth keeping.
_SIMPLE_THEME = re.compile(r"^(\s*)theme\s*=\s*(?:\"[^\"\\]*\"|'[^']*')(\s*#[^\r\n]*)?")


def with_theme(text: str, theme: str) -> str:
    """``text`` with ``[workbench] theme`` set to ``theme`` and every other line as it was.

    tomllib only reads, and rewriting the whole file from its data would drop the user's
    comments and layout; so this replaces (or adds) the one line, and refuses with
    ConfigError when the result does not read back as the same settings plus the theme
    (a multi-line value, a dotted or inline ``workbench`` table, a broken file).
    """
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"is not valid TOML ({error}); the theme was not saved") from None
    newline = "\r\n" if "\r\n" in text else "\n"
    line = f"theme = {json.dumps(theme)}{newline}"
    lines = text.splitlines(keepends=True)
    header = end = None
    for index, current in enumerate(lines):
        match = _HEADER.match(current)
        if match is None:
            continue
        if header is not None:
            end = index
            break
        if not match.group(1) and match.group(2) == "workbench":
            header = index
    if header is None:
        if lines and not lines[-1].endswith(("\n", "\r")):
            lines[-1] += newline
        lines += [newline] if lines else []
        lines += [f"[workbench]{newline}", line]
    else:
        body = range(header + 1, len(lines) if end is None else end)
        existing = next((i for i in body if _THEME_KEY.match(lines[i])), None)
        if existing is None:
            lines.insert(header + 1, line)
        elif simple := _SIMPLE_THEME.match(lines[existing]):
            indent, comment = simple.group(1), simple.group(2) or ""
            lines[existing] = f"{indent}{line.rstrip()}{comment}{newline}"
        else:
            lines[existing] = line
    result = "".join(lines)
    expected = {**before, "workbench": {**before.get("workbench", {}), "theme": theme}}
    try:
        same = tomllib.loads(result) == expected
    except tomllib.TOMLDecodeError:
        same = False
    if not same:
        raise ConfigError(
            f"could not add the theme safely; set [workbench] theme = {json.dumps(theme)} "
            "yourself"
        )
    return result


def save_theme(theme: str, path: Path | None = None) -> Path:
    """Remember ``theme`` in the config file (created if missing); return the file written.

    The file is replaced whole (``workbench.atomic``), so a crash never leaves half a
    config; a symlinked config (a dotfiles checkout) is written through to its target
    rather than replaced by a plain file.
    """
    path = (path or config_path()).resolve()
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read ({error})") from None
    try:
        updated = with_theme(text, theme)
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, updated.encode("utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot be written ({error.strerror or error})") from None
    return path


#: The settings of the fixed tables, in the order they are shown and documented. The
#: ``[scales.*]`` and ``[keys]`` tables are open: their keys are the user's own.
SETTINGS: dict[str, tuple[str, ...]] = {
    "organisation": ("name", "url", "review_url", "language", "methodology_url",
                     "corrections_url", "evidence_table"),
    "workbench": ("author", "default_scale", "editor", "theme"),
    "review": ("allow_self_approval", "require_right_of_reply"),
}


@dataclass(frozen=True)
class Setting:
    """One effective value, and whether the file set it or it is the default."""

    table: str
    key: str
    value: object
    from_file: bool


def effective_settings(config: Config, data: dict | None) -> list[Setting]:
    """Every value ``config`` holds, table by table; ``data`` is the file it was read from
    (``read_config_file``), which says which values it set."""
    data = data or {}
    values: dict[str, dict[str, object]] = {
        "organisation": {
            "name": config.organisation.name,
            "url": config.organisation.url,
            "review_url": config.organisation.review_url,
            "language": config.organisation.language,
            "methodology_url": config.organisation.methodology_url,
            "corrections_url": config.organisation.corrections_url,
            "evidence_table": config.organisation.evidence_table,
        },
        "workbench": {
            "author": config.author,
            "default_scale": config.default_scale,
            "editor": config.editor,
            "theme": config.theme,
        },
        "review": {"allow_self_approval": config.allow_self_approval,
                   "require_right_of_reply": config.require_right_of_reply},
    }
    found = [
        Setting(table, key, values[table][key], key in data.get(table, {}))
        for table, keys in SETTINGS.items()
        for key in keys
    ]
    found += [Setting("scales", scale_id, scale_table(scale), True)
              for scale_id, scale in config.custom_scales.items()]
    found += [Setting("keys", binding, keys, True) for binding, keys in config.keys.items()]
    return found


def scale_table(scale: RatingScale) -> dict[str, object]:
    """A scale as its ``[scales.ID]`` table in the file holds it."""
    table: dict[str, object] = {"name": scale.name}
    for bound in ("best", "worst"):
        if getattr(scale, bound) is not None:
            table[bound] = getattr(scale, bound)
    table["ratings"] = [
        {"label": rating.label} | ({} if rating.value is None else {"value": rating.value})
        for rating in scale.ratings
    ]
    return table


def unknown_settings(data: dict | None) -> list[str]:
    """The tables and keys of the file that the Workbench does not read (a typo, most
    likely: ``[workbench] autor``), as ``table.key``."""
    unknown: list[str] = []
    for table, value in (data or {}).items():
        if table in ("scales", "keys"):
            continue
        if table not in SETTINGS:
            unknown.append(table)
        elif isinstance(value, dict):
            unknown += [f"{table}.{key}" for key in value if key not in SETTINGS[table]]
    for scale_id, scale in (data or {}).get("scales", {}).items():
        if isinstance(scale, dict):
            unknown += [f"scales.{scale_id}.{key}" for key in scale
                        if key not in ("name", "ratings", "best", "worst")]
    return unknown


def shadowed_scales(config: Config) -> list[str]:
    """The user's scales whose id a shipped scale already has: the shipped one is used."""
    return [scale_id for scale_id in config.custom_scales if scale_id in builtin_scales()]


#: ``workbench config --example``: every setting, commented out, with what it does. Lines
#: starting ``#`` and a table or a ``key =`` are settings; ``##`` lines explain them.
EXAMPLE_CONFIG = """\
## Factcheck Workbench configuration (TOML). Every setting is optional: remove the "#"
## before a setting to use it. `workbench config` shows the values in effect.

[organisation]
## Who publishes the checks: named in every ClaimReview export.
# name = "Example Checks"
# url = "https://checks.example.org"
## A published check's address; {slug} and {id} are filled in for each case.
# review_url = "https://checks.example.org/checks/{slug}"
## The language of a ClaimReview (inLanguage) when a case names none; "en" otherwise.
# language = "en"
## Every article links to these (IFCN commitments 4 and 5: methods and corrections).
# methodology_url = "https://checks.example.org/methodology"
# corrections_url = "https://checks.example.org/corrections"
## true: every article shows its questions against its sources (export --no-evidence
## leaves it out; --evidence puts it in when this is false).
# evidence_table = false

[workbench]
## Your name: recorded on every edit, comment and sign-off ($WORKBENCH_USER wins over it).
# author = "Ana Ruiz"
## The rating scale of a new case: none, politifact, snopes, averitec, or one of yours.
# default_scale = "politifact"
## The editor ctrl+e opens when $VISUAL and $EDITOR are not set.
# editor = "nvim"
## Written for you when you pick a theme from the command palette.
# theme = "textual-dark"

## A rating scale of your own, chosen by its id ("house") like a shipped one.
# [scales.house]
# name = "Our house scale"
## A rating's value and the scale's best and worst are numbers, only for a numeric scale.
# ratings = [{ label = "Accurate" }, { label = "Misleading" }, { label = "Wrong" }]

[keys]
## Binding id = keys. F1 and the user guide's key map list the ids.
# "library.new" = "ctrl+n,f2"
# "app.quit" = "ctrl+q,f10"
# "sources.matrix" = ["m", "ctrl+t"]

[review]
## true: whoever submitted a case for review may also approve it (a desk of one).
# allow_self_approval = false
## false: no warning when a rated claim's claimant was never asked for comment.
# require_right_of_reply = true
"""
