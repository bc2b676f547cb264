"""Everything the build reads from outside the code, checked in one pass.

:func:`check_project` is the single entry point used by the build (``macros.define_env``) and by
``python -m cytokine_site check`` (:func:`check_checkout`): ``mkdocs.yml`` (every value that reaches a page,
the owner facts, ``site_url``), ``SITE_BUILD_DATE`` and ``SITE_URL``, the links in the project's folders,
the data file, and every page MkDocs itself collects: its front matter and each macro call, run as the build
runs it. A problem anywhere raises :class:`ProjectError` with one line.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils import is_markdown_file

from . import offline, organization, pages, settings
from .loader import DataFileError, load_prices_with_lines
from .messages import message
from .model import PriceData
from .text import shown

DATA_FILE = "data/prices.yml"
# Folders whose files reach the site or the build. A link in them may point only inside the project folder.
LINKED_FOLDERS = ("docs", "data", "overrides", ".cache")
MAX_ENTRIES = 100_000  # files and folders seen through links; a few hundred are real

Macros = Mapping[str, Callable[..., str]]
Binder = Callable[[PriceData, dt.date, Mapping[str, str | None]], Macros]


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
    macros: Macros
    docs_label: str  # the docs folder as messages name it, e.g. "docs"


def check_project(
    root: Path,
    config: MkDocsConfig,
    raw: Mapping[str, Any],
    config_lines: Mapping[tuple[str | int, ...], int],
    *,
    bind: Binder,
    environ: Mapping[str, str] | None = None,
) -> Project:
    """Check the whole project.

    ``config`` is the configuration as MkDocs loaded it (its file list is the list of pages); ``raw`` and
    ``config_lines`` are the same file as :func:`settings.read_config` read it; ``bind`` gives the macros.
    """
    root = Path(os.path.abspath(root))
    docs_dir = Path(os.path.abspath(config.docs_dir))
    docs_label = pages.label(docs_dir, "", root).rstrip("/") or "."
    try:
        today = settings.build_date(environ)
        site_url = settings.site_url(config.site_url, line=config_lines.get(("site_url",)))
        settings.check_config(raw, config_lines, root)
        org = organization.read(raw.get("extra"), config_lines)
        check_links(root, [docs_dir, *(root / folder for folder in LINKED_FOLDERS[1:])], docs_dir)
        data, lines = load_prices_with_lines(root / DATA_FILE, today=today, label=DATA_FILE)
        macros = bind(data, today, org)
        found = pages.check_pages(config, root, macros)
        offline.offline_sources(raw.get("extra"), docs_dir, line=config_lines.get(offline.SETTING))
    except (
        settings.SettingsError,
        organization.OrganizationError,
        DataFileError,
        pages.PageError,
        offline.OfflineError,
    ) as err:
        raise ProjectError(str(err)) from None
    return Project(data, lines, org, site_url, today, found, macros, docs_label)


def check_checkout(
    root: Path, bind: Binder, environ: Mapping[str, str] | None = None, config_file: str = settings.CONFIG_FILE
) -> Project:
    """:func:`check_project` for a checkout on disk. ``mkdocs.yml`` is read as plain data first, so that a
    tag which MkDocs' own loader would run (``!!python/...``) stops the check before MkDocs sees the file."""
    try:
        raw, lines = settings.read_config(root / config_file, root=root)
        settings.site_url(raw.get("site_url"), line=lines.get(("site_url",)))  # before MkDocs' loader, which
        settings.check_config(raw, lines, root)  # then reads the same values
        config = load_config(str(root / config_file))
    except (settings.SettingsError, ConfigurationError) as err:
        raise ProjectError(str(err)) from None
    return check_project(root, config, raw, lines, bind=bind, environ=environ)


def check_links(root: Path, folders: Iterable[Path], docs_dir: Path) -> None:
    """Refuse, with one line naming it, a link in ``folders`` whose target leaves ``root`` (or enters .git),
    points nowhere, or loops back to a folder that holds it; and a folder under ``docs_dir`` named like a page.

    Links to folders inside ``root`` are followed, as MkDocs follows them when it collects the pages.
    """
    seen = [0]
    real_root = Path(os.path.realpath(root))

    def inside(target: Path) -> bool:
        return target.is_relative_to(real_root) and not target.is_relative_to(real_root / ".git")

    def fail(path: Path, key: str, **values: str) -> pages.PageError:
        return pages.PageError(f"{pages.label(path, '', root).rstrip('/')}: {message(key, **values)}")

    def walk(folder: Path, in_docs: bool) -> None:
        real_folder = Path(os.path.realpath(folder))
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:  # not a folder, or missing: the reader of that path says so
            return
        for entry in entries:
            seen[0] += 1
            path = Path(entry.path)
            if seen[0] > MAX_ENTRIES:
                raise fail(path, "link_loop")
            if entry.is_symlink():
                target = Path(os.path.realpath(path))
                if not inside(target):
                    raise fail(path, "link_outside", target=shown(os.readlink(path), 60))
                if not target.exists():
                    raise fail(path, "link_dangling", target=shown(os.readlink(path), 60))
                if target.is_dir():
                    if real_folder.is_relative_to(target):
                        raise fail(path, "link_loop")
                    walk(path, in_docs)
            elif entry.is_dir(follow_symlinks=False):
                if in_docs and is_markdown_file(entry.name):
                    raise fail(path, "page_folder")
                walk(path, in_docs)

    for folder in folders:
        if folder.is_symlink():
            target = Path(os.path.realpath(folder))
            if not inside(target):
                raise fail(folder, "link_outside", target=shown(os.readlink(folder), 60))
        walk(folder, folder == docs_dir)
