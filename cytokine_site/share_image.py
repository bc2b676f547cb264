"""Share images ("social cards") for link previews, drawn with Pillow from local fonts only.

Material's social plugin downloads its fonts from Google at build time; this module
needs no network. It uses DejaVu Sans from Debian's ``fonts-dejavu-core`` package
(``.ci/run`` installs it) and falls back to the font bundled with Pillow, so a
machine without DejaVu still builds the site.

``render_card`` is pure: text in, PNG bytes out. ``card_bytes`` is the same with a cache: a card is
drawn only when something that goes into it changes (title, site name, address, fonts, size, colours
or :data:`DRAWING_VERSION`). Cards are kept as ``<hash>.png`` in a git-ignored folder
(``.cache/share-images/`` next to ``mkdocs.yml``), shared by ``mkdocs serve``, ``mkdocs build`` and CI;
files unused for :data:`CACHE_MAX_AGE_DAYS` days are deleted, and at most :data:`CACHE_MAX_FILES` are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import tempfile
import time
from functools import cache
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont

# Change this whenever render_card draws differently: every cached card is then drawn again.
DRAWING_VERSION = 1
CACHE_FOLDER = ".cache/share-images"
CACHE_MAX_AGE_DAYS = 30
CACHE_MAX_FILES = 5000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"  # the IEND chunk every PNG ends with (Pillow's verify stops before it)

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


@cache
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


@cache
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    path = font_file(bold)
    if path:
        return ImageFont.truetype(path, size)
    font = ImageFont.load_default(size)  # Pillow's bundled scalable font (FreeType, since a size is given)
    assert isinstance(font, ImageFont.FreeTypeFont)
    return font


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


def _font_identity(bold: bool) -> list[object]:
    path = font_file(bold)
    if not path:
        return ["pillow-default"]
    stat = os.stat(path)
    return [path, stat.st_size, stat.st_mtime_ns]


def card_key(title: str, site_name: str, address: str) -> str:
    """A hash of everything that goes into a card: equal keys mean identical images."""
    inputs = [
        DRAWING_VERSION,
        PIL.__version__,
        title,
        site_name,
        address,
        _font_identity(True),
        _font_identity(False),
        WIDTH,
        HEIGHT,
        MARGIN,
        BACKGROUND,
        FOREGROUND,
        ACCENT,
        COLOURS,
    ]
    return hashlib.sha256(json.dumps(inputs, ensure_ascii=True).encode()).hexdigest()


def cache_dir(config_file: str | os.PathLike[str] | None) -> Path | None:
    """The card cache for the project whose ``mkdocs.yml`` is ``config_file`` (None: no cache)."""
    return Path(config_file).resolve().parent / CACHE_FOLDER if config_file else None


_last_pruned: dict[Path, float] = {}


def prune(
    folder: Path,
    *,
    max_age_days: float = CACHE_MAX_AGE_DAYS,
    max_files: int = CACHE_MAX_FILES,
    now: float | None = None,
) -> int:
    """Delete cards unused for ``max_age_days`` and the least recently used beyond ``max_files``; return the count."""
    now = time.time() if now is None else now
    if folder.is_symlink() or folder.parent.is_symlink():  # never delete through a link: it may lead anywhere
        return 0
    try:
        files = [
            (entry.stat(follow_symlinks=False).st_mtime, Path(entry.path))
            for entry in os.scandir(folder)
            if entry.name.endswith((".png", ".tmp")) and entry.is_file(follow_symlinks=False)
        ]
    except OSError:
        return 0
    files.sort(reverse=True)  # newest first
    doomed = [
        path for index, (mtime, path) in enumerate(files) if index >= max_files or now - mtime > max_age_days * 86400
    ]
    for path in doomed:
        with contextlib.suppress(OSError):
            path.unlink()
    return len(doomed)


def _maybe_prune(folder: Path) -> None:
    """Prune a folder at most once a day per process (``mkdocs serve`` rebuilds many times)."""
    now = time.time()
    if now - _last_pruned.get(folder, 0.0) > 86400:
        _last_pruned[folder] = now
        prune(folder, now=now)


def whole_card(data: bytes) -> bool:
    """True when ``data`` is a complete card: a PNG of the card's size whose every chunk checks out
    (``verify``) and whose every pixel decodes (``load``). A truncated or damaged file is drawn again."""
    if not (data.startswith(PNG_SIGNATURE) and data.endswith(PNG_END)):
        return False
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG" or image.size != (WIDTH, HEIGHT):
                return False
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        return False
    return True


def card_bytes(title: str, site_name: str, address: str, cache_dir: Path | None = None) -> bytes:
    """:func:`render_card`, read from ``cache_dir`` when the same card was drawn before (None: always draw).

    A cache that cannot be read or written is ignored: the card is drawn and the build goes on.
    """
    if cache_dir is None:
        return render_card(title, site_name, address)
    target = cache_dir / f"{card_key(title, site_name, address)}.png"
    try:
        cached = target.read_bytes()
        if whole_card(cached):
            os.utime(target)  # marks the card as used, for pruning
            return cached
    except OSError:
        pass
    data = render_card(title, site_name, address)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        _maybe_prune(cache_dir)
        # Written under a temporary name, then renamed: a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=cache_dir, prefix=".card-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass
    return data
