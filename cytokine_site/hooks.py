"""Whole-site steps, as native MkDocs hooks (``hooks:`` in ``mkdocs.yml``).

- ``on_config``: the checked site address and owner facts for search and sharing, and the preview
  notice while business facts are still to be confirmed;
- ``on_nav``: the navigation titles, once per build (breadcrumbs);
- ``on_page_markdown``: stops the build, with the one line it recorded, at a macro that failed on this page;
- ``on_page_content``: each page's title, description, review and "as of" dates, link-preview tags and
  JSON-LD into ``page.meta["seo"]``; the theme override only prints them. A page's sitemap date is the
  newer of its review date and the newest ``data-as-of`` the renderers wrote into its HTML;
- ``on_post_build``: ``robots.txt``, one share image per page and the offline worker ``sw.js``
  (``offline.py``).

The state of a build lives on a :class:`SiteHooks` object made anew in ``on_config``. MkDocs loads this
file by its path, so it imports the package (installed by ``make``) by its absolute name.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from cytokine_site import macros, offline, pages, seo, settings, share_image, site_context
from cytokine_site.render import AS_OF_ATTRIBUTE

log = logging.getLogger("mkdocs.plugins.cytokine_site.hooks")
_AS_OF = re.compile(AS_OF_ATTRIBUTE + r'="(\d{4}-\d{2}-\d{2})"')


@dataclass
class SiteHooks:
    """One build's state: the site's facts, the navigation titles and the share images to draw."""

    site: seo.Site
    preview: dict[str, str] | None
    root: Path
    nav_titles: dict[str, str] = field(default_factory=dict)
    cards: dict[str, str] = field(default_factory=dict)  # image path -> page title

    @classmethod
    def from_config(cls, config: MkDocsConfig) -> SiteHooks:
        config_file = Path(config.config_file_path)
        # Checked and normalised by define_env, which runs first (the macros plugin comes before the hooks).
        site_url, org = str(config.site_url), dict(config.extra["organization"])
        site = seo.Site(
            url=site_url, name=config.site_name or "", brand=org.get("name") or config.site_name or "", organization=org
        )
        return cls(site=site, preview=site_context.preview_notice(org), root=config_file.parent)

    def page_facts(self, page: Page, meta: pages.FrontMatter, html_text: str) -> seo.PageFacts:
        site = self.site
        title = " ".join(meta.title.split())
        schema_type = meta.schema_type or "MedicalWebPage"
        faq = seo.faq_from_html(html_text) if "FAQPage" in seo.PAGE_TYPES[schema_type] else []
        dated = [dt.date.fromisoformat(found) for found in _AS_OF.findall(html_text)]
        return seo.PageFacts(
            url=page.canonical_url or seo.absolute(site.url, page.url),
            title=title,
            description=" ".join(meta.description.split()),
            is_home=bool(page.is_homepage),
            last_reviewed=meta.last_reviewed,
            lastmod=seo.lastmod(meta.last_reviewed, dated),
            reviewed_by=meta.reviewed_by,
            schema_type=schema_type,
            about=seo.about_nodes(meta.about or []),
            breadcrumbs=seo.breadcrumbs(page.url, self.nav_titles, site.url),
            faq=faq,
            image=seo.ShareImage(
                url=seo.absolute(site.url, seo.share_image_path(page.url)), alt=seo.share_image_alt(title, site)
            ),
        )


class _Hooks:
    """The hook functions MkDocs calls; each build starts a new :class:`SiteHooks`."""

    state: SiteHooks | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.state = state = SiteHooks.from_config(config)
        macros.FAILED.clear()
        # The 404 page is rendered without a page, so it reads its values from the configuration; set on
        # every build (define_env sets the same, for Zensical, which runs no MkDocs hooks).
        config.extra.update(
            site_context.theme_extras(
                state.site.organization, state.site.brand, use_directory_urls=config.use_directory_urls
            )
        )
        return config

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        if self.state is not None:
            self.state.nav_titles = {p.url: str(p.title) for p in nav.pages if p.title}
        return nav

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        failed = macros.FAILED.pop(page.file.src_uri, None)  # recorded by the macro that failed on this page
        if failed:
            raise PluginError(failed)
        return markdown

    def on_page_content(self, html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        state = self.state
        if state is None:
            return html_text
        try:  # checked already by define_env, with the line: this is the same model on what MkDocs read
            where = pages.label(config.docs_dir, page.file.src_uri, Path(config.config_file_path).parent)
            meta = pages.validate(page.meta, where, {})
        except pages.PageError as err:
            raise PluginError(str(err)) from None
        facts = state.page_facts(page, meta, html_text)
        state.cards[seo.share_image_path(page.url)] = facts.title
        page.meta["review"] = site_context.review_box(meta, state.site.organization)
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

    def on_post_build(self, config: MkDocsConfig) -> None:
        state = self.state
        if state is None:
            return
        site_dir = Path(config.site_dir)
        (site_dir / "robots.txt").write_text(seo.robots_txt(state.site.url), encoding="utf-8")
        write_offline_worker(config, site_dir)
        address = seo.display_address(state.site.url)
        cache = share_image.cache_dir(config.config_file_path)
        for path, title in sorted(state.cards.items()):
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(share_image.card_bytes(title, state.site.name, address, cache))
        if not share_image.font_file(bold=True):
            log.info("Share images drawn with Pillow's own font: install fonts-dejavu-core for DejaVu Sans")


def write_offline_worker(config: MkDocsConfig, site_dir: Path) -> None:
    """``sw.js``: the pages listed in ``extra.offline_pages`` and the files they load, kept for offline reading."""
    from mkdocs.structure.files import File

    lines = settings.read_config(Path(config.config_file_path))[1]
    try:
        sources = offline.offline_sources(config.extra, Path(config.docs_dir), line=lines.get(offline.SETTING))
    except offline.OfflineError as err:
        raise PluginError(str(err)) from None
    urls = [File(src, config.docs_dir, str(site_dir), config.use_directory_urls).url for src in sources]
    offline.write_worker(site_dir, urls)


_HOOKS = _Hooks()
on_config = _HOOKS.on_config
on_nav = _HOOKS.on_nav
on_page_markdown = _HOOKS.on_page_markdown
on_page_content = _HOOKS.on_page_content
on_post_build = _HOOKS.on_post_build
