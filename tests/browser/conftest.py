"""Load every built page once per viewport and colour scheme, and record everything the checks need.

The pages are served the way GitHub Pages serves them (gzip, 404.html for unknown paths) by
``scripts/serve_site.py``; the ``site`` and ``browser`` session fixtures come from ``tests/conftest.py``.
Each load uses a fresh browser context, so it is a first visit with an empty cache and no cookies.
"""

from __future__ import annotations

import importlib.util
import re
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

from helpers import AXE_TAGS, ROOT, html_pages, summary_line

from . import probes

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    "resultTypes": ["violations"],
}
MISSING_PATH = "no-such-page-for-the-404-check/"


@dataclass(frozen=True)
class Setting:
    name: str
    width: int
    height: int
    scheme: str  # prefers-color-scheme: "light" or "dark"
    keyboard: bool  # also walk every page with the Tab key in this setting


SETTINGS = (
    Setting("phone-light", 390, 844, "light", keyboard=True),
    Setting("phone-dark", 390, 844, "dark", keyboard=False),
    Setting("desktop-light", 1366, 768, "light", keyboard=False),
    Setting("desktop-dark", 1366, 768, "dark", keyboard=True),
)


@dataclass
class Load:
    """What one page load in one setting showed."""

    page: str
    setting: Setting
    status: int | None = None
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_status: list[str] = field(default_factory=list)
    responses: list[tuple[str, str, int]] = field(default_factory=list)  # (url path, resource type, bytes sent)
    first_visit: list[tuple[str, str, int]] = field(default_factory=list)  # responses before any interaction
    console_errors: list[str] = field(default_factory=list)
    cookies: list[dict] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    violations: list[dict] = field(default_factory=list)
    small_targets: list[str] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)
    focus_steps: list[dict] = field(default_factory=list)
    focusable: int = 0
    skip: dict | None = None

    @property
    def transferred(self) -> int:
        """Bytes sent for the page load itself (later interaction, e.g. following the skip link, excluded)."""
        return sum(size for _, _, size in self.first_visit)


