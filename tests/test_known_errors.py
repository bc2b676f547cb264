"""The errors of the original marketing copy stay corrected (see shared reference: clinical facts, known errors)."""

from __future__ import annotations

import re

import pytest

from helpers import html_pages
from pagetext import main_text, soup


@pytest.fixture(scope="module")
def text(site):
    """Main text of each built page, keyed by its path (footnotes included: they are part of the page)."""
    return {str(p.relative_to(site)).removesuffix("index.html") or "/": main_text(soup(p)) for p in html_pages(site)}


def everywhere(text) -> str:
    return " ".join(text.values())


def test_discontinued_interferons_are_not_presented_as_available(text):
    page = text["therapies/interferons/"]
    row = re.search(r"Sylatron.{0,200}(Stopped|discontinued|Do not plan treatment around it)", page)
    assert row, "Sylatron must not be shown as available"
    assert re.search(r"Intron ?A.{0,120}[Ww]ithdrawn in the EU", page)
    assert not re.search(r"(Sylatron|PegIntron)[^.]{0,60}\bis (available|offered)\b", everywhere(text))


def test_current_boxed_warning_is_quoted_not_the_old_one(text):
    page = text["therapies/interleukin-2/"].lower()
    for words in ("capillary leak syndrome", "neurologic", "serious infections"):
        assert words in page
    assert "thallium" not in everywhere(text).lower()


def test_interferon_after_melanoma_surgery_is_no_longer_standard(text):
    assert re.search(r"no longer (a )?standard", text["therapies/interferons/"])


def test_newer_approvals_are_present_and_failed_agents_are_not_coming_soon(text):
    page = text["therapies/newer-cytokines/"]
    for name in ("Anktiva", "Lymphir", "bempegaldesleukin", "nemvaleukin"):
        assert name.lower() in page.lower(), name
    assert "Amtagvi" in text["therapies/interleukin-2/"]
    assert "Besremi" in text["therapies/interferons/"]
    assert not re.search(r"(?<!not )coming soon", everywhere(text), re.IGNORECASE)
    # Besremi's US label added essential thrombocythaemia in August 2026: state it from that label, never as
    # a decision still awaited.
    assert "decision was due" not in everywhere(text)
    interferons = text["therapies/interferons/"]
    assert re.search(r"August 2026, the US label for Besremi was changed to add ET", interferons)
    assert "label revised August 2026" in interferons


def test_denileukin_diftitox_was_first_approved_in_the_us_in_1999(text):
    page = text["therapies/newer-cytokines/"]
    assert "first approved it in 1999" in page and "first in Japan" not in everywhere(text)
    assert re.search(r"stage I to III cutaneous T-cell lymphoma \(CTCL\), after at least one earlier treatment", page)


def test_health_tourism_rules_are_the_2025_ones(text):
    site_text = everywhere(text)
    assert "32882" in site_text, "the 2025 regulation (Official Gazette 32882) must be cited"
    if "30123" in site_text:
        assert re.search(r"30123.{0,200}(repealed|replaced)|(repealed|replaced).{0,200}30123", site_text)
    assert "TÜSKA" in site_text and "USHAŞ" in site_text


def test_no_count_of_jci_hospitals_is_stated(text):
    assert not re.search(r"\b\d+\s+(JCI|hospitals?[^.]{0,30}JCI)", everywhere(text))


def test_cost_ranges_carry_their_basis_and_caveats(text):
    page = text["costs/"]
    assert re.search(r"Why these ranges may be wrong", page)
    assert "No published source has been found" in page  # UK and US ranges are unsourced
