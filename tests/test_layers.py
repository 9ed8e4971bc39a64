"""The architecture's one rule: only workbench.tui may load Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = ["workbench.model", "workbench.scales", "workbench.casefile", "workbench.casefile.store",
        "workbench.casefile.library", "workbench.analysis", "workbench.analysis.corroboration",
        "workbench.formats", "workbench.formats.case_json", "workbench.cli",
        "workbench.analysis.checks", "workbench.analysis.matching", "workbench.editing",
        "workbench.formats.export", "workbench.formats.importing", "workbench.config",
        "workbench.review", "workbench.fields", "workbench.casefile.history"]


@pytest.mark.parametrize("module", CORE)
def test_core_modules_do_not_load_textual(module: str) -> None:
    probe = f"import sys, {module}; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def test_the_probe_can_fail() -> None:
    probe = "import sys, workbench.tui.app; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "True"
