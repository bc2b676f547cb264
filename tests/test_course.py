"""What a course is made of: the arithmetic, the tables, the honesty notice, bad input and the change report.

Every figure is recomputed here from the label numbers themselves (600,000 IU/kg, 22 million IU single-use
vials, 14 doses a cycle, 2 cycles, median 20 doses, 5 nights a cycle), never by calling the code under test,
and compared with what the built page shows.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from test_render import estimate_row

from cytokine_site import breakdown, course, pricediff, render
from cytokine_site.loader import DataFileError, parse_prices
from helpers import ROOT, TODAY, edited

GOOD = (ROOT / "data/prices.yml").read_text(encoding="utf-8")
SCENARIOS = ROOT / "tests/data/course"

# The label numbers, typed here on purpose (independent of data/prices.yml and of the code).
DOSE_PER_KG, VIAL, DOSES_PER_CYCLE, CYCLES, MEDIAN, NIGHTS_PER_CYCLE = 600_000, 22_000_000, 14, 2, 20, 5
WEIGHTS = (60, 80, 100)


def whole_vials_per_dose(weight: int) -> int:
    dose = DOSE_PER_KG * weight
    count = 0
    while count * VIAL < dose:  # counting up, not dividing: a different route to the same answer
        count += 1
    return count


EXPECTED = {
    w: {
        "per_dose": whole_vials_per_dose(w),
        "median": MEDIAN * whole_vials_per_dose(w),
        "max": DOSES_PER_CYCLE * CYCLES * whole_vials_per_dose(w),
    }
    for w in WEIGHTS
}


def scenario(name: str) -> str:
    extra = (SCENARIOS / f"floor-{name}.yml").read_text(encoding="utf-8")
    return GOOD.rstrip("\n") + "\n" + extra


def data_for(text: str):
    return parse_prices(text, today=TODAY)


# Arithmetic --------------------------------------------------------------------------------------------


def test_expected_figures_are_what_the_label_gives():
    # 80 kg: 48 million units a dose, 3 vials; 60 kg: 36 million, 2 vials; 100 kg: 60 million, 3 vials.
    assert {w: EXPECTED[w]["per_dose"] for w in WEIGHTS} == {60: 2, 80: 3, 100: 3}
    assert EXPECTED[80]["median"] == 60 and EXPECTED[80]["max"] == 84


def test_data_file_holds_the_label_numbers():
    c = data_for(GOOD).course_structure
    assert (
        c.dose_per_kg_iu,
        c.vial_iu,
        c.single_use,
        c.doses_per_cycle,
        c.cycles_per_course,
        c.median_doses,
        c.nights_per_cycle,
        tuple(c.weights_kg),
        c.typical_weight_kg,
    ) == (DOSE_PER_KG, VIAL, True, DOSES_PER_CYCLE, CYCLES, MEDIAN, NIGHTS_PER_CYCLE, WEIGHTS, 80)


def test_course_references_are_footnotes_on_the_costs_page():
    page = (ROOT / "docs/costs/index.md").read_text(encoding="utf-8")
    for key in data_for(GOOD).course_structure.references.values():
        assert re.search(rf"^\[\^{re.escape(key)}\]: ", page, re.M), key


@pytest.mark.parametrize("weight", WEIGHTS)
def test_module_arithmetic_agrees(weight):
    c = data_for(GOOD).course_structure
    assert course.vials_per_dose(c, weight) == EXPECTED[weight]["per_dose"]
    assert course.vials(c, MEDIAN, weight) == EXPECTED[weight]["median"]
    assert course.vials(c, course.max_doses(c), weight) == EXPECTED[weight]["max"]


def test_pooled_vials_when_nothing_is_thrown_away():
    c = data_for(GOOD).course_structure
    # 20 x 48 = 960 million units -> 43.6 vials -> 44; 28 x 48 = 1,344 -> 61.1 -> 62
    assert course.pooled_vials(c, MEDIAN, 80) == 44
    assert course.pooled_vials(c, 28, 80) == 62


# The built page ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def costs_page(site):
    return BeautifulSoup((site / "costs/index.html").read_text(encoding="utf-8"), "html.parser")


def test_prose_figures_match_the_label(costs_page):
    text = " ".join(costs_page.get_text(" ").split())
    assert "each dose is 48 million units, so each dose uses 3 vials" in text
    assert f"{MEDIAN} doses, the middle (median) number people had, use {EXPECTED[80]['median']} vials" in text
    assert f"a full course of {DOSES_PER_CYCLE * CYCLES} doses uses {EXPECTED[80]['max']} vials" in text
    assert "a course would need 44 to 62 vials" in text


@pytest.mark.parametrize("country", ["turkey", "uk", "usa"])
def test_a_breakdown_table_per_country_with_vials_for_each_weight(costs_page, country):
    table = costs_page.select_one(f".course-breakdown-{country} table")
    assert table is not None
    rows = {
        tr.th.get_text(" ", strip=True): [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in table.tbody.find_all("tr")
    }
    typical = next(v for k, v in rows.items() if k.startswith("Medicine for a typical course"))
    full = next(v for k, v in rows.items() if k.startswith("Medicine for a full course"))
    for index, weight in enumerate(WEIGHTS, start=1):
        assert typical[index].startswith(f"{EXPECTED[weight]['median']} vials"), typical
        assert full[index].startswith(f"{EXPECTED[weight]['max']} vials"), full
    ward = rows["Nights on a hospital ward"]
    assert all(cell.startswith(f"{NIGHTS_PER_CYCLE * CYCLES} nights") for cell in ward[1:])
    # No public medicine price in any country yet: shown as missing, and totals say they are incomplete.
    assert "No public price found" in typical[0]
    totals = [v for k, v in rows.items() if k.startswith("Total")]
    assert len(totals) == 2 and all("incomplete" in cell for row in totals for cell in row[1:])


def test_uk_ward_line_uses_the_public_price_with_its_source(costs_page):
    table = costs_page.select_one(".course-breakdown-uk table")
    ward = next(tr for tr in table.tbody.find_all("tr") if tr.th.get_text(strip=True) == "Nights on a hospital ward")
    unit, *weights = ward.find_all("td")
    assert unit.select_one('.price[data-currency="GBP"]').get_text() == "£345"
    assert unit.a["href"].startswith("https://")
    assert unit.time["datetime"] == "2021-03-31"
    assert "NHS reference cost" in unit.get_text()
    assert "being re-checked" in unit.get_text(), "a price older than the freshness threshold says so"
    for cell in weights:
        span = cell.select_one(".price")
        assert span.get_text() == f"£{345 * NIGHTS_PER_CYCLE * CYCLES:,}"
        assert span["data-in-usd"].startswith("about US$")
        assert span.find_next_sibling(class_="price-converted") is not None


def test_every_money_amount_in_the_tables_is_convertible(costs_page):
    for table in costs_page.select(".course-breakdown table"):
        for span in table.select(".price"):
            others = {
                f"data-in-{c.lower()}" for c in data_for(GOOD).exchange_rates.currencies if c != span["data-currency"]
            }
            assert others <= set(span.attrs)


def test_no_floor_notice_with_todays_data(costs_page):
    assert not costs_page.select(".floor-notice")


# Totals ------------------------------------------------------------------------------------------------


def test_total_is_complete_only_when_every_counted_line_has_a_price():
    text = (
        GOOD.rstrip("\n")
        + "\n"
        + "".join(
            f"""  - id: uk-{component}
    country: uk
    component: {component}
    description: Scenario price
    amount: {amount}
    currency: GBP
    price_type: uk-nhs-cost
    as_of: 2026-06-01
    source: Test scenario
    source_url: https://example.org/{component}
    retrieved: 2026-11-01
