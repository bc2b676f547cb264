"""A reader on a phone (390 x 844) or a small laptop (1366 x 768) can read every page and act from it.

Every page is loaded at both sizes: the next step ends every guide page and the header always offers the
contact link; no permalink mark (¶) sits on a line of its own; warning and note boxes are at body size;
phone tables show no label without a value; the header shows a short title on phones and the full name
elsewhere, never cut off. Then the smaller problems, one test each: prices and their dates with a currency
chosen, the menu at 1366 x 768, the questions page, the quote form and the phone menu. axe-core checks the
new parts in both colour schemes (tests/browser/test_accessibility.py checks every page).
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from cytokine_site import next_step
from helpers import ROOT, sources

from . import probes
from .conftest import AXE_OPTIONS, page_paths, report

SIZES = {"phone": (390, 844), "laptop": (1366, 768)}
BODY_MIN_PX = 15

PAGE_PROBE = r"""
(minSize) => {
  const visible = (e) => e && e.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true });
  const out = { lonePermalinks: [], permalinksNotFocusable: [], smallBoxes: [], emptyLabels: [], cutOff: [] };
  for (const h of document.querySelectorAll('article :is(h1, h2, h3, h4, h5, h6)')) {
    const mark = h.querySelector(':scope > .headerlink');
    if (!mark) continue;
    if (mark.tabIndex < 0 || !visible(mark)) out.permalinksNotFocusable.push(h.id);
    const words = document.createRange();
    words.setStart(h, 0);
    words.setEndBefore(mark);
    const m = mark.getBoundingClientRect(), middle = (m.top + m.bottom) / 2;
    const lines = [...words.getClientRects()].filter((r) => r.width > 0);
    if (!lines.some((r) => r.top <= middle && middle <= r.bottom)) out.lonePermalinks.push(h.textContent.trim());
  }
  const bodySize = parseFloat(getComputedStyle(document.querySelector('article > p') || document.body).fontSize);
  out.boxes = document.querySelectorAll('article .admonition').length;
  for (const box of document.querySelectorAll('article .admonition')) {
    for (const e of box.querySelectorAll(':scope > *')) {
      const size = parseFloat(getComputedStyle(e).fontSize);
      if (size < minSize) out.smallBoxes.push(`${box.className}: ${size} px (body ${bodySize} px)`);
    }
  }
  for (const td of document.querySelectorAll('article td[data-label]')) {
    const label = getComputedStyle(td, '::before').content;
    const shown = label && !['none', 'normal', '""'].includes(label) && td.getBoundingClientRect().height > 0;
    if (shown && !td.textContent.trim()) out.emptyLabels.push(td.getAttribute('data-label'));
  }
  const header = document.querySelector('.md-header');
  for (const e of header.querySelectorAll('.site-header__short, .md-header__topic:first-child .md-ellipsis, .site-header__action')) {
    if (visible(e) && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)) out.cutOff.push(e.textContent.trim());
  }
  const short = header.querySelector('.site-header__short');
  const full = header.querySelector('.md-header__title[data-md-component="header-title"]');
  out.title = visible(short) ? 'short' : visible(full) ? 'full' : 'none';
  out.shortTitle = short ? short.textContent.trim() : null;
  const action = header.querySelector('.site-header__action');
  if (action) {
    const r = action.getBoundingClientRect();
    out.action = { text: action.textContent.trim(), href: action.href, visible: visible(action),
                   inView: r.left >= 0 && r.right <= innerWidth && r.top >= 0 && r.bottom <= header.getBoundingClientRect().bottom,
                   width: r.width, height: r.height };
  }
  const step = document.querySelector('article section.next-step');
  out.nextStep = step ? {
    visible: visible(step),
    links: [...step.querySelectorAll('a.md-button')].map((a) => ({ text: a.textContent.trim(), href: a.href,
      height: a.getBoundingClientRect().height })),
    beforeSources: !document.querySelector('article .footnote') ||
      !!(step.compareDocumentPosition(document.querySelector('article .footnote')) & Node.DOCUMENT_POSITION_FOLLOWING),
  } : null;
  return out;
}
"""


@pytest.fixture(scope="module")
def pages(site, gzip_server, browser) -> dict[str, dict[str, dict]]:
    """{size: {page path: facts}} for every built page, light scheme."""
    out: dict[str, dict[str, dict]] = {}
    for size, (width, height) in SIZES.items():
        context = browser.new_context(viewport={"width": width, "height": height})
        out[size] = {}
        for path in page_paths(site):
            page = context.new_page()
            page.goto(gzip_server + path, wait_until="load")
            page.evaluate(probes.SETTLE)
            out[size][path or "/"] = page.evaluate(PAGE_PROBE, BODY_MIN_PX)
            page.close()
        context.close()
    return out


def guide_paths() -> dict[str, str]:
    """URL path -> source of every guide page (the pages next_step says end with the next step)."""
    out = {}
    for source in sources():
        if next_step.is_guide_page(source):
            stem = source.removesuffix(".md").removesuffix("index")
            out[stem if not stem or stem.endswith("/") else stem + "/"] = source
    return out


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_every_guide_page_ends_with_the_next_step(pages, gzip_server, size):
    guides = guide_paths()
    assert "costs/" in guides and "costs/packages/" in guides and "quote/" not in guides
    bad = []
    for path, facts in pages[size].items():
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
@pytest.mark.parametrize("size", SIZES)
def test_header_offers_the_contact_link_and_a_title_that_fits(pages, gzip_server, site, size):
    bad = []
    for path, facts in pages[size].items():
        action = facts.get("action")
        if not action or not (action["visible"] and action["inView"]):
            bad.append(f"{path}: no visible contact link in the header ({action})")
        elif action["href"] != gzip_server + "contact/" or action["text"] != next_step.HEADER_LABEL:
            bad.append(f"{path}: header link {action['text']!r} -> {action['href']}")
        elif action["height"] < 24 or action["width"] < 24:
            bad.append(f"{path}: header link is {action['width']:.0f} x {action['height']:.0f} px")
        expected = "short" if size == "phone" else "full"
        if facts["title"] != expected:
            bad.append(f"{path}: header shows the {facts['title']} title, expected the {expected} one")
        if facts["shortTitle"] != "DGS Healthcare":
            bad.append(f"{path}: short title {facts['shortTitle']!r}")
        bad += [f"{path}: header text cut off: {text!r}" for text in facts["cutOff"]]
    assert not bad, report(bad, "header problems")


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_no_permalink_mark_takes_a_line_of_its_own(pages, size):
    bad = [f"{path}: {text!r}" for path, facts in pages[size].items() for text in facts["lonePermalinks"]]
    bad += [f"{path}: #{h} mark not focusable" for path, f in pages[size].items() for h in f["permalinksNotFocusable"]]
    assert not bad, report(bad, "headings with their ¶ on a line of its own")


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_warning_and_note_boxes_are_at_body_size(pages, size):
    seen = sum(facts["boxes"] for facts in pages[size].values())
    bad = [f"{path}: {box}" for path, facts in pages[size].items() for box in facts["smallBoxes"]]
    assert seen and not bad, report(bad, f"box texts under {BODY_MIN_PX} px")


@pytest.mark.browser
def test_phone_tables_show_no_label_without_a_value(pages, site):
    with_empty_cells = [p for p in page_paths(site) if re.search(r'<td data-label="[^"]*"></td>', _html(site, p))]
    assert with_empty_cells, "no table with an empty cell found: the cost pages have some"
    bad = [f"{path}: {label!r}" for path, facts in pages["phone"].items() for label in facts["emptyLabels"]]
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
def test_the_whole_menu_fits_a_1366_x_768_screen(site, gzip_server, browser):
    """Material scrolls the menu to the current page; on a 1366 x 768 screen that hid "Home" and the
    "Therapies" heading on pages further down. The menu now fits, so both stay in view on every page."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    bad = []
    for path in page_paths(site):
        page = context.new_page()
        page.goto(gzip_server + path, wait_until="load")
        page.evaluate(probes.SETTLE)
        page.wait_for_timeout(50)
        hidden = page.evaluate(
            r"""() => {
              const wrap = document.querySelector('.md-sidebar--primary .md-sidebar__scrollwrap').getBoundingClientRect();
              const items = [...document.querySelectorAll('.md-nav--primary .md-nav__link')];
              const want = ['Home', 'Therapies'];
              return want.filter((text) => {
                const e = items.find((i) => i.textContent.trim() === text && i.getBoundingClientRect().height > 0);
                if (!e) return true;
                const r = e.getBoundingClientRect();
                return r.top < wrap.top || r.bottom > wrap.bottom;
              });
            }"""
        )
        bad += [f"{path or '/'}: {text!r} is out of view" for text in hidden]
        page.close()
    context.close()
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


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES)
def test_axe_finds_no_violations_in_the_new_parts(gzip_server, browser, size, scheme):
    """The header link, the next step, the open questions, the table and the quote form, in each scheme."""
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    axe, bad = Axe(), []
    for path, step in (("costs/", None), ("faq/", "details.question-answer"), ("quote/", None)):
        page = context.new_page()
        page.goto(gzip_server + path, wait_until="load")
        if step:
            page.evaluate(f"document.querySelectorAll({step!r}).forEach((d) => {{ d.open = true; }})")
        page.evaluate(probes.SETTLE)
        for v in axe.run(page, options=AXE_OPTIONS).response["violations"]:
            bad.append(f"{path}: {v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}")
        page.close()
    context.close()
    assert not bad, report(bad, f"axe-core violations ({size}, {scheme})")
