"""Every built page is valid HTML according to the Nu HTML checker (vnu), the W3C's own validator.

vnu comes from npm (``vnu-jar``, pinned in package.json and installed by ``make test``) and needs Java.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest

from helpers import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Two messages we accept, each only on the elements of Material's templates (which we do not copy) that carry it:
# - its hidden drawer and search toggles carry autocomplete="off", which HTML allows only on text-like inputs.
#   Material keeps it on purpose: without it Firefox restores a checked checkbox on reload (Mozilla bug 654072),
#   re-opening the navigation drawer or the search overlay, and Material's script does not close them again.
# - a navigation section label that is not focusable gets an empty tabindex=""; browsers ignore an empty value
#   (the label stays out of the tab order, as intended), so copying Material's nav-item.html to drop it is not
#   worth carrying.
AUTOCOMPLETE_MESSAGE = (
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
    "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, “search”, "
    "“tel”, “text”, “time”, “url”, or “week”."
)
TABINDEX_MESSAGE = "Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer."
ACCEPTED = {
    AUTOCOMPLETE_MESSAGE: re.compile(
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" '
        r'autocomplete="off">'
    ),
    TABINDEX_MESSAGE: re.compile(r'<label class="md-nav__link" for="__nav_\d+" id="__nav_\d+_label" tabindex="">'),
}


def accepted(message: dict) -> bool:
    element = ACCEPTED.get(message.get("message", ""))
    return element is not None and bool(element.search(message.get("extract", "")))


# A short run: the quick compiler only (no warm-up of the optimising one) and the simple collector. The checker
# then needs half the CPU time (about 2 CPU-s instead of 4.5 for the site) and, without the optimising
# compiler, a larger stack for its deepest recursion.
JVM_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss16m"]


def run_vnu(*targets: Path) -> list[dict]:
    java = shutil.which("java")
    if not java:
        pytest.fail(
            "Java is needed for the Nu HTML checker. Install a Java runtime (Debian/Ubuntu: "
            "`sudo apt-get install default-jre-headless`); `.ci/run` installs it automatically.",
            pytrace=False,
        )
    if not VNU.is_file():
        pytest.fail(
            f"{VNU.relative_to(ROOT)} is missing: run `make test` (it runs `npm ci`), or `npm ci` "
            "with Node.js and npm installed (Debian/Ubuntu: `sudo apt-get install nodejs npm`).",
            pytrace=False,
        )
    result = subprocess.run(
        [
            java,
            *JVM_FLAGS,
            "-jar",
            str(VNU),
            "--skip-non-html",
            "--errors-only",
            "--format",
            "json",
            *map(str, targets),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    assert result.returncode in (0, 1), f"vnu failed to run:\n{result.stderr[-2000:]}"
    return json.loads(result.stderr)["messages"]


BROKEN_PAGE = (
    '<!doctype html><html lang="en"><title>t</title><label tabindex="">x</label>'
    '<input type="checkbox" id="x" autocomplete="off"></html>'
)


@pytest.fixture(scope="module")
def checked(site, tmp_path_factory) -> dict[str, list[dict]]:
    """One run of the checker (Java starts once) over the built site and a page with known errors."""
    broken = tmp_path_factory.mktemp("broken")
    (broken / "index.html").write_text(BROKEN_PAGE, encoding="utf-8")
    messages = run_vnu(site, broken)
    in_site = [m for m in messages if Path(urlparse(m["url"]).path).is_relative_to(site)]
    in_broken = [m for m in messages if Path(urlparse(m["url"]).path).is_relative_to(broken)]
    assert len(in_site) + len(in_broken) == len(messages), messages
    return {"site": in_site, "broken": in_broken}


def test_every_page_is_valid_html(site, checked):
    messages = checked["site"]
    pages = {m["url"] for m in messages}
    errors = [m for m in messages if not accepted(m)]
    report = [
        f"{m['url'].split(str(site))[-1]}:{m.get('lastLine')}: {m['message']}  [{m.get('extract', '').strip()[:120]}]"
        for m in errors
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(report)
    # The autocomplete message appears at most twice per page (drawer and search toggle).
    assert all(sum(m["url"] == page and m["message"] == AUTOCOMPLETE_MESSAGE for m in messages) <= 2 for page in pages)


def test_the_checker_reports_errors_the_filter_does_not_hide(checked):
    messages = checked["broken"]
    assert any("tabindex" in m["message"] for m in messages), messages
    # The same messages on any other element are not accepted.
    assert [m for m in messages if not accepted(m)] == messages
