"""The ``workbench`` command: parse, call the layers below, print.

Kept thin and quick: this module imports only click at the top; the case file (and with it
sqlite_utils) and Textual load inside the commands that need them, so ``workbench --help``
starts fast. Every failure a user can cause is one line on stderr and exit status 1, click's
own usage errors included; and every line printed goes through ``say``, which escapes what
could act on a terminal (see ``workbench.terminal_text``).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import click

from workbench.casefile.errors import CaseFileError
from workbench.terminal_text import json_safe, terminal_safe

#: Where ``workbench demo`` finds the sample cases in a source checkout.
SAMPLE_CASES = Path(__file__).resolve().parents[2] / "sample_cases"
#: The most ``workbench set FILE FIELD -`` reads from standard input: far more than any
#: one field holds, and a bound for ``< /dev/zero``.
MAX_VALUE_BYTES = 10_000_000


class UserError(Exception):
    """A problem with the user's input, reported as one line."""


def say(text: str = "", *, err: bool = False, nl: bool = True, block: bool = False) -> None:
    """Print ``text`` as every command prints: made safe for a terminal on the way out.

    ``block`` keeps the newlines of output that is several lines by design (an exported
    article, a diff); otherwise a newline inside ``text`` is shown as ``\\n``, so a title
    cannot forge a line of output. A standard output that cannot be written (a full disk,
    a closed pipe) ends the command here, in one line or, for a pipe, in silence.
    """
    try:
        click.echo(terminal_safe(text, multiline=block), err=err, nl=nl)
    except OSError as error:
        _output_failed(error, on_stderr=err)


def say_json(value: Any) -> None:
    """``value`` as indented JSON: UTF-8 text, with controls and bidi characters escaped."""
    say(json_safe(json.dumps(value, ensure_ascii=False, indent=2)), block=True)


def fail(message: str) -> NoReturn:
    say(f"workbench: {message}", err=True)
    sys.exit(1)


def _output_failed(error: OSError, *, on_stderr: bool) -> NoReturn:
    # What is still buffered would fail again when Python flushes at exit, with a
    # traceback-like "Exception ignored" message: send it to /dev/null instead.
    _discard(sys.stdout)
    if error.errno == errno.EPIPE or on_stderr:
        # The reader has gone (`| head -1`), or there is nowhere left to say anything.
        _discard(sys.stderr)
        sys.exit(1)
    fail(f"cannot write to standard output: {_reason(error)}")


def _discard(stream: Any) -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)


def _reason(error: OSError) -> str:
    """``No space left on device`` as ``no space left on device``, to follow a colon."""
    reason = error.strerror or str(error)
    return reason[:1].lower() + reason[1:]


def reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the errors a user can cause into one line on stderr and exit status 1.

    Arguments are checked first: text that is not UTF-8 (bytes in argv, a lone surrogate)
    could be neither stored nor printed. Anything unforeseen is still one line, saying
    it is a bug, rather than a traceback.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from workbench.fields import FieldError
        from workbench.formats.case_json import CaseFormatError
        from workbench.formats.export import ExportError
        from workbench.review import ReviewError

        try:
            _check_text_arguments(click.get_current_context())
            return command(*args, **kwargs)
        except (CaseFileError, CaseFormatError, ExportError, ReviewError, FieldError,
                UserError) as error:
            fail(str(error))
        except OSError as error:
            where = f"{os.fsdecode(error.filename)}: " if error.filename is not None else ""
            fail(f"{where}{_reason(error)}")
        except (click.ClickException, click.Abort, click.exceptions.Exit):
            raise
        except Exception as error:
            fail(f"unexpected error ({type(error).__name__}: {error}); this is a bug, "
                 "please report it")

    return wrapper


def _check_text_arguments(context: click.Context) -> None:
    """Refuse an argument or option whose text is not UTF-8 (paths may be any bytes)."""
    for parameter in context.command.params:
        value = context.params.get(parameter.name or "")
        if isinstance(value, str) and not isinstance(parameter.type, click.Path):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise UserError(f"{parameter.get_error_hint(context)} is not UTF-8 text: "
                                f"{value}") from None


class WorkbenchGroup(click.Group):
    """The ``workbench`` group: click's usage errors as one line and exit status 1.

    Click prints a usage error as three lines and exits with 2; every other refusal here
    is one line and 1, so scripts and people see one shape. ``--help`` and ``--version``
    are untouched.
    """

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        with _usage_in_one_line():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        with _usage_in_one_line():
            return super().invoke(ctx)


