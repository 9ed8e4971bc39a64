"""``workbench corpus``: prior fact-checks and queued claims in the library's index.

``corpus import FILE`` reads a CSV/TSV table, LIAR-PLUS, AVeriTeC or ClaimReview (including
a DataFeed) into the corpus, which ``workbench match`` searches beside the cases;
``corpus list`` and ``corpus count`` show what it holds (the queue of backlog claims
too), ``corpus open ID`` makes the case file of a queued claim and ``corpus remove ID...``
takes rows out.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from workbench.cli.common import library_option, prepared_library
from workbench.cli.errors import UserError, reports_errors
from workbench.cli.output import say, say_json
from workbench.terminal_text import terminal_safe

#: How often (in rows) a progress bar is moved on: often enough to look live.
PROGRESS_STEP = 1_000


@click.group()
def corpus() -> None:
    """Prior fact-checks and queued claims in the library's index."""


@corpus.command(name="import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--publisher", default="", metavar="NAME",
              help="Who checked the claims, where the file does not say.")
@library_option
@click.pass_context
@reports_errors
def import_corpus(context: click.Context, file: Path, publisher: str,
                  library_dir: str | None) -> None:
    """Add the prior fact-checks in FILE to the library's corpus.

    FILE may be a CSV/TSV table with a header (claim, claimant, date, rating, publisher,
    url, language), LIAR-PLUS, AVeriTeC JSON or ClaimReview JSON-LD (a record, a list, an
    @graph or a DataFeed); the content decides. A check imported before (the same review
    URL, else the same publisher, claim and date) is updated, not added again.
    """
    from workbench.formats.case_json import CaseFormatError
    from workbench.formats.corpus import read_corpus

    library = prepared_library(context, library_dir)
    try:
        found = read_corpus(file, publisher=publisher.strip())
    except CaseFormatError as error:
        raise UserError(f"{file}: {error}") from None
    with progress_bar("Importing", found.total) as (advance, report):
        failed = 0

        def records() -> Any:
            nonlocal failed
            for done, row in enumerate(found.rows, 1):
                if done % PROGRESS_STEP == 0:
                    advance(PROGRESS_STEP)
                if row.record is None:
                    failed += 1
                    report(f"{file}:{row.line}: {row.error}")
                else:
                    yield row.record

        counted = library.add_references(records())
    say(f"Imported {counted.added + counted.updated:,} prior check"
        f"{'s' * (counted.added + counted.updated != 1)} ({found.kind}) into "
        f"{library.folder}: {counted.added:,} new, {counted.updated:,} updated"
        + (f"; {failed:,} row{'s' * (failed != 1)} skipped (see above)" if failed else ""))
    if failed:
        sys.exit(1)


def progress_bar(what: str, total: int) -> Any:
    """A rich progress bar on stderr, gone when done: yields (advance(n), report(line)),
    where ``report`` prints a line above the bar."""
    import contextlib

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    @contextlib.contextmanager
    def bar() -> Any:
        errors = Console(stderr=True, highlight=False, soft_wrap=True)
        columns = (TextColumn(what), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, console=errors, transient=True) as progress:
            task = progress.add_task(what, total=total or None)
            yield (lambda count: progress.advance(task, count),
                   lambda line: progress.console.print(terminal_safe(line), markup=False))

    return bar()


@corpus.command(name="list")
@click.option("--queued", is_flag=True, help="The queued backlog claims instead.")
@click.option("--filter", "words", default="", metavar="WORDS",
              help="Only rows whose claim or claimant holds these words.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000),
              help="How many rows to show.")
@click.option("--offset", default=0, show_default=True, type=click.IntRange(0),
              help="How many of the newest rows to pass over first.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of objects.")
@library_option
@click.pass_context
@reports_errors
def list_corpus(context: click.Context, queued: bool, words: str, limit: int, offset: int,
                as_json: bool, library_dir: str | None) -> None:
    """Prior fact-checks in the corpus (or the queue), newest first."""
    from workbench.casefile.library import QUEUED, REFERENCE

    library = prepared_library(context, library_dir)
    rows = library.page(offset, limit, words, kinds=(QUEUED if queued else REFERENCE,))
    if as_json:
        say_json([{key: value for key, value in row.to_dict().items()
                   if key not in ("path", "title", "status")} for row in rows])
        return
    if not rows:
        say("Nothing queued." if queued else
            f"No prior checks in {library.folder}. Add some with: workbench corpus import FILE",
            err=True)
    for row in rows:
        say(f"{row.id:>7}  {row.updated or '-':<10}  {row.rating or '-':<14} {row.claim}")
        where = row.publisher or row.origin
        say(f"         {where}{' · ' + row.url if row.url else ''}")


@corpus.command(name="count")
@library_option
@click.pass_context
@reports_errors
def count_corpus(context: click.Context, library_dir: str | None) -> None:
    """How many cases, prior checks and queued claims the library holds."""
    from workbench.casefile.library import CASE, QUEUED, REFERENCE

    library = prepared_library(context, library_dir)
    library.refresh()
    say(f"{library.count(CASE):,} cases, {library.count(REFERENCE):,} prior checks, "
        f"{library.count(QUEUED):,} queued claims")


@corpus.command(name="open")
@click.argument("queued_id", metavar="ID", type=int)
@library_option
@click.pass_context
@reports_errors
def open_queued(context: click.Context, queued_id: int, library_dir: str | None) -> None:
    """Make the case file of queued claim ID (see corpus list --queued); print its path."""
    say(str(case_from_queue(prepared_library(context, library_dir), queued_id)))


@corpus.command(name="remove")
@click.argument("ids", metavar="ID...", type=int, nargs=-1, required=True)
@library_option
@click.pass_context
@reports_errors
def remove_from_corpus(context: click.Context, ids: tuple[int, ...],
                       library_dir: str | None) -> None:
    """Take prior checks or queued claims out of the index by ID (see corpus list)."""
    library = prepared_library(context, library_dir)
    removed = library.remove_corpus(ids)
    say(f"Removed {removed:,} row{'s' * (removed != 1)}")
    if removed < len(set(ids)):
        raise UserError(f"{len(set(ids)) - removed:,} of the IDs were not in the corpus")


def case_from_queue(library: Any, queued_id: int) -> Path:
    """The new case file of a queued claim, which leaves the queue."""
    from workbench.formats.corpus import open_queued as open_queued_claim

    return open_queued_claim(library, queued_id)


GROUPS = (corpus,)
