"""Content standards, enforced over the Markdown sources and the built pages.

See ../shared content standards: review dates, references on clinical pages,
plain language (reading grade), banned claims and no hand-typed prices.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from cytokine_site.pages import DESCRIPTION_MAX, DESCRIPTION_MIN, TITLE_MAX, TITLE_MIN, FrontMatter
from helpers import ROOT, TODAY, body, built_page, currencies, front_matter, html_pages, summary_line
from pagetext import article, main_text, own_soup, reading_grade, soup

DOCS = ROOT / "docs"
SOURCES = sorted(p for p in DOCS.rglob("*.md"))
# The front matter keys every page must set: the required fields of the model the build checks pages with.
REQUIRED = tuple(name for name, field in FrontMatter.model_fields.items() if field.is_required())
CURRENCIES = currencies()

# Pages that state clinical or regulatory facts: each needs numbered references.
CLINICAL = {
    "cytokines.md": 3,
    "therapies/interleukin-2.md": 5,
    "therapies/interferons.md": 4,
    "therapies/newer-cytokines.md": 5,
    "treatment-in-turkey.md": 2,
    "suitability.md": 3,
    "safety.md": 4,
    "living-with-treatment.md": 10,
    "family-and-carers.md": 5,
    "planning.md": 5,
    "costs/index.md": 2,
}

# Flesch-Kincaid grade of each page's running prose must not exceed this.
# Target is about 8; medical names (aldesleukin, interleukin) cost about one grade.
MAX_GRADE = 9.0

BANNED = [
    r"\bsafe\b",
    r"\bsafely\b",
    r"\bguarantee[sd]?\b",
    r"\bcure[sd]?\b",
    r"\bcuring\b",
    r"\bcurative\b",
    r"\bworld[- ]class\b",
    r"\bbest\b",
    r"\bstate[- ]of[- ]the[- ]art\b",
    r"\bcutting[- ]edge\b",
    r"\bmiracle",
    r"\bbreakthrough\b",
    r"\brisk[- ]free\b",
    r"\bpainless\b",
    r"\bno side effects\b",
    r"\btop[- ]rated\b",
    r"\bleading\b",
    r"\blimited[- ]time\b",
    r"\bact now\b",
    r"\bhurry\b",
    r"\bdiscount",
    r"\bspecial offer\b",
    r"\bproven\b",
    r"\b100 ?%",
    r"\btestimonial",
    r"\bJCI[- ]accredited\b",
    r"\bHONcode\b",
    r"\bSylatron\b.{0,40}\bavailable\b",
    r"\bthallium\b",
]
_BANNED = re.compile("|".join(BANNED), re.IGNORECASE)

# A price typed by hand: a currency sign or code next to digits. Prices come only from macros.
_HAND_PRICE = re.compile(
    rf"[$£€₺]\s?\d|\d[\d,.]*\s?(?:{'|'.join(CURRENCIES)}|dollars?|pounds?|euros?|lira)\b|\b(?:{'|'.join(CURRENCIES)})\s?\d",
    re.IGNORECASE,
)
_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def rel(path):
    return path.relative_to(DOCS).as_posix()


@pytest.mark.parametrize("path", SOURCES, ids=rel)
def test_front_matter_is_complete_and_current(path):
    meta = front_matter(path)
    missing = [key for key in REQUIRED if not meta.get(key)]
    assert not missing, f"{rel(path)}: missing front matter {missing}"
    assert "{{" not in str(meta) and "{%" not in str(meta), "no Jinja in front matter"
    last, nxt = meta["last_reviewed"], meta["next_review"]
    assert isinstance(last, dt.date) and isinstance(nxt, dt.date), "review dates must be YYYY-MM-DD"
    assert last <= dt.date.today(), f"{rel(path)}: last_reviewed is in the future"
    assert nxt >= dt.date.today(), f"{rel(path)}: next_review {nxt} has passed; review the page and update both dates"
    assert last < nxt <= last.replace(year=last.year + 1), f"{rel(path)}: next_review must be within 12 months"
    assert TITLE_MIN <= len(meta["title"]) <= TITLE_MAX, f"{rel(path)}: title length {len(meta['title'])}"
    assert DESCRIPTION_MIN <= len(meta["description"]) <= DESCRIPTION_MAX, (
        f"{rel(path)}: description length {len(meta['description'])}"
    )


@pytest.mark.parametrize("path", SOURCES, ids=rel)
def test_no_price_typed_by_hand(path):
    found = _HAND_PRICE.findall(_MACRO.sub("", body(path)))
    assert not found, f"{rel(path)}: prices must come from data/prices.yml through macros, found {found}"


def built(site, source):
    return soup(built_page(site, rel(source)))


@pytest.mark.parametrize("name, minimum", sorted(CLINICAL.items()))
def test_clinical_pages_cite_sources(site, name, minimum):
    page = built(site, DOCS / name)
    refs = page.select(".footnote li")
    assert len(refs) >= minimum, f"{name}: {len(refs)} references, at least {minimum} expected"
    for ref in refs:
        assert ref.select_one("a[href^='http']"), f"{name}: reference without a link: {ref.get_text(' ')[:80]}"


@pytest.mark.parametrize("path", SOURCES, ids=rel)
def test_reading_grade(site, path):
    text = main_text(built(site, path), prose_only=True)
    grade, words, sentences = reading_grade(text)
    name = rel(path)
    line = f"{name:36} grade {grade:5.1f}  {words:5d} words  {sentences:4d} sentences"
    summary_line("reading grade per page (Flesch-Kincaid)", name, line)
    assert words >= 40, f"{rel(path)}: only {words} words of prose"
    assert grade <= MAX_GRADE, f"{rel(path)}: reading grade {grade} > {MAX_GRADE}"


def test_no_banned_claims_on_any_page(site):
    problems = []
    for path in html_pages(site) + [site / "404.html"]:
        page = own_soup(path)  # its footnotes are removed below
        node = page.select_one("article.md-content__inner")
        if node is None:
            continue
        for footnotes in node.select(".footnote"):
            footnotes.decompose()  # citations quote paper titles verbatim
        text = " ".join(node.get_text(" ").split())
        problems += [f"{path.relative_to(site)}: '{m.group()}'" for m in _BANNED.finditer(text)]
    title_and_meta = [
        f"{p.relative_to(site)}: '{m.group()}'"
        for p in html_pages(site)
        for m in _BANNED.finditer(" ".join(str(t.get("content", "")) for t in soup(p).select("meta[name=description]")))
    ]
    assert not problems + title_and_meta, "banned or unprovable claims:\n" + "\n".join(problems + title_and_meta)


def test_every_page_shows_review_dates_and_editor(site):
    for path in html_pages(site):
        page = soup(path)
        box = page.select_one(".page-review")
        assert box is not None, f"{path}: no review box"
        text = box.get_text(" ")
        assert "Page last reviewed" in text and "Next review due" in text and "Editor" in text, path
        assert article(page).select_one(".page-review") is not None, "review box must sit close to the content"


def test_key_figures_are_written_once_in_the_data_file():
    """A figure several pages state comes from `key_figure()`; typing it by hand would let pages drift apart."""
    from cytokine_site.loader import load_prices

    data = load_prices(ROOT / "data/prices.yml", today=TODAY)
    assert data.key_figures, "the data file lists the shared figures"
    for path in sorted((ROOT / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8").lower()
        for figure in data.key_figures:
            assert figure.text.lower() not in text, (
                f"{path.relative_to(ROOT)}: type {{{{ key_figure(\"{figure.id}\") }}}} instead of '{figure.text}'"
            )
