"""The quote message and its links, composed in Python exactly as the page's script composes them."""

import re
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
    body = quote.compose({"therapy": "Interleukin-2 (IL-2)", "name": "Ayşe & Ali"})
    href = quote.mailto_href("info@example.org", body)
    parsed = urlparse(href)
    assert parsed.scheme == "mailto" and parsed.path == "info@example.org"
    fields = parse_qs(parsed.query)
    assert fields["subject"] == [quote.SUBJECT]
    assert fields["body"] == [body.replace("\n", "\r\n")]
    assert " " not in href and "\n" not in href and "&" not in unquote(href.split("&body=")[0].split("?")[0])


def test_whatsapp_link_uses_digits_only():
    href = quote.whatsapp_href("+90 (212) 000 00 00", "Hello & bye")
    assert href == "https://wa.me/902120000000?text=Hello%20%26%20bye"


def test_form_without_contacts_says_to_be_confirmed_and_has_no_dead_links():
    html = BeautifulSoup(str(quote.quote_form({"email": None, "whatsapp": None})), "html.parser")
    assert html.select("a.quote-send") == []
    assert html.get_text().count("to be confirmed") == 2


def test_form_escapes_owner_values():
    html = str(quote.quote_form({"email": 'a"b@example.org', "whatsapp": "1"}))
    assert 'data-email="a&#34;b@example.org"' in html


def test_quote_form_names_therapy_types_not_medicines():
    brands = re.compile(
        r"proleukin|intron|pegasys|besremi|sylatron|roferon|anktiva|lymphir|amtagvi|leukine|"
        r"beromun|actimmune|neupogen|neulasta|aldesleukin|ropeginterferon|peginterferon|lifileucel|"
        r"nogapendekin|denileukin|tasonermin",
        re.IGNORECASE,
    )
    named = [t for t in quote.THERAPIES if brands.search(str(t))]
    assert not named, f"the quote form names medicines, not therapy types: {named}"
