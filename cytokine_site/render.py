"""Pure renderers: validated data in, escaped HTML out.

Nothing here knows about MkDocs. Every value that comes from the data file goes
through ``markupsafe`` (``Html.format`` escapes its arguments), so text in the
data file can never become markup on a page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Generic, TypeVar

from .format import STATUS_LABELS, is_stale, long_date, money, money_range, month_year, round_to
from .model import (
    URGENT_HELP_ID,
    EmergencyNumbers,
    Label,
    PackageItem,
    PriceData,
    PriceEstimate,
    UrgentHelpTier,
    checklist_item_anchor,
    urgent_help_item_anchor,
    urgent_help_source_anchor,
)
from .text import Html

# The renderers mark every date from the data file they print, so the site hooks can date each page
# (sitemap, structured data) by the newest figure it shows.
AS_OF_ATTRIBUTE = "data-as-of"


def dated(value: dt.date, text: str) -> Html:
    """``text`` as a ``<time>`` element for a date from the data file, marked for the page's dating."""
    return Html('<time datetime="{0}" ' + AS_OF_ATTRIBUTE + '="{0}">{1}</time>').format(value.isoformat(), text)


# Prices ----------------------------------------------------------------------------


# Converted figures are rounded to the nearest 100, in the cost picture and the currency choice alike.
CONVERSION_STEP = 100


def convert_rounded(data: PriceData, amount: int | Decimal, source: str, target: str) -> int:
    """``amount`` in ``target`` with the dated exchange rates, rounded to :data:`CONVERSION_STEP`."""
    return round_to(data.exchange_rates.convert(amount, source, target), CONVERSION_STEP)


def converted_text(data: PriceData, low: int | Decimal, high: int | Decimal, source: str, target: str) -> str:
    """What the currency choice shows next to a price, e.g. 'about €3,400 to €8,500'."""
    return "about " + money_range(
        convert_rounded(data, low, source, target), convert_rounded(data, high, source, target), target
    )


def price_span(data: PriceData, low: int | Decimal, high: int | Decimal, source: str, text: str) -> Html:
    """A price as the page shows it, followed by an empty slot for the converted figure.

    The span carries the figure already converted and rounded into every other supported currency
    (``data-in-eur="about €3,400 to €8,500"``); ``assets/site.js`` only copies the chosen one into the slot.
    """
    converted = Html("").join(
        Html(' data-in-{}="{}"').format(target.lower(), converted_text(data, low, high, source, target))
        for target in data.exchange_rates.currencies
        if target != source
    )
    return Html('<span class="price" data-currency="{}"{}>{}</span><span class="price-converted"></span>').format(
        source, converted, text
    )


def _price_span(data: PriceData, estimate: PriceEstimate) -> Html:
    return price_span(
        data, estimate.min, estimate.max, estimate.currency, money_range(estimate.min, estimate.max, estimate.currency)
    )


def _dated(data: PriceData, estimate: PriceEstimate, today: dt.date) -> Html:
    out = Html('<span class="as-of">(estimate as of {})</span>').format(
        dated(estimate.as_of, month_year(estimate.as_of))
    )
    if is_stale(estimate.as_of, today, data.freshness.recheck_after_months):
        out += Html(
            ' <strong class="recheck">This estimate is more than {} months old and is being re-checked</strong>'
        ).format(data.freshness.recheck_after_months)
    return out


COMMON_CURRENCY = "USD"
LIMIT_STEP = 10  # a converted vial price is rounded to the nearest 10


def price_table(data: PriceData, today: dt.date, caption: str | None = None, common: str = COMMON_CURRENCY) -> Html:
    """All estimates as an accessible table: each in its own currency and, side by side, in one common currency;
    its honest limit; what it covers and whose estimate it is."""
    if common not in data.exchange_rates.currencies:
        raise KeyError(
            f"no exchange rate for '{common}' in data/prices.yml (known: {', '.join(data.exchange_rates.currencies)})"
        )
    caption = caption or "Estimated cost of one course of cytokine therapy, by country"
    columns: list[Column[PriceEstimate]] = [
        Column("Country", lambda e: data.country(e.country).name),
        Column(
            "Estimate",
            lambda e: Html("{}{}<br>{}{}").format(
                _price_span(data, e), _in_common(data, e, common), _dated(data, e, today), floor_notice(data, e)
            ),
            "estimate",
        ),
        Column("Its honest limit", lambda e: limit_text(data, e, common), "limit"),
        Column("What it covers and leaves out", lambda e: e.covers),
    ]
    bases = Html("").join(
        Html("<li><strong>{}:</strong> {}</li>").format(data.country(e.country).name, e.basis) for e in data.estimates
    )
    return data_table("price-table", caption, columns, data.estimates) + Html(
        '<details class="estimate-basis"><summary>Whose estimates these are</summary><ul>{}</ul></details>'
    ).format(bases)


