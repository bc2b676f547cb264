"""`make check-labels` against a fake DailyMed on 127.0.0.1 that replays recorded answers (tests/data/dailymed/).

The command asks `GET {DAILYMED_URL}/spls/{setid}/history.json` for every US label in the labels registry;
it passes when nothing changed, fails naming the label when a version was published after the revision
cited and the last check, and reports a label it could not check (unknown set id, server error, malformed
answer, no server) in one line, never a traceback. It never writes the data file.
"""

from __future__ import annotations

import hashlib
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cytokine_site import labelwatch
from cytokine_site.loader import load_prices
from helpers import BUILD_DATE, ROOT, TODAY

ANSWERS = ROOT / "tests/data/dailymed"
MAKE = shutil.which("make") or "make"
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES")}
DATA = load_prices(ROOT / "data/prices.yml", today=TODAY)
US_LABELS = {label.dailymed_setid: label for label in DATA.labels if label.dailymed_setid}


class FakeDailyMed(http.server.ThreadingHTTPServer):
    """Answers /base/spls/{setid}/history.json from ``answers`` (setid -> (status, file name)); 404 otherwise."""

    answers: dict[str, tuple[int, str]]
    asked: list[str]


class Handler(http.server.BaseHTTPRequestHandler):
    server: FakeDailyMed

    def do_GET(self) -> None:
        self.server.asked.append(self.path)
        prefix, suffix = "/dailymed/services/v2/spls/", "/history.json"
        setid = self.path[len(prefix) : -len(suffix)] if self.path.startswith(prefix) else ""
        status, name = self.server.answers.get(setid, (404, ""))
        if status in (301, 302):  # ``name`` is where to
            self.send_response(status)
            self.send_header("Location", name)
            self.end_headers()
            return
        body = (ANSWERS / name).read_bytes() if name else b'{"error": "not found"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def dailymed() -> Iterator[FakeDailyMed]:
    server = FakeDailyMed(("127.0.0.1", 0), Handler)
    server.answers = dict.fromkeys(US_LABELS, (200, "unchanged.json"))
    server.asked = []
    # A short poll interval: shutdown() waits for the loop to notice, half a second by default.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def url(server: FakeDailyMed) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/dailymed/services/v2"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The Makefile, lock files and data file, with a stand-in .venv so make installs nothing."""
    repo = tmp_path_factory.mktemp("labels") / "repo"
    (repo / "data").mkdir(parents=True)
    for name in ("Makefile", "requirements.lock", "requirements-test.lock", "package-lock.json", "data/prices.yml"):
        shutil.copy2(ROOT / name, repo / name)
        os.utime(repo / name, (1_000_000_000, 1_000_000_000))
    (repo / ".venv/bin").mkdir(parents=True)
    python = repo / ".venv/bin/python"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    checksum = subprocess.run(
        "cat requirements.lock requirements-test.lock | cksum", shell=True, cwd=repo, capture_output=True, text=True
    ).stdout.split()[0]
    (repo / f".venv/.installed-{checksum}").touch()
    return repo


