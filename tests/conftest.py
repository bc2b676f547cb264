"""Shared fixtures: a strict build of the site, a local web server, and headless Chromium (helpers: ``helpers.py``)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import ROOT, build, serve


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real project, built once per test session."""
    out = tmp_path_factory.mktemp("site")
    result = build(ROOT, out)
    assert result.returncode == 0, f"strict build failed:\n{result.stderr}"
    return out


@pytest.fixture(scope="session")
def server(site) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 and return its base URL."""
    with serve(site) as url:
        yield url


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail(
            "Chromium was not found. Install it (Debian/Ubuntu: `sudo apt-get install chromium`) or set "
            "CHROMIUM=/path/to/chromium. `.ci/run` installs it automatically.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def reading_grades():
    """Collects each page's reading grade; printed at the end of the run."""
    return _READING_GRADES


_READING_GRADES: dict[str, tuple[float, int, int]] = {}


def pytest_terminal_summary(terminalreporter):
    if _READING_GRADES:
        terminalreporter.section("reading grade per page (Flesch-Kincaid)")
        for name, (grade, words, sentences) in sorted(_READING_GRADES.items()):
            terminalreporter.write_line(f"{name:36} grade {grade:5.1f}  {words:5d} words  {sentences:4d} sentences")
