"""The labels registry: each product label the pages cite, checked like the rest of the data file and printed
by one macro, so a new revision changes every page that cites it."""

from __future__ import annotations

import pytest

from cytokine_site import render
from cytokine_site.loader import DataFileError, parse_prices
from cytokine_site.macros import bind
from cytokine_site.project import ProjectError, check_checkout
from helpers import BUILD_DATE, ROOT, TODAY, built_page, edited, scenario

GOOD = (ROOT / "data/prices.yml").read_text(encoding="utf-8")
PROLEUKIN = """  - id: proleukin-us
    medicine: Proleukin (aldesleukin)
    country: usa
    issuer: Iovance Biotherapeutics
    title: 'Proleukin (aldesleukin) for injection: prescribing information'
    dailymed_setid: f3c516ad-d405-4fbe-af6a-962080dbfa7d
    revised: 2024-02
    checked: 2026-11-27
"""


def problem(old: str, new: str) -> str:
    with pytest.raises(DataFileError) as err:
        parse_prices(edited(GOOD, old, new), today=TODAY)
    return str(err.value)


def test_the_shipped_registry_is_valid_and_every_us_label_but_one_is_on_dailymed():
    data = parse_prices(GOOD, today=TODAY)
    us = [label for label in data.labels if label.country == "usa"]
    assert us and all(label.dailymed_setid for label in us if label.id != "anktiva-us")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    revised: 2024-02\n", "    revised: 2024-13\n", "labels[0].revised: must be a month written YYYY-MM"),
        ("    revised: 2024-02\n", "    revised: February 2024\n", "must be a month written YYYY-MM"),
        ("    revised: 2024-02\n", "    revised: 2027-01\n", "is in the future"),
        ("setid: f3c516ad-d405", "setid: F3C516AD-d405", "labels[0].dailymed_setid: must be a DailyMed set id"),
        ("setid: f3c516ad-d405-4fbe-af6a-962080dbfa7d", "setid: ../../etc", "must be a DailyMed set id"),
        (
            "    dailymed_setid: f3c516ad-d405-4fbe-af6a-962080dbfa7d\n",
            "    dailymed_setid: f3c516ad-d405-4fbe-af6a-962080dbfa7d\n    emc_product: 291\n",
            "give exactly one of dailymed_setid (US labels), emc_product (UK SmPCs) or url",
        ),
        ("    dailymed_setid: f3c516ad-d405-4fbe-af6a-962080dbfa7d\n", "", "give exactly one of dailymed_setid"),
        ("    checked: 2026-11-27\n", "    checked: 2024-01-31\n", "checked is before the month the label was revised"),
        ("    country: usa\n    issuer: Iovance", "    country: us\n    issuer: Iovance", "'us' is not in countries"),
        (
            "title: 'Proleukin (aldesleukin) for injection",
            "title: '[Proleukin](javascript:x) for injection",
            "plain text",
        ),
        (PROLEUKIN, PROLEUKIN + PROLEUKIN, "labels[1].id: the id 'proleukin-us' is used twice in labels"),
    ],
)
def test_a_bad_label_is_one_line_naming_the_field(old, new, expected):
    message = problem(PROLEUKIN, edited(PROLEUKIN, old, new))
    assert message.startswith("data/prices.yml:") and "\n" not in message
    assert expected in message, message


def test_the_citation_is_built_from_the_registry():
    label = parse_prices(GOOD, today=TODAY).label("proleukin-uk")
    assert render.label_citation(label).markdown() == (
        'Clinigen Healthcare (via emc), "Proleukin 18 x 10⁶ IU powder for solution for injection or infusion: '
        'summary of product characteristics", label revised April 2020, checked 27 November 2026. '
        "<https://www.medicines.org.uk/emc/product/291/smpc>"
    )


def test_label_text_reaches_the_page_only_as_text():
    data = parse_prices(
        edited(GOOD, "    issuer: Iovance Biotherapeutics\n", "    issuer: 'Iovance & Co, 1. #2 !x'\n"), today=TODAY
    )
    html = str(render.label_source(data, "proleukin-us"))
    assert "Iovance &#38; Co, 1. &#35;2 &#33;x (via DailyMed)" in html
    assert html.count("<a ") == 1 and 'href="https://dailymed.nlm.nih.gov/' in html


def test_a_page_citing_an_unknown_label_stops_the_check(tmp_path):
    project = scenario(
        tmp_path,
        {"docs/faq.md": ('{{ label_source("proleukin-us") }}', '{{ label_source("proleukin-usa") }}')},
    )
    with pytest.raises(ProjectError, match=r"docs/faq\.md:\d+: label_source\(\): no label with id 'proleukin-usa'"):
        check_checkout(project, bind, environ={"SITE_BUILD_DATE": BUILD_DATE})


def test_a_new_revision_changes_every_page_that_cites_the_label(site, pull_request_site):
    """The shipped site and the pull request, which revises the Besremi label: every citing page shows the new
    revision."""
    citing = [
        path.relative_to(ROOT / "docs").as_posix()
        for path in sorted((ROOT / "docs").rglob("*.md"))
        if 'label_source("besremi-us")' in path.read_text(encoding="utf-8")
    ]
    assert len(citing) >= 3
    for page in citing:
        assert "label revised August 2026" in built_page(site, page).read_text(encoding="utf-8")
    _, edited_site = pull_request_site
    for page in citing:
        text = built_page(edited_site, page).read_text(encoding="utf-8")
        assert "label revised October 2026" in text and "label revised August 2026" not in text, page
