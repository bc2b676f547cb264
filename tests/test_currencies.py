"""Currencies are data: the site supports exactly the currencies under ``exchange_rates.rates``.

Adding one is a one-line edit of ``data/prices.yml``: the scenario below adds AED (with a made-up
rate, used only here) and finds it in the price table's converted figures, in the currency choice
and in the chart. Conversions are computed once, at build time; ``assets/site.js`` only shows them.
"""

from __future__ import annotations

import ast
import re

import pytest
from bs4 import BeautifulSoup

from cytokine_site import format, render
from cytokine_site.loader import DataFileError, parse_prices
from helpers import AED_RATE, DATA_FILE, ROOT, TODAY, TRY_RATE, edited
from pagetext import soup

GOOD = (ROOT / "data/prices.yml").read_text(encoding="utf-8")
WITH_AED = edited(GOOD, TRY_RATE, TRY_RATE + AED_RATE)
SITE_JS = ROOT / "docs/assets/site.js"


def html(markup) -> BeautifulSoup:
    return BeautifulSoup(str(markup), "html.parser")


def test_the_scenario_adds_exactly_one_line():
    assert WITH_AED != GOOD and len(WITH_AED.splitlines()) == len(GOOD.splitlines()) + 1
    assert "AED" not in GOOD, "the real data must not carry the made-up test rate"


def test_supported_currencies_are_the_rates_in_file_order():
    data = parse_prices(WITH_AED, today=TODAY)
    assert data.exchange_rates.currencies == ["EUR", "USD", "GBP", "TRY", "AED"]


def test_every_price_carries_every_other_currency_rounded_like_the_common_currency():
    data = parse_prices(WITH_AED, today=TODAY)
    table = html(render.price_table(data, TODAY))
    for span, estimate in zip(table.select(".price"), data.estimates, strict=True):
        low = render.convert_rounded(data, estimate.min, estimate.currency, "AED")
        high = render.convert_rounded(data, estimate.max, estimate.currency, "AED")
        assert span["data-in-aed"] == "about " + format.money_range(low, high, "AED")
        assert low % render.CONVERSION_STEP == 0 and high % render.CONVERSION_STEP == 0
        assert f"data-in-{estimate.currency.lower()}" not in span.attrs, "no conversion into its own currency"
    beside = html(render.price_table(data, TODAY, common="AED")).select("tbody tr")
    for row, estimate in zip(beside, data.estimates, strict=True):
        low = render.convert_rounded(data, estimate.min, estimate.currency, "AED")
        assert format.money(low, "AED") in row.select_one(".in-common").get_text()


def test_the_currency_choice_offers_the_currencies_of_the_data():
    data = parse_prices(WITH_AED, today=TODAY)
    choice = html(render.currency_choice(data))
    assert [o["value"] for o in choice.select("option")] == ["", *data.exchange_rates.currencies]


def test_removing_a_rate_nobody_uses_removes_the_currency():
    data = parse_prices(edited(GOOD, TRY_RATE, ""), today=TODAY)
    assert "TRY" not in data.exchange_rates.currencies
    assert "data-in-try" not in str(render.price_table(data, TODAY))
    assert 'value="TRY"' not in str(render.currency_choice(data))


@pytest.mark.parametrize(
    "code, words",
    [
        ("CHF", "CHF has no exchange rate; add a line for CHF under exchange_rates.rates"),  # real, but no rate
        ("XYZ", "three-letter ISO 4217 currency code"),  # not a currency at all
        ("Dollars", "three-letter ISO 4217 currency code"),
    ],
)
def test_a_currency_must_be_iso_4217_and_have_a_rate(code, words):
    start = GOOD.index("  - id: course-uk\n")
    text = GOOD[:start] + edited(GOOD[start:], "    currency: GBP\n", f"    currency: {code}\n")
    with pytest.raises(DataFileError, match=re.escape(words)) as info:
        parse_prices(text, today=TODAY)
    assert "\n" not in str(info.value) and "EDITORS.md#currencies" in str(info.value)


def test_a_rate_for_an_unknown_code_is_refused_on_its_line():
    text = edited(GOOD, TRY_RATE, TRY_RATE + "    ABC: 2.5\n")
    with pytest.raises(DataFileError, match="ISO 4217") as info:
        parse_prices(text, today=TODAY)
    line = text.splitlines().index("    ABC: 2.5") + 1
    assert str(info.value).startswith(f"data/prices.yml:{line}: exchange_rates.rates.ABC: ")


def test_the_model_does_not_load_babel_when_imported():
    tree = ast.parse((ROOT / "cytokine_site/model.py").read_text(encoding="utf-8"))
    top_level = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    names = [a.name for n in top_level if isinstance(n, ast.Import) for a in n.names]
    names += [n.module or "" for n in top_level if isinstance(n, ast.ImportFrom)]
    assert not [n for n in names if n.split(".")[0] in ("babel", "PIL", "markdown")], names


def test_site_js_does_no_arithmetic_on_prices():
    script = SITE_JS.read_text(encoding="utf-8")
    currency = script[script.index("/* 1. Currency choice") : script.index("/* 2. My checklist")]
    code = re.sub(r"/\*.*?\*/", "", currency, flags=re.DOTALL)
    for banned in (
        "Math.",
        "Intl",
        "Number(",
        "parseFloat",
        "parseInt",
        "toFixed",
        "*",
        " / ",
        "rate",
        "fetch",
        "prices.json",
    ):
        assert banned not in code, f"site.js's currency choice must not contain {banned!r}"
    assert "prices.json" not in script and "fetch(" not in script


def test_a_currency_added_to_the_data_appears_on_the_built_costs_page(pull_request_site):
    """The pull request adds the AED rate and asks the costs page for the estimates beside in AED."""
    project, site = pull_request_site
    data = parse_prices((project / DATA_FILE).read_text(encoding="utf-8"), today=TODAY)
    page = soup(site / "costs/index.html")
    # the price table's converted figures
    spans = page.select(".price-table .price")
    assert len(spans) == len(data.estimates)
    for span, estimate in zip(spans, data.estimates):
        assert span["data-in-aed"] == render.converted_text(data, estimate.min, estimate.max, estimate.currency, "AED")
    # every price on the page, course breakdowns included
    assert all(s.has_attr("data-in-aed") for s in page.select(".price") if s["data-currency"] != "AED")
    # the currency choice
    assert "AED" in [o["value"] for o in page.select("#currency-choice option")]
    # the estimates beside in AED, as the scenario page asks
    beside = [span.get_text() for span in page.select(".price-table .in-common")]
    assert beside == ["(" + render.converted_text(data, e.min, e.max, e.currency, "AED") + ")" for e in data.estimates]
    assert not (site / "prices.json").exists()
