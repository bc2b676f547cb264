"""Business facts about the agency, supplied by the owner in ``mkdocs.yml`` (``extra.organization``).

Nobody but the owner knows these facts, so none is ever guessed: a value left
empty (``null``) is shown on the site as "to be confirmed" and listed by
``make preflight``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .text import Html

# Every key the site understands, with a plain description for the preflight report.
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

TBC = Html('<span class="tbc">to be confirmed</span>')


class OrganizationError(ValueError):
    pass


def read(extra: Mapping[str, Any] | None) -> dict[str, str | None]:
    """Return every known field (unset ones as ``None``); reject unknown keys and non-text values."""
    block = dict((extra or {}).get("organization") or {})
    unknown = sorted(set(block) - set(FIELDS))
    if unknown:
        raise OrganizationError(
            f"mkdocs.yml: extra.organization: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(FIELDS)}"
        )
    out: dict[str, str | None] = {}
    for key in FIELDS:
        value = block.get(key)
        if value is not None and not isinstance(value, str):
            raise OrganizationError(f"mkdocs.yml: extra.organization.{key}: must be text in quotes, or null")
        out[key] = value.strip() if isinstance(value, str) and value.strip() else None
    return out


def missing(org: Mapping[str, str | None]) -> list[str]:
    return [key for key in FIELDS if not org.get(key)]


def show(org: Mapping[str, str | None], key: str) -> Html:
    """The escaped value, or a visible "to be confirmed" marker."""
    if key not in FIELDS:
        raise KeyError(f"unknown organisation field '{key}'; known: {', '.join(FIELDS)}")
    value = org.get(key)
    return Html("{}").format(value) if value else TBC
