"""Business facts about the agency, supplied by the owner in ``mkdocs.yml`` (``extra.organization``).

Nobody but the owner knows these facts, so none is ever guessed: a value left
empty (``null``) is shown on the site as "to be confirmed" and listed by
``make preflight``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from .messages import message
from .text import Html, plain_text_problem, shown

# Every key the site understands: its kind (how it is checked) and a plain description for preflight.
FIELDS: dict[str, str] = {
    "name": "Trading name shown on the site",
    "legal_name": "Registered legal name of the company",
    "address": "Registered business address",
    "email": "Email address for enquiries and corrections",
    "phone": "Telephone number in international format, e.g. +90 212 000 00 00",
    "whatsapp": "WhatsApp number, digits only with country code, e.g. 902120000000",
    "ushas_authorisation": "Health-tourism intermediary authorisation number issued through USHAS",
    "editor": "Name and role of the person responsible for the site's content",
    "medical_reviewer": "Name, qualification and role of the clinician who reviews the pages",
    "how_we_are_paid": "How the agency is paid (by patients, by hospitals, or both) and how much",
}
KINDS: dict[str, str] = {"email": "email", "phone": "phone", "whatsapp": "whatsapp"}  # the rest: "text"

_EMAIL = re.compile(
    r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_PHONE = re.compile(r"^\+[1-9][0-9 ]{6,20}$")
_WHATSAPP = re.compile(r"^[1-9][0-9]{7,14}$")
_EXPECTED = {
    "email": "an email address like info@example.com, and nothing else (no '?', spaces or names)",
    "phone": "an international number starting with + and the country code, like +90 212 000 00 00 "
    "(digits and spaces only)",
    "whatsapp": "the number in digits only, with the country code and no +, like 902120000000",
}

TBC_TEXT = "to be confirmed"
TBC = Html('<span class="tbc">{}</span>').format(TBC_TEXT)
SECTION = ("extra", "organization")


class OrganizationError(ValueError):
    pass


def read(
    extra: Mapping[str, Any] | None, lines: Mapping[tuple[str | int, ...], int] | None = None, file: str = "mkdocs.yml"
) -> dict[str, str | None]:
    """Every known field (unset ones as ``None``), each checked by its kind; one line per problem."""
    lines = lines or {}

    def fail(key: str | None, message: str) -> OrganizationError:
        path = SECTION + ((key,) if key else ())
        line = lines.get(path) or lines.get(SECTION)
        where = f"{file}:{line}" if line else file
        return OrganizationError(f"{where}: {'.'.join(str(p) for p in path)}: {message}")

    raw = (extra or {}).get("organization")
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise fail(None, message("organization_not_a_group"))
    unknown = sorted(shown(k, 30) for k in raw if k not in FIELDS)
    if unknown:
        raise fail(None, message("organization_unknown_key", unknown=", ".join(unknown), allowed=", ".join(FIELDS)))
    out: dict[str, str | None] = {}
    for key in FIELDS:
        value = raw.get(key)
        if value is None:
            out[key] = None
            continue
        if not isinstance(value, str):
            raise fail(key, message("organization_not_text"))
        value = " ".join(value.split())
        if not value:
            out[key] = None
            continue
        problem = check(key, value)
        if problem:
            raise fail(key, problem)
        out[key] = value
    return out


def check(key: str, value: str) -> str | None:
    """Why ``value`` is not right for the fact ``key`` (a phrase), or None."""
    kind = KINDS.get(key, "text")
    if kind == "text":
        return plain_text_problem(value)
    pattern = {"email": _EMAIL, "phone": _PHONE, "whatsapp": _WHATSAPP}[kind]
    digits = sum(ch.isdigit() for ch in value)
    if not pattern.match(value) or (kind == "phone" and not 8 <= digits <= 15) or len(value) > 254:
        return message("organization_invalid", value=shown(value, 40), expected=_EXPECTED[kind])
    return None


def mailto(email: str) -> str:
    """A ``mailto:`` address for a checked email address, percent-encoded (RFC 6068)."""
    return "mailto:" + quote(email, safe="@")


def missing(org: Mapping[str, str | None]) -> list[str]:
    return [key for key in FIELDS if not org.get(key)]


def show(org: Mapping[str, str | None], key: str) -> Html:
    """The escaped value, or a visible "to be confirmed" marker."""
    if key not in FIELDS:
        raise KeyError(f"unknown organisation field '{key}'; known: {', '.join(FIELDS)}")
    value = org.get(key)
    return Html("{}").format(value) if value else TBC
