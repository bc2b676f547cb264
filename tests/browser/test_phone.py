"""A reader on a phone (390 x 844) or a small laptop (1366 x 768) can read every page and act from it.

Every page is loaded at both sizes: the next step ends every guide page and the header always offers the
contact link; no permalink mark (¶) sits on a line of its own; warning and note boxes are at body size;
phone tables show no label without a value; the header shows a short title on phones and the full name
elsewhere, never cut off. Then the smaller problems, one test each: prices and their dates with a currency
chosen, the menu at 1366 x 768, the questions page, the quote form and the phone menu. axe-core checks every
page in both colour schemes, with every collapsed section open (tests/browser/test_accessibility.py).
"""

from __future__ import annotations

import re

import pytest

from cytokine_site import next_step
from helpers import ROOT, sources

from .conftest import SETTINGS, page_paths, report
from .probes import BODY_MIN_PX

# The two sizes are those of the pages loaded once for every browser test (conftest.SETTINGS), light scheme.
LOADED = {"phone": "phone-light", "laptop": "desktop-light"}
PHONE, LAPTOP = (next(s for s in SETTINGS if s.name == name) for name in LOADED.values())
SIZES = {"phone": (PHONE.width, PHONE.height), "laptop": (LAPTOP.width, LAPTOP.height)}


@pytest.fixture
def pages(loads, setting) -> dict[str, dict]:
    """{page path: reading facts} of every built page in ``setting`` (read while loading: conftest.py)."""
    return {load.page or "/": load.facts["reading"] for load in loads[setting]}


def guide_paths() -> dict[str, str]:
    """URL path -> source of every guide page (the pages next_step says end with the next step)."""
    out = {}
    for source in sources():
        if next_step.is_guide_page(source):
            stem = source.removesuffix(".md").removesuffix("index")
            out[stem if not stem or stem.endswith("/") else stem + "/"] = source
    return out


@pytest.mark.browser
@pytest.mark.parametrize("setting", LOADED.values())
def test_every_guide_page_ends_with_the_next_step(pages, gzip_server, setting):
    guides = guide_paths()
    assert "costs/" in guides and "costs/packages/" in guides and "quote/" not in guides
    bad = []
    for path, facts in pages.items():
        step = facts["nextStep"]
        if path not in guides:
            if step is not None:
                bad.append(f"{path}: has a next step but is not a guide page")
            continue
        if step is None or not step["visible"]:
            bad.append(f"{path}: no visible next step")
            continue
        hrefs = {link["href"]: link["text"] for link in step["links"]}
        want = {gzip_server + "quote/": next_step.QUOTE_LABEL, gzip_server + "contact/": next_step.CONTACT_LABEL}
        if hrefs != want:
            bad.append(f"{path}: next step links {hrefs}, expected {want}")
        if any(link["height"] < 24 for link in step["links"]):
            bad.append(f"{path}: next step buttons smaller than 24 px: {step['links']}")
        if not step["beforeSources"]:
            bad.append(f"{path}: next step comes after the list of sources")
    assert not bad, report(bad, "pages without a proper next step")


@pytest.mark.browser
@pytest.mark.parametrize("setting", LOADED.values())
def test_header_offers_the_contact_link_and_a_title_that_fits(pages, gzip_server, site, setting):
    bad = []
    for path, facts in pages.items():
        action = facts.get("action")
        if not action or not (action["visible"] and action["inView"]):
            bad.append(f"{path}: no visible contact link in the header ({action})")
        elif action["href"] != gzip_server + "contact/" or action["text"] != next_step.HEADER_LABEL:
            bad.append(f"{path}: header link {action['text']!r} -> {action['href']}")
        elif action["height"] < 24 or action["width"] < 24:
            bad.append(f"{path}: header link is {action['width']:.0f} x {action['height']:.0f} px")
        expected = "short" if setting == PHONE.name else "full"
        if facts["title"] != expected:
            bad.append(f"{path}: header shows the {facts['title']} title, expected the {expected} one")
        if facts["shortTitle"] != "DGS Healthcare":
            bad.append(f"{path}: short title {facts['shortTitle']!r}")
        bad += [f"{path}: header text cut off: {text!r}" for text in facts["cutOff"]]
    assert not bad, report(bad, "header problems")


