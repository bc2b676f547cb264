"""The alert card to carry: its fixed text in data/prices.yml, the renderer and the links to its page.

- The data: every medicine the card must cover says what a doctor must know, each warning sourced to a
  primary source (in the footnote format and allow-list of ``test_sources.py``); bad edits are one line.
- The renderer: escaped text, a label for every field, nothing that can submit or run a handler, the
  sources listed under the card and not on it.
- The page is in the navigation, and the urgent-help card, planning and living with treatment link to
  it with "alert card" in the link text.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from test_sources import allow_list, check

from cytokine_site import alertcard
from cytokine_site.loader import DataFileError, parse_prices
from cytokine_site.model import ALERT_WARNING_LENGTH_MAX
from helpers import DATA_FILE, ROOT, TODAY, built_page, edited
from pagetext import soup

TEXT = (ROOT / DATA_FILE).read_text(encoding="utf-8")
# What a doctor seeing the patient must know, per medicine (label and paper wording may vary).
MUST_KNOW = {
    "interleukin-2": [r"contrast dye", r"steroid", r"thyroid"],
    "interferon": [r"depression", r"suicide", r"sight|eye", r"blood count|white cell|platelet"],
    "anktiva": [r"BCG infection"],
    "lifileucel": [r"low blood counts"],
}


@pytest.fixture(scope="module")
def card():
    found = parse_prices(TEXT, today=TODAY).alert_card
    assert found is not None, "data/prices.yml has no alert_card"
    return found


def html(markup) -> BeautifulSoup:
    return BeautifulSoup(str(markup), "html.parser")


# Data --------------------------------------------------------------------------------


def test_each_medicine_says_what_a_doctor_must_know(card):
    medicines = {m.id: " ".join(w.text for w in m.warnings) for m in card.medicines}
    for medicine, patterns in MUST_KNOW.items():
        assert medicine in medicines, f"the card leaves out {medicine}"
        missing = [p for p in patterns if not re.search(p, medicines[medicine], re.IGNORECASE)]
        assert not missing, f"{medicine}: the card does not mention {missing}"


def test_every_reference_is_a_primary_source_in_the_footnote_format(card):
    data = allow_list()
    for ref in card.references:
        kind, problems = check(f'{ref.publisher}, "{ref.title}", {ref.date}. <{ref.url}>', False, data)
        assert kind is not None and not problems, f"alert_card reference {ref.id}: {problems}"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "sources: [schwartzentruber]\n",
            "sources: [no-such-source]\n",
            r"^data/prices\.yml:\d+: alert_card\.medicines\[0\]\.warnings\[2\]\.sources\[0\]: 'no-such-source' is "
            r"not in alert_card\.references; .*\(see EDITORS\.md#alert-card\)$",
        ),
        (
            "sources: [decaestecker, anktiva-us]",
            "sources: [anktiva-us]",
            r"^data/prices\.yml:\d+: alert_card\.references\[4\]\.id: the reference 'decaestecker' is not used by any "
            r"warning; remove it \(see EDITORS\.md#alert-card\)$",
        ),
        (
            "text: IL-2 is given after the cells, so the IL-2 points on this card apply too.",
            "text: " + "A warning far too long for a wallet card. " * 5,
            rf"^data/prices\.yml:\d+: alert_card\.medicines\[3\]\.warnings\[1\]\.text: is \d+ characters long; the "
            rf"card is small: keep each warning to {ALERT_WARNING_LENGTH_MAX} characters",
        ),
        (
            "          sources: [amtagvi-us]\n  references:",
            "          sources: [amtagvi-us]\n        - id: a\n          text: A.\n          sources: [amtagvi-us]\n"
            "        - id: b\n          text: B.\n          sources: [amtagvi-us]\n  references:",
            r"alert_card\.medicines\[3\]\.warnings: the card has room for at most 3 warnings; remove one",
        ),
        ("    - id: interferon\n", "    - id: interleukin-2\n", r"the id 'interleukin-2' is used twice in medicines"),
        ("  title: Cancer immunotherapy alert card", "  title: Alert <b>card</b>", r"alert_card\.title: must be plain"),
    ],
)
def test_bad_alert_card_data_is_one_line(old, new, expected):
    with pytest.raises(DataFileError) as caught:
        parse_prices(edited(TEXT, old, new), today=TODAY)
    message = str(caught.value)
    assert "\n" not in message
    assert re.search(expected, message), message


# Renderer ----------------------------------------------------------------------------


def test_every_field_has_a_label_and_nothing_can_submit_or_run(card):
    out = html(alertcard.alert_card(card, 3))
    inputs = out.select(".alert-card input")
    assert len(inputs) == sum(len(fields) for _, fields in alertcard.PANELS) + len(card.medicines) + 1
    for field in inputs:
        assert out.select_one(f'label[for="{field["id"]}"]') is not None, f"{field['id']} has no label"
    assert out.find("form") is None, "a form could be submitted, sending what was typed"
    handlers = [f"{tag.name}[{attr}]" for tag in out.find_all(True) for attr in tag.attrs if attr.startswith("on")]
    assert not handlers, f"inline event handlers: {handlers}"
    assert all(b.get("type") == "button" for b in out.find_all("button"))
    lengths = {f["id"]: int(str(f["maxlength"])) for f in out.select(".alert-card__field input")}
    assert all(0 < n <= 80 for n in lengths.values()), lengths


def test_sources_are_under_the_card_and_not_on_it(card):
    out = html(alertcard.alert_card(card))
    on_card = out.select_one(".alert-card")
    assert not on_card.select('a[href^="http"]'), "the card itself carries no source addresses"
    listed = out.select(".alert-card-sources li")
    assert [li.a["href"] for li in listed] == [ref.url for ref in card.references]
    for ref_link in on_card.select(".alert-card__refs a"):
        assert out.find(id=ref_link["href"][1:]) in listed


def test_data_text_is_escaped(card):
    hostile = card.model_copy(update={"title": "Card *bold* [x](javascript:y) {: .c }"})
    out = str(alertcard.alert_card(hostile))
    assert "*bold*" not in out and "[x]" not in out and "{:" not in out
    assert html(out).select_one(".alert-card__title").get_text() == hostile.title


# The page and the links to it ---------------------------------------------------------


def test_the_page_is_in_the_navigation():
    assert re.search(rf"^\s+- [^:]+: {re.escape(alertcard.PAGE)}$", (ROOT / "mkdocs.yml").read_text(), re.MULTILINE)


@pytest.mark.parametrize("source", ["safety.md", "planning.md", "living-with-treatment.md"])
def test_pages_link_to_the_alert_card_with_its_name(site, source):
    page = soup(built_page(site, source))
    target = built_page(site, alertcard.PAGE).resolve()
    links = [
        a
        for a in page.select("article a[href]")
        if "alert card" in a.get_text().lower()
        and (built_page(site, source).parent / str(a["href"]) / "index.html").resolve() == target
    ]
    assert links, f"{source}: no link with 'alert card' in its text to the alert-card page"


def test_the_urgent_help_card_links_to_the_alert_card_on_every_page_that_shows_it(site):
    for path in sorted(site.rglob("*.html")):
        page = soup(path)
        for card in page.select(".urgent-help"):
            link = card.select_one(".urgent-help__alert-card a")
            assert link is not None and "alert card" in link.get_text().lower(), path
            assert (path.parent / link["href"] / "index.html").resolve() == built_page(site, alertcard.PAGE).resolve()
