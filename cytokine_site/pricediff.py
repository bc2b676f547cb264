"""What changed in the price data between two versions, as a Markdown report for reviewers.

Pure: two validated :class:`PriceData` objects in, text out. Reading a version of the
file from git lives in :mod:`cytokine_site.gitrev`; the command line is
``python -m cytokine_site price-diff`` (``make price-diff``).

The report lists every changed, added or removed price estimate with its old and new
range, the change in percent and both ``as_of`` dates, then checklist items, package
items and exchange rates. Edits that deserve a second look are marked with ⚠ and
listed at the top: a change of more than 50 %, a new range that does not overlap the
old one, a currency change, an amount changed without a new ``as_of`` date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .course import Floor, below_floor
from .format import STATUS_LABELS, money, money_range
from .model import PriceData, PriceEstimate, PublicPrice

NO_CHANGES = "No price changes."
MARK = "⚠"
BIG_CHANGE = Decimal(50)  # percent

FLAG_BIG = "changed by more than 50 %"
FLAG_NO_OVERLAP = "new range does not overlap the old one"
FLAG_CURRENCY = "currency changed"
FLAG_DATE_NOT_MOVED = "amount changed but as_of did not: set as_of to the date you checked the new figure"
FLAG_DATE_BACK = "as_of moved back in time"
FLAG_REMOVED = "estimate removed: check that no page still shows it"
FLAG_RATES_DATE = "rates changed but their as_of did not: set it to the date of the new rates"

# The estimate table shows these; every other field of an estimate is reported in words, so a field added
# to the model can never change unseen.
_ESTIMATE_TABLE_FIELDS = ("id", "min", "max", "currency", "as_of")
_ESTIMATE_TEXT_FIELDS = tuple(name for name in PriceEstimate.model_fields if name not in _ESTIMATE_TABLE_FIELDS)
# Sections of the data file with a comparison of their own; any other section is reported as a whole.
COMPARED_SECTIONS = (
    "estimates",
    "checklists",
    "package_items",
    "exchange_rates",
    "freshness",
    "countries",
    "public_prices",
    "course_structure",
)


@dataclass(frozen=True)
class EstimateChange:
    """One estimate whose range, currency or date changed, or that was added or removed."""

    id: str
    treatment: str
    country: str
    old: PriceEstimate | None
    new: PriceEstimate | None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class RateChange:
    currency: str
    old: Decimal | None
    new: Decimal | None


@dataclass
class Report:
    estimates: list[EstimateChange] = field(default_factory=list)
    estimate_text: list[str] = field(default_factory=list)
    checklists: list[str] = field(default_factory=list)
    package_items: list[str] = field(default_factory=list)
    rates: list[RateChange] = field(default_factory=list)
    rate_notes: list[str] = field(default_factory=list)
    rate_flags: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    public_prices: list[str] = field(default_factory=list)
    public_price_flags: list[str] = field(default_factory=list)
    floor_flags: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.estimates,
                self.estimate_text,
                self.checklists,
                self.package_items,
                self.rates,
                self.rate_notes,
                self.other,
                self.public_prices,
                self.floor_flags,
            )
        )

    @property
    def flagged(self) -> list[EstimateChange]:
        return [change for change in self.estimates if change.flags]


# Comparing -------------------------------------------------------------------------


def compare(old: PriceData, new: PriceData) -> Report:
    """Everything that differs between two validated versions of the data file."""
    report = Report()
    _compare_estimates(old, new, report)
    _compare_checklists(old, new, report)
    _compare_package_items(old, new, report)
    _compare_rates(old, new, report)
    _compare_other(old, new, report)
    _compare_public_prices(old, new, report)
    _check_floors(old, new, report)
    return report


def percent_change(old: int, new: int) -> Decimal | None:
    """Change from ``old`` to ``new`` in percent; None when ``old`` is 0."""
    if old == 0:
        return None
    return (Decimal(new) - Decimal(old)) * 100 / Decimal(old)


def estimate_flags(old: PriceEstimate, new: PriceEstimate) -> tuple[str, ...]:
    """Why a reviewer should look twice at this edit (empty when it looks ordinary)."""
    flags: list[str] = []
    amount_changed = (old.min, old.max) != (new.min, new.max)
    if old.currency != new.currency:
        flags.append(FLAG_CURRENCY)
    else:
        changes = [percent_change(old.min, new.min), percent_change(old.max, new.max)]
        if any(c is not None and abs(c) > BIG_CHANGE for c in changes):
            flags.append(FLAG_BIG)
        if new.max < old.min or new.min > old.max:
            flags.append(FLAG_NO_OVERLAP)
    if (amount_changed or old.currency != new.currency) and new.as_of == old.as_of:
        flags.append(FLAG_DATE_NOT_MOVED)
    if new.as_of < old.as_of:
        flags.append(FLAG_DATE_BACK)
    return tuple(flags)


def _country_name(data: PriceData, country_id: str) -> str:
    return next((c.name for c in data.countries if c.id == country_id), country_id)


def _compare_estimates(old: PriceData, new: PriceData, report: Report) -> None:
    before = {e.id: e for e in old.estimates}
    after = {e.id: e for e in new.estimates}
    for estimate in new.estimates:
        previous = before.get(estimate.id)
        country = _country_name(new, estimate.country)
        if previous is None:
            report.estimates.append(EstimateChange(estimate.id, estimate.treatment, country, None, estimate))
            continue
        if (previous.min, previous.max, previous.currency, previous.as_of) != (
            estimate.min,
            estimate.max,
            estimate.currency,
            estimate.as_of,
        ):
            report.estimates.append(
                EstimateChange(
                    estimate.id, estimate.treatment, country, previous, estimate, estimate_flags(previous, estimate)
                )
            )
        for name in _ESTIMATE_TEXT_FIELDS:
            if getattr(previous, name) != getattr(estimate, name):
                report.estimate_text.append(
                    f"Estimate `{estimate.id}`: {name} changed from {_quote(getattr(previous, name))} "
                    f"to {_quote(getattr(estimate, name))}"
                )
    for estimate in old.estimates:
        if estimate.id not in after:
            report.estimates.append(
                EstimateChange(
                    estimate.id,
                    estimate.treatment,
                    _country_name(old, estimate.country),
                    estimate,
                    None,
                    (FLAG_REMOVED,),
                )
            )


def _compare_checklists(old: PriceData, new: PriceData, report: Report) -> None:
    before = {c.id: c for c in old.checklists}
    after = {c.id: c for c in new.checklists}
    lines = report.checklists
    for checklist in new.checklists:
        previous = before.get(checklist.id)
        where = f"**{_md(checklist.title)}** (`{checklist.id}`)"
        if previous is None:
            lines.append(f"New checklist {where} with {len(checklist.items)} item(s):")
            lines += [f"  - Added `{item.id}`: {_quote(item.text)}" for item in checklist.items]
            continue
        if previous.title != checklist.title:
            lines.append(
                f"Checklist `{checklist.id}`: title changed from {_quote(previous.title)} to {_quote(checklist.title)}"
            )
        if previous.intro != checklist.intro:
            lines.append(
                f"Checklist {where}: introduction changed from {_quote(previous.intro)} to {_quote(checklist.intro)}"
            )
        old_items = {i.id: i for i in previous.items}
        new_items = {i.id: i for i in checklist.items}
        for item in checklist.items:
            if item.id not in old_items:
                lines.append(f"Added to {where}: `{item.id}`: {_quote(item.text)}")
            elif old_items[item.id].text != item.text:
                lines.append(
                    f"Changed in {where}: `{item.id}`: {_quote(old_items[item.id].text)} → {_quote(item.text)}"
                )
        for item in previous.items:
            if item.id not in new_items:
                lines.append(f"Removed from {where}: `{item.id}`: {_quote(item.text)}")
    for checklist in old.checklists:
        if checklist.id not in after:
            lines.append(
                f"Removed checklist **{_md(checklist.title)}** (`{checklist.id}`) with "
                f"{len(checklist.items)} item(s): check that no page still shows it"
            )


def _status(status: str) -> str:
    return f"{status} ({STATUS_LABELS[status]})"


def _compare_package_items(old: PriceData, new: PriceData, report: Report) -> None:
    before = {i.id: i for i in old.package_items}
    after = {i.id: i for i in new.package_items}
    lines = report.package_items
    for item in new.package_items:
        previous = before.get(item.id)
        where = f"**{_md(item.name)}** (`{item.id}`)"
        if previous is None:
            lines.append(f"Added: {where}, status {_status(item.status)}")
            continue
        if previous.status != item.status:
            lines.append(f"Status changed: {where}: {_status(previous.status)} → {_status(item.status)}")
        if previous.name != item.name:
            lines.append(f"Name changed: `{item.id}`: {_quote(previous.name)} → {_quote(item.name)}")
        if previous.note != item.note:
            lines.append(f"Note changed: {where}: {_quote(previous.note)} → {_quote(item.note)}")
    for item in old.package_items:
        if item.id not in after:
            lines.append(f"Removed: **{_md(item.name)}** (`{item.id}`), was {_status(item.status)}")


def _compare_rates(old: PriceData, new: PriceData, report: Report) -> None:
    a, b = old.exchange_rates, new.exchange_rates
    codes = sorted(set(a.rates) | set(b.rates))
    old_rates, new_rates = a.rates, b.rates
    for code in codes:
        if old_rates.get(code) != new_rates.get(code):
            report.rates.append(RateChange(code, old_rates.get(code), new_rates.get(code)))
    if a.base != b.base:
        report.rate_notes.append(f"Base currency changed from {a.base} to {b.base}")
    if a.as_of != b.as_of:
        report.rate_notes.append(f"Rates dated {a.as_of.isoformat()} → {b.as_of.isoformat()}")
    if a.source != b.source:
        report.rate_notes.append(f"Source changed from {_quote(a.source)} to {_quote(b.source)}")
    if a.source_url != b.source_url:
        report.rate_notes.append(f"Source address changed from <{a.source_url}> to <{b.source_url}>")
    if report.rates and a.as_of == b.as_of:
        report.rate_flags.append(FLAG_RATES_DATE)


def _compare_other(old: PriceData, new: PriceData, report: Report) -> None:
    if old.freshness != new.freshness:
        report.other.append(
            f"Prices are now marked for re-checking after {new.freshness.recheck_after_months} months "
            f"(was {old.freshness.recheck_after_months})"
        )
    before = {c.id: c.name for c in old.countries}
    after = {c.id: c.name for c in new.countries}
    for cid, name in after.items():
        if cid not in before:
            report.other.append(f"Country added: `{cid}` {_quote(name)}")
        elif before[cid] != name:
            report.other.append(f"Country `{cid}` renamed: {_quote(before[cid])} → {_quote(name)}")
    for cid, name in before.items():
        if cid not in after:
            report.other.append(f"Country removed: `{cid}` {_quote(name)}")
    for section in PriceData.model_fields:
        if section not in COMPARED_SECTIONS and section != "version" and getattr(old, section) != getattr(new, section):
            report.other.append(f"`{section}` changed: review the whole section in the file")


# Formatting ------------------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]#"})


def _md(text: str) -> str:
    """Plain text made safe for a Markdown table cell or list (the model already forbids < > |)."""
    return text.translate(_MD_SPECIAL)


def _quote(text: str | None) -> str:
    return "(none)" if text is None else f"“{_md(text)}”"


def format_percent(value: Decimal | None) -> str:
    if value is None:
        return "n/a"
    rounded = value.quantize(Decimal("0.1"))
    if rounded == 0:
        return "0.0 %"
    return f"{rounded:+.1f} %"


def _range(estimate: PriceEstimate | None) -> str:
    if estimate is None:
        return "—"
    return money_range(estimate.min, estimate.max, estimate.currency)


def _date(estimate: PriceEstimate | None) -> str:
    return "—" if estimate is None else estimate.as_of.isoformat()


def _changes(change: EstimateChange) -> tuple[str, str]:
    old, new = change.old, change.new
    if old is None:
        return "new", "new"
    if new is None:
        return "removed", "removed"
    if old.currency != new.currency:
        return "n/a (currency)", "n/a (currency)"
    return format_percent(percent_change(old.min, new.min)), format_percent(percent_change(old.max, new.max))


def _check_cell(change: EstimateChange) -> str:
    return "; ".join(f"{MARK} {flag}" for flag in change.flags)


def estimate_table(changes: list[EstimateChange]) -> list[str]:
    lines = [
        "| Estimate | Country | Old range | New range | Change (min) | Change (max) | Old as_of | New as_of | Check |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for change in changes:
        low, high = _changes(change)
        lines.append(
            f"| `{change.id}` {_md(change.treatment)} | {_md(change.country)} | {_range(change.old)} | "
            f"{_range(change.new)} | {low} | {high} | {_date(change.old)} | {_date(change.new)} | "
            f"{_check_cell(change)} |"
        )
    return lines


def _rate(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.normalize():f}"


def _rate_change(change: RateChange) -> str:
    if change.old is None or change.new is None or change.old == 0:
        return "n/a"
    return format_percent((change.new - change.old) * 100 / change.old)


def to_markdown(report: Report, *, base_label: str, head_label: str, file: str = "data/prices.yml") -> str:
    """The report as Markdown; exactly ``No price changes.`` when nothing differs."""
    if report.empty:
        return NO_CHANGES + "\n"
    out = [f"## Changes to {file}", "", f"Compared: {base_label} → {head_label}.", ""]
    flagged = report.flagged
    if flagged or report.rate_flags or report.public_price_flags or report.floor_flags:
        out.append(f"**{MARK} Needs a careful look:**")
        out.append("")
        out += [f"- `{c.id}` ({_md(c.country)}): {'; '.join(c.flags)}" for c in flagged]
        out += [f"- exchange rates: {flag}" for flag in report.rate_flags]
        out += [f"- public prices: {flag}" for flag in report.public_price_flags]
        out += [f"- {flag}" for flag in report.floor_flags]
        out.append("")
    out += ["### Price estimates", ""]
    if report.estimates:
        out += estimate_table(report.estimates)
    else:
        out.append(NO_CHANGES)
    out.append("")
    if report.estimate_text:
        out += ["### Estimate descriptions", ""] + [f"- {line}" for line in report.estimate_text] + [""]
    if report.checklists:
        out += (
            ["### Checklists", ""]
            + [line if line.startswith("  ") else f"- {line}" for line in report.checklists]
            + [""]
        )
    if report.package_items:
        out += ["### Package items", ""] + [f"- {line}" for line in report.package_items] + [""]
    if report.rates or report.rate_notes:
        out += ["### Exchange rates", ""]
        if report.rates:
            out += ["| Currency | Old rate | New rate | Change |", "|---|---|---|---|"]
            out += [f"| {r.currency} | {_rate(r.old)} | {_rate(r.new)} | {_rate_change(r)} |" for r in report.rates]
            out.append("")
        out += [f"- {line}" for line in report.rate_notes]
        out += [f"- {MARK} {flag}" for flag in report.rate_flags]
        out.append("")
    if report.public_prices:
        out += ["### Public unit prices", ""] + [f"- {line}" for line in report.public_prices]
        out += [f"- {MARK} {flag}" for flag in report.public_price_flags] + [""]
    if report.other:
        out += ["### Other changes", ""] + [f"- {line}" for line in report.other] + [""]
    return "\n".join(out).rstrip("\n") + "\n"


# Public unit prices and the medicine floor --------------------------------------------

FLAG_PRICE_DATE_NOT_MOVED = "amount changed but as_of did not: set as_of to the source's date for the new figure"
FLAG_PRICE_REMOVED = "public price removed: the page now shows 'No public price found' for it"


def _public_price_text(price: PublicPrice) -> str:
    from .model import PRICE_TYPES

    return (
        f"{money(price.amount, price.currency)} per unit, {PRICE_TYPES[price.price_type]}, "
        f"as of {price.as_of.isoformat()}, retrieved {price.retrieved.isoformat()} ({price.source_url})"
    )


def _compare_public_prices(old: PriceData, new: PriceData, report: Report) -> None:
    before = {p.id: p for p in old.public_prices}
    after = {p.id: p for p in new.public_prices}
    for pid, price in after.items():
        where = f"`{pid}` ({_md(_country_name(new, price.country))}, {price.component})"
        previous = before.get(pid)
        if previous is None:
            report.public_prices.append(f"Added {where}: {_md(_public_price_text(price))}")
        elif previous != price:
            report.public_prices.append(
                f"Changed {where}: {_md(_public_price_text(previous))} → {_md(_public_price_text(price))}"
            )
            if (previous.amount, previous.currency) != (price.amount, price.currency) and previous.as_of == price.as_of:
                report.public_price_flags.append(f"`{pid}`: {FLAG_PRICE_DATE_NOT_MOVED}")
    for pid, price in before.items():
        if pid not in after:
            report.public_prices.append(
                f"Removed `{pid}` ({_md(_country_name(old, price.country))}, {price.component})"
            )
            report.public_price_flags.append(f"`{pid}`: {FLAG_PRICE_REMOVED}")
    if old.course_structure != new.course_structure:
        report.public_prices.append(
            "The course structure (doses, vial size, nights) changed: check every number against the product label"
        )


def floor_message(data: PriceData, estimate: PriceEstimate, floor: Floor) -> str:
    converted = floor.converted(data, estimate.currency)
    return (
        f"`{estimate.id}` ({_md(_country_name(data, estimate.country))}): lower end "
        f"{money_range(estimate.min, estimate.min, estimate.currency)} is below the public price of the "
        f"medicine alone for the most favourable course ({floor.doses} doses at {floor.weight_kg} kg = {floor.vials} "
        f"vials x {money(floor.price.amount, floor.price.currency)} = "
        f"{money(floor.amount.to_integral_value(), floor.price.currency)}"
        + (
            f", about {money_range(int(converted), int(converted), estimate.currency)}"
            if floor.price.currency != estimate.currency
            else ""
        )
        + ")"
    )


def _check_floors(old: PriceData, new: PriceData, report: Report) -> None:
    """Flag an estimate that is (now) below the medicine floor, when this change made it so or touched it."""

    before = {e.id: e for e in old.estimates}
    for estimate in new.estimates:
        floor = below_floor(new, estimate)
        if floor is None:
            continue
        previous = before.get(estimate.id)
        was_below = previous is not None and below_floor(old, previous) is not None
        if not was_below or previous != estimate or report.public_prices:
            report.floor_flags.append(floor_message(new, estimate, floor))
