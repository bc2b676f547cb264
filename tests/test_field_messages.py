"""A value of the wrong type or out of bounds is told about the field it is in: the message comes from the
field's kind (money, doses, a body weight, months, the file's version, an id...) and the rule it breaks.

Every field of the model has a kind with a message for every rule its ``Field`` can break, and every number
in the shipped data file, replaced by a wrong value, gets a message about that field, never one about money
(unless it is money) and never pydantic's own wording.
"""

from __future__ import annotations

import copy
import re
import typing
from decimal import Decimal
from types import UnionType
from typing import Any, get_args, get_origin

import pytest
import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from cytokine_site.loader import DataFileError, parse_prices, read_yaml
from cytokine_site.messages import FIELD_MESSAGES
from cytokine_site.model import Kind, PriceData
from helpers import DATA_FILE, ROOT, TODAY

GOOD = (ROOT / DATA_FILE).read_text(encoding="utf-8")
RAW, _ = read_yaml(GOOD, label=DATA_FILE)
MONEY_KINDS = {"money", "unit_price", "rate"}


def _leaves(annotation: Any, metadata: list[Any], path: str) -> typing.Iterator[tuple[str, Any, list[Any]]]:
    """(path, type, metadata) of every value the model can hold below ``annotation``."""
    if get_origin(annotation) is typing.Annotated:
        inner, *extra = get_args(annotation)
        more = [m for item in extra for m in (item.metadata if isinstance(item, FieldInfo) else [item])]
        yield from _leaves(inner, metadata + more, path)
    elif get_origin(annotation) in (typing.Union, UnionType):
        for arg in get_args(annotation):
            if arg is not type(None):
                yield from _leaves(arg, metadata, path)
    elif get_origin(annotation) in (list, dict):
        yield from _leaves(get_args(annotation)[-1], [], path + "[]")
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, info in annotation.model_fields.items():
            yield from _leaves(info.annotation, list(info.metadata), f"{path}.{name}".lstrip("."))
    else:
        yield path, annotation, metadata


LEAVES = list(_leaves(PriceData, [], ""))


def rules(annotation: Any, metadata: list[Any]) -> set[str]:
    """The rules a value of this field can break."""
    found = {"choice"} if get_origin(annotation) is typing.Literal else {"type"}
    for item in metadata:
        if getattr(item, "ge", None) is not None or getattr(item, "gt", None) is not None:
            found.add("too_small")
        if getattr(item, "le", None) is not None or getattr(item, "lt", None) is not None:
            found.add("too_large")
        if getattr(item, "decimal_places", None) is not None:
            found.add("precision")
        if getattr(item, "pattern", None) is not None:
            found.add("form")
        if getattr(item, "max_length", None) is not None:
            found.add("too_large")
    return found


@pytest.mark.parametrize(("path", "annotation", "metadata"), LEAVES, ids=[leaf[0] for leaf in LEAVES])
def test_every_field_has_a_kind_with_a_message_for_every_rule_it_can_break(path, annotation, metadata):
    kinds = [m.name for m in metadata if isinstance(m, Kind)]
    assert len(kinds) == 1, f"{path}: give the field one Kind"
    missing = rules(annotation, metadata) - set(FIELD_MESSAGES[kinds[0]])
    assert not missing, f"{path} ({kinds[0]}): no message for {missing} in messages.FIELD_MESSAGES"
    if annotation in (int, float, Decimal):  # every number is bounded both ways, in its Field
        assert {"too_small", "too_large"} <= rules(annotation, metadata), f"{path}: give the number bounds in Field"


def numbers(value: Any, path: tuple[str | int, ...] = ()) -> typing.Iterator[tuple[str | int, ...]]:
    """The path of every number in the data file (not true/false)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from numbers(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from numbers(item, (*path, index))
    elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        yield path


def dotted(path: tuple[str | int, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def kind_of(path: tuple[str | int, ...]) -> str:
    general = ".".join(str(p) for p in path if not isinstance(p, int))
    for leaf, _, metadata in LEAVES:
        if leaf.replace("[]", "") == general or (leaf.endswith("[]") and leaf[:-2] == general):
            return next(m.name for m in metadata if isinstance(m, Kind))
    # a value in a group such as exchange_rates.rates: the group's item type
    parent = ".".join(str(p) for p in path[:-1] if not isinstance(p, int))
    return next(next(m.name for m in md if isinstance(m, Kind)) for leaf, _, md in LEAVES if leaf == parent + "[]")


NUMBERS = list(numbers(RAW))
WRONG = [0, -1, 2.5, 10**30, "a few", [1]]


def with_value(path: tuple[str | int, ...], value: Any) -> str:
    data = copy.deepcopy(RAW)
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)


def test_the_data_file_has_numbers_of_several_kinds():
    kinds = {kind_of(path) for path in NUMBERS}
    assert {"money", "rate", "months", "doses", "weight", "units", "version"} <= kinds, kinds


@pytest.mark.parametrize("path", NUMBERS, ids=[dotted(p) for p in NUMBERS])
def test_a_wrong_number_is_told_about_its_own_field(path):
    kind = kind_of(path)
    told = set()
    for wrong in WRONG:
        try:
            parse_prices(with_value(path, wrong), today=TODAY)
        except DataFileError as err:
            message = str(err)
        else:
            continue  # a value that happens to be right here (such as 0 for none)
        where = re.escape(dotted(path))
        assert re.match(rf"^data/prices\.yml:\d+: {where}: ", message), (wrong, message)
        text = message.split(": ", 2)[2]
        assert "Input should" not in text and re.search(r"\(see EDITORS\.md#[a-z-]+\)$", text), (wrong, message)
        if kind not in MONEY_KINDS:
            words = text.rsplit(" (see ", 1)[0]
            assert not re.search(r"money|price|currency|rate", words, re.IGNORECASE), (wrong, message)
        told.add(text)
    assert told, f"{dotted(path)}: no wrong value was refused"


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("  doses_per_cycle: 14\n", "  doses_per_cycle: 0\n", "whole number of doses from 1 to 1,000"),
        ("  median_doses: 20\n", "  median_doses: 20.5\n", "whole number of doses written with digits only"),
        ("  weights_kg: [60, 80, 100]\n", "  weights_kg: [60, 80, 1000]\n", "body weight in whole kilograms"),
        ("  recheck_after_months: 6\n", "  recheck_after_months: 6.5\n", "whole number of months"),
        ("version: 1\n", "version: 2\n", "must be 1: the version of this file's layout"),
        ("  vial_iu: 22000000\n", "  vial_iu: 0\n", "whole number of units (IU)"),
        ("  - id: course-turkey\n", "  - id: 7\n", "lower-case letters, digits and hyphens"),
        ("    sourced: false\n", '    sourced: "no"\n', "true or false"),
    ],
)
def test_the_message_names_what_the_field_holds(old, new, words):
    assert old in GOOD
    with pytest.raises(DataFileError) as caught:
        parse_prices(GOOD.replace(old, new, 1), today=TODAY)
    assert words in str(caught.value)
