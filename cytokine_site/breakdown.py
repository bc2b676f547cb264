"""The "What a course is made of" tables: one per country, from the course structure and public prices.

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
from .model import PRICE_TYPES, PriceData, PublicPrice
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


def unit_price_cell(data: PriceData, price: PublicPrice | None, component: str, today: dt.date) -> Html:
    if price is None:
        return Html('<span class="no-public-price">{}</span>').format(NO_PRICE)
    return Html('{} per {}<br>{}, dated {}. Source: <a href="{}">{}</a>{}').format(
        price_span(data, price.amount, price.currency),
        UNITS[component][0],
        PRICE_TYPES[price.price_type],
        dated(price.as_of, month_year(price.as_of)),
        price.source_url,
        price.source,
        recheck_notice(data, price, today),
    )


def _weight_cell(data: PriceData, line: c.Line, weight: int) -> Html:
    quantity = line.quantities[weight]
    if quantity is None:
        return Html("Only if needed; the number of nights is not known, so it is not in the total")
    subtotal = line.subtotal(weight)
    shown = (
        price_span(data, subtotal, line.price.currency)
        if subtotal is not None and line.price is not None
        else Html('<span class="no-public-price">{}</span>').format(NO_PRICE)
    )
    return Html("{}: {}").format(_unit(line.component, quantity), shown)


def _total_cell(data: PriceData, total: c.Total, weight: int) -> Html:
    if total.mixed_currencies:
        return Html("No total: the prices found are in different currencies")
    if total.complete and total.currency is not None:
        return Html("<strong>Total at public prices: {}</strong>").format(
            price_span(data, total.amount[weight], total.currency)
        )
    lines = "line has" if total.missing == 1 else "lines have"
    if total.currency is None:
        return Html("No total: no line has a public price (incomplete: {} {} no public price)").format(
            total.missing, lines
        )
    return Html("Total of the lines with a public price: {} (incomplete: {} {} no public price)").format(
        price_span(data, total.amount[weight], total.currency), total.missing, lines
    )


@dataclass(frozen=True)
class _Row:
    """One row of a breakdown table: a part of the course (or a total), its unit price, and each weight's cell."""

    name: str
    unit_price: Html
    by_weight: dict[int, Html]
    weight_css: str | None = None


def _weight_of(weight: int) -> Callable[[_Row], Html]:
    def cell(row: _Row) -> Html:
        return row.by_weight[weight]

    return cell


def _weight_css(row: _Row) -> str | None:
    return row.weight_css


def course_breakdown(data: PriceData, country_id: str, today: dt.date) -> Html:
    """One table for one country: each part of a typical and of a full course, at each listed body weight."""
    course = data.course_structure
    if course is None:
        raise KeyError("data/prices.yml has no course_structure; add it to show what a course is made of")
    country = data.country(country_id)
    weights = course.weights_kg
    rows: list[_Row] = []
    for label, doses in (("typical", course.median_doses), ("full", c.max_doses(course))):
        course_lines = c.lines(data, country_id, doses)
        for line in course_lines:
            kind = "the median number of doses" if label == "typical" else "the most doses the label allows"
            name = (
                f"Medicine for a {label} course ({kind}): {doses} doses" if line.component == c.MEDICINE else line.label
            )
            if line.component != c.MEDICINE and label == "full":
                continue  # the other parts are the same for both courses: listed once
            rows.append(
                _Row(
                    name,
                    unit_price_cell(data, line.price, line.component, today),
                    {w: _weight_cell(data, line, w) for w in weights},
                )
            )
        course_total = c.total(course_lines, weights)
        rows.append(
            _Row(
                f"Total, {label} course of {doses} doses",
                Html(""),
                {w: _total_cell(data, course_total, w) for w in weights},
                "course-total",
            )
        )
    columns: list[Column[_Row]] = [
        Column("Part of the course", lambda row: row.name),
        Column("Unit price (type, date, source)", lambda row: row.unit_price),
        *[Column(f"At {w} kg", _weight_of(w), _weight_css) for w in weights],
    ]
    caption = f"What a course of {course.medicine} is made of in {country.name}, at public prices"
    return data_table(f"course-breakdown course-breakdown-{country.id}", caption, columns, rows)
