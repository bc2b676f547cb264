"""The body of the "Sources to check" issue, from the outputs of `make check-labels` and `make check-external-links`.

    python scripts/sources_report.py --labels labels.txt --labels-status 1 --links links.txt [--run-url URL]

Prints Markdown on standard output and exits 1 when there is something to report (a label revised since it was
last checked, a label that could not be checked, an external link that does not answer), 0 when there is
nothing, 2 when its own input is missing. Used by .github/workflows/watch-sources.yml. The lines of both
reports are shown inside code blocks, so nothing in them (a web address, an answer from DailyMed) becomes a
link, a mention or other Markdown in the issue.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NEWER = "was published on"
UNCHECKED = ": could not be checked: "  # one label's line, not the summary
BROKEN = "NOT OK"
LINKED_FROM = "linked from:"
LINKS_UNFINISHED = "The link check did not finish"


def block(lines: list[str]) -> list[str]:
    return ["```text", *(line.replace("`", "'") for line in lines), "```", ""]


def report(labels: str, labels_status: int, links: str, run_url: str = "") -> tuple[str, bool]:
    """(Markdown body, whether there is anything to report)."""
    label_lines = [line for line in labels.splitlines() if line.strip()]
    newer = [line for line in label_lines if NEWER in line]
    unchecked = [line for line in label_lines if UNCHECKED in line]
    if labels_status not in (0, 1) and not unchecked:
        unchecked = label_lines or ["make check-labels stopped without a report"]  # e.g. a bad data file
    link_lines = links.splitlines()
    broken = [
        line
        for i, line in enumerate(link_lines)
        if line.startswith(BROKEN) or (i and link_lines[i - 1].startswith(BROKEN))
    ]
    unfinished = [line for line in link_lines if line.startswith(LINKS_UNFINISHED)]
    out = ["Found by the weekly check of the sources the pages cite." + (f" Run: {run_url}" if run_url else ""), ""]
    if newer:
        out += ["## Labels revised since they were last checked", ""]
        out += [
            "Read each new version, update the pages it changes, then `revised` and `checked` of the label "
            "in `data/prices.yml` (EDITORS.md, section Labels).",
            "",
        ]
        out += block(newer)
    if unchecked:
        out += ["## Labels that could not be checked", ""] + block(unchecked)
    if broken or unfinished:
        out += ["## External links that do not answer", ""]
        out += ["Open each link by hand; replace or remove the ones that are gone.", ""]
        out += block(broken + unfinished)
    found = bool(newer or unchecked or broken or unfinished)
    if not found:
        out += ["Nothing to report: every label is as cited and every external link answered.", ""]
    return "\n".join(out), found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, required=True, help="the output of make check-labels")
    parser.add_argument("--labels-status", type=int, required=True, help="the exit status of make check-labels")
    parser.add_argument("--links", type=Path, required=True, help="the output of make check-external-links")
    parser.add_argument("--run-url", default="", help="the address of the workflow run")
    args = parser.parse_args()
    try:
        labels = args.labels.read_text(encoding="utf-8", errors="replace")
        links = args.links.read_text(encoding="utf-8", errors="replace")
    except OSError as err:
        print(f"sources_report: {err}", file=sys.stderr)
        return 2
    body, found = report(labels, args.labels_status, links, args.run_url)
    print(body, end="")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
