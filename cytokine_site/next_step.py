"""The next step a reader can take from any page: request an itemised quote or contact the team.

- :data:`NOT_GUIDE_PAGES` is the one place that says which pages are not guide pages: every other page
  ends with the next step, so a new page gets it without anyone typing it;
- :func:`block`: the "Your next step" section added at the end of a guide page's text (before its sources),
  with the owner's email, phone and WhatsApp as links when they are set, and "to be confirmed" when not;
- :func:`header_action`: the compact contact link in the header of every page.

Only the owner's facts vary, and they reach the page through :class:`~cytokine_site.text.Html` (escaped and
inert as Markdown), checked by kind in :mod:`cytokine_site.organization`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from urllib.parse import quote

from .organization import TBC, mailto
from .text import Html

CONTACT_PAGE = "contact.md"
QUOTE_PAGE = "quote.md"
# Not guide pages: the home page routes to every page and to the contact page itself; the other two are
# where the next step leads.
NOT_GUIDE_PAGES = frozenset({"index.md", CONTACT_PAGE, QUOTE_PAGE})

TITLE = "Your next step"
ANCHOR = "next-step"
TEXT = (
    "When you are ready, ask us for an itemised quote, or ask us a question first. "
    "Asking does not commit you to anything."
)
QUOTE_LABEL = "Request an itemised quote"
CONTACT_LABEL = "Contact us"
HEADER_LABEL = "Contact"
CHANNELS = {"email": "email", "phone": "phone", "whatsapp": "WhatsApp"}


def is_guide_page(src_uri: str) -> bool:
    """Whether the page ``src_uri`` (relative to ``docs/``, like ``costs/index.md``) ends with the next step."""
    return src_uri not in NOT_GUIDE_PAGES


def _link_to(page: str, src_uri: str) -> str:
    """A Markdown link target from ``src_uri`` to ``page`` (MkDocs checks and rewrites it)."""
    return posixpath.relpath(page, posixpath.dirname(src_uri) or ".")


def channel_link(key: str, value: str) -> Html:
    """A link for a checked owner fact: mailto, tel or WhatsApp."""
    if key == "email":
        href, text = mailto(value), value
    elif key == "phone":
        href, text = "tel:+" + "".join(ch for ch in value if ch.isdigit()), value
    else:
        href, text = "https://wa.me/" + quote(value, safe=""), "+" + value
    return Html('<a href="{}">{}</a>').format(href, text)


def _sentence(words: list[str]) -> str:
    """Words joined and capitalised: ["phone", "WhatsApp"] -> "Phone and WhatsApp"."""
    text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return text[:1].upper() + text[1:]


def channels(org: Mapping[str, str | None]) -> Html:
    """The owner's email, phone and WhatsApp as links; the ones still unset grouped as "...: to be confirmed"."""
    parts, unset = [], []
    for key, label in CHANNELS.items():
        value = org.get(key)
        if value:
            parts.append(Html("{}: {}").format(_sentence([label]), channel_link(key, value)))
        else:
            unset.append(label)
    if unset:
        parts.append(Html("{}: {}").format(_sentence(unset), TBC))
    return Html(" · ").join(parts)


def block(org: Mapping[str, str | None], src_uri: str) -> str:
    """The "Your next step" section for the page ``src_uri``, as Markdown (md_in_html and attribute lists).

    The heading is left out of search (``data-search-exclude``), so every page's next step does not crowd
    the search results."""
    quote_link = _link_to(QUOTE_PAGE, src_uri)
    contact_link = _link_to(CONTACT_PAGE, src_uri)
    return (
        f'\n\n<section class="next-step" aria-labelledby="{ANCHOR}" markdown>\n\n'
        f"## {TITLE} {{: #{ANCHOR} data-search-exclude }}\n\n"
        f"{TEXT}\n\n"
        f'<p class="next-step__actions" markdown>[{QUOTE_LABEL}]({quote_link}){{: .md-button .md-button--primary }} '
        f"[{CONTACT_LABEL}]({contact_link}){{: .md-button }}</p>\n\n"
        f'<p class="next-step__channels">{channels(org)}</p>\n\n'
        "</section>\n"
    )


def header_action(contact_url: str) -> dict[str, str]:
    """The header's contact link: its label and the site-relative URL of the contact page."""
    return {"label": HEADER_LABEL, "href": contact_url}
