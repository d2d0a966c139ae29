"""Page images: loading and rendering within the pixel limit, scaling, deskewing, and the
ruling lines and text lines found in the pixels (OpenCV morphology), before any text is read.
"""

from __future__ import annotations

import io

from ...errors import GongkaiError, ReadError
from .. import grid, limits

RENDER_DPI = 200  # scanned PDF pages are rendered at this resolution


MAX_SIDE = 2400  # pixels: larger images are scaled down (time per page)


MIN_SIDE = 1000  # pixels: smaller images are scaled up (small print)


MIN_GLYPH = 18  # pixels: images whose print is smaller are scaled up


DARK = 160  # grey level below which a pixel is ink


def load_image(data: bytes):
    from PIL import Image, ImageOps

    try:
        image = Image.open(io.BytesIO(data))
        w, h = image.size
        if w * h > limits.MAX_PIXELS:
            raise ReadError(f"图像过大（{w}×{h} 像素）")
        image.load()
        return ImageOps.exif_transpose(image).convert("RGB")
    except GongkaiError:
        raise
    except Image.DecompressionBombError:
        raise ReadError("图像过大（疑似解压炸弹）") from None
    except MemoryError:
        raise ReadError("图像过大，内存不足") from None
    except Exception as e:
        raise ReadError(f"无法读取图像（{type(e).__name__}）：文件可能已损坏或被截断") from None


