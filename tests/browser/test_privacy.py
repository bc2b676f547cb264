"""Nobody but the site learns that someone reads about cancer treatment.

Every page, in every viewport and colour scheme, is loaded with all requests recorded; any request to another
host is blocked by the test and fails it. No cookie is set, nothing is written to ``document.cookie``, and the
console shows no error.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from .conftest import SETTINGS, report

SETTING_NAMES = [s.name for s in SETTINGS]


@pytest.mark.browser
@pytest.mark.parametrize("setting", SETTING_NAMES)
def test_no_request_leaves_the_site(loads, setting, gzip_server):
    own = urlparse(gzip_server).netloc
    bad = []
    for load in loads[setting]:
        assert load.requests, f"{load.page}: no request recorded at all"
        foreign = [u for u in load.requests if urlparse(u).scheme not in ("data", "blob") and urlparse(u).netloc != own]
        bad += [f"{load.page or '/'}: {url}" for url in sorted(set(foreign) | set(load.blocked))]
    assert not bad, report(bad, "requests to other hosts (blocked by the test)")


@pytest.mark.browser
@pytest.mark.parametrize("setting", SETTING_NAMES)
def test_every_resource_of_the_site_loads(loads, setting):
    bad = [f"{l.page or '/'}: {problem}" for l in loads[setting] for problem in l.bad_status + l.failed]
    assert not bad, report(bad, "resources that failed to load")


@pytest.mark.browser
@pytest.mark.parametrize("setting", SETTING_NAMES)
def test_no_cookies_and_no_console_errors(loads, setting):
    bad = []
    for load in loads[setting]:
        page = load.page or "/"
        bad += [f"{page}: cookie set: {c['name']} for {c['domain']}" for c in load.cookies]
        bad += [f"{page}: script wrote a cookie: {w}" for w in load.facts["cookieWrites"]]
        if load.facts["documentCookie"]:
            bad.append(f"{page}: document.cookie is {load.facts['documentCookie']!r}")
        bad += [f"{page}: console error: {e}" for e in load.console_errors]
    assert not bad, report(bad, "cookies or console errors")


@pytest.mark.browser
def test_the_privacy_checks_can_see_a_leak(browser, tmp_path):
    """The recorder and blocker catch a third-party request, a cookie write and a console error."""
    from axe_playwright_python.sync_playwright import Axe

    from .conftest import Setting, load_page, load_serve_site

    (tmp_path / "index.html").write_text(
        "<!doctype html><html lang=en><title>x</title><main><h1>x</h1>"
        "<img src='https://tracker.invalid/pixel.gif' alt=''>"
        "<script>document.cookie='seen=1'; console.error('boom')</script></main>",
        encoding="utf-8",
    )
    httpd = load_serve_site().start(tmp_path)
    try:
        load = load_page(
            browser,
            f"http://127.0.0.1:{httpd.server_address[1]}/",
            "",
            Setting("check", 390, 844, "light", keyboard=False),
            Axe(),
        )
    finally:
        httpd.shutdown()
    assert load.blocked == ["https://tracker.invalid/pixel.gif"]
    assert load.facts["cookieWrites"] == ["seen=1"]
    assert any(e.startswith("boom") for e in load.console_errors), load.console_errors
