"""Measure the full site build time (average of N strict builds) and each page's size.

    python scripts/benchmark.py [--runs 5] [--json]

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
import statistics
import subprocess
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlparse

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml")


def build(out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                   cwd=ROOT, env=ENV, check=True)
    return time.perf_counter() - start


@lru_cache(maxsize=None)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        build(out)  # warm-up: imports and file cache, not counted
        times = [build(out) for _ in range(args.runs)]
        pages = sorted(p for p in out.rglob("*.html"))
        weights = {p.relative_to(out).as_posix(): first_visit(out, p) for p in pages}
    totals = {page: sum(parts.values()) for page, parts in weights.items()}
    html_sizes = {page: parts[page] for page, parts in weights.items()}
    largest = max(totals, key=totals.get)
    result = {
        "build_seconds": {"runs": args.runs, "mean": statistics.mean(times), "min": min(times), "max": max(times),
                          "stdev": statistics.stdev(times) if len(times) > 1 else 0.0},
        "pages": len(pages),
        "first_visit_bytes": totals,
        "largest": {"page": largest, "bytes": totals[largest], "parts": weights[largest]},
        "median_bytes": statistics.median(totals.values()),
        "html_gzip_bytes": {"largest": max(html_sizes.values()), "median": statistics.median(html_sizes.values())},
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    b = result["build_seconds"]
    print(f"Build (mkdocs build --strict, {args.runs} runs after a warm-up): mean {b['mean']:.2f} s, "
          f"min {b['min']:.2f} s, max {b['max']:.2f} s, stdev {b['stdev']:.2f} s")
    print(f"\nFirst visit, gzip, per page ({len(pages)} pages; HTML + CSS + JS + favicon + search worker and index):")
    for page, total in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"  {page:45} {total / 1024:6.1f} KB   (HTML {html_sizes[page] / 1024:4.1f} KB)")
    print(f"\nLargest: {largest} {totals[largest] / 1024:.1f} KB; median {result['median_bytes'] / 1024:.1f} KB "
          f"(budget 100 KB)")
    print("Largest page by file: " + ", ".join(f"{name} {size / 1024:.1f} KB" for name, size in
                                            sorted(weights[largest].items(), key=lambda kv: -kv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
