"""What the tests share, in one place: the project, its builds, the built pages and scenario copies.

- ``ROOT``, ``BUILD_DATE`` / ``TODAY`` (the one fixed "today" of every dated test);
- ``copy_project`` and ``scenario`` (a throw-away project copy with edits), ``build`` (a strict build);
- ``html_pages``, ``built_page`` (source page -> built file), ``page_url``, ``url_to_file``;
- ``front_matter`` (a page's front matter, read as the build reads it), ``sources``;
- ``newest_as_of`` (the newest data-file date a built page shows).

Rules (title and description limits, currencies, front matter keys, dated macros) are imported from
``cytokine_site`` where the tests need them, never copied.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
DATA_FILE = "data/prices.yml"
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "overrides", "cytokine_site")
# axe-core rule tags every page must pass: WCAG 2.0-2.2 A/AA and best practice.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}

# The fixed "today" of every test that depends on the date (SITE_BUILD_DATE for builds, ``today=`` for checks).
BUILD_DATE = "2026-11-30"
TODAY = dt.date.fromisoformat(BUILD_DATE)

_FRONT_MATTER = re.compile(r"^---\n(.*?)\n---\n", re.DOTALL)


# The project and its builds --------------------------------------------------------------------------------


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


def edited(text: str, old: str, new: str, count: int = 1) -> str:
    """``text`` with ``old`` replaced by ``new``; fails if ``old`` is not there (so a stale edit cannot pass)."""
    assert old in text, f"{old!r} is not in the text to edit"
    return text.replace(old, new, count)


def scenario(target: Path, files: Mapping[str, str | tuple[str, str]] | None = None) -> Path:
    """A project copy in ``target`` with ``files`` changed: ``{path: new text}`` or ``{path: (old, new)}``.

    ``scenario(tmp_path, {DATA_FILE: ("    TRY: 48.3955\n", "")})`` is the project without one rate.
    """
    project = copy_project(target)
    for name, change in (files or {}).items():
        path = project / name
        if isinstance(change, tuple):
            change = edited(path.read_text(encoding="utf-8"), *change)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(change, encoding="utf-8")
    return project


def build(project: Path, site_dir: Path, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run a strict ``mkdocs build`` of ``project`` into ``site_dir``."""
    env = {**os.environ, **BUILD_ENV, **(extra_env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:  # keep test output readable
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
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


# Pages: sources, front matter, built files and addresses -------------------------------------------------


def sources(docs: Path = DOCS) -> list[str]:
    """Every page source, relative to ``docs``, like ``therapies/interleukin-2.md``."""
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))


def front_matter(path: Path) -> dict[str, Any]:
    """The front matter of a page source, as data (dates as dates)."""
    import yaml

    match = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    assert match, f"{path} has no front matter"
    return yaml.safe_load(match.group(1))


def body(path: Path) -> str:
    """A page source without its front matter."""
    text = path.read_text(encoding="utf-8")
    match = _FRONT_MATTER.match(text)
    assert match, f"{path} has no front matter"
    return text[match.end() :]


def html_pages(site: Path) -> list[Path]:
    """Every public HTML page of a built site (the 404 page excluded)."""
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def built_page(site: Path, source: str) -> Path:
    """``therapies/interleukin-2.md`` -> ``site/therapies/interleukin-2/index.html`` (directory URLs)."""
    stem = source.removesuffix(".md")
    path = site / (stem + ".html") if stem == "index" or stem.endswith("/index") else site / stem / "index.html"
    assert path.exists(), f"built page for {source} not found at {path}"
    return path


def page_url(site_url: str, source: str) -> str:
    """The public address of a page source on a site served from ``site_url``."""
    stem = source.removesuffix(".md").removesuffix("index").removesuffix("/")
    return urljoin(site_url, stem + "/" if stem else "")


def url_to_file(site: Path, site_url: str, url: str) -> Path | None:
    """The built file an absolute or root-absolute URL of this site points at; None if outside the site."""
    base_path = urlsplit(site_url).path
    path = unquote(urlsplit(urljoin(site_url, url)).path)
    if not path.startswith(base_path):
        return None
    target = site / path[len(base_path) :]
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def newest_as_of(page: Path) -> dt.date | None:
    """The newest date from the data file a built page shows (the renderers mark each with ``data-as-of``)."""
    from cytokine_site.render import AS_OF_ATTRIBUTE

    found = re.findall(AS_OF_ATTRIBUTE + r'="(\d{4}-\d{2}-\d{2})"', page.read_text(encoding="utf-8"))
    return max(map(dt.date.fromisoformat, found)) if found else None


def currencies() -> list[str]:
    """The currency codes the site supports: whatever the data file's exchange rates provide."""
    from cytokine_site.loader import load_prices

    rates = load_prices(ROOT / DATA_FILE, today=TODAY).exchange_rates.rates
    return sorted(getattr(code, "value", code) for code in rates)


# A git that reads no user or system configuration, for tests that make throw-away repositories.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}
