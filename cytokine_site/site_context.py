"""What the theme's templates print besides the page itself, computed once in Python.

- :func:`preview_notice`: the "not yet reviewed and published" banner while business facts are unset;
- :func:`theme_extras`: values for pages rendered without a page object (the 404 page) and for the header
  of every page (the short title shown on phones, the contact link);
- :func:`review_box`: the review dates and contacts at the end of every page.

The templates only print these values, escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mkdocs.structure.files import File

from . import format, next_step, organization, render, seo
from .pages import FrontMatter

# Shown on every page (and the pages kept out of search engines) while business facts are unset.
PREVIEW_NOTICE = {
    "title": "Preview: this guide is not yet reviewed and published.",
    "text": "Some facts about our business and the medical review of these pages are still to be confirmed.",
}
NOT_FOUND_TITLE = "Page not found"


def contact(org: Mapping[str, str | None]) -> dict[str, str | None]:
    """The editor and the checked, encoded email address, for the review box and the 404 page."""
    email = org.get("email")
    return {
        "editor": org.get("editor") or organization.TBC_TEXT,
        "email": email,
        "mailto": organization.mailto(email) if email else None,
    }


def review_box(meta: FrontMatter, org: Mapping[str, str | None]) -> dict[str, Any]:
    """What the review box at the end of every page prints: the reviewer and the dates written out."""
    out: dict[str, Any] = {"reviewed_by": meta.reviewed_by or organization.TBC_TEXT, **contact(org)}
    for key, value in (("last_reviewed", meta.last_reviewed), ("next_review", meta.next_review)):
        out[key] = {"iso": value.isoformat(), "text": format.long_date(value)}
    return out


def preview_notice(org: Mapping[str, str | None]) -> dict[str, str] | None:
    return dict(PREVIEW_NOTICE) if organization.missing(org) else None


def theme_extras(org: Mapping[str, str | None], brand: str, *, use_directory_urls: bool = True) -> dict[str, Any]:
    """``config.extra`` values set on every build, so ``mkdocs.yml`` cannot switch the preview notice off."""
    contact_url = File(next_step.CONTACT_PAGE, None, "", use_directory_urls).url
    return {
        "currency_storage_key": render.CURRENCY_STORAGE_KEY,
        "preview_notice": preview_notice(org),
        "not_found": {"title": seo.html_title(NOT_FOUND_TITLE, brand), "contact_name": brand, **contact(org)},
        "header": {"short_title": brand, "action": next_step.header_action(contact_url)},
    }
