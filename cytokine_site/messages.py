"""Every message an editor can see, in one catalogue, with the section of the guide that explains it.

A check never writes its own sentence: it names a message and gives the values to fill in,
``message("min_above_max", min=5, max=4)``, and gets back the text with ``(see EDITORS.md#money)``
appended. A value of the wrong type or out of its bounds is worded by the kind of its field and the
rule it breaks (:data:`FIELD_MESSAGES`), so ``doses_per_cycle: 0`` is told about doses, not money.
The guide test reads this catalogue: every anchor must be a heading in ``EDITORS.md``
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
_CURRENCY_CODE = Message(
    "must be a three-letter ISO 4217 currency code in capital letters, such as 'EUR', 'GBP', 'TRY' or 'USD', not a "
    "sign or a name",
    "currencies",
)
_ID = Message(
    "must be a short name in lower-case letters, digits and hyphens, such as 'what-to-bring', and at most "
    "{max_length} characters",
    "ids",
)


MESSAGES: dict[str, Message] = {
    # --- The data file as a whole (loader) -------------------------------------------------------------------
    "file_not_found": Message("file not found; the site needs this data file", "the-data-file"),
    "not_a_file": Message(
        "is not a plain file (a folder, a device or a link to one); put the data file itself here", "the-data-file"
    ),
    "unreadable": Message("cannot be read ({reason})", "the-data-file"),
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
    "yaml_number": Message(
        "'{value}' would be read as another number; write the number with digits only (no '_', no '0x' or '0b'), or "
        "put it in quotes if it is text",
        "yaml-traps",
    ),
    "number_too_long": Message(
        "the number '{value}' is longer than {max} characters; a figure this long is almost certainly a mistake",
        "yaml-traps",
    ),
    # --- Structure, in pydantic's words (loader; keys are pydantic error types) ------------------------------
    "unknown_field": Message(
        "unknown field '{field}'; {hint}check the spelling (allowed here: {allowed})", "unknown-fields"
    ),
    "missing": Message("required field '{field}' is missing; add it", "required-fields"),
    "no_value": Message("has no value; write one after the colon", "required-fields"),
    "empty_list": Message("must not be empty; add at least one item", "checklists"),
    "too_short": Message("must not be empty; add at least one item", "checklists"),
    "list_type": Message("must be a list of items, each line starting with '- '", "yaml-syntax"),
    "model_type": Message(_GROUP, "yaml-syntax"),
    "model_attributes_type": Message(_GROUP, "yaml-syntax"),
    "dict_type": Message(_GROUP, "yaml-syntax"),
    # --- Values (model) ---------------------------------------------------------------------------------------
    "empty_text": Message("must not be empty; write some text", "text"),
    "forbidden_text": Message("{problem}", "text"),
    "date_too_early": Message("is before {year} ({date}); check the year", "dates"),
    "future_date": Message("is in the future ({date}); use the date the figure was checked, not a later one", "dates"),
    # --- Web addresses (model) --------------------------------------------------------------------------------
    "url_form": Message(
        "must be a web address starting https://, copied from the browser's address bar: no spaces, quotes, "
        "'<', '>' or '\\'",
        "web-addresses",
    ),
    "url_credentials": Message(
        "has a name or password before an '@' in front of the host, which hides where the link really goes; "
        "give the plain address of the page",
        "web-addresses",
    ),
    "url_host": Message(
        "the host '{host}' is not a plain host name (letters a to z, digits, hyphens and dots, not an "
        "'xn--' name or an IP address); a look-alike host can pass for another: give the publisher's own address",
        "web-addresses",
    ),
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
    "unknown_currency": _CURRENCY_CODE,
    "currency_without_rate": Message(
        "{code} has no exchange rate; add a line for {code} under exchange_rates.rates, or use {supported}",
        "currencies",
    ),
    "base_rate_not_one": Message("the rate for the base currency {base} must be 1", "exchange-rates"),
    "duplicate_id": Message("the id '{id}' is used twice in {where}; every id must be different", "ids"),
    "unknown_country": Message("'{country}' is not in countries; use one of {known}", "countries"),
    "anchor_clash": Message(
        "the id '{id}' makes the page address '#{anchor}', which {owner} already uses; choose another id", "ids"
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
    "dial_number": Message(
        "must be the number to dial, written with digits only, like 112: no spaces, '+' or letters",
        "urgent-help",
    ),
    # --- The alert card (model) -------------------------------------------------------------------------------
    "unknown_alert_reference": Message(
        "'{id}' is not in alert_card.references; use one of {known} or add the reference", "alert-card"
    ),
    "unused_alert_reference": Message("the reference '{id}' is not used by any warning; remove it", "alert-card"),
    "alert_text_too_long": Message(
        "is {length} characters long; the card is small: keep each warning to {max} characters", "alert-card"
    ),
    "alert_too_many": Message("the card has room for at most {max} {what}; remove one", "alert-card"),
    # --- Public prices and the course structure (model) -------------------------------------------------------
    "unknown_price_type": Message("'{value}' is not a known price type; use one of {known}", "public-prices"),
    "unknown_component": Message("'{value}' is not a known part of a course; use one of {known}", "public-prices"),
    "retrieved_before_as_of": Message(
        "retrieved ({retrieved}) is before as_of ({as_of}); a price cannot be looked up before its own date: "
        "correct one of them",
        "public-prices",
    ),
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
    # --- Product labels (model) -------------------------------------------------------------------------------
    "bad_setid": Message(
        "must be a DailyMed set id: 36 characters of digits, a to f and hyphens, as after setid= in the DailyMed "
        "address",
        "labels",
    ),
    "bad_year_month": Message("must be a month written YYYY-MM, like 2024-02, not in the future", "labels"),
    "label_address": Message(
        "give exactly one of dailymed_setid (US labels), emc_product (UK SmPCs) or url (any other label)", "labels"
    ),
    "label_revised": Message(
        "version {version} was published on {published}, after the {cited} and the last check on {checked}; read "
        "it, update the pages it changes, then revised and checked in data/prices.yml",
        "labels",
    ),
    "checked_before_revised": Message(
        "checked is before the month the label was revised; use the date you last compared it with the newest version",
        "labels",
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
    # --- mkdocs.yml as a whole, files and folders, page code (settings, project, pages) ---------------------------
    "config_not_a_group": _config("must be 'key: value' lines"),
    "config_inherit": _config(
        "'{value}' cannot be inherited: the parent must be a file in the project folder, at most 5 deep and never "
        "the file itself"
    ),
    "config_bad_character": _config("contains an invisible or control character ({character}); delete it"),
    "config_attribute": _config(
        "contains '{character}', which would become markup or end an HTML attribute where Material prints the "
        "value unescaped; remove it"
    ),
    "config_not_a_list": _config("must be a list, each line starting with '- '"),
    "config_link_not_text": _config("must be a link written as text"),
    "config_link": _config(
        "'{value}' is not a link the site can use; write a relative link (a page or file of this site) or an "
        "https:// address"
    ),
    "config_site_file": _config(
        "'{value}' must be a file of this site (a relative path like assets/logo.png): the browser loads it on "
        "every visit, and the site makes no request to another host"
    ),
    "config_repo_url": _config(
        "remove it: Material's script would ask the code host (such as api.github.com) for the repository's "
        "stars on every visit, and the site makes no request to another host"
    ),
    "config_analytics": _config(
        "remove it: analytics would send every visit to another company, and the site makes no request to another host"
    ),
    "config_font": _config(
        "must be false: otherwise Material loads its fonts from Google on every visit, and the site makes no "
        "request to another host"
    ),
    "config_folder": _config("'{value}' must be a folder inside the project folder, such as docs"),
    "file_unreadable": _config("cannot be read ({problem})", "hostile-and-careless-input"),
    "link_outside": _config(
        "is a link to '{target}', outside the project folder (or into .git); nothing from outside may reach "
        "the site: copy the file in instead of linking to it",
        "hostile-and-careless-input",
    ),
    "link_loop": _config(
        "is a link to a folder that contains it (a loop); remove the link", "hostile-and-careless-input"
    ),
    "link_dangling": _config(
        "is a link to '{target}', which does not exist; remove the link or correct it", "hostile-and-careless-input"
    ),
    "page_folder": _page("is a folder named like a page; rename the folder (a page is a file)"),
    "page_not_a_file": _page("is not an ordinary file; replace it with a Markdown file"),
    "page_too_large": _page("is larger than {kb} KB; a page this size is almost certainly a mistake"),
    "page_not_utf8": _page("is not UTF-8 text ({reason}); save the page as UTF-8"),
    "macro_unknown": Message("'{name}' is not a macro; use one of {known}"),
    "macro_not_called": Message(
        "'{name}' is used other than by calling a macro by its name; write the call as the macro's name and its "
        'arguments in brackets, like checklist("what-to-bring")'
    ),
    "macro_argument_not_plain": Message(
        "{macro}(): give every argument as a plain value (text in quotes, a number, true or false), not page code"
    ),
    "macro_failed": Message("{macro}(): {problem}"),
}


# --- A value of the wrong type, or outside its bounds: by the kind of the field and the rule it breaks ---------
# The kind is the field's ``model.Kind``; the rule comes from pydantic's error (``loader.RULES``). {min}, {max}
# and {decimals} are the field's own bounds, read from the model; {expected} lists the allowed values.
_WHOLE = "written with digits only, like {example}: no decimals, commas, spaces or quotes"


def _whole(what: str, example: str, anchor: str, advice: str = "") -> dict[str, Message]:
    """The messages of a whole number of something, within the bounds of its field."""
    bounds = Message(f"must be {what} from {{min:,}} to {{max:,}}{advice}", anchor)
    return {
        "type": Message(f"must be {what} {_WHOLE.format(example=example)}", anchor),
        "too_small": bounds,
        "too_large": bounds,
    }


_RATE_BOUNDS = Message(
    "must be between {min} and {max:,}, with at most {decimals} decimal places; copy the rate exactly as the ECB "
    "prints it",
    "exchange-rates",
)
FIELD_MESSAGES: dict[str, dict[str, Message]] = {
    "text": {
        "type": Message("must be text; put it in quotes if it looks like a number, a date or true/false", "text"),
        "too_small": Message("must not be empty; write some text", "text"),
    },
    "id": {"type": _ID, "form": _ID, "too_large": _ID},
    "money": {
        "type": Message(
            "must be a whole number written with digits only, like 4000: no decimals, commas, spaces, quotes or "
            "currency signs",
            "money",
        ),
        "too_small": Message(
            "must be at least {min}: a price of 0 or less cannot be right; if there is no figure, remove the entry",
            "money",
        ),
        "too_large": Message("must be at most {max:,}; a larger figure is almost certainly a typing mistake", "money"),
    },
    "unit_price": {
        "type": Message(
            "must be a price written with digits and at most one decimal point, like 1881 or 1234.56: no commas, "
            "spaces or currency signs",
            "public-prices",
        ),
        "too_small": Message(
            "must be more than {min}; if the source gives no price, remove the entry", "public-prices"
        ),
        "too_large": Message(
            "must be at most {max:,}; a larger figure is almost certainly a typing mistake", "public-prices"
        ),
        "precision": Message(
            "has more than {decimals} decimal places; copy the price as the source prints it, like 1234.56",
            "public-prices",
        ),
    },
    "rate": {
        "type": Message(
            "must be a number like 0.8669: digits and one decimal point, no quotes, letters or exponents",
            "exchange-rates",
        ),
        "too_small": _RATE_BOUNDS,
        "too_large": _RATE_BOUNDS,
        "precision": _RATE_BOUNDS,
    },
    "months": _whole("a whole number of months", "6", "when-prices-and-pages-get-old"),
    "doses": _whole("a whole number of doses", "14", "course-structure", "; copy it from the product label"),
    "cycles": _whole("a whole number of cycles", "2", "course-structure", "; copy it from the product label"),
    "nights": _whole("a whole number of nights", "5", "course-structure", "; copy it from the product label"),
    "hours": _whole("a whole number of hours", "8", "course-structure", "; copy it from the product label"),
    "days": _whole("a whole number of days", "9", "course-structure", "; copy it from the product label"),
    "units": _whole("a whole number of units (IU)", "600000", "course-structure", "; copy it from the product label"),
    "dial_number": {"type": MESSAGES["dial_number"]},
    "setid": dict.fromkeys(("type", "form"), MESSAGES["bad_setid"]),
    "emc_product": _whole("an emc product number", "291", "labels", ", as in medicines.org.uk/emc/product/NUMBER"),
    "year_month": {"type": MESSAGES["bad_year_month"]},
    "weight": _whole("a body weight in whole kilograms", "80", "course-structure", ", a sensible adult body weight"),
    "version": dict.fromkeys(
        ("type", "choice", "too_large"),
        Message("must be {expected}: the version of this file's layout; do not change it", "the-data-file"),
    ),
    "date": {"type": Message("must be a real date written YYYY-MM-DD, like 2025-03-31", "dates")},
    "currency": {"type": _CURRENCY_CODE},
    "url": {"type": Message("must be a web address starting https://, in quotes if needed", "web-addresses")},
    "yes_no": {"type": Message("must be true or false, without quotes", "the-data-file")},
    "status": dict.fromkeys(("type", "choice"), Message("must be one of {expected}", "package-items")),
    "price_type": {"type": Message("must be a price type, such as uk-nhs-list", "public-prices")},
    "component": {"type": Message("must be a part of a course, such as medicine-vial", "public-prices")},
}

# The catalogue holds them too, as "kind.rule", so the guide's checks see every message.
MESSAGES.update({f"{kind}.{rule}": entry for kind, rules in FIELD_MESSAGES.items() for rule, entry in rules.items()})


def message(key: str, /, *, see: str | None = None, **values: Any) -> str:
    """The catalogue message ``key`` filled in with ``values``, ending in ``(see GUIDE#anchor)``."""
    return MESSAGES[key].format(see=see, **values)
