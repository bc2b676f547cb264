"""Make variables never become shell code: `make price-diff BASE=...` and `make PYTHON=...` with hostile text.

Each test runs the real Makefile in a throw-away git repository. Its `.venv` is a stand-in (a script that runs
this interpreter) made newer than the lock files, so make never tries to install anything.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import BUILD_DATE, GIT_ENV, ROOT

MAKE = shutil.which("make") or "make"  # the README's two commands need make: no skipping here


# A make run from `make test` inherits MAKELEVEL and MAKEFLAGS and then prints "make[1]: ..." lines:
# each test runs make as a reader would, from a plain shell.
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES")}


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository with the Makefile, the lock files and data/prices.yml committed on `main`."""
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    for name in ("Makefile", "requirements.lock", "requirements-test.lock", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, repo / name)
        os.utime(repo / name, (1_000_000_000, 1_000_000_000))  # older than the stand-in .venv below
    shutil.copy2(ROOT / "data/prices.yml", repo / "data/prices.yml")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Prices as published")
    # The stand-in virtual environment: bin/python runs this interpreter; the install stamp is up to date.
    (repo / ".venv/bin").mkdir(parents=True)
    python = repo / ".venv/bin/python"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    checksum = subprocess.run(
        "cat requirements.lock requirements-test.lock | cksum",
        shell=True,
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[0]
    (repo / f".venv/.installed-{checksum}").touch()
    (tmp_path / "marker").mkdir()
    return repo


def make(repo: Path, *args: str, dry_run: bool = False) -> subprocess.CompletedProcess:
    env = {**CLEAN_ENV, **GIT_ENV, "PYTHONPATH": str(ROOT), "SITE_BUILD_DATE": BUILD_DATE}
    env.pop("MAKEFLAGS", None)
    env.pop("MFLAGS", None)
    # -s: make does not echo the recipe, so only the command's own output is left to check.
    command = [MAKE, "--no-print-directory", "-n" if dry_run else "-s", *args]
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=120)


def markers(repo: Path) -> list[str]:
    return sorted(p.name for p in (repo.parent / "marker").iterdir())


def own_lines(result: subprocess.CompletedProcess) -> list[str]:
    """Output lines that are not make's own "make: *** [...] Error 2" note."""
    return [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if line.strip() and not line.startswith("make: ***")
    ]


def hostile_values(marker: str) -> dict[str, str]:
    """BASE values that a shell (or make) would run if they were spliced into the command line."""
    touch = f"touch {marker}"
    return {
        "double-quote": f'x"; {touch}; echo "',
        "single-quote": f"x'; {touch}; echo '",
        "backtick": f"x`{touch}`",
        "dollar-paren": f"x$({touch})",
        "make-shell": f"x$(shell {touch})",
        "semicolon": f"x; {touch}",
        "newline": f"x\n{touch}",
        "option": f"--output={marker}",
    }


CASES = list(hostile_values("M"))


@pytest.mark.parametrize("case", CASES)
def test_hostile_base_runs_nothing_and_gives_one_line(repo, case):
    marker = repo.parent / "marker" / case
    result = make(repo, "price-diff", f"BASE={hostile_values(str(marker))[case]}")
    assert markers(repo) == [], f"BASE ran a command: {result.stdout}{result.stderr}"
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = own_lines(result)
    assert len(lines) == 1, lines
    assert lines[0].startswith("price-diff: "), lines
    assert "sh:" not in lines[0] and "syntax error" not in lines[0]


