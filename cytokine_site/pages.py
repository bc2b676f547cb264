"""The pages in ``docs/``: front matter checked by a model, and the data ids their macros use.

Both the build (``macros.define_env``, before any page is rendered) and ``python -m cytokine_site
check`` run :func:`check_pages`, so a page that still uses a renamed estimate, a misspelt or
impossible front matter date, a key named like a macro, or a title with markup stops both the
same way: one line naming the file, the line, the field and the fix.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import jinja2
from jinja2 import nodes
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from .loader import DataFileError, read_yaml
from .messages import message
from .model import PriceData, Text
from .text import shown

README = "README.md#search-and-sharing"  # where YAML problems in front matter are explained
TITLE_MIN, TITLE_MAX = 10, 70
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)


class PageError(ValueError):
    """A problem in a page, already phrased as one line."""


def _title(value: str) -> str:
    if not TITLE_MIN <= len(value) <= TITLE_MAX:
        raise ValueError(message("title_length", min=TITLE_MIN, max=TITLE_MAX, length=len(value)))
    return value


class AboutEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    type: Literal["Drug", "MedicalTherapy"]
    name: Text
    other_names: list[Text] | None = None
    brand: Text | None = None


class FrontMatter(BaseModel):
    """The keys a page may set at its top, between the two ``---`` lines."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    title: Annotated[Text, AfterValidator(_title)]
    description: Text
    last_reviewed: Annotated[dt.date, Field(strict=False)]
    next_review: Annotated[dt.date, Field(strict=False)]
    reviewed_by: Text
    about: list[AboutEntry] | None = None
    schema_type: Literal["MedicalWebPage", "FAQPage"] | None = None


# Macros whose arguments name something in the data file: (macro, argument position) -> what it names.
ID_ARGUMENTS: dict[tuple[str, int], str] = {
    ("price_range", 0): "estimates",
    ("savings", 0): "estimates",
    ("savings", 1): "estimates",
    ("checklist", 0): "checklists",
    ("price_table", 1): "currencies",
    ("key_figure", 0): "key_figures",
}


@dataclass(frozen=True)
class Page:
    path: str  # e.g. "docs/costs/index.md"
    meta: FrontMatter
    body_line: int  # the line where the page text starts, after the front matter


def front_matter(text: str, label: str) -> tuple[FrontMatter, int]:
    """The checked front matter of a page and the line its text starts on."""
    found = _FRONT_MATTER.match(text)
    if not found:
        raise PageError(f"{label}:1: {message('front_matter_missing')}")
    body_line = text[: found.end()].count("\n") + 1
    try:
        raw, lines = read_yaml(found.group(1) or "", label=label, guide=README)
    except DataFileError as err:
        # read_yaml counts from the first line inside the front matter: shift by the opening '---'.
        raise PageError(_shift(str(err), label, 1)) from None
    if not isinstance(raw, dict):
        raise PageError(f"{label}:2: {message('front_matter_not_lines')}")
    try:
        meta = FrontMatter.model_validate(raw)
    except ValidationError as err:
        errors = sorted(err.errors(include_url=False), key=lambda e: e["type"] != "extra_forbidden")
        first = errors[0]  # a misspelt key also shows up as a missing one: name the misspelling
        loc = tuple(first["loc"])
        known = loc
        while known and known not in lines:
            known = known[:-1]
        line = lines.get(known, 0) + 1
        field = ".".join(shown(p, 30) for p in loc) or "front matter"
        if first["type"] == "extra_forbidden":
            allowed = ", ".join(FrontMatter.model_fields) if len(loc) == 1 else ", ".join(AboutEntry.model_fields)
            text = message("front_matter_unknown_key", allowed=allowed)
        elif first["type"] == "missing":
            text = message("front_matter_missing_key")
        elif first["type"].startswith("date"):
            text = message("front_matter_date")
        else:
            text = message("front_matter_invalid", problem=str(first["msg"]).removeprefix("Value error, "))
        raise PageError(f"{label}:{line}: {field}: {text}") from None
    if meta.next_review <= meta.last_reviewed:
        raise PageError(
            f"{label}:{lines.get(('next_review',), 0) + 1}: next_review: {message('next_review_too_early')}"
        )
    return meta, body_line


def _shift(message: str, label: str, by: int) -> str:
    found = re.match(re.escape(label) + r":(\d+):(.*)", message, re.DOTALL)
    return f"{label}:{int(found.group(1)) + by}:{found.group(2)}" if found else message


def macro_calls(body: str, label: str, first_line: int) -> Iterable[tuple[str, list[Any], int]]:
    """(macro name, constant arguments (None where not a constant), line) for every call in the page."""
    try:
        tree = jinja2.Environment(autoescape=False).parse(body)  # noqa: S701 - parsed only, never rendered
    except jinja2.TemplateSyntaxError as err:
        raise PageError(
            f"{label}:{first_line + (err.lineno or 1) - 1}: "
            f"{message('page_code', problem=shown(err.message or 'syntax error', 80))}"
        ) from None
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name):
            args = [a.value if isinstance(a, nodes.Const) else None for a in call.args]
            yield call.node.name, args, first_line + call.lineno - 1


def _known(data: PriceData) -> dict[str, set[str]]:
    return {
        "estimates": {e.id for e in data.estimates},
        "checklists": {c.id for c in data.checklists},
        "currencies": set(data.exchange_rates.currencies),
        "key_figures": {f.id for f in data.key_figures},
    }


@dataclass(frozen=True)
class ScannedPage:
    """A page read and parsed: its checked front matter and its macro calls (data ids not yet checked)."""

    page: Page
    calls: tuple[tuple[str, tuple[Any, ...], int], ...]


def scan_page(path: Path, docs_dir: Path, root: Path) -> ScannedPage:
    """Read one page: front matter checked, macro calls listed; raise :class:`PageError` on a problem."""
    label = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    text = path.read_text(encoding="utf-8")
    meta, body_line = front_matter(text, label)
    body = text[_FRONT_MATTER.match(text).end() :]  # type: ignore[union-attr]
    calls = tuple((name, tuple(args), line) for name, args, line in macro_calls(body, label, body_line))
    return ScannedPage(Page(label, meta, body_line), calls)


def check_pages(
    docs_dir: Path,
    data: PriceData,
    *,
    root: Path | None = None,
    scan: Callable[[Path, Path, Path], ScannedPage] = scan_page,
) -> dict[str, Page]:
    """Check every Markdown page under ``docs_dir``; raise :class:`PageError` with one line on the first problem.

    ``scan`` reads one page (``project`` passes a cached :func:`scan_page`).
    """
    root = root or docs_dir.parent
    known = _known(data)
    pages: dict[str, Page] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        scanned = scan(path, docs_dir, root)
        label = scanned.page.path
        for name, args, line in scanned.calls:
            for position, value in enumerate(args):
                kind = ID_ARGUMENTS.get((name, position))
                if kind and value is not None and value not in known[kind]:
                    raise PageError(
                        f"{label}:{line}: "
                        + message(
                            "unknown_data_id",
                            macro=name,
                            value=shown(value, 40),
                            kind=kind,
                            known=", ".join(sorted(known[kind])),
                        )
                    )
        pages[path.relative_to(docs_dir).as_posix()] = scanned.page
    return pages
