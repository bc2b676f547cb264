"""Pure renderers: validated data in, escaped HTML out.

Nothing here knows about MkDocs. Every value that comes from the data file goes
through ``markupsafe`` (``Markup.format`` escapes its arguments), so text in the
data file can never become markup on a page.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_percent
from markupsafe import Markup, escape

from .model import Currency, PriceData, PriceEstimate

LOCALE = "en_GB"

STATUS_LABELS = {
    "included": "Usually included",
    "extra": "Usually extra: you pay for it separately",
    "ask": "Varies: ask before you book",
}


# Formatting ------------------------------------------------------------------------


def money(amount: int | Decimal, currency: Currency | str, locale: str = LOCALE) -> str:
    """A whole amount with its currency sign, e.g. ``US$4,000`` or ``£15,000``."""
    code = currency.value if isinstance(currency, Currency) else currency
    return format_currency(amount, code, format="¤#,##0", locale=locale, currency_digits=False)


def money_range(low: int | Decimal, high: int | Decimal, currency: Currency | str) -> str:
    if low == high:
        return money(low, currency)
    return f"{money(low, currency)} to {money(high, currency)}"


def long_date(value: dt.date) -> str:
    return format_date(value, format="d MMMM y", locale=LOCALE)


def month_year(value: dt.date) -> str:
    return format_date(value, format="MMMM y", locale=LOCALE)


def round_to(value: Decimal, step: int) -> int:
    return int((value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)


def add_months(value: dt.date, months: int) -> dt.date:
    month_index = value.month - 1 + months
    year, month = value.year + month_index // 12, month_index % 12 + 1
    for day in (value.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def is_stale(as_of: dt.date, today: dt.date, months: int) -> bool:
    """True once ``as_of`` is more than ``months`` months before ``today``."""
    return today > add_months(as_of, months)


# Prices ----------------------------------------------------------------------------


def _price_span(estimate: PriceEstimate) -> Markup:
    return Markup(
        '<span class="price" data-min="{}" data-max="{}" data-currency="{}">{}</span>'
    ).format(
        estimate.min,
        estimate.max,
        estimate.currency.value,
        money_range(estimate.min, estimate.max, estimate.currency),
    )


def _dated(data: PriceData, estimate: PriceEstimate, today: dt.date) -> Markup:
    out = Markup('<span class="as-of">(estimate as of <time datetime="{}">{}</time>)</span>').format(
        estimate.as_of.isoformat(), month_year(estimate.as_of)
    )
    if is_stale(estimate.as_of, today, data.freshness.recheck_after_months):
        out += Markup(
            ' <strong class="recheck">This estimate is more than {} months old and is being re-checked.</strong>'
        ).format(data.freshness.recheck_after_months)
    return out


def price_range(data: PriceData, estimate_id: str, today: dt.date) -> Markup:
    """One range in prose: the figures, the date, and a re-check notice when old."""
    estimate = data.estimate(estimate_id)
    return _price_span(estimate) + Markup(" ") + _dated(data, estimate, today)


def price_table(data: PriceData, today: dt.date, caption: str | None = None) -> Markup:
    """All estimates as an accessible table with what each covers and whose estimate it is."""
    caption = caption or "Estimated cost of one course of cytokine therapy, by country"
    rows = [
        (
            Markup("{}").format(data.country(e.country).name),
            (Markup("{}<br>{}").format(_price_span(e), _dated(data, e, today)), None),
            (Markup("{}").format(e.covers), None),
            (Markup("{}").format(e.basis), None),
        )
        for e in data.estimates
    ]
    return _table(
        "price-table",
        caption,
        ("Country", "Estimated range", "What the estimate covers", "Whose estimate it is"),
        rows,
    )


def savings(data: PriceData, cheaper_id: str, dearer_id: str) -> Markup:
    """How much less the cheaper estimate is, low end against low end and high end against high end.

    Both ranges are converted to the dearer estimate's currency with the dated rates.
    """
    cheaper, dearer = data.estimate(cheaper_id), data.estimate(dearer_id)
    rates = data.exchange_rates
    target = dearer.currency
    low = Decimal(dearer.min) - rates.convert(cheaper.min, cheaper.currency, target)
    high = Decimal(dearer.max) - rates.convert(cheaper.max, cheaper.currency, target)
    rate_note = Markup('(converted at the exchange rate of <time datetime="{}">{}</time>)').format(
        rates.as_of.isoformat(), long_date(rates.as_of)
    )
    if low <= 0 or high <= 0:
        return Markup('<span class="saving">no clear saving: the two ranges overlap</span> ') + rate_note
    low_pct = low / dearer.min
    high_pct = high / dearer.max
    pct_low, pct_high = sorted((low_pct, high_pct))
    return (
        Markup('<span class="saving">about {} less ({} to {} lower)</span> ').format(
            money_range(round_to(low, 100), round_to(high, 100), target),
            format_percent(pct_low, locale=LOCALE),
            format_percent(pct_high, locale=LOCALE),
        )
        + rate_note
    )


def exchange_rates_note(data: PriceData) -> Markup:
    rates = data.exchange_rates
    listed = ", ".join(
        f"{rate.normalize():f} {code.value}" for code, rate in sorted(rates.rates.items(), key=lambda kv: kv[0].value)
        if code != rates.base
    )
    return Markup('Exchange rates: 1 {} = {}, from the <a href="{}">{}</a> of <time datetime="{}">{}</time>.').format(
        rates.base.value, listed, rates.source_url, rates.source, rates.as_of.isoformat(), long_date(rates.as_of)
    )


# Packages and checklists ----------------------------------------------------------


def package_table(data: PriceData, caption: str | None = None) -> Markup:
    caption = caption or "What a treatment package can include"
    rows = [
        (
            Markup("{}").format(item.name),
            (Markup("{}").format(STATUS_LABELS[item.status]), f"status status-{item.status}"),
            (Markup("{}").format(item.note or ""), None),
        )
        for item in data.package_items
    ]
    return _table("package-table", caption, ("Item", "Usually in the package price?", "What to check"), rows)


def checklist(data: PriceData, checklist_id: str, heading_level: int = 2) -> Markup:
    """A checklist as a Markdown heading (so it appears in the contents) followed by an HTML list."""
    found = data.checklist(checklist_id)
    heading = Markup("{} {} {{#{}}}\n\n").format(Markup("#" * heading_level), found.title, found.id)
    intro = Markup("<p>{}</p>\n").format(found.intro) if found.intro else Markup("")
    items = Markup("").join(
        Markup('<li id="{}-{}">{}</li>').format(found.id, item.id, item.text) for item in found.items
    )
    return heading + intro + Markup('<ul class="checklist" data-checklist="{}">{}</ul>').format(found.id, items)


Cell = tuple[Markup, str | None]  # (content, CSS class or None)


def _table(kind: str, caption: str, headers: tuple[str, ...], rows: list[tuple]) -> Markup:
    """A captioned table: column headers, then rows of (row header, Cell, Cell, ...).

    On phones the stylesheet lays each row out as a block and shows each cell's column name from
    ``data-label`` (as visible text, so the names are also read out by screen readers in browsers that
    stop treating a restyled table as a table).
    """
    head = Markup("").join(Markup('<th scope="col">{}</th>').format(h) for h in headers)
    body = Markup("")
    for header, *cells in rows:
        tds = Markup("").join(
            Markup('<td data-label="{}"{}>{}</td>').format(
                label, Markup(' class="{}"').format(css) if css else "", content
            )
            for label, (content, css) in zip(headers[1:], cells, strict=True)
        )
        body += Markup('<tr><th scope="row">{}</th>{}</tr>').format(header, tds)
    return Markup(
        '<div class="table-scroll {0}" role="region" aria-label="{1}" tabindex="0">'
        '<table class="data-table"><caption>{1}</caption><thead><tr>{2}</tr></thead><tbody>{3}</tbody></table></div>'
    ).format(escape(kind), caption, head, body)
