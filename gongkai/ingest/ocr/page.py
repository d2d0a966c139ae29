"""One page image into page elements (:mod:`gongkai.ingest.pages`): tables from the rules,
cells read inside them, text outside them found by the detector and read line by line.
"""

from __future__ import annotations

from ...errors import GongkaiError, ReadError
from .. import grid
from ..pages import Block, Line, Skipped
from .engine import engine
from .image import DARK, _bands, _erase, _fit, _lines, deskew, find_rules
from .recognition import recognise

DET_SIDE = 1024  # pixels: text is detected on a copy no larger than this (then read at full size)


DET_MARGIN = 16  # pixels of the detector's copy: white kept around ink (the rest is cut out)


DET_INK = 200  # grey level of the detector's (downscaled) copy below which a pixel counts as ink


SHORT_LINE = 24  # line heights: longer lines outside tables are narrative


def text_mode() -> str:
    """What OCR reads outside tables: ``all`` (default) or ``short`` (``GONGKAI_OCR_TEXT=short``).

    ``short`` reads every table cell, the whole first page (title, agency, period) and,
    elsewhere, only lines up to :data:`SHORT_LINE` line heights long — headings, dates,
    the ends of paragraphs — and skips running narrative, which costs most of the time on
    a text page. For batch reading of table values; the report's sections stay incomplete.
    """
    import os

    return "short" if os.environ.get("GONGKAI_OCR_TEXT", "all").strip().lower() == "short" else "all"


def _vertical(lines, line_height: float) -> bool:
    """A label printed one character per line (a narrow merged cell)."""
    return len(lines) >= 3 and all(b[2] - b[0] <= 1.5 * line_height for b in lines)


def _detect(gray) -> list[tuple[float, float, float, float]]:
    """Text boxes (x0, top, x1, bottom in ``gray``'s pixels), found on a copy scaled to :data:`DET_SIDE`.

    Detection costs in proportion to pixels, and most of a page is white (margins, the
    blanked tables, the space between paragraphs): the copy keeps only the rows and columns
    within :data:`DET_MARGIN` of ink, stacked together, and the boxes are mapped back.
    """
    import cv2
    import numpy as np

    h, w = gray.shape
    f = min(1.0, DET_SIDE / max(h, w))
    small = cv2.resize(gray, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA) \
        if f < 1.0 else gray
    ink = small < DET_INK
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if rows.size == 0:
        return []
    x0, x1 = max(int(cols[0]) - DET_MARGIN, 0), min(int(cols[-1]) + DET_MARGIN + 1, small.shape[1])
    near = np.zeros(small.shape[0] + 1, dtype=np.int32)  # rows within DET_MARGIN of an inked row
    np.add.at(near, np.maximum(rows - DET_MARGIN, 0), 1)
    np.add.at(near, np.minimum(rows + DET_MARGIN + 1, small.shape[0]), -1)
    keep = np.cumsum(near[:-1]) > 0
    edges = np.flatnonzero(np.diff(np.concatenate([[0], keep.astype(np.int8), [0]])))
    spans = list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))  # kept rows [a, b)
    compact = np.concatenate([small[a:b, x0:x1] for a, b in spans], axis=0)
    det, _ = engine().text_det(np.ascontiguousarray(np.stack([compact] * 3, axis=-1)))
    starts = np.cumsum([0] + [b - a for a, b in spans])  # where each kept span starts in the copy

    def back(y: float) -> float:
        k = min(max(int(np.searchsorted(starts, y, side="right")) - 1, 0), len(spans) - 1)
        return (spans[k][0] + y - starts[k]) / f

    boxes = []
    for quad in det if det is not None else []:
        xs = [(float(p[0]) + x0) / f for p in quad]
        ys = [float(p[1]) for p in quad]
        boxes.append((min(xs), back(min(ys)), max(xs), back(max(ys))))
    return boxes


def page_elements(image, number: int, seen: dict | None = None,
                  where: str | None = None) -> tuple[list, float]:
    """OCR one page image into elements (as the PDF reader's pages give) and the page height they use.

    Table cells are read cell by cell inside the rules (no detection needed there);
    text outside the tables is found by the detector on a copy with the tables blanked.
    ``seen``: one dict per document, passed to every page of it in order (see :func:`recognise`).
    Anything but gongkai's own errors becomes a :class:`ReadError` naming
    ``where`` (default: 第 ``number`` 页).
    """
    try:
        return _page_elements(image, number, seen)
    except GongkaiError:
        raise
    except MemoryError:
        raise ReadError("图像过大，内存不足", None, where or f"第 {number} 页") from None
    except Exception as e:
        raise ReadError(f"文字识别失败（{type(e).__name__}）", None, where or f"第 {number} 页") from e


