"""Checklists and cost pages print cleanly, to take to a clinic or fill in by hand.

Which pages: every page with a checklist or a data table (found in the built HTML, not listed by name).
On paper: no header, navigation, search, sidebars, footer, skip link or back-to-top button; black text
whatever colour scheme the screen uses; checkbox squares visible; the address of each external link
printed after it; tables fit the page. Chromium also prints each page to a PDF of a sane length.
"""

from __future__ import annotations

import re

import pytest

from . import probes
from .conftest import page_paths, report

A4_CSS_PX = (794, 1123)  # 210 x 297 mm at 96 px per inch


def printable(site) -> list[str]:
    """Pages with a checklist or a data table, plus (if none of those has one) the first page with an
    external link, so the rule for printing link addresses is always exercised."""
    out, with_links = [], []
    for path in page_paths(site):
        file = site / path / "index.html"
        if file.is_file():
            html = file.read_text(encoding="utf-8")
            article = html[html.find("<article") : html.find("</article>")]
            has_link = re.search(r'<a [^>]*href="https?://', article) is not None
            if 'class="checklist' in html or 'class="table-scroll' in html:
                out.append(path)
                with_links += [path] if has_link else []
            elif has_link and not with_links:
                with_links.append(path)
    return out + [p for p in with_links[:1] if p not in out]


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.fixture(scope="module")
def printed(site, gzip_server, browser) -> dict[tuple[str, str], dict]:
    paths = printable(site)
    assert any("checklist" in (site / p / "index.html").read_text(encoding="utf-8") for p in paths), (
        "no page with a checklist found"
    )
    assert any("table-scroll" in (site / p / "index.html").read_text(encoding="utf-8") for p in paths), (
        "no page with a data table found"
    )
    out = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": A4_CSS_PX[0], "height": A4_CSS_PX[1]}, color_scheme=scheme)
        page = context.new_page()  # one tab for every page: a new tab per page costs a renderer process each
        for path in paths:
            page.emulate_media(media="screen")
            page.goto(gzip_server + path, wait_until="load")
            page.emulate_media(media="print")
            facts = page.evaluate(probes.PRINT_FACTS)
            facts["scheme"] = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            if scheme == "light":
                pdf = page.pdf(format="A4", margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"})
                facts["pdf"] = {"magic": pdf[:5], "pages": pdf_pages(pdf), "bytes": len(pdf)}
            out[(path, scheme)] = facts
        context.close()
    return out


@pytest.mark.browser
def test_print_shows_only_the_content(printed):
    bad = []
    for (path, scheme), facts in printed.items():
        if facts["shown"]:
            bad.append(f"{path} ({scheme}): printed {sorted(set(facts['shown']))}")
        if facts["contentWidth"] < 0.9 * facts["pageWidth"]:
            bad.append(f"{path} ({scheme}): content uses {facts['contentWidth']:.0f} of {facts['pageWidth']} px")
        if any(overflow > 1 for overflow in facts["tableOverflow"]):
            bad.append(f"{path} ({scheme}): a table is wider than the page ({facts['tableOverflow']})")
    assert not bad, report(bad, "print layout problems")


@pytest.mark.browser
def test_print_is_black_on_white_in_either_colour_scheme(printed):
    schemes = {scheme: facts["scheme"] for (_, scheme), facts in printed.items()}
    assert schemes == {"light": "default", "dark": "slate"}, f"dark scheme not applied before printing: {schemes}"
    bad = [
        f"{path} ({scheme}): text contrast on paper {facts['textContrast']:.1f}:1, headings "
        f"{facts['headingContrast']:.1f}:1"
        for (path, scheme), facts in printed.items()
        if facts["textContrast"] < 12 or facts["headingContrast"] < 7
    ]
    assert not bad, report(bad, "pages that print pale")


@pytest.mark.browser
def test_checklist_boxes_print(printed):
    boxes = 0
    bad = []
    for (path, scheme), facts in printed.items():
        for i, box in enumerate(facts["boxes"]):
            boxes += 1
            if (
                box["content"] in ("none", "normal")
                or box["style"] == "none"
                or box["width"] < 1
                or box["size"] < 8
                or box["contrast"] < 4.5
            ):
                bad.append(f"{path} ({scheme}) item {i + 1}: box {box}")
    assert boxes, "no checklist items printed"
    assert not bad, report(bad[:20], "checklist boxes that would not print")


@pytest.mark.browser
def test_external_links_print_their_address(printed):
    links = 0
    bad = []
    for (path, scheme), facts in printed.items():
        for link in facts["links"]:
            links += 1
            if link["href"] not in link["after"]:
                bad.append(f"{path} ({scheme}): {link['href']} prints without its address ({link['after']})")
    assert links, "no external link found on the printed pages"
    assert not bad, report(bad, "external links without their address on paper")


@pytest.mark.browser
def test_chromium_prints_a_pdf_of_sane_length(printed):
    bad = []
    for (path, scheme), facts in printed.items():
        if scheme != "light":
            continue
        pdf = facts["pdf"]
        # A4 with 11 pt text holds well over 300 words; twice the pages that need means something is wrong
        # (navigation printed, a table split one row per page, ...).
        limit = 1 + facts["words"] // 150
        if pdf["magic"] != b"%PDF-" or not 1 <= pdf["pages"] <= limit:
            bad.append(f"{path}: PDF {pdf} for {facts['words']} words (at most {limit} pages expected)")
    assert not bad, report(bad, "PDF problems")
