"""What the tests share, in one place: the project, its builds, the built pages and scenario copies.

- ``ROOT``, ``BUILD_DATE`` / ``TODAY`` (the one fixed "today" of every dated test);
- ``copy_project`` and ``scenario`` (a throw-away project copy with edits, each made with ``edited``);
  ``with_every_fact_set`` and ``pull_request`` (the copies that the ``complete_site`` and ``pull_request_site``
  fixtures of conftest.py build once for several test modules); ``with_drawn_cards`` (a copy that is built to
  the end starts with the share images already drawn);
- ``build`` (a strict build) and ``check`` (``make check-data``), run in this process by ``in_process`` with the
  output and exit status the commands would give; ``mkdocs_config`` (a configuration file as MkDocs reads it);
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
import io
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

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


def build(
    project: Path, site_dir: Path, extra_env: Mapping[str, str] | None = None, config: str = "mkdocs.yml"
) -> subprocess.CompletedProcess[str]:
    """A strict build of ``project`` into ``site_dir``, run in this process the way ``mkdocs build --strict
    -f project/<config> -d site_dir`` runs it (as MkDocs' own tests and FastAPI's docs script build).

    MkDocs' log lines go to ``stderr`` in the format it uses when its output is not a terminal; see
    :func:`in_process` for the rest.
    """
    from click import ClickException
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config_file = str(project / config)

    def run() -> int:
        try:
            with _mkdocs_log():
                loaded = load_config(config_file=config_file, site_dir=str(site_dir), strict=True)
                loaded.plugins.on_startup(command="build", dirty=False)
                try:
                    mkdocs_build(loaded)
                finally:
                    loaded.plugins.on_shutdown()
        except ClickException as err:  # MkDocs' errors (Abort, ConfigurationError): click shows them, exits with 1
            err.show()
            return err.exit_code
        return 0

    command = ["mkdocs", "build", "--strict", "-f", config_file, "-d", str(site_dir)]
    return in_process(command, run, project, extra_env)


def with_drawn_cards(project: Path) -> Path:
    """``project`` (a copy) with the share images the real project's builds have drawn, so that its build draws
    only the cards its own changes call for (a card's file name is a hash of everything drawn on it). Drawing every
    card again took about 0.3 s of each build of a whole copy; a build that stops early needs none."""
    from cytokine_site.share_image import CACHE_FOLDER

    source, target = ROOT / CACHE_FOLDER, project / CACHE_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for card in source.glob("*.png"):
        with contextlib.suppress(FileNotFoundError):  # pruned by a build in another test process just now
            shutil.copyfile(card, target / card.name)
    return project


def check(project: Path, extra_env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m cytokine_site check --root project`` (what ``make check-data`` runs), in this process."""
    from cytokine_site.__main__ import main

    command = ["python", "-m", "cytokine_site", "check", "--root", str(project)]
    return in_process(command, lambda: main(command[3:]), project, extra_env)


def in_process(
    command: list[str], run: Callable[[], int], cwd: Path, extra_env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``run()`` as if it were ``command`` run in ``cwd`` with ``extra_env`` added to the environment.

    What it prints comes back as ``stdout`` and ``stderr`` and its exit status as ``returncode``; an
    exception nobody caught is printed with its traceback and gives 1, as Python would. The environment,
    working directory and ``sys.path`` are put back afterwards.
    """
    stdout, stderr = io.StringIO(), io.StringIO()
    saved_path = list(sys.path)  # mkdocs-macros adds the project folder for its module
    with (
        _environment({**BUILD_ENV, **(extra_env or {})}),
        contextlib.chdir(cwd),
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
    ):
        try:
            returncode = run()
        except SystemExit as err:
            returncode = 0 if err.code is None else err.code if isinstance(err.code, int) else 1
        except Exception:
            traceback.print_exc()
            returncode = 1
        finally:
            sys.path[:] = saved_path
    return subprocess.CompletedProcess(command, returncode, stdout.getvalue(), stderr.getvalue())


@contextlib.contextmanager
def _environment(changes: Mapping[str, str]) -> Iterator[None]:
    """``os.environ`` with ``changes`` for the duration of the block."""
    saved = {name: os.environ.get(name) for name in changes}
    os.environ.update(changes)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _mkdocs_log() -> Iterator[None]:
    """MkDocs' log as its command line sets it up: INFO and up, one ``LEVEL    -  message`` line each (its
    format when the output is not a terminal), duplicate build messages dropped."""
    from mkdocs.commands.build import log as build_log
    from mkdocs.utils import DuplicateFilter

    logger = logging.getLogger("mkdocs")
    saved = (logger.level, logger.propagate)
    handler = logging.StreamHandler()  # to sys.stderr as it is now: in_process() captures it
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    duplicates = DuplicateFilter()
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.addHandler(handler)
    build_log.addFilter(duplicates)
    try:
        yield
    finally:
        build_log.removeFilter(duplicates)
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:  # keep test output readable
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 for the duration of the block; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)  # shutdown() waits a poll
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


# Valid values for every owner fact, as the owner would write them in mkdocs.yml.
COMPLETE_FACTS = {
    "name": "DGS Healthcare",
    "legal_name": "Example Health Services Ltd",
    "address": "1 Example Street, Istanbul, Turkey",
    "email": "info@example.com",
    "phone": "+90 212 000 00 00",
    "whatsapp": "902120000000",
    "ushas_authorisation": "Example authorisation 0000",
    "editor": "Example Editor, content editor",
    "medical_reviewer": "Example Reviewer, MD, medical oncologist",
    "how_we_are_paid": "Hospitals pay us a fixed fee per patient; patients pay us nothing.",
}


def with_every_fact_set(project: Path) -> Path:
    """``project`` with every owner fact of ``extra.organization`` set in its ``mkdocs.yml`` (``COMPLETE_FACTS``)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for key, value in COMPLETE_FACTS.items():
        line = f'    {key}: "{value}"'
        text, count = re.subn(rf"^    {key}: .*$", lambda _: line, text, count=1, flags=re.MULTILINE)
        assert count == 1, f"extra.organization.{key} not found in mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return project


# One editor's pull request that changes four unrelated things at once; ``pull_request_site`` (conftest.py) builds
# it once and each test reads the part it is about.
TRY_RATE = "    TRY: 48.3955\n"
AED_RATE = "    AED: 4.3073\n"  # a made-up exchange rate, never in the real data, added after TRY's
TURKEY_MAX = ("    max: 10000\n", "    max: 12345\n")  # the first "max" after the Turkey estimate's id
BESREMI_REVISED = ("  - id: besremi-us\n", "    revised: 2026-08\n", "    revised: 2026-10\n")  # first after the id
COSTS_TABLE = ("{{ price_table() }}", '{{ price_table(None, "AED") }}')  # the estimates shown beside in AED
NO_BANNER = ("extra:\n", "extra:\n  preview_notice: null\n")  # mkdocs.yml trying to switch the banner off


def _after(text: str, marker: str, old: str, new: str) -> str:
    """``text`` with the first ``old`` after ``marker`` replaced by ``new`` (both must be there)."""
    assert marker in text, f"{marker!r} is not in the text to edit"
    start = text.index(marker)
    return text[:start] + edited(text[start:], old, new)


def pull_request_data(text: str) -> str:
    """The data file of the pull request: the AED rate, the Turkey estimate's new maximum, Besremi's new revision."""
    text = edited(text, TRY_RATE, TRY_RATE + AED_RATE)
    text = _after(text, "  - id: course-turkey\n", *TURKEY_MAX)
    return _after(text, *BESREMI_REVISED)


def pull_request(target: Path) -> Path:
    """A project copy in ``target`` with the pull request's changes to the data, the costs page and ``mkdocs.yml``."""
    project = scenario(target, {"docs/costs/index.md": COSTS_TABLE, "mkdocs.yml": NO_BANNER})
    data = project / DATA_FILE
    data.write_text(pull_request_data(data.read_text(encoding="utf-8")), encoding="utf-8")
    return project


# Pages: sources, front matter, built files and addresses -------------------------------------------------


@functools.cache
def mkdocs_config(name: str = "mkdocs.yml") -> MkDocsConfig:
    """A configuration file of the project (``mkdocs.yml``, ``mkdocs.preview.yml``) as MkDocs reads it, read once."""
    from mkdocs.config import load_config

    return load_config(config_file=str(ROOT / name))


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


# The end-of-run summary: {section: {sort key: line}}, printed after the results (tests/conftest.py).
SUMMARY: dict[str, dict[str, str]] = {}


def summary_line(section: str, key: str, line: str) -> None:
    """Add ``line`` to ``section`` of the end-of-run summary; lines are printed in the order of their ``key``."""
    SUMMARY.setdefault(section, {})[key] = line


# A git that reads no user or system configuration, for tests that make throw-away repositories.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}
