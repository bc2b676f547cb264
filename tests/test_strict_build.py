"""Every link problem fails the build, and the test build sees every warning the real build sees.

MkDocs 1.6.1 drops warnings before strict mode counts them when the quiet flag is given (mkdocs/mkdocs#4126),
so a strict build that is also quiet exits 0 on a broken link that fails the real build. No build in this
project may use the quiet flag.
"""

from __future__ import annotations

import logging
import re

import pytest

from helpers import ROOT, mkdocs_config

# Every file that runs a build: the test fixtures, scripts, the Makefile, the workflows and the CI entry point.
BUILD_FILES = sorted(
    [
        *ROOT.glob("tests/**/*.py"),
        *ROOT.glob("scripts/*"),
        ROOT / "Makefile",
        ROOT / ".ci/run",
        *ROOT.glob(".github/workflows/*.yml"),
        ROOT / ".pre-commit-config.yaml",
    ]
)
QUIET = re.compile(r"""(?:^|[\s"',\[])(?:--quiet|-q)(?=[\s"',\]]|$)""")


def test_every_link_and_navigation_check_is_a_warning_and_warnings_fail_the_build():
    """mkdocs.yml raises each of MkDocs' link and navigation checks to a warning (several are only logged as
    information by default) and builds strictly, so a broken link or anchor stops the build. That MkDocs then
    reports them is MkDocs' own business, tested by MkDocs."""
    config = mkdocs_config()
    assert config.strict is True
    levels = {f"nav.{k}": v for k, v in config.validation.nav.items()}
    levels |= {f"links.{k}": v for k, v in config.validation.links.items()}
    assert levels and all(level >= logging.WARNING for level in levels.values()), levels


@pytest.mark.parametrize("path", BUILD_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_build_is_quiet(path):
    """No line that runs a MkDocs or Zensical build carries the quiet flag (long or short form)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if re.search(r"""(?:mkdocs|zensical)["',\s]+build\b|["']build["'],\s*["']--strict""", line):
            assert not QUIET.search(line), f"{path.relative_to(ROOT)}:{number}: a build with --quiet: {line.strip()}"
