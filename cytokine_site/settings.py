"""Settings from outside the data file: ``mkdocs.yml`` and the environment, each checked before use.

- :func:`read_config` reads ``mkdocs.yml`` the way MkDocs does (``!ENV`` resolved from the
  environment) and records the line of every key, so a problem names its line;
- :func:`build_date` reads ``SITE_BUILD_DATE`` and :func:`site_url` checks the public address
  (``SITE_URL`` or ``site_url``); both refuse anything but the expected form with one line.

The build (``macros.define_env``) and the command line (``python -m cytokine_site check``) both
use these functions, so they agree on every case.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from . import organization
from .messages import message
from .plainyaml import PlainLoader, Refused
from .text import bad_character, plain_text_problem, shown

CONFIG_FILE = "mkdocs.yml"
BUILD_DATE_VARIABLE = "SITE_BUILD_DATE"
SITE_URL_VARIABLE = "SITE_URL"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")
_URL_PATH = re.compile(r"^/[A-Za-z0-9._~/-]*$")

Lines = dict[tuple[str | int, ...], int]


class SettingsError(ValueError):
    """A configuration or environment problem, already phrased as one line."""


MAX_CONFIG_BYTES = 256 * 1024
MAX_INHERIT = 5


class _ConfigLoader(PlainLoader):
    """Reads mkdocs.yml as plain data, as MkDocs would read it, but refuses what could run code or hide a value:
    every tag but ``!ENV NAME`` / ``!ENV [NAME, ..., default]`` (``!!python/...`` runs code in MkDocs' own
    loader), anchors and aliases, keys that are not plain text, duplicate keys and deep nesting."""

    allowed_tags = frozenset({None, "!", "!ENV"})
    max_depth = 20

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, int] = {}
        for key, _ in node.value:
            line = key.start_mark.line + 1
            if not isinstance(key, yaml.ScalarNode) or key.tag != "tag:yaml.org,2002:str":
                raise Refused(line, message("key_not_plain", key=shown(getattr(key, "value", key), 30)))
            if key.value == "<<":
                raise Refused(line, message("merge_key"))
            if key.value in seen:
                raise Refused(line, message("duplicate_key", key=shown(key.value, 30), first=seen[key.value]))
            seen[key.value] = line
        return super().construct_mapping(node, deep=deep)


def _env_tag(loader: Any, node: yaml.Node) -> Any:  # a _ConfigLoader (PyYAML's stubs name only its own)
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(loader.construct_scalar(node)))
    if isinstance(node, yaml.SequenceNode):
        *names, default = loader.construct_sequence(node)
        for name in names:
            if str(name) in os.environ:
                return os.environ[str(name)]
        return default
    return None


_ConfigLoader.add_constructor("!ENV", _env_tag)


def read_config(path: Path, *, root: Path | None = None) -> tuple[dict[str, Any], Lines]:
    """``mkdocs.yml`` as data, and the line of every key (``("extra", "organization", "email")`` → 97).

    ``INHERIT: parent.yml`` is followed as MkDocs follows it (the parent's values, then this file's on top),
    with the same reader; the parent must be a file in the project folder (``root``, default the file's own).
    """
    root = (root or path.parent).resolve()
    data, lines = _read_one(path, root)
    chain = [path.resolve()]
    while "INHERIT" in data:
        parent = data.pop("INHERIT")
        where = f"{path.name}:{lines.get(('INHERIT',), 1)}: INHERIT"
        target = (chain[-1].parent / str(parent)).resolve() if isinstance(parent, str) else None
        if target is None or not target.is_relative_to(root) or target in chain or len(chain) > MAX_INHERIT:
            raise SettingsError(f"{where}: {message('config_inherit', value=shown(parent, 60))}")
        chain.append(target)
        parent_data, parent_lines = _read_one(target, root)
        inherited = parent_data.pop("INHERIT", None)
        data = _merged(parent_data, data)
        lines = {**parent_lines, **lines}
        if inherited is not None:
            data["INHERIT"] = inherited
            lines[("INHERIT",)] = parent_lines.get(("INHERIT",), 1)
    return data, lines


def _merged(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """MkDocs' INHERIT merge: mappings are merged key by key, anything else in ``child`` replaces the parent's."""
    out = dict(parent)
    for key, value in child.items():
        both = isinstance(out.get(key), dict) and isinstance(value, dict)
        out[key] = _merged(out[key], value) if both else value
    return out


def _read_one(path: Path, root: Path) -> tuple[dict[str, Any], Lines]:
    label = path.name
    if path.is_symlink() and not path.resolve().is_relative_to(root):
        raise SettingsError(f"{label}: {message('link_outside', target=shown(os.readlink(path), 60))}")
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_CONFIG_BYTES + 1)
    except OSError as err:
        raise SettingsError(f"{label}: {message('file_unreadable', problem=shown(err.strerror or err, 60))}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise SettingsError(f"{label}:1: {message('file_too_large', kb=MAX_CONFIG_BYTES // 1024)}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise SettingsError(f"{label}: {message('not_utf8', reason=err.reason)}") from None
    loader = _ConfigLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except Refused as err:
        raise SettingsError(f"{label}:{err.line}: {err.text}") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = shown(getattr(err, "problem", None) or err, 120)
        raise SettingsError(f"{label}{line}: {message('config_not_yaml', problem=problem)}") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise SettingsError(f"{label}:1: {message('config_not_a_group')}")
    lines: Lines = {}
    _lines(node, (), lines)
    return data, lines


def _lines(node: yaml.Node | None, path: tuple[str | int, ...], out: Lines) -> None:
    if node is None or len(path) > 6:
        return
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                out[path + (str(key.value),)] = key.start_mark.line + 1
                _lines(value, path + (str(key.value),), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _lines(item, path + (index,), out)


def build_date(environ: Mapping[str, str] | None = None) -> dt.date:
    """Today, or the date in SITE_BUILD_DATE (YYYY-MM-DD) for reproducible builds and tests."""
    environ = os.environ if environ is None else environ
    fixed = environ.get(BUILD_DATE_VARIABLE)
    if not fixed:
        return dt.date.today()
    problem = message("build_date_not_a_date", variable=BUILD_DATE_VARIABLE, value=shown(fixed, 30))
    if not _DATE.match(fixed):
        raise SettingsError(problem)
    try:
        value = dt.date.fromisoformat(fixed)
    except ValueError:
        raise SettingsError(problem) from None
    if not dt.date(2000, 1, 1) <= value <= dt.date(2100, 12, 31):
        raise SettingsError(message("build_date_out_of_range", variable=BUILD_DATE_VARIABLE, value=fixed))
    return value


def site_url(value: object, *, line: int | None = None) -> str:
    """The public address, checked and ending in '/': http(s), a host name, a plain path, nothing else."""
    where = f"{SITE_URL_VARIABLE} (or {CONFIG_FILE}{f':{line}' if line else ''}: site_url)"
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(message("site_url_empty", where=where))
    value = value if value.endswith("/") else value + "/"  # as MkDocs reads it
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise SettingsError(message("site_url_not_an_address", where=where, value=shown(value))) from None
    host = parts.hostname or ""
    ok = (
        parts.scheme in ("http", "https")
        and _HOST.match(host) is not None
        and not parts.username
        and not parts.password
        and not parts.query
        and not parts.fragment
        and "?" not in value
        and "#" not in value
        and _URL_PATH.match(parts.path or "/") is not None
        and (port is None or 0 < port < 65536)
        and value == value.strip()
    )
    if not ok:
        raise SettingsError(message("site_url_not_plain", where=where, value=shown(value)))
    return value


# Material prints these values as text on every page: plain text only (text.plain_text_problem).
TEXT_KEYS = (("site_name",), ("site_description",), ("site_author",), ("copyright",))
# ...and these as links: a relative link or an https:// address (LINKS), or only a file of this site (FILES),
# because the browser loads it with every page.
LINK_KEYS = (("extra", "homepage"), ("edit_uri",))
FILE_KEYS = (("theme", "logo"), ("theme", "favicon"))
# Folders MkDocs reads from or writes to: inside the project folder.
FOLDER_KEYS = (("docs_dir",), ("site_dir",), ("theme", "custom_dir"))
# Characters that end an HTML attribute or start markup. Material prints configuration values into attributes
# without escaping them, so no value anywhere in mkdocs.yml may hold one.
ATTRIBUTE_BREAKERS = '"<>'


def _field(path: tuple[str | int, ...]) -> str:
    return "".join(
        f"[{p}]" if isinstance(p, int) else (f".{shown(p, 40)}" if i else str(p)) for i, p in enumerate(path)
    )


def _get(data: Mapping[str, Any], path: tuple[str | int, ...]) -> Any:
    value: Any = data
    for part in path:
        if isinstance(value, Mapping):
            value = value.get(str(part))
        elif isinstance(value, list) and isinstance(part, int) and part < len(value):
            value = value[part]
        else:
            return None
    return value


def link_problem(value: object, *, site_file: bool = False) -> str | None:
    """Why ``value`` cannot be a link on the site (a phrase), or None: a relative link, or an https:// address
    (``site_file``: only a file of this site, which the browser loads from no other host)."""
    if not isinstance(value, str):
        return message("config_link_not_text")
    # Browsers read a backslash as a slash and drop tabs and line breaks inside a link: read it the same way.
    plain = value.strip().replace("\\", "/")
    try:
        parts = urlsplit("".join(plain.split()) if any(c in plain for c in "\t\n\r") else plain)
    except ValueError:
        parts = None
    external = parts is not None and bool(parts.scheme or parts.netloc)
    if parts is None or bad_character(value) or (external and (site_file or parts.scheme.lower() != "https")):
        return message("config_site_file" if site_file else "config_link", value=shown(value, 60))
    return None


def check_config(data: Mapping[str, Any], lines: Mapping[tuple[str | int, ...], int], root: Path | None) -> None:
    """Everything in ``mkdocs.yml`` that reaches a page, checked: raise :class:`SettingsError` with one line.

    ``data`` is the file as :func:`read_config` read it (or, under Zensical, the configuration it passes).
    """

    def fail(path: tuple[str | int, ...], problem: str) -> SettingsError:
        known = path
        while known and known not in lines:
            known = known[:-1]
        line = lines.get(known)
        return SettingsError(f"{CONFIG_FILE}{f':{line}' if line else ''}: {_field(path)}: {problem}")

    for path, text in _strings(data, ()):
        bad = bad_character(text)
        if bad:
            raise fail(path, message("config_bad_character", character=bad))
        breaker = next((ch for ch in ATTRIBUTE_BREAKERS if ch in text), None)
        # Owner facts are checked by kind and printed escaped; site_url has a stricter check of its own (site_url).
        if breaker and path[:2] != organization.SECTION and path != ("site_url",):
            raise fail(path, message("config_attribute", character=breaker))
    for path in TEXT_KEYS:
        value = _get(data, path)
        problem = plain_text_problem(" ".join(str(value).split())) if value is not None else None
        if problem:
            raise fail(path, problem)
    links: list[tuple[tuple[str | int, ...], bool]] = [(path, False) for path in LINK_KEYS]
    links += [(path, True) for path in FILE_KEYS]
    for key in ("social", "alternate"):
        items = _get(data, ("extra", key))
        links += [(("extra", key, i, "link"), False) for i in range(len(items) if isinstance(items, list) else 0)]
        problem = None if items is None or isinstance(items, list) else message("config_not_a_list")
        if problem:
            raise fail(("extra", key), problem)
    for key in ("extra_css", "extra_javascript"):
        items = _get(data, (key,))
        for i, item in enumerate(items if isinstance(items, list) else []):
            links.append(((key, i, "path") if isinstance(item, Mapping) else (key, i), True))
    for path, site_file in links:
        value = _get(data, path)
        problem = link_problem(value, site_file=site_file) if value is not None else None
        if problem:
            raise fail(path, problem)
    if _get(data, ("repo_url",)) is not None:
        raise fail(("repo_url",), message("config_repo_url"))
    if _get(data, ("extra", "analytics")) is not None:
        raise fail(("extra", "analytics"), message("config_analytics"))
    if isinstance(data.get("theme"), Mapping) and _get(data, ("theme", "font")) is not False:
        raise fail(("theme", "font"), message("config_font"))
    for path in FOLDER_KEYS:
        value = _get(data, path)
        if value is not None and root is not None:
            inside = isinstance(value, str) and (root / value).resolve().is_relative_to(root.resolve())
            if not inside or (path == ("site_dir",) and (root / str(value)).resolve() == root.resolve()):
                raise fail(path, message("config_folder", value=shown(value, 60)))
    _check_nav(data.get("nav"), ("nav",), fail)


def _strings(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every key and text value, with its place."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield path + (str(key),), str(key)
            yield from _strings(item, path + (str(key),))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))


def _check_nav(items: Any, path: tuple[str | int, ...], fail: Callable[..., SettingsError]) -> None:
    """Every ``nav`` title is plain text and every link in it a page, a relative link or an https:// address."""
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, Mapping) and {"title", "children"} <= item.keys():
            # Zensical hands the macros the nav already converted: {"title": ..., "children": [...], ...}.
            problem = plain_text_problem(" ".join(str(item["title"] or "").split()))
            if problem:
                raise fail(path + (index, str(item["title"])), f"the title {problem}")
            _check_nav(item["children"], path + (index, str(item["title"] or "")), fail)
        elif isinstance(item, Mapping):
            for title, target in item.items():
                problem = plain_text_problem(" ".join(str(title).split()))
                if problem:
                    raise fail(path + (index, str(title)), message("nav_title", problem=problem))
                if isinstance(target, str) and (problem := link_problem(target)):
                    raise fail(path + (index, str(title)), problem)
                _check_nav(target, path + (index, str(title)), fail)
        elif isinstance(item, str) and (problem := link_problem(item)):
            raise fail(path + (index,), problem)
