"""Search and sharing metadata: pure builders from page facts, organisation facts and URLs.

Nothing here knows about MkDocs or the macros plugin (``hooks`` is the adapter); front matter arrives
checked (``pages.FrontMatter``).
Every function takes plain values and returns plain values (strings, dicts, lists),
so each rule can be tested on its own:

- ``html_title``: the ``<title>`` text (topic first, short brand last, within 60 characters);
- ``lastmod``: the date a search engine should see as the page's last change;
- ``about_nodes`` / ``faq_from_html``: what a page is about, and its FAQ questions;
- ``structured_data`` + ``json_ld``: schema.org JSON-LD (``MedicalWebPage``, ``BreadcrumbList``,
  the ``Organization`` and ``WebSite`` on the home page only, ``FAQPage`` questions);
- ``social_meta``: Open Graph and Twitter card tags;
- ``robots_txt``.

Facts the owner has not confirmed (``None`` in ``extra.organization``, or a reviewer
"to be confirmed") are left out, never invented.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from .pages import TITLE_MAX, Drug, MedicalTherapy

TITLE_SEPARATOR = " - "
LANGUAGE = "en"
OG_LOCALE = "en_GB"
SHARE_IMAGE_DIR = "assets/social"
SHARE_IMAGE_SIZE = (1200, 630)
SCHEMA_CONTEXT = "https://schema.org"
PLACEHOLDER = re.compile(r"to be confirmed", re.IGNORECASE)

# Page types a page may ask for with front matter ``schema_type`` (pages.FrontMatter checks the name).
PAGE_TYPES = {
    "MedicalWebPage": ["MedicalWebPage"],
    "FAQPage": ["MedicalWebPage", "FAQPage"],
}

# Front matter ``about`` keys -> schema.org properties (pages.Drug and pages.MedicalTherapy check the keys).
ABOUT_PROPERTIES = {"name": "name", "other_names": "alternateName", "brand": "proprietaryName"}


@dataclass(frozen=True)
class ShareImage:
    url: str  # absolute
    alt: str
    width: int = SHARE_IMAGE_SIZE[0]
    height: int = SHARE_IMAGE_SIZE[1]


@dataclass(frozen=True)
class Site:
    url: str  # site_url, absolute, ending in "/"
    name: str  # site_name (long)
    brand: str  # short name for titles: extra.organization.name
    organization: Mapping[str, str | None] = field(default_factory=dict)

    @property
    def organization_id(self) -> str:
        return self.url + "#organization"

    @property
    def website_id(self) -> str:
        return self.url + "#website"


@dataclass(frozen=True)
class PageFacts:
    url: str  # canonical, absolute
    title: str  # front matter title (the topic)
    description: str
    is_home: bool = False
    last_reviewed: dt.date | None = None
    lastmod: dt.date | None = None
    reviewed_by: str | None = None
    schema_type: str = "MedicalWebPage"
    about: Sequence[Mapping[str, Any]] = ()
    breadcrumbs: Sequence[tuple[str, str]] = ()  # (name, absolute URL), home first, this page last
    faq: Sequence[tuple[str, str]] = ()  # (question, answer as plain text)
    image: ShareImage | None = None


# Titles, descriptions, dates -------------------------------------------------------


def html_title(title: str, brand: str, limit: int = TITLE_MAX) -> str:
    """The ``<title>`` text: the page topic first, the short brand last.

    Rule: ``"<title> - <brand>"`` when that fits in ``limit`` characters; the title alone
    when it already names the brand or when adding the brand would pass the limit (search
    engines show the site name separately, from the ``WebSite`` structured data).
    """
    title = " ".join(title.split())
    if not brand or brand.casefold() in title.casefold():
        return title
    full = f"{title}{TITLE_SEPARATOR}{brand}"
    return full if len(full) <= limit else title


def lastmod(last_reviewed: dt.date | None, data_dates: Iterable[dt.date] = ()) -> dt.date | None:
    """The sitemap date: the page's review date, or a newer ``as_of`` date of the prices it shows."""
    dates = [d for d in (last_reviewed, *data_dates) if d is not None]
    return max(dates) if dates else None


def confirmed(value: Any) -> str | None:
    """The text, or None when it is empty or still a "to be confirmed" placeholder."""
    if not isinstance(value, str) or not value.strip() or PLACEHOLDER.search(value):
        return None
    return " ".join(value.split())


# URLs ------------------------------------------------------------------------------


def absolute(site_url: str, path: str) -> str:
    return urljoin(site_url, path.lstrip("/"))


