"""``workbench config``: the config file's path and every value in effect, as a user runs it.

The config folder is ``$XDG_CONFIG_HOME`` pointed at the test's own folder (with
``$WORKBENCH_CONFIG`` unset), so the user's real config is never read.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.config import EXAMPLE_CONFIG, SETTINGS, Config, load_config

SAMPLE = """\
[organisation]
name = "Example Checks"

[workbench]
author = "Ana Ruiz"
default_scale = "house"

[scales.house]
name = "Our house scale"
best = 3
worst = 1
ratings = [{ label = "Accurate", value = 3 }, { label = "Wrong", value = 1 }]

[keys]
"library.new" = "f2"
"app.help" = ["f1", "question_mark"]

[review]
allow_self_approval = true
"""


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.delenv("WORKBENCH_CONFIG", raising=False)
    return home


@pytest.fixture
def config_file(config_home: Path) -> Path:
    return config_home / "factcheck-workbench" / "config.toml"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def run(*args: str, ok: bool = True) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["config", *args], catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.stderr
    return result.exit_code, result.stdout, result.stderr


def marked(out: str, line_start: str) -> str:
    """The note after ``#`` on the line of ``out`` starting with ``line_start``."""
    [line] = [line for line in out.splitlines() if line.startswith(line_start)]
    return line.split("#", 1)[1].strip()


def test_without_a_file_it_names_where_the_file_goes_and_shows_the_defaults(
        config_file: Path) -> None:
    _, out, err = run()
    assert err == ""
    first, second = out.splitlines()[:2]
    assert first == f"# The config file: {config_file}"
    assert second.startswith("# It does not exist yet, so every value is a default")
    for table in ("[organisation]", "[workbench]", "[keys]", "[review]"):
        assert table in out.splitlines()
    assert "# Shipped scales: none, politifact, snopes, averitec" in out
    assert marked(out, "default_scale = ") == "default"
    assert marked(out, "allow_self_approval = false") == "default"
    assert not config_file.exists()


def test_each_value_says_whether_the_file_set_it(config_file: Path) -> None:
    write(config_file, SAMPLE)
    _, out, _ = run()
    assert out.splitlines()[1].startswith("# It exists")
    assert marked(out, 'name = "Example Checks"') == "from the file"
    assert marked(out, 'url = ""') == "default"
    assert marked(out, 'author = "Ana Ruiz"') == "from the file"
    assert marked(out, 'editor = ""') == "default"
    assert marked(out, "allow_self_approval = true") == "from the file"
    assert marked(out, '"library.new" = "f2"') == "from the file"
    assert marked(out, "[scales.house]") == "from the file"


def test_the_output_is_a_config_file_with_the_same_settings(config_file: Path,
                                                            tmp_path: Path) -> None:
    write(config_file, SAMPLE)
    _, out, _ = run()
    copy = write(tmp_path / "copy.toml", out)
    assert load_config(copy) == Config(**{**vars(load_config(config_file)), "path": copy})


def test_json_gives_every_table_with_values_and_sources(config_file: Path) -> None:
    write(config_file, SAMPLE)
    _, out, _ = run("--json")
    shown = json.loads(out)
    assert shown["path"] == str(config_file)
    assert shown["exists"] is True
    assert shown["named_by"] == "default"
    tables = shown["tables"]
    assert list(tables) == ["organisation", "workbench", "scales", "keys", "review"]
    for table, keys in SETTINGS.items():
        assert list(tables[table]) == list(keys)
    assert tables["organisation"]["name"] == {"value": "Example Checks", "source": "file"}
    assert tables["organisation"]["url"] == {"value": "", "source": "default"}
    assert tables["workbench"]["default_scale"] == {"value": "house", "source": "file"}
    assert tables["review"]["allow_self_approval"] == {"value": True, "source": "file"}
    assert tables["keys"] == {
        "library.new": {"value": "f2", "source": "file"},
        "app.help": {"value": "f1,question_mark", "source": "file"},
    }
    assert tables["scales"]["house"]["value"] == {
        "name": "Our house scale", "best": 3, "worst": 1,
        "ratings": [{"label": "Accurate", "value": 3}, {"label": "Wrong", "value": 1}],
    }
    assert shown["shipped_scales"] == ["none", "politifact", "snopes", "averitec"]
    assert shown["unknown"] == []


def test_json_without_a_file(config_file: Path) -> None:
    shown = json.loads(run("--json")[1])
    assert (shown["path"], shown["exists"]) == (str(config_file), False)
    assert shown["tables"]["workbench"]["default_scale"] == {"value": "none",
                                                             "source": "default"}
    assert shown["tables"]["scales"] == {} and shown["tables"]["keys"] == {}


