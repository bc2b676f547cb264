"""Which price estimates are past their re-check date, phrased for the build log and for GitHub.

Stale prices never fail the build: readers see a "being re-checked" notice next to the
price (see :mod:`cytokine_site.render`), the build log gets an INFO line, and on GitHub
Actions a ``::warning`` annotation points at the estimate's ``as_of`` line in the data file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from .format import is_stale
from .model import PriceData, PriceEstimate


def stale_estimates(data: PriceData, today: dt.date) -> list[tuple[int, PriceEstimate]]:
    """(index, estimate) for every estimate older than ``freshness.recheck_after_months``."""
    months = data.freshness.recheck_after_months
    return [(i, e) for i, e in enumerate(data.estimates) if is_stale(e.as_of, today, months)]


def notice(estimate: PriceEstimate, months: int) -> str:
    return (
        f"Price estimate '{estimate.id}' is from {estimate.as_of.isoformat()}, older than {months} months: re-check it"
    )


def _escape_property(value: str) -> str:
    # GitHub workflow commands: properties must escape %, CR, LF, ':' and ','.
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def _escape_message(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_annotations(
    data: PriceData, today: dt.date, lines: Mapping[tuple[str | int, ...], int], file: str
) -> list[str]:
    """One ``::warning`` workflow command per stale estimate, pointing at its ``as_of`` line."""
    months = data.freshness.recheck_after_months
    out = []
    for index, estimate in stale_estimates(data, today):
        line = lines.get(("estimates", index, "as_of")) or lines.get(("estimates", index)) or 1
        out.append(f"::warning file={_escape_property(file)},line={line}::{_escape_message(notice(estimate, months))}")
    return out


def notices(data: PriceData, today: dt.date, lines: Mapping[tuple[str | int, ...], int], file: str) -> list[str]:
    """One plain line per stale estimate for the build log, with file and line."""
    months = data.freshness.recheck_after_months
    return [
        f"{file}:{lines.get(('estimates', index, 'as_of'), 1)}: {notice(estimate, months)}"
        for index, estimate in stale_estimates(data, today)
    ]
