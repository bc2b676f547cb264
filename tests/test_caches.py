"""The share-image cache: each card drawn once per content."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from PIL import Image

from cytokine_site import settings, share_image
from helpers import ROOT


def age(path: Path, seconds: float) -> None:
    """Set a file's modification time ``seconds`` in the past (older than the "just changed" window)."""
    stamp = time.time() - seconds
    os.utime(path, (stamp, stamp))


def counting(monkeypatch, module, name: str) -> list:
    """Replace ``module.name`` by a wrapper that records each call's arguments."""
    calls: list = []
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


# Share images ----------------------------------------------------------------------------------


def test_a_card_is_drawn_once_then_read_from_the_cache(tmp_path, monkeypatch):
    drawn = counting(monkeypatch, share_image, "render_card")
    first = share_image.card_bytes("Interleukin-2 treatment", "Site", "example.org", tmp_path)
    second = share_image.card_bytes("Interleukin-2 treatment", "Site", "example.org", tmp_path)
    assert len(drawn) == 1
    assert first == second
    with Image.open(io.BytesIO(second)) as image:
        assert image.size == (share_image.WIDTH, share_image.HEIGHT)
    assert [p.suffix for p in tmp_path.iterdir()] == [".png"], "one card, no temporary file left behind"


@pytest.mark.parametrize("change", ["title", "site", "address", "version", "colours", "size", "font"])
def test_a_card_is_drawn_again_when_an_input_changes(tmp_path, monkeypatch, change):
    share_image.card_bytes("Costs of treatment", "Site", "example.org", tmp_path)
    drawn = counting(monkeypatch, share_image, "render_card")
    title, site, address = "Costs of treatment", "Site", "example.org"
    if change == "title":
        title = "Costs of treatment in Turkey"
    elif change == "site":
        site = "Another site"
    elif change == "address":
        address = "example.com/guide"
    elif change == "version":
        monkeypatch.setattr(share_image, "DRAWING_VERSION", share_image.DRAWING_VERSION + 1)
    elif change == "colours":
        monkeypatch.setattr(share_image, "BACKGROUND", (0, 0, 0))
    elif change == "size":
        monkeypatch.setattr(share_image, "WIDTH", 600)
    else:  # another font file (the fallback font when none is installed)
        monkeypatch.setattr(share_image, "font_file", lambda bold: None)
    share_image.card_bytes(title, site, address, tmp_path)
    assert len(drawn) == 1
    assert len(list(tmp_path.glob("*.png"))) == 2


def test_no_cache_folder_means_the_card_is_always_drawn(monkeypatch):
    drawn = counting(monkeypatch, share_image, "render_card")
    share_image.card_bytes("Safety and monitoring", "Site", "example.org", None)
    share_image.card_bytes("Safety and monitoring", "Site", "example.org", None)
    assert len(drawn) == 2


def test_a_damaged_cached_card_is_drawn_again_and_replaced(tmp_path):
    good = share_image.card_bytes("Planning your trip", "Site", "example.org", tmp_path)
    [cached] = tmp_path.glob("*.png")
    cached.write_bytes(b"half a fi")
    assert share_image.card_bytes("Planning your trip", "Site", "example.org", tmp_path) == good
    assert cached.read_bytes() == good


def test_a_cache_that_cannot_be_written_does_not_stop_the_build(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    data = share_image.card_bytes("Glossary of terms", "Site", "example.org", blocked / "cards")
    assert data.startswith(share_image.PNG_SIGNATURE)


def test_using_a_card_marks_it_as_used(tmp_path):
    share_image.card_bytes("About this guide", "Site", "example.org", tmp_path)
    [cached] = tmp_path.glob("*.png")
    age(cached, 40 * 86400)
    share_image.card_bytes("About this guide", "Site", "example.org", tmp_path)
    assert time.time() - cached.stat().st_mtime < 60


def test_prune_deletes_old_cards_and_keeps_the_newest_within_the_cap(tmp_path):
    for number in range(6):
        card = tmp_path / f"{number}.png"
        card.write_bytes(share_image.PNG_SIGNATURE)
        age(card, number * 3600)  # 0.png is the newest
    old = tmp_path / "old.png"
    old.write_bytes(share_image.PNG_SIGNATURE)
    age(old, (share_image.CACHE_MAX_AGE_DAYS + 1) * 86400)
    other = tmp_path / "notes.txt"
    other.write_text("not a card", encoding="utf-8")
    assert share_image.prune(tmp_path, max_files=4) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.png", "1.png", "2.png", "3.png", "notes.txt"]


def test_the_cache_lives_in_a_git_ignored_folder_next_to_mkdocs_yml():
    assert share_image.cache_dir(ROOT / "mkdocs.yml") == ROOT / ".cache" / "share-images"
    assert share_image.cache_dir(None) is None
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/.cache/" in ignored


def test_nav_titles_are_checked_in_the_form_zensical_passes_them():
    lines: dict = {}
    zensical_nav = [
        {"title": "Home", "url": "index.md", "children": []},
        {
            "title": "Costs",
            "url": None,
            "children": [{"title": "Cost *estimates*", "url": "costs/index.md", "children": []}],
        },
    ]
    settings.check_config({"nav": zensical_nav[:1]}, lines, None)
    with pytest.raises(settings.SettingsError, match=r"nav\[1\]\.Costs\[0\]"):
        settings.check_config({"nav": zensical_nav}, lines, None)
