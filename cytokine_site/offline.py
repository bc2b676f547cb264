"""Key pages that open offline after one visit: the service worker the build writes, ``sw.js``.

The pages are listed once, in ``mkdocs.yml`` under ``extra.offline_pages`` (page sources such as
``safety.md``). After each build, :func:`write_worker` reads those pages as built, collects the files
they load (the theme's and the site's stylesheets, scripts and icon, the search worker) and the search
index, and writes ``sw.js`` at the site root (its scope is then the whole site, under any sub-path):
one line of data, the address list and a version computed from the content of every listed file,
followed by the worker's code (``offline_worker.js``). A build that changes any listed file has a new
version, and the worker then replaces the old cache. Only addresses of the site itself are listed:
nothing from another host is ever cached. ``assets/site.js`` registers the worker.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from .text import shown

WORKER = "sw.js"
SETTING = ("extra", "offline_pages")
SEARCH_INDEX = "search/search_index.json"
_CODE = Path(__file__).with_name("offline_worker.js")
_FILES_RELS = {"icon", "stylesheet", "manifest", "apple-touch-icon", "preload", "modulepreload"}
_ORIGIN = "https://site.invalid/"


class OfflineError(ValueError):
    """``extra.offline_pages`` in ``mkdocs.yml`` is not a list of the site's pages (one line for the build)."""


def offline_sources(extra: Mapping[str, Any] | None, docs_dir: Path, line: int | None = None) -> list[str]:
    """The page sources listed in ``extra.offline_pages``, each checked to be a page in ``docs_dir``."""
    where = f"mkdocs.yml:{line or 1}: extra.offline_pages"
    pages = (extra or {}).get("offline_pages")
    if pages is None:
        return []
    if not isinstance(pages, list) or not all(isinstance(p, str) for p in pages):
        raise OfflineError(f"{where}: must be a list of page files, like [safety.md, contact.md]")
    for page in pages:
        path = docs_dir / page
        if not page.endswith(".md") or ".." in Path(page).parts or not path.is_file():
            raise OfflineError(f"{where}: '{shown(page)}' is not a page in docs/; use a file name like safety.md")
    return list(dict.fromkeys(pages))


class _Links(HTMLParser):
    """The files a built page loads: stylesheets, icons, scripts, images and the theme's search worker."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and _FILES_RELS & set((a.get("rel") or "").lower().split()) and a.get("href"):
            self.found.append(a["href"] or "")
        elif tag in ("script", "img") and a.get("src"):
            self.found.append(a["src"] or "")
        self._config = tag == "script" and a.get("id") == "__config"

    def handle_data(self, data: str) -> None:
        if self._config:
            worker = json.loads(data).get("search")
            if isinstance(worker, str):
                self.found.append(worker)
            self._config = False


def site_path(href: str, page_url: str) -> str | None:
    """``href`` on the page at ``page_url`` as a path from the site root, or None if it leaves the site."""
    target = urlsplit(urljoin(_ORIGIN + page_url, href))
    if f"{target.scheme}://{target.netloc}/" != _ORIGIN:
        return None
    return target.path.lstrip("/")


def page_files(html: str, page_url: str) -> list[str]:
    """The site's own files that the built page at ``page_url`` loads, as paths from the site root."""
    parser = _Links()
    parser.feed(html)
    return [path for href in parser.found if (path := site_path(href, page_url))]


def built_file(site_dir: Path, path: str) -> Path:
    return site_dir / path / "index.html" if path.endswith("/") else site_dir / path


def version(site_dir: Path, paths: Iterable[str]) -> str:
    """A short hash of every listed address and the content of its built file."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.encode() + b"\0" + built_file(site_dir, path).read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def worker_script(cache_version: str, urls: list[str]) -> str:
    data = json.dumps({"version": cache_version, "urls": urls}, ensure_ascii=True)
    return f'"use strict";\nvar OFFLINE = {data};\n' + _CODE.read_text(encoding="utf-8")


def write_worker(site_dir: Path, page_urls: list[str]) -> list[str]:
    """Write ``sw.js`` for the pages at ``page_urls`` (as MkDocs addresses them); returns the cached addresses."""
    # The worker resolves its list against its own address: the home page is "./", never "".
    urls = [url or "./" for url in page_urls]
    for url in list(urls):
        urls += page_files(built_file(site_dir, url).read_text(encoding="utf-8"), url)
    if (site_dir / SEARCH_INDEX).is_file():
        urls.append(SEARCH_INDEX)
    urls = list(dict.fromkeys(u for u in urls if built_file(site_dir, u).is_file()))
    (site_dir / WORKER).write_text(worker_script(version(site_dir, urls), urls), encoding="utf-8")
    return urls
