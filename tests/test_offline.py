"""The offline worker the build writes (``cytokine_site/offline.py``, ``sw.js`` at the site root).

- ``extra.offline_pages`` in ``mkdocs.yml`` is checked like the rest of the project: a page that does
  not exist is one line naming the setting, in the build and in ``make check-data``;
- the worker lists each of those pages and every file of the site they load (found here from the built
  pages independently), the search index, and nothing from another host;
- its version is computed from the content: another build with a changed file gets another version.
"""

from __future__ import annotations

import json
import re
import shutil
from urllib.parse import urljoin, urlsplit

import pytest

from cytokine_site import offline, settings
from cytokine_site.macros import bind
from cytokine_site.project import ProjectError, check_checkout
from helpers import ROOT, built_page, page_url, scenario
from pagetext import soup

CONFIG = settings.read_config(ROOT / settings.CONFIG_FILE)[0]
OFFLINE_PAGES = offline.offline_sources(CONFIG.get("extra"), ROOT / "docs")


def worker_data(site) -> dict:
    text = (site / offline.WORKER).read_text(encoding="utf-8")
    found = re.search(r"^var OFFLINE = (\{.*\});$", text, re.MULTILINE)
    assert found, "sw.js does not start with its data line"
    return json.loads(found.group(1))


def test_the_worker_lists_the_pages_and_every_file_they_load(site):
    data = worker_data(site)
    urls = set(data["urls"])
    base = "http://site.test/"
    for source in OFFLINE_PAGES:
        address = page_url(base, source)
        assert (urlsplit(address).path.lstrip("/") or "./") in urls, f"{source} is not kept offline"
        page = soup(built_page(site, source))
        loaded = [str(link["href"]) for link in page.select("link[rel~=stylesheet], link[rel~=icon]")]
        loaded += [str(script["src"]) for script in page.select("script[src]")]
        loaded.append(json.loads(page.select_one("#__config").get_text())["search"])
        assert len(loaded) >= 5
        for href in loaded:
            path = urlsplit(urljoin(address, href)).path.lstrip("/")
            assert path in urls, f"{source} loads {href}, which is not kept offline"
    assert offline.SEARCH_INDEX in urls
    for url in urls:
        assert not urlsplit(url).scheme and not url.startswith(("/", "..")), f"not an address of the site: {url}"
        assert offline.built_file(site, url).is_file(), f"{url} is not in the built site"
    assert re.fullmatch(r"[0-9a-f]{16}", data["version"])


def test_the_version_follows_the_content(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    paths = worker_data(site)["urls"]
    before = offline.version(copy, paths)
    assert before == worker_data(site)["version"]
    css = copy / "assets" / "site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    assert offline.version(copy, paths) != before


@pytest.mark.parametrize(
    ("href", "page", "expected"),
    [
        ("../assets/site.css", "safety/", "assets/site.css"),
        ("assets/x.js", "", "assets/x.js"),
        ("https://cdn.example.org/x.css", "safety/", None),
        ("//cdn.example.org/x.css", "safety/", None),
        ("/repo/assets/x.css", "safety/", "repo/assets/x.css"),
        ("../../../../x.css", "safety/", "x.css"),
    ],
)
def test_site_paths(href, page, expected):
    assert offline.site_path(href, page) == expected


def test_page_files_ignore_links_to_other_pages_and_hosts():
    html = (
        '<link rel="canonical" href="https://example.org/a/"><link rel="next" href="../b/">'
        '<link rel="stylesheet" href="../s.css"><link rel="stylesheet" href="https://fonts.example/f.css">'
        '<script src="../j.js"></script><script id="__config" type="application/json">{"search": "../w.js"}</script>'
    )
    assert offline.page_files(html, "a/") == ["s.css", "j.js", "w.js"]


@pytest.mark.parametrize("bad", ["[no-such-page.md]", "[../mkdocs.yml]", "safety.md"])
def test_a_bad_offline_page_list_is_one_line_in_check_data(tmp_path, bad):
    project = scenario(tmp_path, {"mkdocs.yml": ("  offline_pages:\n", f"  offline_pages: {bad}\n  unused:\n")})
    with pytest.raises(ProjectError) as caught:
        check_checkout(project, bind)
    message = str(caught.value)
    assert "\n" not in message
    assert re.match(r"^mkdocs\.yml:\d+: extra\.offline_pages: ", message), message
