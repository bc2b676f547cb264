"""A site built from data that passes every check but is full of characters that would be markup if
handled carelessly: in Chromium, every element of every page is hovered and focused, every
link's address is inspected, and no script runs from the data and no request leaves the host."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from test_hostile_input import CONFIG, TRICKY, tricky_data, yaml_text

from helpers import BUILD_DATE, build, edited, html_pages, scenario, serve

SAFE_SCHEMES = ("http", "https", "mailto", "tel", "")
# A phone link dials digits only (the urgent-help card's numbers, the owner's phone).
SAFE_TEL = re.compile(r"tel:\+?[0-9]+")

EVERY_ELEMENT = """() => {
  const names = ['mouseover', 'mouseenter', 'mousemove', 'focus', 'focusin', 'pointerover'];
  let count = 0;
  for (const el of document.querySelectorAll('body *')) {
    for (const name of names) el.dispatchEvent(new Event(name, {bubbles: true}));
    count += 1;
  }
  return count;
}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile-browser")
    config = edited(CONFIG, "    address: null\n", f"    address: {yaml_text('- ' + TRICKY)}\n")
    project = scenario(tmp / "project", {"data/prices.yml": tricky_data(), "mkdocs.yml": config})
    result = build(project, tmp / "site", {"SITE_BUILD_DATE": BUILD_DATE})
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def test_no_script_runs_and_no_request_leaves_the_host(hostile_site, browser):
    with serve(hostile_site) as base:
        host = urlparse(base).netloc
        context = browser.new_context()
        off_host: list[str] = []

        def route(r):
            if urlparse(r.request.url).netloc != host:
                off_host.append(r.request.url)
                r.abort()
            else:
                r.continue_()

        context.route("**/*", route)
        page = context.new_page()
        dialogs: list[str] = []

        def dialog(shown):
            dialogs.append(shown.message)
            shown.dismiss()

        page.on("dialog", dialog)
        page.add_init_script("window.alert = window.confirm = window.prompt = (m) => { window.__ran = m; };")
        checked = 0
        for path in html_pages(hostile_site):
            url = base + path.relative_to(hostile_site).as_posix()
            page.goto(url, wait_until="load")
            checked += page.evaluate(EVERY_ELEMENT)
            hrefs = page.eval_on_selector_all(
                "[href], [src], [action]",
                """els => els.map(e =>
                e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action'))""",
            )
            for href in hrefs:
                scheme = urlparse(href.strip()).scheme.lower()
                assert scheme in SAFE_SCHEMES, f"{url}: {href}"
                assert scheme != "tel" or SAFE_TEL.fullmatch(href.strip()), f"{url}: {href}"
            assert page.evaluate("window.__ran === undefined"), f"{url}: a script from the data ran"
            handlers = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(e =>
                [...e.attributes].filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))""")
            assert not handlers, f"{url}: {handlers}"
        context.close()
    assert checked > 1000, "every element of every page was reached"
    assert not dialogs, dialogs
    assert not off_host, off_host
