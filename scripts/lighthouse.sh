#!/usr/bin/env bash
# Lighthouse scores (SEO, accessibility, best practices, performance) for the home page, a therapy
# page and the costs page of a fresh build, served on 127.0.0.1. A measurement, not a test: it is
# not part of `make test`. Needs Node >= 18 and Chromium; `npx` fetches the pinned lighthouse from
# npm into the npm cache on first use (nothing is added to the repository).
# Results: .cache/lighthouse/<page>.json (full reports) and a summary on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

LIGHTHOUSE="lighthouse@12.2.3"
PORT="${PORT:-8765}"
OUT=".cache/lighthouse"
PYTHON="${PYTHON:-.venv/bin/python}"
CHROME_PATH="${CHROME_PATH:-$(command -v chromium || command -v chromium-browser || true)}"
[ -n "$CHROME_PATH" ] || { echo "Chromium not found: install it or set CHROME_PATH" >&2; exit 1; }
export CHROME_PATH
PAGES=("" "therapies/interleukin-2/" "costs/")

rm -rf "$OUT" && mkdir -p "$OUT"
# The canonical URLs must name the address Lighthouse loads, so build for it.
SITE_URL="http://127.0.0.1:$PORT/" NO_MKDOCS_2_WARNING=1 "$PYTHON" -m mkdocs build --strict --quiet -d "$OUT/site"
"$PYTHON" -m http.server "$PORT" --bind 127.0.0.1 --directory "$OUT/site" >/dev/null 2>&1 &
SERVER=$!
trap 'kill "$SERVER"' EXIT
sleep 1

for page in "${PAGES[@]}"; do
  name="${page%/}"; name="${name//\//-}"; name="${name:-home}"
  npx --yes "$LIGHTHOUSE" "http://127.0.0.1:$PORT/$page" --quiet \
    --chrome-flags="--headless=new --no-sandbox" \
    --only-categories=seo,accessibility,best-practices,performance \
    --output=json --output-path="$OUT/$name.json"
  "$PYTHON" - "$OUT/$name.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
scores = "  ".join(f"{c['title']} {round(c['score'] * 100)}" for c in report["categories"].values())
print(f"{report['finalDisplayedUrl']}\n  {scores}")
for category in report["categories"].values():
    for ref in category["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            print(f"  - {category['title']}: {audit['title']} ({audit['score']})")
PY
done
