"""Pure renderers: figures from the data, dates, freshness notices and escaping."""

import datetime as dt
from decimal import Decimal

import markdown
import pytest
from bs4 import BeautifulSoup

from cytokine_site import format, render
from cytokine_site.loader import parse_prices
from helpers import ROOT, TODAY, mkdocs_config

TEXT = (ROOT / "data/prices.yml").read_text(encoding="utf-8")


@pytest.fixture
def data():
    return parse_prices(TEXT, today=TODAY)


def html(markup) -> BeautifulSoup:
    return BeautifulSoup(str(markup), "html.parser")


@pytest.mark.parametrize(
    "amount, currency, expected",
    [
        (4000, "USD", "US$4,000"),
        (15000, "GBP", "£15,000"),
        (1234567, "EUR", "€1,234,567"),
        (0, "GBP", "£0"),
        (Decimal("1881.00"), "USD", "US$1,881"),
        (Decimal("1234.56"), "GBP", "£1,234.56"),
        (Decimal("1234.5"), "TRY", "TRY\u00a01,234.50"),
    ],
)
def test_money(amount, currency, expected):
    assert format.money(amount, currency) == expected


def test_money_range_collapses_equal_ends():
    assert format.money_range(5, 5, "GBP") == "£5"
    assert format.money_range(5, 9, "GBP") == "£5 to £9"


@pytest.mark.parametrize(
    "as_of, today, stale",
    [
        (dt.date(2026, 1, 31), dt.date(2026, 7, 31), False),  # exactly 6 months
        (dt.date(2026, 1, 31), dt.date(2026, 8, 1), True),
        (dt.date(2025, 8, 31), dt.date(2026, 2, 28), False),  # month-end clamping
        (dt.date(2025, 8, 31), dt.date(2026, 3, 1), True),
    ],
)
def test_is_stale(as_of, today, stale):
    assert format.is_stale(as_of, today, 6) is stale


def test_price_table_holds_every_estimate_with_date_and_basis(data):
    table = html(render.price_table(data, TODAY))
    assert table.select_one("caption").get_text()
    assert [th.get_text() for th in table.select("thead th")][:2] == ["Country", "Estimate"]
    assert all(th.get("scope") == "col" for th in table.select("thead th"))
    rows = table.select("tbody tr")
    assert len(rows) == len(data.estimates)
    for row, estimate in zip(rows, data.estimates):
        assert row.th.get("scope") == "row"
        assert row.th.get_text() == data.country(estimate.country).name
        price = row.select_one(".price")
        assert price.get_text() == format.money_range(estimate.min, estimate.max, estimate.currency)
        assert price["data-currency"] == estimate.currency
        others = [c for c in data.exchange_rates.currencies if c != estimate.currency]
        assert {a for a in price.attrs if a.startswith("data-in-")} == {f"data-in-{c.lower()}" for c in others}
        for target in others:
            assert price[f"data-in-{target.lower()}"] == render.converted_text(
                data, estimate.min, estimate.max, estimate.currency, target
            )
        assert price.find_next_sibling().get("class") == ["price-converted"]
        assert row.select_one("time")["datetime"] == estimate.as_of.isoformat()
        assert estimate.covers in row.get_text()
    bases = table.select_one("details.estimate-basis").get_text()
    assert all(estimate.basis in bases for estimate in data.estimates), "whose estimate it is, under the table"


def estimate_row(data, estimate_id: str, today: dt.date) -> str:
    """The price table's row for one estimate, as HTML."""
    estimate = data.estimate(estimate_id)
    name = data.country(estimate.country).name
    rows = html(render.price_table(data, today)).select("tbody tr")
    return str(next(row for row in rows if row.th.get_text() == name))


def test_recheck_notice_only_when_old(data):
    first = data.estimates[0]
    fresh_day = first.as_of + dt.timedelta(days=30)
    old_day = format.add_months(first.as_of, 6) + dt.timedelta(days=1)
    assert "being re-checked" not in estimate_row(data, first.id, fresh_day)
    assert "being re-checked" in estimate_row(data, first.id, old_day)


def test_checklist_has_heading_anchor_and_items(data):
    out = str(render.checklist(data, "what-to-bring", heading_level=3))
    assert out.startswith("### What to bring {#what-to-bring}\n\n")
    items = html(out).select("ul.checklist li")
    assert [li.get_text() for li in items] == [i.text for i in data.checklist("what-to-bring").items]


def test_package_table_labels_each_status(data):
    rows = html(render.package_table(data)).select("tbody tr")
    assert len(rows) == len(data.package_items)
    for row, item in zip(rows, data.package_items):
        assert row.select_one("td").get_text() == format.STATUS_LABELS[item.status]


def test_values_from_data_are_escaped(data):
    """Even text that slipped past validation can never become markup."""
    evil = (
        "<script>alert('x')</script> & \"quotes\" [link](javascript:alert(1)) ![i](https://evil.example/i.png) "
        "{: #x onmouseover=alert(1) } *em* `code` <https://evil.example>"
    )
    country = data.countries[0].model_copy(update={"name": evil})
    estimate = data.estimates[0].model_copy(update={"basis": evil, "covers": evil})
    item = data.package_items[0].model_copy(update={"name": evil, "note": evil})
    tampered = data.model_copy(
        update={
            "countries": [country, *data.countries[1:]],
            "estimates": [estimate, *data.estimates[1:]],
            "package_items": [item, *data.package_items[1:]],
        }
    )
    checklist = data.checklists[0].model_copy(update={"title": evil, "intro": evil})
    tampered = tampered.model_copy(update={"checklists": [checklist, *data.checklists[1:]]})
    outputs = (
        render.price_table(tampered, TODAY),
        render.package_table(tampered),
        render.checklist(tampered, checklist.id),
    )
    for markup in outputs:
        # Macro output is read again by Markdown: check what Markdown makes of it, inline and as a block.
        for page in (str(markup), f"Some text {markup} more text", f"!!! note\n\n    {markup}"):
            tree = html(markdown_again(page))
            assert tree.find(["script", "img", "em", "code"]) is None, page
            # the only link is the heading's own permalink
            assert all(
                str(a.get("href", "")).startswith("#") and "headerlink" in a.get_attribute_list("class")
                for a in tree.find_all("a")
            ), page
            assert not [el for el in tree.find_all(True) if any(a.startswith("on") for a in el.attrs)]
            assert "alert(1)" in tree.get_text()  # still there, as text


def markdown_again(text: str) -> str:
    """What MkDocs does with macro output: convert it with the site's Markdown extensions."""
    config = mkdocs_config()
    return markdown.markdown(text, extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


def test_table_cells_name_their_column_for_the_phone_layout(data):
    """On phones each row is shown as a block and every cell shows its column name from data-label."""
    for markup in (render.price_table(data, TODAY), render.package_table(data)):
        table = html(markup)
        headers = [th.get_text() for th in table.select("thead th")]
        for row in table.select("tbody tr"):
            assert row.th["scope"] == "row"
            assert [td["data-label"] for td in row.select("td")] == headers[1:]