class OneLineUsageError(click.ClickException):
    """A usage error shown as ``workbench: what is wrong; see `workbench CMD --help```."""

    exit_code = 1

    def __init__(self, error: click.UsageError) -> None:
        # Click's message is a sentence or two: "No such option '--jsn'. Did you mean
        # '--json'?" becomes "no such option '--jsn' (did you mean '--json'?)".
        first, *rest = re.split(r"(?<=[.?!])\s+", " ".join(error.format_message().split()))
        message = _lowercase_start(first.rstrip("."))
        if rest:
            message += f" ({_lowercase_start(' '.join(rest)).rstrip('.')})"
        path = error.ctx.command_path if error.ctx is not None else "workbench"
        super().__init__(f"{message}; see `{path} --help`")

    def show(self, file: Any = None) -> None:
        say(f"workbench: {self.format_message()}", err=True)


def _lowercase_start(text: str) -> str:
    """"No such option" as "no such option", to follow "workbench: "; "FILE ..." stays."""
    return text[0].lower() + text[1:] if text[1:2].islower() else text


@contextlib.contextmanager
def _usage_in_one_line() -> Iterator[None]:
    try:
        yield
    except click.UsageError as error:
        raise OneLineUsageError(error) from None


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


def _library(library_dir: str | None) -> Any:
    from workbench.casefile.library import Library, resolve_library_path

    return Library(resolve_library_path(library_dir))