@pytest.mark.browser
@pytest.mark.parametrize("setting", LOADED.values())
def test_no_permalink_mark_takes_a_line_of_its_own(pages, setting):
    bad = [f"{path}: {text!r}" for path, facts in pages.items() for text in facts["lonePermalinks"]]
    bad += [f"{path}: #{h} mark not focusable" for path, f in pages.items() for h in f["permalinksNotFocusable"]]
    assert not bad, report(bad, "headings with their ¶ on a line of its own")


@pytest.mark.browser
@pytest.mark.parametrize("setting", LOADED.values())
def test_warning_and_note_boxes_are_at_body_size(pages, setting):
    seen = sum(facts["boxes"] for facts in pages.values())
    bad = [f"{path}: {box}" for path, facts in pages.items() for box in facts["smallBoxes"]]
    assert seen and not bad, report(bad, f"box texts under {BODY_MIN_PX} px")


@pytest.mark.browser
@pytest.mark.parametrize("setting", [PHONE.name])
def test_phone_tables_show_no_label_without_a_value(pages, site):
    with_empty_cells = [p for p in page_paths(site) if re.search(r'<td data-label="[^"]*"></td>', _html(site, p))]
    assert with_empty_cells, "no table with an empty cell found: the cost pages have some"
    bad = [f"{path}: {label!r}" for path, facts in pages.items() for label in facts["emptyLabels"]]
    assert not bad, report(bad, "labels shown without a value")


def _html(site, path: str) -> str:
    file = site / path / "index.html"
    return file.read_text(encoding="utf-8") if file.is_file() else ""


# The smaller problems ------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_with_a_currency_chosen_no_blank_line_between_a_price_and_its_date(gzip_server, browser, size):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(gzip_server + "costs/", wait_until="load")
    page.select_option("#currency-choice", index=1)
    gaps = page.evaluate(
        r"""() => [...document.querySelectorAll('.price-table td')].filter((td) => td.querySelector('.as-of'))
          .map((td) => {
            // the lowest figure shown above the date: the converted one, or the common-currency one after it
            const above = [...td.querySelectorAll('.price-converted, .in-common')]
              .map((e) => [...e.getClientRects()].pop()).filter(Boolean).map((r) => r.bottom);
            const date = td.querySelector('.as-of').getClientRects()[0];
            const line = parseFloat(getComputedStyle(td).lineHeight) || 24;
            return { text: td.querySelector('.price-converted').textContent, gap: date.top - Math.max(...above), line };
          })"""
    )
    context.close()
    assert gaps and all(g["text"] for g in gaps), f"no converted figures shown: {gaps}"
    bad = [f"{g['text']}: {g['gap']:.0f} px above the date" for g in gaps if g["gap"] > g["line"] / 2]
    assert not bad, report(bad, "blank lines between a price and its date")


