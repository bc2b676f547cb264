"""Small helpers for caches of files read during a build: a file's identity and a bounded dict.

A file is known by its path, modification time, size and inode. A file changed less than
:data:`FRESH_SECONDS` ago has no identity (None), so it is never cached: file systems stamp times
coarsely (up to 2 s on some), and a second edit that soon could keep both size and time (the problem
git calls "racy clean").
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, TypeVar

FRESH_SECONDS = 2.0
Value = TypeVar("Value")


def file_key(path: Path, *, resolve: bool = True) -> tuple[Any, ...] | None:
    """Path, modification time, size and inode; None when the file is missing or changed just now."""
    try:
        stat = path.stat()
    except OSError:
        return None
    if time.time() - stat.st_mtime < FRESH_SECONDS:
        return None
    return (str(path.resolve() if resolve else path), stat.st_mtime_ns, stat.st_size, stat.st_ino)


def remember(cache: dict[tuple[Any, ...], Value], key: tuple[Any, ...], value: Value, size: int) -> Value:
    """Store ``value`` as the newest entry, dropping the oldest beyond ``size`` entries; return it."""
    cache.pop(key, None)
    cache[key] = value
    while len(cache) > size:
        del cache[next(iter(cache))]
    return value
