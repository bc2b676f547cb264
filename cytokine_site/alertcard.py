"""The alert card to carry: validated data in, escaped HTML out (pure, like ``render``).

The card is a set of panels the patient fills in on the page (name, dates, doses, who to call) and,
per medicine, what a doctor seeing the patient must know (``alert_card`` in ``data/prices.yml``). On
screen the panels are a plain form; on paper (``assets/site.css``) they are credit-card-size panels
to cut out and fold, with blank lines where nothing was typed. Nothing is sent anywhere: there is no
``<form>`` to submit, and ``assets/site.js`` keeps the typed values in this browser only when the reader
ticks "Remember on this device". The script finds the fields by ``data-alert-field`` and the storage
key in ``data-store``: it copies no list or limit from here. The sources are listed under the card,
not on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import ALERT_CARD_ID, AlertCard, AlertMedicine
from .text import Html

PAGE = "alert-card.md"  # the page that shows the card (the urgent-help card links to it)
STORE_KEY = "dgs-alert-card"


@dataclass(frozen=True)
class Field:
    """A line the patient fills in: its id, label, input type, browser autofill hint and maximum length."""

    id: str
    label: str
    kind: str = "text"
    autocomplete: str = "off"
    max_length: int = 60


# Which panel each field is printed on, in order: (panel title or None for the front, fields).
PANELS: tuple[tuple[str | None, tuple[Field, ...]], ...] = (
    (None, (Field("name", "Name", autocomplete="name"),)),
    (
        "My treatment",
        (
            Field("dates", "Dates of treatment", max_length=40),
            Field("doses", "Doses I received", max_length=80),
        ),
    ),
    (
        "Who to call",
        (
            Field("hospital", "Treating hospital", autocomplete="organization"),
            Field("hospital-phone", "Hospital 24-hour number", kind="tel", max_length=30),
            Field("home-doctor", "My doctor at home (name and phone)", max_length=80),
        ),
    ),
)


def field_id(field: Field) -> str:
    return f"{ALERT_CARD_ID}-{field.id}"


def medicine_id(medicine: AlertMedicine) -> str:
    return f"{ALERT_CARD_ID}-medicine-{medicine.id}"


def _field(field: Field) -> Html:
    return Html(
        '<p class="alert-card__field"><label for="{0}">{1}</label>'
        '<input id="{0}" type="{2}" autocomplete="{3}" maxlength="{4}" data-alert-field></p>'
    ).format(field_id(field), field.label, field.kind, field.autocomplete, field.max_length)


def alert_card(card: AlertCard, heading_level: int = 2) -> Html:
    """The whole card, its controls and, under it, the sources of its warnings.

    HTML only, on one line (the macro's output is read again by Markdown, which must take it as one raw
    block). ``heading_level`` is the level of the panels' headings.
    """
    if heading_level not in (2, 3, 4, 5):
        raise ValueError(f"alert_card(heading_level={heading_level}): use 2, 3, 4 or 5")
    numbers = {ref.id: n for n, ref in enumerate(card.references, 1)}
    heading = Html(f"h{heading_level}")

    def refs(sources: list[str]) -> Html:
        return Html('<span class="alert-card__refs">{}</span>').format(
            Html(",").join(
                Html('<a href="#{0}-source-{1}" aria-label="Source {1}">{1}</a>').format(ALERT_CARD_ID, number)
                for number in sorted(numbers[source] for source in sources)
            )
        )

    panels = Html("")
    for title, fields in PANELS:
        top = (
            Html('<{0} class="alert-card__title">{1}</{0}><p class="alert-card__statement">{2}</p>').format(
                heading, card.title, card.statement
            )
            if title is None
            else Html('<{0} class="alert-card__heading">{1}</{0}>').format(heading, title)
        )
        panels += Html('<div class="alert-card__panel">{}{}</div>').format(top, Html("").join(map(_field, fields)))

    medicines = Html("").join(
        Html(
            '<div class="alert-card__panel alert-card__medicine"><p class="alert-card__pick">'
            '<input type="checkbox" id="{0}" data-alert-field><label for="{0}">{1}</label></p>'
            '<ul class="alert-card__warnings">{2}</ul></div>'
        ).format(
            medicine_id(medicine),
            medicine.name,
            Html("").join(Html("<li>{} {}</li>").format(w.text, refs(w.sources)) for w in medicine.warnings),
        )
        for medicine in card.medicines
    )
    sources = Html("").join(
        Html('<li id="{}-source-{}">{}, \u201c<a href="{}">{}</a>\u201d, {}.</li>').format(
            ALERT_CARD_ID, numbers[ref.id], ref.publisher, ref.url, ref.title, ref.date
        )
        for ref in card.references
    )
    return Html(
        '<div class="alert-card" id="{0}" data-store="{1}">'
        '<div class="alert-card__tools">'
        '<p class="alert-card__remember"><input type="checkbox" id="{0}-remember">'
        '<label for="{0}-remember">Remember on this device</label></p>'
        '<p><button type="button" class="md-button alert-card__forget">Forget what I typed</button> '
        '<button type="button" class="md-button md-button--primary alert-card__print">Print the card</button></p>'
        "</div>"
        '<p class="alert-card__cut">Cut out the card along its outside edge. Fold it along the lines between '
        "the parts, with your name on the front.</p>"
        '<div class="alert-card__sheet">{2}'
        '<div class="alert-card__medicines" role="group" aria-labelledby="{0}-medicines">'
        '<{3} id="{0}-medicines" class="alert-card__heading">Your medicines</{3}>'
        '<p class="alert-card__help">Tick each medicine you had. Only the ticked ones are printed; '
        "if you tick none, all of them are printed.</p>{4}</div></div></div>"
        '<div class="alert-card-sources"><p class="alert-card-sources__title">Sources for the card</p>'
        "<ol>{5}</ol></div>"
    ).format(ALERT_CARD_ID, STORE_KEY, panels, heading, medicines, sources)
