"""WCAG 2.2 AA on every page, at phone and desktop size, in the light and the dark colour scheme.

axe-core finds no violation (best-practice rules included); the keyboard reaches every control with a visible,
uncovered focus ring; the skip link comes first and works; tap targets are at least 24 x 24 CSS px; and every
data table has a caption, column headers and row headers.
"""

from __future__ import annotations

import pytest

from .conftest import SETTINGS, report

SETTING_NAMES = [s.name for s in SETTINGS]
# The Tab walk is the slowest check: it runs in one setting per layout, covering both colour schemes.
KEYBOARD_SETTINGS = [s.name for s in SETTINGS if s.keyboard]


@pytest.mark.browser
@pytest.mark.parametrize("setting", SETTING_NAMES)
def test_every_page_loads(loads, setting):
    bad = [
        f"{l.page or '/'}: HTTP {l.status}"
        for l in loads[setting]
        if l.status != (404 if l.page.startswith("no-such-page") else 200)
    ]
    assert not bad, report(bad, "pages did not load as expected")


@pytest.mark.browser
@pytest.mark.parametrize("setting", SETTING_NAMES)
def test_colour_scheme_is_really_applied(loads, setting):
    """The dark scheme is Material's slate palette (dark background, light text); light is the reverse."""
    dark = setting.endswith("dark")
    bad = []
    for load in loads[setting]:
        facts = load.facts
        expected = "slate" if dark else "default"
        if facts["scheme"] != expected:
            bad.append(f"{load.page or '/'}: data-md-color-scheme={facts['scheme']!r}, expected {expected!r}")
        elif dark and not (facts["backgroundLuminance"] < 0.05 and facts["textLuminance"] > 0.5):
            bad.append(f"{load.page or '/'}: not dark (background {facts['backgroundLuminance']:.2f})")
        elif not dark and not (facts["backgroundLuminance"] > 0.9 and facts["textLuminance"] < 0.1):
            bad.append(f"{load.page or '/'}: not light (background {facts['backgroundLuminance']:.2f})")
    assert not bad, report(bad, "pages in the wrong colour scheme")


@pytest.mark.browser
@pytest.mark.parametrize("setting", SETTING_NAMES)
def test_axe_finds_no_violations(loads, setting):
    bad = [
        f"{l.page or '/'}: {v['id']} ({v['impact']}): {v['help']} -> "
        f"{[n['target'] for n in v['nodes']][:4]} {v['nodes'][0].get('failureSummary', '')[:300]!r}"
        for l in loads[setting]
        for v in l.violations
    ]
    assert not bad, report(bad, "axe-core violations")


@pytest.mark.browser
@pytest.mark.parametrize("setting", KEYBOARD_SETTINGS)
def test_keyboard_reaches_every_control_with_a_visible_focus_ring(loads, setting):
    """Tab from the top to the end of each page: every focusable element is reached, and at each stop the
    element is on screen, not covered by another element, and drawn with a ring of at least 2 px that it
    does not have without focus, contrasting at least 3:1 with the background behind it."""
    bad = []
    for load in loads[setting]:
        page = load.page or "/"
        steps = [s for s in load.focus_steps if not s.get("done")]
        assert load.focus_steps and load.focus_steps[-1].get("done"), f"{page}: Tab never left the page"
        reached = {s["id"] for s in steps if s.get("id") is not None}
        missing = load.focusable - len(reached)
        if missing:
            bad.append(f"{page}: {missing} of {load.focusable} focusable elements never receive keyboard focus")
        for i, step in enumerate(steps):
            where = f"{page}: stop {i} {step['desc']}"
            if not step["onScreen"]:
                bad.append(f"{where} is focused off screen")
                continue
            if step["covered"]:
                bad.append(f"{where} is covered by {step['coveredBy']}")
            if step["opacity"] < 0.99:
                bad.append(f"{where} is transparent (opacity {step['opacity']:.2f})")
            ring = step["focused"]
            after = load.focus_steps[i + 1].get("prevUnfocused") if i + 1 < len(load.focus_steps) else None
            visible_change = ring["outline"] >= 2 and (
                after is None or after["outline"] < ring["outline"] or after["outlineColor"] != ring["outlineColor"]
            )
            shadow_change = ring["shadow"] != "none" and (after is None or after["shadow"] != ring["shadow"])
            if not (visible_change or shadow_change):
                bad.append(f"{where} shows no focus ring ({ring}, unfocused {after})")
            elif visible_change and step["ringContrast"] < 3:
                bad.append(f"{where} focus ring contrast {step['ringContrast']:.2f}:1 (needs 3:1)")
    assert not bad, report(bad, "keyboard focus problems")


