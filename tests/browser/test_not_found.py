"""The 404 page in a browser: it passes axe-core and its search box opens the site search."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from helpers import AXE_TAGS


@pytest.mark.browser
def test_404_page_passes_axe_and_its_search_opens_the_site_search(site, server, browser):
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(server + "404.html")
    assert response.status == 200
    violations = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    page.fill("#not-found-query", "aldesleukin")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert page.input_value("input.md-search__input") == "aldesleukin"
    assert "aldesleukin" in page.inner_text(".md-search-result").lower()
    context.close()
