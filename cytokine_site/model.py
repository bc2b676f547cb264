"""Typed model of ``data/prices.yml``.

Every model is strict and forbids unknown keys, so a typo in the data file is
an error rather than a silently ignored field. Error messages raised here are
written for editors: they say what is expected and name the section of
``EDITORS.md`` that explains the fix (the loader adds file, line and field).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Literal, Protocol, TypeVar

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
from .text import FORBIDDEN_IN_TEXT, plain_text_problem

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_MAX_LENGTH = 40
# Sane bounds: a value outside them is a typing mistake, and would break tables and charts.
MONEY_MIN, MONEY_MAX = 1, 99_999_999
RATE_MIN, RATE_MAX = Decimal("0.0001"), Decimal("100000")
RATE_MAX_DECIMALS = 6
EARLIEST_DATE = dt.date(2000, 1, 1)


_CURRENCY_CODE = re.compile(r"^[A-Z]{3}$")


def _check_currency(value: str) -> str:
    """An ISO 4217 code that Babel knows (imported here, so loading the model does not load Babel)."""
    from babel.numbers import is_currency

    if value.upper() != value and is_currency(value.upper()):
        raise PydanticCustomError(
            "currency_lower_case",
            message("currency_lower_case", code=value.upper()),
        )
    if not _CURRENCY_CODE.match(value) or not is_currency(value):
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


def _check_id(value: str) -> str:
    if len(value) > ID_MAX_LENGTH or not _ID.match(value):
        raise PydanticCustomError(
            "bad_id",
            message("bad_id", max=ID_MAX_LENGTH),
        )
    return value


def _check_money(value: int) -> int:
    if value < MONEY_MIN:
        raise PydanticCustomError(
            "money_too_small",
            message("money_too_small", min=MONEY_MIN),
        )
    if value > MONEY_MAX:
        raise PydanticCustomError(
            "money_too_large",
            message("money_too_large", max=MONEY_MAX),
        )
    return value


def _rate_number(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PydanticCustomError("rate_type", message("rate_type"))
    return Decimal(str(value))


def _check_rate(value: Decimal) -> Decimal:
    if not value.is_finite() or not RATE_MIN <= value <= RATE_MAX:
        raise PydanticCustomError(
            "rate_out_of_range",
            message("rate_out_of_range", min=RATE_MIN, max=RATE_MAX),
        )
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > RATE_MAX_DECIMALS:
        raise PydanticCustomError(
            "rate_too_precise",
            message("rate_too_precise", decimals=RATE_MAX_DECIMALS),
        )
    return value


def _check_months(value: int) -> int:
    if not 1 <= value <= 36:
        raise PydanticCustomError(
            "months_out_of_range",
            message("months_out_of_range"),
        )
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
]
Id = Annotated[
    str, AfterValidator(_check_id), Field(json_schema_extra={"pattern": _ID.pattern, "maxLength": ID_MAX_LENGTH})
]
Money = Annotated[
    int,
    AfterValidator(_check_money),
    Field(
        description="A whole amount of money: digits only, no commas or symbols.",
        json_schema_extra={"minimum": MONEY_MIN, "maximum": MONEY_MAX},
    ),
]
Rate = Annotated[
    Decimal,
    BeforeValidator(_rate_number),
    AfterValidator(_check_rate),
    Field(json_schema_extra={"type": "number", "minimum": float(RATE_MIN), "maximum": float(RATE_MAX)}),
]
PastDate = Annotated[
    dt.date,
    Field(strict=False, description="A date written YYYY-MM-DD, not in the future."),
    AfterValidator(_check_past_date),
]
CurrencyCode = Annotated[
    str,
    AfterValidator(_check_currency),
    Field(
        description="A three-letter ISO 4217 currency code, such as EUR; it needs a line in exchange_rates.rates.",
        json_schema_extra={"pattern": _CURRENCY_CODE.pattern},
    ),
]
Url = Annotated[str, Field(pattern=r"^https://[^\s<>|\"]+$", description="A web address starting https://")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Freshness(_Strict):
    """How old a price may be before pages say it is being re-checked."""

    recheck_after_months: Annotated[
        int, AfterValidator(_check_months), Field(json_schema_extra={"minimum": 1, "maximum": 36})
    ]


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
    sourced: bool = Field(default=False, description="true only if a named, published source is given in source_url.")
    source_url: Url | None = Field(default=None, description="The published source; required when sourced is true.")
    comparable_with: list[Id] = Field(
        default_factory=list,
        description="Ids of estimates for the same treatment and the same care, so a saving may be shown.",
    )

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
    status: Literal["included", "extra", "ask"]
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

    version: Literal[1]
    freshness: Freshness
    countries: Annotated[list[Country], Field(min_length=1)]
    estimates: Annotated[list[PriceEstimate], Field(min_length=1)]
    exchange_rates: ExchangeRates
    package_items: Annotated[list[PackageItem], Field(min_length=1)]
    checklists: Annotated[list[Checklist], Field(min_length=1)]
    key_figures: list[KeyFigure] = Field(default_factory=list)
    urgent_help: UrgentHelp
    public_prices: list[PublicPrice] = Field(default_factory=list)
    course_structure: CourseStructure | None = None

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
        _reject_anchor_clashes(self.checklists)
        known = {c.id for c in self.countries}
        for index, estimate in enumerate(self.estimates):
            if estimate.country not in known:
                raise _fail(
                    "unknown_country",
                    message("unknown_country", country=estimate.country, known=", ".join(sorted(known))),
                    ("estimates", index, "country"),
                )
        estimate_ids = {e.id for e in self.estimates}
        for index, estimate in enumerate(self.estimates):
            for position, other in enumerate(estimate.comparable_with):
                if other == estimate.id:
                    raise _fail(
                        "comparable_with_itself",
                        message("comparable_with_itself", id=other),
                        ("estimates", index, "comparable_with", position),
                    )
                if other not in estimate_ids:
                    raise _fail(
                        "unknown_estimate",
                        message("unknown_estimate", id=other, known=", ".join(sorted(estimate_ids))),
                        ("estimates", index, "comparable_with", position),
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


def checklist_item_anchor(checklist_id: str, item_id: str) -> str:
    """The HTML id of one checklist item (what the planning page's ticks are remembered by)."""
    return f"{checklist_id}-{item_id}"


def _reject_anchor_clashes(checklists: list[Checklist]) -> None:
    """Ids are combined into HTML ids: two different items must never end up with the same one."""
    seen: dict[str, str] = {c.id: f"the checklist '{c.id}'" for c in checklists}
    for c_index, found in enumerate(checklists):
        for i_index, item in enumerate(found.items):
            anchor = checklist_item_anchor(found.id, item.id)
            if anchor in seen:
                raise _fail(
                    "anchor_clash",
                    message("anchor_clash", id=item.id, anchor=anchor, owner=seen[anchor]),
                    ("checklists", c_index, "items", i_index, "id"),
                )
            seen[anchor] = f"the item '{item.id}' of checklist '{found.id}'"


_Item = TypeVar("_Item", bound="_HasId")


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


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
    items: Annotated[list[UrgentHelpItem], Field(min_length=1)]


class UrgentHelp(_Strict):
    """When to get help: one list, shown the same on every page by the urgent_help() macro."""

    title: Text
    emergency: UrgentHelpTier
    treating_team: UrgentHelpTier
    note: Text | None = None
    references: Annotated[list[Reference], Field(min_length=1)]

    @model_validator(mode="after")
    def _sources_exist(self) -> UrgentHelp:
        _reject_duplicates([r.id for r in self.references], "references")
        _reject_duplicates([i.id for i in self.emergency.items + self.treating_team.items], "items")
        known = {r.id for r in self.references}
        used: set[str] = set()
        for tier in ("emergency", "treating_team"):
            for index, item in enumerate(getattr(self, tier).items):
                for position, source in enumerate(item.sources):
                    if source not in known:
                        raise _fail(
                            "unknown_reference",
                            message("unknown_urgent_reference", id=source, known=", ".join(sorted(known))),
                            (tier, "items", index, "sources", position),
                        )
                    used.add(source)
        for index, reference in enumerate(self.references):
            if reference.id not in used:
                raise _fail(
                    "unused_reference",
                    message("unused_reference", id=reference.id),
                    ("references", index, "id"),
                )
        return self

    def reference(self, reference_id: str) -> Reference:
        return _by_id(self.references, reference_id, "reference")


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

MIN_WEIGHT_KG, MAX_WEIGHT_KG = 30, 200


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


def _check_weight(value: int) -> int:
    if not MIN_WEIGHT_KG <= value <= MAX_WEIGHT_KG:
        raise PydanticCustomError(
            "weight_out_of_range",
            message("weight_out_of_range", value=value, min=MIN_WEIGHT_KG, max=MAX_WEIGHT_KG),
        )
    return value


PriceType = Annotated[str, AfterValidator(_check_price_type), Field(json_schema_extra={"enum": list(PRICE_TYPES)})]
Component = Annotated[str, AfterValidator(_check_component), Field(json_schema_extra={"enum": list(COMPONENTS)})]
UnitAmount = Annotated[
    Decimal,
    Field(
        gt=0,
        strict=False,
        allow_inf_nan=False,
        decimal_places=2,
        description="The price of one unit as printed in the source, for example 1881 or 1234.56.",
    ),
]
Weight = Annotated[int, AfterValidator(_check_weight)]
Count = Annotated[int, Field(ge=1, le=1000)]


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
    vial_iu: Annotated[int, Field(ge=0, description="Units (IU) in one vial, as that country's label gives it.")]
    label: Text = Field(description="The label it comes from: publisher, title and revision date.")
    source_url: Url


class CourseStructure(_Strict):
    """How one course of the medicine is made up, from its product label."""

    medicine: Text
    dose_per_kg_iu: Annotated[int, Field(ge=0)]
    single_use: bool
    doses_per_cycle: Count
    dose_interval_hours: Count = Field(description="Hours from one dose to the next within a cycle.")
    cycles_per_course: Count
    rest_days: Count = Field(description="Days of rest between the cycles of a course.")
    median_doses: Count
    nights_per_cycle: Count = Field(description="The most nights in hospital a cycle usually takes.")
    vials: Annotated[list[Vial], Field(min_length=1, description="One vial size per country, from its label.")]
    weights_kg: Annotated[list[Weight], Field(min_length=1)]
    typical_weight_kg: Weight
    references: dict[str, Id] = Field(
        description="For each number above, the footnote key on the costs page that supports it."
    )

    @model_validator(mode="after")
    def _consistent(self) -> CourseStructure:
        if self.dose_per_kg_iu == 0:
            raise _fail("zero_size", message("zero_size", name="dose_per_kg_iu"), ("dose_per_kg_iu",))
        seen: set[str] = set()
        for index, vial in enumerate(self.vials):
            if vial.vial_iu == 0:
                raise _fail("zero_size", message("zero_size", name="vial_iu"), ("vials", index, "vial_iu"))
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


PriceData.model_rebuild()
