"""Load every built page once per viewport and colour scheme, and record everything the checks need.

The pages are served the way GitHub Pages serves them (gzip, 404.html for unknown paths) by
``scripts/serve_site.py``; the ``site`` and ``browser`` session fixtures come from ``tests/conftest.py``.
Each load is a first visit: no cache, no cookies, no stored data (``Visitor``).
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


# A Tab key press as Playwright's ``keyboard.press("Tab")`` sends it, and one step's probe, sent straight to the
# tab's DevTools session: a Tab stop costs 19 ms instead of 22 through Playwright's own calls (same stops recorded).
TAB_KEY = {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9}
FOCUS_STEP_CALL = {"expression": f"({probes.FOCUS_STEP})()", "awaitPromise": True, "returnByValue": True}


def _walk_keyboard(page, cdp, load: Load) -> None:
    """Tab through the whole page from the top, recording each stop; then try the skip link."""
    page.add_style_tag(content="*,*::before,*::after{transition:none!important;animation:none!important}")
    load.focusable = page.evaluate(probes.MARK_FOCUSABLE)
    for _ in range(load.focusable + 40):
        cdp.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", **TAB_KEY})
        cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", **TAB_KEY})
        reply = cdp.send("Runtime.evaluate", FOCUS_STEP_CALL)
        assert "exceptionDetails" not in reply, reply["exceptionDetails"]
        step = reply["result"]["value"]
        load.focus_steps.append(step)
        if step.get("done"):
            break
    # Focus is back on the document (the next Tab reaches the first stop) or already on the first stop, which
    # should be the skip link.
    if not load.focus_steps[-1].get("wrapped"):
        page.keyboard.press("Tab")
    href = page.evaluate(
        "() => document.activeElement && document.activeElement.classList.contains('md-skip')"
        " ? document.activeElement.getAttribute('href') : null"
    )
    if href:
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        load.skip = {"href": href, **page.evaluate(probes.SKIP_TARGET, href)}


@dataclass
class Activity:
    """The network as one tab sees it: requests still open, when the last one began or ended, whether the
    theme's search worker has loaded."""

    open: set = field(default_factory=set)
    last: float = field(default_factory=time.monotonic)
    worker: bool = False


SEARCH_WORKER = re.compile(r"/assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")


def _wait_until_network_quiet(
    page, activity: Activity, quiet: float = 0.1, limit: float = 20.0, wants_worker: bool | None = None
) -> None:
    """After the load event, wait until the theme's script has started its search worker (the search index
    itself is fetched only when the reader opens search: ``overrides/partials/early-script.html``), then
    until no request has been open for ``quiet`` seconds. Playwright's "networkidle" waits 0.5 s on every
    page and can still end before the worker. The requests and responses recorded for every page were the
    same with ``quiet`` at 0.3, 0.1 and 0.05 s; 0.1 s saves 3 s a setting and leaves room on a busy machine."""
    if wants_worker is None:
        wants_worker = page.evaluate(
            "() => { const c = document.getElementById('__config'); return !!(c && JSON.parse(c.textContent).search); }"
        )
    start = time.monotonic()
    while time.monotonic() - start < limit:
        worker_done = not wants_worker or activity.worker
        if worker_done and not activity.open and time.monotonic() - activity.last >= quiet:
            return
        page.wait_for_timeout(25)
    busy = [request.url for request in activity.open] or ["no request open; the search worker never started"]
    raise AssertionError(f"{page.url}: network still busy after {limit:.0f} s: {busy}")


