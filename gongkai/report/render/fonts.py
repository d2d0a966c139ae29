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