@pytest.mark.browser
@pytest.mark.parametrize("setting", [LAPTOP.name])
def test_the_whole_menu_fits_a_1366_x_768_screen(loads, setting):
    """Material scrolls the menu to the current page; on a 1366 x 768 screen that hid "Home" and the
    "Therapies" heading on pages further down. The menu now fits, so both stay in view on every page."""
    assert (LAPTOP.width, LAPTOP.height) == (1366, 768)
    bad = [f"{l.page or '/'}: no menu shown" for l in loads[setting] if l.facts["menuHidden"] is None]
    bad += [f"{l.page or '/'}: {text!r} is out of view" for l in loads[setting] for text in l.facts["menuHidden"] or []]
    assert not bad, report(bad, "menu items hidden at 1366 x 768")


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_questions_page_matches_its_menu_entry_and_is_a_list_to_scan(gzip_server, browser, size):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(gzip_server + "faq/", wait_until="load")
    facts = page.evaluate(
        r"""() => {
          const block = document.querySelector('article .questions');
          const items = [...block.querySelectorAll('details.question-answer')];
          return {
            h1: document.querySelector('article h1').firstChild.textContent.trim(),
            menu: document.querySelector('.md-nav--primary .md-nav__link--active').textContent.trim(),
            items: items.length,
            open: items.filter((d) => d.open).length,
            questions: items.map((d) => d.querySelector('summary > h3').textContent.trim()),
            answersWithSources: items.filter((d) => d.querySelector('.footnote-ref')).length,
            height: block.getBoundingClientRect().height,
          };
        }"""
    )
    assert facts["h1"] == facts["menu"], f"heading {facts['h1']!r} but menu entry {facts['menu']!r}"
    source = (ROOT / "docs/faq.md").read_text(encoding="utf-8")
    assert facts["items"] == source.count("\n### ") and facts["items"] >= 8, facts
    assert facts["open"] == 0 and facts["answersWithSources"] >= 4, facts
    assert facts["height"] <= 2.5 * height, f"the questions take {facts['height'] / height:.1f} screens"
    # A question opens its answer, with its sources; a reference's back-link opens the answer it points to.
    page.click("summary:has(#how-many-people-high-dose-il-2-helps)")
    assert page.is_visible("details.question-answer[open] .footnote-ref")
    page.goto(gzip_server + "faq/#fnref:allard", wait_until="load")
    assert page.evaluate("document.getElementById('fnref:allard').closest('details').open")
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_quote_form_fields_are_as_wide_as_the_message_and_choices_do_not_wrap(gzip_server, browser, size):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(gzip_server + "quote/", wait_until="load")
    facts = page.evaluate(
        r"""() => {
          const form = document.querySelector('form.quote-form');
          const message = form.querySelector('textarea').getBoundingClientRect().width;
          return {
            message,
            fields: [...form.querySelectorAll('select, input[type=text]')].map((e) => [e.name, e.getBoundingClientRect().width]),
            choices: [...form.querySelectorAll('.quote-radio')].map((l) => {
              const r = document.createRange(); r.selectNodeContents(l.lastChild);
              return [l.textContent.trim(), [...r.getClientRects()].filter((x) => x.width > 0).length];
            }),
          };
        }"""
    )
    context.close()
    bad = [
        f"{name}: {w:.0f} px, message box {facts['message']:.0f} px"
        for name, w in facts["fields"]
        if abs(w - facts["message"]) > 1
    ]
    bad += [f"{text!r} wraps over {lines} lines" for text, lines in facts["choices"] if lines != 1]
    assert facts["fields"] and facts["choices"] and not bad, report(bad, "quote form problems")


@pytest.mark.browser
def test_phone_menu_opens_at_its_top_level(gzip_server, browser):
    context = browser.new_context(viewport=dict(zip(("width", "height"), SIZES["phone"])))
    page = context.new_page()
    page.goto(gzip_server + "therapies/interleukin-2/", wait_until="load")
    page.add_style_tag(content="*,*::before,*::after{transition:none!important}")
    page.click(".md-header label[for=__drawer]")
    shown = r"""(text) => {
      const e = [...document.querySelectorAll('.md-nav--primary .md-nav__link')].find((l) => l.textContent.trim() === text);
      const r = e.getBoundingClientRect();
      const hit = document.elementFromPoint(Math.max(r.left, 0) + 8, (r.top + r.bottom) / 2);
      return r.left >= 0 && r.right <= innerWidth && !!hit && e.contains(hit);
    }"""
    assert page.evaluate(shown, "Home"), "the menu did not open at its top level"
    assert not page.evaluate(shown, "Interferons"), "the menu opened inside the current section"
    page.click(".md-nav--primary label.md-nav__link:has-text('Therapies')")
    assert page.evaluate(shown, "Interferons"), "the Therapies section no longer opens"
    context.close()
