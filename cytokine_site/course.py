"""What one course is made of, worked out from the label numbers and the public unit prices.

Pure arithmetic on the validated data (no HTML): the renderers in :mod:`cytokine_site.breakdown`
and :mod:`cytokine_site.render`, and the change report in :mod:`cytokine_site.pricediff`, all use it.

A single-use vial cannot be shared between doses: what is left after one dose is thrown away.
So each dose uses ``ceil(dose / vial size)`` whole vials, and a course uses that many vials for
every dose it has.
"""

from __future__ import annotations

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


def vials_per_dose(course: CourseStructure, weight_kg: int) -> int:
    return ceil(dose_iu(course, weight_kg) / course.vial_iu)


def pooled_vials(course: CourseStructure, doses: int, weight_kg: int) -> int:
    """Vials if nothing were thrown away (all doses drawn from shared vials)."""
    return ceil(doses * dose_iu(course, weight_kg) / course.vial_iu)


def vials(course: CourseStructure, doses: int, weight_kg: int) -> int:
    """Vials for ``doses`` doses: whole vials for every dose when a vial is single-use."""
    if course.single_use:
        return doses * vials_per_dose(course, weight_kg)
    return pooled_vials(course, doses, weight_kg)


def ward_nights(course: CourseStructure) -> int:
    return course.nights_per_cycle * course.cycles_per_course


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

    def price(component: str) -> PublicPrice | None:
        return public_price(data, country_id, component)

    out = [
        Line(
            MEDICINE,
            f"Medicine: {course_doses} doses",
            {w: vials(course, course_doses, w) for w in weights},
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


# The medicine floor and the honesty check -----------------------------------------------


@dataclass(frozen=True)
class Floor:
    """The public price of the medicine alone for a typical (median) course at the typical weight."""

    price: PublicPrice
    doses: int
    weight_kg: int
    vials: int
    amount: Decimal  # in the price's own currency

    def converted(self, data: PriceData, currency: str) -> Decimal:
        return data.exchange_rates.convert(self.amount, self.price.currency, currency)


def medicine_floor(data: PriceData, country_id: str) -> Floor | None:
    course = data.course_structure
    price = public_price(data, country_id, MEDICINE)
    if course is None or price is None:
        return None
    count = vials(course, course.median_doses, course.typical_weight_kg)
    return Floor(price, course.median_doses, course.typical_weight_kg, count, price.amount * count)


def below_floor(data: PriceData, estimate: PriceEstimate) -> Floor | None:
    """The floor when the estimate's lower end is below it (strictly), else None."""
    floor = medicine_floor(data, estimate.country)
    if floor is None:
        return None
    return floor if Decimal(estimate.min) < floor.converted(data, estimate.currency) else None


def figure(course: CourseStructure, name: str, weight_kg: int | None = None) -> int:
    """One number about the course, for the page's prose (``course_figure`` macro)."""
    weight = weight_kg if weight_kg is not None else course.typical_weight_kg
    figures = {
        "dose_per_kg": lambda: course.dose_per_kg_iu,
        "dose": lambda: dose_iu(course, weight),
        "dose_million": lambda: dose_iu(course, weight) // 1_000_000,
        "vial": lambda: course.vial_iu,
        "vial_million": lambda: course.vial_iu // 1_000_000,
        "vials_per_dose": lambda: vials_per_dose(course, weight),
        "doses_per_cycle": lambda: course.doses_per_cycle,
        "cycles": lambda: course.cycles_per_course,
        "max_doses": lambda: max_doses(course),
        "median_doses": lambda: course.median_doses,
        "vials_median": lambda: vials(course, course.median_doses, weight),
        "vials_max": lambda: vials(course, max_doses(course), weight),
        "pooled_median": lambda: pooled_vials(course, course.median_doses, weight),
        "pooled_max": lambda: pooled_vials(course, max_doses(course), weight),
        "ward_nights": lambda: ward_nights(course),
        "nights_per_cycle": lambda: course.nights_per_cycle,
        "weight": lambda: weight,
    }
    if name not in figures:
        raise KeyError(f"no course figure '{name}' (known: {', '.join(figures)})")
    return figures[name]()
