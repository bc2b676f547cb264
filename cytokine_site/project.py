"""Everything the build reads from outside the code, checked in one pass.

:func:`check_project` is the single entry point used by the build (``macros.define_env``) and by
``python -m cytokine_site check``: the data file, the owner facts and ``site_url`` in
``mkdocs.yml``, ``SITE_BUILD_DATE`` and ``SITE_URL``, and every page's front matter and the data
ids its macros use. A problem anywhere raises :class:`ProjectError` with one line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import organization, pages, settings
from .loader import DataFileError, load_prices_with_lines
from .model import PriceData

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
        data, lines = load_prices_with_lines(root / DATA_FILE, today=today, label=DATA_FILE)
        found = pages.check_pages(docs_dir or root / str(config.get("docs_dir") or "docs"), data, root=root)
    except (settings.SettingsError, organization.OrganizationError, DataFileError, pages.PageError) as err:
        raise ProjectError(str(err)) from None
    return Project(data=data, lines=lines, organization=org, site_url=site_url, today=today, pages=found)


def check_checkout(root: Path, environ: Mapping[str, str] | None = None) -> Project:
    """:func:`check_project` for a checkout on disk, reading ``mkdocs.yml`` as MkDocs would."""
    try:
        config, config_lines = settings.read_config(root / settings.CONFIG_FILE)
    except (OSError, settings.SettingsError) as err:
        raise ProjectError(str(err)) from None
    return check_project(root, config, config_lines, environ=environ)
