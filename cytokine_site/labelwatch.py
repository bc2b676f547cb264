"""Has a product label the pages cite been revised? Ask DailyMed for the version history of each US label.

``python -m cytokine_site check-labels`` (``make check-labels``) reads the ``labels`` registry of
``data/prices.yml`` and, for every label with a DailyMed set id, asks
``GET {DAILYMED_URL}/spls/{setid}/history.json``. DailyMed answers with a ``data`` list of versions,
each with ``spl_version`` and ``published_date`` (like ``Aug 14, 2026``). A label is *newer* when its
newest version was published after the revision the pages cite and after the date someone last
checked it (``checked``): a version nobody has read yet. One line per label that is newer or could
not be checked, never a traceback; the data file is only read, never written.

``DAILYMED_URL`` comes from the environment, so it is untrusted: only an http(s) address with a host
and a plain path is used, the answer is read with a timeout and a size limit, and a redirect may
only lead to another http(s) address.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .format import long_date, month_year
from .messages import message
from .text import shown

if TYPE_CHECKING:  # only named in annotations: `make price-diff` and the help need not load the model
    from .model import Label, PriceData

ENV = "DAILYMED_URL"
DEFAULT_URL = "https://dailymed.nlm.nih.gov/dailymed/services/v2"
TIMEOUT_SECONDS = 20
MAX_ANSWER_BYTES = 1024 * 1024  # a version history is a few kilobytes
_PLAIN_PATH = re.compile(r"^[A-Za-z0-9._~/-]*$")
_DATE_FORMAT = "%b %d, %Y"  # "Aug 14, 2026"


class WatchError(Exception):
    """Why one label, or the whole check, could not be done: one line for the editor."""


def base_url(environ: Mapping[str, str]) -> str:
    """The DailyMed services address from ``DAILYMED_URL`` (default: the public service), checked."""
    value = environ.get(ENV, "").strip() or DEFAULT_URL
    parts = urlsplit(value) if len(value) <= 300 else None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username is not None
        or parts.password is not None
        or parts.query
        or parts.fragment
        or not _PLAIN_PATH.match(parts.path)
    ):
        raise WatchError(
            f"{ENV}: '{shown(value, 80)}' is not a plain http(s) address; unset it, or set it like {DEFAULT_URL}"
        )
    return value.rstrip("/")


def history_url(base: str, setid: str) -> str:
    return f"{base}/spls/{setid}/history.json"


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise WatchError(f"DailyMed redirected to a non-http address ({shown(newurl, 80)})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects)


def fetch(url: str, *, timeout: float = TIMEOUT_SECONDS, limit: int = MAX_ANSWER_BYTES) -> Any:
    """The JSON answer at ``url``; :class:`WatchError` with one line for anything else."""
    request = urllib.request.Request(  # noqa: S310 - base_url() lets only http(s) through; redirects likewise
        url, headers={"Accept": "application/json", "User-Agent": "cytokine-site check-labels"}
    )
    try:
        with _OPENER.open(request, timeout=timeout) as answer:
            body = answer.read(limit + 1)
    except urllib.error.HTTPError as err:
        if err.code == 404:
            raise WatchError("DailyMed does not know this set id (HTTP 404); check dailymed_setid") from None
        raise WatchError(f"DailyMed answered HTTP {err.code}; try again later") from None
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise WatchError(f"DailyMed could not be reached ({shown(reason, 100)}); try again later") from None
    if len(body) > limit:
        raise WatchError(f"the answer is larger than {limit // 1024} KB, which no version history is")
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise WatchError("the answer is not JSON") from None


@dataclass(frozen=True)
class Version:
    number: str
    published: dt.date


def newest_version(answer: Any) -> Version:
    """The most recently published version in a ``history.json`` answer."""
    versions = answer.get("data") if isinstance(answer, dict) else None
    if not isinstance(versions, list):
        raise WatchError("the answer has no 'data' list of versions")
    if not versions:
        raise WatchError("DailyMed lists no version for this set id; check dailymed_setid")
    found = []
    for item in versions:
        published = item.get("published_date") if isinstance(item, dict) else None
        try:
            date = dt.datetime.strptime(str(published), _DATE_FORMAT).date()
        except ValueError:
            raise WatchError(f"a version has no readable published_date ('{shown(published, 30)}')") from None
        found.append(Version(shown(item.get("spl_version", "?"), 10), date))
    return max(found, key=lambda version: version.published)


@dataclass(frozen=True)
class Finding:
    label: Label
    kind: str  # "newer", "current" or "unchecked"
    text: str


def _cited(label: Label) -> str:
    return f"revision cited {month_year(label.revised_date)}" if label.revised else "no revision date recorded"


def check_label(label: Label, base: str, get: Callable[[str], Any] = fetch) -> Finding:
    """Compare one label with DailyMed's newest version of it."""
    assert label.dailymed_setid is not None
    where = f"{label.id}: {label.medicine}, set id {label.dailymed_setid}"
    try:
        newest = newest_version(get(history_url(base, label.dailymed_setid)))
    except WatchError as err:
        return Finding(label, "unchecked", f"{where}: could not be checked: {err}")
    seen_until = max(label.checked, label.revised_date) if label.revised else label.checked
    if newest.published > seen_until:
        return Finding(
            label,
            "newer",
            f"{where}: "
            + message(
                "label_revised",
                version=newest.number,
                published=long_date(newest.published),
                cited=_cited(label),
                checked=long_date(label.checked),
            ),
        )
    return Finding(label, "current", f"{where}: no newer version (newest published {long_date(newest.published)})")


def check_all(data: PriceData, base: str, get: Callable[[str], Any] = fetch) -> list[Finding]:
    return [check_label(label, base, get) for label in data.labels if label.dailymed_setid is not None]


def report(data: PriceData, findings: list[Finding]) -> tuple[list[str], int]:
    """The lines to print and the exit status: 1 if a label is newer, 2 if one could not be checked, else 0."""
    lines = [f.text for f in findings if f.kind != "current"]
    newer = sum(f.kind == "newer" for f in findings)
    unchecked = sum(f.kind == "unchecked" for f in findings)
    by_hand = [label.id for label in data.labels if label.dailymed_setid is None]
    summary = f"check-labels: {len(findings)} labels asked of DailyMed: {newer} newer, {unchecked} could not be checked"
    if by_hand:
        summary += f"; not on DailyMed, check by hand: {', '.join(by_hand)}"
    return [*lines, summary], (1 if newer else 2 if unchecked else 0)
