"""The ``workbench`` command: parse, call the layers below, print.

Kept thin and quick: this module imports only click at the top; the case file (and with it
sqlite_utils) and Textual load inside the commands that need them, so ``workbench --help``
starts fast. Every failure a user can cause is one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from workbench.casefile.errors import CaseFileError

#: Where ``workbench demo`` finds the sample cases in a source checkout.
SAMPLE_CASES = Path(__file__).resolve().parent.parent / "sample_cases"


class UserError(Exception):
    """A problem with the user's input, reported as one line."""


def fail(message: str) -> NoReturn:
    click.echo(f"workbench: {message}", err=True)
    sys.exit(1)


def reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the errors a user can cause into one line on stderr and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from workbench.formats.case_json import CaseFormatError

        try:
            return command(*args, **kwargs)
        except (CaseFileError, CaseFormatError, UserError) as error:
            fail(str(error))

    return wrapper


library_option = click.option(
    "--library",
    "library_dir",
    metavar="DIR",
    help="The library folder (default: $WORKBENCH_LIBRARY, else your user data folder).",
)


def _library(library_dir: str | None) -> Any:
    from workbench.casefile.library import Library, resolve_library_path

    return Library(resolve_library_path(library_dir))


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
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


def _library_dir(context: click.Context, library_dir: str | None) -> str | None:
    """A command's own ``--library`` wins over the one given before the command."""
    return library_dir or (context.obj or {}).get("library")


@reports_errors
def _run_library(library_dir: str | None) -> None:
    library = _library(library_dir)
    library.ensure_exists()
    from workbench.tui.app import run_library

    run_library(library.folder)


@main.command()
@click.argument("claim")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the case file (default: a new file in the library).")
@click.option("--title", default="", help="The case title (default: the claim).")
@click.option("--scale", default="none", show_default=True,
              help="Rating scale: none, politifact, snopes or averitec.")
@library_option
@click.pass_context
@reports_errors
def new(context: click.Context, claim: str, output: Path | None, title: str, scale: str,
        library_dir: str | None) -> None:
    """Create a case file for CLAIM and print its path."""
    from workbench.casefile.store import CaseFile
    from workbench.model import new_case
    from workbench.scales import builtin_scales

    if not claim.strip():
        raise UserError("the claim is empty; give the exact wording to check")
    if scale not in builtin_scales():
        choices = ", ".join(builtin_scales())
        raise UserError(f"unknown rating scale {scale!r}; choose from {choices}")
    case = new_case(claim.strip(), scale=scale, title=title.strip())
    path = output or _prepared_library(context, library_dir).path_for(case.title)
    CaseFile.create(path, case).close()
    click.echo(str(path))


def _prepared_library(context: click.Context, library_dir: str | None) -> Any:
    library = _library(_library_dir(context, library_dir))
    library.ensure_exists()
    return library


@main.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of objects.")
@library_option
@click.pass_context
@reports_errors
def list_cases(context: click.Context, as_json: bool, library_dir: str | None) -> None:
    """The cases in the library, most recently updated first."""
    library = _prepared_library(context, library_dir)
    for skipped in library.refresh():
        click.echo(f"workbench: skipped {skipped.reason}", err=True)
    entries = library.entries()
    if as_json:
        click.echo(json.dumps([entry.to_dict() for entry in entries], ensure_ascii=False,
                              indent=2))
        return
    if not entries:
        click.echo(f'No cases in {library.folder}. Start one with: workbench new "CLAIM"',
                   err=True)
        return
    from workbench.model import Status

    for entry in entries:
        status = Status.label_for(entry.status)
        rating = entry.rating or "-"
        click.echo(f"{entry.updated[:10]}  {status:<17} {rating:<14} {entry.title}")
        click.echo(f"            {entry.path}")


