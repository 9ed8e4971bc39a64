"""Commands on a case file's content: export it (or several as one roundup), check it (and
accept a warning), set one of its fields."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from workbench.cli.common import acting_name, as_option, open_for_writing
from workbench.cli.errors import UserError, reports_errors
from workbench.cli.output import say, say_json
from workbench.terminal_text import json_safe

#: The keys of ``workbench.formats.export.EXPORT_FORMATS``, spelled out so that ``--help``
#: does not load the exporters.
EXPORT_FORMATS = ("md", "html", "txt", "json", "claimreview", "docx")
JSON_FORMATS = ("json", "claimreview")
#: The most ``workbench set FILE FIELD -`` reads from standard input: far more than any
#: one field holds, and a bound for ``< /dev/zero``.
MAX_VALUE_BYTES = 10_000_000


@click.command()
@click.argument("files", metavar="FILE...", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@click.option("--format", "format_", type=click.Choice(EXPORT_FORMATS), required=True,
              help="md, html, txt, docx (Word): the article; json: the whole case, "
                   "lossless; claimreview: schema.org ClaimReview JSON-LD.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of standard output (replaced only when complete).")
@click.option("--force", is_flag=True,
              help="Export even when the readiness checks find errors (the output says "
                   "DRAFT) or a ClaimReview lacks what Google requires (it says Incomplete).")
@click.option("--url", default="", help="The review's published address (ClaimReview url).")
@click.option("--evidence/--no-evidence", default=None,
              help="Put the evidence table (questions x sources) in the article, or leave "
                   "it out; default: [organisation] evidence_table in the config.")
@click.option("--title", metavar="TEXT",
              help="A roundup's title; default: \"Fact checks: \" and the cases' titles.")
@reports_errors
def export(files: tuple[Path, ...], format_: str, output: Path | None, force: bool, url: str,
           evidence: bool | None, title: str | None) -> None:
    """Export the case file FILE, or several as one roundup article.

    A ClaimReview that lacks a property Google requires (its address, the organisation
    that wrote it, the rating) is refused, naming the config key or option that supplies
    it; with --force it is written with creativeWorkStatus "Incomplete: ..." and a warning.
    The HTML embeds the ClaimReview only when it is complete.

    Several FILEs make a roundup (md, html, txt or docx): each case's verdict, sections,
    sources and corrections in turn under one title, and in HTML one ClaimReview per
    complete case, addressed --url#case-N when --url is given.

    A Word document (docx) carries the case's open review comments as Word comments. It
    is a binary file: it goes to -o FILE, or to standard output only when that is
    redirected, never printed on a terminal.
    """
    from workbench.config import load_config
    from workbench.formats.export import (
        BINARY_FORMATS,
        UNCHECKED_FORMATS,
        export_bytes,
        render,
        write_atomically,
    )

    if len(files) > 1 and format_ in JSON_FORMATS:
        raise UserError(f"--format {format_} exports one case; a roundup of several is "
                        "md, html, txt or docx")
    if format_ in BINARY_FORMATS and output is None and sys.stdout.isatty():
        # Checked before any case is read: a terminal would show the zip's bytes as noise.
        raise UserError(f"--format {format_} is a binary file, not printed on a terminal: "
                        f"give -o FILE.{format_} (or redirect standard output)")
    if len(files) == 1 and title is not None:
        raise UserError("--title names a roundup of several cases; a case's title is its own")
    config = load_config()
    cases = [_read(file) for file in files]
    drafts = [False] * len(cases)
    if format_ not in UNCHECKED_FORMATS:
        drafts = [_draft(file, case, config, force)
                  for file, case in zip(files, cases, strict=True)]
    text: str | bytes
    if len(files) > 1 and format_ in BINARY_FORMATS:
        from workbench.formats.roundup import render_roundup_docx, roundup_title

        text = render_roundup_docx(cases, config=config, drafts=drafts, evidence=evidence,
                                   title=title or roundup_title(cases))
    elif len(files) > 1:
        from workbench.formats.roundup import render_roundup, roundup_title

        text = render_roundup(cases, format_, config=config, drafts=drafts, url=url,
                              evidence=evidence, title=title or roundup_title(cases))
    elif format_ == "claimreview":
        text = _claimreview(files[0], cases[0], config, url=url, draft=drafts[0], force=force)
    elif format_ in BINARY_FORMATS:
        text = export_bytes(cases[0], format_, config=config, draft=drafts[0],
                            evidence=evidence)
    else:
        text = render(cases[0], format_, config=config, url=url, draft=drafts[0],
                      evidence=evidence)
    if isinstance(text, str) and format_ in JSON_FORMATS:
        # The same JSON value, with no control or bidi character raw, whichever way the
        # format wrote it: safe to print, and the file matches what is printed.
        text = json_safe(text)
    if output is not None:
        write_atomically(output, text)
    elif isinstance(text, bytes):
        _write_binary(text)
    else:
        say(text, nl=False, block=True)


def _write_binary(data: bytes) -> None:
    """``data`` to a redirected standard output, as it is."""
    try:
        stream = click.get_binary_stream("stdout")
        stream.write(data)
        stream.flush()
    except OSError as error:
        raise UserError(f"cannot write to standard output: {error.strerror or error}"
                        ) from None


def _read(file: Path) -> Any:
    """The case in ``file``, read-only."""
    from workbench.casefile.store import CaseFile

    with CaseFile.open(file, read_only=True) as case_file:
        return case_file.load()


def _draft(file: Path, case: Any, config: Any, force: bool) -> bool:
    """Whether the export of ``case`` is stamped DRAFT: refused when it has readiness
    errors, unless forced."""
    from workbench.analysis.checks import readiness_errors

    errors = readiness_errors(case, config.scales)
    if errors and not force:
        raise UserError(
            f"{file}: {len(errors)} readiness error{'s' * (len(errors) != 1)} "
            f"(first: {errors[0].message}); run `workbench check {file}`, "
            "or export anyway with --force (stamped DRAFT)"
        )
    return bool(errors)


def _claimreview(file: Path, case: Any, config: Any, *, url: str, draft: bool,
                 force: bool) -> str:
    """The ClaimReview JSON-LD, refused in one line when it lacks what Google requires,
    unless forced: then marked in the file (``creativeWorkStatus``) and warned of."""
    from workbench.formats.export import claimreview_lacks, claimreview_refusal, render

    refusal = claimreview_refusal(case, config=config, url=url)
    if refusal and not force:
        raise UserError(f"{file}: {refusal}; --force writes it marked Incomplete")
    if refusal:
        say(f"workbench: warning: {file}: ClaimReview written without "
            f"{claimreview_lacks(case, config=config, url=url)}", err=True)
    return render(case, "claimreview", config=config, url=url, draft=draft)


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of findings.")
@click.option("--integrity", is_flag=True,
              help="Also have SQLite check every page of the file (integrity_check).")
@reports_errors
def check(file: Path, as_json: bool, integrity: bool) -> None:
    """Readiness checks of the case file FILE; exit status 1 when any error."""
    from workbench.analysis.checks import Finding, Location, Severity, has_errors, run_checks
    from workbench.casefile.store import CaseFile
    from workbench.config import load_config

    with CaseFile.open(file, read_only=True) as case_file:
        case = case_file.load()
        damage = case_file.integrity_problems() if integrity else []
    findings = [Finding("file-integrity", Severity.ERROR, Location("case", label="the file"),
                        problem,
                        "restore the case file from a backup copy; export what still "
                        "reads first (workbench export --format json)") for problem in damage]
    config = load_config()
    findings += run_checks(case, scales=config.scales,
                           require_right_of_reply=config.require_right_of_reply)
    if as_json:
        say_json([f.to_dict() for f in findings])
    elif not findings:
        say("Ready: no errors, no warnings.")
    else:
        for finding in findings:
            _say_finding(finding)
        say(_summary(findings))
    if has_errors(findings):
        sys.exit(1)


def _say_finding(finding: Any) -> None:
    """Three lines: what and where (a warning with the reference ``accept`` takes), the
    message, and the fix, or who accepted it and why."""
    accepted = finding.accepted
    label = "accepted" if accepted is not None else finding.severity.value
    ref = f"  [{finding.ref}]" if finding.severity.value == "warning" else ""
    say(f"{label:<8} {finding.code}  {finding.where.label}{ref}")
    say(f"         {finding.message}")
    if accepted is None:
        say(f"         fix: {finding.fix}")
    else:
        say(f"         accepted by {accepted.who} ({accepted.at[:10]}): {accepted.why}")


def _summary(findings: list[Any]) -> str:
    """ "1 error, 2 warnings, 1 accepted": accepted warnings are not counted as open."""
    errors = sum(f.severity.value == "error" for f in findings)
    accepted = sum(f.accepted is not None for f in findings)
    warnings = len(findings) - errors - accepted
    line = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    return line + (f", {accepted} accepted" if accepted else "")


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("finding", metavar="FINDING")
@click.option("--why", metavar="TEXT", help="Why the warning may stand (required; one line).")
@click.option("--undo", is_flag=True, help="Take the acceptance back: the warning is open again.")
@as_option
@reports_errors
def accept(file: Path, finding: str, why: str | None, undo: bool, as_name: str | None) -> None:
    """Accept the warning FINDING of FILE: it stays listed, as accepted, with who and why.

    FINDING is the reference `workbench check` prints in [brackets] (a unique start of it
    will do), or a code that only one finding has. Errors cannot be accepted. Once the text
    a warning is about changes, its acceptance no longer applies and the warning is back.
    """
    from workbench.analysis.checks import run_checks
    from workbench.config import load_config
    from workbench.review.acceptance import accept as accept_finding
    from workbench.review.acceptance import find_finding, withdraw

    if undo and why is not None:
        raise UserError("--undo takes no --why: it takes the acceptance back")
    if not undo and why is None:
        raise UserError("say why the warning may stand: --why TEXT")
    config = load_config()
    who = acting_name(as_name, config)
    with open_for_writing(file, who) as (case_file, case):
        found = find_finding(run_checks(
            case, scales=config.scales,
            require_right_of_reply=config.require_right_of_reply), finding)
        if undo:
            withdraw(case, found, who)
        else:
            accept_finding(case, found, who, why or "")
        case_file.save(case)
    done = "open again" if undo else f"accepted ({who})"
    say(f"{found.code} at {found.where.label}: {done}")


@click.command(name="set")
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("field")
@click.argument("value")
@as_option
@reports_errors
def set_value(file: Path, field: str, value: str, as_name: str | None) -> None:
    """Set one FIELD of FILE to VALUE ("-": read it from standard input).

    FIELD is title, claim.FIELD, verdict.FIELD, section:N.FIELD (N: the Nth body section),
    section:summary.FIELD, section:bottom-line.FIELD, source:N.FIELD or question:N.FIELD,
    e.g. claim.text, verdict.rating, section:2.body, section:summary.heading,
    source:3.motive; claim.claimant_kind is person or organization, claim.claimant_same_as
    an http(s) address naming the claimant (their Wikidata item). A published case changes
    only after a correction (workbench correct).
    """
    from workbench.fields import set_field
    from workbench.review import check_editable

    if value == "-":
        value = _standard_input()
    who = acting_name(as_name)
    with open_for_writing(file, who) as (case_file, case):
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


COMMANDS = (export, check, accept, set_value)
