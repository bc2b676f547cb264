"""The real site, built strictly: data reaches the pages, and nothing else leaks in."""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import urlparse

from cytokine_site import format
from cytokine_site.loader import load_prices
from helpers import ROOT, TURKEY_MAX, html_pages
from pagetext import own_soup, soup

DATA = load_prices(ROOT / "data/prices.yml")


def test_costs_page_shows_every_estimate_from_the_data(site):
    page = soup(site / "costs/index.html")
    prices = [span.get_text() for span in page.select(".price-table .price")]
    assert prices == [format.money_range(e.min, e.max, e.currency) for e in DATA.estimates]
    for estimate in DATA.estimates:
        assert page.select_one(f"time[datetime='{estimate.as_of.isoformat()}']") is not None


def test_planning_page_shows_every_checklist_item(site):
    text = soup(site / "planning/index.html").select_one("article").get_text(" ")
    for checklist in DATA.checklists:
        for item in checklist.items:
            assert " ".join(item.text.split()) in " ".join(text.split()), item.id


def test_packages_page_lists_every_item(site):
    names = [th.get_text() for th in soup(site / "costs/packages/index.html").select(".package-table tbody th")]
    assert names == [item.name for item in DATA.package_items]


def test_a_one_line_price_change_reaches_every_page_that_shows_it(site, pull_request_site):
    """The pull request changes the Turkey estimate's maximum, one line of the data file."""
    old = format.money(DATA.estimate("course-turkey").max, "USD")
    new = format.money(Decimal(TURKEY_MAX[1].split(":")[1]), "USD")
    before = {p.relative_to(site) for p in html_pages(site) if old in p.read_text(encoding="utf-8")}
    assert before, "the Turkey estimate is shown on the costs page"
    _, out = pull_request_site
    after = {p.relative_to(out) for p in html_pages(out) if new in p.read_text(encoding="utf-8")}
    assert after == before
    still_old = [p.relative_to(out) for p in html_pages(out) if old in p.read_text(encoding="utf-8")]
    assert not still_old, f"old figure {old} still shown on {still_old}"


def test_no_template_syntax_or_scripts_leak_into_content(site):
    for path in html_pages(site):
        article = own_soup(path).select_one("article")  # its code is removed below
        for code in article.select("code, pre"):
            code.decompose()
        text = str(article)
        assert "{{" not in text and "{%" not in text, f"raw template syntax in {path}"
        assert "<script" not in text.lower(), f"script inside content of {path}"


RESOURCE_ATTRS = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "embed": "src",
    "object": "data",
}


def test_pages_load_nothing_from_other_hosts(site):
    """Every resource a page loads is on the site itself (links to sources are fine: they are not loaded)."""
    for path in html_pages(site) + [site / "404.html"]:
        page = soup(path)
        urls = [str(tag.get(attr) or "") for name, attr in RESOURCE_ATTRS.items() for tag in page.find_all(name)]
        urls += [
            str(link.get("href") or "")
            for link in page.find_all("link")
            if {"stylesheet", "preload", "modulepreload", "icon", "manifest", "preconnect", "dns-prefetch"}
            & set(link.get_attribute_list("rel"))
        ]
        foreign = [u for u in urls if u and urlparse(u).netloc not in ("", "127.0.0.1:8000")]
        assert not foreign, f"{path.relative_to(site)} loads {foreign}"
        css = " ".join(s.get_text() for s in page.find_all("style"))
        assert not re.search(r"url\(\s*['\"]?https?://", css)


def test_no_google_fonts_anywhere(site):
    for path in site.rglob("*"):
        if path.suffix in {".html", ".css", ".js"}:
            assert "fonts.googleapis" not in path.read_text(encoding="utf-8", errors="ignore"), path
