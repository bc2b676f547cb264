"""What a course is made of: the arithmetic, the comparison table, the honest limit, bad input and the change report.

Every figure is recomputed here from the label numbers themselves (600,000 IU/kg every 8 hours, 14 doses a
cycle, 2 cycles 9 days apart, median 20 doses, single-use vials of 22 million units in the US and UK labels and
18 million in the Turkish one), never by calling the code under test, and compared with what the page shows.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from cytokine_site import breakdown, course, format, pricediff, render
from cytokine_site.loader import DataFileError, parse_prices
from helpers import ROOT, TODAY, check, edited
from helpers import scenario as helper_scenario
from pagetext import soup

GOOD = (ROOT / "data/prices.yml").read_text(encoding="utf-8")
SCENARIOS = ROOT / "tests/data/course"

# The label numbers, typed here on purpose (independent of data/prices.yml and of the code).
DOSE_PER_KG, DOSES_PER_CYCLE, INTERVAL, CYCLES, REST, MEDIAN, NIGHTS_PER_CYCLE = 600_000, 14, 8, 2, 9, 20, 5
VIAL = {"usa": 22_000_000, "uk": 22_000_000, "turkey": 18_000_000}
WEIGHTS = (60, 80, 100)
LIGHTEST = 60  # the most favourable case of the honest limit


def whole_vials_per_dose(weight: int, vial: int = VIAL["usa"]) -> int:
    dose = DOSE_PER_KG * weight
    count = 0
    while count * vial < dose:  # counting up, not dividing: a different route to the same answer
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
    # the Turkish 18-million vial: 2 a dose at 60 kg, 3 at 80 kg, 4 at 100 kg
    assert [whole_vials_per_dose(w, VIAL["turkey"]) for w in WEIGHTS] == [2, 3, 4]


def test_data_file_holds_the_label_numbers():
    c = data_for(GOOD).course_structure
    assert (
        c.dose_per_kg_iu,
        c.single_use,
        c.doses_per_cycle,
        c.dose_interval_hours,
        c.cycles_per_course,
        c.rest_days,
        c.median_doses,
        c.nights_per_cycle,
        tuple(c.weights_kg),
        c.typical_weight_kg,
    ) == (DOSE_PER_KG, True, DOSES_PER_CYCLE, INTERVAL, CYCLES, REST, MEDIAN, NIGHTS_PER_CYCLE, WEIGHTS, 80)
    assert {v.country: v.vial_iu for v in c.vials} == VIAL
    assert all(v.source_url.startswith("https://") and v.label for v in c.vials)


def test_every_country_with_an_estimate_has_its_own_vial_size():
    data = data_for(GOOD)
    assert {e.country for e in data.estimates} <= {v.country for v in data.course_structure.vials}


def test_course_references_are_footnotes_on_the_costs_page():
    page = (ROOT / "docs/costs/index.md").read_text(encoding="utf-8")
    for key in data_for(GOOD).course_structure.references.values():
        assert re.search(rf"^\[\^{re.escape(key)}\]: ", page, re.M), key


@pytest.mark.parametrize("weight", WEIGHTS)
@pytest.mark.parametrize("country", sorted(VIAL))
def test_module_arithmetic_agrees(weight, country):
    c = data_for(GOOD).course_structure
    vial = c.vial(country).vial_iu
    per_dose = whole_vials_per_dose(weight, VIAL[country])
    assert course.vials_per_dose(c, weight, vial) == per_dose
    assert course.vials(c, MEDIAN, weight, vial) == MEDIAN * per_dose
    assert course.vials(c, course.max_doses(c), weight, vial) == DOSES_PER_CYCLE * CYCLES * per_dose


def test_pooled_vials_when_nothing_is_thrown_away():
    c = data_for(GOOD).course_structure
    # 20 x 48 = 960 million units -> 43.6 vials -> 44; 28 x 48 = 1,344 -> 61.1 -> 62
    assert course.pooled_vials(c, MEDIAN, 80, VIAL["usa"]) == 44
    assert course.pooled_vials(c, 28, 80, VIAL["usa"]) == 62


def test_nights_and_time_away():
    c = data_for(GOOD).course_structure
    # 14 doses 8 hours apart: 13 gaps of 8 hours = 104 hours, 4 whole days and 8 hours
    assert course.dosing_hours(c) == 104 and course.fewest_nights(c) == 4
    assert course.ward_nights(c) == NIGHTS_PER_CYCLE * CYCLES


# The built page ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def costs_page(site):
    return soup(site / "costs/index.html")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_prose_figures_match_the_label(costs_page):
    text = text_of(costs_page)
    assert "each dose is 48 million units, so each dose uses 3 vials" in text
    assert f"{MEDIAN} doses, the middle (median) number people had, use {EXPECTED[80]['median']} vials" in text
    assert f"a full course of {DOSES_PER_CYCLE * CYCLES} doses uses {EXPECTED[80]['max']} vials" in text
    assert "a course would need 44 to 62 vials" in text
    assert f"{CYCLES} hospital stays of about 4 to {NIGHTS_PER_CYCLE} nights each, about {REST} days apart" in text
    assert "span 104 hours" in text


def test_heading_names_cost_cytokine_therapy_and_turkey(costs_page):
    heading = costs_page.h1.get_text().lower()
    assert all(word in heading for word in ("cost", "cytokine therapy", "turkey"))


def comparison_rows(costs_page) -> dict[str, list[str]]:
    table = costs_page.select_one(".course-comparison table")
    return {
        tr.th.get_text(" ", strip=True): [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in table.tbody.find_all("tr")
    }


def test_one_table_compares_the_countries(costs_page):
    tables = costs_page.select(".course-comparison table")
    assert len(tables) == 1
    header = [th.get_text(strip=True) for th in tables[0].thead.find_all("th")]
    names = {e.country: data_for(GOOD).country(e.country).name for e in data_for(GOOD).estimates}
    assert header == ["Part of the course", *names.values()]
    rows = comparison_rows(costs_page)
    medicine = next(v for k, v in rows.items() if k.startswith("Medicine"))
    for cell, country in zip(medicine, names, strict=True):
        assert cell.startswith(f"{MEDIAN * whole_vials_per_dose(80, VIAL[country])} vials"), cell
    ward = next(v for k, v in rows.items() if k.startswith("Nights on a ward"))
    assert all(cell.startswith(f"{NIGHTS_PER_CYCLE * CYCLES} nights") for cell in ward)
    assert not [k for k in rows if k.startswith("Total")], "no total row while no country has every part priced"


def test_other_weights_are_behind_a_disclosure(costs_page):
    details = costs_page.select_one("details.course-weights-details")
    assert details is not None and details.summary is not None
    rows = details.select("tbody tr")
    assert [tr.th.get_text(strip=True) for tr in rows] == [f"{w} kg" for w in WEIGHTS]
    for tr, weight in zip(rows, WEIGHTS, strict=True):
        cells = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        assert cells == [f"{MEDIAN * whole_vials_per_dose(weight, VIAL[c])} vials" for c in ("turkey", "uk", "usa")]
    for vial in data_for(GOOD).course_structure.vials:
        assert details.select_one(f'a[href="{vial.source_url}"]') is not None


def test_uk_public_prices_show_type_date_caveats_and_source(costs_page):
    rows = {tr.th.get_text(" ", strip=True): tr for tr in costs_page.select(".course-comparison tbody tr")}
    ward = next(tr for k, tr in rows.items() if k.startswith("Nights on a ward"))
    critical = next(tr for k, tr in rows.items() if k.startswith("Critical care"))
    assert "intensive or high-dependency" in text_of(critical.th)
    for tr, unit, caveat in ((ward, 345, "leaves out diagnosis and treatment"), (critical, 1881, "high-dependency")):
        cell = tr.find_all("td")[1]  # United Kingdom
        assert cell.select_one('.public-price .price[data-currency="GBP"]').get_text() == f"£{unit:,}"
        assert cell.a["href"].startswith("https://")
        assert cell.time["datetime"] == "2021-03-31"
        text = text_of(cell)
        assert "NHS reference cost" in text and "England only" in text and "2020/21" in text and caveat in text
        assert "being re-checked" in text, "a price older than the freshness threshold says so"
    subtotal = ward.find_all("td")[1].select_one(".price")
    assert subtotal.get_text() == f"£{345 * NIGHTS_PER_CYCLE * CYCLES:,}"
    assert subtotal["data-in-usd"].startswith("about US$")


def test_no_public_price_named_once_per_country_with_a_link_to_the_search(costs_page):
    text = text_of(costs_page.select_one("article"))
    data = data_for(GOOD)
    assert text.count(breakdown.NO_PRICE) <= len({e.country for e in data.estimates})
    items = costs_page.select("ul.no-public-price li")
    assert items and all(li.a["href"] == "#how-we-searched" for li in items)
    assert costs_page.select_one("#how-we-searched") is not None
    uk = next(li for li in items if li.strong.get_text().startswith("United Kingdom"))
    assert "the medicine" in uk.get_text() and "nights on a ward" not in uk.get_text()


def test_every_money_amount_in_the_tables_is_convertible(costs_page):
    for table in costs_page.select(".course-comparison table, .price-table table"):
        for span in table.select(".price"):
            others = {
                f"data-in-{c.lower()}" for c in data_for(GOOD).exchange_rates.currencies if c != span["data-currency"]
            }
            assert others <= set(span.attrs)


def test_no_floor_notice_with_todays_data(costs_page):
    assert not costs_page.select(".floor-notice")


def test_no_chart_that_suggests_a_saving(costs_page):
    assert not costs_page.select("article svg[role=img], article figure, .cost-chart")


# The honest limit of each estimate -----------------------------------------------------------------------


def expected_limit(estimate) -> tuple[int, Decimal]:
    """Vials of the most favourable course, and the most one may cost for the top of the range to pay for them."""
    count = MEDIAN * whole_vials_per_dose(LIGHTEST, VIAL[estimate.country])
    return count, Decimal(estimate.max) / count


def test_the_limits_are_the_figures_of_the_issue():
    data = data_for(GOOD)
    # the Turkey estimate pays for the medicine only if a vial costs at most $250 (10,000 / 40)
    assert expected_limit(data.estimate("course-turkey")) == (40, Decimal(250))
    assert expected_limit(data.estimate("course-usa")) == (40, Decimal(1500))


@pytest.mark.parametrize("estimate_id", [e.id for e in data_for(GOOD).estimates])
def test_every_estimate_shows_its_limit_recomputed(costs_page, estimate_id):
    data = data_for(GOOD)
    estimate = data.estimate(estimate_id)
    count, per_vial = expected_limit(estimate)
    found = course.limit(data, estimate)
    assert (found.vials, found.max_vial_price, found.weight_kg, found.doses) == (count, per_vial, LIGHTEST, MEDIAN)
    row = next(
        tr
        for tr in costs_page.select(".price-table tbody tr")
        if tr.th.get_text(strip=True) == data.country(estimate.country).name
    )
    cell = text_of(row.select_one("td.limit"))
    whole = int(per_vial)  # rounded down: "at most"
    assert f"at most {format.money(whole, estimate.currency)}" in cell
    assert f"{count} vials of {VIAL[estimate.country] // 1_000_000} million units" in cell
    if estimate.currency != "USD":
        rates = data.exchange_rates.rates
        usd = per_vial * rates["USD"] / rates[estimate.currency]
        assert f"(about {format.money(int(round(usd, -1)), 'USD')})" in cell


def test_estimates_side_by_side_in_one_currency(costs_page):
    data = data_for(GOOD)
    rates = data.exchange_rates.rates
    for tr, estimate in zip(costs_page.select(".price-table tbody tr"), data.estimates, strict=True):
        beside = tr.select_one(".in-common")
        if estimate.currency == "USD":
            assert beside is None
            continue
        low = round(Decimal(estimate.min) * rates["USD"] / rates[estimate.currency], -2)
        assert f"about {format.money(int(low), 'USD')} to" in beside.get_text()


def test_the_limit_shows_the_medicine_alone_where_a_public_price_exists():
    data = data_for(scenario("below"))
    cell = str(render.limit_text(data, data.estimate("course-uk")))
    assert f">£{40 * 376:,}</span>" in cell
    assert "public price the medicine alone costs" in cell
    assert "medicine alone costs" not in str(render.limit_text(data, data.estimate("course-turkey")))


# Totals ------------------------------------------------------------------------------------------------


def test_total_row_only_when_a_country_has_every_counted_part_priced():
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
    caveats: Scenario caveat.
"""
            for component, amount in (("medicine-vial", 100), ("heart-scan", 200), ("lung-test", 50))
        )
    )
    table = BeautifulSoup(str(breakdown.course_comparison(data_for(text), TODAY)), "html.parser")
    total = next(tr for tr in table.select(".course-comparison tbody tr") if tr.th.get_text().startswith("Total"))
    cells = [td.get_text(" ", strip=True) for td in total.find_all("td")]
    # median course at 80 kg: 60 vials x 100 + 10 nights x 345 + 200 + 50, intensive care not counted
    assert cells[1] == f"£{60 * 100 + 10 * 345 + 200 + 50:,}"
    assert cells[0] == cells[2] == "no total: a part has no public price"
    named = [li.strong.get_text() for li in table.select("ul.no-public-price li")]
    assert named == ["Turkey:", "United States:"], "every UK part has a price: no sentence for the UK"


