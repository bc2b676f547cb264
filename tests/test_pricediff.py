"""The price-change report that reviewers read on every pull request (`make price-diff`).

Most tests build a throw-away git repository holding a copy of data/prices.yml, commit an
edit the way an editor would, and run `python -m cytokine_site price-diff` on it.
"""

from __future__ import annotations

import os
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from cytokine_site import format, pricediff
from cytokine_site.__main__ import main
from cytokine_site.loader import parse_prices
from helpers import BUILD_DATE, GIT_ENV, ROOT, TODAY, edited, in_process

GOOD = (ROOT / "data/prices.yml").read_text(encoding="utf-8")


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def estimate_block(text: str, estimate_id: str) -> tuple[int, int]:
    start = text.index(f"  - id: {estimate_id}\n")
    end = text.find("\n  - id: ", start + 1)
    return start, (end if end != -1 else len(text))


def edit_estimate(text: str, estimate_id: str, **values) -> str:
    """Change fields of one estimate, e.g. ``max=33000, as_of="2026-03-01"``."""
    start, end = estimate_block(text, estimate_id)
    block = text[start:end]
    for key, value in values.items():
        lines = block.split("\n")
        index = next(i for i, line in enumerate(lines) if line.startswith(f"    {key}: "))
        lines[index] = f"    {key}: {value}"
        block = "\n".join(lines)
    return text[:start] + block + text[end:]


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository whose first commit on `main` holds today's data/prices.yml."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data/prices.yml").write_text(GOOD, encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "data/prices.yml")
    git(tmp_path, "commit", "-q", "-m", "Prices as published")
    return tmp_path


def commit(repo: Path, text: str, message: str = "Update prices") -> None:
    (repo / "data/prices.yml").write_text(text, encoding="utf-8")
    git(repo, "commit", "-q", "-am", message)


