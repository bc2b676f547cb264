"""Typed model of ``data/prices.yml``.

Every model is strict and forbids unknown keys, so a typo in the data file is
an error rather than a silently ignored field. Every value has a :class:`Kind` (money, doses,
a date...) and its bounds in its ``Field``, written once: the loader words a broken bound or a
value of the wrong type from the kind and the rule broken (``messages.FIELD_MESSAGES``). The
other checks raise messages written for editors: they say what is expected and name the
section of ``EDITORS.md`` that explains the fix (the loader adds file, line and field).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Literal, Protocol, TypeVar
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .messages import message
from .text import FORBIDDEN_IN_TEXT, plain_text_problem, shown

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX_LENGTH = 40
# Sane bounds: a value outside them is a typing mistake, and would break tables and charts.
MONEY_MIN, MONEY_MAX = 1, 99_999_999
EARLIEST_DATE = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class Kind:
    """What a value is (``Annotated`` metadata): the loader words its type and bound errors by it."""

    name: str


_CURRENCY_CODE = re.compile(r"[A-Z]{3}")


def _check_currency(value: str) -> str:
    """An ISO 4217 code that Babel knows (imported here, so loading the model does not load Babel)."""
    from babel.numbers import is_currency

    if value.upper() != value and is_currency(value.upper()):
        raise PydanticCustomError(
            "currency_lower_case",
            message("currency_lower_case", code=value.upper()),
        )
    if not _CURRENCY_CODE.fullmatch(value) or not is_currency(value):
        raise PydanticCustomError(
            "unknown_currency",
            message("unknown_currency"),
        )
    return value


def _check_text(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise PydanticCustomError("empty_text", message("empty_text"))
    problem = plain_text_problem(value)
    if problem:
        raise PydanticCustomError("forbidden_text", message("forbidden_text", problem=problem))
    return value


def _rate_number(value: object) -> object:
    """A rate written as a YAML number, as the decimal it reads as (text, such as "0.86", stays a type error)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    return value


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date_as_written(value: object) -> object:
    """A date is a date, or text written YYYY-MM-DD; never a number (1735689600 would read as a time stamp)."""
    if (type(value) is dt.date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise PydanticCustomError("date_type", "must be a date written YYYY-MM-DD")


# A web address: https, a plain host name, then a path, query and fragment of URL characters (RFC 3986).
_URL = re.compile(r"https://(?P<host>[^/?#]*)(?P<rest>[/?#][A-Za-z0-9._~!$&'()*+,;=:@/?%#-]*)?")
_HOST_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")


def _check_url(value: str) -> str:
    """A web address whose host is what it seems: no user name or password (``https://nhs.uk@evil.example``
    goes to evil.example), no port, no IP address, and a host in plain ASCII letters, without the ``xn--``
    form a look-alike host written in other alphabets takes."""
    found = _URL.fullmatch(value)
    if not found:
        raise PydanticCustomError("url_form", message("url_form"))
    host = found.group("host")
    if "@" in host:
        raise PydanticCustomError("url_credentials", message("url_credentials"))
    labels = host.lower().split(".")
    if (
        len(labels) < 2
        or not all(_HOST_LABEL.fullmatch(label) and not label.startswith("xn--") for label in labels)
        or labels[-1].isdigit()
    ):
        raise PydanticCustomError("url_host", message("url_host", host=shown(host, 60)))
    return value


def _check_past_date(value: dt.date, info: ValidationInfo) -> dt.date:
    today = (info.context or {}).get("today") or dt.date.today()
    if value < EARLIEST_DATE:
        raise PydanticCustomError(
            "date_too_early",
            message("date_too_early", year=EARLIEST_DATE.year, date=value.isoformat()),
        )
    if value > today:
        raise PydanticCustomError(
            "future_date",
            message("future_date", date=value.isoformat()),
        )
    return value


Text = Annotated[
    str,
    AfterValidator(_check_text),
    Field(min_length=1, json_schema_extra={"pattern": "^[^" + re.escape("".join(FORBIDDEN_IN_TEXT)) + "]+$"}),
    Kind("text"),
]
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH), Kind("id")]
Money = Annotated[
    int,
    Field(ge=MONEY_MIN, le=MONEY_MAX, description="A whole amount of money: digits only, no commas or symbols."),
    Kind("money"),
]
Rate = Annotated[
    Decimal,
    BeforeValidator(_rate_number),
    Field(
        ge=Decimal("0.0001"),
        le=Decimal("100000"),
        decimal_places=6,
        allow_inf_nan=False,
        json_schema_extra={"type": "number"},
    ),
    Kind("rate"),
]
PastDate = Annotated[
    dt.date,
    BeforeValidator(_date_as_written),
    Field(strict=False, description="A date written YYYY-MM-DD, not in the future."),
    AfterValidator(_check_past_date),
    Kind("date"),
]
CurrencyCode = Annotated[
    str,
    AfterValidator(_check_currency),
    Field(
        description="A three-letter ISO 4217 currency code, such as EUR; it needs a line in exchange_rates.rates.",
        json_schema_extra={"pattern": f"^{_CURRENCY_CODE.pattern}$"},
    ),
    Kind("currency"),
]
Url = Annotated[
    str,
    AfterValidator(_check_url),
    Field(description="A web address starting https://, with a plain host name.", json_schema_extra={"format": "uri"}),
    Kind("url"),
]
YesNo = Annotated[bool, Kind("yes_no")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Freshness(_Strict):
    """How old a price may be before pages say it is being re-checked."""

    recheck_after_months: Annotated[int, Field(ge=1, le=36), Kind("months")]


class Country(_Strict):
    id: Id
    name: Text


class PriceEstimate(_Strict):
    """One estimated price range for a course of treatment in one country."""

    id: Id
    country: Id
    treatment: Text
    currency: CurrencyCode
    min: Money
    max: Money
    as_of: PastDate
    basis: Text = Field(description="Whose estimate this is and how it was made.")
    covers: Text = Field(description="What the estimate includes and leaves out.")
    sourced: YesNo = Field(default=False, description="true only if a named, published source is given in source_url.")
    source_url: Url | None = Field(default=None, description="The published source; required when sourced is true.")

    @model_validator(mode="after")
    def _min_not_above_max(self) -> PriceEstimate:
        if self.min > self.max:
            raise _fail(
                "min_above_max",
                message("min_above_max", min=self.min, max=self.max),
                ("min",),
            )
        if self.sourced and self.source_url is None:
            raise _fail(
                "source_missing",
                message("source_missing"),
                ("sourced",),
            )
        if not self.sourced and self.source_url is not None:
            raise _fail(
                "source_not_marked",
                message("source_not_marked"),
                ("source_url",),
            )
        return self


class ExchangeRates(_Strict):
    """Dated exchange rates: how many units of each currency one unit of ``base`` buys."""

    as_of: PastDate
    source: Text
    source_url: Url
    base: CurrencyCode
    rates: dict[CurrencyCode, Rate]

    @model_validator(mode="after")
    def _base_rate_is_one(self) -> ExchangeRates:
        if self.base not in self.rates:
            raise _fail(
                "base_rate_missing",
                message("base_rate_missing", base=self.base),
                ("rates",),
            )
        if self.rates[self.base] != 1:
            raise _fail(
                "base_rate_not_one",
                message("base_rate_not_one", base=self.base),
                ("rates", self.base),
            )
        return self

    @property
    def currencies(self) -> list[str]:
        """The supported currencies: every code with a rate, in the order of the data file."""
        return list(self.rates)

    def convert(self, amount: int | Decimal, source: str, target: str) -> Decimal:
        if source == target:
            return Decimal(amount)
        return Decimal(amount) * self.rates[target] / self.rates[source]


class PackageItem(_Strict):
    """One thing a treatment package may include, and whether it usually does."""

    id: Id
    name: Text
    status: Annotated[Literal["included", "extra", "ask"], Kind("status")]
    note: Text | None = None


class ChecklistItem(_Strict):
    id: Id
    text: Text


class Checklist(_Strict):
    id: Id
    title: Text
    intro: Text | None = None
    items: Annotated[list[ChecklistItem], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_items(self) -> Checklist:
        _reject_duplicates([i.id for i in self.items], "items")
        return self


class RedFlags(_Strict):
    """Warning signs about a clinic or an offer: one list, shown by the red_flags() macro."""

    title: Text
    intro: Text | None = None
    items: Annotated[list[ChecklistItem], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_items(self) -> RedFlags:
        _reject_duplicates([i.id for i in self.items], "items")
        return self


def _fail(kind: str, message: str, path: tuple[str | int, ...] = ()) -> PydanticCustomError:
    """An editor-facing error; ``path`` points below the model that raised it (used for the line number)."""
    return PydanticCustomError(kind, message.replace("{", "{{").replace("}", "}}"), {"path": path})


def _one_of(values: list[str]) -> str:
    return values[0] if len(values) == 1 else f"one of {', '.join(values[:-1])} or {values[-1]}"


def _reject_duplicates(ids: list[str], where: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value in seen:
            raise _fail(
                "duplicate_id",
                message("duplicate_id", id=value, where=where),
                (where, index, "id"),
            )
        seen.add(value)


class KeyFigure(_Strict):
    """A figure several pages state: written once here, so two pages can never word it differently."""

    id: Id
    text: Text = Field(description="The figure as it reads inside a sentence, e.g. 'about 1 in 3 people'.")
    source: Text = Field(description="Where the figure comes from (the pages cite it in their footnotes).")


class PriceData(_Strict):
    """The whole data file."""

    version: Annotated[Literal[1], Kind("version")]
    freshness: Freshness
    countries: Annotated[list[Country], Field(min_length=1)]
    estimates: Annotated[list[PriceEstimate], Field(min_length=1)]
    exchange_rates: ExchangeRates
    package_items: Annotated[list[PackageItem], Field(min_length=1)]
    checklists: Annotated[list[Checklist], Field(min_length=1)]
    red_flags: RedFlags
    key_figures: list[KeyFigure] = Field(default_factory=list)
    urgent_help: UrgentHelp
    alert_card: AlertCard | None = None
    public_prices: list[PublicPrice] = Field(default_factory=list)
    course_structure: CourseStructure | None = None
    labels: list[Label] = Field(default_factory=list)

    @model_validator(mode="after")
    def _labels_refer_to_known_countries(self) -> PriceData:
        _check_labels(self)
        return self

    @model_validator(mode="after")
    def _public_prices_refer_to_known_countries(self) -> PriceData:
        _check_public_prices(self)
        return self

    @model_validator(mode="after")
    def _every_currency_has_a_rate(self) -> PriceData:
        supported = self.exchange_rates.currencies
        priced: list[tuple[str, Sequence[PriceEstimate | PublicPrice]]] = [
            ("estimates", self.estimates),
            ("public_prices", self.public_prices),
        ]
        for where, items in priced:
            for index, item in enumerate(items):
                if item.currency not in supported:
                    raise _fail(
                        "currency_without_rate",
                        message("currency_without_rate", code=item.currency, supported=_one_of(supported)),
                        (where, index, "currency"),
                    )
        return self

    @model_validator(mode="after")
    def _references_and_ids(self) -> PriceData:
        for where, items in (
            ("countries", self.countries),
            ("estimates", self.estimates),
            ("package_items", self.package_items),
            ("checklists", self.checklists),
            ("key_figures", self.key_figures),
        ):
            _reject_duplicates([i.id for i in items], where)
        _reject_anchor_clashes(self)
        known = {c.id for c in self.countries}
        for index, estimate in enumerate(self.estimates):
            if estimate.country not in known:
                raise _fail(
                    "unknown_country",
                    message("unknown_country", country=estimate.country, known=", ".join(sorted(known))),
                    ("estimates", index, "country"),
                )
        return self

    # Look-ups used by the renderers -------------------------------------------------

    def country(self, country_id: str) -> Country:
        return _by_id(self.countries, country_id, "country")

    def estimate(self, estimate_id: str) -> PriceEstimate:
        return _by_id(self.estimates, estimate_id, "price estimate")

    def checklist(self, checklist_id: str) -> Checklist:
        return _by_id(self.checklists, checklist_id, "checklist")

    def key_figure(self, figure_id: str) -> KeyFigure:
        return _by_id(self.key_figures, figure_id, "key figure")

    def label(self, label_id: str) -> Label:
        return _by_id(self.labels, label_id, "label")


# HTML ids ----------------------------------------------------------------------------------------
# Ids from the data file become HTML ids on the pages (the renderers make them with these functions): a
# checklist's heading, its items (what the planning page's ticks are remembered by), the urgent-help items
# and sources. Two must never be the same, nor one of the fixed ids the renderers write, or a link or a
# remembered tick lands on the wrong thing.

URGENT_HELP_ID = "urgent-help"
ALERT_CARD_ID = "alert-card"
# HTML ids starting with these are made only by one renderer, from its own part of the data file.
RESERVED_PREFIXES = {
    f"{URGENT_HELP_ID}-": ("urgent_help", "the urgent-help card's own ids"),
    f"{ALERT_CARD_ID}-": ("alert_card", "the alert card's own ids"),
    "quote-": ("quote", "the quote form's own ids"),
}
FIXED_ANCHORS = (
    URGENT_HELP_ID,
    "currency-choice",
    "quote-therapy",
    "quote-dates",
    "quote-country",
    "quote-name",
    "quote-preview",
)


def checklist_item_anchor(checklist_id: str, item_id: str) -> str:
    return f"{checklist_id}-{item_id}"


def urgent_help_item_anchor(item_id: str) -> str:
    return f"{URGENT_HELP_ID}-{item_id}"


def urgent_help_source_anchor(number: int) -> str:
    """The id of the urgent-help card's source ``number`` (counted from 1, in the order of the references)."""
    return f"{URGENT_HELP_ID}-source-{number}"


def _anchors(data: PriceData) -> Iterator[tuple[str, str, str, tuple[str | int, ...]]]:
    """(HTML id, data id it is made from, what owns it, path of that data id) for every id made from the data."""
    for number, ref in enumerate(data.urgent_help.references, 1):
        where: tuple[str | int, ...] = ("urgent_help", "references", number - 1, "id")
        yield urgent_help_source_anchor(number), ref.id, f"source {number} of the urgent-help card", where
    for index, found in enumerate(data.checklists):
        yield found.id, found.id, f"the checklist '{found.id}'", ("checklists", index, "id")
    for index, found in enumerate(data.checklists):
        for position, item in enumerate(found.items):
            owner = f"the item '{item.id}' of checklist '{found.id}'"
            yield (
                checklist_item_anchor(found.id, item.id),
                item.id,
                owner,
                ("checklists", index, "items", position, "id"),
            )
    for index, entry in enumerate(data.urgent_help.numbers):
        yield (
            f"{URGENT_HELP_ID}-numbers-{entry.id}",
            entry.id,
            f"the emergency numbers '{entry.id}'",
            ("urgent_help", "numbers", index, "id"),
        )
    if data.alert_card is not None:
        for index, medicine in enumerate(data.alert_card.medicines):
            owner = f"the alert-card medicine '{medicine.id}'"
            yield (
                f"{ALERT_CARD_ID}-medicine-{medicine.id}",
                medicine.id,
                owner,
                ("alert_card", "medicines", index, "id"),
            )
    for tier in URGENT_HELP_TIERS:
        for position, help_item in enumerate(getattr(data.urgent_help, tier).items):
            owner = f"the urgent-help item '{help_item.id}'"
            yield (
                urgent_help_item_anchor(help_item.id),
                help_item.id,
                owner,
                ("urgent_help", tier, "items", position, "id"),
            )


def _reject_anchor_clashes(data: PriceData) -> None:
    seen = dict.fromkeys(FIXED_ANCHORS, "a part of every page or of the costs or quote page")
    for anchor, data_id, owner, path in _anchors(data):
        # Ids the renderers make under their own prefix (urgent-help-..., alert-card-...) are theirs alone.
        reserved = [owner for p, (root, owner) in RESERVED_PREFIXES.items() if anchor.startswith(p) and path[0] != root]
        if anchor in seen or reserved:
            taken = seen.get(anchor) or reserved[0]
            raise _fail("anchor_clash", message("anchor_clash", id=data_id, anchor=anchor, owner=taken), path)
        seen[anchor] = owner


_Item = TypeVar("_Item", bound="_HasId")


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


def _check_citations(
    cited: Sequence[tuple[tuple[str | int, ...], Sequence[str]]],
    references: Sequence[Reference],
    unknown: str,
    unused: str,
) -> None:
    """Every source id cited (at ``path + (position,)``) names one of ``references``, and every reference is
    cited; ``unknown`` and ``unused`` are the messages for the two mistakes."""
    known = {r.id for r in references}
    used: set[str] = set()
    for path, sources in cited:
        for position, source in enumerate(sources):
            if source not in known:
                message_text = message(unknown, id=source, known=", ".join(sorted(known)))
                raise _fail("unknown_reference", message_text, (*path, position))
            used.add(source)
    for index, reference in enumerate(references):
        if reference.id not in used:
            raise _fail("unused_reference", message(unused, id=reference.id), ("references", index, "id"))


def _by_id(items: Sequence[_Item], wanted: str, kind: str) -> _Item:
    for item in items:
        if item.id == wanted:
            return item
    known = ", ".join(i.id for i in items)
    raise KeyError(f"no {kind} with id '{wanted}' in data/prices.yml (known: {known})")


# Urgent help -------------------------------------------------------------------------

_YEAR = re.compile(r"\b(19|20)\d\d\b")


class Reference(_Strict):
    """A published source that urgent-help items point to."""

    id: Id
    publisher: Text = Field(description="Who publishes it, e.g. 'Iovance Biotherapeutics (via DailyMed)'.")
    title: Text
    date: Text = Field(description="Publication date; for a product label 'label revised MONTH YEAR'. Has a year.")
    url: Url

    @model_validator(mode="after")
    def _has_year(self) -> Reference:
        if not _YEAR.search(self.date):
            raise _fail(
                "no_year",
                message("no_year", date=self.date),
                ("date",),
            )
        return self


class UrgentHelpItem(_Strict):
    id: Id
    text: Text
    sources: Annotated[list[Id], Field(min_length=1, description="Ids of entries in urgent_help.references.")]


class UrgentHelpTier(_Strict):
    action: Text = Field(description="What to do, e.g. 'Call your treating team today'.")
    fallback: Text | None = Field(
        default=None, description="Optional. What to do if that does not work, shown under the action."
    )
    items: Annotated[list[UrgentHelpItem], Field(min_length=1)]


_DIAL_NUMBER = re.compile(r"^[0-9]{2,15}$")


def _dial_number_text(value: object) -> object:
    """A number written without quotes (``999``) is read by YAML as a whole number: take its digits."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _check_dial_number(value: str) -> str:
    if not _DIAL_NUMBER.match(value):
        raise PydanticCustomError("dial_number", message("dial_number"))
    return value


DialNumber = Annotated[
    str,
    BeforeValidator(_dial_number_text),
    AfterValidator(_check_dial_number),
    Field(
        description="The number to dial, digits only, like 112.",
        json_schema_extra={"type": ["string", "integer"], "pattern": _DIAL_NUMBER.pattern},
    ),
    Kind("dial_number"),
]


class HelpLine(_Strict):
    """One number to call in one place, and what it is for."""

    number: DialNumber
    use: Text = Field(description="What the number is for, e.g. 'emergency: ambulance'.")


class EmergencyNumbers(_Strict):
    """The numbers to call in one country or group of countries."""

    id: Id
    place: Text = Field(description="Where these numbers work, e.g. 'UK'.")
    lines: Annotated[list[HelpLine], Field(min_length=1)]
    sources: Annotated[list[Id], Field(min_length=1, description="Ids of entries in urgent_help.references.")]


# The card's tiers, most urgent first: the field name in the data file and its CSS modifier.
URGENT_HELP_TIERS: tuple[str, ...] = ("emergency", "cancer_line", "treating_team")


class UrgentHelp(_Strict):
    """When to get help: one list, shown the same on every page by the urgent_help() macro."""

    title: Text
    numbers: Annotated[list[EmergencyNumbers], Field(min_length=1)]
    emergency: UrgentHelpTier
    cancer_line: UrgentHelpTier
    treating_team: UrgentHelpTier
    note: Text | None = None
    references: Annotated[list[Reference], Field(min_length=1)]

    @property
    def tiers(self) -> list[tuple[str, UrgentHelpTier]]:
        """(field name, tier) for every tier, most urgent first."""
        return [(name, getattr(self, name)) for name in URGENT_HELP_TIERS]

    @model_validator(mode="after")
    def _sources_exist(self) -> UrgentHelp:
        _reject_duplicates([r.id for r in self.references], "references")
        _reject_duplicates([n.id for n in self.numbers], "numbers")
        _reject_duplicates([i.id for _, tier in self.tiers for i in tier.items], "items")
        cited: list[tuple[tuple[str | int, ...], Sequence[str]]] = [
            (("numbers", index, "sources"), entry.sources) for index, entry in enumerate(self.numbers)
        ]
        cited += [
            ((name, "items", index, "sources"), item.sources)
            for name, tier in self.tiers
            for index, item in enumerate(tier.items)
        ]
        _check_citations(cited, self.references, "unknown_urgent_reference", "unused_reference")
        return self

    def reference(self, reference_id: str) -> Reference:
        return _by_id(self.references, reference_id, "reference")


# The alert card to carry ----------------------------------------------------------------------------
# Printed on credit-card-size panels, one panel per medicine: the limits keep every panel readable.

ALERT_WARNINGS_MAX = 3
ALERT_WARNING_LENGTH_MAX = 170
ALERT_MEDICINES_MAX = 6


class AlertWarning(_Strict):
    """One thing a doctor seeing the patient must know about a medicine, with its sources."""

    id: Id
    text: Text = Field(description=f"At most {ALERT_WARNING_LENGTH_MAX} characters: it is printed on a small card.")
    sources: Annotated[list[Id], Field(min_length=1, description="Ids of entries in alert_card.references.")]

    @model_validator(mode="after")
    def _fits_the_card(self) -> AlertWarning:
        if len(self.text) > ALERT_WARNING_LENGTH_MAX:
            raise _fail(
                "alert_text_too_long",
                message("alert_text_too_long", length=len(self.text), max=ALERT_WARNING_LENGTH_MAX),
                ("text",),
            )
        return self


class AlertMedicine(_Strict):
    id: Id
    name: Text = Field(description="The medicine as the patient ticks it, e.g. 'Interleukin-2 (aldesleukin)'.")
    warnings: Annotated[list[AlertWarning], Field(min_length=1, json_schema_extra={"maxItems": ALERT_WARNINGS_MAX})]

    @model_validator(mode="after")
    def _few_warnings(self) -> AlertMedicine:
        _reject_duplicates([w.id for w in self.warnings], "warnings")
        if len(self.warnings) > ALERT_WARNINGS_MAX:
            raise _fail(
                "alert_too_many", message("alert_too_many", what="warnings", max=ALERT_WARNINGS_MAX), ("warnings",)
            )
        return self


class AlertCard(_Strict):
    """The fixed text of the alert card: its title, one statement and, per medicine, what a doctor must know."""

    title: Text
    statement: Text = Field(description="The first words on the card, under its title.")
    medicines: Annotated[list[AlertMedicine], Field(min_length=1, json_schema_extra={"maxItems": ALERT_MEDICINES_MAX})]
    references: Annotated[list[Reference], Field(min_length=1)]

    @model_validator(mode="after")
    def _sources_exist(self) -> AlertCard:
        if len(self.medicines) > ALERT_MEDICINES_MAX:
            raise _fail(
                "alert_too_many", message("alert_too_many", what="medicines", max=ALERT_MEDICINES_MAX), ("medicines",)
            )
        _reject_duplicates([m.id for m in self.medicines], "medicines")
        _reject_duplicates([r.id for r in self.references], "references")
        cited = [
            (("medicines", m_index, "warnings", w_index, "sources"), warning.sources)
            for m_index, medicine in enumerate(self.medicines)
            for w_index, warning in enumerate(medicine.warnings)
        ]
        _check_citations(cited, self.references, "unknown_alert_reference", "unused_alert_reference")
        return self


# Public unit prices and the structure of a course ---------------------------------------------------
# What a course is made of (see cytokine_site/course.py for the arithmetic and EDITORS.md#public-prices).

PRICE_TYPES: dict[str, str] = {
    "us-medicare-asp": "US Medicare payment limit (based on average sales price)",
    "us-wac": "US list price (wholesale acquisition cost)",
    "us-hospital-cost": "US published hospital cost data",
    "uk-nhs-list": "UK NHS list price (BNF / dm+d)",
    "uk-nhs-cost": "NHS reference cost (National Cost Collection)",
    "tr-titck": "Turkey's public price list (TİTCK)",
    "tr-sut": "Turkish social security price list (SUT)",
    "tr-health-tourism": "Turkey's health-tourism price list (Ministry of Health, annex EK-2A)",
}

COMPONENTS: dict[str, str] = {
    "medicine-vial": "the medicine",
    "ward-night": "nights on a ward",
    "icu-night": "critical care (intensive or high-dependency care)",
    "heart-scan": "a heart scan (echocardiogram)",
    "lung-test": "a lung function test",
}


def _check_price_type(value: str) -> str:
    if value not in PRICE_TYPES:
        raise PydanticCustomError(
            "unknown_price_type",
            message("unknown_price_type", value=value, known=", ".join(PRICE_TYPES)),
        )
    return value


def _check_component(value: str) -> str:
    if value not in COMPONENTS:
        raise PydanticCustomError(
            "unknown_component",
            message("unknown_component", value=value, known=", ".join(COMPONENTS)),
        )
    return value


PriceType = Annotated[
    str, AfterValidator(_check_price_type), Field(json_schema_extra={"enum": list(PRICE_TYPES)}), Kind("price_type")
]
Component = Annotated[
    str, AfterValidator(_check_component), Field(json_schema_extra={"enum": list(COMPONENTS)}), Kind("component")
]
UnitAmount = Annotated[
    Decimal,
    Field(
        gt=0,
        le=MONEY_MAX,
        strict=False,
        allow_inf_nan=False,
        decimal_places=2,
        description="The price of one unit as printed in the source, for example 1881 or 1234.56.",
    ),
    Kind("unit_price"),
]
Weight = Annotated[int, Field(ge=30, le=200), Kind("weight")]
Doses = Annotated[int, Field(ge=1, le=1000), Kind("doses")]


class PublicPrice(_Strict):
    """One unit price that a public body publishes, with where and when it was found."""

    id: Id
    country: Id
    component: Component
    description: Text = Field(description="What exactly the price is for, in the source's words.")
    amount: UnitAmount
    currency: CurrencyCode
    price_type: PriceType
    as_of: PastDate = Field(description="The date the source gives for the price.")
    source: Text = Field(description="Who publishes the price and in which document.")
    source_url: Url
    retrieved: PastDate = Field(description="The date someone last looked the price up at source_url.")
    caveats: Text = Field(
        description="What a reader must know to read the price: where and when it applies, and what it leaves out."
    )

    @model_validator(mode="after")
    def _retrieved_after_as_of(self) -> PublicPrice:
        if self.retrieved < self.as_of:
            raise _fail(
                "retrieved_before_as_of",
                message("retrieved_before_as_of", retrieved=self.retrieved.isoformat(), as_of=self.as_of.isoformat()),
                ("retrieved",),
            )
        return self


class Vial(_Strict):
    """The size of one vial of the medicine in one country, from that country's product label."""

    country: Id
    vial_iu: Annotated[
        int,
        Field(ge=1, le=1_000_000_000, description="Units (IU) in one vial, as that country's label gives it."),
        Kind("units"),
    ]
    label: Text = Field(description="The label it comes from: publisher, title and revision date.")
    source_url: Url


class CourseStructure(_Strict):
    """How one course of the medicine is made up, from its product label."""

    medicine: Text
    # International units (IU), as on the label: the dose for each kilogram of body weight.
    dose_per_kg_iu: Annotated[int, Field(ge=1, le=10_000_000), Kind("units")]
    single_use: YesNo
    doses_per_cycle: Doses
    dose_interval_hours: Annotated[
        int, Field(ge=1, le=1000, description="Hours from one dose to the next within a cycle."), Kind("hours")
    ]
    cycles_per_course: Annotated[int, Field(ge=1, le=1000), Kind("cycles")]
    rest_days: Annotated[
        int, Field(ge=1, le=1000, description="Days of rest between the cycles of a course."), Kind("days")
    ]
    median_doses: Doses
    nights_per_cycle: Annotated[
        int, Field(ge=1, le=1000, description="The most nights in hospital a cycle usually takes."), Kind("nights")
    ]
    vials: Annotated[list[Vial], Field(min_length=1, description="One vial size per country, from its label.")]
    weights_kg: Annotated[list[Weight], Field(min_length=1)]
    typical_weight_kg: Weight
    references: dict[str, Id] = Field(
        description="For each number above, the footnote key on the costs page that supports it."
    )

    @model_validator(mode="after")
    def _consistent(self) -> CourseStructure:
        seen: set[str] = set()
        for index, vial in enumerate(self.vials):
            if vial.country in seen:
                raise _fail(
                    "two_vials_for_one_country",
                    message("two_vials_for_one_country", country=vial.country),
                    ("vials", index, "country"),
                )
            seen.add(vial.country)
        maximum = self.doses_per_cycle * self.cycles_per_course
        if self.median_doses > maximum:
            raise _fail(
                "median_above_maximum",
                message(
                    "median_above_maximum",
                    median=self.median_doses,
                    doses=self.doses_per_cycle,
                    cycles=self.cycles_per_course,
                    maximum=maximum,
                ),
                ("median_doses",),
            )
        if len(set(self.weights_kg)) != len(self.weights_kg):
            raise _fail("duplicate_weight", message("duplicate_weight"), ("weights_kg",))
        if self.typical_weight_kg not in self.weights_kg:
            raise _fail(
                "typical_weight_not_listed",
                message("typical_weight_not_listed", weight=self.typical_weight_kg),
                ("typical_weight_kg",),
            )
        needed = (
            "dose_per_kg_iu",
            "single_use",
            "doses_per_cycle",
            "dose_interval_hours",
            "cycles_per_course",
            "rest_days",
            "median_doses",
            "nights_per_cycle",
        )
        for name in self.references:
            if name not in needed:
                raise _fail(
                    "unknown_reference",
                    message("unknown_course_reference", name=name, needed=", ".join(needed)),
                    ("references", name),
                )
        missing = [name for name in needed if name not in self.references]
        if missing:
            raise _fail(
                "missing_reference", message("missing_course_reference", missing=", ".join(missing)), ("references",)
            )
        return self

    def vial(self, country_id: str) -> Vial:
        for vial in self.vials:
            if vial.country == country_id:
                return vial
        raise KeyError(f"course_structure.vials has no vial size for '{country_id}'")


def _check_vials(data: PriceData) -> None:
    """Every vial names a known country, and every country with an estimate has its own label's vial size."""
    course = data.course_structure
    if course is None:
        return
    known = {c.id for c in data.countries}
    for index, vial in enumerate(course.vials):
        if vial.country not in known:
            raise _fail(
                "unknown_country",
                message("unknown_country", country=vial.country, known=", ".join(sorted(known))),
                ("course_structure", "vials", index, "country"),
            )
    sized = {vial.country for vial in course.vials}
    for estimate in data.estimates:
        if estimate.country in known and estimate.country not in sized:
            raise _fail(
                "vial_missing",
                message("vial_missing", country=estimate.country, estimate=estimate.id),
                ("course_structure", "vials"),
            )


def _check_public_prices(data: PriceData) -> None:
    _check_vials(data)
    _reject_duplicates([p.id for p in data.public_prices], "public_prices")
    known = {c.id for c in data.countries}
    seen: dict[tuple[str, str], str] = {}
    for index, price in enumerate(data.public_prices):
        if price.country not in known:
            raise _fail(
                "unknown_country",
                message("unknown_country", country=price.country, known=", ".join(sorted(known))),
                ("public_prices", index, "country"),
            )
        key = (price.country, price.component)
        if key in seen:
            raise _fail(
                "two_prices_for_one_part",
                message("two_prices_for_one_part", country=price.country, component=price.component, id=seen[key]),
                ("public_prices", index, "component"),
            )
        seen[key] = price.id


# Product labels the pages cite ----------------------------------------------------------------------
# Every prescribing information, SmPC or KÜB a page cites is one entry here; the pages print it with
# {{ label_source("id") }}, and `python -m cytokine_site check-labels` asks DailyMed whether a newer
# version of each US label has been published (see cytokine_site/labelwatch.py and EDITORS.md#labels).

DAILYMED_PAGE = "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid={}"
EMC_PAGE = "https://www.medicines.org.uk/emc/product/{}/smpc"
# Who publishes a label given by its url, shown as "(via ...)" after the issuer.
_PUBLISHED_BY = {"www.accessdata.fda.gov": "Drugs@FDA", "www.fda.gov": "FDA", "www.ilacrehberi.com": "İlaç Rehberi"}
_SETID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _check_setid(value: str) -> str:
    if not _SETID.match(value):
        raise PydanticCustomError("bad_setid", message("bad_setid"))
    return value


def _check_year_month(value: str, info: ValidationInfo) -> str:
    found = _YEAR_MONTH.match(value)
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise PydanticCustomError("bad_year_month", message("bad_year_month"))
    _check_past_date(dt.date(int(found.group(1)), int(found.group(2)), 1), info)
    return value


SetId = Annotated[
    str,
    AfterValidator(_check_setid),
    Field(description="The label's DailyMed set id (setid= in the DailyMed address).", pattern=_SETID.pattern),
    Kind("setid"),
]
YearMonth = Annotated[
    str,
    AfterValidator(_check_year_month),
    Field(description="A month written YYYY-MM, like 2024-02.", json_schema_extra={"pattern": _YEAR_MONTH.pattern}),
    Kind("year_month"),
]


class Label(_Strict):
    """One product label (prescribing information, SmPC, KÜB) that the pages cite."""

    id: Id
    medicine: Text = Field(description="Brand and medicine, e.g. 'Proleukin (aldesleukin)'.")
    country: Id
    issuer: Text = Field(description="The company named on the label as the holder or labeler.")
    title: Text = Field(description="The label's title as the footnote shows it.")
    dailymed_setid: SetId | None = None
    emc_product: Annotated[int, Field(ge=1, le=99_999_999), Kind("emc_product")] | None = Field(
        default=None, description="The emc product number of a UK SmPC (medicines.org.uk/emc/product/NUMBER)."
    )
    url: Url | None = Field(default=None, description="Only for a label on neither DailyMed nor emc.")
    revised: YearMonth | None = Field(
        default=None, description="The revision date printed on the label the pages cite; null if none is shown."
    )
    checked: PastDate = Field(description="The date someone last compared the cited label with the newest version.")
    note: Text | None = Field(default=None, description="Shown after the date in the footnote, e.g. what a copy is.")

    @model_validator(mode="after")
    def _one_address(self) -> Label:
        given = [name for name in ("dailymed_setid", "emc_product", "url") if getattr(self, name) is not None]
        if len(given) != 1:
            raise _fail("label_address", message("label_address"), (given[-1] if given else "url",))
        if self.revised is not None and self.checked < self.revised_date:
            raise _fail("checked_before_revised", message("checked_before_revised"), ("checked",))
        return self

    @property
    def revised_date(self) -> dt.date:
        """The first day of the month of the revision cited (the label gives only a month)."""
        if self.revised is None:
            raise ValueError(f"label {self.id} has no revision date")
        year, month = self.revised.split("-")
        return dt.date(int(year), int(month), 1)

    @property
    def address(self) -> str:
        if self.dailymed_setid is not None:
            return DAILYMED_PAGE.format(self.dailymed_setid)
        if self.emc_product is not None:
            return EMC_PAGE.format(self.emc_product)
        assert self.url is not None  # one of the three, checked above
        return self.url

    @property
    def via(self) -> str | None:
        """Where the label is published, when that is not the issuer itself."""
        if self.dailymed_setid is not None:
            return "DailyMed"
        if self.emc_product is not None:
            return "emc"
        return _PUBLISHED_BY.get(urlsplit(self.address).hostname or "")


def _check_labels(data: PriceData) -> None:
    _reject_duplicates([label.id for label in data.labels], "labels")
    known = {c.id for c in data.countries}
    for index, label in enumerate(data.labels):
        if label.country not in known:
            raise _fail(
                "unknown_country",
                message("unknown_country", country=label.country, known=", ".join(sorted(known))),
                ("labels", index, "country"),
            )


PriceData.model_rebuild()
