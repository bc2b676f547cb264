"""What a course is made of: one table comparing the countries, from the course structure and public prices.

Pure: validated data in, escaped HTML out (like :mod:`cytokine_site.render`, whose helpers it uses).
Every money amount is a ``<span class="price">`` carrying its converted figures (:func:`render.price_span`),
so the currency choice (``assets/site.js``) shows them like the estimates'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from . import course as c
from .format import is_stale, money, month_year
from .model import COMPONENTS, PRICE_TYPES, CourseStructure, PriceData, PublicPrice
from .render import Column, data_table, dated
from .render import price_span as _converted_span
from .text import Html

NO_PRICE = "No public price found"
UNITS = {
    c.MEDICINE: ("vial", "vials"),
    c.WARD: ("night", "nights"),
    c.ICU: ("night", "nights"),
    "heart-scan": ("test", "tests"),
    "lung-test": ("test", "tests"),
}


def price_span(data: PriceData, amount: Decimal, currency: str) -> Html:
    return _converted_span(data, amount, amount, currency, money(amount, currency))


def _unit(component: str, count: int) -> str:
    one, many = UNITS[component]
    return f"{count} {one if count == 1 else many}"


def recheck_notice(data: PriceData, price: PublicPrice, today: dt.date) -> Html:
    months = data.freshness.recheck_after_months
    if not is_stale(price.as_of, today, months):
        return Html("")
    return Html(
        ' <strong class="recheck">This price is more than {} months old and is being re-checked</strong>'
    ).format(months)


def _source(data: PriceData, price: PublicPrice, component: str, today: dt.date) -> Html:
    """A public price's unit figure, type, date, caveats and source, as shown next to the price."""
    return Html('{} per {}: {}, {}. {} <a href="{}">Source: {}</a>{}').format(
        price_span(data, price.amount, price.currency),
        UNITS[component][0],
        PRICE_TYPES[price.price_type],
        dated(price.as_of, month_year(price.as_of)),
        price.caveats,
        price.source_url,
        price.source,
        recheck_notice(data, price, today),
    )


def _cell(data: PriceData, line: c.Line, weight: int, today: dt.date) -> Html:
    """One part of the course in one country: how many units, and their cost where a public price exists."""
    quantity = line.quantities[weight]
    amount = Html("only if needed") if quantity is None else Html("{}").format(_unit(line.component, quantity))
    if line.price is None:
        return Html('{}: <span class="not-found">not found</span>').format(amount)
    subtotal = line.subtotal(weight)
    shown = Html("") if subtotal is None else Html(": {}").format(price_span(data, subtotal, line.price.currency))
    return Html('{}{}<br><span class="public-price">{}</span>').format(
        amount, shown, _source(data, line.price, line.component, today)
    )


@dataclass(frozen=True)
class _Row:
    """One part of the course (or the total), with its cell in each country."""

    name: str
    by_country: dict[str, Html]


def _country_cell(country_id: str) -> Callable[[_Row], Html]:
    def cell(row: _Row) -> Html:
        return row.by_country[country_id]

    return cell


def _row_names(course: CourseStructure) -> dict[str, str]:
    return {
        c.MEDICINE: f"Medicine: {course.median_doses} doses (the median), whole vials",
        c.WARD: f"Nights on a ward: about {c.fewest_nights(course)} to {course.nights_per_cycle} a cycle, "
        f"counted as {course.nights_per_cycle}",
        **{k: COMPONENTS[k][0].upper() + COMPONENTS[k][1:] for k in (c.ICU, *c.TESTS)},
    }


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _missing(data: PriceData, country_id: str, missing: list[str], searched: str) -> Html:
    parts = "any part of a course" if len(missing) == len(COMPONENTS) else _listed([COMPONENTS[m] for m in missing])
    return Html('<li><strong>{}:</strong> {} for {} (<a href="#{}">how we searched</a>).</li>').format(
        data.country(country_id).name, NO_PRICE, parts, searched
    )


