"""What one course is made of, worked out from the label numbers and the public unit prices.

Pure arithmetic on the validated data (no HTML): the renderers in :mod:`cytokine_site.breakdown`
and :mod:`cytokine_site.render`, and the change report in :mod:`cytokine_site.pricediff`, all use it.

A single-use vial cannot be shared between doses: what is left after one dose is thrown away.
So each dose uses ``ceil(dose / vial size)`` whole vials, and a course uses that many vials for
every dose it has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from math import ceil

from .model import COMPONENTS, CourseStructure, PriceData, PriceEstimate, PublicPrice

MEDICINE = "medicine-vial"
WARD = "ward-night"
ICU = "icu-night"
TESTS = ("heart-scan", "lung-test")


# The course itself -----------------------------------------------------------------------


def max_doses(course: CourseStructure) -> int:
    return course.doses_per_cycle * course.cycles_per_course


def dose_iu(course: CourseStructure, weight_kg: int) -> int:
    return course.dose_per_kg_iu * weight_kg


def vials_per_dose(course: CourseStructure, weight_kg: int, vial_iu: int) -> int:
    return ceil(dose_iu(course, weight_kg) / vial_iu)


def pooled_vials(course: CourseStructure, doses: int, weight_kg: int, vial_iu: int) -> int:
    """Vials if nothing were thrown away (all doses drawn from shared vials)."""
    return ceil(doses * dose_iu(course, weight_kg) / vial_iu)


def vials(course: CourseStructure, doses: int, weight_kg: int, vial_iu: int) -> int:
    """Vials for ``doses`` doses: whole vials for every dose when a vial is single-use."""
    if course.single_use:
        return doses * vials_per_dose(course, weight_kg, vial_iu)
    return pooled_vials(course, doses, weight_kg, vial_iu)


def ward_nights(course: CourseStructure) -> int:
    return course.nights_per_cycle * course.cycles_per_course


def dosing_hours(course: CourseStructure) -> int:
    """Hours from the first to the last dose of a full cycle (14 doses 8 hours apart span 104 hours)."""
    return (course.doses_per_cycle - 1) * course.dose_interval_hours


def fewest_nights(course: CourseStructure) -> int:
    """The nights a full cycle's dosing alone spans: the low end of 'about 4 to 5 nights'."""
    return dosing_hours(course) // 24


def limit_weight(course: CourseStructure) -> int:
    """The weight of the most favourable case: the lightest weight the tables show."""
    return min(course.weights_kg)


# Public prices ---------------------------------------------------------------------------


def public_price(data: PriceData, country_id: str, component: str) -> PublicPrice | None:
    for price in data.public_prices:
        if price.country == country_id and price.component == component:
            return price
    return None


@dataclass(frozen=True)
class Line:
    """One row of the breakdown: a part of the course, how many units, and the unit price if public."""

    component: str
    label: str
    quantities: dict[int, int | None]  # weight in kg -> units (None: only if needed, number not known)
    price: PublicPrice | None
    counted: bool  # part of the total

    def subtotal(self, weight_kg: int) -> Decimal | None:
        quantity = self.quantities[weight_kg]
        if self.price is None or quantity is None:
            return None
        return self.price.amount * quantity


def lines(data: PriceData, country_id: str, course_doses: int) -> list[Line]:
    """The parts of one course of ``course_doses`` doses in one country, medicine first."""
    course = data.course_structure
    assert course is not None, "no course_structure in the data file"
    weights = course.weights_kg
    vial_iu = course.vial(country_id).vial_iu

    def price(component: str) -> PublicPrice | None:
        return public_price(data, country_id, component)

    out = [
        Line(
            MEDICINE,
            f"Medicine: {course_doses} doses",
            {w: vials(course, course_doses, w, vial_iu) for w in weights},
            price(MEDICINE),
            True,
        ),
        Line(WARD, "Nights on a hospital ward", {w: ward_nights(course) for w in weights}, price(WARD), True),
        Line(ICU, "Nights in intensive care, if needed", dict.fromkeys(weights), price(ICU), False),
    ]
    out += [
        Line(t, COMPONENTS[t][0].upper() + COMPONENTS[t][1:], dict.fromkeys(weights, 1), price(t), True) for t in TESTS
    ]
    return out


@dataclass(frozen=True)
class Total:
    amount: dict[int, Decimal]  # weight -> sum of the counted lines that have a price
    currency: str | None
    missing: int  # counted lines without a public price
    mixed_currencies: bool

    @property
    def complete(self) -> bool:
        return self.missing == 0 and not self.mixed_currencies


