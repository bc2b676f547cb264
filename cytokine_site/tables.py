"""Accessible tables for tables written in Markdown.

Python-Markdown's tables have no caption and no header scopes. This extension gives every
Markdown table what the data tables from ``render.py`` already have:

- a ``<caption>``: the text of a paragraph written just above the table as
  ``Table: What the table shows``, or else the text of the nearest heading above it;
- ``scope="col"`` on the column headers and the first cell of each row as a row header;
- the same focusable, labelled scrolling region and ``data-label`` cell names (for the
  phone layout) as the data tables.

``define_env`` adds it to MkDocs' Markdown extensions, so pages need no special syntax.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

CAPTION_PREFIX = "Table:"
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _text(element: etree.Element) -> str:
    return " ".join("".join(element.itertext()).split())


class _TableTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self._walk(root, heading="")

    def _walk(self, parent: etree.Element, heading: str) -> str:
        children = list(parent)
        for index, child in enumerate(children):
            if child.tag in _HEADINGS:
                heading = _text(child)
            elif child.tag == "table" and not child.get("class"):
                previous = children[index - 1] if index else None
                caption = heading
                if previous is not None and previous.tag == "p" and _text(previous).startswith(CAPTION_PREFIX):
                    caption = _text(previous)[len(CAPTION_PREFIX) :].strip()
                    parent.remove(previous)
                self._improve(parent, child, caption or "Table")
            elif len(child):
                heading = self._walk(child, heading)
        return heading

    @staticmethod
    def _improve(parent: etree.Element, table: etree.Element, caption: str) -> None:
        table.set("class", "data-table")
        cap = etree.Element("caption")
        cap.text = caption
        table.insert(0, cap)
        headers = list(table.iter("th"))
        for th in headers:
            th.set("scope", "col")
        labels = [_text(th) for th in headers]
        for tbody in table.iter("tbody"):
            for row in tbody.iter("tr"):
                cells = list(row)
                if cells and cells[0].tag == "td":
                    cells[0].tag = "th"
                    cells[0].set("scope", "row")
                for label, cell in zip(labels[1:], cells[1:], strict=False):
                    if label:
                        cell.set("data-label", label)
        wrapper = etree.Element(
            "div",
            {
                "class": "table-scroll",
                "role": "region",
                "aria-label": caption,
                "tabindex": "0",
            },
        )
        position = list(parent).index(table)
        parent.remove(table)
        wrapper.append(table)
        parent.insert(position, wrapper)


class AccessibleTablesExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After the tables and attr_list processors, before the footnotes are appended.
        md.treeprocessors.register(_TableTreeprocessor(md), "accessible_tables", 7)
