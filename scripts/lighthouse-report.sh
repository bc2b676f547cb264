#!/usr/bin/env bash
# Lighthouse 12 (mobile: emulated phone, simulated slow 4G and 4x CPU slowdown) on the home, interleukin-2
# and costs pages, served with gzip like GitHub Pages. A measurement, not a test: prints the scores of the
# four categories and keeps the full reports in reports/lighthouse/. Run with `make lighthouse`, which
# installs Lighthouse from package-lock.json first.
#
#   CHROME_PATH  browser to use (default: chromium on PATH)
#   PORT         local port for the site (default 8765)
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-8765}
[[ $PORT =~ ^[0-9]{1,5}$ ]] || { echo "PORT must be a port number such as 8765" >&2; exit 2; }
OUT=reports/lighthouse
PY=${PYTHON:-.venv/bin/python}
LIGHTHOUSE=node_modules/.bin/lighthouse
PAGES=("" "therapies/interleukin-2/" "costs/")
export CHROME_PATH=${CHROME_PATH:-$(command -v chromium || command -v chromium-browser || true)}

[[ -x $LIGHTHOUSE ]] || { echo "Lighthouse is not installed: run 'make lighthouse'"; exit 1; }
[[ -n $CHROME_PATH ]] || { echo "Chromium not found: install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROME_PATH"; exit 1; }

rm -rf "$OUT" && mkdir -p "$OUT"
# Build with the address it is served at, so canonical links point to the pages Lighthouse audits.
SITE_URL="http://127.0.0.1:$PORT/" NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true \
  "$PY" -m mkdocs build --strict -d "$OUT/site"

"$PY" scripts/serve_site.py "$OUT/site" --port "$PORT" >/dev/null &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  "$PY" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1])" "http://127.0.0.1:$PORT/" 2>/dev/null && break
  sleep 0.1
done

for page in "${PAGES[@]}"; do
  name=${page%/}; name=${name//\//-}; name=${name:-home}
  echo "Lighthouse: /$page"
  "$LIGHTHOUSE" "http://127.0.0.1:$PORT/$page" --quiet \
    --chrome-flags="--headless=new --no-sandbox" \
    --only-categories=performance,accessibility,best-practices,seo \
    --output=json --output=html --output-path="$OUT/$name"
done

"$PY" - "$OUT" <<'PYTHON'
import json, sys
from pathlib import Path

out = Path(sys.argv[1])
categories = ("performance", "accessibility", "best-practices", "seo")
print(f"\nLighthouse {json.loads(next(out.glob('*.report.json')).read_text())['lighthouseVersion']} (mobile)")
print(f"{'page':28}" + "".join(f"{c:>16}" for c in categories))
for report in sorted(out.glob("*.report.json")):
    data = json.loads(report.read_text())
    scores = [data["categories"][c]["score"] for c in categories]
    print(f"{report.name.removesuffix('.report.json'):28}" + "".join(f"{round(s * 100):>16}" for s in scores))
    audits = data["audits"]
    metrics = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")
    print(" " * 4 + ", ".join(f"{m}: {audits[m]['displayValue']}" for m in metrics))
    failing = [a["id"] for a in audits.values()
               if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")]
    if failing:
        print(" " * 4 + "below 90: " + ", ".join(sorted(failing)))
print(f"\nFull reports: {out}/*.report.html")
PYTHON
