"""Old prices are shown with a re-check notice and flagged in CI, but never fail the build."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from cytokine_site import freshness
from cytokine_site.format import add_months
from cytokine_site.loader import parse_prices_with_lines
from helpers import ROOT, build, copy_project, with_drawn_cards
from pagetext import soup

# These tests move "today" back in time; public prices looked up later than that would be "in the future",
# so they are left out here (the freshness of public prices is tested in tests/test_course.py).
_DATA = (ROOT / "data/prices.yml").read_text(encoding="utf-8")
GOOD = _DATA[: _DATA.index("\npublic_prices:")] + "\n" if "\npublic_prices:" in _DATA else _DATA
# The labels registry records label revisions and checks made later than that too: they move back with "today".
GOOD = re.sub(r"(?m)^    revised: \d{4}-\d{2}$", "    revised: 2024-01", GOOD)
GOOD = re.sub(r"(?m)^    checked: \d{4}-\d{2}-\d{2}$", "    checked: 2025-01-02", GOOD)
ESTIMATES = ("course-turkey", "course-uk", "course-usa")
# The day these tests call "today", and dates around it made from the data's own rule (never its values).
OLD_TODAY = dt.date(2025, 12, 1)
MONTHS = parse_prices_with_lines(GOOD, today=OLD_TODAY)[0].freshness.recheck_after_months
FRESH, STALE = add_months(OLD_TODAY, -1), add_months(OLD_TODAY, -MONTHS - 1)
NOTICE = f"This estimate is more than {MONTHS} months old and is being re-checked"


def with_as_of(text: str, estimate_id: str, as_of: str) -> str:
    start = text.index(f"  - id: {estimate_id}\n")
    old = re.compile(r"    as_of: \S+\n")
    match = old.search(text, start)
    assert match, f"{estimate_id} has no as_of line"
    return text[: match.start()] + f"    as_of: {as_of}\n" + text[match.end() :]


def line_of_as_of(text: str, estimate_id: str) -> int:
    start = text.index(f"  - id: {estimate_id}\n")
    return text.count("\n", 0, text.index("    as_of: ", start)) + 1


def turkey_fresh_others_stale() -> str:
    text = with_as_of(GOOD, "course-turkey", FRESH.isoformat())
    for estimate_id in ESTIMATES[1:]:
        text = with_as_of(text, estimate_id, STALE.isoformat())
    return text


def test_stale_estimate_gets_an_annotation_and_a_fresh_one_does_not():
    text = turkey_fresh_others_stale()
    data, lines = parse_prices_with_lines(text, today=OLD_TODAY)
    found = freshness.github_annotations(data, OLD_TODAY, lines, "data/prices.yml")
    assert (
        f"::warning file=data/prices.yml,line={line_of_as_of(text, 'course-uk')}::Price estimate 'course-uk' "
        f"is from {STALE.isoformat()}, older than {MONTHS} months: re-check it" in found
    )
    assert not [a for a in found if "course-turkey" in a]
    assert len(found) == 2, found  # course-uk and course-usa


def test_the_threshold_is_exclusive():
    text = GOOD
    start = dt.date(2025, 4, 1)
    for estimate_id in ESTIMATES:
        text = with_as_of(text, estimate_id, start.isoformat())
    today = add_months(start, MONTHS)  # exactly the allowed number of months later: not yet stale
    data, lines = parse_prices_with_lines(text, today=today)
    assert freshness.github_annotations(data, today, lines, "data/prices.yml") == []
    tomorrow = today + dt.timedelta(days=1)
    assert len(freshness.github_annotations(data, tomorrow, lines, "data/prices.yml")) == 3


def test_annotation_properties_are_escaped():
    data, lines = parse_prices_with_lines(GOOD, today=dt.date(2026, 1, 1))
    (first, *_) = freshness.github_annotations(data, dt.date(2026, 1, 1), lines, "odd,name:prices.yml")
    assert first.startswith("::warning file=odd%2Cname%3Aprices.yml,line=")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The real site built on OLD_TODAY with the Turkey estimate fresh and the other two stale."""
    project = with_drawn_cards(copy_project(tmp_path_factory.mktemp("freshness") / "project"))
    text = turkey_fresh_others_stale()
    (project / "data/prices.yml").write_text(text, encoding="utf-8")
    out = project.parent / "site"
    result = build(project, out, extra_env={"SITE_BUILD_DATE": OLD_TODAY.isoformat(), "GITHUB_ACTIONS": "true"})
    return text, out, result


def test_old_prices_do_not_fail_the_strict_build(built):
    _, _, result = built
    assert result.returncode == 0, result.stderr


def test_old_price_shows_the_notice_on_its_page_and_a_fresh_one_does_not(built):
    _, site, _ = built
    rows = {
        row.select_one("th").get_text(strip=True): row
        for row in soup(site / "costs/index.html").select(".price-table tbody tr")
    }
    assert NOTICE in rows["United Kingdom"].get_text(" ", strip=True)
    assert rows["United Kingdom"].select_one(".recheck") is not None
    assert rows["Turkey"].select_one(".recheck") is None
    assert NOTICE not in rows["Turkey"].get_text(" ", strip=True)
    # The home page names the medicine, so it shows no price at all (no price next to a named medicine).
    home = soup(site / "index.html").select_one("article")
    assert home.select_one(".price") is None and home.select_one(".recheck") is None


def test_build_prints_annotations_for_old_prices_only(built):
    text, _, result = built
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::warning ")]
    assert annotations == [
        f"::warning file=data/prices.yml,line={line_of_as_of(text, e)}::Price estimate '{e}' is from "
        f"{STALE.isoformat()}, older than {MONTHS} months: re-check it"
        for e in ESTIMATES[1:]
    ]


@pytest.mark.parametrize("value", [None, "", "false", "1", "TRUE"])
def test_no_annotations_outside_github_actions(monkeypatch, capsys, value):
    """The build's own report of old prices (an INFO line each) prints annotations only where GitHub reads them."""
    from cytokine_site import macros

    data, lines = parse_prices_with_lines(turkey_fresh_others_stale(), today=OLD_TODAY)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    macros.report_stale_prices(data, OLD_TODAY, lines)
    assert capsys.readouterr().out.count("::warning ") == len(ESTIMATES) - 1, "the old prices are there to report"
    if value is None:
        monkeypatch.delenv("GITHUB_ACTIONS")
    else:
        monkeypatch.setenv("GITHUB_ACTIONS", value)
    macros.report_stale_prices(data, OLD_TODAY, lines)
    assert "::warning" not in capsys.readouterr().out
