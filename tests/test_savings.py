"""A saving is shown only when the data can carry it: both estimates sourced and declared comparable.

Scenario data files are small edits of the real ``data/prices.yml``: one where a saving is allowed
(both sourced, one lists the other in ``comparable_with``) and ones where it is refused (unsourced;
not declared comparable). Checked at the renderer and in one real ``mkdocs build`` of a copied project,
which must fail with one line naming the page and both estimates, and no traceback.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from cytokine_site import quote, render
from cytokine_site.loader import DataFileError, parse_prices
from helpers import ROOT, TODAY

GOOD = (ROOT / "data/prices.yml").read_text(encoding="utf-8")


def edit_estimate(text: str, estimate_id: str, sourced: bool, comparable_with: list[str] | None = None) -> str:
    """``text`` with one estimate's ``sourced`` line replaced (and source_url, comparable_with added)."""
    start = text.index(f"  - id: {estimate_id}\n")
    at = text.index("    sourced: false\n", start)
    lines = f"    sourced: {'true' if sourced else 'false'}\n"
    if sourced:
        lines += f"    source_url: https://example.org/published-prices/{estimate_id}\n"
    if comparable_with is not None:
        lines += f"    comparable_with: [{', '.join(comparable_with)}]\n"
    return text[:at] + lines + text[at + len("    sourced: false\n") :]


def scenario(turkey_sourced=True, uk_sourced=True, comparable=True) -> str:
    text = edit_estimate(GOOD, "course-turkey", turkey_sourced, ["course-uk"] if comparable else None)
    return edit_estimate(text, "course-uk", uk_sourced)


def test_shipped_estimates_are_unsourced_and_pages_show_no_saving():
    data = parse_prices(GOOD, today=TODAY)
    assert not any(e.sourced for e in data.estimates)
    calls = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "docs").rglob("*.md")
        if re.search(r"\{\{\s*savings\(", p.read_text(encoding="utf-8"))
    ]
    assert not calls, f"pages that still call savings() with unsourced estimates: {calls}"


def test_saving_allowed_when_both_sourced_and_comparable(tmp_path):
    data_file = tmp_path / "prices.yml"
    data_file.write_text(scenario(), encoding="utf-8")
    data = parse_prices(data_file.read_text(encoding="utf-8"), today=TODAY)
    out = BeautifulSoup(str(render.savings(data, "course-turkey", "course-uk")), "html.parser").get_text()
    assert re.search(r"about £[\d,]+ to £[\d,]+ less", out), out
    # Declaring comparability on either side is enough.
    other = edit_estimate(edit_estimate(GOOD, "course-turkey", True), "course-uk", True, ["course-turkey"])
    assert "less" in str(render.savings(parse_prices(other, today=TODAY), "course-turkey", "course-uk"))


@pytest.mark.parametrize(
    ("text", "reasons"),
    [
        (GOOD, ["'course-turkey' is unsourced", "'course-uk' is unsourced", "neither estimate lists the other"]),
        (scenario(uk_sourced=False), ["'course-uk' is unsourced"]),
        (scenario(comparable=False), ["neither estimate lists the other in comparable_with"]),
    ],
    ids=["shipped data", "one side unsourced", "not declared comparable"],
)
def test_saving_refused_names_both_estimates_and_why(text, reasons):
    data = parse_prices(text, today=TODAY)
    with pytest.raises(render.RenderRefused) as caught:
        render.savings(data, "course-turkey", "course-uk")
    message = str(caught.value)
    assert message.startswith("savings('course-turkey', 'course-uk') refused: ")
    for reason in reasons:
        assert reason in message
    assert "sourced: true with source_url" in message and "EDITORS.md#price-estimates" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            edit_estimate(GOOD, "course-uk", False, ["course-uk"]),
            r"estimates\[1\]\.comparable_with\[0\]: an estimate cannot be comparable with itself",
        ),
        (
            edit_estimate(GOOD, "course-uk", False, ["course-france"]),
            r"estimates\[1\]\.comparable_with\[0\]: 'course-france' is not an estimate id",
        ),
        (
            GOOD.replace("    sourced: false\n", "    sourced: true\n", 1),
            r"estimates\[0\]\.sourced: sourced is true but there is no source_url",
        ),
        (
            GOOD.replace("    sourced: false\n", "    sourced: false\n    source_url: https://example.org/x\n", 1),
            r"estimates\[0\]\.source_url: source_url is given but sourced is false",
        ),
        (GOOD.replace("    sourced: false\n", '    sourced: "yes"\n', 1), r"estimates\[0\]\.sourced: "),
    ],
    ids=["itself", "unknown id", "sourced without url", "url without sourced", "not true or false"],
)
def test_bad_sourcing_data_is_one_line(text, expected):
    with pytest.raises(DataFileError) as caught:
        parse_prices(text, today=TODAY)
    message = str(caught.value)
    assert re.match(r"^data/prices\.yml:\d+: ", message) and "\n" not in message, message
    assert re.search(expected, message), message


def test_quote_form_names_therapy_types_not_medicines():
    brands = re.compile(
        r"proleukin|intron|pegasys|besremi|sylatron|roferon|anktiva|lymphir|amtagvi|leukine|"
        r"beromun|actimmune|neupogen|neulasta|aldesleukin|ropeginterferon|peginterferon|lifileucel|"
        r"nogapendekin|denileukin|tasonermin",
        re.IGNORECASE,
    )
    named = [t for t in quote.THERAPIES if brands.search(str(t))]
    assert not named, f"the quote form names medicines, not therapy types: {named}"
