"""The pages in ``docs/``: front matter checked by a model, and the data ids their macros use.

Both the build (``macros.define_env``, before any page is rendered) and ``python -m cytokine_site
check`` run :func:`check_pages`, so a page that still uses a renamed estimate, a misspelt or
impossible front matter date, a key named like a macro, or a title with markup stops both the
same way: one line naming the file, the line, the field and the fix.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import jinja2
from jinja2 import nodes
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, get_files
from mkdocs.utils.meta import YAML_RE
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from .loader import DataFileError, read_yaml
from .messages import message
from .model import Text
from .text import shown

README = "README.md#search-and-sharing"  # where YAML problems in front matter are explained
# The front matter limits. A title of at most TITLE_MAX characters fits a search result; the <title> adds the
# brand only while the whole still fits (seo.html_title). A description is what a search result shows under it.
TITLE_MIN, TITLE_MAX = 10, 60
DESCRIPTION_MIN, DESCRIPTION_MAX = 70, 160
MAX_PAGE_BYTES = 1024 * 1024  # the longest real page is about 20 KB


class PageError(ValueError):
    """A problem in a page, already phrased as one line."""


class MacroError(ValueError):
    """A macro call that cannot be rendered, already phrased as one line (without the page)."""


def _length(low: int, high: int) -> AfterValidator:
    def check(value: str) -> str:
        if not low <= len(value) <= high:
            raise ValueError(message("title_length", min=low, max=high, length=len(value)))
        return value

    return AfterValidator(check)


class Drug(BaseModel):
    """A medicine the page is about, for its structured data: only names, never claims."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    type: Literal["Drug"]
    name: Text
    other_names: list[Text] | None = None
    brand: Text | None = None


class MedicalTherapy(BaseModel):
    """A kind of treatment the page is about: only names."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    type: Literal["MedicalTherapy"]
    name: Text
    other_names: list[Text] | None = None


AboutEntry = Annotated[Drug | MedicalTherapy, Field(discriminator="type")]
ABOUT_TYPES: dict[str, type[BaseModel]] = {"Drug": Drug, "MedicalTherapy": MedicalTherapy}


class FrontMatter(BaseModel):
    """The keys a page may set at its top, between the two ``---`` lines."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    title: Annotated[Text, _length(TITLE_MIN, TITLE_MAX)]
    description: Annotated[Text, _length(DESCRIPTION_MIN, DESCRIPTION_MAX)]
    last_reviewed: Annotated[dt.date, Field(strict=False)]
    next_review: Annotated[dt.date, Field(strict=False)]
    reviewed_by: Text
    about: list[AboutEntry] | None = None
    schema_type: Literal["MedicalWebPage", "FAQPage"] | None = None


@dataclass(frozen=True)
class Page:
    path: str  # e.g. "docs/costs/index.md"
    meta: FrontMatter
    body_line: int  # the line where the page text starts, after the front matter


def label(docs_dir: str | Path, src_uri: str, root: str | Path) -> str:
    """How messages name a page: its path from the project folder (``docs/costs/index.md``)."""
    path = Path(docs_dir) / src_uri
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def front_matter(text: str, label: str) -> tuple[FrontMatter, int]:
    """The checked front matter of a page and the line its text starts on.

    The front matter is found exactly as MkDocs finds it (``mkdocs.utils.meta``): a page without it, for MkDocs,
    has none, and gets this error.
    """
    found = YAML_RE.match(text)
    if not found:
        raise PageError(f"{label}:1: {message('front_matter_missing')}")
    body = text[found.end() :].lstrip("\n")  # what MkDocs hands the macros
    body_line = text[: len(text) - len(body)].count("\n") + 1
    try:
        raw, lines = read_yaml(found.group(1) or "", label=label, guide=README)
    except DataFileError as err:
        # read_yaml counts from the first line inside the front matter: shift by the opening '---'.
        raise PageError(_shift(str(err), label, 1)) from None
    if not isinstance(raw, dict):
        raise PageError(f"{label}:2: {message('front_matter_not_lines')}")
    return validate(raw, label, {path: line + 1 for path, line in lines.items()}), body_line


def validate(raw: Mapping[str, Any], label: str, lines: Mapping[tuple[str | int, ...], int]) -> FrontMatter:
    """``raw`` front matter as a :class:`FrontMatter`, or :class:`PageError` naming the line (from ``lines``)."""
    try:
        meta = FrontMatter.model_validate(raw)
    except ValidationError as err:
        errors = sorted(err.errors(include_url=False), key=lambda e: e["type"] != "extra_forbidden")
        first = errors[0]  # a misspelt key also shows up as a missing one: name the misspelling
        # pydantic names the type of an ``about`` entry in the location: ("about", 0, "Drug", "brand").
        loc = tuple(p for i, p in enumerate(first["loc"]) if not (i == 2 and p in ABOUT_TYPES))
        about_type = first["loc"][2] if len(first["loc"]) > 3 else None
        known = loc
        while known and known not in lines:
            known = known[:-1]
        line = lines.get(known, 1)
        field = ".".join(shown(p, 30) for p in loc) or "front matter"
        if first["type"] == "extra_forbidden":
            model = ABOUT_TYPES.get(str(about_type), FrontMatter)
            allowed = ", ".join(model.model_fields)
            text = message("front_matter_unknown_key", allowed=allowed)
        elif first["type"] == "missing":
            text = message("front_matter_missing_key")
        elif first["type"] == "union_tag_invalid":
            text = message("front_matter_invalid", problem=f"the type must be one of {', '.join(ABOUT_TYPES)}")
        elif first["type"].startswith("date"):
            text = message("front_matter_date")
        else:
            problem = str(first["msg"]).removeprefix("Value error, ")
            text = problem if "(see " in problem else message("front_matter_invalid", problem=problem)
        raise PageError(f"{label}:{line}: {field}: {text}") from None
    if meta.next_review <= meta.last_reviewed:
        raise PageError(f"{label}:{lines.get(('next_review',), 1)}: next_review: {message('next_review_too_early')}")
    return meta


