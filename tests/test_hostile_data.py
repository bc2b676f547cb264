"""Hostile or careless values in the data file that used to pass the check and then broke the build or
changed silently, one scenario per class: the check and the real build stop with the same one line
(never a traceback), and nothing half-built is left.

The classes: numbers YAML reads as another number (zero padding of any length, other bases, '_'); numbers
without an upper bound; ids that only match their rule up to a line break; ids that make an HTML id the
pages already use; text that draws nothing; web addresses whose host is not what it seems; dates written
as numbers; a data file that is not a plain file (a folder, a device); a damaged share image in the cache.
Each class also has quick checks of more variants on the data file alone.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from pathlib import Path

import pytest
from PIL import Image
from test_hostile_input import GOOD, check, data_edit, one_line

from cytokine_site import breakdown, pricediff, render, seo, share_image
from cytokine_site.loader import DataFileError, load_prices, parse_prices
from helpers import BUILD_DATE, DATA_FILE, ROOT, TODAY, build, edited, html_pages, scenario

DATA = parse_prices(GOOD, today=TODAY)
FIRST_URGENT_ITEM = DATA.urgent_help.emergency.items[0].id
ECB = "https://www.ecb.europa.eu/"


def _as_of(value: str) -> dict[str, str]:
    return data_edit("    as_of: 2025-01-01\n", f"    as_of: {value}\n")


# (name, files to change, what the one line must contain)
CASES = [
    ("zero padding longer than a message", data_edit("    min: 4000\n", f"    min: {'0' * 70}4000\n"), "starts with 0"),
    ("number in base 16", data_edit("    min: 4000\n", "    min: 0xFA0\n"), "would be read as another number"),
    ("number with underscores", data_edit("    max: 10000\n", "    max: 10_000\n"), "would be read as another number"),
    (
        "units with 400 digits",
        data_edit("  dose_per_kg_iu: 600000\n", f"  dose_per_kg_iu: {'9' * 400}\n"),
        "longer than 40 characters",
    ),
    ("unit price of 1e400", data_edit("    amount: 1881\n", "    amount: 1e400\n"), "must be at most 99,999,999"),
    (
        "doses with 30 digits",
        data_edit("  doses_per_cycle: 14\n", f"  doses_per_cycle: 1{'0' * 29}\n"),
        "whole number of doses from 1 to 1,000",
    ),
    (
        "id ending in a line break",
        data_edit("  - id: what-to-bring\n", '  - id: "what-to-bring\\n"\n'),
        "checklists[1].id: must be a short name",
    ),
    (
        "checklist id that makes an urgent-help anchor",
        data_edit(
            "  - id: what-to-bring\n",
            "  - id: urgent-help-source\n    title: Sources\n    items:\n      - id: '1'\n        text: One.\n"
            "  - id: what-to-bring\n",
        ),
        "makes the page address '#urgent-help-source'",
    ),
    ("Hangul filler as a name", data_edit("    name: Flights\n", '    name: "\u3164"\n'), "U+3164 HANGUL FILLER"),
    ("blank Braille as a name", data_edit("    name: Flights\n", '    name: "\u2800\u2800"\n'), "no letter or digit"),
    (
        "address with a password",
        data_edit(f"  source_url: {ECB}", f"  source_url: https://reader:secret@{ECB[8:]}"),
        "name or password",
    ),
    (
        "real host hidden after an @",
        data_edit(f"  source_url: {ECB}", "  source_url: https://www.ecb.europa.eu@evil.example/"),
        "name or password",
    ),
    (
        "look-alike host",
        data_edit(f"  source_url: {ECB}", "  source_url: https://www.xn--cb-yla.europa.eu/"),
        "not a plain host name",
    ),
    ("date as a number", _as_of("1735689600"), "estimates[0].as_of: must be a real date"),
]


def _check_and_build_agree(tmp_path: Path, project: Path, expected: str) -> None:
    checked = check(project, {})
    assert checked.returncode == 1, checked.stdout + checked.stderr
    check_line = one_line(checked.stderr, expected)
    built = build(project, tmp_path / "site", {"SITE_BUILD_DATE": BUILD_DATE})
    assert built.returncode != 0, "the build should have failed"
    build_line = one_line(built.stdout + built.stderr, expected)
    assert build_line.endswith(check_line), (check_line, build_line)  # MkDocs prefixes its log level
    assert not (tmp_path / "site" / "index.html").exists(), "nothing half-built may be left to deploy"


@pytest.mark.parametrize(("name", "files", "expected"), CASES, ids=[c[0] for c in CASES])
def test_check_and_build_stop_with_the_same_one_line(tmp_path, name, files, expected):
    _check_and_build_agree(tmp_path, scenario(tmp_path / "project", files), expected)


def _replace_data_file(project: Path, kind: str) -> None:
    data = project / DATA_FILE
    data.unlink()
    if kind == "folder":
        data.mkdir()
        (data / "prices.yml").write_text(GOOD, encoding="utf-8")
    else:
        data.symlink_to("/dev/zero")


@pytest.mark.parametrize("kind", ["folder", "link to /dev/zero"])
def test_a_data_file_that_is_not_a_plain_file_is_one_line(tmp_path, kind):
    project = scenario(tmp_path / "project")
    _replace_data_file(project, kind)
    _check_and_build_agree(tmp_path, project, DATA_FILE)


# The same classes, more variants, on the data file alone -------------------------------------------------


def refused(text: str) -> str:
    with pytest.raises(DataFileError) as caught:
        parse_prices(text, today=TODAY)
    message = str(caught.value)
    assert "\n" not in message and re.match(r"^data/prices\.yml:\d+: ", message), message
    return message


@pytest.mark.parametrize("padding", [1, 59, 60, 61, 200])
@pytest.mark.parametrize("sign", ["", "+", "-"])
@pytest.mark.parametrize("figure", ["4000", "9000"])
def test_zero_padding_of_any_length_is_refused(padding, sign, figure):
    text = edited(GOOD, "    min: 4000\n", f"    min: {sign}{'0' * padding}{figure}\n")
    assert "starts with 0" in refused(text)


@pytest.mark.parametrize("written", ["0b1000", "0x1F40", "8_000", "4_0_0_0", "1:06:40", "0o7640", "00.5e3"])
def test_numbers_yaml_reads_differently_are_refused(written):
    message = refused(edited(GOOD, "    max: 10000\n", f"    max: {written}\n"))
    assert "estimates[0].max: " in message


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    max: 10000\n", "    max: 1e400\n"),
        ("    max: 10000\n", f"    max: {'9' * 39}\n"),
        ("    amount: 1881\n", "    amount: 123456789012345678901234567890\n"),
        ("    amount: 1881\n", "    amount: .inf\n"),
        ("    amount: 1881\n", "    amount: .nan\n"),
        ("  vial_iu: 22000000\n", f"  vial_iu: {'9' * 30}\n"),
        ("  dose_per_kg_iu: 600000\n", "  dose_per_kg_iu: 1e400\n"),
        ("  median_doses: 20\n", f"  median_doses: {'9' * 30}\n"),
        ("  nights_per_cycle: 5\n", "  nights_per_cycle: 1e400\n"),
        ("  weights_kg: [60, 80, 100]\n", f"  weights_kg: [60, 80, {'1' * 35}]\n"),
        ("    USD: 1.1728\n", "    USD: .inf\n"),
        ("    USD: 1.1728\n", f"    USD: {'9' * 35}.5\n"),
        ("  recheck_after_months: 6\n", f"  recheck_after_months: {'9' * 30}\n"),
    ],
)
def test_every_number_has_an_upper_bound(old, new):
    refused(edited(GOOD, old, new))


def test_figures_at_the_extremes_of_every_bound_render():
    """Within its bounds no number can break a renderer (Decimal arithmetic and Babel's formatting included)."""
    text = GOOD
    for pattern, value in [
        (r"(\n  dose_per_kg_iu: )\d+", "10000000"),
        (r"(\n      vial_iu: )\d+", "1"),
        (
            r"(\n  (doses_per_cycle|dose_interval_hours|cycles_per_course|rest_days|median_doses|nights_per_cycle): )\d+",
            "1000",
        ),
        (r"(\n  weights_kg: )\[.*\]", "[30, 200]"),
        (r"(\n  typical_weight_kg: )\d+", "200"),
        (r"(\n    amount: )\S+", "99999999"),
        (r"(\n    (min|max): )\d+", "99999999"),
        (r"(\n    (USD|GBP): )\S+", "0.0001"),
        (r"(\n    TRY: )\S+", "100000"),
    ]:
        text = re.sub(pattern, functools.partial(_keep_key, value=value), text)
    vial = (ROOT / "tests/data/course/floor-below.yml").read_text(encoding="utf-8")
    data = parse_prices(text + re.sub(r"amount: \d+", "amount: 99999999", vial), today=TODAY)
    assert data.course_structure is not None and {v.vial_iu for v in data.course_structure.vials} == {1}
    outputs: list[str] = [str(render.price_table(data, TODAY, None, c)) for c in data.exchange_rates.currencies]
    outputs.append(str(breakdown.course_comparison(data, TODAY)))
    report = pricediff.compare(DATA, data)
    outputs.append(pricediff.to_markdown(report, base_label="main", head_label="extremes"))
    assert all(str(out) for out in outputs)
    assert "£" in str(breakdown.course_comparison(data, TODAY))


def _keep_key(match: re.Match[str], value: str) -> str:
    return match.group(1) + value


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r", " ", "\t", "\u2028", "\x00"])
def test_an_id_matches_its_rule_to_the_end(ending):
    written = '"what-to-bring' + ending.encode("unicode_escape").decode() + '"'
    message = refused(edited(GOOD, "  - id: what-to-bring\n", f"  - id: {written}\n"))
    assert "id" in message


@pytest.mark.parametrize(
    ("old", "new", "anchor"),
    [
        (f"      - id: {FIRST_URGENT_ITEM}\n", "      - id: source-1\n", "#urgent-help-source-1"),
        (
            "  - id: what-to-bring\n",
            "  - id: quote\n    title: Quote\n    items:\n      - id: name\n        text: Name.\n  - id: what-to-bring\n",
            "#quote-name",
        ),
        ("  - id: what-to-bring\n", "  - id: urgent-help\n", "#urgent-help'"),
        ("  - id: what-to-bring\n", "  - id: currency-choice\n", "#currency-choice"),
        (
            f"      - id: {FIRST_URGENT_ITEM}\n",
            f"      - id: {FIRST_URGENT_ITEM}\n        text: A.\n        sources: [proleukin-us]\n      - id: source-2\n",
            "#urgent-help-source-2",
        ),
        ("  - id: what-to-bring\n", "  - id: alert-card-name\n", "#alert-card-name"),
    ],
    ids=[
        "urgent item source-1",
        "checklist item quote-name",
        "checklist urgent-help",
        "fixed id",
        "second source",
        "checklist in the alert card's ids",
    ],
)
def test_an_id_never_makes_an_html_id_the_pages_already_use(old, new, anchor):
    message = refused(edited(GOOD, old, new))
    assert f"makes the page address '{anchor}" in message and "choose another id" in message, message


def test_the_fixed_html_ids_are_the_ones_the_renderers_write():
    from cytokine_site import alertcard, model, quote

    assert DATA.alert_card is not None
    pages = [
        render.price_table(DATA, TODAY),
        render.currency_choice(DATA),
        render.urgent_help(DATA),
        alertcard.alert_card(DATA.alert_card),
        quote.quote_form({"email": "a@example.org", "whatsapp": "1"}),
        *(render.checklist(DATA, c.id) for c in DATA.checklists),
    ]
    written = set(re.findall(r'\bid="([^"]+)"', "".join(map(str, pages))))
    written |= {c.id for c in DATA.checklists}  # the checklists' headings get theirs from Markdown
    from_data = {anchor for anchor, *_ in model._anchors(DATA)}
    # The alert card's own ids (its fields, sources) start with its reserved prefix, which data ids may not use.
    own = {a for a in written if a == model.ALERT_CARD_ID or a.startswith(f"{model.ALERT_CARD_ID}-")}
    assert written - from_data - own == set(model.FIXED_ANCHORS)


INVISIBLE = ["\u3164", "\u115f", "\u1160", "\uffa0", "\u034f", "\u17b4", "\ufe0f", "\u180b", "\U000e0100", "\u200b"]


@pytest.mark.parametrize("character", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_characters_that_draw_nothing_are_refused(character):
    message = refused(edited(GOOD, "    name: Flights\n", f'    name: "Fli{character}ghts"\n'))
    assert f"U+{ord(character):04X}" in message


BLANK = ["\u2800", "\u2800 \u2800", "\u3000", "- . -", "\u00a0\u2003", "?!"]


@pytest.mark.parametrize("value", BLANK, ids=[ascii(v) for v in BLANK])
def test_text_that_looks_blank_is_refused(value):
    message = refused(edited(GOOD, "    name: Flights\n", f'    name: "{value}"\n'))
    assert "package_items[9].name: " in message


def test_ordinary_text_in_other_alphabets_is_fine():
    for value in ("Türkiye", "Ελλάδα", "日本", "İstanbul 2"):
        parse_prices(edited(GOOD, "    name: Flights\n", f'    name: "{value}"\n'), today=TODAY)
    assert all(unicodedata.category(ch)[0] != "C" for ch in "Türkiye")


@pytest.mark.parametrize(
    "address",
    [
        "https://user@www.ecb.europa.eu/",
        "https://:pw@www.ecb.europa.eu/",
        "https://www.ecb.europa.eu%40evil.example/",
        "https://www.ecb.europa.eu\\@evil.example/",
        "https://www.еcb.europa.eu/",  # a Cyrillic 'е'
        "https://www.xn--ecb-0sa.europa.eu/",
        "https://ecb.xn--p1ai/",
        "https://185.199.108.153/",
        "https://www.ecb.europa.eu:8443/",
        "https://localhost/",
        "https://www.ecb.europa.eu/a b",
        "http://www.ecb.europa.eu/",
        "javascript://www.ecb.europa.eu/%0aalert(1)",
    ],
)
def test_web_addresses_whose_host_is_not_what_it_seems_are_refused(address):
    quoted = "'" + address.replace("'", "''") + "'"
    message = refused(edited(GOOD, f"  source_url: {ECB}", f"  source_url: {quoted} #"))
    assert "exchange_rates.source_url: " in message


@pytest.mark.parametrize("value", ["1735689600", "20250101", "2025-W01-1", "2025-01-01T00:00:00", "45658.0", "true"])
def test_dates_are_written_as_dates(value):
    message = refused(edited(GOOD, "    as_of: 2025-01-01\n", f"    as_of: {value}\n"))
    assert "estimates[0].as_of: " in message


def test_the_data_file_is_read_no_further_than_its_limit(tmp_path):
    for kind in ("folder", "link to /dev/zero"):
        project = tmp_path / kind.replace(" ", "-")
        (project / "data").mkdir(parents=True)
        (project / DATA_FILE).write_text(GOOD, encoding="utf-8")
        _replace_data_file(project, kind)
        with pytest.raises(DataFileError, match=r"^data/prices\.yml: is not a plain file"):
            load_prices(project / DATA_FILE, today=TODAY, label=DATA_FILE)
    big = tmp_path / "big.yml"
    big.write_bytes(b"#" * (2 * 1024 * 1024))
    with pytest.raises(DataFileError, match="larger than"):
        load_prices(big, today=TODAY, label=DATA_FILE)


# A damaged share image in the cache --------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["last byte cut", "half cut", "end cut", "byte changed", "other image", "empty"])
def test_a_damaged_cached_card_is_never_used(tmp_path, damage):
    good = share_image.card_bytes("Planning your trip", "Site", "example.org", tmp_path)
    [cached] = tmp_path.glob("*.png")
    other = io.BytesIO()
    Image.new("P", (share_image.WIDTH // 2, share_image.HEIGHT)).save(other, format="PNG")
    changed = bytearray(good)
    changed[len(good) // 2] ^= 0xFF
    cached.write_bytes(
        {
            "last byte cut": good[:-1],
            "half cut": good[: len(good) // 2],
            "end cut": good[:-12],
            "byte changed": bytes(changed),
            "other image": other.getvalue(),
            "empty": b"",
        }[damage]
    )
    assert share_image.card_bytes("Planning your trip", "Site", "example.org", tmp_path) == good
    assert cached.read_bytes() == good


def test_the_build_publishes_whole_share_images_when_the_cache_is_damaged(site, tmp_path):
    """A copy of the project whose cache holds every card the real site's build drew (``site``), each cut short."""
    project = scenario(tmp_path / "project")
    cache = project / share_image.CACHE_FOLDER
    cache.mkdir(parents=True)
    for card in (ROOT / share_image.CACHE_FOLDER).glob("*.png"):
        good = card.read_bytes()
        (cache / card.name).write_bytes(good[: len(good) * 2 // 3])
    names = {card.name for card in cache.glob("*.png")}
    result = build(project, tmp_path / "site", {"SITE_BUILD_DATE": BUILD_DATE})
    assert result.returncode == 0, result.stderr
    published = sorted((tmp_path / "site" / seo.SHARE_IMAGE_DIR).rglob("*.png"))
    assert len(published) >= len(html_pages(tmp_path / "site"))
    for image in published:
        assert share_image.whole_card(image.read_bytes()), image
    # The build found its cards in the cache, damaged, and drew them again under the same names.
    assert {card.name for card in cache.glob("*.png")} == names
    redrawn = [card for card in cache.glob("*.png") if share_image.whole_card(card.read_bytes())]
    assert len(redrawn) >= len(published)
