"""The data model: accepts the shipped data and refuses impossible values."""

import datetime as dt
from decimal import Decimal

import pytest
from pydantic import ValidationError

from cytokine_site.model import PriceData, PriceEstimate
from helpers import TODAY


def estimate(**changes):
    base = dict(
        id="course-turkey",
        country="turkey",
        treatment="A course",
        currency="USD",
        min=4000,
        max=10000,
        as_of="2025-01-01",
        basis="Agency estimate",
        covers="Treatment",
    )
    base.update(changes)
    return PriceEstimate.model_validate(base, context={"today": TODAY})


def test_valid_estimate_is_typed():
    e = estimate()
    assert e.currency == "USD"
    assert e.as_of == dt.date(2025, 1, 1)
    assert (e.min, e.max) == (4000, 10000)


@pytest.mark.parametrize(
    "changes, kind",
    [
        ({"min": 12000}, "min_above_max"),
        ({"min": -1}, "greater_than_equal"),
        ({"min": 0}, "greater_than_equal"),
        ({"max": 10**30}, "less_than_equal"),
        ({"as_of": "0001-01-01"}, "date_too_early"),
        ({"basis": "[x](javascript:alert(1))"}, "forbidden_text"),
        ({"basis": "x {: onclick=alert(1) }"}, "forbidden_text"),
        ({"basis": "see \u202eevil"}, "forbidden_text"),
        ({"min": 4000.5}, "int_type"),
        ({"min": "4,000"}, "int_type"),
        ({"min": True}, "int_type"),
        ({"currency": "XYZ"}, "unknown_currency"),
        ({"currency": "£"}, "unknown_currency"),
        ({"currency": "usd"}, "currency_lower_case"),
        ({"currency": 840}, "string_type"),
        ({"as_of": "2025-02-30"}, "date_from_datetime_parsing"),
        ({"as_of": "2027-01-01"}, "future_date"),
        ({"basis": "<b>bold</b>"}, "forbidden_text"),
        ({"basis": "a | b"}, "forbidden_text"),
        ({"basis": "   "}, "empty_text"),
        ({"id": "Course Turkey"}, "string_pattern_mismatch"),
        ({"id": "course-turkey\n"}, "string_pattern_mismatch"),
        ({"prise": 1}, "extra_forbidden"),
    ],
)
def test_rejects(changes, kind):
    with pytest.raises(ValidationError) as info:
        estimate(**changes)
    assert info.value.errors()[0]["type"] == kind


def test_text_is_whitespace_normalised():
    assert estimate(basis="  two\n  lines ").basis == "two lines"


def test_exchange_rate_conversion_goes_through_the_base(price_data):
    rates = price_data.exchange_rates
    gbp = rates.convert(1000, "USD", "GBP")
    assert gbp == Decimal(1000) * rates.rates["GBP"] / rates.rates["USD"]
    assert rates.convert(1000, "GBP", "GBP") == 1000


def test_lookups_name_the_unknown_id(price_data):
    with pytest.raises(KeyError, match="no checklist with id 'nope'"):
        price_data.checklist("nope")


@pytest.fixture
def price_data():
    from cytokine_site.loader import load_prices
    from helpers import ROOT

    return load_prices(ROOT / "data/prices.yml", today=TODAY)


def test_shipped_data_is_valid(price_data):
    assert isinstance(price_data, PriceData)
    assert {e.country for e in price_data.estimates} == {"turkey", "uk", "usa"}
