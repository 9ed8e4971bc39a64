"""Shared fixtures: temporary libraries and a small but complete case."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.model import (
    Assessment,
    Case,
    Cell,
    Claim,
    Motive,
    Question,
    Section,
    SectionKind,
    Source,
    SourceKind,
    Verdict,
)

REPO = Path(__file__).resolve().parent.parent
SAMPLE_CASES = sorted((REPO / "sample_cases").glob("*.json"))


@pytest.fixture
def small_case() -> Case:
    return Case(
        id="case-1",
        title="Is the bridge closed?",
        created="2026-01-02T03:04:05Z",
        claim=Claim(text="The bridge is closed to traffic", claimant="A. Mayor"),
        questions=[Question(id="q1", text="Is it closed?")],
        sources=[
            Source(id="s1", number=1, title="Council notice", kind=SourceKind.PRIMARY_DOCUMENT,
                   excerpts=["closed from 1 May"], date_published="2026-05-01",
                   event_date="2026-05-01",
                   assessment=Assessment(motive=Motive.NONE_APPARENT)),
            Source(id="s2", number=2, title="Local paper", derived_from="s1"),
        ],
        sections=[
            Section(id="x1", kind=SectionKind.EXECUTIVE_SUMMARY, heading="Summary",
                    body="Closed [1]."),
            Section(id="x2", kind=SectionKind.BOTTOM_LINE, heading="Bottom line", body="Yes."),
        ],
        matrix={("q1", "s1"): Cell.SUPPORTS, ("q1", "s2"): Cell.SUPPORTS},
        verdict=Verdict(rating="", conclusion="The bridge is closed."),
    )


@pytest.fixture(autouse=True)
def isolated_config(tmp_path_factory: pytest.TempPathFactory,
                    monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets an empty config of its own: the user's real one is never read.

    Nor the name of whoever runs the tests: a test that needs one sets WORKBENCH_USER.
    """
    path = tmp_path_factory.mktemp("config") / "config.toml"
    monkeypatch.setenv("WORKBENCH_CONFIG", str(path))
    monkeypatch.delenv("WORKBENCH_USER", raising=False)
    return path


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "library"
    monkeypatch.setenv("WORKBENCH_LIBRARY", str(folder))
    return folder
