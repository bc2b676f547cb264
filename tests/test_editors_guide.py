"""EDITORS.md, the guide for non-programmers, agrees with what the checks really say.

- every section that a message in the catalogue (``cytokine_site.messages``) cites is a real heading in the guide,
  and every message the guide shows is in the catalogue with the same section;
- every mistake the guide shows produces exactly the message the guide prints, on the line
  of the mistake, with the fix in it;
- a checklist item added the way the guide describes works and shows up in the change report.
"""

from __future__ import annotations

import re

import pytest

from cytokine_site import pricediff, render
from cytokine_site.loader import DataFileError, parse_prices
from cytokine_site.messages import GUIDE, MESSAGES, Message
from helpers import ROOT, TODAY, edited

GUIDE_FILE = ROOT / GUIDE
TEXT = GUIDE_FILE.read_text(encoding="utf-8")
GOOD = (ROOT / "data/prices.yml").read_text(encoding="utf-8")

REQUIRED_ANCHORS = {
    "the-data-file",
    "yaml-syntax",
    "money",
    "dates",
    "text",
    "ids",
    "currencies",
    "countries",
    "exchange-rates",
    "checklists",
    "yaml-traps",
    "unknown-fields",
    "required-fields",
    "duplicate-keys",
}


def github_anchor(heading: str) -> str:
    """GitHub's rule: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def headings(markdown: str) -> list[str]:
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"#{1,6} ", line):
            out.append(line.lstrip("#").strip())
    return out


ANCHORS = [github_anchor(h) for h in headings(TEXT)]


def _pattern(entry: Message) -> re.Pattern[str]:
    """A catalogue message as a pattern: its fixed words literally, each value to fill in as any text."""
    parts = re.split(r"\{[^{}]*\}", entry.text.replace("{{", "\0").replace("}}", "\1"))
    body = ".+?".join(re.escape(part.replace("\0", "{").replace("\1", "}")) for part in parts)
    return re.compile(rf": {body} \(see {re.escape(entry.guide)}#{entry.anchor}\)$")


def test_the_guide_is_at_the_top_of_the_repository_and_not_published():
    assert GUIDE_FILE.exists()
    assert not list((ROOT / "docs").rglob("EDITORS.md"))


def test_every_section_a_message_cites_is_a_heading_in_its_guide():
    cited: dict[tuple[str, str], list[str]] = {}
    for key, entry in MESSAGES.items():
        if entry.anchor:
            cited.setdefault((entry.guide, entry.anchor), []).append(key)
    assert {a for g, a in cited if g == GUIDE} >= REQUIRED_ANCHORS
    headings_of = {g: {github_anchor(h) for h in headings((ROOT / g).read_text(encoding="utf-8"))} for g, _ in cited}
    missing = {f"{g}#{a}": keys for (g, a), keys in cited.items() if a not in headings_of[g]}
    assert not missing, f"no heading for the section these messages cite: {missing}"


def test_every_message_shown_in_the_guide_is_in_the_catalogue_with_the_same_section():
    shown = [line for line in TEXT.splitlines() if line.startswith("data/prices.yml:")]
    assert len(shown) >= 20, "the guide shows the messages an editor will meet"
    patterns = [_pattern(entry) for entry in MESSAGES.values() if entry.anchor]
    unknown = [text for text in shown if not any(p.search(text) for p in patterns)]
    assert not unknown, f"EDITORS.md shows messages the catalogue does not have (or with another section): {unknown}"


def test_no_module_writes_its_own_pointer_to_the_guide():
    """Messages come from the catalogue, so a new one cannot cite a section the guide lacks."""
    by_hand = re.compile(r"\(see (?:EDITORS\.md|\{GUIDE\}|\{guide\})#[a-z0-9-]+\)[\"']|\+ GUIDE \+")
    offenders = [
        f"{path.name}:{n}"
        for path in sorted((ROOT / "cytokine_site").glob("*.py"))
        if path.name != "messages.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if by_hand.search(line)
    ]
    assert not offenders, f"write these messages in cytokine_site/messages.py instead: {offenders}"


def test_links_inside_the_guide_resolve():
    links = set(re.findall(r"\]\(#([^)]+)\)", TEXT))
    assert links, "the guide links its own sections"
    assert not links - set(ANCHORS), f"broken links: {links - set(ANCHORS)}"
    assert len(ANCHORS) == len(set(ANCHORS)), "two headings with the same text get different anchors on GitHub"


# Bad edits made the way an editor would, and the message the guide prints for each -----------------------


def uk(field: str, new: str) -> str:
    """The data file with the line of ``field`` in the UK estimate replaced by ``new``, whatever its value today."""
    start = GOOD.index("  - id: course-uk\n")
    line = re.compile(rf"^    {field}: .*\n", re.MULTILINE).search(GOOD, start)
    assert line, f"the UK estimate has no {field} line"
    return GOOD[: line.start()] + new + GOOD[line.end() :]


PATHOLOGY = "        text: Pathology reports (the results of tissue tests).\n"


# (name, edited file, text on the line the message must point at, words of the fix)
def without(start: str, end: str) -> str:
    """The good file without the text from ``start`` up to (not including) ``end``."""
    at = GOOD.index(start)
    return GOOD[:at] + GOOD[GOOD.index(end, at) :]


BAD_EDITS = [
    (
        "public price without its source",
        without("    source_url: https://eldaddp", "    retrieved:"),
        "- id: uk-icu-night",
        "add it",
    ),
    (
        "vial size missing",
        without("    - country: turkey\n      vial_iu:", "  weights_kg:"),
        "vials:",
        "product label",
    ),
    ("comma in an amount", uk("max", "    max: 30,000\n"), "max: 30,000", "digits only"),
    ("currency sign in an amount", uk("max", "    max: £30000\n"), "max: £30000", "digits only"),
    ("min above max", uk("min", "    min: 40000\n"), "min: 40000", "swap them"),
    ("date in words", uk("as_of", "    as_of: 1 March 2026\n"), "as_of: 1 March 2026", "YYYY-MM-DD"),
    (
        "future date",
        uk("as_of", "    as_of: 2027-01-01\n"),
        "as_of: 2027-01-01",
        "date the figure was checked",
    ),
    ("misspelt field", uk("currency", "    curency: GBP\n"), "curency: GBP", "did you mean 'currency'"),
    ("currency sign", uk("currency", "    currency: £\n"), "currency: £", "'GBP'"),
    ("deleted line", uk("as_of", ""), "- id: course-uk", "add it"),
    ("empty value", uk("as_of", "    as_of:\n"), "as_of:", "write one after the colon"),
    ("field twice", uk("max", "    max: 30000\n    max: 33000\n"), "max: 33000", "delete the other"),
    ("unknown country", uk("country", "    country: england\n"), "country: england", "use one of"),
    (
        "quotes removed from NO",
        edited(GOOD, "    name: United Kingdom\n", "    name: NO\n"),
        "name: NO",
        'put it in quotes, like "NO"',
    ),
    ("leading zero", uk("min", "    min: 015000\n"), "min: 015000", "remove the leading zero"),
    (
        "closing quote removed",
        edited(GOOD, PATHOLOGY, '        text: "Pathology reports (the results of tissue tests).\n'),
        'text: "Pathology',
        "add the closing quote",
    ),
    (
        "colon inside text",
        edited(GOOD, PATHOLOGY, "        text: Pathology reports: the results of tissue tests.\n"),
        "Pathology reports:",
        "put the whole text in double quotes",
    ),
    (
        "tab",
        edited(GOOD, PATHOLOGY, "\ttext: Pathology reports (the results of tissue tests).\n"),
        "\ttext:",
        "indent with spaces only",
    ),
    ("HTML in text", edited(GOOD, PATHOLOGY, "        text: <b>Pathology</b> reports.\n"), "<b>", "remove '<'"),
    (
        "same checklist id twice",
        edited(GOOD, "      - id: scans\n", "      - id: records\n", 1),
        ("- id: records", 1),
        "every id must be different",
    ),
    ("exchange rate deleted", edited(GOOD, "    GBP: 0.86690\n", ""), "currency: GBP", "under exchange_rates.rates"),
    (
        "currency code in small letters",
        uk("currency", "    currency: gbp\n"),
        "currency: gbp",
        "capital letters: GBP",
    ),
    ("base currency's rate deleted", edited(GOOD, "    EUR: 1\n", ""), "  rates:", "add the line 'EUR: 1'"),
    (
        "decimal comma in a rate",
        edited(GOOD, "    GBP: 0.86690\n", "    GBP: 0,86690\n"),
        "GBP: 0,86690",
        "a number like 0.8669",
    ),
    (
        "Markdown link in text",
        edited(GOOD, PATHOLOGY, "        text: See [the guide](https://example.org).\n"),
        "[the guide]",
        "remove '['",
    ),
    (
        "attribute code in text",
        edited(GOOD, "    title: What to bring\n", '    title: "What to bring {: .big }"\n'),
        "{: .big }",
        "remove '{'",
    ),
    (
        "invisible character",
        edited(GOOD, PATHOLOGY, "        text: Pathology\u200b reports.\n"),
        "Pathology\u200b",
        "delete it",
    ),
    ("price of zero", uk("min", "    min: 0\n"), "min: 0", "remove the entry"),
    ("extra zeros in an amount", uk("max", "    max: 300000000\n"), "max: 300000000", "typing mistake"),
    (
        "year typed wrong",
        uk("as_of", "    as_of: 0025-01-01\n"),
        "as_of: 0025-01-01",
        "check the year",
    ),
    (
        "rate far too small",
        edited(GOOD, "    GBP: 0.86690\n", "    GBP: 0.0000867\n"),
        "GBP: 0.0000867",
        "exactly as the ECB prints it",
    ),
    (
        "YAML anchor",
        edited(GOOD, "    name: Flights\n", "    name: &f Flights\n"),
        "name: &f Flights",
        "write the value out in full",
    ),
    ("YAML tag", edited(GOOD, "    name: Flights\n", "    name: !!str Flights\n"), "name: !!str Flights", "remove it"),
    (
        "months set to zero",
        edited(GOOD, "  recheck_after_months: 6\n", "  recheck_after_months: 0\n"),
        "recheck_after_months: 0",
        "from 1 to 36",
    ),
    (
        "item id that clashes",
        edited(
            GOOD,
            "  - id: what-to-bring\n",
            "  - id: before-you-travel-visa\n    title: Visa\n    items:\n"
            "      - id: apply\n        text: Apply early.\n  - id: what-to-bring\n",
            1,
        ),
        ("- id: visa", 0),
        "choose another id",
    ),
    (
        "course number out of range",
        GOOD.replace("  doses_per_cycle: 14\n", "  doses_per_cycle: 0\n"),
        "doses_per_cycle: 0",
        "whole number of doses",
    ),
    (
        "name before the host of a web address",
        GOOD.replace("  source_url: https://www.ecb", "  source_url: https://reader@www.ecb"),
        "source_url: https://reader@",
        "give the plain address",
    ),
    (
        "unknown package status",
        edited(GOOD, "    name: Flights\n    status: extra\n", "    name: Flights\n    status: paid\n"),
        "status: paid",
        "'included', 'extra' or 'ask'",
    ),
]


def line_of(text: str, needle) -> int:
    needle, nth = needle if isinstance(needle, tuple) else (needle, 0)
    lines = text.splitlines()
    hits = [n for n, line in enumerate(lines, start=1) if line.strip() == needle.strip()]
    hits = hits or [n for n, line in enumerate(lines, start=1) if needle in line]
    assert len(hits) > nth, f"{needle!r} not in the edited file"
    return hits[nth]


def normalise(message: str) -> str:
    """A message without what depends on the data of the day: line numbers, places in a list, and the figures
    it quotes in brackets (the guide's examples were written against one version of the data file)."""
    message = re.sub(r"^data/prices\.yml:\d+:", "data/prices.yml:N:", message)
    message = re.sub(r"\[\d+\]", "[N]", message)
    message = re.sub(r"\(\d+\)", "(N)", message)
    return re.sub(r"\bline \d+\b", "line N", message)


DOCUMENTED = {normalise(line) for line in TEXT.splitlines() if line.startswith("data/prices.yml:")}


@pytest.mark.parametrize("name, text, marker, fix", BAD_EDITS, ids=[c[0] for c in BAD_EDITS])
def test_a_bad_edit_names_the_line_and_the_fix_exactly_as_the_guide_shows(name, text, marker, fix):
    assert text != GOOD, "the edit must change the file"
    with pytest.raises(DataFileError) as info:
        parse_prices(text, today=TODAY)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"data/prices.yml:{line_of(text, marker)}: "), message
    assert fix in message
    anchor = re.search(r"\(see EDITORS\.md#([a-z-]+)\)$", message)
    assert anchor and anchor.group(1) in ANCHORS, message
    assert normalise(message) in DOCUMENTED, f"EDITORS.md should show this message:\n{message}"


