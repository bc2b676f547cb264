"""Currency choice, cost picture, my checklist and the quote request, in headless Chromium.

A scenario copy of the project with contact details set is built once; every check runs at phone and
desktop sizes, records every request, and fails on any request to another host.
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlparse

import pytest
from playwright.sync_api import expect

from cytokine_site import format, quote, render
from cytokine_site.loader import load_prices
from helpers import build, copy_project, edited, serve

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
EMAIL, WHATSAPP = "quotes@example.org", "902120000000"


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("enhancements") / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = edited(text, "    email: null\n", f"    email: {EMAIL}\n")
    text = edited(text, "    whatsapp: null\n", f'    whatsapp: "{WHATSAPP}"\n')
    config.write_text(text, encoding="utf-8")
    out = project / "site"
    result = build(project, out)
    assert result.returncode == 0, result.stderr
    with serve(out) as url:
        yield {"url": url, "site": out, "data": load_prices(project / "data/prices.yml")}


@pytest.fixture(params=list(SIZES))
def page(request, browser, scenario):
    context = browser.new_context(viewport=SIZES[request.param])
    foreign = []
    own = urlparse(scenario["url"]).netloc

    def check(route):
        if urlparse(route.request.url).netloc != own:
            foreign.append(route.request.url)
            return route.abort()
        return route.continue_()

    context.route("**/*", check)
    tab = context.new_page()
    yield tab
    context.close()
    assert not foreign, f"requests to other hosts: {foreign}"


def test_currency_choice_converts_and_survives_reload(page, scenario):
    """Each currency the reader can choose, one after another in the same tab, as a reader changing their mind."""
    data = scenario["data"]
    page.goto(scenario["url"] + "costs/")
    key = render.CURRENCY_STORAGE_KEY
    targets = data.exchange_rates.currencies
    assert len(targets) >= 3, targets
    for target in targets:
        page.select_option("#currency-choice", target)
        spans = page.locator(".price-table .price-converted[data-currency]")
        rows = [e for e in data.estimates if e.currency != target]
        expect(spans).to_have_count(len(rows))
        for span, estimate in zip(spans.all(), rows):
            # the figure the build wrote into the page, shown as it is: "about €3,400 to €8,500"
            assert span.inner_text() == render.converted_text(
                data, estimate.min, estimate.max, estimate.currency, target
            )
            assert span.get_attribute("data-currency") == target
            assert span.is_visible()
        assert page.locator(".currency-note").is_visible()
        note = page.locator(".currency-note").inner_text()
        assert format.long_date(data.exchange_rates.as_of) in note and data.exchange_rates.source in note
        # Native prices stay in the HTML.
        assert page.locator(".price-table .price").first.inner_text() == format.money_range(
            data.estimates[0].min, data.estimates[0].max, data.estimates[0].currency
        )
        page.reload()
        assert page.locator("#currency-choice").input_value() == target
        assert page.evaluate(f"window.localStorage.getItem('{key}')") == target
        assert page.evaluate("document.documentElement.classList.contains('site-currency')")
        expect(page.locator(".price-table .price-converted[data-currency]")).to_have_count(len(rows))
    assert page.evaluate("document.cookie") == ""
    # back to the original currency only: the converted figures go away, and the choice is forgotten
    page.select_option("#currency-choice", "")
    expect(page.locator(".price-converted[data-currency]")).to_have_count(0)
    assert page.evaluate(f"window.localStorage.getItem('{key}')") is None


def test_ticks_survive_reload_and_print(page, scenario):
    page.goto(scenario["url"] + "planning/")
    boxes = page.locator("ul.checklist input[type=checkbox]")
    assert boxes.count() == sum(len(c.items) for c in scenario["data"].checklists)
    boxes.nth(0).check()
    boxes.nth(3).check()
    page.reload()
    boxes = page.locator("ul.checklist input[type=checkbox]")
    assert [boxes.nth(i).is_checked() for i in range(5)] == [True, False, False, True, False]
    assert page.locator("button.print-checklist").count() == 1
    page.emulate_media(media="print")
    assert boxes.nth(0).is_visible() and boxes.nth(0).is_checked()
    assert page.locator(".md-header").is_hidden()
    assert page.locator("button.print-checklist").is_hidden()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_quote_message_is_composed_and_encoded(page, scenario):
    page.goto(scenario["url"] + "quote/")
    page.select_option("#quote-therapy", "Interleukin-2 (IL-2)")
    page.fill("#quote-dates", "March or April 2027")
    page.fill("#quote-country", "Deutschland & Österreich")
    page.check("input[name=contact_by][value=WhatsApp]")
    page.fill("#quote-name", "Ayşe O'Neil")
    fields = {
        "therapy": "Interleukin-2 (IL-2)",
        "dates": "March or April 2027",
        "country": "Deutschland & Österreich",
        "contact_by": "WhatsApp",
        "name": "Ayşe O'Neil",
    }
    body = quote.compose(fields)
    assert page.locator("#quote-preview").input_value() == body
    for channel, address in (("email", EMAIL), ("whatsapp", WHATSAPP)):
        href = page.locator(f"a[data-channel={channel}]").get_attribute("href")
        # the same link as the build composes, up to which characters are percent-encoded
        assert unquote(href) == unquote(quote.link(channel, address, fields))
    mail = page.locator("a[data-channel=email]").get_attribute("href")
    assert parse_qs(urlparse(mail).query)["body"] == [body.replace("\n", "\r\n")]
    wa = page.locator("a[data-channel=whatsapp]").get_attribute("href")
    assert parse_qs(urlparse(wa).query)["text"] == [body]


def test_basic_forms_work_without_javascript(browser, scenario):
    context = browser.new_context(java_script_enabled=False, viewport=SIZES["phone"])
    tab = context.new_page()
    data = scenario["data"]
    tab.goto(scenario["url"] + "costs/")
    assert tab.locator(".price-table .price").count() == len(data.estimates)
    assert tab.locator("#currency-choice").is_hidden()
    assert tab.locator("button.print-checklist").count() == 0 or tab.locator("button.print-checklist").is_hidden()
    assert tab.locator(".price-table .in-common").count() == sum(e.currency != "USD" for e in data.estimates)
    tab.goto(scenario["url"] + "planning/")
    assert tab.locator("ul.checklist li").count() == sum(len(c.items) for c in data.checklists)
    tab.goto(scenario["url"] + "quote/")
    assert tab.locator("a[data-channel=email]").get_attribute("href") == quote.link("email", EMAIL, {})
    assert tab.locator("a[data-channel=whatsapp]").get_attribute("href") == quote.link("whatsapp", WHATSAPP, {})
    context.close()
