"""What several commands share: the ``--library`` and ``--as`` options, the library and the
acting name they resolve to, and a case file opened to read or to change.

The layers load inside these functions, as in the commands, so importing this module
costs no more than click.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from workbench.cli.errors import UserError

library_option = click.option(
    "--library",
    "library_dir",
    metavar="DIR",
    type=click.Path(),
    help="The library folder (default: $WORKBENCH_LIBRARY, else your user data folder).",
)
as_option = click.option(
    "--as",
    "as_name",
    metavar="NAME",
    help="Who is acting (default: $WORKBENCH_USER, else author in the config file).",
)


def library_at(library_dir: str | None) -> Any:
    """The library in ``library_dir``, else where the environment or the platform puts it."""
    from workbench.casefile.library import Library, resolve_library_path

    return Library(resolve_library_path(library_dir))


def prepared_library(context: click.Context, library_dir: str | None) -> Any:
    """The library a command works on, its folder created if need be.

    A command's own ``--library`` wins over the one given before the command.
    """
    library = library_at(library_dir or (context.obj or {}).get("library"))
    library.ensure_exists()
    return library


def acting_name(as_name: str | None, config: Any = None) -> str:
    """The name a change is recorded under: --as, else $WORKBENCH_USER, else the config's
    author; refused when nothing names the person."""
    from workbench.config import load_config, user_name
    from workbench.review import require_name

    _check_given(as_name)
    return require_name(user_name(as_name, config if config is not None else load_config()))


def name_if_known(as_name: str | None, config: Any = None) -> str | None:
    """The acting name where a record may go without one (a new case, a status shown).

    Only a name for the record is at stake, so a broken config file does not stop the work.
    """
    from workbench.config import ConfigError, load_config, user_name
    from workbench.review import require_name

    _check_given(as_name)
    try:
        name = user_name(as_name, config if config is not None else load_config())
    except ConfigError:
        return None
    return None if name is None else require_name(name)


def _check_given(as_name: str | None) -> None:
    if as_name is not None and not as_name.strip():
        raise UserError("--as needs a name")


@contextlib.contextmanager
def open_for_writing(file: Path, who: str) -> Iterator[tuple[Any, Any]]:
    """The case file open for writing as ``who``, and its case; saved by the caller.

    An action the engine refuses raises before the save, so the file is left as it was.
    """
    from workbench.casefile.store import CaseFile

    with CaseFile.open(file, who=who) as case_file:
        if case_file.read_only:
            raise UserError(f"{file}: {case_file.read_only_reason}")
        yield case_file, case_file.load()


def read_case(file: Path) -> Any:
    """The case in ``file``, read without taking the writer's lock."""
    from workbench.casefile.store import CaseFile

    with CaseFile.open(file, read_only=True) as case_file:
        return case_file.load()
