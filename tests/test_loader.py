"""Every kind of bad edit produces one line naming file, line, field and fix."""

import datetime as dt
import re

import pytest

from cytokine_site.loader import DataFileError, load_prices, parse_prices
from helpers import ROOT, TODAY, edited

GOOD = (ROOT / "data/prices.yml").read_text(encoding="utf-8")


def line_of(text: str, needle) -> int:
    """1-based line number of the first line containing ``needle`` (or ``(needle, offset)``)."""
    needle, offset = needle if isinstance(needle, tuple) else (needle, 0)
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number + offset
    raise AssertionError(f"{needle!r} not in text")


def edit(old: str, new: str, count: int = 1) -> str:
    assert GOOD.count(old) >= count, f"fixture text {old!r} not found in data/prices.yml"
    return GOOD.replace(old, new, count)


def error_for(text: str) -> str:
    with pytest.raises(DataFileError) as info:
        parse_prices(text, today=TODAY)
    message = str(info.value)
    assert "\n" not in message, "the message must be one line"
    assert "Traceback" not in message
    return message


# (name, edited text, field path in the message, text the message must contain, line marker)
CASES = [
    (
        "unknown key",
        edit("    min: 4000\n", "    mim: 4000\n"),
        "estimates[0]",
        "unknown field 'mim'; did you mean 'min'?",
        "mim: 4000",
    ),
    (
        "missing field",
        edit("    max: 10000\n", ""),
        "estimates[0]",
        "required field 'max' is missing",
        "id: course-turkey",
    ),
    ("min above max", edit("    min: 4000\n", "    min: 40000\n"), "estimates[0].min", "larger than max", "min: 40000"),
    (
        "negative money",
        edit("    min: 4000\n", "    min: -5\n"),
        "estimates[0].min",
        "a price of 0 or less cannot be right",
        "min: -5",
    ),
    (
        "decimal money",
        edit("    min: 4000\n", "    min: 4000.50\n"),
        "estimates[0].min",
        "whole number",
        "min: 4000.50",
    ),
    (
        "money with comma",
        edit("    min: 4000\n", "    min: 4,000\n"),
        "estimates[0].min",
        "no decimals, commas",
        "min: 4,000",
    ),
    (
        "unknown currency",
        edit("    currency: USD\n", "    currency: DOLLARS\n"),
        "estimates[0].currency",
        "ISO 4217 currency code",
        "currency: DOLLARS",
    ),
    (
        "unknown country",
        edit("    country: turkey\n", "    country: turkiye\n"),
        "estimates[0].country",
        "'turkiye' is not in countries",
        "country: turkiye",
    ),
    (
        "impossible date",
        edit("    as_of: 2025-01-01\n", "    as_of: 2025-02-30\n"),
        "estimates[0].as_of",
        "real date written YYYY-MM-DD",
        "as_of: 2025-02-30",
    ),
    (
        "not a date",
        edit("    as_of: 2025-01-01\n", "    as_of: January 2025\n"),
        "estimates[0].as_of",
        "real date written YYYY-MM-DD",
        "as_of: January 2025",
    ),
    (
        "future date",
        edit("    as_of: 2025-01-01\n", "    as_of: 2030-01-01\n"),
        "estimates[0].as_of",
        "is in the future",
        "as_of: 2030-01-01",
    ),
    (
        "empty checklist",
        re.sub(r"(  - id: compare-offers\n    title: How to compare offers\n    items:\n)(?:      .*\n)+", r"\1", GOOD),
        "checklists[4].items",
        "must not be empty",
        ("id: compare-offers", 2),
    ),
    (
        "duplicate id",
        edit("  - id: hospital-bed\n    name: Hospital", "  - id: medicines\n    name: Hospital"),
        "package_items[1].id",
        "'medicines' is used twice",
        ("Hospital bed and nursing care", -1),
    ),
    (
        "duplicate key",
        edit("    min: 4000\n", "    min: 4000\n    min: 5000\n"),
        "estimates[0].min",
        "appears twice",
        "min: 5000",
    ),
    (
        "YAML 1.1 boolean NO",
        edit("    name: United Kingdom\n", "    name: NO\n"),
        "countries[1].name",
        "read as true/false",
        "name: NO",
    ),
    (
        "YAML 1.1 boolean yes",
        edit("    name: United Kingdom\n", "    name: yes\n"),
        "countries[1].name",
        "read as true/false",
        "name: yes",
    ),
    ("YAML 1.1 octal", edit("    min: 4000\n", "    min: 012\n"), "estimates[0].min", "starts with 0", "min: 012"),
    (
        "HTML in text",
        edit("    name: United Kingdom\n", "    name: <script>alert(1)</script>\n"),
        "countries[1].name",
        "must be plain text; remove '<'",
        "<script>",
    ),
    (
        "pipe in text",
        edit("    name: United Kingdom\n", "    name: UK | GB\n"),
        "countries[1].name",
        "remove '|'",
        "UK | GB",
    ),
    ("not YAML", edit("    min: 4000\n", "    min: [4000\n"), None, "not valid YAML", None),
    (
        "sourced without a source",
        edit("    sourced: false\n", "    sourced: true\n"),
        "estimates[0].sourced",
        "sourced is true but there is no source_url",
        "    sourced: true",
    ),
    (
        "source without sourced",
        edit("    sourced: false\n", "    sourced: false\n    source_url: https://example.org/x\n"),
        "estimates[0].source_url",
        "source_url is given but sourced is false",
        "source_url: https://example.org/x",
    ),
    (
        "sourced not true or false",
        edit("    sourced: false\n", '    sourced: "yes"\n'),
        "estimates[0].sourced",
        "must be true or false",
        'sourced: "yes"',
    ),
]


@pytest.mark.parametrize("name, text, field, expected, marker", CASES, ids=[c[0] for c in CASES])
def test_bad_edit_names_line_field_and_fix(name, text, field, expected, marker):
    message = error_for(text)
    assert message.startswith("data/prices.yml:"), message
    assert expected in message, message
    assert "(see EDITORS.md#" in message, message
    if field is not None:
        assert f": {field}: " in message, message
    if marker is not None:
        assert message.startswith(f"data/prices.yml:{line_of(text, marker)}: "), message


def test_not_yaml_points_near_the_problem():
    text = edit("    min: 4000\n", "    min: [4000\n")
    line = int(error_for(text).split(":")[1])
    assert abs(line - line_of(text, "min: [4000")) <= 2


def test_more_problems_are_counted_on_the_same_line():
    text = edited(edit("    min: 4000\n", "    min: -1\n"), "    max: 60000\n", "    max: -2\n")
    assert "(and 1 more problem after this one)" in error_for(text)


def test_quoted_words_and_dates_are_fine():
    text = edited(
        edit("    name: United Kingdom\n", '    name: "NO"\n'), "    as_of: 2025-01-01\n", '    as_of: "2025-01-01"\n'
    )
    data = parse_prices(text, today=TODAY)
    assert data.countries[1].name == "NO"
    assert data.estimates[0].as_of == dt.date(2025, 1, 1)


def test_missing_file(tmp_path):
    with pytest.raises(DataFileError, match=r"file not found"):
        load_prices(tmp_path / "prices.yml")


def test_empty_file():
    with pytest.raises(DataFileError, match=r"data/prices.yml:1: the file is empty"):
        parse_prices("# only a comment\n", today=TODAY)
