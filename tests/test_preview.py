"""While business facts are unset (`make preflight`), the site is a preview: noindex and a visible banner.

Once every fact in `extra.organization` is set, both disappear by themselves.
"""

from __future__ import annotations

import re

from cytokine_site import organization
from cytokine_site.__main__ import preflight_report
from helpers import COMPLETE_FACTS, ROOT, html_pages
from pagetext import soup


def robots(page) -> list[str]:
    return [tag.get("content") for tag in page.find_all("meta", attrs={"name": "robots"})]


def banner(page):
    return page.select(".preview-banner")


def test_todays_config_still_has_facts_to_confirm():
    missing, _ = preflight_report(ROOT / "mkdocs.yml")
    assert missing, "every fact is set: the preview tests below need a config with a missing fact"
    assert set(COMPLETE_FACTS) == set(organization.FIELDS), "COMPLETE_FACTS must cover every owner fact"


def test_every_page_of_the_preview_is_noindex_and_has_the_banner(site):
    pages = html_pages(site)
    assert len(pages) > 10
    for path in pages:
        page = soup(path)
        name = path.relative_to(site)
        assert robots(page) == ["noindex"], f"{name}: one robots noindex meta expected, found {robots(page)}"
        (box,) = banner(page)
        text = " ".join(box.get_text(" ").split())
        assert text.startswith("Preview: this guide is not yet reviewed and published."), f"{name}: {text}"
        assert "business" in text and "medical review" in text and "to be confirmed" in text
        # A named region below the header, outside the article (so the sticky header never covers it).
        title = box.get("aria-labelledby")
        assert title and box.find(id=title) is not None, f"{name}: the banner needs an accessible name"
        assert box.find_parent("header") is None and box.find_parent("article") is None
        header = page.select_one("header.md-header")
        assert header is not None and header.sourceline < box.sourceline


def test_the_404_page_has_the_banner_and_one_noindex(site):
    page = soup(site / "404.html")
    assert robots(page) == ["noindex"], "the 404 page's own noindex, not a second one"
    assert len(banner(page)) == 1


def test_the_banner_is_printed_and_styled_in_both_schemes():
    css = (ROOT / "docs/assets/site.css").read_text(encoding="utf-8")
    assert re.search(r"^\.preview-banner \{[^}]*color: #3d2b00; background: #fff3c4", css, re.MULTILINE)
    assert re.search(
        r'\[data-md-color-scheme="slate"\] \.preview-banner \{[^}]*color: #fff3c4; background: #3d2b00', css
    )
    # The selectors of every rule that hides something on paper, read block by block.
    print_blocks = re.findall(r"@media print \{((?:[^{}]|\{[^{}]*\})*)\}", css)
    hidden_in_print = [
        selector for block in print_blocks for selector in re.findall(r"([^{}]*)\{[^}]*display: none", block)
    ]
    assert hidden_in_print and not any("preview-banner" in selector for selector in hidden_in_print)


def test_preflight_report_says_why_the_site_is_a_preview():
    _, report = preflight_report(ROOT / "mkdocs.yml")
    assert "`noindex`" in report and "banner" in report and "every fact is set" in report


def test_with_every_fact_set_there_is_no_banner_and_no_noindex(complete_site):
    project, site = complete_site
    missing, report = preflight_report(project / "mkdocs.yml")
    assert missing == []
    assert "noindex" not in report
    pages = html_pages(site)
    assert len(pages) > 10
    for path in pages:
        page = soup(path)
        assert robots(page) == [], f"{path.relative_to(site)}: still noindex"
        assert banner(page) == [], f"{path.relative_to(site)}: still shows the preview banner"
        assert "not yet reviewed and published" not in path.read_text(encoding="utf-8")
    page_404 = soup(site / "404.html")
    assert robots(page_404) == ["noindex"] and banner(page_404) == []


def test_mkdocs_yml_cannot_switch_the_banner_off_while_facts_are_missing(pull_request_site):
    """The pull request sets ``extra.preview_notice: null`` in mkdocs.yml while facts are still missing."""
    project, site = pull_request_site
    assert "  preview_notice: null\n" in (project / "mkdocs.yml").read_text(encoding="utf-8")
    for name in ("index.html", "404.html"):
        assert len(banner(soup(site / name))) == 1, name
