"""The test build sees every warning the real build sees.

MkDocs 1.6.1 drops warnings before strict mode counts them when the quiet flag is given (mkdocs/mkdocs#4126),
so a strict build that is also quiet exits 0 on a broken link that fails the real build. No build in this
project may use the quiet flag.
"""

from __future__ import annotations

import re

import pytest

from helpers import ROOT, build, copy_project

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


@pytest.fixture(scope="module")
def broken_link_project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("broken-link") / "project")
    glossary = project / "docs/glossary.md"
    glossary.write_text(
        glossary.read_text(encoding="utf-8") + "\n\nSee [the missing page](no-such-page.md).\n", encoding="utf-8"
    )
    return project


def test_the_test_build_fails_on_a_broken_internal_link(broken_link_project, tmp_path):
    result = build(broken_link_project, tmp_path / "site")
    assert result.returncode != 0, "a broken internal link must fail the strict test build"
    assert "no-such-page.md" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_test_build_fails_on_a_missing_anchor(tmp_path):
    project = copy_project(tmp_path / "project")
    glossary = project / "docs/glossary.md"
    glossary.write_text(
        glossary.read_text(encoding="utf-8") + "\n\nSee [costs](costs/index.md#no-such-anchor).\n", encoding="utf-8"
    )
    result = build(project, tmp_path / "site")
    assert result.returncode != 0, "a link to a missing anchor must fail the strict test build"
    assert "no-such-anchor" in result.stderr


@pytest.mark.parametrize("path", BUILD_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_build_is_quiet(path):
    """No line that runs a MkDocs or Zensical build carries the quiet flag (long or short form)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if re.search(r"""(?:mkdocs|zensical)["',\s]+build\b|["']build["'],\s*["']--strict""", line):
            assert not QUIET.search(line), f"{path.relative_to(ROOT)}:{number}: a build with --quiet: {line.strip()}"
