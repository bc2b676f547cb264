"""Found by search, shared well, checked on built sites: titles, descriptions, canonical URLs, sitemap,
robots.txt, JSON-LD structured data, link previews and the 404 page (pure parts: ``test_seo_unit.py``;
the 404 page in a browser: ``browser/test_not_found.py``).

Three builds are checked: the real project (``site`` fixture), the real project at a
GitHub Pages project sub-path, and a scenario copy whose pages carry quotes, ampersands,
FAQ questions, a confirmed reviewer and owner facts.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import re
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image

from cytokine_site import pages, seo
from cytokine_site.loader import load_prices
from cytokine_site.pages import DESCRIPTION_MAX, DESCRIPTION_MIN, FrontMatter
from helpers import (
    BUILD_DATE,
    DOCS,
    ROOT,
    build,
    built_page,
    copy_project,
    edited,
    front_matter,
    html_pages,
    mkdocs_config,
    newest_as_of,
    page_url,
    sources,
    url_to_file,
)
from pagetext import soup

BRAND = mkdocs_config().extra["organization"]["name"]
DEFAULT_URL = str(mkdocs_config().site_url)  # what the ``site`` fixture builds with
SUBPATH_URL = "https://example.github.io/cytokine-guide/"
SUBSET = json.loads((ROOT / "tests/data/schema_org_subset.json").read_text(encoding="utf-8"))["types"]
DATA = load_prices(ROOT / "data/prices.yml")
NEWEST_DATA_DATE = max([e.as_of for e in DATA.estimates] + [DATA.exchange_rates.as_of])


# Helpers ---------------------------------------------------------------------------


def meta_content(page: BeautifulSoup, key: str) -> str | None:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    value = tag.get("content") if tag else None
    return None if value is None else str(value)


def json_ld_blocks(page: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string or "") for s in page.find_all("script", attrs={"type": "application/ld+json"})]


def nodes(value):
    """Every dict inside a JSON-LD value, depth first."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from nodes(item)
    elif isinstance(value, list):
        for item in value:
            yield from nodes(item)


def graph(page: BeautifulSoup) -> list[dict]:
    blocks = json_ld_blocks(page)
    assert len(blocks) == 1, "one JSON-LD block per page"
    assert blocks[0]["@context"] == "https://schema.org"
    return blocks[0]["@graph"]


def types_of(node: dict) -> list[str]:
    kind = node.get("@type", [])
    return kind if isinstance(kind, list) else [kind]


def webpage(page: BeautifulSoup) -> dict:
    found = [n for n in graph(page) if "MedicalWebPage" in types_of(n)]
    assert len(found) == 1
    return found[0]


def built(request: pytest.FixtureRequest, which: str) -> tuple[Path, Path, str]:
    """A build the tests read (``site``: the real project; ``scenario``: the edited copy served from ``SUBPATH_URL``):
    its folder, the page sources it was built from and its address."""
    site = request.getfixturevalue(which)
    return (site, DOCS, DEFAULT_URL) if which == "site" else (site, site.parent / "docs", SUBPATH_URL)


def allowed_properties(kind: str) -> set[str]:
    assert kind in SUBSET, f"@type {kind} is not in tests/data/schema_org_subset.json"
    entry = SUBSET[kind]
    out = set(entry["properties"])
    for parent in entry["subTypeOf"]:
        out |= allowed_properties(parent)
    return out


def sitemap_entries(site: Path) -> dict[str, str | None]:
    xml = (site / "sitemap.xml").read_bytes()
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == xml
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    out: dict[str, str | None] = {}
    for url in ElementTree.fromstring(xml).findall("s:url", ns):
        loc = url.findtext("s:loc", namespaces=ns)
        assert loc is not None and loc not in out, f"{loc} listed twice"
        out[loc] = url.findtext("s:lastmod", namespaces=ns)
    return out


# Builds ----------------------------------------------------------------------------


TRICKY_TITLE = 'Tom & Jerry\'s "quoted" guide to R&D terms'
TRICKY_DESCRIPTION = (
    'Quotes ("like this"), ampersands (R&D, &amp; written out), #hash and 1. numbers must all survive as plain text.'
)
REVIEWER = "Dr Ayşe Example, medical oncologist"

