"""Measure the build: how much slower than plain Material, the reload after a price edit, Zensical, page sizes,
and the tests without a browser in clean builds.

    python scripts/benchmark.py [--pairs 5] [--pairs-large 3] [--edits 5] [--test-runs 1] [--skip reload,...] [--json]

1. **Ratio to plain Material** (``ratio``, ``ratio-large``). The project is copied to a temporary folder; its
   pages are rendered once (macros run, the Markdown is saved as it leaves the macros plugin) and a second
   project is written with that Markdown and the same theme settings and Markdown extensions, but with only
   Material's search plugin: no macros, no hooks, no ``custom_dir``. Both are built with ``mkdocs build
   --strict`` in turns (ours, plain, ours, plain, ...) and the median of the paired ratios is printed, for the
   real pages and for about 400 pages (the real pages copied into ``docs/copies/NNN/``, ``nav`` left out in
   both). A first build of each, not counted, fills the file cache and the share-image cache.
2. **Reload after a price edit** (``reload``). ``mkdocs serve`` runs on a free port in a copy of the project;
   a price in ``data/prices.yml`` is changed, and the time until the costs page serves the new figure is
   measured; the median of several edits is printed. MkDocs polls for changes every 0.5 s, so about 0.3 s of
   each figure is waiting for the change to be noticed. ``reload-plain`` times the same edit made in the plain
   Material copy's Markdown: the floor for this theme on this machine.
3. **Zensical** (``zensical``). If Zensical is installed (``--zensical PATH``, ``$ZENSICAL``, or on ``PATH``
   next to this Python), ``zensical build --clean --strict`` of the real pages is timed in turns with
   ``mkdocs build --strict``. Otherwise a note says why it was skipped.
4. **Page sizes** (``sizes``): each page's first visit with gzip, as before.
5. **The tests without a browser** (``tests``): ``pytest -m "not browser"`` in the checkout, in clean builds of
   the site: three ``mkdocs build --strict`` before it and three after, and the suite's time divided by their
   median (the test suite's budget is 30 clean builds). Repeated ``--test-runs`` times.

``--project PATH`` measures another checkout (for example an older commit unpacked with ``git archive``) with
this script and this Python. Timings on a shared machine vary: compare medians of paired runs, not single runs.
Page sizes are computed from the built files: the HTML page and everything it loads on a first visit
(stylesheets, scripts, favicon, Material's search worker and the search index it fetches), each
compressed with gzip as GitHub Pages sends it. The browser tests measure the same thing over the wire
(tests/browser/test_speed.py); this script is a measurement for humans, not a test.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import yaml

from cytokine_site.settings import read_config

ROOT = Path(__file__).resolve().parents[1]
ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",
    "DISABLE_MKDOCS_2_WARNING": "true",
    "SITE_BUILD_DATE": os.environ.get("SITE_BUILD_DATE") or time.strftime("%Y-%m-%d"),
}
TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml")
# What a copy of the project leaves out: tools, caches, outputs and version control.
IGNORED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "node_modules",
    "site",
    "site-preview",
    ".cache",
    "reports",
    "test-results",
    ".pytest_cache",
    "__pycache__",
    "tests",
)
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.)[ \t]*\r?\n", re.DOTALL)
STEPS = ("ratio", "ratio-large", "reload", "reload-plain", "zensical", "sizes", "tests")


class Failed(Exception):
    """A build failed; the message holds the end of its output."""


def run(command: list[str], cwd: Path) -> float:
    """Seconds taken by a command; its output is shown only if it fails."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode:
        raise Failed(f"{' '.join(command)} failed in {cwd}:\n{(done.stdout + done.stderr)[-3000:]}")
    return took


def mkdocs_build(project: Path, out: Path) -> float:
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], project)


def build(out: Path, project: Path = ROOT) -> float:
    return mkdocs_build(project, out)


def copy_project(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=IGNORED, symlinks=False)
    return target


