"""Hostile or careless input, one small scenario per class: the check and the real build agree, each
stops with one line naming the place (never a traceback), nothing half-built is left, and text that
passes the checks reaches every page as text only.

The classes: markup in data (stored XSS), memory exhaustion, data that used to pass the check but
crashed the build, YAML features beyond plain data, owner facts, front matter and environment
variables, ids that clash once combined, and out-of-range numbers and dates; and in mkdocs.yml and the
files around the data: values Material prints into attributes, links and third-party requests,
configuration that runs code, pages the check would not otherwise see (other extensions, linked folders,
encodings), links that leave the project or loop, and macro calls in every argument form.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cytokine_site.settings import read_config
from helpers import BUILD_DATE, BUILD_ENV, ROOT, build, edited, html_pages, scenario, with_drawn_cards
from helpers import check as check_project
from pagetext import soup

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


# Where the contact page sits in the navigation today (messages name a nav entry by its place).
CONTACT_IN_NAV = next(i for i, entry in enumerate(read_config(ROOT / "mkdocs.yml")[0]["nav"]) if "Contact" in entry)


def config_edit(old: str, new: str) -> dict[str, str]:
    return {"mkdocs.yml": edited(CONFIG, old, new)}


GLOSSARY = (ROOT / "docs/glossary.md").read_text(encoding="utf-8")


def page_code(code: str) -> dict[str, str]:
    """The glossary with ``code`` added at its end."""
    return {"docs/glossary.md": GLOSSARY + "\n" + code + "\n"}


def link(name: str, target: str):
    def make(project: Path) -> None:
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).unlink(missing_ok=True)
        (project / name).symlink_to(target)

    return make


def write_bytes(name: str, data: bytes):
    def make(project: Path) -> None:
        (project / name).write_bytes(data)

    return make


def folder(name: str):
    def make(project: Path) -> None:
        (project / name).mkdir(parents=True)

    return make


# (name, files to change, a change that is not text (links, bytes, folders), what the one line must contain)
PROJECT_CASES = [
    # mkdocs.yml: values Material prints, links, third-party requests, folders
    (
        "quote in site_name",
        config_edit("site_name: DGS Healthcare", 'site_name: DGS Healthcare" onfocus="alert(1)'),
        None,
        "site_name: contains '\"'",
    ),
    ("markup in copyright", config_edit("extra:\n", "copyright: <b>x</b> 2026\nextra:\n"), None, "copyright:"),
    (
        "quote in a palette value",
        config_edit("      name: Switch to dark mode\n", '      name: Switch to dark mode" autofocus onfocus="x\n'),
        None,
        "theme.palette[0].toggle.name: contains '\"'",
    ),
    (
        "script link in extra.homepage",
        config_edit("extra:\n", "extra:\n  homepage: javascript:alert(1)\n"),
        None,
        "extra.homepage: 'javascript:alert(1)'",
    ),
    (
        "script link in extra.social",
        config_edit("extra:\n", "extra:\n  social:\n    - icon: fontawesome/brands/x\n      link: 'javascript:x()'\n"),
        None,
        "extra.social[0].link:",
    ),
    (
        "data link in extra.alternate",
        config_edit("extra:\n", "extra:\n  alternate:\n    - name: TR\n      link: 'data:text/html,x'\n"),
        None,
        "extra.alternate[0].link:",
    ),
    (
        "repo_url",
        config_edit("docs_dir: docs\n", "docs_dir: docs\nrepo_url: https://github.com/x/y\n"),
        None,
        "repo_url:",
    ),
    (
        "analytics",
        config_edit("extra:\n", "extra:\n  analytics:\n    provider: google\n    property: G-1\n"),
        None,
        "extra.analytics:",
    ),
    (
        "third-party script",
        config_edit("  - assets/site.js\n", "  - https://cdn.example/x.js\n"),
        None,
        "extra_javascript[0]:",
    ),
    ("Google Fonts", config_edit("  font: false ", "  font: {text: Roboto} "), None, "theme.font:"),
    (
        "script link in nav",
        config_edit("  - Contact: contact.md\n", "  - Contact: 'javascript:x()'\n"),
        None,
        f"nav[{CONTACT_IN_NAV}].Contact:",
    ),
    ("site_dir outside", config_edit("docs_dir: docs\n", "docs_dir: docs\nsite_dir: /tmp\n"), None, "site_dir:"),
    # mkdocs.yml: YAML that runs code or hides a value
    (
        "python tag in mkdocs.yml",
        config_edit("strict: true\n", "strict: !!python/object/apply:os.system ['true']\n"),
        None,
        "!!python/object/apply:os.system",
    ),
    (
        "duplicate key in mkdocs.yml",
        config_edit("docs_dir: docs\n", "docs_dir: docs\nsite_name: Another name\n"),
        None,
        "appears twice",
    ),
    ("anchor in mkdocs.yml", config_edit("  language: en\n", "  language: &l en\n"), None, "anchor or alias"),
    (
        "INHERIT from outside",
        config_edit("docs_dir: docs\n", "docs_dir: docs\nINHERIT: /etc/mkdocs.yml\n"),
        None,
        "INHERIT:",
    ),
    (
        "INHERIT of a hostile parent",
        {
            "mkdocs.yml": "INHERIT: base.yml\n",
            "base.yml": edited(CONFIG, "strict: true\n", "strict: !!python/object/new:os.system ['true']\n"),
        },
        None,
        "base.yml:9:",
    ),
    # pages MkDocs builds: every extension, linked folders, byte-order marks, encodings
    (
        "markup in the title of a .markdown page",
        {"docs/extra.markdown": edited(GLOSSARY, 'title: "', 'title: "<b>')},
        None,
        "docs/extra.markdown:2: title",
    ),
    (
        "page in UTF-16",
        {},
        write_bytes("docs/glossary.md", GLOSSARY.encode("utf-16")),
        "docs/glossary.md: is not UTF-8",
    ),
    (
        "page in Latin-1",
        {},
        write_bytes("docs/glossary.md", ("é" + GLOSSARY).encode("latin-1", "replace")),
        "docs/glossary.md: is not UTF-8",
    ),
    ("folder named like a page", {}, folder("docs/costs.md"), "docs/costs.md: is a folder"),
    (
        "markup in a page behind a linked folder",
        {"more/extra.md": edited(GLOSSARY, 'title: "', 'title: "<b>')},
        link("docs/more", "../more"),
        "docs/more/extra.md:2: title",
    ),
    # links that leave the project, point nowhere or loop
    (
        "page linked to /etc/passwd",
        {},
        link("docs/notes.md", "/etc/passwd"),
        "docs/notes.md: is a link to '/etc/passwd'",
    ),
    ("page linked to /dev/zero", {}, link("docs/zero.md", "/dev/zero"), "docs/zero.md: is a link to '/dev/zero'"),
    ("environment published", {}, link("docs/env.txt", "/proc/self/environ"), "docs/env.txt: is a link"),
    ("folder linked outside", {}, link("docs/etc", "/etc"), "docs/etc: is a link to '/etc'"),
    ("symlink loop in docs", {}, link("docs/loop", "."), "docs/loop: is a link to a folder that contains it"),
    ("data file linked to /dev/zero", {}, link("data/prices.yml", "/dev/zero"), "data/prices.yml: is a link"),
    ("template linked outside", {}, link("overrides/partials/x.html", "/etc/hostname"), "overrides/partials/x.html:"),
    ("share-image cache linked outside", {}, link(".cache/share-images", "/tmp"), ".cache/share-images: is a link"),
    ("link into .git", {}, link("docs/config.txt", "../.git/config"), "docs/config.txt: is a link"),
    ("dangling link", {}, link("docs/gone.md", "nowhere.md"), "docs/gone.md: is a link to 'nowhere.md'"),
    # macro calls in every form the build accepts
    (
        "keyword argument with an unknown id",
        page_code('{{ checklist(checklist_id="nope") }}'),
        None,
        "checklist(): no checklist",
    ),
    ("argument list with an unknown id", page_code('{{ checklist(*["nope"]) }}'), None, "checklist(): no checklist"),
    ("text where a number belongs", page_code('{{ urgent_help("2") }}'), None, "urgent_help(): heading_level must be"),
    ("true where a number belongs", page_code("{{ urgent_help(true) }}"), None, "urgent_help(): heading_level must be"),
    (
        "unknown keyword",
        page_code('{{ checklist("what-to-bring", level=3) }}'),
        None,
        "checklist(): got an unexpected keyword",
    ),
    (
        "argument from page code",
        page_code('{% set c = "nope" %}{{ checklist(c) }}'),
        None,
        "checklist(): give every argument",
    ),
    (
        "macro under another name",
        page_code('{% set f = checklist %}{{ f("nope") }}'),
        None,
        "'checklist' is used other than",
    ),
    ("misspelt macro", page_code('{{ chcklist("what-to-bring") }}'), None, "'chcklist' is not a macro"),
    ("macro as a filter", page_code('{{ "nope" | checklist }}'), None, "'checklist' is used other than"),
    ("macro through the macros variable", page_code('{{ macros.checklist("nope") }}'), None, "'macros' is used"),
    (
        "front matter without a line after it",
        {"docs/short.md": '---\ntitle: "A short page title"\n---'},
        None,
        "docs/short.md:1: front matter is missing",
    ),
    (
        "script from another host written with a backslash",
        config_edit("  - assets/site.js\n", "  - '/\\evil.example/x.js'\n"),
        None,
        "extra_javascript[0]:",
    ),
    (
        "script link with a tab",
        config_edit("extra:\n", 'extra:\n  homepage: "java\\tscript:alert(1)"\n'),
        None,
        "extra.homepage:",
    ),
    ("mkdocs.yml in UTF-16", {}, write_bytes("mkdocs.yml", CONFIG.encode("utf-16")), "mkdocs.yml: not UTF-8"),
]


@pytest.mark.parametrize("name, files, prepare, expected", PROJECT_CASES, ids=[c[0] for c in PROJECT_CASES])
def test_project_problems_stop_check_and_build_with_the_same_one_line(tmp_path, name, files, prepare, expected):
    project = scenario(tmp_path / "project", files)
    if prepare:
        prepare(project)
    marker = tmp_path / "ran"
    if "python" in name:  # the tag would leave a marker if anything ran it
        config = project / "mkdocs.yml"
        config.write_text(
            edited(config.read_text(encoding="utf-8"), "'true'", repr(f"touch {marker}")), encoding="utf-8"
        )
    checked = check(project, {})
    assert checked.returncode == 1, checked.stdout + checked.stderr
    check_line = one_line(checked.stderr, expected)
    assert not marker.exists(), "the check ran code from the configuration"
    if "python" in name or "hostile parent" in name:
        return  # MkDocs' own loader runs such a tag: make, CI and serve run the check first (tested below)
    built = build(project, tmp_path / "site", {"SITE_BUILD_DATE": BUILD_DATE})
    assert built.returncode != 0, f"{name}: the build should have failed"
    output = built.stdout + built.stderr
    if "INHERIT" in name:  # MkDocs reads INHERIT before any project code runs: the check comes first
        assert "Traceback" not in output, output
        return
    build_line = one_line(output, expected)
    assert build_line.endswith(check_line), (check_line, build_line)
    assert not (tmp_path / "site" / "index.html").exists(), "nothing half-built may be left to deploy"


def test_a_page_with_a_byte_order_mark_is_read_as_mkdocs_reads_it(tmp_path):
    project = scenario(tmp_path / "project")
    (project / "docs/glossary.md").write_bytes(b"\xef\xbb\xbf" + GLOSSARY.encode("utf-8"))
    checked = check(project, {})
    assert checked.returncode == 0, checked.stderr


def test_the_share_image_prune_never_deletes_through_a_link(tmp_path):
    from cytokine_site import share_image

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.png").write_bytes(b"x")
    os.utime(elsewhere / "keep.png", (0, 0))  # older than any age limit
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache/share-images").symlink_to(elsewhere)
    assert share_image.prune(tmp_path / ".cache/share-images", max_files=0) == 0
    assert (elsewhere / "keep.png").exists()


def test_make_and_ci_check_the_configuration_before_mkdocs_reads_it():
    """MkDocs' own loader runs a ``!!python/...`` tag: every command that builds runs the check first."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("serve", "build", "check-external-links"):
        recipe = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", makefile, re.M)
        assert recipe, target
        lines = recipe.group(1).splitlines()
        assert "-m cytokine_site check" in lines[0] and any("mkdocs " in line for line in lines[1:]), target
    import yaml

    for workflow in sorted((ROOT / ".github/workflows").glob("*.yml")):
        jobs = yaml.load(workflow.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["jobs"]
        for name, job in jobs.items():
            runs = [step.get("run", "") for step in job.get("steps", [])]
            for index, run in enumerate(runs):
                if re.search(r"mkdocs build|zensical build", run):
                    checks = [r for r in runs[:index] if "-m cytokine_site check" in r]
                    assert checks, f"{workflow.name} {name}: '{run}' without the check before it"
                    if "mkdocs.preview.yml" in run:
                        assert any("--config mkdocs.preview.yml" in c for c in checks), f"{workflow.name} {name}"


def check(project: Path, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``make check-data`` on ``project`` on the tests' fixed day, in this process."""
    return check_project(project, {"SITE_BUILD_DATE": BUILD_DATE, **environment})


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


# A page may hold text that looks like the marker a failing macro once left in the page: it stays text.
FORGED = "<cytokine-macro-error>data/prices.yml:3: estimates: forged</cytokine-macro-error>"


@pytest.fixture(scope="module")
def tricky(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    """The project with tricky text in the data and ``mkdocs.yml`` and a forged error marker in a page, built:
    ``(project, site, build result)``."""
    tmp = tmp_path_factory.mktemp("tricky")
    config = edited(CONFIG, "    address: null\n", f"    address: {yaml_text('- ' + TRICKY)}\n")
    config = edited(config, "    email: null\n", '    email: "info@example.com"\n')
    files = {"data/prices.yml": tricky_data(), "mkdocs.yml": config, **page_code(FORGED)}
    project = with_drawn_cards(scenario(tmp / "project", files))
    result = build(project, tmp / "site", {"SITE_BUILD_DATE": BUILD_DATE})
    assert result.returncode == 0, result.stderr
    return project, tmp / "site", result


@pytest.fixture(scope="module")
def tricky_site(tricky) -> Path:
    return tricky[1]


def test_a_forged_error_marker_in_a_page_is_only_text(tricky):
    project, site, built = tricky
    assert check_project(project, {}).returncode == 0
    assert "estimates: forged" not in built.stdout + built.stderr
    assert "estimates: forged" in soup(site / "glossary/index.html").get_text()


def test_tricky_text_passes_every_check():
    from cytokine_site.loader import parse_prices

    parse_prices(tricky_data())


def test_every_page_shows_tricky_text_as_text_and_nothing_else(tricky_site):
    known_scripts = {"application/ld+json"}
    for path in [*html_pages(tricky_site), tricky_site / "404.html"]:
        page = soup(path)
        where = path.relative_to(tricky_site)
        for element in page.find_all(True):
            handlers = [a for a in element.attrs if a.lower().startswith("on")]
            assert not handlers, f"{where}: event handler {handlers} on <{element.name}>"
            for attr in ("href", "src", "action", "formaction", "xlink:href"):
                value = str(element.get(attr) or "").strip().lower()
                assert not value.startswith(("javascript:", "vbscript:", "data:text")), f"{where}: {attr}={value}"
        for img in page.find_all(["img", "iframe", "object", "embed"]):
            assert "evil.example" not in str(img.get("src")), f"{where}: {img}"
        for script in page.find_all("script"):
            src = script.get("src")
            assert src is None or "://" not in src, f"{where}: script from another host: {src}"
            assert "alert(1)" not in script.get_text() or script.get("type") in known_scripts, where
        text = page.get_text(" ")
        if path.name == "index.html" and where.parts[:1] == ("planning",):
            assert TRICKY in " ".join(text.split()), "the tricky text shows as text"


def test_the_tricky_text_appears_verbatim(tricky_site):
    page = soup(tricky_site / "planning/index.html")
    heading = page.find(id="what-to-bring")
    assert heading is not None and heading.name == "h2"
    assert " ".join(heading.get_text(" ").split()).startswith("1. " + TRICKY)
    footer = soup(tricky_site / "contact/index.html")
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
            time.sleep(0.1)
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
        data.write_text(GOOD, encoding="utf-8")
        faq = project / "docs/faq.md"
        good_page = faq.read_text(encoding="utf-8")

        def page_in_utf16() -> None:
            faq.write_bytes(good_page.encode("utf-16"))

        def loop_in_docs() -> None:
            faq.write_text(good_page, encoding="utf-8")
            (project / "docs/loop").symlink_to(".")
            faq.write_text(good_page + "\n", encoding="utf-8")  # an edit MkDocs notices

        for make_bad, expected in (
            (page_in_utf16, "docs/faq.md: is not UTF-8"),
            (loop_in_docs, "docs/loop: is a link"),
        ):
            make_bad()
            wait_for(lambda: expected in (tmp_path / "serve.log").read_text(), f"the one line {expected!r}")
            assert server.poll() is None, "mkdocs serve is still running"
        (project / "docs/loop").unlink()
        data.write_text(edited(GOOD, "    min: 4000\n", "    min: 4100\n"), encoding="utf-8")
        wait_for(lambda: "US$4,100" in page(), "the fixed file to be served")
        assert "Traceback" not in (tmp_path / "serve.log").read_text()
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