@pytest.mark.browser
@pytest.mark.parametrize("setting", KEYBOARD_SETTINGS)
def test_skip_link_is_first_and_moves_focus_to_the_content(loads, setting):
    """Material's "Skip to content" link is the first Tab stop and leads past header and navigation.
    Pages without one (Material adds it only to pages with headings: the 404 page) must still offer a
    main landmark, the other way WCAG 2.4.1 allows to bypass the navigation."""
    bad = []
    for load in loads[setting]:
        page = load.page or "/"
        first = next((s for s in load.focus_steps if not s.get("done")), None)
        if load.skip is None:
            if not page.startswith("no-such-page"):
                bad.append(f"{page}: no skip link as first Tab stop (first is {first and first['desc']})")
            elif not load.facts["hasMain"]:
                bad.append(f"{page}: neither a skip link nor a main landmark")
            continue
        skip = load.skip
        if not first or not first["isSkip"]:
            bad.append(f"{page}: first Tab stop is {first and first['desc']}, not the skip link")
        if not skip["exists"] or not skip["inMain"]:
            bad.append(f"{page}: skip link target {skip['href']} is missing or outside <main>")
            continue
        if skip["hash"] != skip["href"]:
            bad.append(f"{page}: Enter on the skip link did not follow it (hash {skip['hash']!r})")
        if not 0 <= skip["targetTop"] < skip["viewportHeight"]:
            bad.append(f"{page}: skip link target not scrolled into view (top {skip['targetTop']:.0f}px)")
        if not skip["nextFocusAfterTarget"] or skip["nextFocusInHeaderOrNav"]:
            bad.append(f"{page}: Tab after the skip link does not continue in the content")
    assert not bad, report(bad, "skip link problems")


@pytest.mark.browser
@pytest.mark.parametrize("setting", SETTING_NAMES)
def test_tap_targets_are_at_least_24px(loads, setting):
    bad = [f"{l.page or '/'}: {t}" for l in loads[setting] for t in l.small_targets]
    assert not bad, report(bad, "tap targets smaller than 24 x 24 CSS px (WCAG 2.5.8)")


@pytest.mark.browser
@pytest.mark.parametrize("setting", SETTING_NAMES)
def test_tables_have_captions_and_header_cells(loads, setting):
    """Price and package tables read sensibly with a screen reader: a caption names the table, every column
    has a th scope=col, every row starts with a th scope=row, and a wide table sits in a named, focusable
    region so it can be scrolled with the keyboard."""
    bad, seen = [], 0
    for load in loads[setting]:
        page = f"{load.page or '/'} ({load.setting.name})"
        for n, table in enumerate(load.tables):
            seen += 1
            where = f"{page} table {n + 1} ({table['caption'][:40]!r})"
            if not table["caption"]:
                bad.append(f"{where}: no caption")
            if not table["columns"] or any(scope != "col" for scope in table["columns"]):
                bad.append(f"{where}: column headers {table['columns']} (each needs th scope=col)")
            for r, row in enumerate(table["rows"]):
                if row["first"] != "TH:row":
                    bad.append(f"{where} row {r + 1}: starts with {row['first']}, not th scope=row")
                if row["cells"] != len(table["columns"]):
                    bad.append(f"{where} row {r + 1}: {row['cells']} cells for {len(table['columns'])} columns")
            region = table["region"]
            if region is None:
                bad.append(f"{where}: not inside a .table-scroll region")
            elif region["overflows"] and not (
                region["role"] == "region" and region["label"] and region["tabIndex"] == 0
            ):
                bad.append(f"{where}: scrolls sideways but its box is not a named, focusable region ({region})")
    assert seen, "no data tables found: the cost pages should have some"
    assert not bad, report(bad, "table problems")
