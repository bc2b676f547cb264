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
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .messages import message
from .text import plain_text_problem, shown

CONFIG_FILE = "mkdocs.yml"
BUILD_DATE_VARIABLE = "SITE_BUILD_DATE"
SITE_URL_VARIABLE = "SITE_URL"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")
_URL_PATH = re.compile(r"^/[A-Za-z0-9._~/-]*$")

Lines = dict[tuple[str | int, ...], int]


class SettingsError(ValueError):
    """A configuration or environment problem, already phrased as one line."""


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml like MkDocs: ``!ENV NAME`` or ``!ENV [NAME, ..., default]``; other tags give None."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
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
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(path: Path) -> tuple[dict[str, Any], Lines]:
    """``mkdocs.yml`` as data, and the line of every key (``("extra", "organization", "email")`` → 97)."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=_ConfigLoader)
        data = yaml.load(text, Loader=_ConfigLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as err:
        raise SettingsError(f"{path.name}: {message('config_not_yaml', problem=shown(err, 120))}") from None
    lines: Lines = {}
    _lines(node, (), lines)
    return (data if isinstance(data, dict) else {}), lines


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


def check_texts(config: Mapping[str, Any], lines: Mapping[tuple[str | int, ...], int]) -> None:
    """``site_name``, ``site_description`` and every ``nav`` title reach every page as text: plain text only."""

    def fail(path: tuple[str | int, ...], problem: str) -> SettingsError:
        line = lines.get(path) or lines.get(path[:1])
        field = "".join(
            f"[{p}]" if isinstance(p, int) else (f".{shown(p, 40)}" if i else str(p)) for i, p in enumerate(path)
        )
        return SettingsError(f"{CONFIG_FILE}{f':{line}' if line else ''}: {field}: {problem}")

    for key in ("site_name", "site_description"):
        value = config.get(key)
        if value is not None:
            problem = plain_text_problem(" ".join(str(value).split()))
            if problem:
                raise fail((key,), problem)

    def walk(items: Any, path: tuple[str | int, ...]) -> None:
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, Mapping) and {"title", "children"} <= item.keys():
                # Zensical hands the macros the nav already converted: {"title": ..., "children": [...], ...}.
                problem = plain_text_problem(" ".join(str(item["title"] or "").split()))
                if problem:
                    raise fail(path + (index, str(item["title"])), f"the title {problem}")
                walk(item["children"], path + (index, str(item["title"] or "")))
            elif isinstance(item, Mapping):
                for title, target in item.items():
                    problem = plain_text_problem(" ".join(str(title).split()))
                    if problem:
                        raise fail(path + (index, str(title)), message("nav_title", problem=problem))
                    walk(target, path + (index, str(title)))

    walk(config.get("nav"), ("nav",))
