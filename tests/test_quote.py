"""The quote message and its links, composed once in Python; the page's script only fills in the answers."""

import re
import urllib.parse
from urllib.parse import parse_qs, unquote, urlparse

from bs4 import BeautifulSoup

from cytokine_site import quote


def test_compose_fills_every_field_and_marks_blanks():
    text = quote.compose({"therapy": "Interferon", "country": "Germany"})
    assert "Therapy: Interferon" in text
    assert "Country I live in: Germany" in text
    assert "My name: ..." in text
    assert "Preferred dates: ..." in text


def test_mailto_is_encoded_for_email_apps():
    fields = {"therapy": "Interleukin-2 (IL-2)", "name": "Ayşe & Ali"}
    body = quote.compose(fields)
    href = quote.link("email", "info@example.org", fields)
    parsed = urlparse(href)
    assert parsed.scheme == "mailto" and parsed.path == "info@example.org"
    query = parse_qs(parsed.query)
    assert query["subject"] == [quote.SUBJECT]
    assert query["body"] == [body.replace("\n", "\r\n")]
    assert " " not in href and "\n" not in href and "&" not in unquote(href.split("&body=")[0].split("?")[0])


def test_whatsapp_link_uses_digits_only():
    href = quote.link("whatsapp", "+90 (212) 000 00 00", {"name": "Hello & bye"})
    assert href.startswith("https://wa.me/902120000000?text=Hello%20DGS")
    assert "My%20name%3A%20Hello%20%26%20bye%0A" in href


def test_links_in_the_page_are_templates_filled_as_the_script_fills_them():
    html = BeautifulSoup(str(quote.quote_form({"email": "info@example.org", "whatsapp": "+90 212"})), "html.parser")
    form = html.select_one("form.quote-form")
    assert form["data-template"] == quote.TEMPLATE and form["data-blank"] == quote.BLANK
    for link in html.select("a.quote-send"):
        template = str(link["data-href-template"])
        assert link["href"] == quote.fill(template, {}, lambda value: urllib.parse.quote(value, safe=""))
        # every slot of the message is in the link, and the link has no other braces
        slots = re.findall(r"\{(\w+)\}", template)
        assert slots == re.findall(r"\{(\w+)\}", quote.TEMPLATE)
        assert "{" not in re.sub(r"\{\w+\}", "", template)


def test_form_without_contacts_says_to_be_confirmed_and_has_no_dead_links():
    html = BeautifulSoup(str(quote.quote_form({"email": None, "whatsapp": None})), "html.parser")
    assert html.select("a.quote-send") == []
    assert html.get_text().count("to be confirmed") == 2


def test_form_escapes_owner_values():
    html = BeautifulSoup(str(quote.quote_form({"email": 'a"b@example.org', "whatsapp": "1"})), "html.parser")
    link = html.select_one("a[data-channel=email]")
    assert set(link.attrs) == {"class", "data-channel", "data-href-template", "href"}
    assert link["href"].startswith("mailto:a%22b@example.org?subject=")


def test_quote_form_names_therapy_types_not_medicines():
    brands = re.compile(
        r"proleukin|intron|pegasys|besremi|sylatron|roferon|anktiva|lymphir|amtagvi|leukine|"
        r"beromun|actimmune|neupogen|neulasta|aldesleukin|ropeginterferon|peginterferon|lifileucel|"
        r"nogapendekin|denileukin|tasonermin",
        re.IGNORECASE,
    )
    named = [t for t in quote.THERAPIES if brands.search(str(t))]
    assert not named, f"the quote form names medicines, not therapy types: {named}"
