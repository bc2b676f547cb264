"""Load ``data/prices.yml`` into :class:`PriceData`, or fail with one editor-readable line.

Every problem becomes a :class:`DataFileError` whose message has the form
``data/prices.yml:LINE: FIELD: what is wrong and how to fix it (see EDITORS.md#section)``.
The loader reads YAML 1.2-style on purpose: dates stay text until the model checks
them, and YAML 1.1 surprises (``NO`` read as false, ``012`` read as 10, duplicate
keys where the last one silently wins) are rejected instead of guessed at.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import stat
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from .messages import FIELD_MESSAGES, GUIDE, message
from .model import Kind, PriceData
from .plainyaml import PlainLoader, Refused
from .text import bad_character, shown

Path_ = tuple[str | int, ...]


class DataFileError(Exception):
    """A problem in the data file, already phrased for an editor."""


class _Loader(PlainLoader):
    """The plain reader without YAML's date resolver: dates stay text until the model checks them, with a line."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in PlainLoader.yaml_implicit_resolvers.items()
}


_BOOL_WORDS = re.compile(r"y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|True|TRUE|False|FALSE")
_OCTAL_LIKE = re.compile(r"[-+]?0[0-9_]+")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?")
# What a number in the file may look like: digits, an optional sign, decimal point and exponent; no _ or base.
_PLAIN_NUMBER = re.compile(
    r"[-+]?((0|[1-9][0-9]*)(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)
_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
MAX_NUMBER_LENGTH = 40  # characters: far more than any figure in the file, far fewer than Python refuses to read


def load_prices(path: str | Path, *, today: dt.date | None = None, label: str | None = None) -> PriceData:
    """Read, check and return the price data; raise :class:`DataFileError` on any problem."""
    return load_prices_with_lines(path, today=today, label=label)[0]


def load_prices_with_lines(
    path: str | Path, *, today: dt.date | None = None, label: str | None = None
) -> tuple[PriceData, dict[Path_, int]]:
    """Like :func:`load_prices`, plus the line of every key and item (see :func:`parse_prices_with_lines`)."""
    label = label or str(path)
    return parse_prices_with_lines(read_text(Path(path), label), label=label, today=today)


def read_text(path: Path, label: str) -> str:
    """A data file's text: a regular file (wherever a link points: never a folder, device or pipe), read no
    further than :data:`MAX_FILE_BYTES`, so ``/dev/zero`` or a huge file cannot use up memory."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise DataFileError(f"{label}: {message('not_a_file')}")
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise DataFileError(f"{label}: {message('file_not_found')}") from None
    except OSError as err:
        raise DataFileError(f"{label}: {message('unreadable', reason=shown(err.strerror or err, 80))}") from None
    if len(data) > MAX_FILE_BYTES:
        raise DataFileError(f"{label}:1: {message('file_too_large', kb=MAX_FILE_BYTES // 1024)}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DataFileError(f"{label}: {message('not_utf8', reason=err.reason)}") from None


def parse_prices(text: str, *, label: str = "data/prices.yml", today: dt.date | None = None) -> PriceData:
    """Check and return the price data in ``text``; raise :class:`DataFileError` on any problem."""
    return parse_prices_with_lines(text, label=label, today=today)[0]


def parse_prices_with_lines(
    text: str, *, label: str = "data/prices.yml", today: dt.date | None = None
) -> tuple[PriceData, dict[Path_, int]]:
    """The checked data and the 1-based line of every key and list item.

    Lines are keyed by path, e.g. ``("estimates", 0, "as_of")`` is the line of the first
    estimate's ``as_of`` key; build notices and CI annotations use them to point at the data.
    """
    data, lines = read_yaml(text, label=label)
    if data is None:
        raise DataFileError(f"{label}:1: {message('empty_file')}")
    try:
        return PriceData.model_validate(data, context={"today": today or dt.date.today()}), lines
    except ValidationError as err:
        raise DataFileError(_describe(err, lines, label)) from None


# A limit that no real data file comes near; with PlainLoader's limits on depth and count it stops a hostile
# file from using all memory.
MAX_FILE_BYTES = 512 * 1024


def read_yaml(text: str, *, label: str, guide: str = GUIDE) -> tuple[Any, dict[Path_, int]]:
    """Plain YAML data (dicts, lists, text, numbers, booleans, None) and the line of every key and item.

    Anything YAML can do beyond plain data is refused with one line naming the place: anchors,
    aliases and merge keys, tags, keys that are not plain text, YAML 1.1 traps, duplicate keys,
    invisible or control characters, and files too large or too deeply nested.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise DataFileError(f"{label}:1: {message('file_too_large', see=guide, kb=MAX_FILE_BYTES // 1024)}")
    _reject_bad_characters(text, label, guide)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: dict[Path_, int] = {}
        _walk(node, (), lines, label)
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as err:
        raise DataFileError(_yaml_error(err, label, text)) from None
    except yaml.YAMLError as err:
        raise DataFileError(f"{label}:1: {message('not_yaml', see=guide, problem=shown(err, 120))}") from None
    finally:
        loader.dispose()


def _reject_bad_characters(text: str, label: str, guide: str) -> None:
    body = text[1:] if text.startswith("\ufeff") else text  # a byte-order mark at the very start is harmless
    for line_no, line in enumerate(body.split("\n"), start=1):
        bad = bad_character(line)
        if bad:
            raise DataFileError(f"{label}:{line_no}: {message('bad_character', see=guide, character=bad)}")


_COLON_HINT = (
    "if the text on this line contains a colon followed by a space, put the whole text in double quotes, "
    'like text: "Note: bring your records"; otherwise check the indentation'
)
_TAB_HINT = "there is a Tab character here; indent with spaces only"
_GENERIC_HINT = "check indentation, colons and quotes on this line and the one above"


def _yaml_error(err: yaml.MarkedYAMLError, label: str, text: str) -> str:
    """One line for a YAML syntax error, pointing at the line an editor has to fix."""
    if isinstance(err, Refused):
        return f"{label}:{err.line}: {err.text}"
    problem = shown(err.problem or err.context or "could not be read", 100)
    if err.context == "while scanning a quoted scalar" and err.context_mark is not None:
        # An unclosed quote is only noticed at the end of the file: point at the opening quote instead.
        line = err.context_mark.line + 1
        return f"{label}:{line}: {message('unclosed_quote')}"
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark else 1
    line_text = text.split("\n")[line - 1] if 0 < line <= text.count("\n") + 1 else ""
    if "\t" in line_text and ("tab" in problem or "cannot start any token" in problem):
        hint = _TAB_HINT
    elif problem.startswith("mapping values are not allowed"):
        hint = _COLON_HINT
    else:
        hint = _GENERIC_HINT
    return f"{label}:{line}: {message('yaml_syntax', problem=problem, hint=hint)}"


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], label: str) -> None:
    """Record the line of every key and item; reject duplicate keys and YAML 1.1 traps."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == "<<":
                raise DataFileError(f"{label}:{line}: {_dotted(path) or 'top level'}: {message('merge_key')}")
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:str"):
                shown_key = shown(key_node.value, 30) if isinstance(key_node, yaml.ScalarNode) else "a list or group"
                raise DataFileError(
                    f"{label}:{line}: {_dotted(path) or 'top level'}: {message('key_not_plain', key=shown_key)}"
                )
            key = key_node.value
            if key in seen:
                raise DataFileError(
                    f"{label}:{line}: {_dotted(path + (key,))}: {message('duplicate_key', key=key, first=seen[key])}"
                )
            seen[key] = line
            _walk(value_node, path + (key,), lines, label)
            lines[path + (key,)] = line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), lines, label)
    elif isinstance(node, yaml.ScalarNode) and not node.style:  # plain: libyaml says '', PyYAML None
        _reject_trap(node, path, label)


def _reject_trap(node: yaml.ScalarNode, path: Path_, label: str) -> None:
    """Refuse a plain value that YAML would read as something other than what it looks like.

    The whole value is matched (never a shortened copy), so no length of padding gets a number past.
    """
    raw = node.value
    value = shown(raw)
    line = node.start_mark.line + 1
    where = f"{label}:{line}: {_dotted(path)}"
    if _BOOL_WORDS.fullmatch(raw):
        raise DataFileError(f"{where}: {message('yaml_bool', value=value)}")
    if _OCTAL_LIKE.fullmatch(raw):
        raise DataFileError(f"{where}: {message('yaml_octal', value=value)}")
    if node.tag not in (_INT, _FLOAT):
        return
    if len(raw) > MAX_NUMBER_LENGTH:
        raise DataFileError(f"{where}: {message('number_too_long', value=shown(raw, 20), max=MAX_NUMBER_LENGTH)}")
    if _SEXAGESIMAL.fullmatch(raw):
        raise DataFileError(f"{where}: {message('yaml_base60', value=value)}")
    if not _PLAIN_NUMBER.fullmatch(raw):  # 0x1F, 0b101, 4_000: YAML reads another number than the one written
        raise DataFileError(f"{where}: {message('yaml_number', value=value)}")


# The rule a pydantic error breaks; the message comes from the field's kind and the rule (messages.FIELD_MESSAGES).
RULES = {
    **dict.fromkeys(
        (
            "int_type",
            "int_parsing",
            "int_from_float",
            "float_type",
            "float_parsing",
            "decimal_type",
            "decimal_parsing",
            "string_type",
            "bool_type",
            "bool_parsing",
            "date_type",
            "date_parsing",
            "date_from_datetime_parsing",
            "date_from_datetime_inexact",
            "is_instance_of",
        ),
        "type",
    ),
    **dict.fromkeys(("greater_than", "greater_than_equal", "string_too_short"), "too_small"),
    **dict.fromkeys(
        ("less_than", "less_than_equal", "finite_number", "string_too_long", "int_parsing_size"), "too_large"
    ),
    **dict.fromkeys(("decimal_max_places", "decimal_max_digits", "decimal_whole_digits"), "precision"),
    **dict.fromkeys(("literal_error", "enum"), "choice"),
    "string_pattern_mismatch": "form",
}


def _describe(err: ValidationError, lines: dict[Path_, int], label: str) -> str:
    errors = err.errors(include_url=False)
    # A misspelt key shows up as "unknown field" plus "missing field": report the typo first.
    errors.sort(key=lambda e: e["type"] != "extra_forbidden")
    first = errors[0]
    loc: Path_ = tuple(first["loc"]) + tuple((first.get("ctx") or {}).get("path", ()))
    # Enum keys in dicts arrive as "GBP" etc.; drop pydantic's '[key]' markers.
    loc = tuple(part for part in loc if part != "[key]")
    field = loc[-1] if loc else ""
    known = loc
    while known and known not in lines:
        known = known[:-1]
    line = lines.get(known, 1)
    kind = first["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_fields(loc[:-1])
        guess = difflib.get_close_matches(str(field), allowed, n=1)
        hint = f"did you mean '{guess[0]}'? " if guess else ""
        text = message("unknown_field", field=shown(field, 40), hint=hint, allowed=", ".join(allowed))
        more = len(errors) - 1 - sum(1 for e in errors if e["type"] == "missing" and e["loc"][:-1] == first["loc"][:-1])
        return _line(label, line, loc[:-1], text, more)
    if kind == "missing":
        return _line(label, line, loc[:-1], message("missing", field=field), len(errors) - 1)
    if first.get("input", 0) is None:
        text = message("empty_list" if kind in ("list_type", "too_short") else "no_value")
    elif kind in RULES and (found := _field_message(loc, RULES[kind], first)) is not None:
        text = found
    elif kind in _STRUCTURE:
        text = message(kind)
    else:  # the model's own checks, already worded for editors
        text = first["msg"]
    return _line(label, line, loc, text, len(errors) - 1)


# Errors in the shape of the file (a list or a group where it needs another), in the catalogue under their own name.
_STRUCTURE = frozenset({"list_type", "too_short", "model_type", "model_attributes_type", "dict_type"})


def _field_message(loc: Path_, rule: str, error: Any) -> str | None:
    """The message for the kind of value at ``loc`` and the rule it breaks, with the field's own bounds."""
    annotation, metadata = _metadata(loc)
    kind = next((m.name for m in metadata if isinstance(m, Kind)), None)
    entry = FIELD_MESSAGES.get(kind or "", {}).get(rule)
    if entry is None:
        return None
    bounds = {name: getattr(m, name) for m in metadata for name in _BOUNDS if getattr(m, name, None) is not None}
    values = {
        **(error.get("ctx") or {}),
        "min": bounds.get("ge", bounds.get("gt")),
        "max": bounds.get("le", bounds.get("lt")),
        "decimals": bounds.get("decimal_places"),
        "max_length": bounds.get("max_length"),
    }
    if get_origin(annotation) is Literal and "expected" not in values:
        *others, last = (repr(choice) for choice in get_args(annotation))
        values["expected"] = f"{', '.join(others)} or {last}" if others else last
    return entry.format(**values)


