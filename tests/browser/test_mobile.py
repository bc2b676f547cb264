"""Small phones: nothing scrolls sideways at 320 CSS px, and the data tables stay readable and stay tables.

320 px is the width WCAG 1.4.10 (Reflow) uses; it is also what a 1280 px screen shows at 400 % zoom.
"""

from __future__ import annotations

import pytest

from . import probes
from .conftest import page_paths, report

WIDTH = 320

# Tables a reader can see (one inside a closed <details> is not laid out until it is opened).
TABLE_BOXES = r"""
() => [...document.querySelectorAll('.table-scroll')].filter((box) => box.checkVisibility()).map((box) => {
  const b = box.getBoundingClientRect();
  const c = box.querySelector('caption');
  const cr = c ? c.getBoundingClientRect() : null;
  return { label: box.getAttribute('aria-label'), role: box.getAttribute('role'), tabIndex: box.tabIndex,
           overflows: box.scrollWidth > box.clientWidth + 1,
           captionInside: !!cr && cr.left >= b.left - 1 && cr.right <= b.right + 1 };
})
"""


def _ax_tables(page) -> list[dict]:
    """Tables as Chromium's accessibility tree exposes them to screen readers."""
    cdp = page.context.new_cdp_session(page)
    nodes = {n["nodeId"]: n for n in cdp.send("Accessibility.getFullAXTree")["nodes"]}
    cdp.detach()

    def role(n):
        return (n.get("role") or {}).get("value")

    def under(n):
        for child in n.get("childIds", []):
            if child in nodes:
                yield nodes[child]
                yield from under(nodes[child])

    tables = []
    for node in nodes.values():
        if role(node) == "table" and not node.get("ignored"):
            roles = [role(d) for d in under(node) if not d.get("ignored")]
            tables.append(
                {
                    "name": (node.get("name") or {}).get("value", ""),
                    **{r: roles.count(r) for r in ("row", "columnheader", "rowheader", "cell")},
                }
            )
    return tables


@pytest.fixture(scope="module")
def narrow(site, gzip_server, browser) -> dict[str, dict]:
    out = {}
    context = browser.new_context(viewport={"width": WIDTH, "height": 640})
    page = context.new_page()  # one tab for every page: a new tab per page costs a renderer process each
    for path in page_paths(site):
        page.goto(gzip_server + path, wait_until="load")
        page.evaluate(probes.SETTLE)
        facts = {"overflow": page.evaluate(probes.OVERFLOW), "boxes": page.evaluate(TABLE_BOXES)}
        if facts["boxes"]:
            facts["ax"] = _ax_tables(page)
        out[path or "/"] = facts
    context.close()
    return out


@pytest.mark.browser
def test_no_page_scrolls_sideways_at_320px(narrow):
    bad = []
    for page, facts in narrow.items():
        o = facts["overflow"]
        if o["scrollWidth"] > WIDTH or o["bodyScrollWidth"] > WIDTH:
            bad.append(f"{page}: scroll width {o['scrollWidth']} px (body {o['bodyScrollWidth']} px)")
        if o["sticksOut"]:
            bad.append(f"{page}: cut off at the right edge: {o['sticksOut']}")
    assert not bad, report(bad, "pages wider than 320 px")


@pytest.mark.browser
def test_tables_fit_or_scroll_inside_a_focusable_named_box(narrow):
    bad, seen = [], 0
    for page, facts in narrow.items():
        for box in facts["boxes"]:
            seen += 1
            if box["overflows"] and not (box["role"] == "region" and box["label"] and box["tabIndex"] == 0):
                bad.append(f"{page}: table {box['label']!r} scrolls sideways in a box keyboards cannot reach")
            if not box["captionInside"]:
                bad.append(f"{page}: caption of {box['label']!r} is cut off")
    assert seen, "no data tables found: the cost pages should have some"
    assert not bad, report(bad, "table layout problems at 320 px")


@pytest.mark.browser
def test_tables_are_still_tables_for_screen_readers_on_phones(narrow):
    """The phone layout restyles table cells as blocks; Chromium must still expose a named table with
    column headers, row headers and cells."""
    bad, seen = [], 0
    for page, facts in narrow.items():
        if not facts["boxes"]:
            continue
        names = {box["label"] for box in facts["boxes"]}
        exposed = {t["name"]: t for t in facts["ax"]}
        for name in names:
            seen += 1
            table = exposed.get(name)
            if table is None:
                bad.append(f"{page}: no table named {name!r} in the accessibility tree (found {list(exposed)})")
            elif not (table["columnheader"] >= 2 and table["rowheader"] >= 1 and table["cell"] >= table["rowheader"]):
                bad.append(f"{page}: table {name!r} exposed as {table}")
    assert seen
    assert not bad, report(bad, "tables that lost their structure on phones")
