"""Which CJK font the PDF renderer embeds.

fpdf2 embeds a subset of a TrueType font. We prefer TrueType (glyf) CJK fonts from Debian
packages: text extractors such as pdfminer read them back reliably, while CFF-based
OpenType collections (Noto CJK) come out of fpdf2 in a form pdfminer cannot map back to
text. ``GONGKAI_CJK_FONT`` (a path, optionally ``path#index`` for a collection) overrides.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass


@dataclass(frozen=True)
class FontFile:
    path: str
    index: int = 0  # the face inside a .ttc collection


# Known Debian paths, best first: (path, face index).
CANDIDATES = (
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),  # fonts-wqy-zenhei
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),  # fonts-wqy-microhei
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),  # fonts-arphic-uming
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),  # fonts-arphic-ukai
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),  # fonts-droid-fallback
)


def _from_env() -> FontFile | None:
    value = os.environ.get("GONGKAI_CJK_FONT")
    if not value:
        return None
    path, _, index = value.partition("#")
    return FontFile(path, int(index or 0)) if os.path.exists(path) else None


def _from_fontconfig() -> FontFile | None:
    fc = shutil.which("fc-list")
    if not fc:
        return None
    try:
        out = subprocess.run([fc, ":lang=zh:fontformat=TrueType", "file"], capture_output=True, text=True,
                             timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    paths = sorted({line.split(":")[0].strip() for line in out.splitlines() if line.strip()})
    return FontFile(paths[0]) if paths else None


@functools.cache
def cjk_font() -> FontFile | None:
    """The CJK TrueType font to embed, or ``None`` when the machine has none."""
    env = _from_env()
    if env:
        return env
    for path, index in CANDIDATES:
        if os.path.exists(path):
            return FontFile(path, index)
    return _from_fontconfig()


# --- a smaller copy of the font for the PDF renderer ------------------------------------------------
#
# fpdf2 parses the whole TrueType font for every PDF (wqy-zenhei holds some 40,000 glyphs), which is
# most of a report PDF's time. A report's text nearly always stays within GB2312 (6,763 hanzi) plus
# ASCII and punctuation: a copy of the font cut down to those characters is made once (kept in
# ``$GONGKAI_CACHE_DIR`` or ``~/.cache/gongkai``) and used whenever a document's text is covered
# by it; any other text gets the full font. The glyphs are the font's own, so the PDF looks the same.

def _common_chars() -> frozenset[int]:
    chars = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    for lo, hi in ((0x2000, 0x206F), (0x2100, 0x218F), (0x2190, 0x21FF), (0x2460, 0x24FF), (0x2500, 0x257F),
                   (0x25A0, 0x25FF), (0x2600, 0x26FF), (0x3000, 0x303F), (0x3200, 0x32FF), (0xFF00, 0xFFEF)):
        chars |= set(range(lo, hi + 1))
    for hi in range(0xA1, 0xF8):  # GB2312: symbols (rows 1–9) and hanzi (rows 16–87)
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((hi, lo)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def _cache_dir() -> str:
    return os.environ.get("GONGKAI_CACHE_DIR") or os.path.join(os.path.expanduser("~"), ".cache", "gongkai")


@functools.cache
def _reduced(font: FontFile) -> tuple[FontFile, frozenset[int]] | None:
    """The cut-down copy of ``font`` and the characters it holds; ``None`` if it cannot be made here."""
    import hashlib
    import logging
    import tempfile

    try:
        from fontTools import subset, ttLib

        st = os.stat(font.path)
        tag = hashlib.sha256(f"{font.path}#{font.index}:{st.st_size}:{st.st_mtime_ns}:1".encode()).hexdigest()[:16]
        path = os.path.join(_cache_dir(), "fonts", f"common-{tag}.ttf")
        tt = ttLib.TTFont(font.path, fontNumber=font.index, lazy=True)
        keep = _common_chars() & set(tt.getBestCmap())
        if not os.path.exists(path):
            options = subset.Options()
            options.name_IDs = ["*"]
            options.notdef_outline = True
            options.layout_features = ["*"]
            sub = subset.Subsetter(options)
            sub.populate(unicodes=keep)
            sub.subset(tt)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
            os.close(fd)
            tt.save(tmp)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)  # atomic: a concurrent process sees the whole file or none
        return FontFile(path), frozenset(keep)
    except Exception as e:  # noqa: BLE001 - any failure: use the full font, as before
        logging.getLogger(__name__).warning("CJK font subset not made (%s); the full font is used", e)
        return None


def pdf_font(text: str) -> FontFile | None:
    """The font file to embed for a PDF of ``text``: the cut-down copy when it covers the text."""
    font = cjk_font()
    if font is None or os.environ.get("GONGKAI_FULL_FONT") == "1":
        return font
    reduced = _reduced(font)
    if reduced is not None and all(ord(c) in reduced[1] for c in set(text) if c not in "\n\r\t"):
        return reduced[0]
    return font
