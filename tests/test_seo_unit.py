"""Search and sharing, the pure parts: the title rule, JSON-LD escaping, text from Markdown, FAQ
questions, ``about`` entries, sitemap dates, robots.txt and the share card (no build needed)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from PIL import Image

from cytokine_site import pages, seo, share_image

BRAND = "DGS Healthcare"
SUBPATH_URL = "https://example.github.io/cytokine-guide/"
# The longest page title that still gets the brand appended.
LONGEST_WITH_BRAND = pages.TITLE_MAX - len(seo.TITLE_SEPARATOR + BRAND)


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
        ("x" * LONGEST_WITH_BRAND, "x" * LONGEST_WITH_BRAND + " - DGS Healthcare"),  # exactly pages.TITLE_MAX
        ("x" * (LONGEST_WITH_BRAND + 1), "x" * (LONGEST_WITH_BRAND + 1)),
    ],
)
def test_html_title_rule(title, expected):
    assert seo.html_title(title, BRAND) == expected


def test_json_ld_cannot_close_its_script_element():
    text = seo.json_ld({"name": "</script><script>alert(1)</script> & <!-- x"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script> & <!-- x"}


def test_faq_answers_keep_words_and_drop_footnotes_and_permalinks():
    html = (
        '<h2 id="s">Section</h2><p>Intro</p>'
        '<h3 id="q1">Q1?<a class="headerlink" href="#q1">&para;</a></h3>'
        '<p>See <a href="costs/">the costs</a> and <strong>bold</strong> <code>code</code>.'
        '<sup id="fnref:2"><a class="footnote-ref" href="#fn:2">2</a></sup></p>'
        '<ol><li>First</li><li><span class="price">US$4,000</span> &amp; more</li></ol>'
        "<h4>Detail</h4><p>Not part of the answer.</p>"
        '<h3>Q2?</h3><p>A2 with <abbr title="Interleukin-2">IL-2</abbr>.</p><pre><code>### not a question</code></pre>'
        '<h3>Q3?</h3><p>Ask <span class="tbc">to be confirmed</span>.</p>'
        '<div class="footnote"><ol><li id="fn:2"><p>A footnote.</p></li></ol></div>'
    )
    assert seo.faq_from_html(html) == [
        ("Q1?", "See the costs and bold code.\nFirst US$4,000 & more"),
        ("Q2?", "A2 with IL-2.\n### not a question"),
    ]


@pytest.mark.parametrize(
    "about, message",
    [
        ("  - type: Hospital\n    name: x\n", "about.0: the type must be one of Drug, MedicalTherapy"),
        ("  - type: Drug\n", "about.0.name: is missing"),
        ("  - type: MedicalTherapy\n    name: x\n    brand: z\n", "about.0.brand: unknown key"),
        ("  - aldesleukin\n", "about.0:"),
    ],
)
def test_about_rejects_what_it_cannot_state(about, message):
    text = (
        '---\ntitle: "A page title"\ndescription: "' + "x" * 80 + '"\nlast_reviewed: 2026-01-01\n'
        "next_review: 2026-06-01\nreviewed_by: Someone\nabout:\n" + about + "---\nBody\n"
    )
    with pytest.raises(pages.PageError, match=re.escape(message)):
        pages.front_matter(text, "docs/x.md")


def test_about_entries_become_schema_org_nodes():
    entries: list[pages.Drug | pages.MedicalTherapy] = [
        pages.Drug(type="Drug", name="aldesleukin", brand="Proleukin"),
        pages.MedicalTherapy(type="MedicalTherapy", name="cytokine therapy", other_names=["a", "b"]),
    ]
    assert seo.about_nodes(entries) == [
        {"@type": "Drug", "name": "aldesleukin", "proprietaryName": "Proleukin"},
        {"@type": "MedicalTherapy", "name": "cytokine therapy", "alternateName": ["a", "b"]},
    ]


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
