"""The mkdocs-macros adapter: check the project, then expose the renderers as macros.

This is the only module that knows about mkdocs-macros. ``define_env`` checks the whole project
(``project.check_project``, which works the same under Zensical's macros extension) and registers
:data:`MACROS`. The check calls the very same macros, with the same argument checks, on every call
written in a page, so a page that would fail to build fails the check first, with the same line.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import inspect
import logging
import os
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError, PluginError
from mkdocs_macros.plugin import MacrosPlugin

from . import alertcard, breakdown, course, freshness, next_step, organization, quote, render, settings, site_context
from .messages import message
from .model import PriceData
from .pages import MacroError
from .project import DATA_FILE, ProjectError, check_project
from .questions import QuestionsExtension
from .tables import AccessibleTablesExtension
from .text import shown

log = logging.getLogger("mkdocs.plugins.cytokine_site")


@dataclass(frozen=True)
class Site:
    """What the macros read: the checked data, the build's "today" and the owner's facts."""

    data: PriceData
    today: dt.date
    organization: Mapping[str, str | None]


# The macros. The first parameter is the site; the others are what a page writes between the brackets.


def price_table(site: Site, caption: str | None = None, common: str = render.COMMON_CURRENCY) -> str:
    return render.price_table(site.data, site.today, caption, common)


def key_figure(site: Site, figure_id: str, capital: bool = False) -> str:
    return render.key_figure(site.data, figure_id, capital)


def exchange_rates_note(site: Site) -> str:
    return render.exchange_rates_note(site.data)


def package_table(site: Site, caption: str | None = None) -> str:
    return render.package_table(site.data, caption)


def checklist(site: Site, checklist_id: str, heading_level: int = 2) -> str:
    return render.checklist(site.data, checklist_id, heading_level)


def red_flags(site: Site, heading_level: int = 2) -> str:
    return render.red_flags(site.data, heading_level)


def currency_choice(site: Site) -> str:
    return render.currency_choice(site.data)


def print_checklist_button(site: Site) -> str:
    return render.print_button()


def quote_form(site: Site) -> str:
    return quote.quote_form(site.organization)


def org(site: Site, key: str) -> str:
    return organization.show(site.organization, key)


def course_comparison(site: Site) -> str:
    return breakdown.course_comparison(site.data, site.today)


def course_figure(site: Site, name: str, weight_kg: int | None = None) -> str:
    if site.data.course_structure is None:
        raise KeyError(f"{DATA_FILE} has no course_structure")
    return f"{course.figure(site.data.course_structure, name, weight_kg):,}"


def urgent_help(site: Site, heading_level: int = 2) -> str:
    return render.urgent_help(site.data, heading_level, alert_card_url=page_link(alertcard.PAGE))


def label_source(site: Site, label_id: str) -> str:
    return render.label_source(site.data, label_id)


def alert_card(site: Site, heading_level: int = 2) -> str:
    if site.data.alert_card is None:
        raise KeyError(f"{DATA_FILE} has no alert_card")
    return alertcard.alert_card(site.data.alert_card, heading_level)


# The page being rendered (the build's configuration and the page's address), for links between pages.
_RENDERING: contextvars.ContextVar[tuple[Any, str] | None] = contextvars.ContextVar("rendering", default=None)


def page_link(source: str) -> str | None:
    """The address of the page ``source`` (in docs/) from the page being rendered; None if none or missing."""
    from mkdocs.structure.files import File
    from mkdocs.utils import get_relative_url

    current = _RENDERING.get()
    if current is None:
        return None
    conf, page_url = current
    if not (Path(conf["docs_dir"]) / source).is_file():
        return None
    target = File(source, conf["docs_dir"], conf["site_dir"], conf["use_directory_urls"]).url
    return get_relative_url(target, page_url)


MACROS: tuple[Callable[..., str], ...] = (
    price_table,
    key_figure,
    exchange_rates_note,
    package_table,
    checklist,
    red_flags,
    currency_choice,
    print_checklist_button,
    quote_form,
    org,
    course_comparison,
    course_figure,
    urgent_help,
    alert_card,
    label_source,
)


_KINDS = {str: "text in quotes", int: "a whole number", bool: "true or false", type(None): "left out"}


def _fits(value: object, hint: Any) -> bool:
    """``value`` is exactly of the annotated type (``True`` is not an ``int``, ``"2"`` not a number)."""
    options = get_args(hint) if get_origin(hint) in (Union, types.UnionType) else (hint,)
    return any(value is None if option is type(None) else type(value) is option for option in options)


def _problem(err: Exception) -> str:
    return shown(err.args[0] if isinstance(err, KeyError) and err.args else err, 600)


def checked(function: Callable[..., str], site: Site) -> Callable[..., str]:
    """``function`` for ``site``, taking what a page writes: arguments bound to its signature and of the
    annotated types, and any failure raised as :class:`MacroError` with one line naming the macro."""
    signature = inspect.signature(function)
    signature = signature.replace(parameters=list(signature.parameters.values())[1:])
    hints = get_type_hints(function)
    name = function.__name__

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> str:
        try:
            bound = signature.bind(*args, **kwargs)
            for key, value in bound.arguments.items():
                if not _fits(value, hints[key]):
                    expected = " or ".join(_KINDS[t] for t in get_args(hints[key]) or (hints[key],))
                    raise TypeError(f"{key} must be {expected}, not {shown(repr(value), 40)}")
            return str(function(site, *bound.args, **bound.kwargs))
        except Exception as err:
            raise MacroError(message("macro_failed", macro=name, problem=_problem(err))) from None

    return call


def bind(data: PriceData, today: dt.date, org_facts: Mapping[str, str | None]) -> dict[str, Callable[..., str]]:
    """Every macro, checked, for this data: what the build registers and what the check calls."""
    site = Site(data, today, org_facts)
    return {function.__name__: checked(function, site) for function in MACROS}


# A macro that fails while MkDocs renders a page records its one line here, keyed by the page; the hooks stop the
# build on it (``hooks.on_page_markdown``). Nothing in the page marks the failure, so page text cannot forge one.
FAILED: dict[str, str] = {}


def report_stale_prices(data: PriceData, today: dt.date, lines: Mapping[tuple[str | int, ...], int]) -> None:
    """Stale prices never fail the build: an INFO line each, and a GitHub annotation in Actions."""
    for line in freshness.notices(data, today, lines, DATA_FILE):
        log.info(line)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for line in freshness.github_annotations(data, today, lines, DATA_FILE):
            print(line, flush=True)


def define_env(env: MacrosPlugin) -> None:
    conf = env.conf
    try:
        config_file = Path(str(conf.get("config_file_path") or settings.CONFIG_FILE))
        root = Path(env.project_dir)
        raw, lines = settings.read_config(config_file, root=root)
        # Zensical passes a mapping of its own: its pages are the ones MkDocs would collect for the same file.
        config = conf if isinstance(conf, MkDocsConfig) else load_config(str(config_file))
        project = check_project(root, config, raw, lines, bind=bind)
    except (ProjectError, settings.SettingsError, ConfigurationError) as err:
        raise PluginError(str(err)) from None
    data, today, org_facts = project.data, project.today, project.organization
    report_stale_prices(data, today, project.lines)
    # The theme's templates print the checked, normalised facts and the values computed for them.
    extra = conf["extra"]
    extra["organization"] = dict(org_facts)
    extra.update(
        site_context.theme_extras(
            org_facts,
            org_facts.get("name") or conf.get("site_name") or "",
            use_directory_urls=conf.get("use_directory_urls", True),
        )
    )

    # Markdown tables get a caption, header scopes and a scrolling region, like the data tables; a block of
    # questions becomes collapsible.
    extensions = conf["markdown_extensions"]
    for extension in (AccessibleTablesExtension, QuestionsExtension):
        if not any(isinstance(e, extension) for e in extensions):
            extensions.append(extension())

    env.variables["prices"] = data
    env.variables["organization"] = org_facts
    for name, function in project.macros.items():
        env.macro(_recorded(function, env, project.docs_label), name)  # type: ignore[no-untyped-call]


def _recorded(function: Callable[..., str], env: MacrosPlugin, docs_label: str) -> Callable[..., str]:
    """``function`` as the build calls it: a failure becomes one line naming the page (never a traceback)."""

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> str:
        token = _RENDERING.set((env.conf, env.page.url))
        try:
            return function(*args, **kwargs)
        except MacroError as err:
            page = env.page.file.src_uri
            FAILED.setdefault(page, f"{docs_label}/{page}: {err}")
            return ""
        finally:
            _RENDERING.reset(token)

    return guarded


def on_post_page_macros(env: MacrosPlugin) -> None:
    """Every guide page ends with the next step (``next_step.block``): after its text, before its sources."""
    src_uri = env.page.file.src_uri
    if next_step.is_guide_page(src_uri):
        env.markdown += next_step.block(env.variables["organization"], src_uri)
