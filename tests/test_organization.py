"""Owner-supplied business facts: shown when set, visibly 'to be confirmed' when not, never guessed."""

import pytest

from cytokine_site import organization
from cytokine_site.__main__ import preflight_report
from helpers import ROOT


def test_unset_values_show_a_visible_marker():
    org = organization.read({"organization": {"name": "DGS Healthcare", "email": None}})
    assert "to be confirmed" in organization.show(org, "email")
    assert organization.show(org, "name") == "DGS Healthcare"


def test_values_are_escaped_for_html_and_markdown():
    org = organization.read({"organization": {"address": "1. R&D Street #2 (\"Unit\" 'A')"}})
    assert str(organization.show(org, "address")) == "1&#46; R&#38;D Street &#35;2 (&#34;Unit&#34; &#39;A&#39;)"


@pytest.mark.parametrize(
    "key, value, words",
    [
        ("email", "info@example.com?bcc=someone@elsewhere.example", "an email address"),
        ("email", "Info <info@example.com>", "an email address"),
        ("whatsapp", "not a number", "digits only"),
        ("whatsapp", "+90 212 000 00 00", "digits only"),
        ("phone", "0212 000", "starting with +"),
        ("phone", "+90 212 000 00 00 ext 5", "starting with +"),
        ("address", "[home](javascript:alert(1))", "remove '['"),
        ("editor", "Ed {: onclick=alert(1) }", "remove '{'"),
        ("legal_name", "Name\u202eevil", "invisible"),
    ],
)
def test_each_fact_is_checked_by_its_kind_with_its_line(key, value, words):
    with pytest.raises(organization.OrganizationError) as info:
        organization.read({"organization": {key: value}}, {("extra", "organization", key): 97})
    message = str(info.value)
    assert message.startswith(f"mkdocs.yml:97: extra.organization.{key}: ") and words in message
    assert "\n" not in message


def test_a_fact_enters_a_url_only_encoded():
    assert organization.mailto("a+b@example.org") == "mailto:a%2Bb@example.org"
    org = organization.read(
        {"organization": {"email": "info@example.com", "whatsapp": "902120000000", "phone": "+90 212 000 00 00"}}
    )
    assert org["email"] == "info@example.com" and org["whatsapp"] == "902120000000"


def test_unknown_keys_and_non_text_are_rejected():
    with pytest.raises(organization.OrganizationError, match="unknown key"):
        organization.read({"organization": {"emial": "x@example.org"}})
    with pytest.raises(organization.OrganizationError, match="must be text"):
        organization.read({"organization": {"phone": 905551234567}})


def test_preflight_lists_every_unset_fact(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_url: !ENV [SITE_URL, 'http://x/']\nextra:\n  organization:\n    name: A\n    email: a@example.org\n",
        encoding="utf-8",
    )
    missing, report = preflight_report(config)
    assert "email" not in missing and "name" not in missing
    assert set(missing) == set(organization.FIELDS) - {"name", "email"}
    for key in missing:
        assert f"`{key}`" in report


def test_real_config_is_readable():
    missing, report = preflight_report(ROOT / "mkdocs.yml")
    assert report.startswith("## Preflight")
