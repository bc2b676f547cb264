"""Owner-supplied business facts: shown when set, visibly 'to be confirmed' when not, never guessed."""

import pytest

from cytokine_site import organization
from cytokine_site.__main__ import preflight_report
from conftest import ROOT


def test_unset_values_show_a_visible_marker():
    org = organization.read({"organization": {"name": "DGS Healthcare", "email": None}})
    assert "to be confirmed" in organization.show(org, "email")
    assert organization.show(org, "name") == "DGS Healthcare"


def test_values_are_escaped():
    org = organization.read({"organization": {"address": "<b>1 Street</b>"}})
    assert str(organization.show(org, "address")) == "&lt;b&gt;1 Street&lt;/b&gt;"


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
