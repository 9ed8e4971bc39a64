"""``workbench review`` lists the accepted check warnings beside the comments, as the
review panel (F8) does: a reviewer sees who let a warning stand, and why."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support import quoting_case
from workbench.casefile.store import CaseFile
from workbench.cli import main


def test_review_lists_an_accepted_warning(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "Ana Ruiz")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("WORKBENCH_CONFIG", raising=False)
    path = tmp_path / "quote.case.db"
    CaseFile.create(path, quoting_case()).close()
    runner = CliRunner()
    before = runner.invoke(main, ["review", str(path)])
    assert "accepted" not in before.output
    accepted = runner.invoke(main, ["accept", str(path), "quote-not-in-source",
                                    "--why", "Quoted from the council's video"])
    assert accepted.exit_code == 0, accepted.output
    result = runner.invoke(main, ["review", str(path)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    [line] = [line for line in lines if line.startswith("accepted  quote-not-in-source")]
    assert "Ana Ruiz" in line
    assert lines[lines.index(line) + 1].strip() == "Quoted from the council's video"
    assert lines[-1] == "0 open threads; 1 accepted warning"
