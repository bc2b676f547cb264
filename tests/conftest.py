"""Shared fixtures: a strict build of the site, a local web server, and headless Chromium (helpers: ``helpers.py``)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import ROOT, SUMMARY, build, serve


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


# Tests run in several processes (pytest-xdist: ``-n`` in pyproject.toml). Each process has its own session
# fixtures: the built site and Chromium are cheap enough to have one each, but a fixture that a module or a
# group of tests shares (every page loaded in four settings, a scenario site) should be made once. Tests that
# use such a fixture are sent to the same process, as one xdist group named after the fixture.
EVERY_PROCESS = {"site", "server", "browser", "gzip_server"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "_fixtureinfo", None)
        if fixtures is None:
            continue
        shared = sorted(
            f"{defs[-1].baseid}::{name}"
            for name, defs in fixtures.name2fixturedefs.items()
            if defs and defs[-1].scope in ("module", "package", "session") and name not in EVERY_PROCESS
        )
        if shared:
            item.add_marker(pytest.mark.xdist_group(shared[0]))


# The end-of-run summary: each process sends its lines to the one that prints them.
def pytest_sessionfinish(session: pytest.Session) -> None:
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["summary"] = SUMMARY


def pytest_testnodedown(node, error) -> None:
    for section, lines in getattr(node, "workeroutput", {}).get("summary", {}).items():
        SUMMARY.setdefault(section, {}).update(lines)


def pytest_terminal_summary(terminalreporter):
    for section, lines in SUMMARY.items():
        terminalreporter.section(section)
        for _, line in sorted(lines.items()):
            terminalreporter.write_line(line)
