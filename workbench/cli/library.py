"""Commands on the library of cases: new, list, import, match, reindex, open and demo."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from workbench.cli.common import as_option, library_option, name_if_known, prepared_library
from workbench.cli.errors import UserError, reports_errors
from workbench.cli.output import say, say_json
from workbench.terminal_text import terminal_safe

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
    path = output or prepared_library(context, library_dir).path_for(case.title)
    CaseFile.create(path, case).close()
    say(str(path))


@click.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of objects.")
@library_option
@click.pass_context
@reports_errors
def list_cases(context: click.Context, as_json: bool, library_dir: str | None) -> None:
    """The cases in the library, most recently updated first."""
    library = prepared_library(context, library_dir)
    _refresh(library)
    entries = library.entries()
    if as_json:
        say_json([entry.to_dict() for entry in entries])
        return
    if not entries:
        say(f'No cases in {library.folder}. Start one with: workbench new "CLAIM"', err=True)
        return
    from workbench.model import Status

    for entry in entries:
        status = Status.label_for(entry.status)
        rating = entry.rating or "-"
        say(f"{entry.updated[:10]}  {status:<17} {rating:<14} {entry.title}")
        say(f"            {entry.path}")


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
    """Import FILE as new case files and print their paths.

    FILE may be a case .json, ClaimReview JSON-LD (one record, a list or an @graph), an
    article in the seed's layout (.txt or .md), or a bulk claim list (CSV/TSV such as
    LIAR-PLUS, or AVeriTeC JSON); the content decides which.
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
    library = None if output else prepared_library(context, library_dir)
    for path in write_cases(plan, lambda case: output or library.path_for(case.title)):
        say(str(path))
    for remark in plan.notes:
        say(f"{file}: {remark}", err=True)


def _import_bulk(file: Path, plan: Any, library: Any, scales: Any) -> None:
    """One case file per row, with a progress bar; bad rows are reported by line."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from workbench.casefile.errors import CaseFileError
    from workbench.casefile.store import CaseFile
    from workbench.formats.case_json import CaseFormatError
    from workbench.formats.importing import bulk_rows

    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    imported = failed = 0
    columns = (TextColumn("Importing"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=errors, transient=True) as progress:
        task = progress.add_task("import", total=plan.total or None)

        def skip(line: int, why: object) -> None:
            nonlocal failed
            failed += 1
            progress.console.print(terminal_safe(f"{file}:{line}: {why}"), markup=False)

        try:
            for row in bulk_rows(file, plan, scales=scales):
                progress.advance(task)
                if row.case is None:
                    skip(row.line, row.error)
                    continue
                try:
                    CaseFile.create(library.path_for(row.case.title), row.case).close()
                except CaseFileError as error:
                    skip(row.line, error)
                    continue
                imported += 1
        except CaseFormatError as error:
            raise UserError(f"{file}: {error}") from None
    say(f"Imported {imported} case{'s' * (imported != 1)} into {library.folder}"
        + (f"; {failed} row{'s' * (failed != 1)} skipped (see above)" if failed else ""))
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
    """Claims in the library most similar to TEXT (prior checks), best first."""
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
        say(f"     {found.status} · {found.rating or 'no rating'} · {found.path}")


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
    say(f"Indexed {len(library.entries())} cases in {library.folder}")


@click.command(name="open")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--review", is_flag=True,
              help="Review mode: editing off; comments and sign-off on.")
@reports_errors
def open_case(file: Path, review: bool) -> None:
    """Open the workbench on one case file."""
    from workbench.casefile.connection import examine

    examine(file)
    from workbench.tui.app import run_case

    run_case(file, review=review)


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
