"""Search and sharing, the pure parts: the title rule, JSON-LD escaping, text from Markdown, FAQ
questions, ``about`` entries, sitemap dates, robots.txt and the share card (no build needed)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from PIL import Image

from cytokine_site import seo, share_image

BRAND = "DGS Healthcare"
SUBPATH_URL = "https://example.github.io/cytokine-guide/"
# The longest page title that still gets the brand appended.
LONGEST_WITH_BRAND = seo.TITLE_MAX - len(seo.TITLE_SEPARATOR + BRAND)


def test_share_card_uses_the_debian_font_and_stays_small():
    assert share_image.font_file(bold=True), (
        "DejaVu Sans is missing: install fonts-dejavu-core (Debian/Ubuntu; `.ci/run` installs it)"
    )
    data = share_image.render_card("A very long page title " * 6, "Site name", "example.org/guide")
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (1200, 630)
    assert len(data) < 100_000


# Pure builders ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "title, expected",
    [
        ("What cytokine therapy packages include", "What cytokine therapy packages include - DGS Healthcare"),
        (
            "Interleukin-2 (aldesleukin) for kidney cancer and melanoma",
            "Interleukin-2 (aldesleukin) for kidney cancer and melanoma",
        ),
        ("About this guide and DGS Healthcare", "About this guide and DGS Healthcare"),
        ("x" * LONGEST_WITH_BRAND, "x" * LONGEST_WITH_BRAND + " - DGS Healthcare"),  # exactly seo.TITLE_MAX
        ("x" * (LONGEST_WITH_BRAND + 1), "x" * (LONGEST_WITH_BRAND + 1)),
    ],
)
def test_html_title_rule(title, expected):
    assert seo.html_title(title, BRAND) == expected


def test_json_ld_cannot_close_its_script_element():
    text = seo.json_ld({"name": "</script><script>alert(1)</script> & <!-- x"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script> & <!-- x"}


def test_markdown_to_text_keeps_words_and_drops_markup():
    text = seo.markdown_to_text(
        "See [the costs](costs/index.md) and **bold** `code`.[^2] {: .note }\n\n*[IL-2]: Interleukin-2\n"
        '1. First\n2. <span class="price">US$4,000</span> &amp; more'
    )
    assert text == "See the costs and bold code.\nFirst US$4,000 & more"


def test_faq_ignores_headings_inside_code_and_other_levels():
    markdown = "## Section\n\nIntro\n\n### Q1?\n\nA1.\n\n```\n### not a question\n```\n\n#### Detail\n\nMore.\n\n### Q2?\n\nA2."
    assert seo.faq_from_markdown(markdown) == [("Q1?", "A1.\n### not a question"), ("Q2?", "A2.")]


@pytest.mark.parametrize(
    "value, message",
    [
        ({"type": "Hospital", "name": "x"}, "type 'Hospital' is not supported"),
        ({"type": "Drug"}, "each Drug needs a name"),
        ({"type": "MedicalTherapy", "name": "x", "brand": "y"}, "MedicalTherapy does not take brand"),
        ("aldesleukin", "each entry needs 'type' and 'name'"),
    ],
)
def test_about_rejects_what_it_cannot_state(value, message):
    with pytest.raises(seo.SeoError, match=re.escape(message)):
        seo.parse_about(value)


def test_lastmod_and_placeholders():
    assert seo.lastmod(dt.date(2026, 1, 1), [dt.date(2026, 3, 1)]) == dt.date(2026, 3, 1)
    assert seo.lastmod(dt.date(2026, 1, 1), [dt.date(2025, 3, 1)]) == dt.date(2026, 1, 1)
    assert seo.lastmod(None) is None
    assert seo.confirmed("Medical reviewer (to be confirmed)") is None
    assert seo.confirmed("  Dr A  Example ") == "Dr A Example"
    assert seo.share_image_path("") == "assets/social/index.png"
    assert seo.share_image_path("costs/packages/") == "assets/social/costs/packages.png"
    assert seo.share_image_path("costs/packages.html") == "assets/social/costs/packages.png"
    assert seo.robots_txt(SUBPATH_URL).endswith("Sitemap: https://example.github.io/cytokine-guide/sitemap.xml\n")
