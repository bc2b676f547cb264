"""The mkdocs-macros adapter: load the data once, expose the renderers as macros.

This is the only module that knows about mkdocs-macros. It loads and validates
``data/prices.yml`` in ``define_env`` (this works the same under Zensical's
macros extension) and turns a data problem into a build error with one line.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from . import breakdown, course, freshness, next_step, organization, quote, render, settings, site_context
from .model import PriceData
from .project import DATA_FILE, ProjectError, check_project
from .questions import QuestionsExtension
from .tables import AccessibleTablesExtension
from .text import shown

log = logging.getLogger("mkdocs.plugins.cytokine_site")


def report_stale_prices(data: PriceData, today: dt.date, lines: Mapping[tuple[str | int, ...], int]) -> None:
    """Stale prices never fail the build: an INFO line each, and a GitHub annotation in Actions."""
    for line in freshness.notices(data, today, lines, DATA_FILE):
        log.info(line)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for line in freshness.github_annotations(data, today, lines, DATA_FILE):
            print(line, flush=True)


def define_env(env: Any) -> None:
    try:
        config_file = env.conf.get("config_file_path")
        config_lines = settings.read_config(Path(config_file))[1] if config_file else {}
        project = check_project(Path(env.project_dir), env.conf, config_lines, docs_dir=Path(env.conf["docs_dir"]))
    except (ProjectError, settings.SettingsError) as err:
        raise PluginError(str(err)) from None
    data, today, org_facts = project.data, project.today, project.organization
    report_stale_prices(data, today, project.lines)
    # The theme's templates print the checked, normalised facts and the values computed for them.
    extra = env.conf["extra"]
    extra["organization"] = dict(org_facts)
    extra.update(
        site_context.theme_extras(
            org_facts,
            org_facts.get("name") or env.conf.get("site_name") or "",
            use_directory_urls=env.conf.get("use_directory_urls", True),
        )
    )

    # Markdown tables get a caption, header scopes and a scrolling region, like the data tables; a block of
    # questions becomes collapsible.
    extensions = env.conf["markdown_extensions"]
    for extension in (AccessibleTablesExtension, QuestionsExtension):
        if not any(isinstance(e, extension) for e in extensions):
            extensions.append(extension())

    env.variables["prices"] = data
    env.variables["organization"] = org_facts

    def macro(function: Callable[..., str]) -> Callable[..., str]:
        """Register ``function`` as a macro whose failure becomes one line naming the page (never a traceback)."""

        @functools.wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> str:
            try:
                return function(*args, **kwargs)
            except Exception as err:
                page = getattr(getattr(getattr(env, "page", None), "file", None), "src_uri", "?")
                # A refusal already names the call and the fix; anything else is named by the macro.
                named = "" if isinstance(err, render.RenderRefused) else f"{function.__name__}(): "
                return render.macro_error(f"docs/{page}: {named}{shown(err, 600)}")

        env.macro(guarded, function.__name__)
        return guarded

    @macro
    def price_table(caption: str | None = None) -> str:
        return render.price_table(data, today, caption)

    @macro
    def key_figure(figure_id: str, capital: bool = False) -> str:
        return render.key_figure(data, figure_id, capital)

    @macro
    def price_range(estimate_id: str) -> str:
        return render.price_range(data, estimate_id, today)

    @macro
    def savings(cheaper_id: str, dearer_id: str) -> str:
        return render.savings(data, cheaper_id, dearer_id)

    @macro
    def exchange_rates_note() -> str:
        return render.exchange_rates_note(data)

    @macro
    def package_table(caption: str | None = None) -> str:
        return render.package_table(data, caption)

    @macro
    def checklist(checklist_id: str, heading_level: int = 2) -> str:
        return render.checklist(data, checklist_id, heading_level)

    @macro
    def currency_choice() -> str:
        return render.currency_choice(data)

    @macro
    def print_checklist_button() -> str:
        return render.print_button()

    @macro
    def cost_chart(currency: str = "USD") -> str:
        return render.cost_chart(data, currency)

    @macro
    def quote_form() -> str:
        return quote.quote_form(org_facts)

    @macro
    def org(key: str) -> str:
        return organization.show(org_facts, key)

    @macro
    def course_breakdown(country: str) -> str:
        return breakdown.course_breakdown(data, country, today)

    @macro
    def course_figure(name: str, weight_kg: int | None = None) -> str:
        if data.course_structure is None:
            raise KeyError("data/prices.yml has no course_structure")
        return f"{course.figure(data.course_structure, name, weight_kg):,}"

    @macro
    def urgent_help(heading_level: int = 2) -> str:
        return render.urgent_help(data, heading_level)


def on_post_page_macros(env: Any) -> None:
    """Every guide page ends with the next step (``next_step.block``): after its text, before its sources."""
    src_uri = env.page.file.src_uri
    if next_step.is_guide_page(src_uri):
        env.markdown += next_step.block(env.variables["organization"], src_uri)