def countries(data: PriceData) -> list[str]:
    """The countries that have an estimate, in the order of the estimates."""
    return list(dict.fromkeys(e.country for e in data.estimates))


def course_comparison(data: PriceData, today: dt.date, searched: str = "how-we-searched") -> Html:
    """One table comparing the countries (the parts of a median course as rows, countries as columns) at the
    typical weight; the medicine at the other weights behind a disclosure; the parts without a public price
    named once per country, with a link to ``#searched`` (how they were searched)."""
    course = data.course_structure
    if course is None:
        raise KeyError("data/prices.yml has no course_structure; add it to show what a course is made of")
    weight = course.typical_weight_kg
    ids = countries(data)
    by_country = {cid: c.lines(data, cid, course.median_doses) for cid in ids}
    names = _row_names(course)
    # A part is a row when some country has a public price for it; the medicine always is (each country's
    # vial size gives its own count). The parts priced nowhere are named in the sentences under the table.
    rows = [
        _Row(names[line.component], {cid: _cell(data, by_country[cid][i], weight, today) for cid in ids})
        for i, line in enumerate(by_country[ids[0]])
        if line.component == c.MEDICINE or any(by_country[cid][i].price is not None for cid in ids)
    ]
    totals = {cid: c.total(by_country[cid], course.weights_kg) for cid in ids}
    if any(t.complete for t in totals.values()):
        rows.append(
            _Row(
                "Total at public prices (intensive care not counted)",
                {
                    cid: price_span(data, t.amount[weight], t.currency)
                    if t.complete and t.currency is not None
                    else Html("no total: a part has no public price")
                    for cid, t in totals.items()
                },
            )
        )
    columns: list[Column[_Row]] = [
        Column("Part of the course", lambda row: row.name),
        *[Column(data.country(cid).name, _country_cell(cid)) for cid in ids],
    ]
    caption = f"A median course of {course.medicine} at {weight} kg, at public prices"
    table = data_table("course-comparison", caption, columns, rows)
    missing = Html("").join(
        _missing(data, cid, [line.component for line in by_country[cid] if line.price is None], searched)
        for cid in ids
        if any(line.price is None for line in by_country[cid])
    )
    if missing:
        table += Html('<ul class="no-public-price">{}</ul>').format(missing)
    return table + other_weights(data, ids)


def other_weights(data: PriceData, ids: list[str]) -> Html:
    """The medicine at every listed weight, behind a disclosure: whole vials of each country's label size."""
    course = data.course_structure
    assert course is not None
    doses = course.median_doses

    def medicine(cid: str, weight: int) -> Html:
        vial = course.vial(cid)
        count = c.vials(course, doses, weight, vial.vial_iu)
        price = c.public_price(data, cid, c.MEDICINE)
        if price is None:
            return Html("{}").format(_unit(c.MEDICINE, count))
        cost = Html(": {}").format(price_span(data, price.amount * count, price.currency))
        return Html("{}{}").format(_unit(c.MEDICINE, count), cost)

    def weight_cell(cid: str) -> Callable[[int], Html]:
        return lambda weight: medicine(cid, weight)

    columns: list[Column[int]] = [
        Column("Body weight", lambda weight: f"{weight} kg"),
        *[Column(data.country(cid).name, weight_cell(cid)) for cid in ids],
    ]
    table = data_table("course-weights", f"Vials for {doses} doses at each body weight", columns, course.weights_kg)
    sizes = Html(" ").join(
        Html('{}: {} million units a vial (<a href="{}">{}</a>).').format(
            data.country(vial.country).name, vial.vial_iu // 1_000_000, vial.source_url, vial.label
        )
        for vial in (course.vial(cid) for cid in ids)
    )
    return Html(
        '<details class="course-weights-details"><summary>The medicine at other body weights</summary>{}'
        '<p class="vial-sizes">Each country\'s vial size comes from its own label. {}</p></details>'
    ).format(table, sizes)
