"""Copied Material templates stay copies with one small, named change.

A template in ``overrides/`` that replaces one of Material's starts with a comment
``{#- Material X.Y.Z <path> with one change: ... -#}``. When Material is upgraded this test fails, so the
copy is refreshed from the new version instead of silently carrying old markup.
"""

from __future__ import annotations

import difflib
import re
from importlib.metadata import version
from pathlib import Path

import material

from helpers import ROOT

THEME = Path(material.__file__).parent / "templates"
HEADER = re.compile(r"\A\{#- Material (?P<version>\S+) (?P<path>\S+) with one change:.*?-#\}\n", re.S)
GENERATED = "{#-\n  This file was automatically generated - do not edit\n-#}\n"
MAX_CHANGED_LINES = 4


def copies() -> list[Path]:
    """Templates that replace Material's file of the same name. Ones that ``{% extends %}`` a template
    (main.html, a 404 page) only fill in blocks and are not copies."""
    return sorted(
        p
        for p in (ROOT / "overrides").rglob("*.html")
        if (THEME / p.relative_to(ROOT / "overrides")).is_file() and "{% extends" not in p.read_text(encoding="utf-8")
    )


def test_each_copied_template_names_its_material_version_and_has_a_small_diff():
    found = copies()
    assert found, "expected at least the search and nav-item partials"
    installed = version("mkdocs-material")
    for path in found:
        rel = path.relative_to(ROOT / "overrides").as_posix()
        text = path.read_text(encoding="utf-8")
        header = HEADER.match(text)
        assert header, (
            f"overrides/{rel} replaces Material's template but has no 'Material X.Y.Z {rel} with one change' comment"
        )
        assert header["path"] == rel, f"overrides/{rel} says it copies {header['path']}"
        assert header["version"] == installed, (
            f"overrides/{rel} is a copy from Material {header['version']}, but {installed} is installed: "
            f"copy {rel} from the new version again and re-apply the one change"
        )
        original = (THEME / rel).read_text(encoding="utf-8").removeprefix(GENERATED)
        diff = [
            line
            for line in difflib.unified_diff(original.splitlines(), text[header.end() :].splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        assert 0 < len(diff) <= MAX_CHANGED_LINES, (
            f"overrides/{rel} differs from Material in {len(diff)} lines:\n" + "\n".join(diff)
        )


BLOCK_HEADER = re.compile(
    r"\A\{#- Material (?P<version>\S+) block `(?P<block>\w+)` with (?P<count>\w+) changes?:", re.S
)
MAX_BLOCK_CHANGED_LINES = 26  # the seo-meta copy changes 22 lines today


def material_block(name: str) -> str:
    """The body of ``{% block name %}`` in Material's base.html."""
    text = (THEME / "base.html").read_text(encoding="utf-8")
    found = re.search(r"\{%\s*block " + name + r"\s*%\}(.*?)\{%\s*endblock\s*%\}", text, re.S)
    assert found, f"Material's base.html has no block {name}"
    return found.group(1)


def normalised(template: str) -> list[str]:
    """Lines compared without whitespace control (``{%-``) and escaping (``| e``), which the copies add."""
    text = re.sub(r"\{([%{])-", r"{\1", template)
    text = re.sub(r"-([%}])\}", r"\1}", text).replace(" | e", "")
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def block_copies() -> list[Path]:
    """Partials that copy one block of Material's base.html (the head meta tags, for instance)."""
    return sorted(p for p in (ROOT / "overrides").rglob("*.html") if BLOCK_HEADER.match(p.read_text(encoding="utf-8")))


def test_each_copied_block_names_its_material_version_and_stays_close_to_it():
    found = block_copies()
    assert any(p.name == "seo-meta.html" for p in found), "the head meta partial is a copy of block site_meta"
    installed = version("mkdocs-material")
    for path in found:
        text = path.read_text(encoding="utf-8")
        header = BLOCK_HEADER.match(text)
        assert header["version"] == installed, (
            f"{path.relative_to(ROOT)} copies block {header['block']} from Material {header['version']}, but "
            f"{installed} is installed: copy the block again and re-apply the changes"
        )
        body = text[text.index("-#}") + 3 :]
        squash, mine = normalised(material_block(header["block"])), normalised(body)
        diff = [
            line
            for line in difflib.unified_diff(squash, mine, lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        assert len(diff) <= MAX_BLOCK_CHANGED_LINES, (
            f"{path.relative_to(ROOT)} has drifted far from Material:\n" + "\n".join(diff)
        )


def test_every_override_is_either_a_named_copy_or_only_extends():
    for path in sorted((ROOT / "overrides").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT / "overrides")
        if (THEME / rel).is_file() and "{% extends" not in text:
            assert HEADER.match(text), f"overrides/{rel} replaces Material's file without naming the copy"
