"""The private quote request: the reader's own email or WhatsApp app sends the message, never the site.

The message and its links are composed here, once. The page carries the message template (``data-template``)
and, on each link, the link with the reader's answers left to fill in (``data-href-template``); ``assets/site.js``
only puts the reader's answers into the ``{name}`` slots (URL-encoded in links) as they type. Without
JavaScript the links carry the message with every answer left blank. Nothing is sent to any server by the site.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from urllib.parse import quote

from .organization import TBC
from .text import Html

SUBJECT = "Quote request: cytokine therapy in Turkey"
THERAPIES = (
    "Interleukin-2 (IL-2)",
    "Interferon",
    "A newer cytokine medicine",
    "Not sure yet",
)
CONTACT_WAYS = ("Email", "WhatsApp", "Phone call")
# Each {name} is filled with the form field of that name.
TEMPLATE = (
    "Hello DGS Healthcare,\n\n"
    "I would like a quote for cytokine therapy in Turkey.\n\n"
    "Therapy: {therapy}\n"
    "Preferred dates: {dates}\n"
    "Country I live in: {country}\n"
    "Please reply by: {contact_by}\n"
    "My name: {name}\n\n"
    "I have not attached medical records. Please tell me how to send them securely."
)
BLANK = "..."
_SLOT = re.compile(r"\{(\w+)\}")


def _encoded(text: str) -> str:
    return quote(text, safe="")


def fill(template: str, fields: Mapping[str, str], encode: Callable[[str], str] = str) -> str:
    """``template`` with each ``{name}`` replaced by ``encode(fields[name])``; empty or missing fields are '...'."""
    return _SLOT.sub(lambda slot: encode(str(fields.get(slot.group(1)) or "").strip() or BLANK), template)


def compose(fields: Mapping[str, str]) -> str:
    """The message text."""
    return fill(TEMPLATE, fields)


def link_template(channel: str, address: str) -> str:
    """The link that opens the reader's app with the message, its ``{name}`` slots left to fill in (encoded)."""
    parts = _SLOT.split(TEMPLATE)  # text, slot name, text, slot name, ..., text
    if channel == "email":
        # RFC 6068: percent-encode everything outside unreserved characters; line breaks as %0D%0A.
        body = "".join(_encoded(p.replace("\n", "\r\n")) if i % 2 == 0 else f"{{{p}}}" for i, p in enumerate(parts))
        return f"mailto:{quote(address, safe='@')}?subject={_encoded(SUBJECT)}&body={body}"
    body = "".join(_encoded(p) if i % 2 == 0 else f"{{{p}}}" for i, p in enumerate(parts))
    return f"https://wa.me/{''.join(ch for ch in address if ch.isdigit())}?text={body}"


def link(channel: str, address: str, fields: Mapping[str, str]) -> str:
    """The link for a message with these answers."""
    return fill(link_template(channel, address), fields, _encoded)


def _options(values: Iterable[str]) -> Html:
    return Html("").join(Html('<option value="{0}">{0}</option>').format(v) for v in values)


CHANNELS = (
    ("email", "Email", "md-button md-button--primary", "Write the email in my email app"),
    ("whatsapp", "WhatsApp", "md-button", "Write the message in WhatsApp"),
)


def quote_form(org: Mapping[str, str | None]) -> Html:
    links = []
    for channel, name, css, label in CHANNELS:
        address = org.get(channel)
        if address:
            links.append(
                Html('<a class="{} quote-send" data-channel="{}" data-href-template="{}" href="{}">{}</a>').format(
                    css, channel, link_template(channel, address), link(channel, address, {}), label
                )
            )
        else:
            links.append(Html("<p>{}: {}</p>").format(name, TBC))
    radios = Html("").join(
        Html('<label class="quote-radio"><input type="radio" name="contact_by" value="{0}"{1}> {0}</label>').format(
            way, Html(" checked") if i == 0 else ""
        )
        for i, way in enumerate(CONTACT_WAYS)
    )
    return Html(
        '<form class="quote-form" data-template="{template}" data-blank="{blank}" novalidate>'
        '<p><label for="quote-therapy">Which treatment are you asking about?</label><br>'
        '<select id="quote-therapy" name="therapy"><option value="">Choose one</option>{therapies}</select></p>'
        '<p><label for="quote-dates">When would you like to travel? (for example: March 2027)</label><br>'
        '<input type="text" id="quote-dates" name="dates"></p>'
        '<p><label for="quote-country">Country you live in</label><br>'
        '<input type="text" id="quote-country" name="country" autocomplete="country-name"></p>'
        "<fieldset><legend>How should we reply?</legend>{radios}</fieldset>"
        '<p><label for="quote-name">Your name (optional)</label><br>'
        '<input type="text" id="quote-name" name="name" autocomplete="name"></p>'
        '<p><label for="quote-preview">Your message (you can edit it in your app before you send it)</label><br>'
        '<textarea id="quote-preview" rows="11" readonly>{body}</textarea></p>'
        '<div class="quote-links">{links}</div>'
        "</form>"
    ).format(
        template=TEMPLATE,
        blank=BLANK,
        therapies=_options(THERAPIES),
        radios=radios,
        body=compose({}),
        links=Html("").join(links),
    )