def render_pdf_page(data: bytes, number: int):
    """Render page ``number`` (1-based) of a PDF to an image for OCR."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
        try:
            page = pdf[number - 1]
            w, h = page.get_size()
            scale = RENDER_DPI / 72
            if w * h * scale * scale > limits.MAX_PIXELS:
                scale = (limits.MAX_PIXELS / (w * h)) ** 0.5
            image = page.render(scale=scale).to_pil().convert("RGB")
            page.close()
        finally:
            pdf.close()
    except Exception as e:
        raise ReadError(f"无法渲染扫描页（{type(e).__name__}）", None, f"第 {number} 页") from None
    return image


def _fit(image):
    from PIL import Image

    w, h = image.size
    side = max(w, h)
    if side > MAX_SIDE:
        f = MAX_SIDE / side
    elif side < MIN_SIDE:
        f = MIN_SIDE / side
    else:
        f = 1.0
    # Small print (a low-resolution scan): enlarge until a character is about 20 pixels tall.
    glyph = _glyph_height(image) * f
    if 0 < glyph < MIN_GLYPH:
        f *= min(MIN_GLYPH / glyph, 3.0, (limits.MAX_PIXELS / 4 / max(w * h * f * f, 1)) ** 0.5)
    if abs(f - 1.0) < 0.05:
        return image
    return image.resize((max(1, round(w * f)), max(1, round(h * f))), Image.Resampling.LANCZOS)


def _glyph_height(image) -> float:
    """The typical height of a mark of ink (a digit, a stroke group of a character), in pixels."""
    import cv2
    import numpy as np

    gray = np.asarray(image.convert("L"))
    ink = (gray < DARK).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    heights = sorted(int(stats[i][3]) for i in range(1, min(n, 20000))
                     if stats[i][4] >= 6 and stats[i][3] < gray.shape[0] / 30 and stats[i][2] < gray.shape[1] / 20)
    return float(heights[int(len(heights) * 0.75)]) if len(heights) >= 20 else 0.0


def skew_angle(gray) -> float:
    """The page's tilt in degrees, from its long near-horizontal runs of ink (rules, underlines).

    Each long run (a connected staircase of horizontal pieces, as a tilted rule becomes)
    gets a fitted slope; the answer is their median weighted by length.
    """
    import cv2
    import numpy as np

    h, w = gray.shape
    f = min(1.0, 1200 / max(h, w))
    small = cv2.resize(gray, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    ink = (small < DARK).astype(np.uint8) * 255
    runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 1)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    length = max(40, small.shape[1] // 6)
    angles, weights = [], []
    for i in range(1, min(n, 2000)):
        x, y, bw, bh, area = stats[i]
        if bw < length or bh > 0.1 * bw + 6:
            continue
        ys, xs = np.nonzero(labels[y:y + bh, x:x + bw] == i)
        if xs.size < 10:
            continue
        slope = np.polyfit(xs[:: max(1, xs.size // 400)], ys[:: max(1, xs.size // 400)], 1)[0]
        angle = float(np.degrees(np.arctan(slope)))
        if abs(angle) <= 5:
            angles.append(angle)
            weights.append(float(bw))
    if not angles:
        return 0.0
    order = np.argsort(angles)
    cumulative = np.cumsum(np.asarray(weights)[order])
    return float(np.asarray(angles)[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def deskew(gray):
    """Rotate a tilted scan level (rules must be straight for the grid); small tilts are left alone."""
    import cv2

    angle = skew_angle(gray)
    if abs(angle) < 0.15:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def find_rules(gray) -> list[grid.Edge]:
    """Long straight runs of ink: the table's ruling lines, as edges in pixel coordinates."""
    import cv2
    import numpy as np

    h, w = gray.shape
    ink = (gray < DARK).astype(np.uint8) * 255
    edges: list[grid.Edge] = []
    # A rule is a run of ink longer than two characters across (h) or one line of text (v). The
    # line of text is measured on one page's height: an image of several pages stacked (a whole
    # report posted as one tall picture) is no taller a page, and its one-row-high rules count.
    page_h = min(h, int(w * 1.5))  # A4 is 1.41 tall for 1 wide
    for orientation, kernel in (("h", (max(40, w // 25), 1)), ("v", (1, max(30, page_h // 60)))):
        # Bridge one-pixel breaks in scanned rules, then keep only long runs.
        close = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(
            cv2.MORPH_RECT, (3, 1) if orientation == "h" else (1, 3)))
        runs = cv2.morphologyEx(close, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        for x, y, bw, bh in _components(runs)[:grid.MAX_EDGES]:
            if orientation == "h":
                edges.append(grid.Edge("h", float(x), y + bh / 2, float(x + bw), y + bh / 2))
            else:
                edges.append(grid.Edge("v", x + bw / 2, float(y), x + bw / 2, float(y + bh)))
    return anchored(edges, max(6.0, w / 200))


def _components(mask) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (x, y, w, h) of the 8-connected regions of ``mask``, top to bottom.

    The outer contour of each region gives its box (the same boxes as connected-component
    labelling, which costs some 30 ms per page on a page of few regions; this about 1 ms).
    """
    import cv2

    contours, hierarchy = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    # RETR_CCOMP: outer contours have no parent; holes have one (and are not regions).
    boxes = [cv2.boundingRect(c) for c, h in zip(contours, hierarchy[0], strict=True) if h[3] < 0]
    return sorted(boxes, key=lambda b: (b[1], b[0]))


def anchored(edges: list[grid.Edge], tol: float) -> list[grid.Edge]:
    """Keep the runs that end on a crossing run, as a table's rules do (at one end at least:
    a rule may stop short where a page break cut the table).

    Strokes of characters stacked one per line (本/年/度 in a vertical label) can line up
    into a run as long as a rule; they float inside a cell instead of meeting rules at
    both ends, and painting them out would erase half of each character.
    """
    def meets(e: grid.Edge, others: list[grid.Edge], at: float) -> bool:
        return any(abs(o.pos - at) <= tol and o.start - tol <= e.pos <= o.end + tol for o in others)

    hs = [e for e in edges if e.orientation == "h"]
    vs = [e for e in edges if e.orientation == "v"]
    return [e for e in edges
            if meets(e, vs if e.orientation == "h" else hs, e.start)
            or meets(e, vs if e.orientation == "h" else hs, e.end)]


def _erase(gray, edges: list[grid.Edge], regions) -> None:
    """Paint the rules of table regions white, so they are read neither as text nor as ``1``."""
    for e in edges:
        if not any(_touches(e, r) for r in regions):
            continue
        x0, x1 = int(e.x0) - 3, int(e.x1) + 4
        y0, y1 = int(e.top) - 3, int(e.bottom) + 4
        gray[max(y0, 0):max(y1, 0), max(x0, 0):max(x1, 0)] = 255


def _touches(e: grid.Edge, region) -> bool:
    x0, top, x1, bottom = region
    return e.x0 >= x0 - 2 and e.x1 <= x1 + 2 and e.top >= top - 2 and e.bottom <= bottom + 2


def _split(box, verticals: list[grid.Edge]) -> list[tuple[float, float, float, float]]:
    """Cut a text box where a ruling line crosses it."""
    x0, top, x1, bottom = box
    cuts = sorted(e.pos for e in verticals
                  if x0 + 3 < e.pos < x1 - 3
                  and min(e.bottom, bottom) - max(e.top, top) > 0.6 * (bottom - top))
    out, start = [], x0
    for c in cuts + [x1]:
        if c - start >= 4:
            out.append((start, top, c, bottom))
        start = c
    return out


def _bands(gray, box) -> list[tuple[int, int]]:
    """Pixel rows of ``box`` holding ink, as (first, last) runs in image coordinates."""
    import numpy as np

    h, w = gray.shape
    x0, top, x1, bottom = (max(int(box[0]), 0), max(int(box[1]), 0), min(int(box[2]) + 1, w),
                           min(int(box[3]) + 1, h))
    if x1 - x0 < 2 or bottom - top < 2:
        return []
    rows = np.flatnonzero((gray[top:bottom, x0:x1] < DARK).any(axis=1))
    if rows.size == 0:
        return []
    out, start, prev = [], int(rows[0]), int(rows[0])
    for r in rows[1:]:
        r = int(r)
        if r - prev > 1:
            out.append((top + start, top + prev))
            start = r
        prev = r
    out.append((top + start, top + prev))
    return out


def _lines(gray, box, line_height: float) -> list[tuple[float, float, float, float]]:
    """The lines of text inside ``box``, each as a tight box around its ink.

    A wrapped label gives one box per line; thin bands (the strokes of 三 or 二, a dot)
    stay with their neighbours.
    """
    import numpy as np

    merged: list[list[int]] = []
    for a, b in _bands(gray, box):
        if merged:
            prev = merged[-1]
            thin = prev[1] - prev[0] + 1 < 0.6 * line_height or b - a + 1 < 0.6 * line_height
            if thin and b - prev[0] + 1 <= 1.15 * line_height and a - prev[1] <= 0.5 * line_height:
                prev[1] = b  # strokes of one character
                continue
        merged.append([a, b])
    x0, x1 = max(int(box[0]), 0), min(int(box[2]) + 1, gray.shape[1])
    merged = [part for a, b in merged for part in _cut_tall(gray, a, b, x0, x1, line_height)]
    out = []
    for a, b in merged:
        cols = np.flatnonzero((gray[a:b + 1, x0:x1] < DARK).any(axis=0))
        if cols.size:
            out.append((float(x0 + cols[0]), float(a), float(x0 + cols[-1] + 1), float(b + 1)))
    return out


def _cut_tall(gray, a: int, b: int, x0: int, x1: int, line_height: float) -> list[list[int]]:
    """Cut a band taller than a line where its lines touch (tight leading): at the emptiest pixel rows."""
    import numpy as np

    if line_height <= 0 or b - a + 1 < 1.8 * line_height:
        return [[a, b]]
    profile = (gray[a:b + 1, x0:x1] < DARK).sum(axis=1).astype(float)
    lines = max(2, round((b - a + 1) / (1.15 * line_height)))
    pitch = (b - a + 1) / lines
    cuts, parts, start = [], [], a
    for k in range(1, lines):
        centre = int(k * pitch)
        lo, hi = max(int(centre - 0.35 * pitch), 1), min(int(centre + 0.35 * pitch), len(profile) - 2)
        if hi <= lo:
            continue
        cut = lo + int(np.argmin(profile[lo:hi + 1]))
        if profile[cut] <= 0.25 * profile.max():
            cuts.append(a + cut)
    for c in cuts:
        if c - start >= 0.7 * line_height and b - c >= 0.7 * line_height:
            parts.append([start, c])
            start = c + 1
    parts.append([start, b])
    return parts