def _page_elements(image, number: int, seen: dict | None) -> tuple[list, float]:
    import numpy as np

    image = _fit(image)
    gray = deskew(np.array(image.convert("L")))
    h, w = gray.shape
    tol = max(4.0, w / 300)
    rules = find_rules(gray)
    regions = grid.find_regions(rules, tol)
    _erase(gray, rules, regions)
    frames = []
    for region in regions:
        g = grid.build_grid(region, rules, [], tol, page=number)
        if g is not None and len(grid.columns(g, tol)) >= 3:
            frames.append((region, g))
    margin = 2
    cell_boxes = [(c.x0 + margin, g.ys[c.row0] + margin, c.x1 - margin, g.ys[c.row1] - margin)
                  for _, g in frames for c in g.cells]
    # Text outside the tables: detect on a copy with the tables blanked out.
    outside_gray = gray.copy()
    for region, _ in frames:
        x0, top, x1, bottom = (int(v) for v in region)
        outside_gray[max(top - 2, 0):bottom + 3, max(x0 - 2, 0):x1 + 3] = 255
    found = []
    if (outside_gray < DARK).any():
        found = _detect(outside_gray)
    line_height = _line_height(gray, found, cell_boxes)
    items = []
    inked = set()  # cell boxes holding a line of ink (something is printed there)
    for box in cell_boxes:
        lines = [line for line in _lines(gray, box, line_height) if not _rule_speck(line, box, line_height)]
        items.extend([lines] if _vertical(lines, line_height) else [[line] for line in lines])
        if lines:
            inked.add(tuple(round(v) for v in box))
    skipped = 0
    for box in found:
        for line in _lines(outside_gray, box, line_height):
            if text_mode() == "short" and number > 1 and line[2] - line[0] > SHORT_LINE * line_height:
                skipped += 1  # a line of narrative: not read in "short" mode
                continue
            items.append([line])
    pieces = recognise(gray, items, line_height, seen)
    tables = []
    for region, _ in frames:
        g = grid.build_grid(region, rules, pieces, tol, page=number)
        if g is not None and any(c.text for c in g.cells):
            for c in g.cells:
                box = (c.x0 + margin, g.ys[c.row0] + margin, c.x1 - margin, g.ys[c.row1] - margin)
                if not c.text and tuple(round(v) for v in box) in inked:
                    # Printed, but nothing was read: a score of 0 says so (never taken as a true blank).
                    c.pieces.append(grid.Piece("", *box, confidence=0.0))
            tables.append(g)
    outside = [p for p in pieces if not any(
        g.x0 - tol <= p.cx <= g.x1 + tol and g.top - tol <= p.cy <= g.bottom + tol for g in tables)]
    elements: list = [Block(g.top, g) for g in tables]
    for line in grid.lines_of(outside):
        text = grid.line_text(line).strip()
        if text:
            elements.append(Line(min(p.top for p in line), text, max(p.bottom for p in line)))
    if skipped:
        elements.append(Skipped(float(h), skipped))
    elements.sort(key=lambda e: e.top)
    return elements, float(h)


SPECK = 0.15  # line heights: ink this small on a cell's edge is what is left of a rule, not text


def _rule_speck(line, box, line_height: float) -> bool:
    """A few pixels of ink against the cell's edge: a blurred rule's remains (where two rules
    cross), which read as a point after the number. A decimal point sits beside its digits."""
    x0, top, x1, bottom = line
    small = x1 - x0 <= SPECK * line_height and bottom - top <= SPECK * line_height
    return small and (x0 - box[0] <= 2 or box[2] - x1 <= 2 or top - box[1] <= 2 or box[3] - bottom <= 2)


def _line_height(gray, found, cell_boxes) -> float:
    """The height of one line of text on the page: the common height of ink bands and detected boxes."""
    heights = [b - a + 1 for box in cell_boxes for a, b in _bands(gray, box)]
    heights += [0.8 * (b[3] - b[1]) for b in found]  # a detected box has a margin around its ink
    heights.sort()
    return float(heights[int(len(heights) * 0.75)]) if heights else 20.0
