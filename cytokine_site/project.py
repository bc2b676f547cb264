"""Everything the build reads from outside the code, checked in one pass.

:func:`check_project` is the single entry point used by the build (``macros.define_env``) and by
``python -m cytokine_site check``: the data file, the owner facts and ``site_url`` in
``mkdocs.yml``, ``SITE_BUILD_DATE`` and ``SITE_URL``, and every page's front matter and the data
ids its macros use. A problem anywhere raises :class:`ProjectError` with one line.

The data file and the pages are read and checked once per process and then again only when a file
changes (its path, size or modification time): Zensical's macros extension calls ``define_env`` for
every page, and ``mkdocs serve`` rebuilds after every edit. The checked data is frozen, so sharing it
is safe; a problem is never cached, so it is reported again on the next build.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import offline, organization, pages, settings
from .filecache import file_key, remember
from .loader import DataFileError, load_prices_with_lines
from .model import PriceData

CACHE_SIZE = 4  # entries kept per cache: a few projects (tests build several) without growing for ever

DATA_FILE = "data/prices.yml"


class ProjectError(ValueError):
    """One line: file, line, field and the fix."""


@dataclass(frozen=True)
class Project:
    data: PriceData
    lines: dict[tuple[str | int, ...], int]
    organization: dict[str, str | None]
    site_url: str
    today: dt.date
    pages: dict[str, pages.Page]


def check_project(
    root: Path,
    config: Mapping[str, Any],
    config_lines: Mapping[tuple[str | int, ...], int],
    *,
    docs_dir: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Project:
    """Check the whole project; ``config`` is ``mkdocs.yml`` as MkDocs (or :func:`settings.read_config`) read it."""
    try:
        today = settings.build_date(environ)
        site_url = settings.site_url(config.get("site_url"), line=config_lines.get(("site_url",)))
        settings.check_texts(config, config_lines)
        org = organization.read(config.get("extra"), config_lines)
        data, lines = load_data(root / DATA_FILE, today=today, label=DATA_FILE)
        docs = docs_dir or root / str(config.get("docs_dir") or "docs")
        found = check_pages(docs, data, root=root)
        offline.offline_sources(config.get("extra"), docs, line=config_lines.get(offline.SETTING))
    except (
        settings.SettingsError,
        organization.OrganizationError,
        DataFileError,
        pages.PageError,
        offline.OfflineError,
    ) as err:
        raise ProjectError(str(err)) from None
    return Project(data=data, lines=lines, organization=org, site_url=site_url, today=today, pages=found)


def check_checkout(root: Path, environ: Mapping[str, str] | None = None) -> Project:
    """:func:`check_project` for a checkout on disk, reading ``mkdocs.yml`` as MkDocs would."""
    try:
        config, config_lines = settings.read_config(root / settings.CONFIG_FILE)
    except (OSError, settings.SettingsError) as err:
        raise ProjectError(str(err)) from None
    return check_project(root, config, config_lines, environ=environ)


_data_cache: dict[tuple[Any, ...], tuple[PriceData, dict[tuple[str | int, ...], int]]] = {}
_pages_cache: dict[tuple[Any, ...], tuple[PriceData, dict[str, pages.Page]]] = {}
_scan_cache: dict[tuple[Any, ...], pages.ScannedPage] = {}
SCAN_CACHE_SIZE = 5000  # pages


def load_data(path: Path, *, today: dt.date, label: str) -> tuple[PriceData, dict[tuple[str | int, ...], int]]:
    """:func:`loader.load_prices_with_lines`, read again only when the file or the build date changes."""
    stat_key = file_key(path)
    if stat_key is None:  # missing (the loader phrases the error) or just changed
        return load_prices_with_lines(path, today=today, label=label)
    key = (*stat_key, today, label)
    if key not in _data_cache:
        remember(_data_cache, key, load_prices_with_lines(path, today=today, label=label), CACHE_SIZE)
    return _data_cache[key]


def check_pages(docs_dir: Path, data: PriceData, *, root: Path) -> dict[str, pages.Page]:
    """:func:`pages.check_pages`, done again only when a page is added, removed or changed, or the data changes."""
    keys = [file_key(path, resolve=False) for path in docs_dir.rglob("*.md")]
    if not keys or None in keys:  # no pages (an error to report) or one just changed
        return pages.check_pages(docs_dir, data, root=root, scan=_scan_page)
    files = tuple(sorted(keys))  # type: ignore[type-var]
    key = (str(docs_dir.resolve()), str(root.resolve()), files)
    cached = _pages_cache.get(key)
    # The data is part of the key by identity: load_data returns the same object until the file changes.
    if cached is None or cached[0] is not data:
        found = pages.check_pages(docs_dir, data, root=root, scan=_scan_page)
        remember(_pages_cache, key, (data, found), CACHE_SIZE)
    return _pages_cache[key][1]


def _scan_page(path: Path, docs_dir: Path, root: Path) -> pages.ScannedPage:
    """:func:`pages.scan_page`, read again only when the page changes (after a data edit only ids are checked)."""
    stat_key = file_key(path)
    if stat_key is None:
        return pages.scan_page(path, docs_dir, root)
    key = (*stat_key, str(root))
    if key not in _scan_cache:
        remember(_scan_cache, key, pages.scan_page(path, docs_dir, root), SCAN_CACHE_SIZE)
    return _scan_cache[key]


def clear_caches() -> None:
    """Forget every file read so far (tests use this)."""
    settings.clear_cache()
    _data_cache.clear()
    _pages_cache.clear()
    _scan_cache.clear()