"""
            for component, amount in (("medicine-vial", 100), ("heart-scan", 200), ("lung-test", 50))
        )
    )
    html = str(breakdown.course_breakdown(data_for(text), "uk", TODAY))
    # typical course at 80 kg: 60 vials x 100 + 10 nights x 345 + 200 + 50, intensive care not counted
    assert "Total at public prices" in html
    assert f">£{60 * 100 + 10 * 345 + 200 + 50:,}</span>" in html
    assert "incomplete" not in html


# The honesty notice --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "shown"), [("below", True), ("equal", False), ("above", False)])
def test_floor_notice_exactly_where_the_data_say(name, shown):
    data = data_for(scenario(name))
    table = str(render.price_table(data, TODAY))
    prose = estimate_row(data, "course-uk", TODAY)
    amount = {"below": 251, "equal": 250, "above": 249}[name]
    floor = EXPECTED[80]["median"] * amount  # 60 vials; the UK estimate's lower end is 15000
    assert (floor > 15000) is shown
    for html in (table, prose):
        assert ("below the public price of the medicine alone" in html) is shown
    if shown:
        assert f">£{floor:,}</span>" in prose
        assert "20 doses at 80 kg use 60 vials" in prose
    # the other countries have no medicine price, so never a notice for them
    assert estimate_row(data, "course-turkey", TODAY).count("floor-notice") == 0


def test_floor_notice_converts_currencies_with_the_dated_rates():
    text = edited(
        scenario("below"),
        "    country: uk\n    component: medicine-vial",
        "    country: usa\n    component: medicine-vial",
    )
    data = data_for(text)
    # 60 vials x £251 = £15,060, converted to USD: 15060 x 1.1728 / 0.86690 ~ 20,374 < 25,000 -> no notice
    assert "floor-notice" not in estimate_row(data, "course-usa", TODAY)
    text = edited(text, "    amount: 251\n", "    amount: 400\n")  # 24,000 GBP ~ 32,469 USD > 25,000
    html = estimate_row(data_for(text), "course-usa", TODAY)
    assert "floor-notice" in html and "(about US$32,500)" in html
    expected = Decimal(24000) * Decimal("1.1728") / Decimal("0.86690")
    assert round(expected, -2) == 32500


# Bad input: one line each ----------------------------------------------------------------------------


def below_edited(old: str, new: str) -> str:
    return edited(scenario("below"), old, new)


BAD = [
    ("no source_url", ("    source_url: https://example.org/scenario\n", ""), "required field 'source_url'"),
    ("no retrieved date", ("    retrieved: 2026-11-01\n", ""), "required field 'retrieved'"),
    (
        "unknown price type",
        ("    price_type: uk-nhs-list\n", "    price_type: pharmacy-price\n"),
        "not a known price type",
    ),
    (
        "retrieved before as_of",
        ("    retrieved: 2026-11-01\n", "    retrieved: 2026-01-01\n"),
        "cannot be looked up before its own date",
    ),
    ("unknown component", ("    component: medicine-vial\n", "    component: hotel\n"), "not a known part"),
    (
        "vial of size zero",
        ("  vial_iu: 22000000\n", "  vial_iu: 0\n"),
        "vial_iu: must be a whole number of units (IU) from 1",
    ),
    (
        "weight out of range",
        ("  weights_kg: [60, 80, 100]\n", "  weights_kg: [60, 80, 250]\n"),
        "weights_kg[2]: must be a body weight in whole kilograms from 30 to 200",
    ),
    ("median above maximum", ("  median_doses: 20\n", "  median_doses: 30\n"), "more than the most a course"),
    ("missing reference", ("    median_doses: median\n", ""), "no reference for median_doses"),
    (
        "http address",
        ("    source_url: https://example.org/scenario\n", "    source_url: http://example.org/s\n"),
        "source_url",
    ),
]


@pytest.mark.parametrize(("name", "edit", "words"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_gives_one_line(name, edit, words):
    with pytest.raises(DataFileError) as err:
        parse_prices(below_edited(*edit), today=TODAY)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith("data/prices.yml:")
    assert words in message, message
    assert "(see EDITORS.md#" in message


def test_two_prices_for_the_same_part_are_refused():
    text = scenario("below") + edited(
        (SCENARIOS / "floor-above.yml").read_text(encoding="utf-8"), "uk-vial-scenario", "uk-vial-second"
    )
    with pytest.raises(DataFileError, match="already has a public price for medicine-vial"):
        parse_prices(text, today=TODAY)


# The price-change report ---------------------------------------------------------------------------------


def test_price_diff_lists_a_new_public_price_and_flags_the_floor():
    report = pricediff.compare(data_for(GOOD), data_for(scenario("below")))
    markdown = pricediff.to_markdown(report, base_label="main", head_label="branch")
    assert "### Public unit prices" in markdown
    assert "Added `uk-vial-scenario`" in markdown
    assert "⚠ Needs a careful look" in markdown
    assert "`course-uk` (United Kingdom): lower end £15,000 is below the public price of the medicine alone" in markdown
    assert "60 vials x £251 = £15,060" in markdown


def test_price_diff_no_floor_flag_when_equal_and_reports_a_changed_amount():
    report = pricediff.compare(data_for(scenario("equal")), data_for(scenario("above")))
    markdown = pricediff.to_markdown(report, base_label="a", head_label="b")
    assert "below the public price" not in markdown
    assert "Changed `uk-vial-scenario`" in markdown
    assert "amount changed but as_of did not" in markdown


def test_price_diff_reports_a_removed_public_price():
    report = pricediff.compare(data_for(scenario("above")), data_for(GOOD))
    markdown = pricediff.to_markdown(report, base_label="a", head_label="b")
    assert "Removed `uk-vial-scenario`" in markdown and "No public price found" in markdown


def test_price_diff_unchanged_data_stays_quiet():
    assert (
        pricediff.to_markdown(pricediff.compare(data_for(GOOD), data_for(GOOD)), base_label="a", head_label="b")
        == pricediff.NO_CHANGES + "\n"
    )