def share_image_path(page_url: str) -> str:
    """Site-relative path of a page's share image, from the page URL (``therapies/interleukin-2/``)."""
    stem = page_url.strip("/")
    stem = re.sub(r"(?:/?index)?\.html$", "", stem) or "index"
    return f"{SHARE_IMAGE_DIR}/{stem}.png"


def display_address(site_url: str) -> str:
    """The site address as people read it: ``example.github.io/cytokine-guide``."""
    parts = urlsplit(site_url)
    return (parts.netloc + parts.path).rstrip("/")


def breadcrumbs(page_url: str, titles: Mapping[str, str], site_url: str) -> list[tuple[str, str]]:
    """Home, each parent folder that is itself a page, then the page; names are the nav titles.

    ``titles`` maps each page's site-relative URL (``""`` for home, ``costs/``) to its nav title.
    Folders without a page of their own (``therapies/``) are skipped: a crumb needs a URL.
    """
    crumbs = [(titles.get("", "Home"), absolute(site_url, ""))]
    parts = [p for p in page_url.strip("/").split("/") if p]
    for depth in range(1, len(parts) + 1):
        url = "/".join(parts[:depth]) + "/"
        if url in titles:
            crumbs.append((titles[url], absolute(site_url, url)))
    return crumbs


# Front matter: about --------------------------------------------------------------------


def about_nodes(entries: Sequence[Drug | MedicalTherapy]) -> list[dict[str, Any]]:
    """Checked front matter ``about`` entries -> schema.org nodes (a single name as text, several as a list)."""
    nodes = []
    for entry in entries:
        node: dict[str, Any] = {"@type": entry.type}
        for key, prop in ABOUT_PROPERTIES.items():
            value = getattr(entry, key, None)
            items = value if isinstance(value, list) else [value] if value is not None else []
            if items:
                node[prop] = items[0] if len(items) == 1 else list(items)
        nodes.append(node)
    return nodes


# FAQ: questions from the page's rendered "### Question" headings ------------------------------------------