def test_the_environment_variable_names_another_file(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    other = write(tmp_path / "elsewhere.toml", '[workbench]\neditor = "nano"\n')
    monkeypatch.setenv("WORKBENCH_CONFIG", str(other))
    _, out, _ = run()
    assert out.splitlines()[0] == f"# The config file: {other}"
    assert "# $WORKBENCH_CONFIG names it." in out
    assert run("--path")[1] == f"{other}\n"
    assert json.loads(run("--json")[1])["named_by"] == "WORKBENCH_CONFIG"


def test_path_prints_only_the_path(config_file: Path) -> None:
    assert run("--path")[1] == f"{config_file}\n"


def test_settings_it_does_not_read_are_named(config_file: Path) -> None:
    write(config_file, '[workbench]\nautor = "Ana"\n\n[organization]\nname = "X"\n'
                       '[scales.house]\nratings = []\ncolour = "red"\n')
    _, out, _ = run()
    assert out.splitlines()[-1] == (
        "# Not read by the Workbench (a typo?): workbench.autor, organization, "
        "scales.house.colour")
    assert json.loads(run("--json")[1])["unknown"] == [
        "workbench.autor", "organization", "scales.house.colour"]


def test_a_scale_hidden_by_a_shipped_one_says_so(config_file: Path) -> None:
    write(config_file, '[scales.snopes]\nname = "Mine"\nratings = [{ label = "Yes" }]\n')
    _, out, _ = run()
    assert "a shipped scale has this id and is used instead: rename it" in marked(
        out, "[scales.snopes]")


def test_the_user_variable_is_shown_over_author(config_file: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    write(config_file, '[workbench]\nauthor = "Ana Ruiz"\n')
    monkeypatch.setenv("WORKBENCH_USER", "Bo  Lee")
    _, out, _ = run()
    assert '# $WORKBENCH_USER is set and names you over author: "Bo Lee"' in out


@pytest.mark.parametrize(("text", "problem"), [
    ("[workbench\n", "is not valid TOML"),
    ('[workbench]\ndefault_scale = "nope"\n', "workbench.default_scale 'nope' is not a known"),
    ("[review]\nallow_self_approval = 1\n", "review.allow_self_approval must be true or false"),
    ("organisation = 3\n", "[organisation] must be a table"),
])
@pytest.mark.parametrize("flags", [(), ("--json",)])
def test_a_broken_file_is_one_line_and_a_failure(config_file: Path, text: str, problem: str,
                                                 flags: tuple[str, ...]) -> None:
    write(config_file, text)
    code, out, err = run(*flags, ok=False)
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"workbench: {config_file}: ")
    assert problem in err
    assert "Traceback" not in err


def test_an_unreadable_file_is_one_line(config_file: Path) -> None:
    config_file.mkdir(parents=True)  # a folder where the file should be
    code, out, err = run(ok=False)
    assert (code, out) == (1, "")
    assert err.startswith(f"workbench: {config_file}: cannot be read") and err.count("\n") == 1


# The example file.


def uncommented(text: str) -> str:
    """The example with every setting turned on: ``# key = ...`` and ``# [table]`` lines."""
    return re.sub(r"(?m)^# (?=[\[\w\"])", "", text)


def test_the_example_is_a_valid_file_that_changes_nothing(tmp_path: Path) -> None:
    _, out, _ = run("--example")
    assert out == EXAMPLE_CONFIG
    path = write(tmp_path / "example.toml", out)
    assert load_config(path) == Config(path=path)


def test_the_example_shows_every_setting_and_each_works_when_turned_on(tmp_path: Path) -> None:
    path = write(tmp_path / "example.toml", uncommented(EXAMPLE_CONFIG))
    data = tomllib.loads(path.read_text("utf-8"))
    for table, keys in SETTINGS.items():
        assert list(data[table]) == list(keys)
    config = load_config(path)
    assert config.organisation.name == "Example Checks"
    assert config.default_scale == "politifact"
    assert "house" in config.custom_scales
    assert config.keys["sources.matrix"] == "m,ctrl+t"


def test_the_example_is_printed_even_when_the_file_is_broken(config_file: Path) -> None:
    write(config_file, "[workbench\n")
    assert run("--example")[1] == EXAMPLE_CONFIG


def test_the_command_is_listed_in_the_help() -> None:
    out = CliRunner().invoke(main, ["--help"]).stdout
    assert re.search(r"^\s+config\s+Show the config file's path", out, re.MULTILINE)
