"""How the site writes money, dates, rounded figures and statuses: one place for every page, notice and report.

Used by the renderers, the freshness notices, the course breakdown and the price-change report, so a
figure reads the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel.dates import format_date
from babel.numbers import format_currency, get_currency_symbol

LOCALE = "en_GB"
# Digits an amount may have when it is written: far more than any figure the data's bounds allow
# (a converted course total at the extremes of every bound has about 33).
MONEY_DIGITS = 60

STATUS_LABELS = {
    "included": "Usually included",
    "extra": "Usually extra: you pay for it separately",
    "ask": "Varies: ask before you book",
}


def money(amount: int | Decimal, currency: str, locale: str = LOCALE) -> str:
    """An amount with its currency sign: whole amounts as ``US$4,000`` or ``£15,000``; an amount with pence or
    cents keeps them, as its source prints it (``£1,234.56``)."""
    code = getattr(currency, "value", currency)
    whole = Decimal(amount) == Decimal(amount).to_integral_value()
    pattern = "¤#,##0" if whole else "¤#,##0.00"
    with localcontext(prec=MONEY_DIGITS):  # Babel rounds in the current context, 28 digits by default
        text = format_currency(amount, code, format=pattern, locale=locale, currency_digits=False)
    symbol = get_currency_symbol(code, locale=locale)
    if symbol.isalpha() and text.startswith(symbol):  # a code such as TRY or AED: a space before the digits
        return f"{symbol}\u00a0{text[len(symbol) :]}"
    return text


def money_range(low: int | Decimal, high: int | Decimal, currency: str) -> str:
    if low == high:
        return money(low, currency)
    return f"{money(low, currency)} to {money(high, currency)}"


def long_date(value: dt.date) -> str:
    return format_date(value, format="d MMMM y", locale=LOCALE)


def month_year(value: dt.date) -> str:
    return format_date(value, format="MMMM y", locale=LOCALE)


def round_to(value: Decimal, step: int) -> int:
    return int((value / step).to_integral_value(rounding=ROUND_HALF_UP)) * step


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
