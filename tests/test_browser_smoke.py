"""Every page in headless Chromium: loads, makes no third-party request, and passes axe-core."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import html_pages

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def page_urls(site, server):
    return [server + str(p.relative_to(site)).removesuffix("index.html") for p in html_pages(site)]


@pytest.fixture(scope="module")
def results(site, server, browser):
    """Load each page once at phone size; record requests, console errors and axe results."""
    axe = Axe()
    own = urlparse(server).netloc
    out = {}
    context = browser.new_context(viewport={"width": 390, "height": 844})
    for url in page_urls(site, server):
        page = context.new_page()
        foreign, errors = [], []
        page.on("request", lambda r: urlparse(r.url).netloc not in (own, "") and
                urlparse(r.url).scheme in ("http", "https") and foreign.append(r.url))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        response = page.goto(url, wait_until="networkidle")
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        out[url] = {
            "status": response.status if response else None,
            "foreign": foreign,
            "errors": errors,
            "violations": result.response["violations"],
            "cookies": context.cookies(),
        }
        page.close()
    context.close()
    return out


def test_every_page_loads(results):
    bad = {url: r["status"] for url, r in results.items() if r["status"] != 200}
    assert not bad


def test_no_request_leaves_the_site(results):
    leaks = {url: r["foreign"] for url, r in results.items() if r["foreign"]}
    assert not leaks


def test_no_console_errors_and_no_cookies(results):
    assert not {url: r["errors"] for url, r in results.items() if r["errors"]}
    assert not any(r["cookies"] for r in results.values())


def test_axe_finds_no_violations(results):
    report = [
        f"{url}: {v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for url, r in results.items() for v in r["violations"]
    ]
    assert not report, "\n".join(report)
