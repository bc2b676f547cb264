"""Every message an editor can see, in one catalogue, with the section of the guide that explains it.

A check never writes its own sentence: it names a message and gives the values to fill in,
``message("money_too_small", min=1)``, and gets back the text with ``(see EDITORS.md#money)``
appended. The guide test reads this catalogue: every anchor must be a heading in ``EDITORS.md``
(or the README for page and configuration messages), and every message the guide shows must be
one the checks really print.

This module imports nothing but the standard library, so the data model stays light to import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

GUIDE = "EDITORS.md"
README = "README.md"


@dataclass(frozen=True)
class Message:
    """A message template (``str.format`` fields) and where the guide explains it."""

    text: str
    anchor: str | None = None  # a heading in ``guide``; None for a message that needs no explanation
    guide: str = GUIDE

    def format(self, *, see: str | None = None, **values: Any) -> str:
        """The filled-in text, plus ``(see GUIDE#anchor)``; ``see`` replaces the guide's file name."""
        text = self.text.format(**values)
        return f"{text} (see {see or self.guide}#{self.anchor})" if self.anchor else text


def _page(text: str) -> Message:
    return Message(text, "search-and-sharing", README)


def _config(text: str, anchor: str | None = "configuration") -> Message:
    return Message(text, anchor, README)


_GROUP = "must be a group of 'name: value' lines indented under it"

MESSAGES: dict[str, Message] = {
    # --- The data file as a whole (loader) -------------------------------------------------------------------
    "file_not_found": Message("file not found; the site needs this data file", "the-data-file"),
    "not_utf8": Message("not UTF-8 text ({reason}); save the file as UTF-8", "yaml-syntax"),
    "empty_file": Message("the file is empty", "the-data-file"),
    "file_too_large": Message(
        "the file is larger than {kb} KB; a data file this size is almost certainly a mistake", "the-data-file"
    ),
    "too_many_values": Message(
        "the file has more than {max} values; that is far more than the site needs", "the-data-file"
    ),
    "too_deep": Message("nested more than {max} levels deep; check the indentation and brackets", "yaml-syntax"),
    "bad_character": Message(
        "this line contains an invisible or control character ({character}); delete it (retype the line if you "
        "cannot see it)",
        "text",
    ),
    # --- YAML syntax and YAML traps (loader) -----------------------------------------------------------------
    "not_yaml": Message("not valid YAML ({problem})", "yaml-syntax"),
    "yaml_syntax": Message("not valid YAML ({problem}); {hint}", "yaml-syntax"),
    "unclosed_quote": Message(
        "not valid YAML (a quote mark on this line is opened but never closed); add the closing quote at the end "
        "of the text, or remove the opening one",
        "yaml-syntax",
    ),
    "yaml_anchor": Message("uses a YAML anchor or alias ('&' or '*'); write the value out in full", "yaml-syntax"),
    "yaml_tag": Message("uses a YAML tag ('{tag}'); remove it and write a plain value", "yaml-syntax"),
    "merge_key": Message("merge keys ('<<') are not used in this file; write the values out in full", "yaml-syntax"),
    "key_not_plain": Message(
        "the key '{key}' is not a plain name; keys are names in letters, like min or as_of", "yaml-syntax"
    ),
    "duplicate_key": Message(
        "the key '{key}' appears twice here (first on line {first}); keep one and delete the other", "duplicate-keys"
    ),
    "yaml_bool": Message(
        "'{value}' would be read as true/false, not as text; put it in quotes, like \"{value}\"", "yaml-traps"
    ),
    "yaml_octal": Message(
        "'{value}' starts with 0 and would be misread; remove the leading zero (or put it in quotes if it is text)",
        "yaml-traps",
    ),
    "yaml_base60": Message("'{value}' would be read as a number in base 60; put it in quotes", "yaml-traps"),
    # --- Fields, in pydantic's words (loader; keys are pydantic error types) ---------------------------------
    "unknown_field": Message(
        "unknown field '{field}'; {hint}check the spelling (allowed here: {allowed})", "unknown-fields"
    ),
    "missing": Message("required field '{field}' is missing; add it", "required-fields"),
    "no_value": Message("has no value; write one after the colon", "required-fields"),
    "empty_list": Message("must not be empty; add at least one item", "checklists"),
    "int_type": Message(
        "must be a whole number written with digits only, like 4000: no decimals, commas, spaces, quotes or "
        "currency signs",
        "money",
    ),
    "int_from_float": Message("must be a whole number written with digits only, like 4000: no decimals", "money"),
    "greater_than_equal": Message("must be {ge} or more; money cannot be negative", "money"),
    "greater_than": Message("must be more than {gt}", "exchange-rates"),
    "less_than_equal": Message("must be {le} or less", "the-data-file"),
    "string_type": Message("must be text; put it in quotes if it looks like a number or a date", "text"),
    "date_from_datetime_parsing": Message("must be a real date written YYYY-MM-DD, like 2025-03-31", "dates"),
    "date_parsing": Message("must be a real date written YYYY-MM-DD, like 2025-03-31", "dates"),
    "date_from_datetime_inexact": Message("must be a date without a time, written YYYY-MM-DD", "dates"),
    "enum": Message("must be one of {expected}", "currencies"),
    "literal_error": Message("must be one of {expected}", "the-data-file"),
    "too_short": Message("must not be empty; add at least one item", "checklists"),
    "list_type": Message("must be a list of items, each line starting with '- '", "yaml-syntax"),
    "model_type": Message(_GROUP, "yaml-syntax"),
    "model_attributes_type": Message(_GROUP, "yaml-syntax"),
    "dict_type": Message(_GROUP, "yaml-syntax"),
    "string_pattern_mismatch": Message("is not in the expected form ({pattern})", "text"),
    "decimal_type": Message("must be a number like 0.79", "exchange-rates"),
    "decimal_parsing": Message("must be a number like 0.79", "exchange-rates"),
    "finite_number": Message("must be an ordinary number", "exchange-rates"),
    # --- Values (model) ---------------------------------------------------------------------------------------
    "empty_text": Message("must not be empty; write some text", "text"),
    "forbidden_text": Message("{problem}", "text"),
    "bad_id": Message(
        "must be a short name in lower-case letters, digits and hyphens, such as 'what-to-bring' and at most "
        "{max} characters",
        "ids",
    ),
    "money_too_small": Message(
        "must be at least {min}: a price of 0 or less cannot be right; if there is no figure, remove the entry", "money"
    ),
    "money_too_large": Message(
        "must be at most {max:,}; a larger figure is almost certainly a typing mistake", "money"
    ),
    "rate_type": Message(
        "must be a number like 0.8669: digits and one decimal point, no quotes, letters or exponents", "exchange-rates"
    ),
    "rate_out_of_range": Message(
        "must be between {min} and {max:,}; copy the rate exactly as the ECB prints it", "exchange-rates"
    ),
    "rate_too_precise": Message(
        "has more than {decimals} decimal places; copy the rate exactly as the ECB prints it", "exchange-rates"
    ),
    "months_out_of_range": Message("must be a whole number of months from 1 to 36", "when-prices-and-pages-get-old"),
    "date_too_early": Message("is before {year} ({date}); check the year", "dates"),
    "future_date": Message("is in the future ({date}); use the date the figure was checked, not a later one", "dates"),
    # --- Price estimates, rates, ids and countries (model) ----------------------------------------------------
    "min_above_max": Message("min ({min}) is larger than max ({max}); swap them or correct one", "money"),
    "source_missing": Message(
        "sourced is true but there is no source_url; add the address of the published source, or write sourced: false",
        "price-estimates",
    ),
    "source_not_marked": Message(
        "source_url is given but sourced is false; write sourced: true if this is a named, published source, or "
        "remove source_url",
        "price-estimates",
    ),
    "base_rate_missing": Message(
        "there is no rate for the base currency {base}; add the line '{base}: 1' under rates", "exchange-rates"
    ),
    "currency_lower_case": Message("write the currency code in capital letters: {code}", "currencies"),
    "unknown_currency": Message(
        "must be a three-letter ISO 4217 currency code in capital letters, such as 'EUR', 'GBP', 'TRY' or "
        "'USD', not a sign or a name",
        "currencies",
    ),
    "currency_without_rate": Message(
        "{code} has no exchange rate; add a line for {code} under exchange_rates.rates, or use {supported}",
        "currencies",
    ),
    "base_rate_not_one": Message("the rate for the base currency {base} must be 1", "exchange-rates"),
    "duplicate_id": Message("the id '{id}' is used twice in {where}; every id must be different", "ids"),
    "unknown_country": Message("'{country}' is not in countries; use one of {known}", "countries"),
    "comparable_with_itself": Message("an estimate cannot be comparable with itself; remove '{id}'", "price-estimates"),
    "unknown_estimate": Message("'{id}' is not an estimate id; use one of {known}", "price-estimates"),
    "anchor_clash": Message(
        "the item id '{id}' makes the page address '#{anchor}', which {owner} already uses; choose another id", "ids"
    ),
    # --- Urgent help (model) ----------------------------------------------------------------------------------
    "no_year": Message(
        "the date '{date}' has no year; write the publication date, or for a label 'label revised February 2024'",
        "urgent-help",
    ),
    "unknown_urgent_reference": Message(
        "'{id}' is not in urgent_help.references; use one of {known} or add the reference", "urgent-help"
    ),
    "unused_reference": Message("the reference '{id}' is not used by any item; remove it", "urgent-help"),
    # --- Public prices and the course structure (model) -------------------------------------------------------
    "unknown_price_type": Message("'{value}' is not a known price type; use one of {known}", "public-prices"),
    "unknown_component": Message("'{value}' is not a known part of a course; use one of {known}", "public-prices"),
    "weight_out_of_range": Message(
        "{value} kg is not a sensible adult body weight; use a weight from {min} to {max} kg", "course-structure"
    ),
    "retrieved_before_as_of": Message(
        "retrieved ({retrieved}) is before as_of ({as_of}); a price cannot be looked up before its own date: "
        "correct one of them",
        "public-prices",
    ),
    "zero_size": Message("{name} must be more than 0; copy it from the product label", "course-structure"),
    "median_above_maximum": Message(
        "median_doses ({median}) is more than the most a course can have ({doses} x {cycles} = {maximum}); check "
        "the label",
        "course-structure",
    ),
    "duplicate_weight": Message("a weight is listed twice; list each weight once", "course-structure"),
    "typical_weight_not_listed": Message("typical_weight_kg ({weight}) must also be in weights_kg", "course-structure"),
    "unknown_course_reference": Message(
        "'{name}' is not a number of the course; give references for {needed}", "course-structure"
    ),
    "missing_course_reference": Message(
        "no reference for {missing}; add the footnote key of the label that gives each number", "course-structure"
    ),
    "two_vials_for_one_country": Message(
        "{country} has a vial size already; keep one vial size per country, from that country's label",
        "course-structure",
    ),
    "vial_missing": Message(
        "no vial size for {country}, which has the estimate '{estimate}'; add a line for {country} under "
        "course_structure.vials with the vial size printed on that country's product label, and its source",
        "course-structure",
    ),
    "two_prices_for_one_part": Message(
        "{country} already has a public price for {component} ('{id}'); keep one per country and part of the course",
        "public-prices",
    ),
    # --- Savings shown on a page (renderer) -------------------------------------------------------------------
    "savings_refused": Message(
        "savings('{cheaper}', '{dearer}') refused: {reasons}. A saving is shown only when both estimates have a "
        "published source (sourced: true with source_url) and one lists the other in comparable_with; fix the "
        "data, or remove the savings() call and say in words why no comparison is possible",
        "price-estimates",
    ),
    # --- A page's front matter and page code (pages) ----------------------------------------------------------
    "front_matter_missing": _page(
        "front matter is missing; start the page with '---', the keys title, description, last_reviewed, "
        "next_review and reviewed_by, then '---'"
    ),
    "front_matter_not_lines": _page("front matter must be 'key: value' lines"),
    "front_matter_unknown_key": _page("unknown key; check the spelling (allowed: {allowed})"),
    "front_matter_missing_key": _page("is missing; add it"),
    "front_matter_date": _page("must be a real date written YYYY-MM-DD, like 2026-11-30"),
    "front_matter_invalid": _page("{problem}"),
    "next_review_too_early": _page("must be after last_reviewed"),
    "title_length": Message("must be {min} to {max} characters long (it is {length})"),
    "page_code": Message("page code ('{{{{ }}}}'): {problem}"),
    "unknown_data_id": Message(
        "{macro}(): '{value}' is not in {kind} in data/prices.yml (known: {known}); use one of these ids, or add "
        "it to the data file"
    ),
    # --- mkdocs.yml and the environment (settings, organization) ----------------------------------------------
    "config_not_yaml": _config("not valid YAML ({problem})", None),
    "build_date_not_a_date": _config(
        "{variable}: '{value}' is not a date; set it to a real date written YYYY-MM-DD, like 2026-11-30, or unset it"
    ),
    "build_date_out_of_range": _config("{variable}: {value} is outside 2000 to 2100; check the year"),
    "site_url_empty": _config("{where}: empty; set it to the public address, like https://example.github.io/guide/"),
    "site_url_not_an_address": _config(
        "{where}: '{value}' is not a web address; set it to the public address, like https://example.github.io/guide/"
    ),
    "site_url_not_plain": _config(
        "{where}: '{value}' is not a plain web address (http or https, a host name and a path of letters, digits, "
        "'-', '_', '.', '/' only); set it to the public address, like https://example.github.io/guide/"
    ),
    "nav_title": _config("the title {problem}", None),
    "organization_not_a_group": _config("must be a group of 'name: value' lines", None),
    "organization_unknown_key": _config("unknown key(s) {unknown}; allowed: {allowed}", None),
    "organization_not_text": _config("must be text in quotes, or null", None),
    "organization_invalid": _config("'{value}' is not valid; write {expected}", None),
}


def message(key: str, /, *, see: str | None = None, **values: Any) -> str:
    """The catalogue message ``key`` filled in with ``values``, ending in ``(see GUIDE#anchor)``."""
    return MESSAGES[key].format(see=see, **values)
