"""Serve a built site the way GitHub Pages does: text compressed with gzip, 404.html for unknown paths.

Used by the browser tests (page weight is measured over gzip, as readers receive it) and by
``scripts/lighthouse-report.sh``. Standard library only, so it also runs outside the virtualenv:

    python3 scripts/serve_site.py site --port 8123
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

# Content types GitHub Pages compresses (text, JSON, JS, SVG, XML); images and fonts are sent as they are.
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".gz": "application/gzip",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
    ".jpg": "image/jpeg",
    ".webp": "image/webp",
}


@lru_cache(maxsize=512)
def _encoded(path: Path, mtime_ns: int) -> tuple[bytes, str, bool]:
    body = path.read_bytes()
    ctype = TYPES.get(path.suffix, "application/octet-stream")
    if ctype.startswith(COMPRESSED):
        # mtime=0: identical bytes on every run, so measured sizes are reproducible.
        return gzip.compress(body, compresslevel=6, mtime=0), ctype, True
    return body, ctype, False


def make_handler(root: Path) -> type[http.server.BaseHTTPRequestHandler]:
    root = root.resolve()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # keep test output readable
            pass

        def _resolve(self) -> Path | None:
            rel = unquote(urlsplit(self.path).path).lstrip("/")
            target = (root / rel).resolve()
            if target != root and root not in target.parents:
                return None
            if target.is_dir():
                target = target / "index.html"
            return target if target.is_file() else None

        def _send(self, head_only: bool) -> None:
            target, status = self._resolve(), 200
            if target is None:
                target, status = root / "404.html", 404
            if not target.is_file():
                self.send_error(404)
                return
            body, ctype, compressed = _encoded(target, target.stat().st_mtime_ns)
            if compressed and "gzip" not in self.headers.get("Accept-Encoding", ""):
                body, compressed = gzip.decompress(body), False
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            if compressed:
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
            self.end_headers()
            if not head_only:
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the browser closed the page meanwhile
                    self.close_connection = True

        def do_GET(self) -> None:
            self._send(head_only=False)

        def do_HEAD(self) -> None:
            self._send(head_only=True)

    return Handler


def start(root: Path, host: str = "127.0.0.1", port: int = 0) -> http.server.ThreadingHTTPServer:
    """Start serving ``root`` in a background thread; the caller calls ``shutdown()``."""
    httpd = http.server.ThreadingHTTPServer((host, port), make_handler(Path(root)))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True).start()  # shutdown() waits a poll
    return httpd


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default="site", help="built site directory (default: site)")
    parser.add_argument("--port", type=int, default=8123)
    args = parser.parse_args()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(Path(args.root)))
    print(f"Serving {args.root} with gzip at http://127.0.0.1:{args.port}/", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