FAQ_BODY = """
# Frequently asked questions

Short answers.

## Before you travel

### How much does treatment in Turkey cost?

It depends on the care: {{ key_figure("icu-share") }} need intensive care. See [cost estimates](costs/index.md).[^1]

- Ask for an *itemised* quote.
- Compare **two** offers.

### Is "high-dose" IL-2 given in hospital?

Yes. It is given in hospital, where intensive care is available.

## Other questions

Some text that is not an answer.

[^1]: A footnote that is not part of the answer.
"""


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Path:
    """A copy of the project with awkward characters, FAQ questions, confirmed facts and an old review date, built as
    a GitHub Pages project site (served from ``SUBPATH_URL``, /cytokine-guide/)."""
    project = copy_project(tmp_path_factory.mktemp("scenario") / "project")

    def edit_front_matter(source: str, **changes) -> None:
        path = project / "docs" / source
        text = path.read_text(encoding="utf-8")
        meta_text, body = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.DOTALL).groups()
        meta = yaml.safe_load(meta_text)
        meta.update(changes)
        path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body, encoding="utf-8")

    edit_front_matter("glossary.md", title=TRICKY_TITLE, description=TRICKY_DESCRIPTION, reviewed_by=REVIEWER)
    edit_front_matter("costs/index.md", last_reviewed=dt.date(2024, 12, 1))
    edit_front_matter("safety.md", last_reviewed=dt.date(2024, 12, 1))
    faq = project / "docs/faq.md"
    faq.write_text(faq.read_text(encoding="utf-8").split("\n---\n", 1)[0] + "\n---\n" + FAQ_BODY, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = edited(text, "    legal_name: null", '    legal_name: "DGS Sağlık Hizmetleri Ltd. Şti."')
    text = edited(text, "    email: null", '    email: "info@example.com"')
    config.write_text(text, encoding="utf-8")

    out = project / "site"
    # A fixed "today" keeps the price notices (and so the FAQ answer text) the same on any day.
    result = build(project, out, {"SITE_URL": SUBPATH_URL, "SITE_BUILD_DATE": BUILD_DATE})
    assert result.returncode == 0, result.stderr
    return out


# Titles and descriptions -----------------------------------------------------------


@pytest.mark.parametrize("source", sources())
def test_title_puts_the_topic_first_and_fits_search_results(site, source):
    meta = front_matter(DOCS / source)
    page = soup(built_page(site, source))
    assert len(page.head.find_all("title")) == 1
    title = page.title.get_text()
    # The rule: "<front matter title> - <brand>" if that fits in pages.TITLE_MAX characters, else the title alone
    # (search engines show the site name separately, from the WebSite structured data).
    with_brand = f"{meta['title']}{seo.TITLE_SEPARATOR}{BRAND}"
    assert title == (with_brand if len(with_brand) <= pages.TITLE_MAX and BRAND not in meta["title"] else meta["title"])
    assert len(title) <= pages.TITLE_MAX, (
        f"{source}: <title> is {len(title)} characters; search results cut titles after about {pages.TITLE_MAX}. "
        "Shorten the front matter title."
    )


@pytest.mark.parametrize("source", sources())
def test_description_comes_from_front_matter_and_fits_search_results(site, source):
    meta = front_matter(DOCS / source)
    description = meta_content(soup(built_page(site, source)), "description")
    assert description == " ".join(meta["description"].split())
    assert DESCRIPTION_MIN <= len(description) <= DESCRIPTION_MAX, (
        f"{source}: description is {len(description)} characters; write {DESCRIPTION_MIN} to "
        f"{DESCRIPTION_MAX} (front matter `description`)"
    )


def test_titles_and_descriptions_are_unique(site):
    titles: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    for path in html_pages(site):
        page = soup(path)
        where = path.relative_to(site).as_posix()
        title, description = page.title.get_text(), meta_content(page, "description")
        assert title and description, where
        assert title not in titles, f"{where} and {titles.get(title)} share the title {title!r}"
        assert description not in descriptions, f"{where} and {descriptions.get(description)} share a description"
        titles[title], descriptions[description] = where, where


def test_html_language_and_locale(site):
    for path in html_pages(site) + [site / "404.html"]:
        page = soup(path)
        assert page.html.get("lang") == "en", path
    for path in html_pages(site):
        assert meta_content(soup(path), "og:locale") == "en_GB", path


def test_quotes_and_ampersands_survive_in_every_tag_that_carries_them(scenario):
    path = scenario / "glossary/index.html"
    raw = path.read_text(encoding="utf-8")
    page = soup(path)
    assert page.title.get_text() == f"{TRICKY_TITLE} - {BRAND}"
    for key in ("description", "og:description", "twitter:description"):
        assert meta_content(page, key) == TRICKY_DESCRIPTION, key
    for key in ("og:title", "twitter:title"):
        assert meta_content(page, key) == TRICKY_TITLE, key
    assert meta_content(page, "og:image:alt").endswith(TRICKY_TITLE)
    # Each tag really is escaped in the source (a parser can forgive some raw "&", never a raw quote).
    assert f"<title>{TRICKY_TITLE}" not in raw
    assert "&#34;quoted&#34;" in raw or "&quot;quoted&quot;" in raw
    head = raw.split("</head>", 1)[0]
    assert (
        len(re.findall(r"<meta [^>]*content=\"Quotes \(&#34;like this&#34;\), ampersands \(R&amp;D, &amp;amp;", head))
        == 3
    )
    node = webpage(page)
    assert node["name"] == TRICKY_TITLE and node["description"] == TRICKY_DESCRIPTION
    script = page.find("script", attrs={"type": "application/ld+json"}).string
    assert script is not None
    assert "</" not in script and "<" not in script and "&" not in script


# Canonical URLs, sitemap, robots.txt ------------------------------------------------


@pytest.mark.parametrize("which", ["site", "scenario"])
def test_canonical_urls_sitemap_and_robots(request, which):
    site, docs, site_url = built(request, which)
    expected = {}
    for source in sources(docs):
        url = page_url(site_url, source)
        page = soup(built_page(site, source))
        assert page.find("link", rel="canonical")["href"] == url, source
        assert meta_content(page, "og:url") == url, source
        last_reviewed = front_matter(docs / source)["last_reviewed"]
        shown = newest_as_of(built_page(site, source))
        expected[url] = (max(last_reviewed, shown) if shown else last_reviewed).isoformat()
    assert sitemap_entries(site) == expected, "the sitemap lists every public page once, dated by its review"
    assert not any("404" in url for url in expected)
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert robots.splitlines() == ["User-agent: *", "Allow: /", "", f"Sitemap: {site_url}sitemap.xml"]


def test_price_pages_are_dated_by_the_newer_of_review_and_price_data(scenario):
    """costs/ was reviewed (2024-12-01) before the prices' newest "as of" date; safety/ shows no prices."""
    entries = sitemap_entries(scenario)
    assert dt.date(2024, 12, 1) < NEWEST_DATA_DATE
    assert entries[SUBPATH_URL + "costs/"] == NEWEST_DATA_DATE.isoformat()
    assert entries[SUBPATH_URL + "safety/"] == "2024-12-01"
    # Structured data keeps the real review date.
    assert webpage(soup(scenario / "costs/index.html"))["lastReviewed"] == "2024-12-01"


def test_subpath_pages_and_404_load_assets_from_the_subpath(scenario):
    for path in html_pages(scenario) + [scenario / "404.html"]:
        page = soup(path)
        page_address = urljoin(SUBPATH_URL, path.relative_to(scenario).as_posix().removesuffix("index.html"))
        refs = [t.get("href") for t in page.find_all("link") if t.get("href")]
        refs += [t.get("src") for t in page.find_all(["script", "img"]) if t.get("src")]
        refs += [a["href"] for a in page.select("a[href]") if not a["href"].startswith(("#", "mailto:", "http"))]
        assert refs
        for ref in refs:
            absolute = urljoin(page_address, ref)
            if not absolute.startswith(SUBPATH_URL):
                continue  # canonical and outside links are checked elsewhere
            target = url_to_file(scenario, SUBPATH_URL, absolute)
            assert target.exists(), f"{path.relative_to(scenario)}: {ref} -> missing {target}"
    not_found = soup(scenario / "404.html")
    for tag in not_found.find_all(["link", "script"]):
        ref = tag.get("href") or tag.get("src")
        if ref:
            assert ref.startswith("/cytokine-guide/"), f"404 page: {ref} must be root-absolute with the sub-path"


# Structured data -------------------------------------------------------------------


def check_against_subset(node: dict, where: str) -> None:
    if set(node) == {"@id"}:
        return  # a reference to a node described elsewhere
    kinds = types_of(node)
    assert kinds, f"{where}: object without @type: {node}"
    allowed = set().union(*(allowed_properties(k) for k in kinds))
    unknown = {k for k in node if not k.startswith("@")} - allowed
    assert not unknown, f"{where}: {kinds} has no schema.org properties {sorted(unknown)}"


@pytest.mark.parametrize("which", ["site", "scenario"])
def test_json_ld_uses_only_real_schema_org_types_and_properties(request, which):
    site = request.getfixturevalue(which)
    defined, referenced, organizations = set(), set(), []
    for path in html_pages(site):
        where = path.relative_to(site).as_posix()
        for block in json_ld_blocks(soup(path)):
            for node in nodes(block):
                if "@context" in node:
                    continue
                if "@type" in node or set(node) != {"@id"}:
                    check_against_subset(node, where)
                if "@id" in node and "@type" in node:
                    defined.add(node["@id"])
                elif "@id" in node:
                    referenced.add(node["@id"])
                if "Organization" in types_of(node):
                    organizations.append(where)
    assert organizations == ["index.html"], "the organisation is described once, on the home page"
    assert referenced <= defined, f"references to nodes never described: {referenced - defined}"


@pytest.mark.parametrize("which", ["site", "scenario"])
def test_every_page_is_a_medical_web_page_with_its_review_date(request, which):
    site, docs, site_url = built(request, which)
    for source in sources(docs):
        meta = front_matter(docs / source)
        node = webpage(soup(built_page(site, source)))
        url = page_url(site_url, source)
        assert node["url"] == url and node["@id"] == url + "#webpage"
        assert node["lastReviewed"] == meta["last_reviewed"].isoformat(), source
        assert node["audience"] == {"@type": "MedicalAudience", "audienceType": "Patient"}
        assert node["inLanguage"] == "en"
        reviewer = meta.get("reviewed_by")
        if reviewer and "to be confirmed" not in reviewer:
            assert node["reviewedBy"] == {"@type": "Person", "name": reviewer}, source
        else:
            assert "reviewedBy" not in node, f"{source}: a placeholder reviewer must not be published"


def test_breadcrumbs_follow_the_folders_that_are_pages(site):
    expected = {
        "index.md": None,
        "therapies/interleukin-2.md": ["Home", "Interleukin-2 (aldesleukin)"],
        "costs/index.md": ["Home", "Cost estimates"],
        "costs/packages.md": ["Home", "Cost estimates", "What packages include"],
        "contact.md": ["Home", "Contact"],
    }
    for source, names in expected.items():
        page = soup(built_page(site, source))
        lists = [n for n in graph(page) if n.get("@type") == "BreadcrumbList"]
        if names is None:
            assert not lists
            continue
        items = lists[0]["itemListElement"]
        assert [i["name"] for i in items] == names
        assert [i["position"] for i in items] == list(range(1, len(names) + 1))
        assert items[-1]["item"] == page_url(DEFAULT_URL, source)
        assert webpage(page)["breadcrumb"] == {"@id": lists[0]["@id"]}


def test_organisation_shows_only_confirmed_facts(site, scenario):
    def organization(path):
        return next(n for n in graph(soup(path)) if n.get("@type") == "Organization")

    assert organization(site / "index.html") == {
        "@type": "Organization",
        "@id": DEFAULT_URL + "#organization",
        "name": BRAND,
        "url": DEFAULT_URL,
    }, "facts left null in mkdocs.yml are omitted, never guessed"
    assert organization(scenario / "index.html") == {
        "@type": "Organization",
        "@id": SUBPATH_URL + "#organization",
        "name": BRAND,
        "legalName": "DGS Sağlık Hizmetleri Ltd. Şti.",
        "url": SUBPATH_URL,
        "email": "info@example.com",
    }
    for path in html_pages(site):
        assert "to be confirmed" not in str(json_ld_blocks(soup(path))).lower(), path


def test_drug_facts_appear_only_where_front_matter_declares_them(site):
    for source in sources():
        about = front_matter(DOCS / source).get("about")
        node = webpage(soup(built_page(site, source)))
        if about is None:
            assert "about" not in node, source
            assert not [n for n in nodes(node) if n.get("@type") == "Drug"], source
        else:
            stated = node["about"] if isinstance(node["about"], list) else [node["about"]]
            assert stated == seo.about_nodes(FrontMatter.model_validate(front_matter(DOCS / source)).about or []), (
                source
            )
    il2 = webpage(soup(site / "therapies/interleukin-2/index.html"))
    assert il2["about"] == {"@type": "Drug", "name": "aldesleukin", "proprietaryName": "Proleukin"}


def test_faq_page_questions_come_from_its_headings(scenario):
    node = webpage(soup(scenario / "faq/index.html"))
    assert node["@type"] == ["MedicalWebPage", "FAQPage"]
    questions = node["mainEntity"]
    assert [q["name"] for q in questions] == [
        "How much does treatment in Turkey cost?",
        'Is "high-dose" IL-2 given in hospital?',
    ]
    first = questions[0]["acceptedAnswer"]
    assert first["@type"] == "Answer"
    figure = DATA.key_figure("icu-share").text
    assert first["text"] == (
        f"It depends on the care: {figure} need intensive care. See cost estimates.\n"
        "Ask for an itemised quote. Compare two offers."
    )
    assert questions[1]["acceptedAnswer"]["text"] == "Yes. It is given in hospital, where intensive care is available."


def _section(heading):
    """The elements after ``heading`` up to the next heading (a collapsible question: the answer under it)."""
    start = heading.parent if heading.parent.name == "summary" else heading
    for sib in start.find_next_siblings():
        if sib.name in ("h1", "h2", "h3"):
            break
        yield sib


def test_real_faq_page_has_one_question_per_heading(site):
    source = (DOCS / "faq.md").read_text(encoding="utf-8")
    headings = re.findall(r"^### (.+)$", source, re.MULTILINE)
    node = webpage(soup(site / "faq/index.html"))
    assert front_matter(DOCS / "faq.md").get("schema_type") == "FAQPage"
    if headings:
        assert "FAQPage" in node["@type"]
        # Answers that still show a "to be confirmed" fact are left out of the structured data.
        page = soup(site / "faq/index.html")
        unconfirmed = sum(1 for h3 in page.select("article h3") if any(sib.select_one(".tbc") for sib in _section(h3)))
        assert len(node["mainEntity"]) == len(headings) - unconfirmed
        assert unconfirmed < len(headings)
    else:  # the page has no questions yet: it is described as a plain page
        assert node["@type"] == "MedicalWebPage" and "mainEntity" not in node


def test_bad_about_front_matter_stops_the_build_with_one_line(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs/therapies/interleukin-2.md"
    page.write_text(edited(page.read_text(encoding="utf-8"), "    brand: Proleukin\n", "    cures: everything\n"))
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if "docs/therapies/interleukin-2.md" in line]
    assert lines and "docs/therapies/interleukin-2.md:10: about.0.cures: unknown key" in lines[0], result.stderr


# Social previews -------------------------------------------------------------------

SOCIAL_KEYS = (
    "og:type",
    "og:site_name",
    "og:title",
    "og:description",
    "og:url",
    "og:image",
    "og:image:alt",
    "og:image:width",
    "og:image:height",
    "og:locale",
    "twitter:card",
    "twitter:title",
    "twitter:description",
    "twitter:image",
    "twitter:image:alt",
)


@pytest.mark.parametrize("which", ["site", "scenario"])
def test_every_page_has_a_link_preview_with_a_small_image(request, which):
    site, docs, site_url = built(request, which)
    images = set()
    for source in sources(docs):
        meta = front_matter(docs / source)
        page = soup(built_page(site, source))
        values = {key: meta_content(page, key) for key in SOCIAL_KEYS}
        assert all(values.values()), f"{source}: missing {[k for k, v in values.items() if not v]}"
        assert values["og:title"] == values["twitter:title"] == meta["title"]
        assert values["og:type"] == ("website" if source == "index.md" else "article")
        assert values["twitter:card"] == "summary_large_image"
        assert values["og:image"] == values["twitter:image"] and values["og:image"].startswith(site_url)
        image_file = url_to_file(site, site_url, values["og:image"] or "")
        data = image_file.read_bytes()
        assert len(data) < 100_000, f"{image_file.name} is {len(data)} bytes"
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "PNG"
            width, height = int(values["og:image:width"] or 0), int(values["og:image:height"] or 0)
            assert image.size == (width, height) == (1200, 630)
        images.add(values["og:image"])
    assert len(images) == len(sources(docs)), "each page has its own share image"


# 404 -------------------------------------------------------------------------------


def test_404_page_offers_search_main_pages_and_contact(scenario):
    page = soup(scenario / "404.html")
    assert page.title.get_text() == f"Page not found - {BRAND}"
    assert meta_content(page, "robots") == "noindex"
    assert not json_ld_blocks(page)
    form = page.select_one("form[role=search]")
    assert form["action"] == "/cytokine-guide/" and form["method"] == "get"
    field = form.select_one("input[name=q]")
    assert form.select_one(f"label[for={field['id']}]") is not None
    links = {a["href"] for a in page.select("article a[href]")}
    for source in sources():
        assert "/cytokine-guide/" + page_url("/", source).lstrip("/") in links, source
    assert "/cytokine-guide/contact/" in links
