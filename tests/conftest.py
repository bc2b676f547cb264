"""Shared fixtures: a strict build of the site, a local web server, and headless Chromium (helpers: ``helpers.py``)."""

from __future__ import annotations

import gc
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import (
    BUILD_DATE,
    ROOT,
    SUMMARY,
    build,
    copy_project,
    pull_request,
    serve,
    with_drawn_cards,
    with_every_fact_set,
)


def pytest_configure(config: pytest.Config) -> None:
    # Each test process keeps parsed pages (pagetext.soup) and the objects of its builds alive, millions of them,
    # and Python's full collections walked them all some twenty times a run: 3 to 4 CPU-s a process. Young objects
    # are now collected after 10,000 allocations instead of 700, and a full collection waits for 4,000,000 instead
    # of 70,000 (none happened in a run; each process stays near 200 MB either way).
    gc.set_threshold(10_000, 20, 20)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real project, built once per test session."""
    out = tmp_path_factory.mktemp("site")
    result = build(ROOT, out)
    assert result.returncode == 0, f"strict build failed:\n{result.stderr}"
    return out


def _built(project: Path, extra_env: dict[str, str] | None = None) -> tuple[Path, Path]:
    out = project.parent / "site"
    result = build(project, out, extra_env)
    assert result.returncode == 0, result.stderr
    return project, out


@pytest.fixture(scope="session")
def complete_site(tmp_path_factory) -> tuple[Path, Path]:
    """The project with every owner fact set (``helpers.COMPLETE_FACTS``), built once: ``(project, site)``."""
    return _built(with_drawn_cards(with_every_fact_set(copy_project(tmp_path_factory.mktemp("complete") / "project"))))


@pytest.fixture(scope="session")
def pull_request_site(tmp_path_factory) -> tuple[Path, Path]:
    """The project after the editor's pull request of ``helpers.pull_request``, built once: ``(project, site)``."""
    project = with_drawn_cards(pull_request(tmp_path_factory.mktemp("pull-request") / "project"))
    return _built(project, {"SITE_BUILD_DATE": BUILD_DATE})


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
# use such a fixture run in the same process, one after the other: they form one group, named after the
# fixture. Each process writes the groups it collected to a file the scheduler reads (pytest 9's node ids
# cannot carry xdist's own ``xdist_group`` marks).
EVERY_PROCESS = {"site", "server", "browser", "gzip_server"}


def group_of(item: pytest.Item) -> str | None:
    """The shared fixture (``folder-or-module::name``) that decides where ``item`` runs, if it uses one."""
    fixtures = getattr(item, "_fixtureinfo", None)
    shared = sorted(
        f"{defs[-1].baseid}::{name}"
        for name, defs in (fixtures.name2fixturedefs.items() if fixtures else ())
        if defs
        and defs[-1].baseid  # one of ours, not pytest's own (tmp_path_factory)
        and defs[-1].scope in ("module", "package", "session")
        and name not in EVERY_PROCESS
    )
    if not shared:
        return None
    callspec = getattr(item, "callspec", None)
    setting = callspec.params.get("setting") if callspec else None
    return f"{shared[0]}[{setting}]" if setting else shared[0]  # a fixture read one setting at a time


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    target = getattr(config, "workerinput", {}).get("groups_file")
    if target:
        groups = {item.nodeid: group for item in items if (group := group_of(item))}
        temporary = Path(f"{target}.{os.getpid()}")
        temporary.write_text(json.dumps(groups), encoding="utf-8")
        temporary.replace(target)


GROUPS_FILE = pytest.StashKey[Path]()


def _groups_file(config: pytest.Config) -> Path:
    if GROUPS_FILE not in config.stash:
        config.stash[GROUPS_FILE] = Path(tempfile.mkdtemp(prefix="test-groups-")) / "groups.json"
    return config.stash[GROUPS_FILE]


def pytest_configure_node(node) -> None:
    node.workerinput["groups_file"] = str(_groups_file(node.config))


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]

    groups_file = _groups_file(config)

    class ByGroup(LoadScopeScheduling):  # type: ignore[misc]
        """xdist's scheduling by scope, where a test's scope is its group, or the test itself."""

        groups: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self.groups is None:
                self.groups = json.loads(groups_file.read_text(encoding="utf-8"))
            return self.groups.get(nodeid, nodeid)

    return ByGroup(config, log)


def pytest_unconfigure(config: pytest.Config) -> None:
    if GROUPS_FILE in config.stash:
        shutil.rmtree(config.stash[GROUPS_FILE].parent, ignore_errors=True)


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