def price_diff(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m cytokine_site price-diff ARGS`` in ``repo`` (what ``make price-diff`` runs), in this process."""
    command = ["python", "-m", "cytokine_site", "price-diff", *args]
    return in_process(command, lambda: main(command[3:]), repo, {**GIT_ENV, "SITE_BUILD_DATE": BUILD_DATE})


def table_rows(markdown: str) -> dict[str, list[str]]:
    """Rows of the estimates table, keyed by estimate id, as lists of cell texts."""
    rows = {}
    for line in markdown.splitlines():
        if line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            rows[cells[0].split("`")[1]] = cells
    return rows


COLUMNS = ["item", "country", "old", "new", "min_change", "max_change", "old_as_of", "new_as_of", "check"]


def row(markdown: str, estimate_id: str) -> dict[str, str]:
    rows = table_rows(markdown)
    assert estimate_id in rows, markdown
    return dict(zip(COLUMNS, rows[estimate_id], strict=True))


# One ordinary price change --------------------------------------------------------------------------------


def test_one_changed_price_gives_one_row_with_old_and_new_values_and_percentages(repo):
    commit(repo, edit_estimate(GOOD, "course-uk", max=33000, as_of="2026-03-01"))
    result = price_diff(repo, "--base", "HEAD~1", "--head", "HEAD")
    assert result.returncode == 0, result.stdout + result.stderr
    assert list(table_rows(result.stdout)) == ["course-uk"], "only the edited estimate is listed"
    cells = row(result.stdout, "course-uk")
    assert cells["country"] == "United Kingdom"
    assert cells["old"] == format.money_range(15000, 30000, "GBP") == "£15,000 to £30,000"
    assert cells["new"] == "£15,000 to £33,000"
    assert cells["min_change"] == "0.0 %"
    assert cells["max_change"] == "+10.0 %"
    assert (cells["old_as_of"], cells["new_as_of"]) == ("2025-01-01", "2026-03-01")
    assert cells["check"] == "", "an ordinary, dated change is not flagged"
    assert "Needs a careful look" not in result.stdout


def test_working_copy_is_the_default_head(repo):
    (repo / "data/prices.yml").write_text(
        edit_estimate(GOOD, "course-turkey", min=4500, as_of="2026-10-01"), encoding="utf-8"
    )
    result = price_diff(repo, "--base", "main")
    assert result.returncode == 0, result.stderr
    assert "the working copy" in result.stdout
    cells = row(result.stdout, "course-turkey")
    assert (cells["old"], cells["new"]) == ("US$4,000 to US$10,000", "US$4,500 to US$10,000")
    assert cells["min_change"] == "+12.5 %"


# Suspicious edits are flagged -----------------------------------------------------------------------------

# (name, estimate, values before (committed first), values after, expected flags)
SUSPICIOUS = [
    ("more than 50 %", "course-uk", {}, {"max": 50000, "as_of": "2026-03-01"}, {pricediff.FLAG_BIG}),
    ("more than 50 % down", "course-usa", {}, {"min": 10000, "as_of": "2026-03-01"}, {pricediff.FLAG_BIG}),
    (
        "ranges do not overlap",
        "course-turkey",
        {"min": 10000, "max": 12000},
        {"min": 12500, "max": 13000, "as_of": "2026-03-01"},
        {pricediff.FLAG_NO_OVERLAP},
    ),
    (
        "currency changed",
        "course-uk",
        {},
        {"currency": "USD", "min": 19000, "max": 38000, "as_of": "2026-03-01"},
        {pricediff.FLAG_CURRENCY},
    ),
    ("amount changed, as_of not", "course-usa", {}, {"max": 62000}, {pricediff.FLAG_DATE_NOT_MOVED}),
    ("as_of moved back", "course-usa", {}, {"as_of": "2024-06-01"}, {pricediff.FLAG_DATE_BACK}),
]


@pytest.mark.parametrize("name, estimate_id, before, values, flags", SUSPICIOUS, ids=[s[0] for s in SUSPICIOUS])
def test_suspicious_edits_are_flagged_for_the_reviewer(repo, name, estimate_id, before, values, flags):
    base = edit_estimate(GOOD, estimate_id, **before)
    if before:
        commit(repo, base, "Narrow the range")
    commit(repo, edit_estimate(base, estimate_id, **values))
    result = price_diff(repo, "--base", "HEAD~1", "--head", "HEAD")
    assert result.returncode == 0, result.stderr
    check = row(result.stdout, estimate_id)["check"]
    assert {part.strip().removeprefix(pricediff.MARK).strip() for part in check.split(";")} == flags
    summary = result.stdout.split("### Price estimates")[0]
    assert "Needs a careful look" in summary
    assert f"- `{estimate_id}` " in summary


def test_a_currency_change_shows_no_percentage(repo):
    commit(repo, edit_estimate(GOOD, "course-uk", currency="USD", min=19000, max=38000, as_of="2026-03-01"))
    cells = row(price_diff(repo, "--base", "HEAD~1", "--head", "HEAD").stdout, "course-uk")
    assert (cells["old"], cells["new"]) == ("£15,000 to £30,000", "US$19,000 to US$38,000")
    assert cells["min_change"] == cells["max_change"] == "n/a (currency)"


def test_ordinary_edits_are_not_flagged():
    old = parse_prices(GOOD, today=TODAY)
    new = parse_prices(edit_estimate(GOOD, "course-uk", min=16000, max=31000, as_of="2026-03-01"), today=TODAY)
    (change,) = pricediff.compare(old, new).estimates
    assert change.flags == ()
    assert pricediff.percent_change(15000, 16000) == pytest.approx(Decimal("6.6667"), abs=Decimal("0.001"))
    assert pricediff.format_percent(pricediff.percent_change(15000, 16000)) == "+6.7 %"
    assert pricediff.percent_change(0, 100) is None


def test_exactly_fifty_percent_is_not_more_than_fifty():
    old = parse_prices(GOOD, today=TODAY)
    new = parse_prices(edit_estimate(GOOD, "course-uk", max=45000, as_of="2026-03-01"), today=TODAY)
    assert pricediff.compare(old, new).estimates[0].flags == ()


# Nothing changed -----------------------------------------------------------------------------------------


def test_unchanged_file_says_no_price_changes(repo):
    result = price_diff(repo, "--base", "main")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "No price changes.\n"


def test_a_comment_only_edit_is_no_price_change(repo):
    commit(repo, edited(GOOD, "# Quick rules:", "# Quick rules (read them):"), "Reword a comment")
    result = price_diff(repo, "--base", "HEAD~1", "--head", "HEAD")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "No price changes.\n"


# Checklists, package items, exchange rates ----------------------------------------------------------------


def test_added_and_removed_checklist_items_are_listed(repo):
    text = edited(
        GOOD,
        "      - id: contacts\n",
        "      - id: charger\n        text: A phone charger and a travel plug adapter.\n      - id: contacts\n",
    )
    text = edited(
        text,
        "      - id: cancellation\n        text: Ask what happens to the money if treatment is stopped early.\n",
        "",
    )
    commit(repo, text, "Checklist: add charger, drop cancellation")
    result = price_diff(repo, "--base", "HEAD~1", "--head", "HEAD")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "### Checklists" in out
    assert (
        "- Added to **What to bring** (`what-to-bring`): `charger`: “A phone charger and a travel plug adapter.”" in out
    )
    assert (
        "- Removed from **How to compare offers** (`compare-offers`): `cancellation`: "
        "“Ask what happens to the money if treatment is stopped early.”"
    ) in out
    assert "### Price estimates\n\nNo price changes." in out, "no estimate changed, and the report says so"


def test_package_item_status_and_additions_are_listed(repo):
    text = edited(GOOD, "    name: Flights\n    status: extra\n", "    name: Flights\n    status: included\n")
    text = edited(
        text,
        "  - id: companion\n",
        "  - id: sim-card\n    name: A local SIM card\n    status: ask\n  - id: companion\n",
    )
    commit(repo, text)
    out = price_diff(repo, "--base", "HEAD~1", "--head", "HEAD").stdout
    assert "- Status changed: **Flights** (`flights`): extra (" in out and "→ included (Usually included)" in out
    assert "- Added: **A local SIM card** (`sim-card`), status ask (Varies: ask before you book)" in out


def test_exchange_rate_changes_are_listed_and_an_undated_change_is_flagged(repo):
    text = edited(GOOD, "    USD: 1.1728\n", "    USD: 1.2000\n")
    commit(repo, text)
    out = price_diff(repo, "--base", "HEAD~1", "--head", "HEAD").stdout
    assert "| USD | 1.1728 | 1.2 | +2.3 % |" in out
    assert f"- {pricediff.MARK} {pricediff.FLAG_RATES_DATE}" in out


# Errors ----------------------------------------------------------------------------------------------------


def test_invalid_head_prints_the_loader_message_and_fails(repo):
    text = edit_estimate(GOOD, "course-uk", max="30,000")
    (repo / "data/prices.yml").write_text(text, encoding="utf-8")
    result = price_diff(repo, "--base", "main")
    assert result.returncode == 1
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l == "    max: 30,000")
    assert result.stdout.strip().startswith(f"data/prices.yml:{line}: estimates[1].max: must be a whole number")
    assert len(result.stdout.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_missing_default_base_falls_back_to_main(repo):
    result = price_diff(repo)
    assert result.returncode == 0, result.stderr
    assert "origin/main not found; comparing with main instead" in result.stderr
    assert result.stdout == "No price changes.\n"


def test_unknown_explicit_base_is_an_error(repo):
    result = price_diff(repo, "--base", "no-such-branch")
    assert result.returncode == 2
    assert "unknown git revision 'no-such-branch'" in result.stderr


def test_report_names_both_versions(repo):
    commit(repo, edit_estimate(GOOD, "course-uk", max=33000, as_of="2026-03-01"))
    sha = git(repo, "rev-parse", "--short", "HEAD~1").strip()
    out = price_diff(repo, "--base", "main~1", "--head", "main").stdout
    assert out.startswith("## Changes to data/prices.yml\n")
    assert f"Compared: `main~1` ({sha}) → `main`" in out


def test_makefile_target_passes_base_through_the_environment():
    """BASE reaches the command as an environment variable (tests/test_make_args.py runs it for real)."""
    result = subprocess.run(["make", "-n", "price-diff", "BASE=abc123"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert '-m cytokine_site price-diff --base="$PRICE_DIFF_BASE"' in result.stdout
    assert "abc123" not in result.stdout


def test_every_field_and_section_of_the_model_is_compared():
    """A field or section added to the model shows up in the report without anyone listing it."""
    from cytokine_site.model import PriceData, PriceEstimate

    assert set(pricediff._ESTIMATE_TABLE_FIELDS) | set(pricediff._ESTIMATE_TEXT_FIELDS) == set(
        PriceEstimate.model_fields
    )
    data = parse_prices(GOOD, today=TODAY)
    others = [s for s in PriceData.model_fields if s not in ("version", *pricediff.COMPARED_SECTIONS)]
    assert others, "some sections have no comparison of their own (urgent_help, key_figures)"
    for section in others:
        assert getattr(data, section) is not None, f"the shipped data sets {section}"
        report = pricediff.compare(data, data.model_copy(update={section: None}))
        assert any(f"`{section}` changed" in line for line in report.other), section