@click.group(name="workbench", cls=WorkbenchGroup, invoke_without_command=True,
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
    record_created(case, _who(as_name, required=False) or "")
    path = output or _prepared_library(context, library_dir).path_for(case.title)
    CaseFile.create(path, case).close()
    say(str(path))


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
        say(f"workbench: skipped {skipped.reason}", err=True)
    entries = library.entries()
    if as_json:
        say_json([entry.to_dict() for entry in entries])
        return
    if not entries:
        say(f'No cases in {library.folder}. Start one with: workbench new "CLAIM"',
                   err=True)
        return
    from workbench.model import Status

    for entry in entries:
        status = Status.label_for(entry.status)
        rating = entry.rating or "-"
        say(f"{entry.updated[:10]}  {status:<17} {rating:<14} {entry.title}")
        say(f"            {entry.path}")


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
        say(str(path))


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
                    progress.console.print(terminal_safe(f"{file}:{row.line}: {row.error}"),
                                           markup=False)
                    continue
                try:
                    CaseFile.create(library.path_for(row.case.title), row.case).close()
                except CaseFileError as error:
                    failed += 1
                    progress.console.print(terminal_safe(f"{file}:{row.line}: {error}"),
                                           markup=False)
                    continue
                imported += 1
        except CaseFormatError as error:
            raise UserError(f"{file}: {error}") from None
    say(f"Imported {imported} case{'s' * (imported != 1)} into {library.folder}"
               + (f"; {failed} row{'s' * (failed != 1)} skipped (see above)" if failed else ""))
    if failed:
        sys.exit(1)


EXPORT_FORMATS = ("md", "html", "txt", "json", "claimreview")
JSON_FORMATS = ("json", "claimreview")


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
    from workbench.formats.export import UNCHECKED_FORMATS, render, write_atomically

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
    if format_ in JSON_FORMATS:
        # The same JSON value, with no control or bidi character raw, whichever way the
        # format wrote it: safe to print, and the file matches what is printed.
        text = json_safe(text)
    if output is None:
        say(text, nl=False, block=True)
    else:
        write_atomically(output, text)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of findings.")
@click.option("--integrity", is_flag=True,
              help="Also have SQLite check every page of the file (integrity_check).")
@reports_errors
def check(file: Path, as_json: bool, integrity: bool) -> None:
    """Readiness checks of the case file FILE; exit status 1 when any error."""
    from workbench.analysis.checks import Finding, Location, Severity, has_errors, run_checks
    from workbench.casefile.store import CaseFile

    with CaseFile.open(file, read_only=True) as case_file:
        case = case_file.load()
        damage = case_file.integrity_problems() if integrity else []
    findings = [Finding("file-integrity", Severity.ERROR, Location("case", label="the file"),
                        problem,
                        f"restore a backup, or save what SQLite can read: sqlite3 {file} "
                        ".recover") for problem in damage]
    findings += run_checks(case, scales=_config().scales)
    if as_json:
        say_json([f.to_dict() for f in findings])
    elif not findings:
        say("Ready: no errors, no warnings.")
    else:
        for finding in findings:
            say(f"{finding.severity.value:<7}  {finding.code}  {finding.where.label}")
            say(f"         {finding.message}")
            say(f"         fix: {finding.fix}")
        errors = sum(f.severity.value == "error" for f in findings)
        say(f"{errors} error{'s' * (errors != 1)}, {len(findings) - errors} "
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
        say(f"workbench: skipped {skipped.reason}", err=True)
    matches = match_claims(library, text, limit, refresh=False)
    if as_json:
        say_json([m.to_dict() for m in matches])
        return
    if not matches:
        say("No similar claims in the library.", err=True)
    for found in matches:
        say(f"{found.score:3.0f}  {found.claim}")
        say(f"     {found.status} · {found.rating or 'no rating'} · {found.path}")


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
        say(f"workbench: skipped {problem.reason}", err=True)
    say(f"Indexed {len(library.entries())} cases in {library.folder}")


@main.command(name="open")
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


@main.command()
@click.option("--from", "source", type=click.Path(file_okay=False, path_type=Path),
              default=SAMPLE_CASES, show_default="sample_cases/",
              help="A folder of case .json files.")
@reports_errors
def demo(source: Path) -> None:
    """Open the workbench on a throwaway copy of the sample cases."""
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


# Review: the workflow from the command line, with the rules the TUI applies.


def _who(as_name: str | None, *, required: bool = True, config: Any = None) -> str | None:
    """The name to record: --as, else $WORKBENCH_USER, else the config's author."""
    from workbench.config import user_name
    from workbench.review import require_name

    if as_name is not None and not as_name.strip():
        raise UserError("--as needs a name")
    try:
        name = user_name(as_name, config if config is not None else _config())
    except UserError:
        if required:
            raise
        # Only a name for the record was at stake: a broken config does not stop the work.
        return None
    if required or name is not None:
        return require_name(name)
    return None


@contextlib.contextmanager
def _writing(file: Path, who: str) -> Iterator[tuple[Any, Any]]:
    """The case file open for writing as ``who``, and its case; saved by the caller.

    An action the engine refuses raises before the save, so the file is left as it was.
    """
    from workbench.casefile.store import CaseFile

    with CaseFile.open(file, who=who) as case_file:
        if case_file.read_only:
            raise UserError(f"{file}: {case_file.read_only_reason}")
        yield case_file, case_file.load()


def _reading(file: Path) -> Any:
    from workbench.casefile.store import CaseFile

    with CaseFile.open(file, read_only=True) as case_file:
        return case_file.load()


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("new_status", required=False, metavar="[NEW_STATUS]")
@click.option("--note", default="", help="Why, in a few words; recorded with the move.")
@as_option
@reports_errors
def status(file: Path, new_status: str | None, note: str, as_name: str | None) -> None:
    """Show the review status of FILE, or move it to NEW_STATUS.

    NEW_STATUS is draft, in_review, changes_requested, approved or published ("in review"
    works too). Approving and publishing need no readiness errors and no open comments;
    publishing freezes a snapshot of the article. See docs/review.md.
    """
    from workbench.review import move_status

    config = _config()
    if new_status is None:
        _show_status(file, _who(as_name, required=False, config=config) or "", config)
        return
    who = _who(as_name, config=config)
    assert who is not None
    with _writing(file, who) as (case_file, case):
        before = case.status
        event = move_status(case, new_status, who, note=note, config=config)
        case_file.save(case)
    line = f"{before.label} -> {case.status.label} ({who})"
    if case.status.value == "published":
        published = case.publications[-1]
        line += f"; publication {len(case.publications)}, {published.content_hash}"
    say(line + (f": {event.detail}" if event.detail else ""))


def _show_status(file: Path, who: str, config: Any) -> None:
    from workbench.review import allowed_moves, move_problems, submitted_by

    case = _reading(file)
    submitter = submitted_by(case)
    by = f" (submitted by {submitter})" if submitter and case.status.value != "draft" else ""
    say(f"{case.status.label}{by}")
    for target in allowed_moves(case):
        problems = move_problems(case, target, who, config=config)
        if target.value == "corrected":
            problems = ["record a correction: workbench correct FILE --text ... --why ..."]
        state = f"blocked: {'; '.join(problems)}" if problems else "ok"
        say(f"  -> {target.label:<18} {state}")


def _anchor_word(case: Any, comment: Any) -> str:
    from workbench.review import anchor_label

    return anchor_label(case, comment.anchor_kind, comment.anchor_id)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--on", "place", metavar="PLACE",
              help="section:N, source:N, question:N, verdict or case.")
@click.option("--reply-to", metavar="COMMENT_ID", help="Answer this comment instead.")
@click.option("--text", required=True, help="The comment.")
@as_option
@reports_errors
def comment(file: Path, place: str | None, reply_to: str | None, text: str,
            as_name: str | None) -> None:
    """Add a review comment to FILE (or a reply with --reply-to); print its id."""
    from workbench.fields import check_place
    from workbench.review import add_comment, parse_anchor, reply, short_id

    if (place is None) == (reply_to is None):
        raise UserError("say where the comment goes: --on PLACE, or --reply-to COMMENT_ID")
    who = _who(as_name)
    assert who is not None
    with _writing(file, who) as (case_file, case):
        if reply_to is not None:
            added = reply(case, reply_to, text, who)
        else:
            check_place(place or "")
            added = add_comment(case, parse_anchor(case, place or ""), text, who)
        case_file.save(case)
    say(f"{short_id(added.id)}  on {_anchor_word(case, added)}")


def _thread_command(file: Path, comment_id: str, as_name: str | None, *, opening: bool
                    ) -> None:
    from workbench.review import reopen, resolve, short_id

    who = _who(as_name)
    assert who is not None
    with _writing(file, who) as (case_file, case):
        root = (reopen if opening else resolve)(case, comment_id, who)
        case_file.save(case)
    verb = "Reopened" if opening else "Resolved"
    say(f"{verb} {short_id(root.id)} on {_anchor_word(case, root)}")


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("comment_id")
@as_option
@reports_errors
def resolve(file: Path, comment_id: str, as_name: str | None) -> None:
    """Resolve a review comment (and its replies); any unique start of its id will do."""
    _thread_command(file, comment_id, as_name, opening=False)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("comment_id")
@as_option
@reports_errors
def reopen(file: Path, comment_id: str, as_name: str | None) -> None:
    """Open a resolved review comment (and its replies) again."""
    _thread_command(file, comment_id, as_name, opening=True)


@main.command(name="review")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--all", "include_resolved", is_flag=True, help="Include resolved comments.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of comments.")
@reports_errors
def review_comments(file: Path, include_resolved: bool, as_json: bool) -> None:
    """The open review comments of FILE, thread by thread."""
    from workbench.review import anchor_spec, short_id, threads

    case = _reading(file)
    shown = threads(case, include_resolved=include_resolved)
    if as_json:
        say_json([
            {"id": c.id, "thread": t.root.id,
             "anchor": anchor_spec(case, c.anchor_kind, c.anchor_id),
             "anchor_kind": c.anchor_kind.value, "anchor_id": c.anchor_id,
             "author": c.author, "created": c.created, "body": c.body,
             "resolved": c.resolved, "resolved_by": c.resolved_by,
             "resolved_at": c.resolved_at, "reply_to": c.reply_to}
            for t in shown for c in t.comments
        ])
        return
    for thread in shown:
        root = thread.root
        state = "open" if thread.open else f"resolved by {root.resolved_by or 'unknown'}"
        say(f"{short_id(root.id)}  {_anchor_word(case, root)}  "
                   f"{root.author or 'unknown'}, {_when(root.created)}  [{state}]")
        say(f"    {_one_line(root.body)}")
        for answer in thread.replies:
            say(f"    > {short_id(answer.id)}  {answer.author or 'unknown'}, "
                       f"{_when(answer.created)}: {_one_line(answer.body)}")
    opened = sum(t.open for t in threads(case, include_resolved=True))
    hidden = 0 if include_resolved else len(threads(case, include_resolved=True)) - opened
    summary = f"{opened} open thread{'s' * (opened != 1)}"
    if hidden:
        summary += f"; {hidden} resolved (see --all)"
    say(summary, err=not shown)


def _when(timestamp: str) -> str:
    """``2025-03-13T11:20:00Z`` as ``2025-03-13 11:20``: UTC, to the minute."""
    return f"{timestamp[:10]} {timestamp[11:16]}".strip() if timestamp else "undated"


def _one_line(text: str) -> str:
    return " ".join(text.split())


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--on", "place", metavar="PLACE",
              help="Only the history of section:N, source:N, question:N, verdict or claim.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of events.")
