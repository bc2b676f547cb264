"""Collapsible questions, for a page of short answers that a phone reader scans rather than reads through.

Inside a block written as ``<div class="questions" markdown>`` … ``</div>``, each ``###`` heading and the
text under it (up to the next heading) become one ``<details>`` element: the heading, kept as a heading,
is its ``<summary>``, and the answer opens under it. Everything stays in the page (the answer, its sources,
its footnote numbers), so search, printing and the FAQ structured data (which reads the ``###`` headings of
the Markdown) see all of it; ``##`` headings stay as they are and group the questions.

The heading keeps its id (the table of contents still links to it) but loses its permalink mark: a link
inside a ``<summary>`` would be a control inside a control.

``define_env`` adds it to MkDocs' Markdown extensions, like the accessible tables.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

BLOCK_CLASS = "questions"
ITEM_CLASS = "question-answer"
_ENDS_ANSWER = {"h1", "h2", "h3"}


def _classes(element: etree.Element) -> list[str]:
    return (element.get("class") or "").split()


class _QuestionsTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for block in [e for e in root.iter("div") if BLOCK_CLASS in _classes(e)]:
            self._collapse(block)

    @staticmethod
    def _collapse(block: etree.Element) -> None:
        children = list(block)
        for child in children:
            block.remove(child)
        item: etree.Element | None = None
        for child in children:
            if child.tag == "h3":
                for mark in [a for a in child if a.tag == "a" and "headerlink" in _classes(a)]:
                    child.remove(mark)
                item = etree.SubElement(block, "details", {"class": ITEM_CLASS})
                item.tail = "\n"
                etree.SubElement(item, "summary").append(child)
            elif child.tag in _ENDS_ANSWER:
                item = None
                block.append(child)
            else:
                (item if item is not None else block).append(child)


class QuestionsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After the table of contents (priority 5) has given the headings their ids and permalink marks.
        md.treeprocessors.register(_QuestionsTreeprocessor(md), "collapsible_questions", 4)
