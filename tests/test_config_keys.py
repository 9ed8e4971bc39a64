"""``[keys]`` entries that would do nothing are named, not silently dropped: an id no
binding has, and a letter given to a library command (letters there go to the filter)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.binding import Binding

import workbench.tui
from tests.support import notifications, settle
from workbench.cli import main
from workbench.config import BINDING_IDS, Config, keymap_problems
from workbench.tui.app import WorkbenchApp


def declared_ids() -> set[str]:
    """Every binding id declared by a class of the TUI."""
    ids: set[str] = set()
    for module_info in pkgutil.iter_modules(workbench.tui.__path__, "workbench.tui."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding) and binding.id:
                    ids.add(binding.id)
    return ids


def test_the_config_knows_every_binding_id() -> None:
    assert set(BINDING_IDS) == declared_ids()


def test_an_unknown_id_and_a_typed_library_key_are_named() -> None:
    problems = keymap_problems({"library.to_table": "tab", "library.new": "n,ctrl+n",
                                "sources.matrix": "m,ctrl+t", "library.undo": "ctrl+z"})
    assert problems == [
        "keys.library.to_table: no key has this id (F1 lists the ids); ignored",
        "keys.library.new: 'n' is typed into the filter in the library, so it never fires; "
        "use a key such as ctrl+… or f2",
    ]


def test_workbench_config_prints_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                      ) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv("WORKBENCH_CONFIG", raising=False)
    path = tmp_path / "factcheck-workbench" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text('[keys]\n"library.nwe" = "f2"\n', "utf-8")
    result = CliRunner().invoke(main, ["config"])
    assert result.exit_code == 0
    assert "# keys.library.nwe: no key has this id (F1 lists the ids); ignored" in result.output
    result = CliRunner().invoke(main, ["config", "--json"])
    assert '"key_problems"' in result.output and "library.nwe" in result.output


async def test_the_workbench_says_so_when_it_starts(tmp_path: Path) -> None:
    config = Config(path=tmp_path / "config.toml", keys={"library.nwe": "f2"})
    library = tmp_path / "library"
    library.mkdir()
    app = WorkbenchApp(library=library, config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert any("keys.library.nwe: no key has this id" in note
                   for note in notifications(app))