_BLOCKS = {"p", "ul", "ol", "dl", "div", "table", "blockquote", "pre", "details", "figure", "hr", "br"}
_ITEMS = {"li", "dt", "dd", "tr", "td", "th"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _FaqParser(HTMLParser):
    """Collects (question, answer blocks, has an unconfirmed fact) for every ``<h3>`` of a page's HTML, outside
    the regions set apart from the text (the urgent-help card)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: list[tuple[list[str], list[str], list[bool]]] = []
        self._target: list[str] | None = None  # where text goes: a question, an answer, or nowhere
        self._skip: list[str] = []  # open elements whose text is not part of a question or answer

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self._skip:
            self._skip.append(tag)
        elif tag == "aside" or dict(attrs).get("role") == "region":  # a card set apart (urgent help) ends an answer
            self._target = None
            self._skip.append(tag)
        elif tag in _HEADINGS or "footnote" in classes:  # a heading, or the footnotes at the end
            self._target = None
            if tag == "h3":
                self.pairs.append(([], [], [False]))
                self._target = self.pairs[-1][0]
        elif tag == "sup" or "headerlink" in classes or tag in ("script", "style", "svg"):
            self._skip.append(tag)  # footnote numbers, the heading's permalink
        if self.pairs and self._target is self.pairs[-1][1] and "tbc" in classes:
            self.pairs[-1][2][0] = True
        if self._target is not None and not self._skip:
            self._target.append("\n" if tag in _BLOCKS else " " if tag in _ITEMS else "")

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag in self._skip:
                while self._skip.pop() != tag:
                    pass
            return
        if tag == "h3" and self.pairs and self._target is self.pairs[-1][0]:
            self._target = self.pairs[-1][1]
        elif tag in _BLOCKS and self._target is not None:
            self._target.append("\n")

    def handle_data(self, data: str) -> None:
        if self._target is not None and not self._skip:
            self._target.append(" ".join(data.split("\n")))  # line breaks come from block elements only


def _plain(parts: list[str]) -> str:
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def faq_from_html(html_text: str) -> list[tuple[str, str]]:
    """(question, answer) pairs: each ``<h3>`` is a question, the text up to the next heading its answer.

    An answer that shows a fact still to be confirmed (``class="tbc"``) is not published as data.
    """
    parser = _FaqParser()
    parser.feed(html_text)
    parser.close()
    out = []
    for question, answer, unconfirmed in parser.pairs:
        q, a = _plain(question), _plain(answer)
        if q and a and not unconfirmed[0]:
            out.append((q, a))
    return out


# Structured data -------------------------------------------------------------------


def _compact(node: Mapping[str, Any]) -> dict[str, Any]:
    """Drop unset facts: None, empty strings and empty lists never reach the page."""
    return {k: v for k, v in node.items() if v is not None and v not in ("", [], {})}


def organization_node(site: Site) -> dict[str, Any]:
    org = site.organization
    return _compact(
        {
            "@type": "Organization",
            "@id": site.organization_id,
            "name": org.get("name") or site.brand,
            "legalName": org.get("legal_name"),
            "url": site.url,
            "email": org.get("email"),
            "telephone": org.get("phone"),
            "address": org.get("address"),
        }
    )


def website_node(site: Site) -> dict[str, Any]:
    return {
        "@type": "WebSite",
        "@id": site.website_id,
        "name": site.name,
        "url": site.url,
        "inLanguage": LANGUAGE,
        "publisher": {"@id": site.organization_id},
    }


def breadcrumb_node(page: PageFacts) -> dict[str, Any]:
    return {
        "@type": "BreadcrumbList",
        "@id": page.url + "#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": url}
            for i, (name, url) in enumerate(page.breadcrumbs, start=1)
        ],
    }


def webpage_node(page: PageFacts, site: Site) -> dict[str, Any]:
    types = PAGE_TYPES[page.schema_type]
    if not page.faq:  # an FAQ page without "### Question" headings yet is described as a plain page
        types = [t for t in types if t != "FAQPage"]
    reviewer = confirmed(page.reviewed_by)
    node = _compact(
        {
            "@type": types[0] if len(types) == 1 else types,
            "@id": page.url + "#webpage",
            "url": page.url,
            "name": page.title,
            "description": page.description,
            "inLanguage": LANGUAGE,
            "isPartOf": {"@id": site.website_id},
            "publisher": {"@id": site.organization_id},
            "lastReviewed": page.last_reviewed.isoformat() if page.last_reviewed else None,
            "reviewedBy": {"@type": "Person", "name": reviewer} if reviewer else None,
            "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
            "about": list(page.about) if len(page.about) != 1 else dict(page.about[0]),
            "breadcrumb": {"@id": page.url + "#breadcrumb"} if len(page.breadcrumbs) > 1 else None,
            "primaryImageOfPage": _compact(
                {
                    "@type": "ImageObject",
                    "url": page.image.url,
                    "width": page.image.width,
                    "height": page.image.height,
                }
            )
            if page.image
            else None,
        }
    )
    if "FAQPage" in types:
        node["mainEntity"] = [
            {"@type": "Question", "name": q, "acceptedAnswer": {"@type": "Answer", "text": a}} for q, a in page.faq
        ]
    return node


def structured_data(page: PageFacts, site: Site) -> dict[str, Any]:
    """One JSON-LD graph per page; the organisation and website are described once, on the home page."""
    graph = [webpage_node(page, site)]
    if len(page.breadcrumbs) > 1:
        graph.append(breadcrumb_node(page))
    if page.is_home:
        graph += [website_node(site), organization_node(site)]
    return {"@context": SCHEMA_CONTEXT, "@graph": graph}


def json_ld(data: Any) -> str:
    """JSON for a ``<script type="application/ld+json">`` element.

    ``<``, ``>`` and ``&`` are written as JSON escapes, so no value can close the
    script element (``</script>``) or open a comment; the JSON means the same.
    """
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"), sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# Social previews -------------------------------------------------------------------


def social_meta(page: PageFacts, site: Site) -> list[tuple[str, str, str]]:
    """Open Graph and Twitter card tags as (attribute, key, content); the template escapes content."""
    tags = [
        ("property", "og:type", "website" if page.is_home else "article"),
        ("property", "og:site_name", site.name),
        ("property", "og:locale", OG_LOCALE),
        ("property", "og:title", page.title),
        ("property", "og:description", page.description),
        ("property", "og:url", page.url),
    ]
    if page.image:
        tags += [
            ("property", "og:image", page.image.url),
            ("property", "og:image:type", "image/png"),
            ("property", "og:image:width", str(page.image.width)),
            ("property", "og:image:height", str(page.image.height)),
            ("property", "og:image:alt", page.image.alt),
        ]
    tags += [
        ("name", "twitter:card", "summary_large_image" if page.image else "summary"),
        ("name", "twitter:title", page.title),
        ("name", "twitter:description", page.description),
    ]
    if page.image:
        tags += [("name", "twitter:image", page.image.url), ("name", "twitter:image:alt", page.image.alt)]
    return tags


def share_image_alt(title: str, site: Site) -> str:
    return f"{site.name}: {title}"


def robots_txt(site_url: str) -> str:
    """Allow every crawler everywhere and name the sitemap by its absolute URL."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute(site_url, 'sitemap.xml')}\n"
