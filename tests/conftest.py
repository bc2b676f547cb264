"""Shared fixtures: a strict build of the site, a local web server, and headless Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "overrides", "cytokine_site")
# axe-core rule tags every page must pass: WCAG 2.0-2.2 A/AA and best practice.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def copy_project(target: Path) -> Path:
    """A throw-away copy of everything the build reads, for tests that change data or config."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, target / part)
    return target


def build(project: Path, site_dir: Path, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run a strict ``mkdocs build`` of ``project`` into ``site_dir``."""
    env = {**os.environ, **BUILD_ENV, **(extra_env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )


def html_pages(site: Path) -> list[Path]:
    """Every public HTML page of a built site (the 404 page excluded)."""
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real project, built once per test session."""
    out = tmp_path_factory.mktemp("site")
    result = build(ROOT, out)
    assert result.returncode == 0, f"strict build failed:\n{result.stderr}"
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 for the duration of the block; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def server(site) -> str:
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
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
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
