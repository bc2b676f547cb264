"""Warning signs about a clinic or an offer: one list in data/prices.yml (``red_flags``), shown by the
red_flags() macro on the planning page and on the page about how treatment works in Turkey.

- The data: plain text, unique ids, at least one item, each problem reported in one line.
- The renderer: a heading in the page contents, escaped text.
- The pages: both pages show the one list, and no checklist repeats one of its warnings.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from cytokine_site import render
from cytokine_site.loader import DataFileError, parse_prices
from helpers import ROOT, TODAY, built_page
from pagetext import soup

TEXT = (ROOT / "data/prices.yml").read_text(encoding="utf-8")
PAGES = ["planning.md", "treatment-in-turkey.md"]
# What the list must warn about (wording may vary).
MUST_COVER = {
    "promises of results": r"promises",
    "full payment upfront": r"full price in advance",
    "no named oncologist": r"name the cancer doctor",
    "no intensive care": r"intensive care",
    "pressure to decide": r"decide quickly",
    "no written itemised quote": r"written quote that lists each cost",
    "medicine's brand and batch": r"brand name.*batch number",
}


@pytest.fixture
def data():
    return parse_prices(TEXT, today=TODAY)


def test_the_list_covers_every_warning(data):
    text = " ".join(item.text for item in data.red_flags.items)
    missing = [name for name, pattern in MUST_COVER.items() if not re.search(pattern, text)]
    assert not missing, f"red_flags leaves out: {missing}"


def test_no_checklist_repeats_a_warning(data):
    """The warnings live in one list: a checklist item giving the same warning would drift from it. (Checklists
    may still ask about intensive care or note the medicine's batch: those are checks, not warnings.)"""
    items = " ".join(item.text for checklist in data.checklists for item in checklist.items)
    warnings = ("promises of results", "full payment upfront", "pressure to decide", "no written itemised quote")
    repeated = [name for name in warnings if re.search(MUST_COVER[name], items)]
    assert not repeated, f"checklist items repeat red flags: {repeated}"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    - id: no-quote\n", "    - id: pressure\n", r"red_flags\.items\[4\]\.id: the id 'pressure' is used twice"),
        (
            "It will not give you a written quote that lists each cost.",
            "It will not give you a [quote](https://example.org).",
            r"red_flags\.items\[4\]\.text: must be plain text; remove '\['",
        ),
        (
            "  title: Warning signs about a clinic or an offer\n",
            "",
            r"red_flags: required field 'title' is missing",
        ),
    ],
)
def test_bad_red_flags_are_one_line(old, new, expected):
    assert old in TEXT
    with pytest.raises(DataFileError) as caught:
        parse_prices(TEXT.replace(old, new, 1), today=TODAY)
    message = str(caught.value)
    assert "\n" not in message and message.startswith("data/prices.yml:")
    assert re.search(expected, message), message


def test_renderer_gives_a_heading_and_escaped_items():
    text = TEXT.replace("  title: Warning signs about a clinic or an offer\n", '  title: Signs & "flags"\n', 1)
    text = text.replace("It pushes you to decide quickly", "It says <soon> & pushes you to decide quickly", 1)
    with pytest.raises(DataFileError, match="remove '<'"):
        parse_prices(text, today=TODAY)
    data = parse_prices(text.replace("<soon> ", "'soon' "), today=TODAY)
    out = str(render.red_flags(data, heading_level=3))
    heading, _, rest = out.partition("\n\n")
    assert heading == "### Signs &#38; &#34;flags&#34; {#red-flags}"
    items = BeautifulSoup(rest, "html.parser").select("ul.red-flags > li")
    assert len(items) == len(data.red_flags.items)
    assert "It says &#39;soon&#39; &#38; pushes you" in rest


@pytest.mark.parametrize("page", PAGES)
def test_both_pages_show_the_one_list(site, page, data):
    built = soup(built_page(site, page))
    lists = built.select("article ul.red-flags")
    assert len(lists) == 1, f"{page}: shows the red flags {len(lists)} times"
    assert [li.get_text() for li in lists[0].select("li")] == [item.text for item in data.red_flags.items]
    heading = built.select_one("article #red-flags")
    assert heading is not None and heading.name == "h2"
    assert built.select_one('.md-nav--secondary a[href="#red-flags"]'), f"{page}: the list is in the contents"