def load_serve_site():
    spec = importlib.util.spec_from_file_location("serve_site", ROOT / "scripts" / "serve_site.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HERE = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)  # before ``-m`` selects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives Chromium: each carries the ``browser`` marker, whether or not it says so."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def gzip_server(site) -> Iterator[str]:
    """The built site served with gzip like GitHub Pages; returns the base URL."""
    httpd = load_serve_site().start(site)
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def page_paths(site: Path) -> list[str]:
    """URL path of every built page, plus an unknown path that shows the 404 page (if the site has one)."""
    paths = [str(p.relative_to(site)).removesuffix("index.html") for p in html_pages(site)]
    if (site / "404.html").is_file():
        paths.append(MISSING_PATH)
    return paths


def _walk_keyboard(page, load: Load) -> None:
    """Tab through the whole page from the top, recording each stop; then try the skip link."""
    page.add_style_tag(content="*,*::before,*::after{transition:none!important;animation:none!important}")
    load.focusable = page.evaluate(probes.MARK_FOCUSABLE)
    for _ in range(load.focusable + 40):
        page.keyboard.press("Tab")
        step = page.evaluate(probes.FOCUS_STEP)
        load.focus_steps.append(step)
        if step.get("done"):
            break
    # Focus is back on the document: the next Tab reaches the first stop, which should be the skip link.
    page.keyboard.press("Tab")
    href = page.evaluate(
        "() => document.activeElement && document.activeElement.classList.contains('md-skip')"
        " ? document.activeElement.getAttribute('href') : null"
    )
    if href:
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        load.skip = {"href": href, **page.evaluate(probes.SKIP_TARGET, href)}


SEARCH_WORKER = re.compile(r"/assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")


def _wait_until_network_quiet(page, activity: dict, quiet: float = 0.3, limit: float = 20.0) -> None:
    """After the load event, wait until the theme's script has started its search worker (the search index
    itself is fetched only when the reader opens search: ``overrides/partials/early-script.html``), then
    until no request has been open for ``quiet`` seconds. Playwright's "networkidle" waits 0.5 s on every
    page and can still end before the worker."""
    wants_worker = page.evaluate(
        "() => { const c = document.getElementById('__config'); return !!(c && JSON.parse(c.textContent).search); }"
    )
    start = time.monotonic()
    while time.monotonic() - start < limit:
        worker_done = not wants_worker or activity["worker"]
        if worker_done and activity["open"] == 0 and time.monotonic() - activity["last"] >= quiet:
            return
        page.wait_for_timeout(25)
    raise AssertionError(f"{page.url}: network still busy after {limit:.0f} s")


def load_page(browser, base: str, path: str, setting: Setting, axe: Axe) -> Load:
    own = urlparse(base).netloc
    load = Load(page=path, setting=setting)
    activity = {"open": 0, "last": time.monotonic(), "worker": False}

    def began(request):
        activity["open"] += 1
        activity["last"] = time.monotonic()
        load.requests.append(request.url)

    def ended(request):
        activity["open"] -= 1
        activity["last"] = time.monotonic()
        activity["worker"] = activity["worker"] or SEARCH_WORKER.search(request.url) is not None

    context = browser.new_context(
        viewport={"width": setting.width, "height": setting.height},
        color_scheme=setting.scheme,
        service_workers="block",
    )

    def block_other_hosts(route):
        url = urlparse(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != own:
            load.blocked.append(route.request.url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def finished(request):
        response = request.response()
        if response is None:
            return
        if response.status >= 400 and not (response.status == 404 and request.url == base + path):
            load.bad_status.append(f"{response.status} {request.url}")
        headers = response.all_headers()
        size = int(headers.get("content-length") or request.sizes()["responseBodySize"])
        load.responses.append((urlparse(request.url).path, request.resource_type, size))

    context.route("**/*", block_other_hosts)
    context.add_init_script(probes.INIT_SCRIPT)
    context.on("request", began)
    context.on("requestfinished", finished)
    context.on("requestfinished", ended)

    def failed(request):
        if urlparse(request.url).netloc == own:
            load.failed.append(f"{request.url}: {request.failure}")

    context.on("requestfailed", failed)
    context.on("requestfailed", ended)
    page = context.new_page()

    def console(message):
        # The 404 page is itself a 404 response, which Chromium logs as an error: that one is expected.
        expected_404 = (
            path == MISSING_PATH
            and message.location.get("url") == base + path
            and message.text.startswith("Failed to load resource")
            and "404" in message.text
        )
        if message.type == "error" and not expected_404:
            load.console_errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", console)
    page.on("pageerror", lambda e: load.console_errors.append(str(e)))
    try:
        response = page.goto(base + path, wait_until="load")
        load.status = response.status if response else None
        _wait_until_network_quiet(page, activity)
        page.evaluate(probes.SETTLE)
        load.first_visit = list(load.responses)
        load.facts = page.evaluate(probes.PAGE_FACTS)
        load.facts["layout"] = page.evaluate(probes.LAYOUT)
        load.small_targets = page.evaluate(probes.SMALL_TARGETS)
        load.tables = page.evaluate(probes.TABLES)
        load.facts["reading"] = page.evaluate(probes.READING, probes.BODY_MIN_PX)
        load.facts["menuHidden"] = page.evaluate(probes.MENU_HIDDEN)
        page.evaluate(probes.OPEN_DETAILS)
        page.evaluate(probes.SETTLE)
        load.violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        page.evaluate("window.__closeDetails()")
        if setting.keyboard:
            _walk_keyboard(page, load)
        load.cookies = context.cookies()
    finally:
        context.close()
    return load


class Loads(dict[str, list[Load]]):
    """Every page loaded in a setting, ``loads[setting name]``, loaded the first time a test asks for it.

    Tests that read one setting's loads are parametrized with ``setting``, so each setting's tests run in
    one process (tests/conftest.py) and the four settings share the processes."""

    def __init__(self, site: Path, base: str, browser) -> None:
        super().__init__()
        self.paths, self.base, self.browser, self.axe = page_paths(site), base, browser, Axe()
        assert len(self.paths) >= 2, "the built site has no pages"

    def __missing__(self, name: str) -> list[Load]:
        setting = next(s for s in SETTINGS if s.name == name)
        self[name] = [load_page(self.browser, self.base, path, setting, self.axe) for path in self.paths]
        if setting is SETTINGS[0]:
            weight_summary(self[name])
        return self[name]


@pytest.fixture(scope="session")
def loads(site, gzip_server, browser) -> Loads:
    return Loads(site, gzip_server, browser)


WEIGHTS = "page weight on a first visit (gzip, empty cache)"


def weight_summary(loads: list[Load]) -> None:
    """The page weights of the end-of-run summary (keys "1..." sort before the lines the speed tests add)."""
    lines = [
        "Counted: bytes sent over gzip for every response during the load until the network is idle",
        "(HTML, CSS, JavaScript, search worker, favicon); HTTP headers not counted. The search index is",
        "fetched only when the reader opens search; its size is shown below.",
    ]
    sizes = {load.page or "/": load.transferred for load in loads}
    requests = {load.page or "/": len(load.first_visit) for load in loads}
    for page, size in sorted(sizes.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {page:45} {size / 1024:6.1f} KB  ({requests[page]} requests)")
    largest = max(loads, key=lambda load: load.transferred)
    lines.append(
        f"largest: {largest.page or '/'} {largest.transferred / 1024:.1f} KB; median: "
        f"{statistics.median(sizes.values()) / 1024:.1f} KB; budget 100 KB"
    )
    parts = {path: size for path, _, size in largest.first_visit}
    lines.append(
        "largest page by response: "
        + ", ".join(
            f"{path.rsplit('/', 1)[-1] or path} {size / 1024:.1f}"
            for path, size in sorted(parts.items(), key=lambda kv: -kv[1])
        )
    )
    for number, line in enumerate(lines):
        summary_line(WEIGHTS, f"1{number:03d}", line)


def report(failures: list[str], what: str) -> str:
    return f"{len(failures)} {what}:\n" + "\n".join(failures)
