"""Going home (a section of the planning page, so its checklist prints with the others) and the page for
family and carers.

- The "what to bring home" checklist comes from data and is on the planning page, with the other checklists
  and the urgent-help card, under the "Going home after treatment" section.
- The family and carers page is in the navigation and shows the urgent-help card.
"""

from __future__ import annotations

import re

import yaml
from bs4 import BeautifulSoup

from cytokine_site.loader import parse_prices
from helpers import ROOT, TODAY, built_page
from pagetext import soup

DATA = parse_prices((ROOT / "data/prices.yml").read_text(encoding="utf-8"), today=TODAY)
BRING_HOME = "bring-home"
# What the checklist must name (wording may vary).
MUST_BRING = {
    "discharge letter in English with doses": r"discharge letter in English.*dose",
    "intensive-care stays": r"intensive care",
    "medicines given": r"medicines you were given",
    "scans as images": r"DICOM",
    "medicines list": r"list of the medicines",
    "alert card": r"alert card",
}


def page(site, source: str) -> BeautifulSoup:
    return soup(built_page(site, source))


def test_the_bring_home_checklist_names_everything():
    text = " ".join(item.text for item in DATA.checklist(BRING_HOME).items)
    missing = [name for name, pattern in MUST_BRING.items() if not re.search(pattern, text)]
    assert not missing, f"the {BRING_HOME} checklist leaves out: {missing}"


def test_going_home_is_a_planning_section_with_its_checklist(site):
    planning = page(site, "planning.md")
    article = planning.select_one("article")
    section = article.select_one("h2#going-home")
    assert section is not None, "the planning page has a 'Going home' section"
    checklist = article.select_one(f'ul.checklist[data-checklist="{BRING_HOME}"]')
    assert checklist is not None, "the bring-home checklist is on the planning page, so it prints with the others"
    headings = [h.get("id") for h in article.select("h2, h3")]
    assert headings.index("going-home") < headings.index(BRING_HOME), "the checklist sits in the Going home section"
    for sub in ("fitness-to-fly", "who-looks-after-you-at-home", "carrying-medicines-home"):
        assert sub in headings, f"the Going home section covers {sub}"
    assert not checklist.select("a"), "the alert card is named in plain text, without a link"


def test_family_page_is_in_the_navigation_with_the_card(site):
    nav = yaml.safe_load(re.sub(r"!ENV \[[^\]]*\]", "''", (ROOT / "mkdocs.yml").read_text(encoding="utf-8")))["nav"]
    assert {"Family and carers": "family-and-carers.md"} in nav
    family = page(site, "family-and-carers.md")
    assert family.select_one("article div.urgent-help"), "the family page shows the urgent-help card"
