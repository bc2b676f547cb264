"""The mkdocs-macros side of search and sharing metadata (the builders are in ``seo``).

- ``setup`` (called from ``define_env``) reads ``site_url`` and the organisation facts,
  and notes which pages show dated price data (for the sitemap date).
- ``on_post_page_macros`` computes each page's title, description, sitemap date, Open
  Graph/Twitter tags and JSON-LD into ``page.meta["seo"]``; the theme override
  (``overrides/partials/seo-*.html``) only prints it, escaped.
- ``on_post_build`` writes ``robots.txt`` and one share image per page.
- While ``make preflight`` lists unset business facts, the site is a preview: ``page.meta["seo"]["preview"]``
  (and ``config.extra.preview_notice`` for the 404 page) carry the notice that the theme prints as a banner,
  and every page gets ``<meta name="robots" content="noindex">``. Both go away once every fact is set.

mkdocs-macros calls the two hooks by name on the ``cytokine_site`` package. Zensical's
macros extension calls only ``define_env``; there the templates fall back to Material's
own title and description (still escaped) and these extras are not produced.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from . import organization, seo, share_image

log = logging.getLogger("mkdocs.plugins.cytokine_site.seo")

# Macros whose output carries an "as of" date from data/prices.yml.
DATED_MACROS = ("price_table", "price_range", "savings", "exchange_rates_note", "cost_chart")
HELP = "see README.md#search-and-sharing"
# Shown on every page (and the pages kept out of search engines) while business facts are unset.
PREVIEW_NOTICE = {
    "title": "Preview: this guide is not yet reviewed and published.",
    "text": "Some facts about our business and the medical review of these pages are still to be confirmed.",
}


@dataclass
class _State:
    site: seo.Site
    newest_data: dt.date
    pages_with_dated_data: set[str] = field(default_factory=set)
    cards: dict[str, str] = field(default_factory=dict)  # image path -> page title
    preview: dict[str, str] | None = None  # PREVIEW_NOTICE while any business fact is unset


_STATE: _State | None = None


def _error(message: str) -> Exception:
    from .macros import _build_error

    return _build_error(message)


def setup(env, data, org_facts: dict[str, str | None], site_url: str) -> None:
    """Called at the end of ``define_env`` with the checked site address: site facts, and tracking of the
    dated price macros."""
    global _STATE
    site = seo.Site(
        url=site_url,
        name=env.conf.get("site_name") or "",
        brand=org_facts.get("name") or env.conf.get("site_name") or "",
        organization=org_facts,
    )
    newest = max([e.as_of for e in data.estimates] + [data.exchange_rates.as_of])
    preview = dict(PREVIEW_NOTICE) if organization.missing(org_facts) else None
    state = _State(site=site, newest_data=newest, preview=preview)
    _STATE = state
    # The 404 page is rendered without a page, so it reads the notice from the configuration; set here on
    # every build (also to None), so mkdocs.yml cannot switch it off while facts are missing.
    extra = env.conf.get("extra")
    if extra is not None:
        extra["preview_notice"] = preview

    for name in DATED_MACROS:
        original = env.macros.get(name)
        if original is None:
            continue

        @functools.wraps(original)
        def tracked(*args, _original=original, **kwargs):
            source = getattr(getattr(getattr(env, "page", None), "file", None), "src_uri", None)
            if source:  # under Zensical there is no MkDocs page here, and nothing to track
                state.pages_with_dated_data.add(source)
            return _original(*args, **kwargs)

        env.macros[name] = tracked


def _nav_titles(env) -> dict[str, str]:
    nav = env.variables.get("navigation")
    pages = getattr(nav, "pages", None) or []
    return {p.url: str(p.title) for p in pages if p.title}


def page_facts(env, state: _State) -> seo.PageFacts:
    page = env.page
    meta = page.meta
    site = state.site
    title = " ".join(str(meta.get("title") or page.title or site.name).split())
    description = " ".join(str(meta.get("description") or env.conf.get("site_description") or "").split())
    last_reviewed = seo.as_date(meta.get("last_reviewed"))
    types = seo.page_types(meta.get("schema_type"))
    about = seo.parse_about(meta.get("about"))
    faq = seo.faq_from_markdown(env.markdown) if "FAQPage" in types else []
    dated = [state.newest_data] if page.file.src_uri in state.pages_with_dated_data else []
    url = page.canonical_url or seo.absolute(site.url, page.url)
    image_path = seo.share_image_path(page.url)
    return seo.PageFacts(
        url=url,
        title=title,
        description=description,
        is_home=bool(page.is_homepage),
        last_reviewed=last_reviewed,
        lastmod=seo.lastmod(last_reviewed, dated),
        reviewed_by=meta.get("reviewed_by"),
        schema_type=meta.get("schema_type") or "MedicalWebPage",
        about=about,
        breadcrumbs=seo.breadcrumbs(page.url, _nav_titles(env), site.url),
        faq=faq,
        image=seo.ShareImage(url=seo.absolute(site.url, image_path), alt=seo.share_image_alt(title, site)),
    )


def on_post_page_macros(env) -> None:
    state = _STATE
    if state is None:
        return
    page = env.page
    try:
        facts = page_facts(env, state)
    except seo.SeoError as err:
        raise _error(f"docs/{page.file.src_uri}: front matter {err} ({HELP})") from None
    state.cards[seo.share_image_path(page.url)] = facts.title
    page.meta["seo"] = {
        "title": seo.html_title(facts.title, state.site.brand),
        "description": facts.description,
        "lastmod": facts.lastmod.isoformat() if facts.lastmod else None,
        "tags": seo.social_meta(facts, state.site),
        "json_ld": Markup(seo.json_ld(seo.structured_data(facts, state.site))),
        "preview": state.preview,
    }


def on_post_build(env) -> None:
    state = _STATE
    if state is None:
        return
    site_dir = Path(env.conf["site_dir"])
    (site_dir / "robots.txt").write_text(seo.robots_txt(state.site.url), encoding="utf-8")
    address = seo.display_address(state.site.url)
    for path, title in sorted(state.cards.items()):
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        cache = share_image.cache_dir(env.conf.get("config_file_path"))
        target.write_bytes(share_image.card_bytes(title, state.site.name, address, cache))
    if not share_image.font_file(bold=True):
        log.info("Share images drawn with Pillow's own font: install fonts-dejavu-core for DejaVu Sans")