@reports_errors
def log(file: Path, place: str | None, as_json: bool) -> None:
    """The history of FILE: every change, when (UTC), by whom, oldest first."""
    from workbench.fields import check_place
    from workbench.review import describe_event, history_for, parse_anchor

    case = _reading(file)
    if place is None:
        events = history_for(case)
    elif place.strip().casefold() == "claim":
        events = history_for(case, "claim")
    else:
        check_place(place)
        anchor = parse_anchor(case, place)
        events = history_for(case, anchor.kind.value, anchor.id)
    if as_json:
        say_json([
            {"id": e.id, "at": e.at, "who": e.who, "action": e.action,
             "target_kind": e.target_kind, "target_id": e.target_id, "field": e.field,
             "before": e.before, "after": e.after, "detail": e.detail,
             "description": describe_event(case, e)}
            for e in events
        ])
        return
    if not events:
        say("No history recorded.", err=True)
    width = max((len(e.who or "unknown") for e in events), default=0)
    for event in events:
        say(f"{_when(event.at)}  {(event.who or 'unknown'):<{width}}  "
                   f"{_one_line(describe_event(case, event))}")


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--text", "what", required=True, help="What the correction changes.")
@click.option("--why", required=True, help="Why it was needed.")
@click.option("--date", default="", help="The correction's date (default: today, UTC).")
@as_option
@reports_errors
def correct(file: Path, what: str, why: str, date: str, as_name: str | None) -> None:
    """Record a correction to the published case FILE; then it may change and be
    published again."""
    from workbench.review import add_correction

    who = _who(as_name)
    assert who is not None
    with _writing(file, who) as (case_file, case):
        before = case.status
        correction = add_correction(case, what, why, who, date=date)
        case_file.save(case)
    moved = f"; {before.label} -> {case.status.label}" if before != case.status else ""
    say(f"Correction of {correction.date} recorded{moved}. Make the change, then "
               f"publish again: workbench status {file} published")


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--from", "from_number", type=click.IntRange(min=1), metavar="N",
              help="The older publication (default: the one before --to).")
