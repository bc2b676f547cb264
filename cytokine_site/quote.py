"""The private quote request: the reader's own email or WhatsApp app sends the message, never the site.

The message template lives here once. It is rendered into the page twice: as a ready-made link that works
without JavaScript (with empty fields), and as a ``data-template`` attribute that ``assets/site.js`` fills
in as the reader types. Nothing is sent to any server by the site.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
FIELDS = ("therapy", "dates", "country", "contact_by", "name")
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
# Characters JavaScript's encodeURIComponent leaves alone besides letters, digits and -_.~ (which quote keeps).
_JS_SAFE = "!*'()"


def compose(fields: Mapping[str, str]) -> str:
    """The message text; empty or missing fields become '...'."""
    values = {key: (str(fields.get(key) or "").strip() or BLANK) for key in FIELDS}
    return TEMPLATE.format(**values)


def mailto_href(email: str, body: str) -> str:
    # RFC 6068: percent-encode everything outside unreserved characters; line breaks as %0D%0A.
    return f"mailto:{quote(email, safe='@' + _JS_SAFE)}?subject={quote(SUBJECT, safe=_JS_SAFE)}&body=" + quote(
        body.replace("\n", "\r\n"), safe=_JS_SAFE
    )


def whatsapp_href(number: str, body: str) -> str:
    digits = "".join(ch for ch in number if ch.isdigit())
    return f"https://wa.me/{digits}?text={quote(body, safe=_JS_SAFE)}"


def _options(values: Iterable[str]) -> Html:
    return Html("").join(Html('<option value="{0}">{0}</option>').format(v) for v in values)


def quote_form(org: Mapping[str, str | None]) -> Html:
    email, whatsapp = org.get("email"), org.get("whatsapp")
    body = compose({})
    links = []
    if email:
        links.append(
            Html(
                '<a class="md-button md-button--primary quote-send" data-channel="email" '
                'href="{}">Write the email in my email app</a>'
            ).format(mailto_href(email, body))
        )
    else:
        links.append(Html("<p>Email: {}</p>").format(TBC))
    if whatsapp:
        links.append(
            Html(
                '<a class="md-button quote-send" data-channel="whatsapp" href="{}">Write the message in WhatsApp</a>'
            ).format(whatsapp_href(whatsapp, body))
        )
    else:
        links.append(Html("<p>WhatsApp: {}</p>").format(TBC))
    radios = Html("").join(
        Html('<label class="quote-radio"><input type="radio" name="contact_by" value="{0}"{1}> {0}</label>').format(
            way, Html(" checked") if i == 0 else ""
        )
        for i, way in enumerate(CONTACT_WAYS)
    )
    return Html(
        '<form class="quote-form" data-template="{template}" data-subject="{subject}" data-email="{email}" '
        'data-whatsapp="{whatsapp}" data-blank="{blank}" novalidate>'
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
        subject=SUBJECT,
        email=email or "",
        whatsapp=whatsapp or "",
        blank=BLANK,
        therapies=_options(THERAPIES),
        radios=radios,
        body=body,
        links=Html("").join(links),
    )
