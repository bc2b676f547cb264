"""Every link inside the built site leads somewhere: the target page exists and so does the #fragment.

External links are not fetched here (tests have no network); ``make check-external-links`` reports on them.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from helpers import edited, html_pages, url_to_file
from pagetext import soup


def site_root_url(site: Path) -> str:
    """The site's public address, from the canonical link of the home page (it depends on SITE_URL)."""
    canonical = soup(site / "index.html").find("link", rel="canonical")
    assert canonical is not None, "home page has no canonical link"
    return str(canonical["href"])


def page_url(site: Path, root: str, file: Path) -> str:
    rel = file.relative_to(site).as_posix()
    return urljoin(root, rel.removesuffix("index.html"))


class Ids:
    def __init__(self):
        self._cache: dict[Path, set[str]] = {}

    def __call__(self, file: Path) -> set[str]:
        if file not in self._cache:
            page = soup(file)
            self._cache[file] = {str(t["id"]) for t in page.find_all(id=True)} | {
                str(a["name"]) for a in page.find_all("a", attrs={"name": True})
            }
        return self._cache[file]


def broken_links(site: Path) -> tuple[list[str], int]:
    root = site_root_url(site)
    own = urlparse(root).netloc
    ids = Ids()
    problems, checked = [], 0
    files = html_pages(site) + ([site / "404.html"] if (site / "404.html").is_file() else [])
    for file in files:
        here = page_url(site, root, file)
        page = soup(file)
        for a in page.find_all("a", href=True):
            href = str(a["href"]).strip()
            if href.startswith(("mailto:", "tel:")):
                continue
            if href.lower().startswith("javascript:"):
                problems.append(f"{file.relative_to(site)}: javascript: link {href!r}")
                continue
            url = urljoin(here, href)
            parsed = urlparse(url)
            if parsed.scheme not in ("http", "https") or parsed.netloc != own:
                continue  # external: see scripts/check_external_links.py
            checked += 1
            target = url_to_file(site, root, url)
            where = f"{file.relative_to(site)}: {href!r}"
            if target is None or not target.is_file():
                problems.append(f"{where} -> no such page ({target and target.relative_to(site)})")
            elif parsed.fragment and target.suffix == ".html" and unquote(parsed.fragment) not in ids(target):
                problems.append(f"{where} -> {target.relative_to(site)} has no id {parsed.fragment!r}")
    return problems, checked


def test_every_internal_link_and_anchor_resolves(site):
    problems, checked = broken_links(site)
    assert checked > 50, f"only {checked} internal links found: the link walk is broken"
    assert not problems, f"{len(problems)} broken internal links:\n" + "\n".join(problems)


def test_the_link_check_finds_a_broken_link_and_a_missing_anchor(site, tmp_path):
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    home = copy / "index.html"
    html = home.read_text(encoding="utf-8")
    home.write_text(
        edited(html, "</article>", '<a href="no-such-page/">x</a><a href="cytokines/#no-such-anchor">y</a></article>'),
        encoding="utf-8",
    )
    problems, _ = broken_links(copy)
    assert any("no-such-page/" in p and "no such page" in p for p in problems), problems
    assert any("no-such-anchor" in p and "has no id" in p for p in problems), problems
    assert len(problems) == 2, problems
