"""Lint, format and types inside `make test`: `ruff check`, `ruff format --check`, `mypy --strict` on the package
and scripts, and mypy on the tests (every function body checked).

The settings live in pyproject.toml; the tools are pinned in requirements-test.lock.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import ROOT

PATHS = ["cytokine_site", "tests", "scripts"]

# The tests under the same configuration (pyproject.toml), with every function body type-checked
# (--check-untyped-defs, part of strict) but without strict's demand that each test and fixture be annotated;
# a tag or match that may be None is left to the test itself to fail on. The package is checked strictly by
# the run above, so its errors are not repeated here; a cache of its own keeps the two runs from undoing each
# other's.
TESTS_MYPY = [
    "mypy",
    "--allow-untyped-defs",
    "--allow-incomplete-defs",
    "--allow-untyped-calls",
    "--allow-untyped-decorators",
    "--allow-any-generics",
    "--no-warn-return-any",
    "--no-warn-unused-ignores",
    "--disable-error-code=union-attr",
    "--disable-error-code=index",
    "--follow-imports=silent",
    "--cache-dir=.mypy_cache/tests",
    "tests",
]


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", *PATHS],
        ["ruff", "format", "--check", *PATHS],
        ["mypy"],
        TESTS_MYPY,
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict", "mypy-tests"],
)
def test_tool_passes(command):
    result = subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_runs_strict_on_the_package_and_the_scripts():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "[tool.mypy]" in text and "strict = true" in text and 'files = ["cytokine_site", "scripts"]' in text


def _imports(path):
    """(imported module, names) for every `from .x import a, b` / `from cytokine_site.x import ...` in a module."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 1 or module.startswith("cytokine_site"):
                name = module.removeprefix("cytokine_site").lstrip(".") if node.level == 0 else module
                yield name, [alias.name for alias in node.names]


def test_no_module_imports_a_private_name_from_another():
    package = ROOT / "cytokine_site"
    for path in sorted(package.glob("*.py")):
        for module, names in _imports(path):
            private = [n for n in names if n.startswith("_")]
            assert not private or not module, f"{path.name} imports {private} from {module}"


def test_the_import_graph_has_no_cycle():
    package = ROOT / "cytokine_site"
    modules = {p.stem for p in package.glob("*.py")}
    graph = {
        p.stem: {m.split(".")[0] for m, names in _imports(p) if m.split(".")[0] in modules}
        | {n for m, names in _imports(p) if not m for n in names if n in modules}
        for p in package.glob("*.py")
    }
    visiting, done = set(), set()

    def visit(node, trail):
        assert node not in visiting, "import cycle: " + " -> ".join([*trail, node])
        if node in done:
            return
        visiting.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt != node:
                visit(nxt, [*trail, node])
        visiting.discard(node)
        done.add(node)

    for module in sorted(graph):
        visit(module, [])
