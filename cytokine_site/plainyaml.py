"""The one strict YAML reader behind the data file, front matter and ``mkdocs.yml``.

:class:`PlainLoader` reads YAML as plain data (text, numbers, booleans, lists and groups) and refuses, with
the line it is on, what plain data never needs: anchors and aliases, tags (beyond those a subclass allows),
nesting deeper than ``max_depth`` and more than ``max_nodes`` values. Each refusal is a :class:`Refused`
carrying a finished message for the reader.

The file is scanned and parsed by libyaml (PyYAML's C parser, which its wheels ship); only the composing of
nodes, where the refusals happen, runs in Python, in a cut-down copy of PyYAML's composer.
"""

from __future__ import annotations

from typing import Any, ClassVar

import yaml
from yaml._yaml import CParser
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from .messages import message
from .text import shown


class Refused(yaml.MarkedYAMLError):
    """Something a plain YAML file may not use; ``text`` is the message and ``line`` its 1-based line."""

    def __init__(self, line: int, text: str) -> None:
        super().__init__(problem=text)
        self.line, self.text = line, text


class PlainLoader(Composer, CParser, SafeConstructor, Resolver):
    """libyaml's events, composed by Python with the refusals above, built with PyYAML's safe constructor."""

    allowed_tags: ClassVar[frozenset[str | None]] = frozenset({None})
    max_depth: ClassVar[int] = 12
    max_nodes: ClassVar[int] = 20_000

    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self._depth = 0
        self._nodes = 0

    def get_single_node(self) -> yaml.Node | None:
        try:
            return super().get_single_node()
        except yaml.MarkedYAMLError as err:
            if err.problem != "exceeded maximum nesting depth":  # libyaml's own limit, deeper than ours
                raise
            mark = err.problem_mark or err.context_mark
            raise Refused(mark.line + 1 if mark else 1, message("too_deep", max=self.max_depth)) from None

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        """PyYAML's composer, cut down to plain data (no anchors, no path resolvers): the data file composes in 4 ms
        instead of 28 ms through PyYAML's, and every build and check reads it, ``mkdocs.yml`` and the front matter."""
        event: Any = self.get_event()  # PyYAML's stubs: an Event without the fields of its subclasses
        resolve: Any = self.resolve  # untyped in PyYAML's stubs
        start: Any = event.start_mark  # libyaml's marks, which the stubs do not accept for nodes
        end: Any = event.end_mark
        line = start.line + 1 if start else 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise Refused(line, message("yaml_anchor"))
        tag = event.tag
        if tag not in self.allowed_tags:
            raise Refused(line, message("yaml_tag", tag=shown(str(tag).replace("tag:yaml.org,2002:", "!!"), 40)))
        self._nodes += 1
        if self._nodes > self.max_nodes:
            raise Refused(line, message("too_many_values", max=self.max_nodes))
        self._depth += 1
        try:
            if self._depth > self.max_depth:
                raise Refused(line, message("too_deep", max=self.max_depth))
            if isinstance(event, yaml.ScalarEvent):
                if tag is None or tag == "!":
                    tag = resolve(yaml.ScalarNode, event.value, event.implicit)
                return yaml.ScalarNode(tag, event.value, start, end, style=event.style)
            if isinstance(event, yaml.SequenceStartEvent):
                if tag is None or tag == "!":
                    tag = resolve(yaml.SequenceNode, None, event.implicit)
                items: list[Any] = []
                node: yaml.Node = yaml.SequenceNode(tag, items, start, None, flow_style=event.flow_style)
                while not self.check_event(yaml.SequenceEndEvent):
                    items.append(self.compose_node(node, len(items)))
            else:  # a MappingStartEvent: the parser sends nothing else here
                if tag is None or tag == "!":
                    tag = resolve(yaml.MappingNode, None, event.implicit)
                pairs: list[Any] = []
                node = yaml.MappingNode(tag, pairs, start, None, flow_style=event.flow_style)
                while not self.check_event(yaml.MappingEndEvent):
                    key = self.compose_node(node, None)
                    pairs.append((key, self.compose_node(node, key)))
            closing: Any = self.get_event()
            node.end_mark = closing.end_mark
            return node
        finally:
            self._depth -= 1
