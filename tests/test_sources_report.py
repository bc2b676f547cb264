"""scripts/sources_report.py: the body of the one "Sources to check" issue the weekly watch opens or updates."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

from helpers import ROOT

SCRIPT = ROOT / "scripts/sources_report.py"
_spec = importlib.util.spec_from_file_location("sources_report", SCRIPT)
assert _spec and _spec.loader
sources_report = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sources_report)

NEWER = (
    "besremi-us: Besremi (ropeginterferon alfa-2b), set id 801f0478-b00c-4e98-90c0-0a32201be6a2: version 12 was "
    "published on 1 December 2026, after the revision cited August 2026 and the last check on 30 November 2026; "
    "read it"
)
UNCHECKED = "lymphir-us: Lymphir (denileukin diftitox), set id x: could not be checked: DailyMed answered HTTP 500"
SUMMARY = "check-labels: 5 labels asked of DailyMed: 1 newer, 0 could not be checked"
LINKS_OK = "Checking 80 external links (timeout 10 s each)...\n80 of 80 external links answered.\n"
LINKS_BROKEN = (
    "Checking 80 external links (timeout 10 s each)...\n"
    "NOT OK  HTTP 404                                  https://example.org/gone`[x](javascript:1)\n"
    "        linked from: safety/index.html\n"
    "79 of 80 external links answered.\n"
)


def test_nothing_to_report():
    body, found = sources_report.report(SUMMARY.replace("1 newer", "0 newer"), 0, LINKS_OK)
    assert not found and "Nothing to report" in body


def test_a_newer_label_is_listed_with_what_to_do():
    body, found = sources_report.report(f"{NEWER}\n{SUMMARY}\n", 1, LINKS_OK)
    assert found
    assert "## Labels revised since they were last checked" in body and NEWER in body
    assert "## External links" not in body and "could not be checked" not in body


def test_unchecked_labels_and_broken_links_are_listed_as_inert_text():
    body, found = sources_report.report(f"{UNCHECKED}\n{SUMMARY}\n", 2, LINKS_BROKEN, "https://github.com/o/r/run/1")
    assert found
    assert "## Labels that could not be checked" in body and UNCHECKED in body
    assert "## External links that do not answer" in body and "linked from: safety/index.html" in body
    fences = [line for line in body.splitlines() if line.startswith("```")]
    assert len(fences) == 4, "every report line sits inside a code block"
    assert "gone'[x](javascript:1)" in body, "a backquote in a line cannot close the code block"


def test_a_check_that_stopped_early_is_reported():
    body, found = sources_report.report("data/prices.yml:170: labels[0].checked: is in the future\n", 2, LINKS_OK)
    assert found and "labels[0].checked" in body


def test_exit_status_says_whether_to_open_the_issue(tmp_path):
    (tmp_path / "labels.txt").write_text(SUMMARY.replace("1 newer", "0 newer"), encoding="utf-8")
    (tmp_path / "links.txt").write_text(LINKS_BROKEN, encoding="utf-8")

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        args = ["--labels", "labels.txt", "--labels-status", "0", "--links", "links.txt", *extra]
        return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=tmp_path, capture_output=True, text=True)

    assert run().returncode == 1
    (tmp_path / "links.txt").write_text(LINKS_OK, encoding="utf-8")
    assert run().returncode == 0
    (tmp_path / "links.txt").unlink()
    missing = run()
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
