"""A broken data file stops the real build with one line (file:line: field: fix) and no traceback."""

import pytest
from test_loader import CASES, line_of

from helpers import BUILD_DATE, build, copy_project


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("bad-data") / "project")


@pytest.mark.parametrize("name, text, field, expected, marker", CASES, ids=[c[0] for c in CASES])
def test_build_stops_with_one_clear_line(project, tmp_path, name, text, field, expected, marker):
    (project / "data/prices.yml").write_text(text, encoding="utf-8")
    result = build(project, tmp_path / "site", extra_env={"SITE_BUILD_DATE": BUILD_DATE})
    assert result.returncode != 0, f"{name}: the build should have failed"
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    lines = [line for line in output.splitlines() if "data/prices.yml" in line]
    assert len(lines) == 1, output
    assert expected in lines[0]
    if marker is not None:
        assert f"data/prices.yml:{line_of(text, marker)}: " in lines[0]
    assert not (tmp_path / "site" / "index.html").exists(), "nothing half-built may be left to deploy"


def test_script_in_the_data_never_reaches_a_page(project, tmp_path):
    from test_loader import edit

    text = edit("    name: United Kingdom\n", "    name: <script>alert(1)</script>\n")
    (project / "data/prices.yml").write_text(text, encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert not any(p.read_text().count("<script>alert(1)") for p in (tmp_path / "site").rglob("*.html"))
