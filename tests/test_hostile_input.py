"""Hostile or careless input, one small scenario per class: the check and the real build agree, each
stops with one line naming the place (never a traceback), nothing half-built is left, and text that
passes the checks reaches every page as text only.

The classes: markup in data (stored XSS), memory exhaustion, data that used to pass the check but
crashed the build, YAML features beyond plain data, owner facts, front matter and environment
variables, ids that clash once combined, and out-of-range numbers and dates.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import BUILD_DATE, BUILD_ENV, ROOT, build, edited, html_pages, scenario

GOOD = (ROOT / "data/prices.yml").read_text(encoding="utf-8")
CONFIG = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def data_edit(old: str, new: str) -> dict[str, str]:
    return {"data/prices.yml": edited(GOOD, old, new)}


def page_edit(page: str, old: str, new: str) -> dict[str, str]:
    path = f"docs/{page}"
    return {path: edited((ROOT / path).read_text(encoding="utf-8"), old, new)}


BOMB = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 9))

# (name, files to change, environment, what the one line must contain)
CASES = [
    # memory and YAML features beyond plain data
    ("alias bomb", {"data/prices.yml": GOOD + "l0: &l0 [lol]\n" + BOMB}, {}, "anchor or alias"),
    (
        "python tag",
        data_edit("    name: Flights\n", "    name: !!python/object/apply:os.system [true]\n"),
        {},
        "YAML tag",
    ),
    ("unknown tag", data_edit("    name: Flights\n", "    name: !foo Flights\n"), {}, "YAML tag"),
    ("int tag on text", data_edit("    min: 4000\n", "    min: !!int abc\n"), {}, "YAML tag"),
    ("deep brackets", {"data/prices.yml": GOOD + "deep: " + "[" * 5000 + "]" * 5000 + "\n"}, {}, "nested more than"),
    ("huge file", {"data/prices.yml": GOOD + "#" + "x" * 600_000 + "\n"}, {}, "larger than"),
    ("null key", data_edit("    name: Flights\n", "    null: Flights\n"), {}, "not a plain name"),
    ("number key", data_edit("    name: Flights\n", "    1: Flights\n"), {}, "not a plain name"),
    ("escape character", data_edit("    name: Flights\n", "    name: Fli\x1bghts\n"), {}, "U+001B"),
    ("NUL", data_edit("    name: Flights\n", "    name: Fli\x00ghts\n"), {}, "U+0000"),
    ("C1 control", data_edit("    name: Flights\n", "    name: Fli\x9bghts\n"), {}, "U+009B"),
    ("direction override", data_edit("    min: 4000\n", "    min: 4000 # \u202e0001\n"), {}, "U+202E"),
    (
        "key with a workflow command",
        data_edit("    name: Flights\n", '    "x\\n::error file=a::pwned": 1\n'),
        {},
        "unknown field",
    ),
    # values that used to pass the check and then crash the build
    (
        "money of 10^30",
        data_edit("    max: 10000\n", "    max: 1000000000000000000000000000000\n"),
        {},
        "typing mistake",
    ),
    (
        "rate of 10^-28",
        data_edit("    USD: 1.1728\n", "    USD: 0.0000000000000000000000000001\n"),
        {},
        "must be between",
    ),
    ("rate of 1e300", data_edit("    USD: 1.1728\n", "    USD: 1.0e+300\n"), {}, "must be between"),
    ("all prices zero", {"data/prices.yml": re.sub(r"(    (min|max): )\d+", r"\g<1>0", GOOD)}, {}, "at least 1"),
    ("year 0001", data_edit("    as_of: 2025-01-01\n", "    as_of: 0001-01-01\n"), {}, "before 2000"),
    ("months zero", data_edit("  recheck_after_months: 6\n", "  recheck_after_months: 0\n"), {}, "months"),
    (
        "key figure renamed while pages use it",
        data_edit("  - id: icu-share\n", "  - id: icu\n"),
        {},
        "icu-share",
    ),
    ("checklist renamed", data_edit("  - id: what-to-bring\n", "  - id: bring\n"), {}, "what-to-bring"),
    (
        "ids that clash once combined",
        data_edit(
            "  - id: what-to-bring\n",
            "  - id: before-you-travel-visa\n    title: Visa\n    items:\n      - id: a\n        text: A.\n"
            "  - id: what-to-bring\n",
        ),
        {},
        "choose another id",
    ),
    # markup in data
    (
        "attribute list",
        data_edit("    title: What to bring\n", '    title: "What to bring {: onmouseover=alert(1) }"\n'),
        {},
        "remove '{'",
    ),
    (
        "Markdown link",
        data_edit("    name: Flights\n", '    name: "[Flights](javascript:alert(1))"\n'),
        {},
        "remove '['",
    ),
    (
        "Markdown image",
        data_edit("    name: Flights\n", '    name: "Flights ![x](https://evil.example/x.png)"\n'),
        {},
        "remove '['",
    ),
    ("link in a source", data_edit("  source: European", '  source: "[ECB](javascript:alert(1))" #'), {}, "remove '['"),
    # owner facts
    (
        "email with a hidden recipient",
        {
            "mkdocs.yml": edited(
                CONFIG, "    email: null\n", '    email: "info@example.com?bcc=someone@elsewhere.example"\n'
            )
        },
        {},
        "extra.organization.email",
    ),
    (
        "WhatsApp that is not a number",
        {"mkdocs.yml": edited(CONFIG, "    whatsapp: null\n", '    whatsapp: "call us"\n')},
        {},
        "extra.organization.whatsapp",
    ),
    (
        "link in an owner fact",
        {"mkdocs.yml": edited(CONFIG, "    address: null\n", '    address: "[x](javascript:alert(1))"\n')},
        {},
        "extra.organization.address",
    ),
    (
        "markup in a navigation title",
        {"mkdocs.yml": edited(CONFIG, "  - Glossary: glossary.md\n", '  - "Glossary<img src=x>": glossary.md\n')},
        {},
        "nav[",
    ),
    # front matter
    (
        "impossible front matter date",
        page_edit("glossary.md", "last_reviewed: ", "last_reviewed: 2026-02-30\nx: "),
        {},
        "docs/glossary.md:",
    ),
    ("misspelt front matter key", page_edit("glossary.md", "reviewed_by:", "reviewd_by:"), {}, "unknown key"),
    (
        "front matter key named like a macro",
        page_edit("glossary.md", "reviewed_by:", "price_table: 1\nreviewed_by:"),
        {},
        "price_table: unknown key",
    ),
    (
        "front matter turning macros off",
        page_edit("costs/index.md", "reviewed_by:", "render_macros: false\nreviewed_by:"),
        {},
        "render_macros: unknown key",
    ),
    (
        "markup in a page title",
        page_edit("glossary.md", 'title: "', 'title: "<script>alert(1)</script> '),
        {},
        "docs/glossary.md:2: title",
    ),
    (
        "page code in front matter",
        page_edit("glossary.md", 'title: "', 'title: "{{ 7*7 }} '),
        {},
        "docs/glossary.md:2: title",
    ),
    # environment
    ("hostile SITE_URL", {}, {"SITE_URL": 'http://example.org/"><script>alert(1)</script>'}, "SITE_URL"),
    ("SITE_URL with a query", {}, {"SITE_URL": "https://example.org/?x=1"}, "SITE_URL"),
    ("SITE_BUILD_DATE=tomorrow", {}, {"SITE_BUILD_DATE": "tomorrow"}, "SITE_BUILD_DATE"),
    ("SITE_BUILD_DATE impossible", {}, {"SITE_BUILD_DATE": "2026-02-30"}, "SITE_BUILD_DATE"),
]


def check(project: Path, environment: dict[str, str]) -> subprocess.CompletedProcess:
    env = {**os.environ, **BUILD_ENV, "SITE_BUILD_DATE": BUILD_DATE, **environment}
    return subprocess.run(
        [sys.executable, "-m", "cytokine_site", "check", "--root", str(project)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def one_line(output: str, expected: str) -> str:
    assert "Traceback" not in output, output
    lines = [line for line in output.splitlines() if expected in line]
    assert len(lines) == 1, output
    line = lines[0]
    assert not line.startswith("::") and "\x1b" not in line.replace("\x1b[0m", "")
    return line


@pytest.mark.parametrize("name, files, environment, expected", CASES, ids=[c[0] for c in CASES])
def test_check_and_build_stop_with_the_same_one_line(tmp_path, name, files, environment, expected):
    project = scenario(tmp_path / "project", files)
    started = time.monotonic()
    checked = check(project, environment)
    assert time.monotonic() - started < 20, "the check must not take long, whatever the input"
    assert checked.returncode == 1, checked.stdout + checked.stderr
    check_line = one_line(checked.stderr, expected)

    built = build(project, tmp_path / "site", {"SITE_BUILD_DATE": BUILD_DATE, **environment})
    assert built.returncode != 0, f"{name}: the build should have failed"
    build_line = one_line(built.stdout + built.stderr, expected)
    assert build_line.endswith(check_line), (check_line, build_line)  # MkDocs prefixes its log level
    assert not (tmp_path / "site" / "index.html").exists(), "nothing half-built may be left to deploy"


# Text that passes the checks reaches every page as text only ----------------------------------------------

TRICKY = "R&D (x) #1 \"quoted\" 'single' = + - ! ~ ^ : onmouseover=alert(1) https://evil.example/x.png &#60;b&#62;"


def yaml_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def tricky_data() -> str:
    """A data file every check accepts, with characters that are harmless only when handled as text."""
    text = GOOD
    for old in (
        "    title: What to bring\n",
        "    name: Flights\n",
        "        text: Pathology reports (the results of tissue tests).\n",
        "  source: European Central Bank euro foreign exchange reference rates\n",
    ):
        indent = old[: len(old) - len(old.lstrip())]
        key = old.strip().split(":")[0]
        text = edited(text, old, f"{indent}{key}: {yaml_text('1. ' + TRICKY)}\n")
    return text


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("tricky")
    config = CONFIG.replace("    address: null\n", f"    address: {yaml_text('- ' + TRICKY)}\n").replace(
        "    email: null\n", '    email: "info@example.com"\n'
    )
    project = scenario(tmp / "project", {"data/prices.yml": tricky_data(), "mkdocs.yml": config})
    result = build(project, tmp / "site", {"SITE_BUILD_DATE": BUILD_DATE})
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def test_tricky_text_passes_every_check():
    from cytokine_site.loader import parse_prices

    parse_prices(tricky_data())


def test_every_page_shows_tricky_text_as_text_and_nothing_else(tricky_site):
    known_scripts = {"application/ld+json"}
    for path in [*html_pages(tricky_site), tricky_site / "404.html"]:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        where = path.relative_to(tricky_site)
        for element in soup.find_all(True):
            handlers = [a for a in element.attrs if a.lower().startswith("on")]
            assert not handlers, f"{where}: event handler {handlers} on <{element.name}>"
            for attr in ("href", "src", "action", "formaction", "xlink:href"):
                value = str(element.get(attr) or "").strip().lower()
                assert not value.startswith(("javascript:", "vbscript:", "data:text")), f"{where}: {attr}={value}"
        for img in soup.find_all(["img", "iframe", "object", "embed"]):
            assert "evil.example" not in str(img.get("src")), f"{where}: {img}"
        for script in soup.find_all("script"):
            src = script.get("src")
            assert src is None or "://" not in src, f"{where}: script from another host: {src}"
            assert "alert(1)" not in script.get_text() or script.get("type") in known_scripts, where
        text = soup.get_text(" ")
        if path.name == "index.html" and where.parts[:1] == ("planning",):
            assert TRICKY.replace("&#60;", "&#60;") in " ".join(text.split()), "the tricky text shows as text"


def test_the_tricky_text_appears_verbatim(tricky_site):
    page = BeautifulSoup((tricky_site / "planning/index.html").read_text(encoding="utf-8"), "html.parser")
    heading = page.find(id="what-to-bring")
    assert heading is not None and heading.name == "h2"
    assert " ".join(heading.get_text(" ").split()).startswith("1. " + TRICKY)
    footer = BeautifulSoup((tricky_site / "contact/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "- " + TRICKY in footer.get_text()


# make serve survives a bad edit and recovers ---------------------------------------------------------------


def test_serve_survives_a_bad_edit_and_recovers(tmp_path):
    import socket
    import urllib.request

    project = scenario(tmp_path / "project", {})
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, **BUILD_ENV, "SITE_BUILD_DATE": BUILD_DATE}
    log = (tmp_path / "serve.log").open("w+")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--dev-addr",
            f"127.0.0.1:{port}",
            "--livereload",
            "-f",
            str(project / "mkdocs.yml"),
        ],
        cwd=project,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/costs/"

    def wait_for(condition, what: str, seconds: float = 60) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if server.poll() is not None:
                pytest.fail(f"mkdocs serve stopped while waiting for {what}:\n{(tmp_path / 'serve.log').read_text()}")
            try:
                if condition():
                    return
            except OSError:
                pass
            time.sleep(0.5)
        pytest.fail(f"timed out waiting for {what}:\n{(tmp_path / 'serve.log').read_text()}")

    def page() -> str:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")

    data = project / "data/prices.yml"
    try:
        wait_for(lambda: "US$4,000" in page(), "the first build")
        for bad in (
            edited(GOOD, "    max: 10000\n", "    max: 1000000000000000000000000000000\n"),
            edited(GOOD, "  - id: icu-share\n", "  - id: icu\n"),
            GOOD + "l0: &l0 [lol]\n" + BOMB,
        ):
            seen = (tmp_path / "serve.log").read_text().count("ERROR")
            data.write_text(bad, encoding="utf-8")
            wait_for(lambda: (tmp_path / "serve.log").read_text().count("ERROR") > seen, "the one-line error")
            assert server.poll() is None, "mkdocs serve is still running"
        data.write_text(edited(GOOD, "    min: 4000\n", "    min: 4100\n"), encoding="utf-8")
        wait_for(lambda: "US$4,100" in page(), "the fixed file to be served")
        assert "Traceback" not in (tmp_path / "serve.log").read_text()
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
