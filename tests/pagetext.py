"""Reading the built pages: main text, footnotes and a reading-grade estimate."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from bs4 import BeautifulSoup

# Parts of a page that are not running prose: tables, code, footnotes (citations),
# the review box, heading permalinks and the checklists' one-line items.
NOT_PROSE = "table, pre, code, .footnote, .page-review, .headerlink, .checklist, .admonition-title, script, style"


def soup(path: Path) -> BeautifulSoup:
    """The parsed page, shared by every test that reads it: read it, never change it (``own_soup`` gives a copy
    to change). Parsing was a fifth of the non-browser tests' time, and 392 of the 475 parses were of a page
    already parsed."""
    stat = path.stat()
    return _parsed(path, stat.st_mtime_ns, stat.st_size)


def own_soup(path: Path) -> BeautifulSoup:
    """A parse of the page of the caller's own, to change."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# The real site and a few scenario sites in one test process (about 1 MB a page).
@functools.lru_cache(maxsize=128)
def _parsed(path: Path, mtime_ns: int, size: int) -> BeautifulSoup:
    return own_soup(path)


def article(page: BeautifulSoup):
    found = page.select_one("article.md-content__inner")
    assert found is not None, "page has no main article"
    return found


def main_text(page: BeautifulSoup, *, prose_only: bool = False) -> str:
    """Visible text of the main article; with ``prose_only`` the non-prose parts are dropped."""
    node = BeautifulSoup(str(article(page)), "html.parser")
    removed = NOT_PROSE if prose_only else ".headerlink, script, style"
    for element in node.select(removed):
        element.decompose()
    if prose_only:
        # Each block element is its own sentence even without a full stop (headings, list items).
        for block in node.find_all(["h1", "h2", "h3", "h4", "li", "p", "dt", "dd", "summary"]):
            block.append(". ")
    return " ".join(node.get_text(" ").split())


_SENTENCE_END = re.compile(r"[.!?:;]+(?=\s|$)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def syllables(word: str) -> int:
    """Heuristic English syllable count (vowel groups, silent final e), at least 1."""
    word = word.lower().strip("'’-")
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", word)
    word = re.sub(r"^y", "", word)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", word)))


def reading_grade(text: str) -> tuple[float, int, int]:
    """Flesch-Kincaid grade level, words and sentences of ``text``."""
    sentences = [s for s in _SENTENCE_END.split(text) if _WORD.search(s)]
    words = _WORD.findall(text)
    if not words or not sentences:
        return 0.0, 0, 0
    syl = sum(syllables(w) for w in words)
    grade = 0.39 * len(words) / len(sentences) + 11.8 * syl / len(words) - 15.59
    return round(grade, 1), len(words), len(sentences)
