"""Typed model of ``data/prices.yml``.

Every model is strict and forbids unknown keys, so a typo in the data file is
an error rather than a silently ignored field. Error messages raised here are
written for editors: they say what is expected and name the section of
``EDITORS.md`` that explains the fix (the loader adds file, line and field).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import Enum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

GUIDE = "EDITORS.md"

_FORBIDDEN_TEXT = re.compile(r"[<>|\x00-\x08\x0b-\x1f\x7f]")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Currency(str, Enum):
    """Currencies a price or an exchange rate may use (ISO 4217 codes)."""

    USD = "USD"
    EUR = "EUR"
    GBP = "GBP"
    TRY = "TRY"


def _check_text(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise PydanticCustomError("empty_text", f"must not be empty; write some text (see {GUIDE}#text)")
    bad = _FORBIDDEN_TEXT.search(value)
    if bad:
        shown = {"<": "<", ">": ">", "|": "|"}.get(bad.group(), "a control character")
        raise PydanticCustomError(
            "forbidden_text",
            f"must be plain text without HTML or table characters; remove '{shown}' (see {GUIDE}#text)",
        )
    return value


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise PydanticCustomError(
            "bad_id",
            f"must be a short name in lower-case letters, digits and hyphens, such as 'what-to-bring' "
            f"(see {GUIDE}#ids)",
        )
    return value


def _check_past_date(value: dt.date, info: ValidationInfo) -> dt.date:
    today = (info.context or {}).get("today") or dt.date.today()
    if value > today:
        raise PydanticCustomError(
            "future_date",
            f"is in the future ({value.isoformat()}); use the date the figure was checked, not a later one "
            f"(see {GUIDE}#dates)",
        )
    return value


Text = Annotated[str, AfterValidator(_check_text), Field(min_length=1, json_schema_extra={"pattern": r"^[^<>|]+$"})]
Id = Annotated[str, AfterValidator(_check_id), Field(json_schema_extra={"pattern": _ID.pattern})]
Money = Annotated[int, Field(ge=0, description="A whole amount of money: digits only, no commas or symbols.")]
PastDate = Annotated[
    dt.date,
    Field(strict=False, description="A date written YYYY-MM-DD, not in the future."),
    AfterValidator(_check_past_date),
]
CurrencyCode = Annotated[Currency, Field(strict=False, description="USD, EUR, GBP or TRY")]
Url = Annotated[str, Field(pattern=r"^https://[^\s<>|\"]+$", description="A web address starting https://")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Freshness(_Strict):
    """How old a price may be before pages say it is being re-checked."""

    recheck_after_months: Annotated[int, Field(ge=1, le=36)]


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
                f"min ({self.min}) is larger than max ({self.max}); swap them or correct one (see {GUIDE}#money)",
                ("min",),
            )
        if self.sourced and self.source_url is None:
            raise _fail(
                "source_missing",
                f"sourced is true but there is no source_url; add the address of the published source, or "
                f"write sourced: false (see {GUIDE}#price-estimates)",
                ("sourced",),
            )
        if not self.sourced and self.source_url is not None:
            raise _fail(
                "source_not_marked",
                f"source_url is given but sourced is false; write sourced: true if this is a named, published "
                f"source, or remove source_url (see {GUIDE}#price-estimates)",
                ("source_url",),
            )
        return self


class ExchangeRates(_Strict):
    """Dated exchange rates: how many units of each currency one unit of ``base`` buys."""

    as_of: PastDate
    source: Text
    source_url: Url
    base: CurrencyCode
    rates: dict[CurrencyCode, Annotated[Decimal, Field(gt=0, strict=False, allow_inf_nan=False)]]

    @model_validator(mode="after")
    def _every_currency_has_a_rate(self) -> ExchangeRates:
        missing = [c.value for c in Currency if c not in self.rates]
        if missing:
            raise _fail(
                "missing_rate",
                f"no rate for {', '.join(missing)}; add one line per currency (see {GUIDE}#exchange-rates)",
                ("rates",),
            )
        if self.rates[self.base] != 1:
            raise _fail(
                "base_rate_not_one",
                f"the rate for the base currency {self.base.value} must be 1 (see {GUIDE}#exchange-rates)",
                ("rates", self.base.value),
            )
        return self

    def convert(self, amount: int | Decimal, source: Currency, target: Currency) -> Decimal:
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


def _fail(kind: str, message: str, path: tuple = ()) -> PydanticCustomError:
    """An editor-facing error; ``path`` points below the model that raised it (used for the line number)."""
    return PydanticCustomError(kind, message.replace("{", "{{").replace("}", "}}"), {"path": path})


def _reject_duplicates(ids: list[str], where: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value in seen:
            raise _fail(
                "duplicate_id",
                f"the id '{value}' is used twice in {where}; every id must be different (see {GUIDE}#ids)",
                (where, index, "id"),
            )
        seen.add(value)


class PriceData(_Strict):
    """The whole data file."""

    version: Literal[1]
    freshness: Freshness
    countries: Annotated[list[Country], Field(min_length=1)]
    estimates: Annotated[list[PriceEstimate], Field(min_length=1)]
    exchange_rates: ExchangeRates
    package_items: Annotated[list[PackageItem], Field(min_length=1)]
    checklists: Annotated[list[Checklist], Field(min_length=1)]
    urgent_help: UrgentHelp

    @model_validator(mode="after")
    def _references_and_ids(self) -> PriceData:
        for where, items in (
            ("countries", self.countries),
            ("estimates", self.estimates),
            ("package_items", self.package_items),
            ("checklists", self.checklists),
        ):
            _reject_duplicates([i.id for i in items], where)
        known = {c.id for c in self.countries}
        for index, estimate in enumerate(self.estimates):
            if estimate.country not in known:
                raise _fail(
                    "unknown_country",
                    f"'{estimate.country}' is not in countries; use one of {', '.join(sorted(known))} "
                    f"(see {GUIDE}#countries)",
                    ("estimates", index, "country"),
                )
        estimate_ids = {e.id for e in self.estimates}
        for index, estimate in enumerate(self.estimates):
            for position, other in enumerate(estimate.comparable_with):
                if other == estimate.id:
                    raise _fail(
                        "comparable_with_itself",
                        f"an estimate cannot be comparable with itself; remove '{other}' "
                        f"(see {GUIDE}#price-estimates)",
                        ("estimates", index, "comparable_with", position),
                    )
                if other not in estimate_ids:
                    raise _fail(
                        "unknown_estimate",
                        f"'{other}' is not an estimate id; use one of {', '.join(sorted(estimate_ids))} "
                        f"(see {GUIDE}#price-estimates)",
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


def _by_id(items, wanted: str, kind: str):
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
                f"the date '{self.date}' has no year; write the publication date, or for a label "
                f"'label revised February 2024' (see {GUIDE}#urgent-help)",
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
                            f"'{source}' is not in urgent_help.references; use one of "
                            f"{', '.join(sorted(known))} or add the reference (see {GUIDE}#urgent-help)",
                            (tier, "items", index, "sources", position),
                        )
                    used.add(source)
        for index, reference in enumerate(self.references):
            if reference.id not in used:
                raise _fail(
                    "unused_reference",
                    f"the reference '{reference.id}' is not used by any item; remove it (see {GUIDE}#urgent-help)",
                    ("references", index, "id"),
                )
        return self

    def reference(self, reference_id: str) -> Reference:
        return _by_id(self.references, reference_id, "reference")


PriceData.model_rebuild()
