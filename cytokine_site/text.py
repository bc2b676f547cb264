"""Plain text in, inert HTML out: the one rule for every value that comes from outside the code.

Text from the data file, the owner facts in ``mkdocs.yml``, front matter and environment variables
reaches a page only as text. Two layers make sure of that:

- **validation** (:func:`plain_text_problem`): such text may not contain characters that mean
  something to HTML or to Markdown (links, images, attribute lists, emphasis, code, tables),
  nor invisible or direction-changing characters that make the text read differently from
  what the file holds;
- **escaping** (:class:`Html`): macro output is read again by Markdown, so escaping ``<>&"`` is not
  enough. ``Html.format`` and ``Html + str`` write every character that has a meaning in
  HTML or Markdown as a numeric character reference, which both leave alone.

:func:`shown` prints an untrusted value inside an error message on one harmless line.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from markupsafe import Markup

# Characters with a meaning in HTML or in Markdown inside a line (links, images, attr_list, footnotes,
# abbreviations, emphasis, code, tables). Html.escape writes each as &#N;, which Markdown leaves alone.
INLINE_ACTIVE = "&<>\"'`*_{}[]#!|\\~^"
# At the start of a line a few more characters start a block (list, heading, definition, setext
# underline); Html.escape also encodes the first character of a value when it is one of them, and
# the '.' or ')' of a leading number ("1. Item").
LINE_START_ACTIVE = "+-=:."
_ESCAPES = {ord(ch): f"&#{ord(ch)};" for ch in INLINE_ACTIVE}
_LEADING_NUMBER = re.compile(r"^(\d+)([.)])")

# What plain text in the data file and the owner facts may not contain, with the name shown to editors.
FORBIDDEN_IN_TEXT: dict[str, str] = {
    "<": "'<' (HTML)",
    ">": "'>' (HTML)",
    "|": "'|' (it splits a table cell)",
    "[": "'[' (Markdown link or image)",
    "]": "']' (Markdown link or image)",
    "{": "'{' (Markdown attributes and page code)",
    "}": "'}' (Markdown attributes and page code)",
    "`": "'`' (Markdown code)",
    "*": "'*' (Markdown emphasis)",
    "_": "'_' (Markdown emphasis)",
    "\\": "'\\' (Markdown escape)",
}
_FORBIDDEN_RE = re.compile("[" + re.escape("".join(FORBIDDEN_IN_TEXT)) + "]")
_SCHEMES_RE = re.compile(r"\b(?:javascript|vbscript|data|file)\s*:", re.IGNORECASE)

TEXT_MAX_LENGTH = 600


class Html(Markup):
    """Markup whose ``format`` and ``+`` escape every HTML- and Markdown-active character."""

    __slots__ = ()

    @classmethod
    def escape(cls, s: Any) -> Html:
        if hasattr(s, "__html__"):
            return cls(s.__html__())
        text = str(s)
        if text and text[0] in LINE_START_ACTIVE:
            text = f"&#{ord(text[0])};{text[1:].translate(_ESCAPES)}"
        else:
            text = _LEADING_NUMBER.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", text.translate(_ESCAPES), 1)
        return cls(text)


# Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt): characters shown as nothing.
# It is every format character (category Cf, refused with the other C categories) plus these ranges, its
# Other_Default_Ignorable_Code_Point and Variation_Selector parts (PropList.txt), such as the Hangul fillers
# (U+115F, U+1160, U+3164, U+FFA0), which are letters that draw nothing.
_DEFAULT_IGNORABLE = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x2065, 0x2065),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0xE0000, 0xE0FFF),
)


def invisible(ch: str) -> bool:
    """True for a control, format, separator or default-ignorable character: one that draws nothing, or
    changes how the text around it reads, so the page would not show what the file seems to say."""
    category = unicodedata.category(ch)
    code = ord(ch)
    return category[0] == "C" or category in ("Zl", "Zp") or any(a <= code <= b for a, b in _DEFAULT_IGNORABLE)


# Printable ASCII is never invisible: only the other characters need a look at their Unicode category.
_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")


def bad_character(value: str) -> str | None:
    """A description of the first control, invisible or direction-changing character, or None.

    Letters, digits, punctuation, symbols and ordinary spaces are fine; tabs and line breaks are
    fine in a file but not inside one value (callers collapse whitespace first).
    """
    for found in _NOT_PRINTABLE_ASCII.finditer(value):
        ch = found.group()
        if ch not in "\t\n\r" and invisible(ch):
            return f"U+{ord(ch):04X} {unicodedata.name(ch, 'control character')}"
    return None


_ASCII_LETTER_OR_DIGIT = re.compile(r"[A-Za-z0-9]")


def blank(value: str) -> bool:
    """True when ``value`` has no letter or digit: it looks empty on a page (spaces, U+2800 BRAILLE PATTERN
    BLANK...) or says nothing (punctuation and symbols only)."""
    if _ASCII_LETTER_OR_DIGIT.search(value):
        return False
    return not any(unicodedata.category(ch)[0] in "LN" and not invisible(ch) for ch in value)


def plain_text_problem(value: str) -> str | None:
    """Why ``value`` is not plain text for a page (a phrase for an editor), or None if it is."""
    bad = bad_character(value)
    if bad:
        return f"contains an invisible or control character ({bad}); delete it and type the text again"
    if blank(value):
        return "has no letter or digit, so it would show as blank or meaningless; write the text in words"
    found = _FORBIDDEN_RE.search(value)
    if found:
        return (
            f"must be plain text; remove {FORBIDDEN_IN_TEXT[found.group()]}: "
            "these characters have a special meaning on web pages"
        )
    if "{{" in value or "{%" in value:
        return "must be plain text; remove the '{{' or '{%' page code"
    scheme = _SCHEMES_RE.search(value)
    if scheme:
        return f"must be plain text; remove '{scheme.group().strip()}' (it looks like a link that runs code)"
    if len(value) > TEXT_MAX_LENGTH:
        return f"is {len(value)} characters long; keep it under {TEXT_MAX_LENGTH} characters"
    return None


_SHOWN_AS = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown_character(found: re.Match[str]) -> str:
    ch = found.group()
    if ch in _SHOWN_AS:
        return _SHOWN_AS[ch]
    if invisible(ch):
        return f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"
    return ch


def shown(value: Any, limit: int = 60) -> str:
    """An untrusted value for an error message: one line, no control characters, cut to ``limit``."""
    result = _NOT_PRINTABLE_ASCII.sub(_shown_character, str(value))
    return result if len(result) <= limit else result[: limit - 1] + "…"
