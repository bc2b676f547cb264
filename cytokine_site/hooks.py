"""Whole-site steps, as native MkDocs hooks (``hooks:`` in ``mkdocs.yml``).

- ``on_config``: the checked site address and owner facts for search and sharing, and the preview
  notice while business facts are still to be confirmed;
- ``on_env``: theme templates compiled once per process (faster rebuilds under ``mkdocs serve``);
- ``on_nav``: the navigation titles, once per build (breadcrumbs);
- ``on_page_markdown``: stops the build, with one line, at a macro that failed on this page;
- ``on_page_content``: each page's title, description, review and "as of" dates, link-preview tags and
  JSON-LD into ``page.meta["seo"]``; the theme override only prints them. A page's sitemap date is the
  newer of its review date and the newest ``data-as-of`` the renderers wrote into its HTML;
- ``on_post_build``: ``robots.txt`` and one share image per page.

The state of a build lives on a :class:`SiteHooks` object made anew in ``on_config``. MkDocs loads this
file by its path, so it imports the package by its absolute name.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:  # MkDocs loads hooks by path: make the package importable by its name
    sys.path.append(_ROOT)

import jinja2  # noqa: E402
import jinja2.bccache  # noqa: E402
from markupsafe import Markup  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402

from cytokine_site import organization, seo, settings, share_image, site_context  # noqa: E402
from cytokine_site.render import AS_OF_ATTRIBUTE, MACRO_ERROR_TAG  # noqa: E402

log = logging.getLogger("mkdocs.plugins.cytokine_site.hooks")
HELP = "see README.md#search-and-sharing"
_AS_OF = re.compile(AS_OF_ATTRIBUTE + r'="(\d{4}-\d{2}-\d{2})"')
_MACRO_ERROR = re.compile(f"<{MACRO_ERROR_TAG}>(.*?)</{MACRO_ERROR_TAG}>", re.DOTALL)


@dataclass
class SiteHooks:
    """One build's state: the site's facts, the navigation titles and the share images to draw."""

    site: seo.Site
    preview: dict[str, str] | None
    root: Path
    nav_titles: dict[str, str] = field(default_factory=dict)
    cards: dict[str, str] = field(default_factory=dict)  # image path -> page title

    @classmethod
    def from_config(cls, config: Any) -> SiteHooks:
        config_file = Path(config.config_file_path)
        lines = settings.read_config(config_file)[1]
        try:
            site_url = settings.site_url(config.site_url, line=lines.get(("site_url",)))
            org = organization.read(config.extra, lines)
        except (settings.SettingsError, organization.OrganizationError) as err:
            raise PluginError(str(err)) from None
        site = seo.Site(
            url=site_url, name=config.site_name or "", brand=org.get("name") or config.site_name or "", organization=org
        )
        return cls(site=site, preview=site_context.preview_notice(org), root=config_file.parent)

    def page_facts(self, page: Any, html_text: str) -> seo.PageFacts:
        meta = page.meta
        site = self.site
        title = " ".join(str(meta.get("title") or page.title or site.name).split())
        description = " ".join(str(meta.get("description") or "").split())
        last_reviewed = seo.as_date(meta.get("last_reviewed"))
        types = seo.page_types(meta.get("schema_type"))
        faq = seo.faq_from_markdown(page.markdown or "") if "FAQPage" in types else []
        dated = [dt.date.fromisoformat(found) for found in _AS_OF.findall(html_text)]
        return seo.PageFacts(
            url=page.canonical_url or seo.absolute(site.url, page.url),
            title=title,
            description=description,
            is_home=bool(page.is_homepage),
            last_reviewed=last_reviewed,
            lastmod=seo.lastmod(last_reviewed, dated),
            reviewed_by=meta.get("reviewed_by"),
            schema_type=meta.get("schema_type") or "MedicalWebPage",
            about=seo.parse_about(meta.get("about")),
            breadcrumbs=seo.breadcrumbs(page.url, self.nav_titles, site.url),
            faq=faq,
            image=seo.ShareImage(
                url=seo.absolute(site.url, seo.share_image_path(page.url)), alt=seo.share_image_alt(title, site)
            ),
        )


class _Hooks:
    """The hook functions MkDocs calls; each build starts a new :class:`SiteHooks`."""

    state: SiteHooks | None = None

    def on_config(self, config: Any) -> Any:
        self.state = state = SiteHooks.from_config(config)
        # The 404 page is rendered without a page, so it reads its values from the configuration; set on
        # every build (define_env sets the same, for Zensical, which runs no MkDocs hooks).
        config.extra.update(
            site_context.theme_extras(
                state.site.organization, state.site.brand, use_directory_urls=config.use_directory_urls
            )
        )
        return config

    def on_env(self, env: Any, config: Any, files: Any) -> Any:
        # Theme templates compiled once per process: `mkdocs serve` rebuilds after an edit without
        # recompiling them (Jinja still checks each template's source, so an edited template is seen).
        env.bytecode_cache = _TEMPLATE_CACHE
        return env

    def on_nav(self, nav: Any, config: Any, files: Any) -> Any:
        if self.state is not None:
            self.state.nav_titles = {p.url: str(p.title) for p in nav.pages if p.title}
        return nav

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        failed = _MACRO_ERROR.search(markdown)
        if failed:
            raise PluginError(html.unescape(failed.group(1)))
        return markdown

    def on_page_content(self, html_text: str, page: Any, config: Any, files: Any) -> str:
        state = self.state
        if state is None:
            return html_text
        try:
            facts = state.page_facts(page, html_text)
        except seo.SeoError as err:
            raise PluginError(f"docs/{page.file.src_uri}: front matter {err} ({HELP})") from None
        state.cards[seo.share_image_path(page.url)] = facts.title
        page.meta["review"] = site_context.review_box(page.meta, state.site.organization)
        page.meta["seo"] = {
            "title": seo.html_title(facts.title, state.site.brand),
            "description": facts.description,
            "lastmod": facts.lastmod.isoformat() if facts.lastmod else None,
            "tags": seo.social_meta(facts, state.site),
            # seo.json_ld escapes "<", ">" and "&", so the JSON cannot end its script element.
            "json_ld": Markup(seo.json_ld(seo.structured_data(facts, state.site))),  # noqa: S704
            "preview": state.preview,
        }
        return html_text

    def on_post_build(self, config: Any) -> None:
        state = self.state
        if state is None:
            return
        site_dir = Path(config.site_dir)
        (site_dir / "robots.txt").write_text(seo.robots_txt(state.site.url), encoding="utf-8")
        address = seo.display_address(state.site.url)
        cache = share_image.cache_dir(config.config_file_path)
        for path, title in sorted(state.cards.items()):
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(share_image.card_bytes(title, state.site.name, address, cache))
        if not share_image.font_file(bold=True):
            log.info("Share images drawn with Pillow's own font: install fonts-dejavu-core for DejaVu Sans")


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the life of the process (bounded: one entry per template)."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_CACHE = _MemoryBytecodeCache()
_HOOKS = _Hooks()
on_config = _HOOKS.on_config
on_env = _HOOKS.on_env
on_nav = _HOOKS.on_nav
on_page_markdown = _HOOKS.on_page_markdown
on_page_content = _HOOKS.on_page_content
on_post_build = _HOOKS.on_post_build
