"""Report external links in the built site that do not answer. Never fails: sites go down for a day.

    python scripts/check_external_links.py site [--timeout 10]

Run by ``make check-external-links`` (which builds first). Needs network access, unlike the tests, which
check every internal link and anchor offline (tests/test_links.py).
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

USER_AGENT = "Mozilla/5.0 (compatible; link check for a patient-information site)"


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith(("http://", "https://")):
                self.hrefs.append(href)


def external_links(site: Path, own_host: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for page in sorted(site.rglob("*.html")):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in parser.hrefs:
            if urlparse(href).netloc != own_host:
                found[href.split("#")[0]].add(page.relative_to(site).as_posix())
    return found


def own_host(site: Path) -> str:
    text = (site / "index.html").read_text(encoding="utf-8")
    marker = '<link rel="canonical" href="'
    start = text.find(marker)
    return urlparse(text[start + len(marker) : text.find('"', start + len(marker))]).netloc if start >= 0 else ""


def check(url: str, timeout: float) -> str:
    """'ok', or what went wrong."""
    for method in ("HEAD", "GET"):  # some servers refuse HEAD
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return "ok" if response.status < 400 else f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue
            return f"HTTP {error.code}"
        except Exception as error:
            return f"{type(error).__name__}: {getattr(error, 'reason', error)}"
    return "no answer"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", type=Path)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request (default 10)")
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        print(f"{args.site}/index.html not found: build the site first (make build)")
        return 0
    links = external_links(args.site, own_host(args.site))
    print(f"Checking {len(links)} external links (timeout {args.timeout:.0f} s each)...")
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = dict(zip(links, pool.map(lambda url: check(url, args.timeout), links)))
    broken = {url: result for url, result in results.items() if result != "ok"}
    for url, result in sorted(broken.items()):
        print(f"NOT OK  {result:40}  {url}\n        linked from: {', '.join(sorted(links[url]))}")
    print(f"{len(links) - len(broken)} of {len(links)} external links answered.")
    if broken:
        print("This report never fails the build: check the links above by hand and update the pages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
