"""Commands on the library of cases: new, list, import, match, reindex, open and demo.

Each reads the library's index as it stands when the folder has not changed (see
``workbench.casefile.library``), so ``list`` and ``match`` cost the same in a library of a
million claims as in one of a thousand; the cases they write, they note in the index.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from workbench.cli.common import as_option, library_option, name_if_known, prepared_library
from workbench.cli.errors import UserError, reports_errors
from workbench.cli.output import say, say_json

#: Where ``workbench demo`` finds the sample cases in a source checkout.
SAMPLE_CASES = Path(__file__).resolve().parents[2] / "sample_cases"


@click.command()
@click.argument("claim")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the case file (default: a new file in the library).")
@click.option("--title", default="", help="The case title (default: the claim).")
@click.option("--scale", default="none", show_default=True,
              help="Rating scale: none, politifact, snopes or averitec.")
@library_option
@as_option
@click.pass_context
@reports_errors
def new(context: click.Context, claim: str, output: Path | None, title: str, scale: str,
        library_dir: str | None, as_name: str | None) -> None:
    """Create a case file for CLAIM and print its path."""
    from workbench.casefile.store import CaseFile
    from workbench.model import new_case
    from workbench.review import record_created
    from workbench.scales import builtin_scales

    if not claim.strip():
        raise UserError("the claim is empty; give the exact wording to check")
    if scale not in builtin_scales():
        choices = ", ".join(builtin_scales())
        raise UserError(f"unknown rating scale {scale!r}; choose from {choices}")
    case = new_case(claim.strip(), scale=scale, title=title.strip())
    # A new case is no sign-off: it is recorded with the name when there is one.
    record_created(case, name_if_known(as_name) or "")
    if output is not None:
        CaseFile.create(output, case).close()
        say(str(output))
        return
    library = prepared_library(context, library_dir)
    with library.changing() as note:
        path = library.path_for(case.title)
        CaseFile.create(path, case).close()
        note(path)
    say(str(path))


#: The fields of a case ``list --json`` gives, in order.
LIST_FIELDS = ("path", "title", "claim", "status", "rating", "updated")


@click.command(name="list")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1),
              help="How many cases to show.")
@click.option("--offset", default=0, show_default=True, type=click.IntRange(0),
              help="How many of the most recent cases to pass over first.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of objects.")
@library_option
@click.pass_context
@reports_errors
def list_cases(context: click.Context, limit: int, offset: int, as_json: bool,
               library_dir: str | None) -> None:
    """The cases in the library, most recently updated first, a page at a time."""
    from workbench.casefile.library import CASE

    library = prepared_library(context, library_dir)
    _refresh(library)
    entries = library.page(offset, limit, kinds=(CASE,))
    if as_json:
        say_json([{field: getattr(entry, field) for field in LIST_FIELDS} for entry in entries])
        return
    if not entries:
        if offset:
            say(f"No cases after the first {offset:,}.", err=True)
        else:
            say(f'No cases in {library.folder}. Start one with: workbench new "CLAIM"',
                err=True)
        return
    from workbench.model import Status

    for entry in entries:
        status = Status.label_for(entry.status)
        rating = entry.rating or "-"
        say(f"{entry.updated[:10]}  {status:<17} {rating:<14} {entry.title}")
        say(f"            {entry.path}")
    if len(entries) == limit:
        say(f"(cases {offset + 1:,} to {offset + limit:,}, most recent first; more with "
            f"--offset {offset + limit})", err=True)


def _refresh(library: Any) -> None:
    """Bring the index up to date, naming each file it had to leave out."""
    for skipped in library.refresh():
        say(f"workbench: skipped {skipped.reason}", err=True)


@click.command(name="import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the case file (one case only; default: the library).")
@library_option
@click.pass_context
@reports_errors
def import_case(context: click.Context, file: Path, output: Path | None,
                library_dir: str | None) -> None:
    """Import FILE as new case files and print their paths, or queue a bulk claim list.

    FILE may be a case .json, ClaimReview JSON-LD (one record, a list or an @graph), an
    article in the seed's layout (.txt or .md), or a bulk claim list (CSV/TSV such as
    LIAR-PLUS, or AVeriTeC JSON); the content decides which. A bulk list's claims go into
    the library's queue (see: workbench corpus list --queued), each becoming a case file
    when opened (workbench open --queued ID). Prior fact-checks to search, rather than
    claims to check, go in with: workbench corpus import FILE.
    """
    from workbench.config import load_config
    from workbench.formats.case_json import CaseFormatError
    from workbench.formats.importing import plan_import, write_cases

    scales = load_config().scales
    try:
        plan = plan_import(file, scales=scales)
    except CaseFormatError as error:
        raise UserError(f"{file}: {error}") from None
    if output is not None and (plan.is_bulk or len(plan.cases) != 1):
        raise UserError(f"{file}: holds several claims; leave out -o to add them to the library")
    if plan.is_bulk:
        _import_bulk(file, plan, prepared_library(context, library_dir), scales)
        return
    if not plan.cases:
        raise UserError(f"{file}: holds no claims to import")
    if output is not None:
        for path in write_cases(plan, lambda case: output):
            say(str(path))
    else:
        library = prepared_library(context, library_dir)
        with library.changing() as note:
            for path in write_cases(plan, lambda case: library.path_for(case.title)):
                note(path)
                say(str(path))
    for remark in plan.notes:
        say(f"{file}: {remark}", err=True)


def _import_bulk(file: Path, plan: Any, library: Any, scales: Any) -> None:
    """Queue every good row, with a progress bar; bad rows are reported by line."""
    from workbench.cli.corpus import PROGRESS_STEP, progress_bar
    from workbench.formats.backlog import queued_claim
    from workbench.formats.case_json import CaseFormatError
    from workbench.formats.importing import bulk_rows

    failed = 0
    with progress_bar("Queueing", plan.total) as (advance, report):

        def claims() -> Any:
            nonlocal failed
            for done, row in enumerate(bulk_rows(file, plan, scales=scales), 1):
                if done % PROGRESS_STEP == 0:
                    advance(PROGRESS_STEP)
                if row.case is None:
                    failed += 1
                    report(f"{file}:{row.line}: {row.error}")
                else:
                    yield queued_claim(row.case, f"{file.name}:{row.line}")

        try:
            counted = library.queue(claims())
        except CaseFormatError as error:
            raise UserError(f"{file}: {error}") from None
    queued = counted.added + counted.updated
    say(f"Queued {queued:,} claim{'s' * (queued != 1)} in {library.folder}"
        + (f" ({counted.updated:,} already queued, updated)" if counted.updated else "")
        + (f"; {failed:,} row{'s' * (failed != 1)} skipped (see above)" if failed else "")
        + "; see them with: workbench corpus list --queued")
    if failed:
        sys.exit(1)


@click.command()
@click.argument("text")
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 100),
              help="How many similar claims to show.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of objects.")
@library_option
@click.pass_context
@reports_errors
def match(context: click.Context, text: str, limit: int, as_json: bool,
          library_dir: str | None) -> None:
    """Claims in the library most similar to TEXT, best first: its cases and its corpus
    (prior fact-checks, queued claims), each saying which it is."""
    from workbench.analysis.matching import match_claims

    if not text.strip():
        raise UserError("nothing to match; give the claim's wording")
    library = prepared_library(context, library_dir)
    _refresh(library)
    matches = match_claims(library, text, limit, refresh=False)
    if as_json:
        say_json([m.to_dict() for m in matches])
        return
    if not matches:
        say("No similar claims in the library.", err=True)
    for found in matches:
        say(f"{found.score:3.0f}  {found.claim}")
        rating = found.rating or "no rating"
        if found.is_case:
            say(f"     case · {found.status} · {rating} · {found.path}")
        elif found.kind == "queued":
            say(f"     queued #{found.id} · {rating} · open with: workbench open --queued "
                f"{found.id}")
        else:
            checked = " · ".join(part for part in (found.publisher or "prior check",
                                                   found.updated, rating, found.url) if part)
            say(f"     prior check · {checked}")


@click.command()
@library_option
@click.pass_context
@reports_errors
def reindex(context: click.Context, library_dir: str | None) -> None:
    """Rebuild the library's index from the case files."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    library = prepared_library(context, library_dir)
    errors = Console(stderr=True, highlight=False)
    columns = (TextColumn("Indexing"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=errors, transient=True) as progress:
        task = progress.add_task("reindex", total=None)
        skipped = library.reindex(
            progress=lambda done, total: progress.update(task, completed=done, total=total))
    for problem in skipped:
        say(f"workbench: skipped {problem.reason}", err=True)
    say(f"Indexed {library.count('case')} cases in {library.folder}")


@click.command(name="open")
@click.argument("file", type=click.Path(path_type=Path), required=False)
@click.option("--review", is_flag=True,
              help="Review mode: editing off; comments and sign-off on.")
@click.option("--queued", "queued_id", type=int, metavar="ID",
              help="Make the case file of queued claim ID (see corpus list --queued) and "
                   "open it.")
@library_option
@click.pass_context
@reports_errors
def open_case(context: click.Context, file: Path | None, review: bool, queued_id: int | None,
              library_dir: str | None) -> None:
    """Open the workbench on one case file (or on a queued claim, made a case)."""
    from workbench.casefile.connection import examine

    if (file is None) == (queued_id is None):
        raise UserError("give a case FILE or --queued ID (one of them)")
    if queued_id is None:
        path = file
    else:
        from workbench.cli.corpus import case_from_queue

        path = case_from_queue(prepared_library(context, library_dir), queued_id)
        say(str(path), err=True)
    examine(path)
    from workbench.tui.app import run_case

    run_case(path, review=review)


@click.command()
@click.option("--from", "source", type=click.Path(file_okay=False, path_type=Path),
              default=SAMPLE_CASES, show_default="sample_cases/",
              help="A folder of case .json files.")
@reports_errors
def demo(source: Path) -> None:
    """Open the workbench on a throwaway copy of the sample cases."""
    # Only the demo needs a scratch folder: tempfile stays out of every other start-up.
    import shutil
    import tempfile

    from workbench.casefile.library import Library
    from workbench.casefile.store import CaseFile
    from workbench.formats.bulk import read_text as read_import_text
    from workbench.formats.case_json import CaseFormatError, case_from_json

    documents = sorted(source.glob("*.json")) if source.is_dir() else []
    if not documents:
        raise UserError(f"{source}: no sample cases (*.json) found")
    folder = Path(tempfile.mkdtemp(prefix="workbench-demo-"))
    try:
        library = Library(folder)
        for document in documents:
            try:
                case = case_from_json(read_import_text(document))
            except CaseFormatError as error:
                raise UserError(f"{document}: {error}") from None
            CaseFile.create(library.path_for(case.title), case).close()
        from workbench.tui.app import run_library

        run_library(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


COMMANDS = (new, list_cases, import_case, match, reindex, open_case, demo)