def drop_nav(config_file: Path) -> None:
    """Remove the top-level ``nav:`` block (MkDocs then lists every page itself)."""
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(re.sub(r"(?ms)^nav:.*?(?=^\S|\Z)", "", text), encoding="utf-8")


def add_copies(docs: Path, total: int) -> int:
    """Copy the real pages into ``copies/NNN/`` until there are at least ``total`` pages; return the count."""
    pages = sorted(p for p in docs.rglob("*.md"))
    count, number = len(pages), 0
    while count < total:
        number += 1
        for page in pages:
            target = docs / "copies" / f"{number:03}" / page.relative_to(docs)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page, target)
            count += 1
    return count


DUMP = """
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin, event_priority
out = Path(sys.argv[1])
class Dump(BasePlugin):
    @event_priority(-100)  # after every other plugin: the Markdown as the macros left it
    def on_page_markdown(self, markdown, page, **kwargs):
        target = out / page.file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
        return markdown
config = load_config("mkdocs.yml", site_dir=sys.argv[2], strict=True)
config.plugins["benchmark-dump"] = Dump()
config.plugins.on_startup(command="build", dirty=False)
build(config)
"""


def plain_copy(ours: Path, plain: Path) -> None:
    """A plain Material project with the Markdown of ``ours`` after its macros ran."""
    rendered = Path(tempfile.mkdtemp(prefix="rendered-", dir=plain.parent))
    run([sys.executable, "-c", DUMP, str(rendered), str(rendered / "_site")], ours)
    shutil.copytree(ours / "docs", plain / "docs")
    for page in (plain / "docs").rglob("*.md"):
        source = page.read_text(encoding="utf-8")
        found = FRONT_MATTER.match(source)
        body = (rendered / page.relative_to(plain / "docs")).read_text(encoding="utf-8")
        page.write_text((found.group(0) if found else "") + body, encoding="utf-8")
    config, _ = read_config(ours / "mkdocs.yml")
    theme = dict(config.get("theme") or {})
    theme.pop("custom_dir", None)
    plain_config = {key: value for key, value in config.items() if key not in ("plugins", "hooks", "watch", "theme")}
    plain_config.update(theme=theme, plugins=["search"])
    (plain / "mkdocs.yml").write_text(
        yaml.safe_dump(plain_config, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )


def paired(first: Path, second: Path, pairs: int, out: Path) -> list[tuple[float, float]]:
    """Strict builds of two projects in turns, after one uncounted build of each."""
    mkdocs_build(first, out / "a")
    mkdocs_build(second, out / "b")
    return [(mkdocs_build(first, out / "a"), mkdocs_build(second, out / "b")) for _ in range(pairs)]


def ratio(project: Path, work: Path, pages: int | None, pairs: int) -> dict[str, float | int]:
    ours = copy_project(project, work / "ours")
    if pages:
        drop_nav(ours / "mkdocs.yml")
        count = add_copies(ours / "docs", pages)
    else:
        count = len(list((ours / "docs").rglob("*.md")))
    plain_copy(ours, work / "plain")
    times = paired(ours, work / "plain", pairs, work / "out")
    return {
        "pages": count,
        "pairs": pairs,
        "ours_median_s": statistics.median(t[0] for t in times),
        "plain_median_s": statistics.median(t[1] for t in times),
        "ratio_median": statistics.median(t[0] / t[1] for t in times),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            text: str = response.read().decode("utf-8")
            return text
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def reload(project: Path, work: Path, edits: int, plain: bool = False) -> dict[str, object]:
    """Median time from saving a price edit to the costs page serving the new figure under ``mkdocs serve``.

    With ``plain``, the same figure is edited in the plain Material copy's rendered Markdown instead (the
    fastest a reload can be with this theme on this machine).
    """
    site = copy_project(project, work / "serve")
    if plain:
        plain_copy(site, work / "plain")
        site = work / "plain"
        edited = site / "docs" / "costs" / "index.md"
        pattern = r"(?<![\d,])(\d{1,3}),(\d{3})(?![\d,])"
    else:
        edited = site / "data" / "prices.yml"
        pattern = r"(?m)^\s+max: (\d+)()\s*$"
    original = edited.read_text(encoding="utf-8")
    found = re.search(pattern, original)
    if not found:
        return {"skipped": f"no price found in {edited.relative_to(site)}"}
    base = int(found.group(1) + found.group(2))
    port = free_port()
    url = f"http://127.0.0.1:{port}/costs/"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=site,
        env={**ENV, "SITE_URL": f"http://127.0.0.1:{port}/"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    times: list[float] = []
    try:
        deadline = time.monotonic() + 120
        while fetch(url) is None:
            if server.poll() is not None or time.monotonic() > deadline:
                output = server.stderr.read() if server.stderr and server.poll() is not None else ""
                return {"skipped": f"mkdocs serve did not start: {output[-500:]}"}
            time.sleep(0.2)
        value = base
        for _ in range(edits):
            time.sleep(1.0)  # let the server settle after the previous build
            before = fetch(url) or ""
            while True:  # a figure the page does not show yet
                value += 10
                figure = re.compile(rf"(?<![\d,.]){value // 1000}[,\u202f\u00a0]?{value % 1000:03}(?![\d,])")
                if not figure.search(before):
                    break
            shown = f"{value:,}" if plain else str(value)
            edited.write_text(original[: found.start(1)] + shown + original[found.end(2) :], encoding="utf-8")
            start = time.perf_counter()
            while True:
                page = fetch(url)
                if page and figure.search(page):
                    times.append(time.perf_counter() - start)
                    break
                if time.perf_counter() - start > 60:
                    return {"skipped": f"the costs page never showed {value} after the edit"}
                time.sleep(0.02)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    return {"edits": len(times), "median_s": statistics.median(times), "min_s": min(times), "max_s": max(times)}


def find_zensical(given: str | None) -> str | None:
    candidates = [
        given,
        os.environ.get("ZENSICAL"),
        str(Path(sys.executable).with_name("zensical")),
        shutil.which("zensical"),
    ]
    return next((c for c in candidates if c and Path(c).is_file() and os.access(c, os.X_OK)), None)


def zensical(project: Path, work: Path, pairs: int, executable: str | None) -> dict[str, object]:
    program = find_zensical(executable)
    if not program:
        return {
            "skipped": "Zensical is not installed: install requirements-zensical.lock into a virtual "
            "environment and pass --zensical PATH/TO/bin/zensical"
        }
    site = copy_project(project, work / "zensical")
    command = [program, "build", "--clean", "--strict"]
    try:
        run(command, site)  # warm-up
    except Failed as err:
        return {"skipped": f"the Zensical build fails: {str(err).strip().splitlines()[-1]}"}
    times = []
    cached = [program, "build", "--strict"]  # Zensical's own cache kept, as `zensical serve` does
    for _ in range(pairs):
        times.append((run(command, site), mkdocs_build(site, work / "zensical-mkdocs"), run(cached, site)))
    # Zensical's floor: the same pages with the page code removed, no macros and no project code at all.
    plain = copy_project(project, work / "zensical-plain")
    for page in (plain / "docs").rglob("*.md"):
        page.write_text(re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", page.read_text(encoding="utf-8")), encoding="utf-8")
    (plain / "mkdocs.yml").write_text("site_name: plain\ntheme:\n  name: material\n  font: false\n", encoding="utf-8")
    floor = [run([program, "build", "--clean"], plain) for _ in range(pairs)]
    return {
        "pairs": pairs,
        "zensical_median_s": statistics.median(t[0] for t in times),
        "mkdocs_median_s": statistics.median(t[1] for t in times),
        "ratio_median": statistics.median(t[0] / t[1] for t in times),
        "zensical_cached_median_s": statistics.median(t[2] for t in times),
        "cached_ratio_median": statistics.median(t[2] / t[1] for t in times),
        "zensical_plain_median_s": statistics.median(floor),
    }


@cache
def sent(path: Path) -> int:
    data = path.read_bytes()
    return len(gzip.compress(data, 6, mtime=0)) if path.suffix in TEXT else len(data)


def first_visit(site: Path, page: Path) -> dict[str, int]:
    """Bytes sent for a page and every resource it loads at once."""
    html = page.read_text(encoding="utf-8")
    rel = page.relative_to(site).as_posix()
    url = "http://site/" + rel
    refs = re.findall(r'<link[^>]+rel="(?:stylesheet|icon)"[^>]+href="([^"]+)"', html)
    refs += re.findall(r'<script[^>]+src="([^"]+)"', html)
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    if config:
        conf = json.loads(config.group(1))
        base = urljoin(url, conf["base"] + "/")
        refs += [urljoin(base, conf["search"]), urljoin(base, "search/search_index.json")]
    sizes = {rel: sent(page)}
    for ref in refs:
        target = site / urlparse(urljoin(url, ref)).path.lstrip("/")
        if target.is_file():
            sizes[target.relative_to(site).as_posix()] = sent(target)
    return sizes


def sizes(project: Path, work: Path) -> dict[str, object]:
    out = work / "sizes-site"
    mkdocs_build(project, out)
    pages = sorted(p for p in out.rglob("*.html"))
    weights = {p.relative_to(out).as_posix(): first_visit(out, p) for p in pages}
    totals = {page: sum(parts.values()) for page, parts in weights.items()}
    html_sizes = {page: parts[page] for page, parts in weights.items()}
    largest = max(totals, key=lambda page: totals[page])
    return {
        "pages": len(pages),
        "first_visit_bytes": totals,
        "html_bytes": html_sizes,
        "largest": {"page": largest, "bytes": totals[largest], "parts": weights[largest]},
        "median_bytes": statistics.median(totals.values()),
        "html_gzip_bytes": {"largest": max(html_sizes.values()), "median": statistics.median(html_sizes.values())},
    }


def tests(project: Path, work: Path, runs: int) -> dict[str, Any]:
    """``pytest -m "not browser"`` in clean builds of the site (median of the builds just before and after)."""
    ratios, suites, builds = [], [], []
    for _ in range(runs):
        around = [build(work / "site", project) for _ in range(3)]
        suite = run([sys.executable, "-m", "pytest", "-m", "not browser", "-q", "-p", "no:cacheprovider"], project)
        around += [build(work / "site", project) for _ in range(3)]
        suites.append(suite)
        builds.append(statistics.median(around))
        ratios.append(suite / builds[-1])
    return {"runs": runs, "suite_s": suites, "build_median_s": builds, "ratio": ratios}


def report(result: dict[str, dict[str, Any]]) -> None:
    for key, label in (("ratio", "real pages"), ("ratio-large", "synthetic copies")):
        r = result.get(key)
        if r:
            print(
                f"Build vs plain Material, {r['pages']} pages ({label}), median of {r['pairs']} paired runs: "
                f"{r['ratio_median']:.2f}x  (ours {r['ours_median_s']:.2f} s, plain {r['plain_median_s']:.2f} s)"
            )
    for key, label in (
        ("reload", "Reload after a price edit (mkdocs serve)"),
        ("reload-plain", "Same edit in the plain Material copy, for comparison"),
    ):
        r = result.get(key)
        if r:
            print(
                f"{label}: "
                + (
                    f"skipped: {r['skipped']}"
                    if "skipped" in r
                    else f"median {r['median_s']:.2f} s of {r['edits']} edits "
                    f"(min {r['min_s']:.2f} s, max {r['max_s']:.2f} s)"
                )
            )
    r = result.get("zensical")
    if r:
        print(
            "Zensical build of the real pages: "
            + (
                f"skipped: {r['skipped']}"
                if "skipped" in r
                else f"median {r['zensical_median_s']:.2f} s vs MkDocs {r['mkdocs_median_s']:.2f} s "
                f"({r['ratio_median']:.2f}x, median of {r['pairs']} paired runs, --clean); with Zensical's cache "
                f"{r['zensical_cached_median_s']:.2f} s ({r['cached_ratio_median']:.2f}x); Zensical alone on the "
                f"same pages without any project code: {r['zensical_plain_median_s']:.2f} s"
            )
        )
    r = result.get("tests")
    if r:
        print(
            'pytest -m "not browser", in clean builds of the site: '
            + "; ".join(
                f"{suite:.0f} s = {ratio:.0f} builds of {one:.2f} s"
                for suite, ratio, one in zip(r["suite_s"], r["ratio"], r["build_median_s"])
            )
        )
    r = result.get("sizes")
    if r:
        totals, html_sizes, largest = r["first_visit_bytes"], r["html_bytes"], r["largest"]
        print(
            f"\nFirst visit, gzip, per page ({r['pages']} pages; HTML + CSS + JS + favicon + search worker and index):"
        )
        for page, total in sorted(totals.items(), key=lambda kv: -kv[1]):
            print(f"  {page:45} {total / 1024:6.1f} KB   (HTML {html_sizes[page] / 1024:4.1f} KB)")
        print(
            f"\nLargest: {largest['page']} {largest['bytes'] / 1024:.1f} KB; "
            f"median {r['median_bytes'] / 1024:.1f} KB (budget 100 KB)"
        )
        print(
            "Largest page by file: "
            + ", ".join(
                f"{name} {size / 1024:.1f} KB" for name, size in sorted(largest["parts"].items(), key=lambda kv: -kv[1])
            )
        )


def measure(project: Path, args: argparse.Namespace, skip: set[str], result: dict[str, dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory(prefix="benchmark-") as tmp:
        work = Path(tmp)
        steps: dict[str, Callable[[Path], dict[str, Any]]] = {
            "ratio": lambda w: ratio(project, w, None, args.pairs),
            "ratio-large": lambda w: ratio(project, w, args.pages, args.pairs_large),
            "reload": lambda w: reload(project, w, args.edits),
            "reload-plain": lambda w: reload(project, w, args.edits, plain=True),
            "zensical": lambda w: zensical(project, w, args.pairs, args.zensical),
            "sizes": lambda w: sizes(project, w),
            "tests": lambda w: tests(project, w, args.test_runs),
        }
        for name, step in steps.items():
            if name not in skip:
                (work / name).mkdir()
                result[name] = step(work / name)
                if not args.json and name != "sizes":
                    report({name: result[name]})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=ROOT, help="the checkout to measure (default: this one)")
    parser.add_argument("--pairs", type=int, default=5, help="paired builds at the real page count")
    parser.add_argument("--pairs-large", type=int, default=3, help="paired builds at --pages pages")
    parser.add_argument("--pages", type=int, default=400, help="page count of the synthetic copy")
    parser.add_argument("--edits", type=int, default=5, help="price edits timed under mkdocs serve")
    parser.add_argument("--zensical", help="the zensical program (default: $ZENSICAL, or next to this Python)")
    parser.add_argument("--skip", default="", help=f"comma-separated steps to leave out: {', '.join(STEPS)}")
    parser.add_argument("--test-runs", type=int, default=1, help="runs of the tests without a browser")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if skip - set(STEPS):
        parser.error(f"--skip takes {', '.join(STEPS)}")
    result: dict[str, dict[str, Any]] = {}
    try:
        measure(args.project.resolve(), args, skip, result)
    except Failed as err:
        sys.exit(str(err))
    if args.json:
        print(json.dumps(result, indent=2))
    elif "sizes" in result:
        report({"sizes": result["sizes"]})
    return 0


if __name__ == "__main__":
    sys.exit(main())