# The honesty notice --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "shown"), [("below", True), ("equal", False), ("above", False)])
def test_floor_notice_exactly_where_the_data_say(name, shown):
    data = data_for(scenario(name))
    table = str(render.price_table(data, TODAY))
    amount = {"below": 376, "equal": 375, "above": 374}[name]
    floor = MEDIAN * whole_vials_per_dose(LIGHTEST, VIAL["uk"]) * amount  # 40 vials; the UK lower end is 15000
    assert (floor > 15000) is shown
    assert ("below the public price of the medicine alone" in table) is shown
    if shown:
        assert f">£{floor:,}</span>" in table
        assert "20 doses at 60 kg use 40 vials" in table
    # the other countries have no medicine price, so never a notice for them
    assert table.count("floor-notice") == (1 if shown else 0)


def test_floor_notice_converts_currencies_with_the_dated_rates():
    text = edited(
        scenario("below"),
        "    country: uk\n    component: medicine-vial",
        "    country: usa\n    component: medicine-vial",
    )
    data = data_for(text)
    # 40 vials x £376 = £15,040, converted to USD: 15040 x 1.1728 / 0.86690 ~ 20,347 < 25,000 -> no notice
    assert "floor-notice" not in str(render.price_table(data, TODAY))
    text = edited(text, "    amount: 376\n", "    amount: 600\n")  # 24,000 GBP ~ 32,469 USD > 25,000
    html = str(render.price_table(data_for(text), TODAY))
    assert "floor-notice" in html and "(about US$32,500)" in html
    expected = Decimal(24000) * Decimal("1.1728") / Decimal("0.86690")
    assert round(expected, -2) == 32500


