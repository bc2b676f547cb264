"""The alert card: filled in on the page, printed to one A4 page as a folded wallet card, nothing sent.

Chromium fills every field, ticks one medicine, prints to PDF (the print dialog's "Save as PDF" makes
the same file) and the PDF text is read back: the typed values and that medicine's fixed warnings are
on the one page, the other medicines' warnings and the sources are not. Every request of the visit
goes to the local server. Without JavaScript the card still prints, with blank lines to write on.
Typed values stay in the browser only while "Remember on this device" is ticked.
"""

from __future__ import annotations

import io
import unicodedata
from urllib.parse import urlparse

import pytest
from pypdf import PdfReader

from cytokine_site import alertcard, model
from cytokine_site.loader import load_prices
from helpers import DATA_FILE, ROOT, TODAY

CARD = load_prices(ROOT / DATA_FILE, today=TODAY).alert_card
PAGE = "alert-card/"
A4 = {"format": "A4", "margin": {"top": "10mm", "bottom": "10mm", "left": "10mm", "right": "10mm"}}
TYPED = {
    "name": "Ayşe Yılmaz",
    "dates": "4 to 16 May 2026",
    "doses": "11 of 14 doses, then 9 of 14",
    "hospital": "Example University Hospital, Istanbul",
    "hospital-phone": "+90 212 555 0100",
    "home-doctor": "Dr Jane Smith, 020 7946 0000",
}
FIELDS = {field.id: field for _, fields in alertcard.PANELS for field in fields}


def pdf_text(pdf: bytes) -> tuple[int, str]:
    """(pages, text with ligatures and line breaks flattened, as a reader would see it)."""
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(unicodedata.normalize("NFKC", text).split())


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context
    context.close()


def test_the_typed_values_are_the_cards_fields():
    assert set(TYPED) == set(FIELDS), "fill every field the card has"
    for key, value in TYPED.items():
        assert len(value) <= FIELDS[key].max_length


@pytest.mark.browser
def test_filled_card_prints_on_one_page_and_nothing_is_sent(context, server):
    own = urlparse(server).netloc
    requests = []

    def record(request):
        requests.append(request)

    context.on("request", record)
    page = context.new_page()
    page.goto(server + PAGE, wait_until="networkidle")
    for key, value in TYPED.items():
        page.fill(f"#{model.ALERT_CARD_ID}-{key}", value)
    chosen, others = CARD.medicines[0], CARD.medicines[1:]
    page.check(f"#{alertcard.medicine_id(chosen)}")
    page.locator("body").click(position={"x": 1, "y": 1})  # nothing focused on paper
    pages, text = pdf_text(page.pdf(**A4))

    assert pages == 1, f"the card printed on {pages} pages"
    for value in TYPED.values():
        assert value in text, f"typed value {value!r} is not on the printed card"
    assert words(CARD.title) in text and words(CARD.statement) in text
    assert words(chosen.name) in text
    for warning in chosen.warnings:
        assert words(warning.text) in text, f"warning {warning.id!r} is not on the printed card"
    for other in others:
        assert words(other.warnings[0].text) not in text, f"{other.id} was not ticked but is printed"
    for ref in CARD.references:
        assert ref.url not in text and words(ref.title) not in text, "sources belong on the page, not the card"

    page.wait_for_timeout(300)  # anything sent after typing would have started by now
    assert requests, "no request recorded"
    foreign = [r.url for r in requests if urlparse(r.url).scheme in ("http", "https") and urlparse(r.url).netloc != own]
    assert not foreign, f"requests to other hosts: {foreign}"
    sent = [f"{r.method} {r.url}" for r in requests if r.method != "GET" or any(v in r.url for v in TYPED.values())]
    assert not sent, f"the page sent something: {sent}"


@pytest.mark.browser
def test_every_medicine_fits_its_panel_and_all_are_printed_when_none_is_ticked(context, server):
    page = context.new_page()
    page.goto(server + PAGE, wait_until="load")
    page.emulate_media(media="print")
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('.alert-card__panel')]
             .filter(p => p.scrollHeight > p.clientHeight + 1 || p.scrollWidth > p.clientWidth + 1)
             .map(p => p.textContent.trim().slice(0, 60))"""
    )
    assert not overflowing, f"panels whose text does not fit the card: {overflowing}"
    size = page.evaluate(
        "() => { const r = document.querySelector('.alert-card__panel').getBoundingClientRect();"
        " return [r.width, r.height]; }"
    )
    mm = 96 / 25.4
    assert abs(size[0] - 85.6 * mm) < 1 and abs(size[1] - 54 * mm) < 1, f"a panel is {size} px, not 85.6 x 54 mm"
    pages, text = pdf_text(page.pdf(**A4))
    assert pages == 1
    for medicine in CARD.medicines:
        for warning in medicine.warnings:
            assert words(warning.text) in text, f"{medicine.id}/{warning.id} is not printed"


@pytest.mark.browser
def test_without_javascript_the_card_prints_with_blank_lines(browser, server):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server + PAGE, wait_until="load")
        assert not page.locator(".alert-card__tools").is_visible(), "script-only buttons shown without scripts"
        page.emulate_media(media="print")
        lines = page.evaluate(
            """() => [...document.querySelectorAll('.alert-card__field input')].map(i => {
                 const s = getComputedStyle(i); return [s.borderBottomStyle, i.getBoundingClientRect().height]; })"""
        )
        assert len(lines) == len(FIELDS)
        assert all(style == "solid" and height > 10 for style, height in lines), lines
        pages, text = pdf_text(page.pdf(**A4))
        assert pages == 1
        assert words(CARD.medicines[-1].warnings[0].text) in text
    finally:
        context.close()


@pytest.mark.browser
def test_values_are_kept_only_when_the_reader_asks(context, server):
    page = context.new_page()
    key = f"#{model.ALERT_CARD_ID}-name"
    medicine = f"#{alertcard.medicine_id(CARD.medicines[1])}"
    stored = f"() => window.localStorage.getItem({alertcard.STORE_KEY!r})"
    page.goto(server + PAGE, wait_until="load")
    page.fill(key, TYPED["name"])
    page.reload(wait_until="load")
    assert page.input_value(key) == "" and page.evaluate(stored) is None, "kept without being asked"

    page.fill(key, TYPED["name"])
    page.check(medicine)
    page.check(f"#{model.ALERT_CARD_ID}-remember")
    page.reload(wait_until="load")
    assert page.input_value(key) == TYPED["name"] and page.is_checked(medicine)
    assert page.is_checked(f"#{model.ALERT_CARD_ID}-remember")

    page.uncheck(f"#{model.ALERT_CARD_ID}-remember")
    assert page.evaluate(stored) is None, "unticking 'remember' must delete what was kept"
    page.check(f"#{model.ALERT_CARD_ID}-remember")
    assert TYPED["name"] in page.evaluate(stored)
    page.click(".alert-card__forget")
    assert page.evaluate(stored) is None and page.input_value(key) == "" and not page.is_checked(medicine)
    page.reload(wait_until="load")
    assert page.input_value(key) == ""
