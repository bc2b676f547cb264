"""The costs page answers on a phone: the first estimate on the first screen, the whole page in a few screens,
and "No public price found" said at most once per country.

Measured in Chromium at 390 x 844 CSS px (a common phone), on a first visit with scripts running.
"""

from __future__ import annotations

import pytest

from cytokine_site import format
from cytokine_site.breakdown import NO_PRICE
from cytokine_site.loader import load_prices
from helpers import ROOT

WIDTH, HEIGHT = 390, 844
MAX_SCREENS = 7
DATA = load_prices(ROOT / "data/prices.yml")

MEASURE = """(phrase) => {
  const first = document.querySelector('.price-table .price');
  const box = first ? first.getBoundingClientRect() : null;
  const style = first ? getComputedStyle(first) : null;
  return {
    height: document.documentElement.scrollHeight,
    scrollY: window.scrollY,
    firstPrice: first ? first.textContent : null,
    firstPriceTop: box ? box.top : null,
    firstPriceBottom: box ? box.bottom : null,
    firstPriceShown: !!box && box.width > 0 && box.height > 0 && style.visibility !== 'hidden',
    noPrice: document.body.innerText.split(phrase).length - 1,
  };
}"""


@pytest.fixture(scope="module")
def costs(gzip_server, browser) -> dict:
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    page = context.new_page()
    page.goto(gzip_server + "costs/", wait_until="load")
    facts = page.evaluate(MEASURE, NO_PRICE)
    page.click("details.course-weights-details summary")
    facts["weights"] = page.evaluate(
        """() => { const box = document.querySelector('details.course-weights-details .table-scroll');
                   const b = box.getBoundingClientRect();
                   return { shown: box.checkVisibility(), right: b.right, rows: box.querySelectorAll('tbody tr').length,
                            sideways: document.documentElement.scrollWidth > window.innerWidth }; }"""
    )
    context.close()
    return facts


@pytest.mark.browser
def test_the_whole_page_fits_in_seven_phone_screens(costs):
    screens = costs["height"] / HEIGHT
    assert screens <= MAX_SCREENS, f"the costs page is {costs['height']} px tall: {screens:.1f} screens of {HEIGHT} px"


@pytest.mark.browser
def test_no_public_price_found_at_most_once_per_country(costs):
    countries = {e.country for e in DATA.estimates}
    assert costs["noPrice"] <= len(countries), f"{NO_PRICE!r} shown {costs['noPrice']} times"


@pytest.mark.browser
def test_the_first_estimate_is_on_the_first_screen(costs):
    first = DATA.estimates[0]
    assert costs["scrollY"] == 0
    assert costs["firstPrice"] is not None and costs["firstPriceShown"]
    assert costs["firstPrice"] == format.money_range(first.min, first.max, first.currency)
    assert costs["firstPriceTop"] >= 0 and costs["firstPriceBottom"] <= HEIGHT, (
        f"the first estimate is at {costs['firstPriceTop']:.0f} to {costs['firstPriceBottom']:.0f} px, "
        f"below the first {HEIGHT} px screen"
    )


@pytest.mark.browser
def test_the_other_weights_open_in_place_and_fit(costs):
    weights = costs["weights"]
    assert weights["shown"] and weights["rows"] == len(DATA.course_structure.weights_kg)
    assert weights["right"] <= WIDTH and not weights["sideways"], weights
