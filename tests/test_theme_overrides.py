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
    return sorted(p for p in (ROOT / "overrides").rglob("*.html")
                  if (THEME / p.relative_to(ROOT / "overrides")).is_file()
                  and "{% extends" not in p.read_text(encoding="utf-8"))


def test_each_copied_template_names_its_material_version_and_has_a_small_diff():
    found = copies()
    assert found, "expected at least the search and nav-item partials"
    installed = version("mkdocs-material")
    for path in found:
        rel = path.relative_to(ROOT / "overrides").as_posix()
        text = path.read_text(encoding="utf-8")
        header = HEADER.match(text)
        assert header, f"overrides/{rel} replaces Material's template but has no 'Material X.Y.Z {rel} with one change' comment"
        assert header["path"] == rel, f"overrides/{rel} says it copies {header['path']}"
        assert header["version"] == installed, (
            f"overrides/{rel} is a copy from Material {header['version']}, but {installed} is installed: "
            f"copy {rel} from the new version again and re-apply the one change")
        original = (THEME / rel).read_text(encoding="utf-8").removeprefix(GENERATED)
        diff = [line for line in difflib.unified_diff(original.splitlines(), text[header.end():].splitlines(), lineterm="", n=0)
                if line[:1] in "+-" and not line.startswith(("+++", "---"))]
        assert 0 < len(diff) <= MAX_CHANGED_LINES, f"overrides/{rel} differs from Material in {len(diff)} lines:\n" + "\n".join(diff)
