"""Key pages open offline after one visit.

Chromium visits the home page once, waits until the service worker (``sw.js``, written by the build)
is active, goes offline and opens each page listed in ``extra.offline_pages`` in ``mkdocs.yml``:
each shows its content with the theme's stylesheet and script, and search still answers from the
cached index. A page that is not listed does not open offline, so the check can fail.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from cytokine_site import offline, settings
from helpers import ROOT, built_page, page_url

CONFIG = settings.read_config(ROOT / settings.CONFIG_FILE)[0]
OFFLINE_PAGES = offline.offline_sources(CONFIG.get("extra"), ROOT / "docs")
NOT_LISTED = "costs/index.md"


def heading(site, source: str) -> str:
    return " ".join(
        BeautifulSoup(built_page(site, source).read_text(encoding="utf-8"), "html.parser").h1.get_text().split()
    )


def test_the_key_pages_are_listed():
    assert {"safety.md", "planning.md", "living-with-treatment.md", "alert-card.md", "contact.md"} <= set(OFFLINE_PAGES)
    assert NOT_LISTED not in OFFLINE_PAGES


@pytest.mark.browser
def test_key_pages_open_offline_after_one_visit(browser, server, site):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        page.goto(server, wait_until="load")
        page.wait_for_function("navigator.serviceWorker.controller !== null || null", timeout=20_000)
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        context.set_offline(True)
        for source in OFFLINE_PAGES:
            response = page.goto(page_url(server, source), wait_until="load")
            assert response is not None and response.ok, f"{source}: did not open offline"
            shown = " ".join(page.locator("h1").first.inner_text().split())
            assert shown == heading(site, source), f"{source}: shows {shown!r}"
            assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky", (
                f"{source}: the theme's stylesheet is missing offline"
            )
            assert page.evaluate("typeof window.document$ !== 'undefined'"), f"{source}: the theme's script is missing"
        page.goto(page_url(server, OFFLINE_PAGES[0]), wait_until="load")
        page.click(".md-search__input")
        page.keyboard.type("capillary leak", delay=20)
        page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0", timeout=10_000)
        with pytest.raises(Exception, match="ERR_"):
            page.goto(page_url(server, NOT_LISTED), wait_until="load")
    finally:
        context.close()