def test_every_message_in_the_guide_is_one_the_checks_really_print():
    real = set()
    for _, text, _, _ in BAD_EDITS:
        with pytest.raises(DataFileError) as info:
            parse_prices(text, today=TODAY)
        real.add(normalise(str(info.value)))
    assert real >= DOCUMENTED, f"out-of-date examples in EDITORS.md: {DOCUMENTED - real}"


# Adding a checklist item the way the guide describes --------------------------------------------------------


def test_adding_a_checklist_item_as_the_guide_describes_works():
    block = re.search(r"### Add a checklist item.*?```yaml\n(.*?)```", TEXT, re.DOTALL).group(1)
    lines = [line[3:] for line in block.splitlines()]  # the example sits inside a numbered list (3 spaces)
    new_item = "\n".join(lines) + "\n"
    assert new_item.startswith("      - id: ")
    text = edited(GOOD, "      - id: contacts\n", new_item + "      - id: contacts\n", 1)
    data = parse_prices(text, today=TODAY)
    item_id = re.search(r"- id: (\S+)", new_item).group(1)
    assert item_id in [i.id for i in data.checklist("what-to-bring").items]
    assert f'id="what-to-bring-{item_id}"' in str(render.checklist(data, "what-to-bring"))
    report = pricediff.to_markdown(
        pricediff.compare(parse_prices(GOOD, today=TODAY), data), base_label="main", head_label="the working copy"
    )
    assert f"- Added to **What to bring** (`what-to-bring`): `{item_id}`: " in report


def test_the_guide_explains_both_freshness_rules():
    words = " ".join(TEXT.split())
    months = parse_prices(GOOD, today=TODAY).freshness.recheck_after_months  # the guide quotes the page's words
    assert f"This estimate is more than {months} months old and is being re-checked" in words
    assert "Old prices: a notice, never a failure." in words
    assert "Old pages: the checks fail." in words
    assert "tests/test_content.py" in words and "next_review" in words