@pytest.mark.parametrize("case", CASES)
def test_hostile_base_in_the_environment_runs_nothing(repo, case):
    marker = repo.parent / "marker" / case
    env_value = hostile_values(str(marker))[case]
    env = {**CLEAN_ENV, **GIT_ENV, "PYTHONPATH": str(ROOT), "SITE_BUILD_DATE": BUILD_DATE, "BASE": env_value}
    env.pop("MAKEFLAGS", None)
    result = subprocess.run(
        [MAKE, "--no-print-directory", "-s", "price-diff"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert markers(repo) == [], result.stdout + result.stderr
    assert len(own_lines(result)) == 1, own_lines(result)


@pytest.mark.parametrize("case", CASES)
def test_dry_run_shows_no_hostile_text(repo, case):
    """`make -n` prints the recipe as the shell will get it: the value stays in the environment."""
    marker = repo.parent / "marker" / case
    result = make(repo, "price-diff", f"BASE={hostile_values(str(marker))[case]}", dry_run=True)
    assert markers(repo) == [], result.stdout + result.stderr
    assert result.returncode == 0, result.stderr
    assert str(marker) not in result.stdout
    assert '--base="$PRICE_DIFF_BASE"' in result.stdout


def test_branch_name_with_a_backtick_is_compared(repo, tmp_path):
    """Git allows ` $ { } in branch names; such a branch is a normal base for the report."""
    marker = tmp_path / "marker" / "branch"
    branch = f"prices`touch${{IFS}}{marker}`"
    git(repo, "branch", branch)
    result = make(repo, "price-diff", f"BASE={branch}")
    assert markers(repo) == [], result.stdout + result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("No price changes."), result.stdout


def test_default_base_still_works(repo):
    result = make(repo, "price-diff")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "origin/main not found; comparing with main instead" in result.stderr


@pytest.mark.parametrize(
    "value",
    [
        "python3; touch {m}",
        "python3 `touch {m}`",
        "$(shell touch {m})",
        "python3 -c \"import os; os.system('touch {m}')\"",
    ],
)
def test_python_variable_must_be_a_plain_path(repo, value):
    """PYTHON is used only while creating .venv; a value that is not a plain program path is refused."""
    marker = repo.parent / "marker" / "python"
    for stamp in repo.glob(".venv/.installed-*"):
        stamp.unlink()  # make now wants to create .venv with $(PYTHON)
    result = make(repo, "check-data", f"PYTHON={value.format(m=marker)}")
    assert markers(repo) == [], result.stdout + result.stderr
    assert result.returncode != 0
    lines = own_lines(result)
    assert lines == [
        "PYTHON must be a program name or path such as python3 or /usr/bin/python3.12 "
        "(letters, digits and _ . / + - only)"
    ], lines
    assert (repo / ".venv/bin/python").exists(), "nothing was removed"


INTERNAL = ["BIN", "VENV", "STAMP", "NPM_CI", "SHELL", ".SHELLFLAGS", "NO_MKDOCS_2_WARNING"]


def test_internal_variables_cannot_be_replaced_from_the_command_line(repo):
    """All at once, each with a command that leaves a marker named after it: a variable that could be replaced
    names itself in the markers, and the check still runs as usual."""
    hostile = [f"{variable}=x; touch {repo.parent / 'marker' / variable}; echo " for variable in INTERNAL]
    result = make(repo, "check-data", *hostile)
    assert markers(repo) == [], result.stdout + result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    assert "data/prices.yml: OK" in result.stdout


def test_internal_variables_keep_their_values_when_given_on_the_command_line(repo):
    """What make itself holds in each variable, read without running a shell: the same with hostile values given
    as without (a variable the recipes of one target never use is covered too)."""
    show = "show-internal: ; $(foreach v," + " ".join(INTERNAL) + ",$(info $(v)=[$($(v))]))"
    plain = make(repo, "--eval", show, "show-internal")
    hostile = make(repo, "--eval", show, "show-internal", *(f"{variable}=x; echo " for variable in INTERNAL))
    assert plain.returncode == 0, plain.stderr
    assert len(plain.stdout.splitlines()) == len(INTERNAL), plain.stdout
    assert hostile.stdout == plain.stdout, hostile.stdout + hostile.stderr


@pytest.mark.parametrize("variable, value", [("NO_MKDOCS_2_WARNING", "1"), ("DISABLE_MKDOCS_2_WARNING", "true")])
def test_exported_settings_cannot_be_replaced_from_the_command_line(repo, variable, value):
    show = f'show-it: ; @echo "[$${variable}]"'
    result = make(repo, "--eval", show, "show-it", f"{variable}=changed")
    assert result.stdout.strip() == f"[{value}]", result.stdout + result.stderr


def test_lighthouse_script_refuses_a_port_that_is_not_a_number(tmp_path):
    """PORT reaches a URL and a Python one-liner in scripts/lighthouse-report.sh: only digits are accepted."""
    (tmp_path / "scripts").mkdir()
    script = shutil.copy2(ROOT / "scripts/lighthouse-report.sh", tmp_path / "scripts")
    marker = tmp_path / "marker"
    port = f"1/'); import os; os.system('touch {marker}') #"
    result = subprocess.run(
        ["bash", str(script)],
        cwd=tmp_path,
        env={**os.environ, "PORT": port},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert not marker.exists()
    assert result.returncode == 2
    assert result.stderr.strip() == "PORT must be a port number such as 8765"
