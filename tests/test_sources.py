"""Every footnote cites a primary source, in one format.

A footnote definition is one line:

    [^key]: Publisher, "Title", DATE. <https://primary.host/path>

DATE contains a year; for a product label (FDA label, SmPC, KÜB, patient leaflet) it reads
"label revised MONTH YEAR". The URL is https and its host is in ``tests/data/primary_sources.yml``
(host -> kind of source), unless the exact URL is one of the reviewed exceptions listed there.

A product label is never typed by hand: its footnote is ``[^key]: {{ label_source("id") }}``, printed
from the ``labels`` registry in ``data/prices.yml``; these footnotes are checked as the site prints them.
"""

from __future__ import annotations

import collections
import re
from urllib.parse import urlsplit

import pytest
import yaml

from cytokine_site import render
from cytokine_site.loader import load_prices
from helpers import ROOT, TODAY, summary_line

DOCS = ROOT / "docs"
ALLOW_LIST = ROOT / "tests" / "data" / "primary_sources.yml"
KINDS = {
    "label",
    "regulator",
    "guideline",
    "journal",
    "pubmed",
    "government",
    "gazette",
    "registry",
    "patient-organisation",
    "hospital-leaflet",
    "company",
}

_DEFINITION = re.compile(r"^\[\^([^\]]+)\]:(.*)$")
# Publisher, "Title", DATE[ extra words]. <https://...>
_FORMAT = re.compile(
    r'^(?P<publisher>[^"<>\s][^"<>]*?), "(?P<title>[^"]+)", (?P<date>[^<>]*?[^\s.])\. <(?P<url>[^<>\s]+)>$'
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Titles that name a product label, whatever host carries it.
_LABEL_TITLE = re.compile(
    r"prescribing information|summary of product characteristics|\bSmPC\b|\bKÜB\b|\bKT\b|package leaflet|"
    r"patient information leaflet|medication guide|\blabel\b",
    re.IGNORECASE,
)
_FENCE = re.compile(r"^\s*(```|~~~)")
_LABEL_MACRO = re.compile(r'^\{\{\s*label_source\(\s*"([^"]+)"\s*\)\s*\}\}$')


def labels() -> dict:
    return {label.id: label for label in load_prices(ROOT / "data/prices.yml", today=TODAY).labels}


def expanded(body: str, registry: dict) -> str:
    """A footnote body as the site prints it: a label_source() call becomes the label's citation."""
    found = _LABEL_MACRO.match(body)
    if not found:
        return body
    assert found.group(1) in registry, f"label_source(): no label '{found.group(1)}' in data/prices.yml"
    return render.label_citation(registry[found.group(1)]).markdown()


def allow_list() -> dict:
    return yaml.safe_load(ALLOW_LIST.read_text(encoding="utf-8"))


def footnotes() -> list[tuple[str, int, str, str, bool]]:
    """(page, line number, key, body, continued on the next line) for every footnote definition in docs/."""
    found = []
    for path in sorted(DOCS.rglob("*.md")):
        page = path.relative_to(ROOT).as_posix()
        lines = path.read_text(encoding="utf-8").splitlines()
        in_fence = False
        for number, line in enumerate(lines, 1):
            if _FENCE.match(line):
                in_fence = not in_fence
            if in_fence:
                continue
            match = _DEFINITION.match(line)
            if match:
                following = lines[number] if number < len(lines) else ""
                continued = bool(following.strip()) and following.startswith(("    ", "\t"))
                found.append((page, number, match.group(1), match.group(2).strip(), continued))
    return found


def kind_of(host: str, hosts: dict[str, str], not_primary: dict[str, str]) -> str | None:
    """The kind of source ``host`` is, or None when it is not on the allow-list."""
    if host in not_primary:
        return None
    if host in hosts:
        return hosts[host]
    for pattern, kind in hosts.items():
        if pattern.startswith("*.") and host.endswith(pattern[1:]):
            return kind
    return None


def check(body: str, continued: bool, data: dict) -> tuple[str | None, list[str]]:
    """(kind, problems) for one footnote body."""
    hosts = data["hosts"]
    not_primary = data.get("not_primary") or {}
    exceptions = {item["url"] for item in data.get("exceptions") or []}
    problems = []
    if continued:
        problems.append("spans more than one line; write the whole reference on one line")
    match = _FORMAT.match(body)
    if not match:
        problems.append('not in the form: Publisher, "Title", DATE. <https://host/path>')
        url_match = re.search(r"<([^<>\s]+)>\s*$", body) or re.search(r"(https?://\S+)", body)
        url = url_match.group(1).rstrip(">).") if url_match else ""
        date = body
        title = body
    else:
        url, date, title = match.group("url"), match.group("date"), match.group("title")
    if not url:
        return None, problems + ["no URL"]
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    kind = None
    if parts.scheme != "https":
        problems.append(f"URL is not https: {url}")
    if url in exceptions:
        kind = "exception"
    else:
        kind = kind_of(host, hosts, not_primary)
        if kind is None:
            if host in not_primary:
                problems.append(f"host {host} is not a primary source: {not_primary[host]}")
            else:
                problems.append(f"host {host} is not on the allow-list; cite the primary source instead")
    if not _YEAR.search(date):
        problems.append("no year in the date")
    if (kind == "label" or _LABEL_TITLE.search(title)) and not re.search(r"\brevised\b", date, re.IGNORECASE):
        problems.append('a product label: give its revision date as "label revised MONTH YEAR"')
    return kind, problems


def test_allow_list_is_well_formed():
    data = allow_list()
    assert set(data) <= {"hosts", "not_primary", "exceptions"}, f"unknown sections: {set(data)}"
    hosts = data["hosts"]
    assert list(hosts) == sorted(hosts), "keep the hosts in tests/data/primary_sources.yml sorted"
    bad = {host: kind for host, kind in hosts.items() if kind not in KINDS}
    assert not bad, f"unknown kinds (allowed: {sorted(KINDS)}): {bad}"
    for host in hosts:
        assert re.fullmatch(r"(\*\.)?[a-z0-9.-]+\.[a-z]{2,}", host), f"not a host name: {host}"
    for host, reason in (data.get("not_primary") or {}).items():
        assert isinstance(reason, str) and len(reason) > 20, f"not_primary {host}: give the reason"
    for item in data.get("exceptions") or []:
        assert set(item) == {"url", "reason"}, f"an exception has exactly url and reason: {item}"
        assert item["url"].startswith("https://"), f"exception URL is not https: {item['url']}"
        assert isinstance(item["reason"], str) and len(item["reason"]) > 20, (
            f"exception {item['url']}: say why no primary copy exists"
        )


def test_every_footnote_cites_a_primary_source():
    data = allow_list()
    registry = labels()
    defined = footnotes()
    assert defined, "no footnotes found in docs/"
    counts: collections.Counter[str] = collections.Counter()
    failures: list[str] = []
    for page, _line, key, body, continued in defined:
        kind, problems = check(expanded(body, registry), continued, data)
        counts[kind or "not allowed"] += 1
        failures.extend(f"{page}: [^{key}]: {problem}" for problem in problems)
    summary = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items()))
    summary_line("footnotes by kind of source", "", f"{len(defined)} footnotes: {summary}")
    if failures:
        pytest.fail(
            f"{len(failures)} problem(s) in {len(defined)} footnotes "
            "(format and allowed hosts: tests/data/primary_sources.yml):\n" + "\n".join(failures),
            pytrace=False,
        )