_BOUNDS = ("ge", "gt", "le", "lt", "decimal_places", "max_length")


def _metadata(loc: Path_) -> tuple[Any, list[Any]]:
    """The type of the value at ``loc`` in the data file's model, and its metadata (kind and bounds)."""
    annotation: Any = PriceData
    metadata: list[Any] = []
    for part in loc:
        annotation, metadata = _unwrap(annotation, [])
        model = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
        if model is not None and isinstance(part, str) and part in model.model_fields:
            info = model.model_fields[part]
            annotation, metadata = info.annotation, list(info.metadata)
        elif get_origin(annotation) in (list, dict):  # an item of a list, a value of a group
            annotation, metadata = get_args(annotation)[-1], []
        else:
            return None, []
    return _unwrap(annotation, metadata)


def _unwrap(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    """``annotation`` without ``Annotated[...]`` and ``| None``, and the metadata collected on the way."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation, *extra = get_args(annotation)
            for item in extra:
                metadata.extend(item.metadata if isinstance(item, FieldInfo) else [item])
        elif get_origin(annotation) in (Union, UnionType):
            annotation = next(arg for arg in get_args(annotation) if arg is not type(None))
        else:
            return annotation, metadata


def _line(label: str, line: int, path: Path_, message: str, more: int) -> str:
    suffix = f" (and {more} more problem{'s' if more > 1 else ''} after this one)" if more > 0 else ""
    return f"{label}:{line}: {_dotted(path) or 'top level'}: {message}{suffix}"


def _allowed_fields(path: Path_) -> list[str]:
    model: Any = PriceData
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        model = _inner_model(field.annotation) if field is not None else None
        if model is None:
            return []
    return list(model.model_fields)


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{shown(part, 40)}" if out else shown(part, 40))
    return out
