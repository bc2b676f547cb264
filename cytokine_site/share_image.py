"""Share images ("social cards") for link previews, drawn with Pillow from local fonts only.

Material's social plugin downloads its fonts from Google at build time; this module
needs no network. It uses DejaVu Sans from Debian's ``fonts-dejavu-core`` package
(``.ci/run`` installs it) and falls back to the font bundled with Pillow, so a
machine without DejaVu still builds the site.

``render_card`` is pure: text in, PNG bytes out.
"""

from __future__ import annotations

import io
import os
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BACKGROUND = (48, 63, 159)  # Material indigo 700: white text on it has a contrast ratio above 8:1
FOREGROUND = (255, 255, 255)
ACCENT = (197, 202, 233)  # indigo 100, for the address line
COLOURS = 16  # palette size: enough for anti-aliased text, keeps each card small

FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",  # Debian/Ubuntu fonts-dejavu-core
    "/usr/share/fonts/dejavu",  # Fedora
    "/usr/share/fonts/TTF",  # Arch
)


@lru_cache(maxsize=None)
def font_file(bold: bool) -> str | None:
    """Path of DejaVu Sans (bold or regular), or None when it is not installed.

    ``SHARE_IMAGE_FONT_DIR`` may name another directory holding the DejaVu files.
    """
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    dirs = ([os.environ["SHARE_IMAGE_FONT_DIR"]] if os.environ.get("SHARE_IMAGE_FONT_DIR") else []) + list(FONT_DIRS)
    for folder in dirs:
        candidate = Path(folder) / name
        if candidate.is_file():
            return str(candidate)
    return None


@lru_cache(maxsize=None)
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    path = font_file(bold)
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)  # Pillow's bundled scalable font


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap to ``width`` pixels; a single over-long word gets its own line."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if not current or font.getlength(trial) <= width:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def _title_layout(title: str, width: int, max_height: int) -> tuple[ImageFont.FreeTypeFont, list[str], int]:
    """The largest title size (72 px down to 40 px) whose wrapped lines fit the space."""
    for size in range(72, 39, -4):
        font = _font(size, True)
        lines = wrap(title, font, width)
        line_height = int(size * 1.22)
        if len(lines) * line_height <= max_height and all(font.getlength(line) <= width for line in lines):
            return font, lines, line_height
    font = _font(40, True)
    line_height = int(40 * 1.22)
    lines = wrap(title, font, width)[: max_height // line_height]
    return font, lines, line_height


def render_card(title: str, site_name: str, address: str) -> bytes:
    """A 1200 x 630 PNG: the site name at the top, the page title large, the web address at the bottom."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN

    top = _font(40, True)
    draw.text((MARGIN, MARGIN - 10), site_name, font=top, fill=FOREGROUND)
    draw.rectangle((MARGIN, MARGIN + 52, MARGIN + 120, MARGIN + 58), fill=ACCENT)

    title_top, title_bottom = MARGIN + 100, HEIGHT - MARGIN - 60
    font, lines, line_height = _title_layout(title, inner, title_bottom - title_top)
    y = title_top + (title_bottom - title_top - len(lines) * line_height) // 2
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=FOREGROUND)
        y += line_height

    small = _font(30, False)
    draw.text((MARGIN, HEIGHT - MARGIN - 20), address, font=small, fill=ACCENT)

    out = io.BytesIO()
    palette = image.quantize(colors=COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    palette.save(out, format="PNG", compress_level=6)
    return out.getvalue()
