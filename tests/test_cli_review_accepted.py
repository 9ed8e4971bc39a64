"""``workbench review`` lists the accepted check warnings beside the comments, as the
review panel (F8) does: a reviewer sees who let a warning stand, and why."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.casefile.store import CaseFile
from workbench.cli import main
from workbench.model import Case, Claim, Section, SectionKind, Source, Verdict


def quoting_case() -> Case:
    return Case(
        id="case-quote", title="Is the bridge closed?", scale="politifact",
        claim=Claim(text="The bridge is closed to all traffic."),
        verdict=Verdict(rating="Half True", conclusion="Closed to cars."),
        sources=[Source(id="s-notice", number=1, title="Council notice",
                        excerpts=["Closed to cars from 1 April."])],
        sections=[
            Section(id="x-summary", kind=SectionKind.EXECUTIVE_SUMMARY, heading="Summary",
                    body="Closed to cars [1]."),
            Section(id="x-body", heading="The notice",
                    body='The mayor said "the bridge shuts for good next spring" [1].'),
            Section(id="x-bottom", kind=SectionKind.BOTTOM_LINE, heading="Bottom line",
                    body="Partly [1]."),
        ],
    )


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