def total(course_lines: list[Line], weights: list[int]) -> Total:
    counted = [line for line in course_lines if line.counted]
    priced = [line for line in counted if line.price is not None]
    currencies = {line.price.currency for line in priced if line.price is not None}
    amount = {w: sum((line.subtotal(w) or Decimal(0) for line in priced), Decimal(0)) for w in weights}
    return Total(
        amount,
        next(iter(currencies)) if len(currencies) == 1 else None,
        len(counted) - len(priced),
        len(currencies) > 1,
    )


# The medicine floor and the honest limit of each estimate ----------------------------------


@dataclass(frozen=True)
class Floor:
    """The public price of the medicine alone for the most favourable course: the median number of doses,
    whole vials of the country's own label size, at the lightest weight shown."""

    price: PublicPrice
    doses: int
    weight_kg: int
    vials: int
    amount: Decimal  # in the price's own currency

    def converted(self, data: PriceData, currency: str) -> Decimal:
        return data.exchange_rates.convert(self.amount, self.price.currency, currency)


def _course(data: PriceData) -> CourseStructure:
    course = data.course_structure
    if course is None:
        raise KeyError("data/prices.yml has no course_structure")
    return course


def favourable_vials(data: PriceData, country_id: str) -> int:
    """Vials for the median course at the lightest weight, with the country's own vial size."""
    course = _course(data)
    return vials(course, course.median_doses, limit_weight(course), course.vial(country_id).vial_iu)


def medicine_floor(data: PriceData, country_id: str) -> Floor | None:
    course = data.course_structure
    price = public_price(data, country_id, MEDICINE)
    if course is None or price is None:
        return None
    count = favourable_vials(data, country_id)
    return Floor(price, course.median_doses, limit_weight(course), count, price.amount * count)


def below_floor(data: PriceData, estimate: PriceEstimate) -> Floor | None:
    """The floor when the estimate's lower end is below it (strictly), else None."""
    floor = medicine_floor(data, estimate.country)
    if floor is None:
        return None
    return floor if Decimal(estimate.min) < floor.converted(data, estimate.currency) else None


@dataclass(frozen=True)
class Limit:
    """The honest limit of one estimate: the most one vial could cost for the top of the range to pay for the
    medicine alone, in the most favourable case (whole single-use vials, the median course, the lightest weight)."""

    estimate: PriceEstimate
    doses: int
    weight_kg: int
    vial_iu: int
    vials: int
    max_vial_price: Decimal  # in the estimate's currency, not rounded
    medicine: Floor | None  # the medicine alone at a public price, where one exists


def limit(data: PriceData, estimate: PriceEstimate) -> Limit:
    course = _course(data)
    count = favourable_vials(data, estimate.country)
    return Limit(
        estimate,
        course.median_doses,
        limit_weight(course),
        course.vial(estimate.country).vial_iu,
        count,
        Decimal(estimate.max) / count,
        medicine_floor(data, estimate.country),
    )


def figure(course: CourseStructure, name: str, weight_kg: int | None = None, country: str = "usa") -> int:
    """One number about the course, for the page's prose (``course_figure`` macro); vial figures use the vial
    size of ``country``'s label."""
    weight = weight_kg if weight_kg is not None else course.typical_weight_kg

    def vial_iu() -> int:
        return course.vial(country).vial_iu

    figures: dict[str, Callable[[], int]] = {
        "dose_per_kg": lambda: course.dose_per_kg_iu,
        "dose": lambda: dose_iu(course, weight),
        "dose_million": lambda: dose_iu(course, weight) // 1_000_000,
        "vial": vial_iu,
        "vial_million": lambda: vial_iu() // 1_000_000,
        "vials_per_dose": lambda: vials_per_dose(course, weight, vial_iu()),
        "doses_per_cycle": lambda: course.doses_per_cycle,
        "dose_interval_hours": lambda: course.dose_interval_hours,
        "dosing_hours": lambda: dosing_hours(course),
        "cycles": lambda: course.cycles_per_course,
        "rest_days": lambda: course.rest_days,
        "max_doses": lambda: max_doses(course),
        "median_doses": lambda: course.median_doses,
        "vials_median": lambda: vials(course, course.median_doses, weight, vial_iu()),
        "vials_max": lambda: vials(course, max_doses(course), weight, vial_iu()),
        "pooled_median": lambda: pooled_vials(course, course.median_doses, weight, vial_iu()),
        "pooled_max": lambda: pooled_vials(course, max_doses(course), weight, vial_iu()),
        "ward_nights": lambda: ward_nights(course),
        "nights_per_cycle": lambda: course.nights_per_cycle,
        "fewest_nights": lambda: fewest_nights(course),
        "limit_weight": lambda: limit_weight(course),
        "weight": lambda: weight,
    }
    if name not in figures:
        raise KeyError(f"no course figure '{name}' (known: {', '.join(figures)})")
    return figures[name]()