class Visitor:
    """One reader in one setting, visiting pages one after another in one browser tab.

    Every visit is a first visit: the cache is switched off (every response is fetched and counted), and
    cookies and storage are cleared before each page. One tab for all pages, not a new browser context per
    page: each new context starts a renderer process and compiles the theme's script again, about 1
    CPU-second per page (the 20 pages of one setting: 55 CPU-seconds with a context each, 31 in one tab).
    What the tests measure (bytes, requests, layout, focus, axe-core) came out the same both ways."""

    def __init__(self, browser, base: str, setting: Setting) -> None:
        self.base, self.setting, self.own = base, setting, urlparse(base).netloc
        self.load, self.visits = Load(page="", setting=setting), 0
        self.activity = Activity()
        self.context = browser.new_context(
            viewport={"width": setting.width, "height": setting.height},
            color_scheme=setting.scheme,
            service_workers="block",
        )
        self.context.route("**/*", self._block_other_hosts)
        self.context.add_init_script(probes.INIT_SCRIPT)
        self.context.on("request", self._began)
        self.context.on("requestfinished", self._finished)
        self.context.on("requestfailed", self._failed)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.load.console_errors.append(str(e)))
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.send("Network.enable")
        self.cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})

    def close(self) -> None:
        self.context.close()

    def _began(self, request) -> None:
        self.activity.open.add(request)
        self.activity.last = time.monotonic()
        self.load.requests.append(request.url)

    def _ended(self, request) -> None:
        self.activity.open.discard(request)
        self.activity.last = time.monotonic()
        self.activity.worker = self.activity.worker or SEARCH_WORKER.search(request.url) is not None

    def _block_other_hosts(self, route) -> None:
        url = urlparse(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != self.own:
            self.load.blocked.append(route.request.url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def _finished(self, request) -> None:
        self._ended(request)
        response = request.response()
        if response is None:
            return
        if response.status >= 400 and not (response.status == 404 and request.url == self.base + self.load.page):
            self.load.bad_status.append(f"{response.status} {request.url}")
        headers = response.all_headers()
        size = int(headers.get("content-length") or request.sizes()["responseBodySize"])
        self.load.responses.append((urlparse(request.url).path, request.resource_type, size))

    def _failed(self, request) -> None:
        self._ended(request)
        if urlparse(request.url).netloc == self.own:
            self.load.failed.append(f"{request.url}: {request.failure}")

    def _console(self, message) -> None:
        # The 404 page is itself a 404 response, which Chromium logs as an error: that one is expected.
        expected_404 = (
            self.load.page == MISSING_PATH
            and message.location.get("url") == self.base + self.load.page
            and message.text.startswith("Failed to load resource")
            and "404" in message.text
        )
        if message.type == "error" and not expected_404:
            self.load.console_errors.append(f"{message.text} ({message.location.get('url')})")

    def visit(self, path: str, axe: Axe) -> Load:
        page = self.page
        if self.visits:  # not the first visit: leave nothing behind
            page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
            self.context.clear_cookies()
            # Requests the last page still had open (the browser fetches the icon again after the skip link
            # is followed, for instance) end while this blank page shows, and are counted for no page.
            self.load = Load(page="about:blank", setting=self.setting)
            page.goto("about:blank")
            _wait_until_network_quiet(page, self.activity, quiet=0.05, wants_worker=False)
        load = self.load = Load(page=path, setting=self.setting)
        self.visits += 1
        self.activity.last, self.activity.worker = time.monotonic(), False
        response = page.goto(self.base + path, wait_until="load")
        load.status = response.status if response else None
        _wait_until_network_quiet(page, self.activity)
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
        if self.setting.keyboard:
            _walk_keyboard(page, self.cdp, load)
        load.cookies = self.context.cookies()
        return load


def load_page(browser, base: str, path: str, setting: Setting, axe: Axe) -> Load:
    """One page, visited by a reader in ``setting`` (see ``Visitor``)."""
    visitor = Visitor(browser, base, setting)
    try:
        return visitor.visit(path, axe)
    finally:
        visitor.close()


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
        visitor = Visitor(self.browser, self.base, setting)
        try:
            self[name] = [visitor.visit(path, self.axe) for path in self.paths]
        finally:
            visitor.close()
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
