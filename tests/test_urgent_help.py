"""The urgent-help card: one list from data/prices.yml, shown by the urgent_help() macro on every page
that tells readers when to get help.

- Every page with an urgent-help heading (a Markdown heading or an admonition title about urgent or
  emergency help) calls ``{{ urgent_help(`` on that page, so the lists can never drift apart.
- The data: the emergency numbers by country, three tiers (emergency number now; 24-hour cancer line now;
  treating team today), fever and every danger sign in an act-now tier, every item sourced, unknown or unused
  references rejected in one line.
- The renderer: numbers and tiers, escaped text, numbered sources inside the card, a labelled region.
- The pages: the card on every therapy page (found in docs/therapies, not listed here) and on the pages that
  tell readers what to do when unwell.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from cytokine_site import render
from cytokine_site.loader import DataFileError, parse_prices
from helpers import ROOT, TODAY, built_page, edited
from pagetext import soup

DOCS = ROOT / "docs"
TEXT = (ROOT / "data/prices.yml").read_text(encoding="utf-8")

URGENT = re.compile(
    r"urgent (medical )?help|get (medical )?help (now|urgently|at once|straight away|right away)|emergenc|"
    r"call (your|the) (treating team|care team|cancer team|doctor|hospital|emergency)|"
    r"when to (call|contact|get help|seek help)|seek (urgent |medical |immediate )?help|warning signs",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*)$")
_ADMONITION = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+[\w-]+)*\s+"([^"]*)"')
_BOLD_LINE = re.compile(r"^\s*\*\*([^*]+)\*\*:?\s*$")  # a bold line used as a heading
_MACRO_CALL = re.compile(r"\{\{-?\s*urgent_help\(")
# The act-now tiers (emergency number now, 24-hour cancer line now) must say, at least (label, NICE and NHS
# wording may vary): every sign below, each in one of those two tiers.
ACT_NOW_MUST_COVER = {
    "breath": r"breath",
    "chest pain": r"chest pain",
    "heartbeat": r"heart.*(racing|uneven|irregular)",
    "fainting": r"faint",
    "confusion": r"confused",
    "hard to wake": r"hard to wake|very sleepy",
    "fits": r"\bfits?\b|seizure",
    "capillary leak": r"capillary leak",
    "low blood pressure": r"low blood pressure",
    "suicide": r"suicide|harming yourself",
    "fever at 37.5 °C": r"37\.5\s?°C or higher",
    "temperature below 36 °C": r"below 36\s?°C",
    "infection without a fever": r"infection.*without a (high )?temperature|without a fever",
    "bleeding": r"vomit blood.*(black|blood in it)",
    "stroke": r"stroke",
    "sudden loss of sight": r"suddenly lose .*sight",
    "severe allergic reaction": r"allergic reaction",
    "swelling of face, lips or throat": r"lips.*throat",
    "yellow skin or eyes": r"yellow",
    "central line": r"central line.*(red|painful|oozes)",
    "Anktiva with BCG": r"Anktiva with BCG",
}
# Every country's numbers, shown in the card.
NUMBERS_MUST_SHOW = {"Turkey": "112", "EU": "112", "UK": "999", "NHS 111": "111", "US": "911"}
THERAPY_PAGES = sorted((DOCS / "therapies").glob("*.md"))
# Besides every therapy page, the pages that tell readers what to do when they feel unwell.
PAGES_WITH_THE_CARD = ["safety.md", "planning.md", "living-with-treatment.md", "faq.md"]


@pytest.fixture
def data():
    return parse_prices(TEXT, today=TODAY)


def html(markup) -> BeautifulSoup:
    return BeautifulSoup(str(markup), "html.parser")


def urgent_headings(text: str) -> list[str]:
    found = []
    in_fence = False
    for line in text.splitlines():
        if re.match(r"^\s*(```|~~~)", line):
            in_fence = not in_fence
        if in_fence:
            continue
        for pattern in (_HEADING, _ADMONITION, _BOLD_LINE):
            match = pattern.match(line)
            if match and URGENT.search(match.group(1)):
                found.append(match.group(1).strip())
    return found


def test_every_page_with_an_urgent_help_heading_uses_the_macro():
    bad = []
    for path in sorted(DOCS.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        headings = urgent_headings(text)
        if headings and not _MACRO_CALL.search(text):
            page = path.relative_to(ROOT).as_posix()
            bad += [f"{page}: heading {heading!r} without {{{{ urgent_help() }}}} on the page" for heading in headings]
    if bad:
        pytest.fail(
            "Pages that tell readers when to get help must show the one shared list (the urgent_help() "
            "macro, see EDITORS.md#urgent-help):\n" + "\n".join(bad),
            pytrace=False,
        )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("## When to get urgent help", True),
        ('!!! danger "Get help now if:"', True),
        ('??? warning "In an emergency"', True),
        ("### Emergencies in Turkey", True),
        ('!!! danger "Call your treating team now if:"', True),
        ("**When to call your doctor**", True),
        ("## Side effects", False),
        ("Call 112 in an emergency.", False),
    ],
)
def test_urgent_heading_detection(line, expected):
    assert bool(urgent_headings(line)) is expected


def test_planning_page_shows_the_card_in_its_printable_content():
    text = (DOCS / "planning.md").read_text(encoding="utf-8")
    assert _MACRO_CALL.search(text), "the planning page (printed as the personal checklist) must show the card"


# Data ------------------------------------------------------------------------------


def test_every_danger_sign_is_in_an_act_now_tier(data):
    card = data.urgent_help
    act_now = " ".join(item.text for item in card.emergency.items + card.cancer_line.items)
    missing = [name for name, pattern in ACT_NOW_MUST_COVER.items() if not re.search(pattern, act_now, re.I)]
    assert not missing, f"the act-now tiers leave out: {missing}"
    later = " ".join(item.text for item in card.treating_team.items)
    assert not re.search(r"°C|temperature|fever", later, re.I), "fever is an act-now sign, not 'call today'"


def test_the_cancer_line_tier_says_what_to_do_if_the_line_fails(data):
    fallback = data.urgent_help.cancer_line.fallback or ""
    assert re.search(r"cannot reach", fallback) and re.search(r"emergency number", fallback)
    assert re.search(r"emergency department", fallback) and re.search(r"immunotherapy", fallback)


def test_every_item_and_number_has_a_source(data):
    card = data.urgent_help
    assert all(item.sources for _, tier in card.tiers for item in tier.items)
    assert all(entry.sources for entry in card.numbers)


def test_emergency_numbers_by_country(data):
    shown = {(entry.place, line.number, line.use) for entry in data.urgent_help.numbers for line in entry.lines}
    for where, number in NUMBERS_MUST_SHOW.items():
        assert any(where in f"{place} {use}" and dialled == number for place, dialled, use in shown), (
            f"the card gives no {number} for {where}"
        )


def test_card_references_are_primary_sources(data):
    allowed = yaml.safe_load((ROOT / "tests/data/primary_sources.yml").read_text(encoding="utf-8"))["hosts"]
    for ref in data.urgent_help.references:
        host = urlsplit(ref.url).hostname
        assert host in allowed or any(p.startswith("*.") and host.endswith(p[1:]) for p in allowed), (
            f"urgent_help reference {ref.id}: {host} is not on the allow-list tests/data/primary_sources.yml"
        )
        if allowed.get(host) == "label":
            assert "label revised" in ref.date, f"urgent_help reference {ref.id}: give 'label revised MONTH YEAR'"


def _edit(old: str, new: str) -> str:
    assert old in TEXT, old
    return TEXT.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "sources: [besremi-us]\n",
            "sources: [no-such-source]\n",
            r"^data/prices\.yml:\d+: urgent_help\.emergency\.items\[11\]\.sources\[0\]: 'no-such-source' is not in "
            r"urgent_help\.references; .*\(see EDITORS\.md#urgent-help\)$",
        ),
        (
            "sources: [us-911]\n",
            "sources: [no-such-source]\n",
            r"^data/prices\.yml:\d+: urgent_help\.numbers\[2\]\.sources\[0\]: 'no-such-source' is not in ",
        ),
        (
            "date: label revised February 2024",
            "date: label revised recently",
            r"^data/prices\.yml:\d+: urgent_help\.references\[\d+\]\.date: the date 'label revised recently' has "
            r"no year",
        ),
        (
            "url: https://www.nhs.uk/conditions/stroke/symptoms/",
            "url: http://www.nhs.uk/conditions/stroke/symptoms/",
            r"^data/prices\.yml:\d+: urgent_help\.references\[\d+\]\.url: ",
        ),
        ("      - id: urine\n", "      - id: rash\n", r"the id 'rash' is used twice"),
        (
            "number: 999\n",
            "number: +44 999\n",
            r"^data/prices\.yml:\d+: urgent_help\.numbers\[1\]\.lines\[0\]\.number: must be the number to dial, "
            r"written with digits only",
        ),
        (
            "number: 911\n",
            "number: 9 1 1\n",
            r"^data/prices\.yml:\d+: urgent_help\.numbers\[2\]\.lines\[0\]\.number: must be the number to dial",
        ),
        ("    - id: uk\n", "    - id: turkey-eu\n", r"the id 'turkey-eu' is used twice in numbers"),
    ],
)
def test_bad_urgent_help_data_is_one_line(old, new, expected):
    with pytest.raises(DataFileError) as caught:
        parse_prices(_edit(old, new), today=TODAY)
    message = str(caught.value)
    assert "\n" not in message
    assert re.search(expected, message), message


def test_unused_reference_is_rejected():
    text = _edit("sources: [proleukin-us, nhs-low-blood-pressure]", "sources: [proleukin-us]")
    with pytest.raises(
        DataFileError,
        match=r"urgent_help\.references\[\d+\]\.id: the reference "
        r"'nhs-low-blood-pressure' is not used by any item; remove it",
    ):
        parse_prices(text, today=TODAY)


# Renderer --------------------------------------------------------------------------


def test_card_is_a_labelled_region_with_its_tiers(data):
    out = html(render.urgent_help(data))
    region = out.select_one("div.urgent-help[role=region]")
    assert region is not None
    title = out.find(id=region["aria-labelledby"])
    assert title.name == "h2" and title.get_text() == data.urgent_help.title
    tiers = out.select(".urgent-help__tier")
    assert [t["class"][1] for t in tiers] == [
        "urgent-help__tier--emergency",
        "urgent-help__tier--cancer-line",
        "urgent-help__tier--treating-team",
    ]
    found = [tier for _, tier in data.urgent_help.tiers]
    assert [t.find("h3").get_text() for t in tiers] == [tier.action for tier in found]
    assert [len(t.select("li")) for t in tiers] == [len(tier.items) for tier in found]
    assert tiers[1].select_one(".urgent-help__fallback").get_text() == data.urgent_help.cancer_line.fallback


def test_numbers_come_first_and_can_be_dialled(data):
    out = html(render.urgent_help(data))
    region = out.select_one("div.urgent-help")
    first_block = region.find("div")
    assert "urgent-help__numbers" in first_block["class"], "the numbers are the first thing in the card"
    places = first_block.select("li")
    assert [li.select_one(".urgent-help__place").get_text() for li in places] == [
        entry.place for entry in data.urgent_help.numbers
    ]
    for li, entry in zip(places, data.urgent_help.numbers):
        assert [a["href"] for a in li.select("a.urgent-help__number")] == [f"tel:{line.number}" for line in entry.lines]
        assert li.select("a.urgent-help__ref"), f"{entry.id} has no source"


def test_card_is_one_line_of_html_without_markdown(data):
    out = str(render.urgent_help(data))
    assert "\n" not in out, "Markdown must read the card as one raw HTML block"
    assert not re.search(r"(^|\s)#+\s|\*\*|\[\^", out)


def test_each_item_links_to_its_numbered_sources(data):
    out = html(render.urgent_help(data))
    sources = out.select("ol.urgent-help__sources > li")
    assert len(sources) == len(data.urgent_help.references)
    by_url = {ref.url: ref for ref in data.urgent_help.references}
    for number, li in enumerate(sources, 1):
        assert li["id"] == f"urgent-help-source-{number}"
        ref = by_url[li.a["href"]]
        assert ref.publisher in li.get_text() and ref.date in li.get_text()
    ids = {li["id"] for li in sources}
    cited = []
    for item in out.select(".urgent-help__places > li, .urgent-help__list > li"):
        links = item.select("a.urgent-help__ref")
        assert links, f"{item['id']} has no source"
        assert all(a["href"][1:] in ids for a in links)
        cited += [int(a.get_text()) for a in links]
    first_use = list(dict.fromkeys(cited))
    assert first_use == sorted(first_use), "sources are numbered in the order the card first cites them"


def test_heading_level_can_be_chosen(data):
    out = html(render.urgent_help(data, heading_level=3))
    assert out.find(id="urgent-help").name == "h3"
    assert out.select_one(".urgent-help__action").name == "h4"
    with pytest.raises(ValueError, match="use 2, 3, 4 or 5"):
        render.urgent_help(data, heading_level=1)


def test_card_text_is_escaped():
    text = _edit("title: When to get urgent help", 'title: Help & "advice" now')
    text = edited(text, "text: You have chest pain.", "text: Chest pain & <b>")
    text = edited(text, "place: UK\n", 'place: U&K "home"\n')
    with pytest.raises(DataFileError, match="remove '<'"):
        parse_prices(text, today=TODAY)
    data = parse_prices(edited(text, "& <b>", "& 'pain'"), today=TODAY)
    out = str(render.urgent_help(data))
    assert "Help &#38; &#34;advice&#34; now" in out
    assert "Chest pain &#38; &#39;pain&#39;" in out
    assert "U&#38;K &#34;home&#34;" in out


def test_built_planning_page_shows_the_card(site):
    page = soup(site / "planning" / "index.html")
    card = page.select_one("article div.urgent-help")
    assert card is not None, "the planning page, which is printed as the checklist, shows the card"
    assert card.select_one(".urgent-help__tier--emergency") and card.select_one(".urgent-help__tier--treating-team")
    assert "{{" not in card.get_text()


def test_there_are_therapy_pages_to_check():
    assert len(THERAPY_PAGES) >= 3, "docs/therapies holds the therapy pages"


@pytest.mark.parametrize(
    "page",
    [p.relative_to(DOCS).as_posix() for p in THERAPY_PAGES] + PAGES_WITH_THE_CARD,
)
def test_the_card_is_on_every_therapy_page_and_the_care_pages(site, page):
    built = soup(built_page(site, page))
    cards = built.select("article div.urgent-help")
    assert len(cards) == 1, f"{page}: shows the urgent-help card {len(cards)} times; show it once"
    text = cards[0].get_text(" ")
    for number in set(NUMBERS_MUST_SHOW.values()):
        assert number in text, f"{page}: the card does not show {number}"