def _shift(message: str, label: str, by: int) -> str:
    found = re.match(re.escape(label) + r":(\d+):(.*)", message, re.DOTALL)
    return f"{label}:{int(found.group(1)) + by}:{found.group(2)}" if found else message


Call = tuple[str, tuple[Any, ...], dict[str, Any], int]  # macro, arguments, keyword arguments, line


def macro_calls(body: str, label: str, first_line: int, macros: Mapping[str, object]) -> Iterator[Call]:
    """Every macro call in the page's code, with its arguments worked out; a call MkDocs could not make the same
    way every time (an argument that is not a plain value, a macro used without a call, a name that is not a
    macro) raises :class:`PageError`."""
    environment = jinja2.Environment(autoescape=False)  # noqa: S701 - parsed only, never rendered
    try:
        tree = environment.parse(body)
    except jinja2.TemplateSyntaxError as err:
        raise PageError(
            f"{label}:{first_line + (err.lineno or 1) - 1}: "
            f"{message('page_code', problem=shown(err.message or 'syntax error', 80))}"
        ) from None
    context = nodes.EvalContext(environment)
    defined = {n.name for n in tree.find_all(nodes.Macro)} | {
        n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")
    }
    called: set[int] = set()
    for call in tree.find_all(nodes.Call):
        line = first_line + call.lineno - 1
        if not isinstance(call.node, nodes.Name):
            continue
        name = call.node.name
        called.add(id(call.node))
        if name not in macros:
            if name not in defined and name not in environment.globals:
                known = ", ".join(sorted(macros))
                raise PageError(f"{label}:{line}: {message('macro_unknown', name=shown(name, 40), known=known)}")
            continue
        try:
            args = tuple(a.as_const(context) for a in call.args)
            kwargs = {k.key: k.value.as_const(context) for k in call.kwargs}
            if call.dyn_args is not None:
                args += tuple(call.dyn_args.as_const(context))
            if call.dyn_kwargs is not None:
                kwargs.update(call.dyn_kwargs.as_const(context))
        except Exception:  # nodes.Impossible, or a value that is not a list or mapping
            raise PageError(f"{label}:{line}: {message('macro_argument_not_plain', macro=name)}") from None
        yield name, args, kwargs, line
    for node in tree.find_all(nodes.Name):
        if (node.name in macros or node.name == "macros") and id(node) not in called:  # "macros": all of them
            raise PageError(f"{label}:{first_line + node.lineno - 1}: {message('macro_not_called', name=node.name)}")
    for used in tree.find_all((nodes.Filter, nodes.Test)):
        if used.name in macros:
            raise PageError(f"{label}:{first_line + used.lineno - 1}: {message('macro_not_called', name=used.name)}")


def read_page(file: File, label: str) -> str:
    """A page's text as MkDocs reads it (UTF-8, a byte-order mark dropped, line ends made ``\\n``)."""
    try:
        info = os.stat(file.abs_src_path)  # type: ignore[arg-type]
        if not stat.S_ISREG(info.st_mode):
            raise PageError(f"{label}: {message('page_not_a_file')}")
        if info.st_size > MAX_PAGE_BYTES:
            raise PageError(f"{label}: {message('page_too_large', kb=MAX_PAGE_BYTES // 1024)}")
        return file.content_string
    except UnicodeDecodeError as err:
        raise PageError(f"{label}: {message('page_not_utf8', reason=err.reason)}") from None
    except OSError as err:
        raise PageError(f"{label}: {message('file_unreadable', problem=shown(err.strerror or err, 60))}") from None


def check_pages(config: MkDocsConfig, root: Path, macros: Mapping[str, Callable[..., str]]) -> dict[str, Page]:
    """Check every page MkDocs collects for ``config`` (its own file list: every Markdown extension, folders
    behind links), each macro call run as the build runs it; raise :class:`PageError` on the first problem."""
    found: dict[str, Page] = {}
    for file in get_files(config).documentation_pages():
        where = label(config.docs_dir, file.src_uri, root)
        text = read_page(file, where)
        meta, body_line = front_matter(text, where)
        body = "\n".join(text.split("\n")[body_line - 1 :])
        for name, args, kwargs, line in macro_calls(body, where, body_line, macros):
            try:
                macros[name](*args, **kwargs)
            except MacroError as err:
                raise PageError(f"{where}:{line}: {err}") from None
        found[file.src_uri] = Page(where, meta, body_line)
    return found