@click.option("--to", "to_number", type=click.IntRange(min=1), metavar="M",
              help="The newer publication (default: the last).")
@reports_errors
def diff(file: Path, from_number: int | None, to_number: int | None) -> None:
    """What changed between two published versions of FILE (a unified diff)."""
    from workbench.review import diff_publications

    case = _reading(file)
    text = diff_publications(case, from_number, to_number)
    if not text:
        say("The two publications are the same.", err=True)
    say(text, nl=False, block=True)


@main.command(name="set")
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("field")
@click.argument("value")
@as_option
@reports_errors
def set_value(file: Path, field: str, value: str, as_name: str | None) -> None:
    """Set one FIELD of FILE to VALUE ("-": read it from standard input).

    FIELD is title, claim.FIELD, verdict.FIELD, section:N.FIELD, source:N.FIELD or
    question:N.FIELD, e.g. claim.text, verdict.rating, section:2.body, source:3.motive.
    A published case changes only after a correction (workbench correct).
    """
    from workbench.fields import set_field
    from workbench.review import check_editable

    if value == "-":
        value = _standard_input()
    who = _who(as_name)
    assert who is not None
    with _writing(file, who) as (case_file, case):
        check_editable(case)
        change = set_field(case, field, value)
        case_file.save(case)
    if change.before == change.after:
        say(f"{change.path} unchanged", err=True)


def _standard_input() -> str:
    """Standard input as UTF-8 text, at most ``MAX_VALUE_BYTES`` of it.

    As the shell's ``$(...)`` does, the newline that ends the input is not part of it.
    """
    data = sys.stdin.buffer.read(MAX_VALUE_BYTES + 1)
    if len(data) > MAX_VALUE_BYTES:
        raise UserError(f"standard input holds more than {MAX_VALUE_BYTES:,} bytes, more "
                        "than one field takes")
    try:
        return data.decode("utf-8").removesuffix("\n")
    except UnicodeDecodeError as error:
        raise UserError(f"standard input is not UTF-8 text (bad byte at offset "
                        f"{error.start})") from None