# Bad input: one line each ----------------------------------------------------------------------------


def below_edited(old: str, new: str) -> str:
    return edited(scenario("below"), old, new)


BAD = [
    ("no source_url", ("    source_url: https://example.org/scenario\n", ""), "required field 'source_url'"),
    ("no retrieved date", ("    retrieved: 2026-11-01\n", ""), "required field 'retrieved'"),
    ("no caveats", ("    caveats: Scenario caveat for a test.\n", ""), "required field 'caveats'"),
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
        ("    - country: uk\n      vial_iu: 22000000\n", "    - country: uk\n      vial_iu: 0\n"),
        "vial_iu: must be a whole number of units (IU) from 1",
    ),
    (
        "vial size missing for a country with an estimate",
        (
            GOOD[GOOD.index("    - country: turkey\n      vial_iu:") : GOOD.index("  weights_kg:")],
            "",
        ),
        "no vial size for turkey, which has the estimate 'course-turkey'",
    ),
    (
        "two vial sizes for one country",
        ("    - country: turkey\n      vial_iu:", "    - country: uk\n      vial_iu:"),
        "uk has a vial size already",
    ),
    (
        "weight out of range",
        ("  weights_kg: [60, 80, 100]\n", "  weights_kg: [60, 80, 250]\n"),
        "weights_kg[2]: must be a body weight in whole kilograms from 30 to 200",
    ),
    (
        "weight outside the course's weights",
        ("  typical_weight_kg: 80\n", "  typical_weight_kg: 70\n"),
        "typical_weight_kg (70) must also be in weights_kg",
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
    assert "40 vials x £376 = £15,040" in markdown


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


# make check-data (python -m cytokine_site check) refuses a public price without its source, dates or caveats


LAST_PRICE = GOOD[GOOD.rindex("  - id: uk-ward-night") :]  # the last public price, to the end of the file


@pytest.mark.parametrize(
    ("field", "removed"),
    [
        ("source_url", next(line for line in LAST_PRICE.splitlines(True) if line.startswith("    source_url:"))),
        ("retrieved", "    retrieved: 2026-11-30\n"),
        ("caveats", LAST_PRICE[LAST_PRICE.index("    caveats:") :]),
    ],
    ids=["source_url", "retrieved", "caveats"],
)
def test_check_data_refuses_a_public_price_without(tmp_path, field, removed):
    start = GOOD.rindex(removed)
    text = GOOD[:start] + GOOD[start + len(removed) :]
    project = helper_scenario(tmp_path / "project", {"data/prices.yml": text})
    result = check(project)
    assert result.returncode != 0
    output = (result.stdout + result.stderr).strip()
    assert "Traceback" not in output and len(output.splitlines()) == 1, output
    assert re.match(rf"data/prices\.yml:\d+: public_prices\[1\]: required field '{field}' is missing", output), output