@main.command(name="import")
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
    from workbench.casefile.store import CaseFile
    from workbench.formats.case_json import CaseFormatError
    from workbench.formats.importing import plan_import

    scales = _config().scales
    try:
        plan = plan_import(file, scales=scales)
    except CaseFormatError as error:
        raise UserError(f"{file}: {error}") from None
    if output is not None and (plan.is_bulk or len(plan.cases) != 1):
        raise UserError(f"{file}: holds several claims; leave out -o to add them to the library")
    if plan.is_bulk:
        _import_bulk(file, plan, _prepared_library(context, library_dir), scales)
        return
    if not plan.cases:
        raise UserError(f"{file}: holds no claims to import")
    library = None if output else _prepared_library(context, library_dir)
    for case in plan.cases:
        path = output or library.path_for(case.title)
        CaseFile.create(path, case).close()
        click.echo(str(path))


def _config() -> Any:
    from workbench.config import ConfigError, load_config

    try:
        return load_config()
    except ConfigError as error:
        raise UserError(str(error)) from None


def _import_bulk(file: Path, plan: Any, library: Any, scales: Any) -> None:
    """One case file per row, with a progress bar; bad rows are reported by line."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from workbench.casefile.store import CaseFile
    from workbench.formats.case_json import CaseFormatError
    from workbench.formats.importing import bulk_rows

    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    imported = failed = 0
    columns = (TextColumn("Importing"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=errors, transient=True) as progress:
        task = progress.add_task("import", total=plan.total or None)
        try:
            for row in bulk_rows(file, plan, scales=scales):
                progress.advance(task)
                if row.case is None:
                    failed += 1
                    progress.console.print(f"{file}:{row.line}: {row.error}", markup=False)
                    continue
                try:
                    CaseFile.create(library.path_for(row.case.title), row.case).close()
                except CaseFileError as error:
                    failed += 1
                    progress.console.print(f"{file}:{row.line}: {error}", markup=False)
                    continue
                imported += 1
        except CaseFormatError as error:
            raise UserError(f"{file}: {error}") from None
    click.echo(f"Imported {imported} case{'s' * (imported != 1)} into {library.folder}"
               + (f"; {failed} row{'s' * (failed != 1)} skipped (see above)" if failed else ""))
    if failed:
        sys.exit(1)


def _read_text(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{file}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{file}: is a directory") from None
    except UnicodeDecodeError:
        raise UserError(f"{file}: is not UTF-8 text") from None
    except OSError as error:
        raise UserError(f"{file}: cannot be read ({error.strerror})") from None


EXPORT_FORMATS = ("md", "html", "txt", "json", "claimreview")


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "format_", type=click.Choice(EXPORT_FORMATS), required=True,
              help="md, html, txt: the article; json: the whole case, lossless; "
                   "claimreview: schema.org ClaimReview JSON-LD.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of standard output (replaced only when complete).")
@click.option("--force", is_flag=True,
              help="Export even when the readiness checks find errors; the output says DRAFT.")
@click.option("--url", default="", help="The review's published address (ClaimReview url).")
@reports_errors
def export(file: Path, format_: str, output: Path | None, force: bool, url: str) -> None:
    """Export the case file FILE."""
    from workbench.casefile.store import CaseFile
    from workbench.formats.export import UNCHECKED_FORMATS, render

    config = _config()
    with CaseFile.open(file, read_only=True) as case_file:
        case = case_file.load()
    draft = False
    if format_ not in UNCHECKED_FORMATS:
        from workbench.analysis.checks import Severity, run_checks

        errors = [f for f in run_checks(case, scales=config.scales)
                  if f.severity is Severity.ERROR]
        if errors and not force:
            raise UserError(
                f"{file}: {len(errors)} readiness error{'s' * (len(errors) != 1)} "
                f"(first: {errors[0].message}); run `workbench check {file}`, "
                "or export anyway with --force (stamped DRAFT)"
            )
        draft = bool(errors)
    text = render(case, format_, config=config, url=url, draft=draft)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of findings.")
@reports_errors
def check(file: Path, as_json: bool) -> None:
    """Readiness checks of the case file FILE; exit status 1 when any error."""
    from workbench.analysis.checks import has_errors, run_checks
    from workbench.casefile.store import CaseFile

    with CaseFile.open(file, read_only=True) as case_file:
        case = case_file.load()
    findings = run_checks(case, scales=_config().scales)
    if as_json:
        click.echo(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
    elif not findings:
        click.echo("Ready: no errors, no warnings.")
    else:
        for finding in findings:
            click.echo(f"{finding.severity.value:<7}  {finding.code}  {finding.where.label}")
            click.echo(f"         {finding.message}")
            click.echo(f"         fix: {finding.fix}")
        errors = sum(f.severity.value == "error" for f in findings)
        click.echo(f"{errors} error{'s' * (errors != 1)}, {len(findings) - errors} "
                   f"warning{'s' * (len(findings) - errors != 1)}")
    if has_errors(findings):
        sys.exit(1)


@main.command()
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
    library = _prepared_library(context, library_dir)
    for skipped in library.refresh():
        click.echo(f"workbench: skipped {skipped.reason}", err=True)
    matches = match_claims(library, text, limit, refresh=False)
    if as_json:
        click.echo(json.dumps([m.to_dict() for m in matches], ensure_ascii=False, indent=2))
        return
    if not matches:
        click.echo("No similar claims in the library.", err=True)
    for found in matches:
        click.echo(f"{found.score:3.0f}  {found.claim}")
        click.echo(f"     {found.status} · {found.rating or 'no rating'} · {found.path}")


@main.command()
@library_option
@click.pass_context
@reports_errors
def reindex(context: click.Context, library_dir: str | None) -> None:
    """Rebuild the library's index from the case files."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    library = _prepared_library(context, library_dir)
    errors = Console(stderr=True, highlight=False)
    columns = (TextColumn("Indexing"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=errors, transient=True) as progress:
        task = progress.add_task("reindex", total=None)
        skipped = library.reindex(
            progress=lambda done, total: progress.update(task, completed=done, total=total))
    for problem in skipped:
        click.echo(f"workbench: skipped {problem.reason}", err=True)
    click.echo(f"Indexed {len(library.entries())} cases in {library.folder}")


def write_atomically(path: Path, text: str) -> None:
    """Write a whole file or nothing: a temporary file beside it, then a rename."""
    if path.is_dir():
        raise UserError(f"{path}: is a directory")
    if not path.parent.is_dir():
        raise UserError(f"{path.parent}: no such folder")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise UserError(f"{path}: cannot be written ({error.strerror})") from None


@main.command(name="open")
@click.argument("file", type=click.Path(path_type=Path))
@reports_errors
def open_case(file: Path) -> None:
    """Open the workbench on one case file."""
    from workbench.casefile.probe import read_header

    read_header(file)
    from workbench.tui.app import run_case

    run_case(file)


@main.command()
@click.option("--from", "source", type=click.Path(file_okay=False, path_type=Path),
              default=SAMPLE_CASES, show_default="sample_cases/",
              help="A folder of case .json files.")
@reports_errors
def demo(source: Path) -> None:
    """Open the workbench on a throwaway copy of the sample cases."""
    from workbench.casefile.library import Library
    from workbench.casefile.store import CaseFile
    from workbench.formats.case_json import case_from_json

    documents = sorted(source.glob("*.json")) if source.is_dir() else []
    if not documents:
        raise UserError(f"{source}: no sample cases (*.json) found")
    folder = Path(tempfile.mkdtemp(prefix="workbench-demo-"))
    try:
        library = Library(folder)
        for document in documents:
            case = case_from_json(_read_text(document))
            CaseFile.create(library.path_for(case.title), case).close()
        from workbench.tui.app import run_library

        run_library(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