def _in_common(data: PriceData, estimate: PriceEstimate, common: str) -> Html:
    """The estimate in the common currency, beside the original (nothing when it already is in it)."""
    if estimate.currency == common:
        return Html("")
    return Html(' <span class="in-common">({})</span>').format(
        converted_text(data, estimate.min, estimate.max, estimate.currency, common)
    )


def limit_text(data: PriceData, estimate: PriceEstimate, common: str = COMMON_CURRENCY) -> Html:
    """The most one vial could cost for the top of the estimate to pay for the medicine alone (in the estimate's
    currency and in ``common``), and the medicine alone at a public price where the country has one."""
    from . import course  # here, not at the top: course imports the model only, never the renderers

    found = course.limit(data, estimate)
    shown = money(int(found.max_vial_price), estimate.currency)  # whole units, rounded down: "at most"
    if estimate.currency != common:
        converted = data.exchange_rates.convert(found.max_vial_price, estimate.currency, common)
        shown += f" (about {money(round_to(converted, LIMIT_STEP), common)})"
    out = Html("Pays for the medicine alone ({} vials of {} million units) only if a vial costs at most {}").format(
        found.vials, found.vial_iu // 1_000_000, shown
    )
    if found.medicine is not None:
        amount = int(found.medicine.amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        currency = found.medicine.price.currency
        out += Html(". At the public price the medicine alone costs {}").format(
            price_span(data, amount, amount, currency, money(amount, currency))
        )
    return out


# Where the reader's currency choice is remembered (localStorage); the scripts read it from the page.
CURRENCY_STORAGE_KEY = "dgs-currency"


def currency_choice(data: PriceData) -> Html:
    """The 'also show prices in' control. Shown only when scripts run (``assets/site.js`` makes it work);
    it is in the page from the start, so nothing moves when it comes to life."""
    rates = data.exchange_rates
    options = Html("").join(Html('<option value="{0}">{0}</option>').format(c) for c in rates.currencies)
    return Html(
        '<div class="currency-choice"><label for="currency-choice">Also show prices in:</label> '
        '<select id="currency-choice" data-storage-key="{}"><option value="">Only the original currency</option>'
        "{}</select>"
        '<p class="currency-note">Converted prices use the {} of {}, rounded. '
        "They are a guide only.</p></div>"
    ).format(CURRENCY_STORAGE_KEY, options, rates.source, dated(rates.as_of, long_date(rates.as_of)))


def key_figure(data: PriceData, figure_id: str, capital: bool = False) -> Html:
    """A figure stated on several pages, worded once in the data file."""
    text = data.key_figure(figure_id).text
    return Html("{}").format(text[:1].upper() + text[1:] if capital else text)


def print_button() -> Html:
    """'Print my checklist': shown only when scripts run, which is when it works."""
    return Html(
        '<p class="checklist-tools"><button type="button" class="md-button print-checklist">'
        "Print my checklist</button></p>"
    )


def exchange_rates_note(data: PriceData) -> Html:
    rates = data.exchange_rates
    listed = ", ".join(
        f"{rate.normalize():f} {code}" for code, rate in sorted(rates.rates.items()) if code != rates.base
    )
    return Html('Exchange rates: 1 {} = {}, from the <a href="{}">{}</a> of {}.').format(
        rates.base, listed, rates.source_url, rates.source, dated(rates.as_of, long_date(rates.as_of))
    )


# Packages and checklists ----------------------------------------------------------


def package_table(data: PriceData, caption: str | None = None) -> Html:
    caption = caption or "What a treatment package can include"
    columns: list[Column[PackageItem]] = [
        Column("Item", lambda item: item.name),
        Column(
            "Usually in the package price?",
            lambda item: STATUS_LABELS[item.status],
            lambda item: f"status status-{item.status}",
        ),
        Column("What to check", lambda item: item.note or ""),
    ]
    return data_table("package-table", caption, columns, data.package_items)


def checklist(data: PriceData, checklist_id: str, heading_level: int = 2) -> Html:
    """A checklist as a Markdown heading (so it appears in the contents) followed by an HTML list."""
    found = data.checklist(checklist_id)
    heading = Html("{} {} {{#{}}}\n\n").format(Html("#" * heading_level), found.title, found.id)
    intro = Html("<p>{}</p>\n").format(found.intro) if found.intro else Html("")
    items = Html("").join(
        Html('<li id="{}">{}</li>').format(checklist_item_anchor(found.id, item.id), item.text) for item in found.items
    )
    return heading + intro + Html('<ul class="checklist" data-checklist="{}">{}</ul>').format(found.id, items)


def red_flags(data: PriceData, heading_level: int = 2) -> Html:
    """The warning signs about a clinic or an offer: a Markdown heading (so it appears in the contents), the
    intro and the list."""
    found = data.red_flags
    heading = Html("{} {} {{#red-flags}}\n\n").format(Html("#" * heading_level), found.title)
    intro = Html("<p>{}</p>\n").format(found.intro) if found.intro else Html("")
    items = Html("").join(Html("<li>{}</li>").format(item.text) for item in found.items)
    return heading + intro + Html('<ul class="red-flags">{}</ul>').format(items)


Row = TypeVar("Row")


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column of a data table: its header, what each row shows in it, and the cell's CSS class.

    ``cell`` returns text (escaped) or :class:`Html`; ``css`` is a class, or a function of the row, or None.
    The first column of a table holds the row headers.
    """

    header: str
    cell: Callable[[Row], Html | str]
    css: str | Callable[[Row], str | None] | None = None

    def css_for(self, row: Row) -> str | None:
        return self.css(row) if callable(self.css) else self.css


def data_table(kind: str, caption: str, columns: Sequence[Column[Row]], rows: Iterable[Row]) -> Html:
    """A captioned table: one column per :class:`Column`, one row per item of ``rows``.

    On phones the stylesheet lays each row out as a block and shows each cell's column name from
    ``data-label`` (as visible text, so the names are also read out by screen readers in browsers that
    stop treating a restyled table as a table).
    """
    header_column, *cell_columns = columns
    head = Html("").join(Html('<th scope="col">{}</th>').format(c.header) for c in columns)
    body = Html("")
    for row in rows:
        tds = Html("").join(
            Html('<td data-label="{}"{}>{}</td>').format(
                column.header,
                Html(' class="{}"').format(css) if (css := column.css_for(row)) else "",
                column.cell(row),
            )
            for column in cell_columns
        )
        body += Html('<tr><th scope="row">{}</th>{}</tr>').format(header_column.cell(row), tds)
    return Html(
        '<div class="table-scroll {0}" role="region" aria-label="{1}" tabindex="0">'
        '<table class="data-table"><caption>{1}</caption><thead><tr>{2}</tr></thead><tbody>{3}</tbody></table></div>'
    ).format(kind, caption, head, body)


# Honesty: an estimate below the public price of the medicine alone ----------------------


def floor_notice(data: PriceData, estimate: PriceEstimate) -> Html:
    """A plain-words notice when the estimate's lower end is below the public price of the medicine alone
    for the most favourable course (see :func:`cytokine_site.course.below_floor`); empty otherwise."""
    from . import course  # here, not at the top: course imports the model only, never the renderers

    floor = course.below_floor(data, estimate)
    if floor is None:
        return Html("")
    price = floor.price
    amount = int(floor.amount.to_integral_value(rounding=ROUND_HALF_UP))
    converted = ""
    if price.currency != estimate.currency:
        in_estimate_currency = convert_rounded(data, floor.amount, price.currency, estimate.currency)
        converted = f" (about {money(in_estimate_currency, estimate.currency)})"
    return Html(
        ' <strong class="floor-notice">This estimate\'s lower end is below the public price of the medicine '
        "alone for the most favourable course: {} doses at {} kg use {} vials, and at {} each ({}, {}) the medicine "
        "alone costs {}{}.</strong>"
    ).format(
        floor.doses,
        floor.weight_kg,
        floor.vials,
        money(price.amount, price.currency),
        _price_type_label(price.price_type),
        month_year(price.as_of),
        price_span(data, amount, amount, price.currency, money(amount, price.currency)),
        converted,
    )


def _price_type_label(price_type: str) -> str:
    from .model import PRICE_TYPES

    return PRICE_TYPES[price_type]


# Urgent help -----------------------------------------------------------------------


def urgent_help(data: PriceData, heading_level: int = 2, alert_card_url: str | None = None) -> Html:
    """The urgent-help card: the emergency numbers by country, then the tiers (emergency number now; 24-hour
    cancer line now; treating team today), each item with its numbered sources, and the sources listed at the
    foot of the card.

    HTML only, on one line (the macro's output is read again by Markdown, which must take it as one raw
    block). ``heading_level`` is the level of the card's title; the tiers are one level below it.
    ``alert_card_url``, the alert-card page's address from the page the card is on, adds a link to it.
    """
    if heading_level not in (2, 3, 4, 5):
        raise ValueError(f"urgent_help(heading_level={heading_level}): use 2, 3, 4 or 5")
    card = data.urgent_help
    # Sources are numbered in the order the card first cites them (the model rejects unused ones).
    cited = [source for entry in card.numbers for source in entry.sources]
    cited += [source for _, found in card.tiers for item in found.items for source in item.sources]
    numbers = {source: n for n, source in enumerate(dict.fromkeys(cited), 1)}
    top, sub = f"h{heading_level}", f"h{heading_level + 1}"

    def source_links(sources: list[str]) -> Html:
        return Html('<span class="urgent-help__refs">{}</span>').format(
            Html(",").join(
                Html('<a class="urgent-help__ref" href="#{0}" aria-label="Source {1}">{1}</a>').format(
                    urgent_help_source_anchor(number), number
                )
                for number in sorted(numbers[source] for source in sources)
            )
        )

    def place(entry: EmergencyNumbers) -> Html:
        lines = Html("; ").join(
            Html('<a class="urgent-help__number" href="tel:{0}">{0}</a> {1}').format(line.number, line.use)
            for line in entry.lines
        )
        return Html('<li id="{}-numbers-{}"><span class="urgent-help__place">{}</span>: {} {}</li>').format(
            URGENT_HELP_ID, entry.id, entry.place, lines, source_links(entry.sources)
        )

    def tier(name: str, found: UrgentHelpTier) -> Html:
        items = Html("").join(
            Html('<li id="{}">{} {}</li>').format(
                urgent_help_item_anchor(item.id), item.text, source_links(item.sources)
            )
            for item in found.items
        )
        fallback = (
            Html('<p class="urgent-help__fallback">{}</p>').format(found.fallback) if found.fallback else Html("")
        )
        return Html(
            '<div class="urgent-help__tier urgent-help__tier--{0}"><{1} class="urgent-help__action">'
            '{2}</{1}><ul class="urgent-help__list">{3}</ul>{4}</div>'
        ).format(name.replace("_", "-"), Html(sub), found.action, items, fallback)

    emergency_numbers = Html(
        '<div class="urgent-help__numbers"><p class="urgent-help__numbers-title">Emergency numbers</p>'
        '<ul class="urgent-help__places">{}</ul></div>'
    ).format(Html("").join(place(entry) for entry in card.numbers))
    sources = Html("").join(
        Html('<li id="{}">{}, \u201c<a href="{}">{}</a>\u201d, {}.</li>').format(
            urgent_help_source_anchor(numbers[ref.id]), ref.publisher, ref.url, ref.title, ref.date
        )
        for ref in sorted(card.references, key=lambda ref: numbers[ref.id])
    )
    note = Html('<p class="urgent-help__note">{}</p>').format(card.note) if card.note else Html("")
    if alert_card_url:
        note += Html(
            '<p class="urgent-help__alert-card"><a href="{}">Print an alert card to carry</a>: it tells any doctor '
            "which medicine you had and who to call.</p>"
        ).format(alert_card_url)
    return Html(
        '<div class="urgent-help" role="region" aria-labelledby="{0}">'
        '<{1} id="{0}" class="urgent-help__title">{2}</{1}>{3}{4}{5}'
        '<p class="urgent-help__sources-title">Sources for this list</p>'
        '<ol class="urgent-help__sources">{6}</ol></div>'
    ).format(
        URGENT_HELP_ID,
        Html(top),
        card.title,
        emergency_numbers,
        Html("").join(tier(name, found) for name, found in card.tiers),
        note,
        sources,
    )


# Product labels -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """The parts of a reference, in the order every footnote gives them: publisher, title, date, address."""

    publisher: str
    title: str
    date: str
    url: str

    def markdown(self) -> str:
        """The footnote as an editor would type it (what tests/test_sources.py checks)."""
        return f'{self.publisher}, "{self.title}", {self.date}. <{self.url}>'


def label_citation(label: Label) -> Citation:
    """How a footnote cites ``label``: its revision and when it was last checked, from the labels registry."""
    publisher = f"{label.issuer} (via {label.via})" if label.via else label.issuer
    revised = f"label revised {month_year(label.revised_date)}" if label.revised else "label revised: date not recorded"
    date = f"{revised}, checked {long_date(label.checked)}"
    if label.note:
        date += f"; {label.note}"
    return Citation(publisher, label.title, date, label.address)


def label_source(data: PriceData, label_id: str) -> Html:
    """A footnote's text for a product label (``[^key]: {{ label_source("id") }}``), one line of inline HTML."""
    cite = label_citation(data.label(label_id))
    return Html('{}, "{}", {}. <a href="{}">{}</a>').format(cite.publisher, cite.title, cite.date, cite.url, cite.url)
