"""Lint, format and types: `ruff check`, `ruff format --check` and `mypy --strict` on the package, inside `make test`.

The settings live in pyproject.toml; the tools are pinned in requirements-test.lock.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import ROOT

PATHS = ["cytokine_site", "tests", "scripts"]


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", *PATHS],
        ["ruff", "format", "--check", *PATHS],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_tool_passes(command):
    result = subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_runs_strict_on_the_package():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "[tool.mypy]" in text and "strict = true" in text and 'packages = ["cytokine_site"]' in text
