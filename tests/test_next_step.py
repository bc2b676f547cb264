"""The next step (request an itemised quote or contact the team) ends every guide page, and the header of
every page links to the contact page; the owner's facts appear as links once set, "to be confirmed" before.

The pages themselves, in the browser at phone and laptop sizes: tests/browser/test_phone.py.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest

from cytokine_site import next_step
from helpers import COMPLETE_FACTS, built_page, html_pages, sources
from pagetext import soup

FACTS = {key: COMPLETE_FACTS[key] for key in ("email", "phone", "whatsapp")}


def resolves_to(site: Path, page: Path, href: str) -> Path:
    """The built file a relative link on ``page`` leads to."""
    target = urljoin(page.relative_to(site).as_posix(), href)
    path = site / target
    return path / "index.html" if target.endswith("/") or path.is_dir() else path


def test_guide_pages_are_every_page_but_home_contact_and_quote():
    guides = [s for s in sources() if next_step.is_guide_page(s)]
    assert {"costs/index.md", "costs/packages.md", "safety.md", "planning.md", "faq.md"} <= set(guides)
    assert set(sources()) - set(guides) == next_step.NOT_GUIDE_PAGES


def test_unset_facts_are_grouped_as_to_be_confirmed():
    text = str(next_step.channels(dict.fromkeys(FACTS)))
    assert text == 'Email, phone and WhatsApp: <span class="tbc">to be confirmed</span>'
    text = str(next_step.channels({"email": FACTS["email"], "phone": None, "whatsapp": None}))
    assert text.startswith('Email: <a href="mailto:info@example.com">info@example.com</a> · Phone and WhatsApp: ')


def test_set_facts_become_links_escaped_for_html_and_markdown():
    text = str(next_step.channels({**FACTS, "email": "first_name@example.com"}))
    assert 'href="mailto:first&#95;name@example.com">first&#95;name@example.com</a>' in text
    assert '<a href="tel:+902120000000">&#43;90 212 000 00 00</a>' in text
    assert '<a href="https://wa.me/902120000000">&#43;902120000000</a>' in text
    assert "to be confirmed" not in text


@pytest.mark.parametrize(("page", "up"), [("faq.md", ""), ("costs/index.md", "../"), ("a/b/c.md", "../../")])
def test_block_links_are_relative_to_the_page(page, up):
    block = next_step.block({}, page)
    assert f"]({up}quote.md)" in block and f"]({up}contact.md)" in block
    assert f"## {next_step.TITLE} {{: #{next_step.ANCHOR} data-search-exclude }}" in block


def test_every_guide_page_ends_with_the_next_step_before_its_sources(site):
    for source in sources():
        page = built_page(site, source)
        article = soup(page).select_one("article")
        found = article.select("section.next-step")
        if not next_step.is_guide_page(source):
            assert not found, f"{source} is not a guide page but has a next step"
            continue
        assert len(found) == 1, f"{source}: {len(found)} next steps"
        section = found[0]
        assert section.get("aria-labelledby") == next_step.ANCHOR and section.h2.get("id") == next_step.ANCHOR
        links = {a.get_text(strip=True): resolves_to(site, page, str(a["href"])) for a in section.select("a.md-button")}
        assert links == {
            next_step.QUOTE_LABEL: built_page(site, next_step.QUOTE_PAGE),
            next_step.CONTACT_LABEL: built_page(site, next_step.CONTACT_PAGE),
        }, source
        assert "to be confirmed" in section.select_one(".next-step__channels").get_text()
        sources_list = article.select_one("div.footnote")
        if sources_list is not None:
            assert section in sources_list.find_all_previous("section"), f"{source}: next step after the sources"


def test_next_step_is_left_out_of_search(site):
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert next_step.TEXT[:40] not in index and next_step.TITLE not in index


def test_every_page_has_the_short_title_and_the_contact_link_in_its_header(site):
    for page in [*html_pages(site), site / "404.html"]:
        header = soup(page).select_one("header.md-header nav.md-header__inner")
        assert header.select_one(".site-header__short").get_text(strip=True) == "DGS Healthcare", page
        link = header.select_one("a.site-header__action")
        assert link.get_text(strip=True) == next_step.HEADER_LABEL, page
        if page.name != "404.html":  # the 404 page's links are root-absolute (checked by its own tests)
            assert resolves_to(site, page, str(link["href"])) == built_page(site, next_step.CONTACT_PAGE), page


def test_set_facts_reach_the_next_step_as_links(complete_site):
    _, site = complete_site
    section = soup(site / "safety" / "index.html").select_one("section.next-step")
    hrefs = [a["href"] for a in section.select(".next-step__channels a")]
    assert hrefs == ["mailto:info@example.com", "tel:+902120000000", "https://wa.me/902120000000"]
    assert "to be confirmed" not in section.get_text()