def _is_label_address(url: str, data: dict) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return kind_of(host, data["hosts"], data.get("not_primary") or {}) == "label" or "/drugsatfda_docs/label/" in url


def test_labels_are_cited_from_the_registry_never_typed_by_hand():
    data = allow_list()
    typed = [
        f"{page}:{line}: [^{key}]"
        for page, line, key, body, _continued in footnotes()
        if not _LABEL_MACRO.match(body)
        and any(_is_label_address(url, data) for url in re.findall(r"<([^<>\s]+)>", body))
    ]
    assert not typed, (
        "these footnotes type a product label by hand; add it to labels in data/prices.yml (EDITORS.md#labels) "
        'and write [^key]: {{ label_source("id") }}:\n' + "\n".join(typed)
    )


def test_every_label_in_the_registry_is_cited_and_every_citation_is_a_label():
    registry = labels()
    cited = {m.group(1) for *_rest, body, _c in footnotes() if (m := _LABEL_MACRO.match(body))}
    assert cited <= set(registry), f"label_source() ids not in data/prices.yml: {sorted(cited - set(registry))}"
    assert set(registry) <= cited, f"labels no page cites; remove them: {sorted(set(registry) - cited)}"
    for label in registry.values():
        body = render.label_citation(label).markdown()
        kind, problems = check(body, False, allow_list())
        assert not problems, (label.id, problems)
        assert _LABEL_TITLE.search(body), f"{label.id}: the title should say what the label is (SmPC, KÜB...)"


def test_no_stale_exception():
    registry = labels()
    urls = set()
    for _page, _line, _key, body, _continued in footnotes():
        urls.update(re.findall(r"<([^<>\s]+)>", expanded(body, registry)))
    stale = [item["url"] for item in allow_list().get("exceptions") or [] if item["url"] not in urls]
    assert not stale, (
        "exceptions in tests/data/primary_sources.yml that no footnote uses any more; remove them:\n" + "\n".join(stale)
    )


@pytest.mark.parametrize(
    ("body", "kind", "problem"),
    [
        (
            'US Food and Drug Administration, "Proleukin (aldesleukin) prescribing information", label revised '
            "February 2024. <https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=x>",
            "label",
            None,
        ),
        ('National Cancer Institute, "Cytokine", 2024. <https://www.cancer.gov/x>', "government", None),
        ('Ministry of Health, "Hospitals", 2025. <https://ankara.saglik.gov.tr/x>', "government", None),
        ('Clinigen (via emc), "Proleukin SmPC", 2020. <https://www.medicines.org.uk/emc/x>', "label", "revision"),
        ('Mondaq, "A look", 30 April 2025. <https://www.mondaq.com/x>', None, "allow-list"),
        ('NCI, "Cytokine", undated. <https://www.cancer.gov/x>', "government", "year"),
        ('NCI, "Cytokine", 2024. <http://www.cancer.gov/x>', "government", "https"),
        ("NCI, Cytokine, 2024. <https://www.cancer.gov/x>", "government", "form"),
        ('Ministry, "Unit", 2024. <https://silifkeadsm.saglik.gov.tr/x>', None, "not a primary source"),
    ],
)
def test_check_examples(body, kind, problem):
    found_kind, problems = check(body, False, allow_list())
    assert found_kind == kind
    if problem is None:
        assert problems == []
    else:
        assert any(problem in p for p in problems), problems