def make_check_labels(project: Path, dailymed_url: str) -> subprocess.CompletedProcess[str]:
    env = {**CLEAN_ENV, "PYTHONPATH": str(ROOT), "SITE_BUILD_DATE": BUILD_DATE, "DAILYMED_URL": dailymed_url}
    return subprocess.run(
        [MAKE, "--no-print-directory", "check-labels"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr


def test_the_registry_has_us_labels_to_watch():
    assert {"proleukin-us", "besremi-us", "lymphir-us"} <= {label.id for label in US_LABELS.values()}


def test_make_check_labels_passes_when_nothing_changed(project, dailymed):
    before = digest(project / "data/prices.yml")
    result = make_check_labels(project, url(dailymed))
    assert_no_traceback(result)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(US_LABELS)} labels asked of DailyMed: 0 newer, 0 could not be checked" in result.stdout
    assert sorted(path.split("/")[-2] for path in dailymed.asked) == sorted(US_LABELS)
    assert digest(project / "data/prices.yml") == before, "check-labels must never edit the data file"


def test_make_check_labels_fails_and_names_the_label_when_one_is_newer(project, dailymed):
    besremi = next(setid for setid, label in US_LABELS.items() if label.id == "besremi-us")
    dailymed.answers[besremi] = (200, "newer.json")
    before = digest(project / "data/prices.yml")
    result = make_check_labels(project, url(dailymed))
    assert_no_traceback(result)
    assert result.returncode != 0
    newer = [line for line in result.stdout.splitlines() if "was published on" in line]
    assert len(newer) == 1, result.stdout
    assert newer[0].startswith(f"besremi-us: Besremi (ropeginterferon alfa-2b), set id {besremi}: version 12")
    assert "1 December 2026" in newer[0] and "revision cited August 2026" in newer[0]
    assert digest(project / "data/prices.yml") == before


@pytest.mark.parametrize(
    ("status", "answer", "why"),
    [
        (404, "", "DailyMed does not know this set id (HTTP 404)"),
        (500, "unchanged.json", "DailyMed answered HTTP 500"),
        (200, "malformed.json", "the answer is not JSON"),
    ],
    ids=["unknown-set-id", "server-error", "malformed-json"],
)
def test_a_label_that_cannot_be_checked_is_one_line_saying_why(project, dailymed, status, answer, why):
    lymphir = next(setid for setid, label in US_LABELS.items() if label.id == "lymphir-us")
    dailymed.answers[lymphir] = (status, answer)
    result = make_check_labels(project, url(dailymed))
    assert_no_traceback(result)
    assert result.returncode != 0
    lines = [line for line in result.stdout.splitlines() if "could not be checked:" in line]
    assert len(lines) == 1, result.stdout
    assert lines[0].startswith(
        f"lymphir-us: Lymphir (denileukin diftitox), set id {lymphir}: could not be checked: {why}"
    )
    assert "0 newer, 1 could not be checked" in result.stdout


def test_no_server_is_one_line_per_label_and_no_traceback(project, dailymed):
    port = dailymed.server_address[1]
    dailymed.shutdown()
    dailymed.server_close()
    result = make_check_labels(project, f"http://127.0.0.1:{port}/dailymed/services/v2")
    assert_no_traceback(result)
    assert result.returncode == 2
    assert sum("could not be reached" in line for line in result.stdout.splitlines()) == len(US_LABELS)


@pytest.mark.parametrize(
    "value",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/x",
        "javascript:alert(1)",
        "http://user:secret@127.0.0.1/x",
        "http:///nohost",
        "http://127.0.0.1/x?a=1",
        "http://127.0.0.1/x#top",
        "http://127.0.0.1/x y",
        "http://127.0.0.1/$(touch marker)",
        "http://127.0.0.1/" + "a" * 400,
    ],
)
def test_dailymed_url_must_be_a_plain_http_address(value):
    with pytest.raises(labelwatch.WatchError, match=r"^DAILYMED_URL: .* is not a plain http\(s\) address"):
        labelwatch.base_url({"DAILYMED_URL": value})


def test_a_bad_dailymed_url_stops_make_check_labels_with_one_line(project):
    result = make_check_labels(project, "file:///etc/passwd")
    assert_no_traceback(result)
    assert result.returncode == 2
    first = result.stderr.strip().splitlines()[0]
    assert first.startswith("DAILYMED_URL: 'file:///etc/passwd' is not a plain http(s) address"), result.stderr


def test_default_address_is_the_public_service():
    assert labelwatch.base_url({}) == "https://dailymed.nlm.nih.gov/dailymed/services/v2"
    assert labelwatch.base_url({"DAILYMED_URL": "http://127.0.0.1:8080/v2/"}) == "http://127.0.0.1:8080/v2"


def test_newest_version_reads_the_recorded_answers():
    import json

    newest = labelwatch.newest_version(json.loads((ANSWERS / "newer.json").read_text(encoding="utf-8")))
    assert (newest.number, newest.published.isoformat()) == ("12", "2026-12-01")
    for bad, why in [
        ({}, "no 'data' list"),
        ([], "no 'data' list"),
        ({"data": []}, "no version"),
        ({"data": [{"spl_version": 1, "published_date": "2026-08-14"}]}, "no readable published_date"),
        ({"data": ["Aug 14, 2026"]}, "no readable published_date"),
    ]:
        with pytest.raises(labelwatch.WatchError, match=why):
            labelwatch.newest_version(bad)


def test_an_answer_larger_than_the_limit_is_refused(dailymed, tmp_path):
    proleukin = next(iter(US_LABELS))
    dailymed.answers[proleukin] = (200, "newer.json")
    size = (ANSWERS / "newer.json").stat().st_size
    with pytest.raises(labelwatch.WatchError, match="larger than"):
        labelwatch.fetch(labelwatch.history_url(url(dailymed), proleukin), limit=size - 1)
    assert labelwatch.fetch(labelwatch.history_url(url(dailymed), proleukin), limit=size)["data"]


def test_a_redirect_may_lead_only_to_another_http_address(dailymed):
    proleukin = next(iter(US_LABELS))
    dailymed.answers[proleukin] = (302, "ftp://127.0.0.1/history.json")  # urllib itself refuses file:
    with pytest.raises(labelwatch.WatchError, match="redirected to a non-http address"):
        labelwatch.fetch(labelwatch.history_url(url(dailymed), proleukin))
    dailymed.answers[proleukin] = (302, f"{url(dailymed)}/spls/{proleukin}-moved/history.json")
    dailymed.answers[f"{proleukin}-moved"] = (200, "unchanged.json")
    assert labelwatch.newest_version(labelwatch.fetch(labelwatch.history_url(url(dailymed), proleukin))).number == "7"
