"""Collapsible questions: inside a ``questions`` block each ``###`` question opens its answer."""

from __future__ import annotations

import markdown
from bs4 import BeautifulSoup

from cytokine_site.questions import BLOCK_CLASS, ITEM_CLASS, QuestionsExtension

SOURCE = f"""# Page

### Not in the block

Stays as it is.

<div class="{BLOCK_CLASS}" markdown>

## Group

### First question

First answer.[^a]

- a list in the answer

### Second question

Second answer.

## Another group

### Third question

Third answer.

</div>

[^a]: A source.
"""


def render(text: str) -> BeautifulSoup:
    html = markdown.markdown(
        text,
        extensions=["md_in_html", "toc", "footnotes", QuestionsExtension()],
        extension_configs={"toc": {"permalink": True}},
    )
    return BeautifulSoup(html, "html.parser")


def test_each_question_in_the_block_opens_its_answer():
    page = render(SOURCE)
    block = page.select_one(f"div.{BLOCK_CLASS}")
    items = block.select(f"details.{ITEM_CLASS}")
    assert [d.summary.h3.get_text() for d in items] == ["First question", "Second question", "Third question"]
    assert [d.summary.h3["id"] for d in items] == ["first-question", "second-question", "third-question"]
    first = items[0]
    assert [child.name for child in first.find_all(recursive=False)] == ["summary", "p", "ul"]
    assert first.select_one("sup a.footnote-ref")["href"] == "#fn:a"
    # Groups stay headings between the questions; no link inside a summary.
    assert [child.name for child in block.find_all(recursive=False)] == ["h2", "details", "details", "h2", "details"]
    assert not block.select("summary a")


def test_headings_outside_the_block_are_left_alone():
    page = render(SOURCE)
    outside = page.find("h3", id="not-in-the-block")
    assert outside.parent.name == "[document]" and outside.select_one("a.headerlink")
    assert render("### Question\n\nAnswer.\n").find("details") is None
