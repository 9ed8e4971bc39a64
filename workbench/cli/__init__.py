"""The ``workbench`` command: parse, call the layers below, print.

Kept thin and quick: the package imports only click and its own small modules at the top;
the case file (and with it sqlite_utils), the analysis and Textual load inside the commands
that need them, so ``workbench --help`` starts fast. Every failure a user can cause is one
line on stderr and exit status 1, click's own usage errors included (``errors``); and every
line printed goes through ``say``, which escapes what could act on a terminal (``output``).

The commands live by topic: ``library`` (new, list, import, match, reindex, open, demo),
``corpus`` (import, list, count and open of prior fact-checks and queued claims),
``case`` (export, check, set) and ``review`` (status, comment, resolve, reopen, review,
log, correct, diff) and ``config_command`` (config); this module is the group that
gathers them.
"""

from __future__ import annotations

import click

from workbench.cli.case import COMMANDS as CASE_COMMANDS
from workbench.cli.common import library_at, library_option
from workbench.cli.config_command import config_command
from workbench.cli.corpus import GROUPS as CORPUS_GROUPS
from workbench.cli.desk import GROUPS as DESK_GROUPS
from workbench.cli.errors import WorkbenchGroup, reports_errors
from workbench.cli.evidence import GROUPS as SOURCE_GROUPS
from workbench.cli.evidence_archives import GROUPS as ARCHIVE_GROUPS
from workbench.cli.evidence_excerpts import GROUPS as EXCERPT_GROUPS
from workbench.cli.evidence_lists import GROUPS as EVIDENCE_LIST_GROUPS
from workbench.cli.library import COMMANDS as LIBRARY_COMMANDS
from workbench.cli.reply import reply
from workbench.cli.review import COMMANDS as REVIEW_COMMANDS

__all__ = ["main"]


@click.group(name="workbench", cls=WorkbenchGroup, invoke_without_command=True,
             commands=[*LIBRARY_COMMANDS, *CASE_COMMANDS, *REVIEW_COMMANDS, config_command, reply],
             context_settings={"help_option_names": ["-h", "--help"]})
@library_option
@click.version_option(package_name="factcheck-workbench", prog_name="workbench")
@click.pass_context
def main(context: click.Context, library_dir: str | None) -> None:
    """Factcheck Workbench: check claims, weigh sources, write the verdict.

    Without a command, opens the workbench on your library of cases.
    """
    context.ensure_object(dict)
    context.obj["library"] = library_dir
    if context.invoked_subcommand is None:
        _run_library(library_dir)


for group in (*SOURCE_GROUPS, *EXCERPT_GROUPS, *EVIDENCE_LIST_GROUPS,
              *ARCHIVE_GROUPS, *DESK_GROUPS, *CORPUS_GROUPS):
    main.add_command(group)


@reports_errors
def _run_library(library_dir: str | None) -> None:
    library = library_at(library_dir)
    library.ensure_exists()
    from workbench.tui.app import run_library

    run_library(library.folder)
