"""The JSON Schema that editors' editors (VS Code) use must match the data model."""

from __future__ import annotations

import json

import cytokine_site.__main__ as cli
from helpers import ROOT, in_process

SCHEMA = ROOT / "data/prices.schema.json"


def test_committed_schema_is_up_to_date():
    command = ["python", "-m", "cytokine_site", "schema", "--check"]
    result = in_process(command, lambda: cli.main(command[3:]), ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is up to date" in result.stdout


def test_a_stale_schema_is_caught(tmp_path, monkeypatch, capsys):
    (tmp_path / "data").mkdir()
    stale = json.loads(SCHEMA.read_text(encoding="utf-8"))
    stale["properties"].pop("checklists")
    (tmp_path / "data/prices.schema.json").write_text(json.dumps(stale, indent=2, sort_keys=True) + "\n")
    monkeypatch.setattr(cli, "ROOT", tmp_path)
    assert cli.main(["schema", "--check"]) == 1
    assert "out of date: run `make schema`" in capsys.readouterr().err


def test_data_file_points_editors_at_the_schema():
    first = (ROOT / "data/prices.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=prices.schema.json"
    assert SCHEMA.exists(), "the schema is referenced relative to data/prices.yml"
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert set(schema["required"]) >= {"estimates", "exchange_rates", "checklists", "package_items"}
