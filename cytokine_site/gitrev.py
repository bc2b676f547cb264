"""Thin adapter: read a file as it was at a git revision (``git show REV:PATH``)."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

DEFAULT_BASE = "origin/main"
# Tried in order when DEFAULT_BASE does not exist (a fresh clone without a remote, a local branch only).
FALLBACK_BASES = ("main", "HEAD")


class GitError(Exception):
    """Git could not answer; the message says what to do."""


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=repo, capture_output=True, timeout=60, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed; install git to compare versions of the data file") from None


MAX_REV_LENGTH = 256


def check_rev(rev: str) -> None:
    """Refuse a revision that could act as a git option or break the one-line messages, before git sees it."""
    if not rev:
        raise GitError("the git revision is empty; give a branch, tag or commit (for example BASE=main)")
    if len(rev) > MAX_REV_LENGTH:
        raise GitError(f"the git revision is {len(rev)} characters long; at most {MAX_REV_LENGTH} are allowed")
    if any(unicodedata.category(c)[0] in "CZ" and c != " " for c in rev):
        raise GitError(
            "the git revision contains a control, invisible or line-break character; "
            "give a branch, tag or commit name as plain text"
        )
    if rev.startswith("-"):
        raise GitError(f"the git revision {rev!r} starts with '-'; give a branch, tag or commit name")


def exists(repo: Path, rev: str) -> bool:
    check_rev(rev)
    return _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode == 0


def resolve_base(repo: Path, requested: str) -> tuple[str, str | None]:
    """The revision to compare with, and a note when a fallback was used instead of ``requested``."""
    check_rev(requested)
    if exists(repo, requested):
        return requested, None
    if requested == DEFAULT_BASE:
        for candidate in FALLBACK_BASES:
            if exists(repo, candidate):
                return candidate, f"{requested} not found; comparing with {candidate} instead"
    raise GitError(
        f"unknown git revision {requested!r}; give a branch, tag or commit that exists "
        f"(for example BASE=main), or run `git fetch` first"
    )


def read_at(repo: Path, rev: str, path: str) -> str | None:
    """The text of ``path`` at ``rev``, or None when the file did not exist there."""
    if not exists(repo, rev):
        raise GitError(f"unknown git revision {rev!r}")
    if _git(repo, "cat-file", "-e", f"{rev}:{path}").returncode != 0:
        return None
    result = _git(repo, "show", f"{rev}:{path}")
    if result.returncode != 0:
        raise GitError(f"git show {rev}:{path} failed: {result.stderr.decode('utf-8', 'replace').strip()}")
    try:
        text: str = result.stdout.decode("utf-8")
        return text
    except UnicodeDecodeError as err:
        raise GitError(f"{path} at {rev} is not UTF-8 text ({err.reason})") from None


def short(repo: Path, rev: str) -> str:
    """A readable name for ``rev``: the name itself plus the short commit id when they differ."""
    check_rev(rev)
    result = _git(repo, "rev-parse", "--short", rev)
    sha = result.stdout.decode().strip() if result.returncode == 0 else ""
    if not sha:
        return _code(rev)
    if all(c in "0123456789abcdef" for c in rev.lower()) and len(rev) >= 7:
        return _code(sha)
    return f"{_code(rev)} ({sha})"


def _code(text: str) -> str:
    """``text`` as a Markdown code span, even when it holds backticks (a branch name may)."""
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
