"""The config file: reading it, the keymap in it, and remembering the theme in it.

The theme is the one thing the Workbench writes into the user's own file, so those tests
check that every other byte survives and that a file it cannot edit safely is left alone.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from workbench.config import (
    Config,
    ConfigError,
    config_path,
    load_config,
    save_theme,
    with_theme,
)


@pytest.fixture(autouse=True)
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("WORKBENCH_CONFIG", str(path))
    return path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_environment_names_the_file(config_file: Path) -> None:
    assert config_path() == config_file


def test_a_missing_file_gives_the_defaults(config_file: Path) -> None:
    config = load_config()
    assert config == Config(path=config_file)
    assert config.keys == {} and config.theme == "" and config.default_scale == "none"


def test_keys_take_a_key_a_comma_list_or_a_list(config_file: Path) -> None:
    write(config_file, '[keys]\n"library.new" = "ctrl+n"\n"library.open" = "o,enter"\n'
                       '"app.help" = ["f1", "question_mark"]\n')
    assert load_config().keys == {
        "library.new": "ctrl+n",
        "library.open": "o,enter",
        "app.help": "f1,question_mark",
    }


@pytest.mark.parametrize("value", ['""', "3", "[]", "[1, 2]", "{ a = 1 }"])
def test_a_bad_key_is_named(config_file: Path, value: str) -> None:
    write(config_file, f'[keys]\n"library.new" = {value}\n')
    with pytest.raises(ConfigError, match=r"keys\.library\.new must be a key"):
        load_config()


def test_a_broken_file_is_one_line(config_file: Path) -> None:
    write(config_file, "[keys\n")
    with pytest.raises(ConfigError) as raised:
        load_config()
    message = str(raised.value)
    assert message.startswith(f"{config_file}: is not valid TOML") and "\n" not in message


# Remembering the theme: the one-line edit


def test_theme_goes_into_an_empty_file() -> None:
    assert with_theme("", "nord") == '[workbench]\ntheme = "nord"\n'


def test_theme_replaces_the_old_one_and_keeps_everything_else() -> None:
    text = (
        "# My settings\n"
        "[organisation]\n"
        'name = "Example Checks"  # shown on ClaimReview\n'
        "\n"
        "[workbench]\n"
        'author = "Ana Ruiz"\n'
        '  theme = "textual-dark"   # the old one\n'
        'editor = "nvim"\n'
        "\n"
        "[keys]\n"
        '"library.new" = "ctrl+n"\n'
    )
    assert with_theme(text, "nord") == text.replace('"textual-dark"', '"nord"')


def test_theme_is_added_to_an_existing_workbench_table() -> None:
    text = '[workbench]\nauthor = "Ana"\n\n[keys]\n"app.help" = "f2"\n'
    assert with_theme(text, "nord") == (
        '[workbench]\ntheme = "nord"\nauthor = "Ana"\n\n[keys]\n"app.help" = "f2"\n'
    )


def test_theme_table_is_appended_when_missing() -> None:
    assert with_theme('[organisation]\nname = "X"', "nord") == (
        '[organisation]\nname = "X"\n\n[workbench]\ntheme = "nord"\n'
    )


def test_windows_line_endings_stay() -> None:
    assert with_theme('[workbench]\r\ntheme = "a"\r\n', "nord") == (
        '[workbench]\r\ntheme = "nord"\r\n'
    )


@pytest.mark.parametrize(
    "text",
    [
        'workbench = { theme = "a" }\n',  # an inline table cannot take another line
        'workbench.theme = "a"\n',  # a dotted key outside the table
        '[workbench]\ntheme = """\nmulti\n"""\n',  # a multi-line value
    ],
    ids=["inline", "dotted", "multiline"],
)
def test_a_layout_it_cannot_edit_safely_is_refused(text: str) -> None:
    with pytest.raises(ConfigError, match="could not add the theme safely"):
        with_theme(text, "nord")


def test_a_broken_file_is_not_edited() -> None:
    with pytest.raises(ConfigError, match="is not valid TOML"):
        with_theme("[workbench\n", "nord")


def test_a_theme_needing_escapes_reads_back() -> None:
    import tomllib

    assert tomllib.loads(with_theme("", 'odd "name" \\ é'))["workbench"]["theme"] == (
        'odd "name" \\ é'
    )


# Remembering the theme: the file


def test_save_theme_creates_the_file_and_folder(config_file: Path) -> None:
    assert save_theme("nord") == config_file.resolve()
    assert load_config().theme == "nord"


def test_save_theme_keeps_the_rest_and_the_mode(config_file: Path) -> None:
    write(config_file, '# mine\n[organisation]\nname = "Example"\n')
    os.chmod(config_file, 0o600)
    save_theme("gruvbox")
    assert config_file.read_text("utf-8") == (
        '# mine\n[organisation]\nname = "Example"\n\n[workbench]\ntheme = "gruvbox"\n'
    )
    assert stat.S_IMODE(config_file.stat().st_mode) == 0o600
    assert load_config().organisation.name == "Example"
    # No temporary file is left behind.
    assert sorted(p.name for p in config_file.parent.iterdir()) == ["config.toml"]


def test_save_theme_writes_through_a_symlink(tmp_path: Path, config_file: Path) -> None:
    target = write(tmp_path / "dotfiles" / "workbench.toml", '[workbench]\ntheme = "a"\n')
    config_file.parent.mkdir(parents=True)
    config_file.symlink_to(target)
    save_theme("nord")
    assert config_file.is_symlink()
    assert target.read_text("utf-8") == '[workbench]\ntheme = "nord"\n'


def test_save_theme_leaves_a_broken_file_alone(config_file: Path) -> None:
    write(config_file, "[keys\n")
    with pytest.raises(ConfigError, match="the theme was not saved"):
        save_theme("nord")
    assert config_file.read_text("utf-8") == "[keys\n"
