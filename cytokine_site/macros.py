"""The mkdocs-macros adapter: load the data once, expose the renderers as macros.

This is the only module that knows about mkdocs-macros. It loads and validates
``data/prices.yml`` in ``define_env`` (this works the same under Zensical's
macros extension) and turns a data problem into a build error with one line.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path

from . import breakdown, course, freshness, organization, quote, render, seo_macros
from .tables import AccessibleTablesExtension
from .loader import DataFileError, load_prices_with_lines

DATA_FILE = "data/prices.yml"
log = logging.getLogger("mkdocs.plugins.cytokine_site")


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


def report_stale_prices(data, today: dt.date, lines: dict) -> None:
    """Stale prices never fail the build: an INFO line each, and a GitHub annotation in Actions."""
    for line in freshness.notices(data, today, lines, DATA_FILE):
        log.info(line)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for line in freshness.annotations(data, today, lines, DATA_FILE):
            print(line, flush=True)


def define_env(env) -> None:
    project_dir = Path(env.project_dir)
    today = build_date()
    try:
        data, lines = load_prices_with_lines(project_dir / DATA_FILE, today=today, label=DATA_FILE)
        org_facts = organization.read(env.conf.get("extra"))
    except (DataFileError, organization.OrganizationError) as err:
        raise _build_error(str(err)) from None
    report_stale_prices(data, today, lines)

    # Markdown tables get a caption, header scopes and a scrolling region, like the data tables.
    extensions = env.conf["markdown_extensions"]
    if not any(isinstance(e, AccessibleTablesExtension) for e in extensions):
        extensions.append(AccessibleTablesExtension())

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
    def currency_choice():
        return render.currency_choice(data)

    @env.macro
    def print_checklist_button():
        return render.print_button()

    @env.macro
    def cost_chart(currency: str = "USD"):
        return render.cost_chart(data, currency)

    @env.macro
    def quote_form():
        return quote.quote_form(org_facts)

    @env.macro
    def org(key: str):
        return organization.show(org_facts, key)

    @env.macro
    def course_breakdown(country: str):
        return breakdown.course_breakdown(data, country, today)

    @env.macro
    def course_figure(name: str, weight_kg: int | None = None):
        if data.course_structure is None:
            raise KeyError("data/prices.yml has no course_structure")
        return f"{course.figure(data.course_structure, name, weight_kg):,}"

    @env.macro
    def urgent_help(heading_level: int = 2):
        return render.urgent_help(data, heading_level)

    # Search and sharing: titles, structured data, share images, robots.txt (see seo_macros.py).
    seo_macros.setup(env, data, org_facts)


def on_post_build(env) -> None:
    """Write ``prices.json`` for the currency choice, then robots.txt and share images."""
    data = env.variables["prices"]
    target = Path(env.conf["site_dir"]) / "prices.json"
    target.write_text(json.dumps(render.prices_json(data), indent=1, sort_keys=True), encoding="utf-8")
    seo_macros.on_post_build(env)
