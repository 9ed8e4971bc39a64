"""The command line as a package: every layer's user error reported by one cheap base class,
commands that load only the layers they use, and the JSON forms the review gives them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from workbench.casefile.errors import CaseFileError, CaseFrozenError
from workbench.cli import main
from workbench.cli.case import EXPORT_FORMATS
from workbench.cli.errors import reports_errors
from workbench.config import ConfigError
from workbench.fields import FieldError
from workbench.formats.case_json import CaseFormatError
from workbench.formats.export import EXPORT_FORMATS as EXPORTERS
from workbench.formats.export import ExportError
from workbench.review import ReviewError


def run(*args: str) -> tuple[str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout, result.stderr


@pytest.mark.parametrize("error", [CaseFileError, CaseFrozenError, CaseFormatError,
                                   ExportError, ReviewError, FieldError, ConfigError])
def test_each_layers_user_error_is_one_line(error: type[Exception]) -> None:
    @click.command()
    @reports_errors
    def refuses() -> None:
        raise error("the file is locked; close it elsewhere")

    result = CliRunner().invoke(refuses, [])
    assert (result.exit_code, result.stderr) == (
        1, "workbench: the file is locked; close it elsewhere\n")


@pytest.mark.parametrize("command", [["list"], ["match", "Crime doubled"]])
def test_library_commands_load_neither_the_review_nor_the_checks(
        command: list[str], tmp_path: Path) -> None:
    probe = (
        "import sys\nfrom workbench.cli import main\n"
        f"try:\n    main({command!r} + ['--library', {str(tmp_path)!r}])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('workbench.review', 'workbench.analysis.checks', 'textual')"
        " if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_export_offers_every_format_the_exporters_write() -> None:
    assert set(EXPORT_FORMATS) == set(EXPORTERS)


def test_review_and_log_json_name_every_field(library: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "Ana")
    case = run("new", "The bridge is closed")[0].strip()
    first = run("comment", case, "--on", "verdict", "--text", "Source?")[0].split()[0]
    run("comment", case, "--reply-to", first, "--text", "The council notice.")
    comments = json.loads(run("review", case, "--json")[0])
    assert [set(c) for c in comments] == [{
        "id", "thread", "anchor", "anchor_kind", "anchor_id", "author", "created", "body",
        "resolved", "resolved_by", "resolved_at", "reply_to"}] * 2
    root, answer = comments
    assert root["id"].startswith(first) and root["reply_to"] is None
    assert (answer["thread"], answer["reply_to"]) == (root["id"], root["id"])
    assert (root["anchor"], answer["body"], answer["author"]) == (
        "verdict", "The council notice.", "Ana")

    events = json.loads(run("log", case, "--json")[0])
    assert [set(e) for e in events] == [{
        "id", "at", "who", "action", "target_kind", "target_id", "field", "before", "after",
        "detail", "description"}] * 3
    assert [(e["action"], e["target_id"]) for e in events[1:]] == [
        ("comment", root["id"]), ("reply", answer["id"])]
    assert events[1]["description"] == f'commented on verdict [{first}]: "Source?"'
