"""The mkdocs-macros adapter: load the data once, expose the renderers as macros.

This is the only module that knows about mkdocs-macros. It loads and validates
``data/prices.yml`` in ``define_env`` (this works the same under Zensical's
macros extension) and turns a data problem into a build error with one line.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from . import organization, render, seo_macros
from .loader import DataFileError, load_prices

DATA_FILE = "data/prices.yml"


def _build_error(message: str) -> Exception:
    try:
        from mkdocs.exceptions import PluginError
    except ImportError:  # pragma: no cover - another generator without MkDocs
        return SystemExit(message)
    return PluginError(message)


def build_date() -> dt.date:
    """Today, or the date in SITE_BUILD_DATE (YYYY-MM-DD) for reproducible builds and tests."""
    fixed = os.environ.get("SITE_BUILD_DATE")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def define_env(env) -> None:
    project_dir = Path(env.project_dir)
    today = build_date()
    try:
        data = load_prices(project_dir / DATA_FILE, today=today, label=DATA_FILE)
        org_facts = organization.read(env.conf.get("extra"))
    except (DataFileError, organization.OrganizationError) as err:
        raise _build_error(str(err)) from None

    env.variables["prices"] = data
    env.variables["organization"] = org_facts

    @env.macro
    def price_table(caption: str | None = None):
        return render.price_table(data, today, caption)

    @env.macro
    def price_range(estimate_id: str):
        return render.price_range(data, estimate_id, today)

    @env.macro
    def savings(cheaper_id: str, dearer_id: str):
        return render.savings(data, cheaper_id, dearer_id)

    @env.macro
    def exchange_rates_note():
        return render.exchange_rates_note(data)

    @env.macro
    def package_table(caption: str | None = None):
        return render.package_table(data, caption)

    @env.macro
    def checklist(checklist_id: str, heading_level: int = 2):
        return render.checklist(data, checklist_id, heading_level)

    @env.macro
    def org(key: str):
        return organization.show(org_facts, key)

    # Search and sharing: titles, structured data, share images, robots.txt (see seo_macros.py).
    seo_macros.setup(env, data, org_facts)
