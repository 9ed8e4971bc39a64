"""``workbench desk build``: several libraries in one read-only index a desk serves with
Datasette."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.cli.common import library_at
from workbench.cli.errors import reports_errors
from workbench.cli.output import say


@click.group()
def desk() -> None:
    """The desk index: the claims of several libraries, searched together in Datasette."""


@desk.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("libraries", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
@reports_errors
def build(context: click.Context, out: Path, libraries: tuple[Path, ...]) -> None:
    """Gather LIBRARY folders (default: your library) into the desk index OUT, with a
    Datasette metadata file beside it (OUT's name with .metadata.json).

    OUT is replaced whole if it is a desk index already; any other file is left alone.
    """
    from workbench.casefile.desk import build_desk, metadata_path

    folders = list(libraries) or [library_at((context.obj or {}).get("library")).folder]
    built = build_desk(out, folders)
    for problem in built.skipped:
        say(f"workbench: skipped {problem.reason}", err=True)
    counts = ", ".join(f"{name} {count:,}" for name, count in built.claims.items())
    say(f"Built {out}: {sum(built.claims.values()):,} claims ({counts})")
    say(f"Serve it with: datasette serve -i {out} -m {metadata_path(out)}")


GROUPS = (desk,)
