"""Characters and rules of PDF pages through PDFium (pypdfium2; Apache-2.0/BSD-3-Clause).

The fast source for :mod:`gongkai.ingest.pdf`: PDFium is C++, so a report's pages are
read about fifteen times faster than through pdfminer, which is pure Python. It gives
what the table builder needs and nothing more — every character with its box, and every
straight segment of every drawn path with its stroke and fill — in the same form as the
pdfplumber source (top-left origin, points), so both feed the same grid code and the
tests compare them.

Path segments are mapped to page space through the path's matrix and those of the form
XObjects that hold it. A stroked segment that runs along an axis is a rule; a filled,
non-stroked path is a rule only when it is thin (≤ 2 pt across), as some producers draw
rules; big fills (paragraph backgrounds, cell shading) and white paint are not rules.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

from .grid import Edge

MIN_RULE = 2.0
PICTURE_WIDTH = 0.4  # of the page's width: an image at least this wide and …
PICTURE_HEIGHT = 0.05  # … this tall may hold a table (a screenshot pasted into the document)
AXIS = 0.5  # points: a segment this close to horizontal/vertical runs along the axis


@dataclass
class SourcePage:
    number: int
    width: float
    height: float
    chars: list[dict]  # text, x0, top, x1, bottom
    edges: list[Edge]
    images: int
    hidden: int = 0  # characters drawn invisible (text render mode 3), left out of ``chars``
    pictures: list[tuple[float, float, float, float]] = field(default_factory=list)  # large images: x0, top, x1, bottom


class PasswordError(Exception):
    pass


def open_document(data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise PasswordError(str(e)) from None
        raise


def metadata(doc) -> dict:
    try:
        return {k: v for k, v in doc.get_metadata_dict(skip_empty=True).items() if isinstance(v, str)}
    except Exception:  # metadata is never needed for printed values
        return {}


def read_page(doc, index: int, max_edges: int) -> SourcePage:
    import pypdfium2.raw as c

    page = doc[index]
    try:
        left, bottom, right, top = page.get_bbox()
        width, height = right - left, top - bottom
        edges, pictures, invisible = _paths(page, left, top, max_edges)
        chars, hidden = _chars(page, left, top, invisible)
    finally:
        page.close()
    del c
    large = [b for b in pictures if b[2] - b[0] >= PICTURE_WIDTH * width and b[3] - b[1] >= PICTURE_HEIGHT * height]
    return SourcePage(index + 1, width, height, chars, edges, len(pictures), hidden, large)


def _chars(page, left: float, top: float, invisible: bool = False) -> tuple[list[dict], int]:
    """The page's printed characters, and how many invisible ones were left out.

    Text drawn in render mode 3 (neither filled nor stroked) is not printed: scanners put
    their own OCR there, over the page's picture, and its digits are not what the picture
    shows. ``invisible``: the page holds such text (looked up per character only then).
    """
    import pypdfium2.raw as c

    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        n = c.FPDFText_CountChars(raw)
        box = c.FS_RECTF()
        l, r, b, t = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        # Bound once: a report page has a thousand characters, four calls each.
        generated, unicode = c.FPDFText_IsGenerated, c.FPDFText_GetUnicode
        loose_box, tight_box = c.FPDFText_GetLooseCharBox, c.FPDFText_GetCharBox
        out: list[dict] = []
        append = out.append
        hidden = 0
        for i in range(n):
            if generated(raw, i) == 1:
                continue
            code = unicode(raw, i)
            if code in _NOT_TEXT:
                continue
            if invisible and _invisible_char(c, raw, i):
                hidden += 1
                continue
            # The font's box (advance × size, as pdfminer gives) places a character; where it
            # is far larger than the glyph's ink (rotated text, odd text matrices: PDFium then
            # reports boxes spanning the next cells), the ink box is used.
            loose = loose_box(raw, i, box)
            tight = tight_box(raw, i, l, r, b, t)
            if loose:
                bl, br, bb, bt = box.left, box.right, box.bottom, box.top
                if tight:
                    tl, tr, tb, tt = l.value, r.value, b.value, t.value
                    if br - bl > 3 * (tr - tl) + 2 or bt - bb > 3 * (tt - tb) + 2:
                        bl, br, bb, bt = tl, tr, tb, tt
            elif tight:
                bl, br, bb, bt = l.value, r.value, b.value, t.value
            else:
                continue
            try:
                text = chr(code)
            except ValueError:
                continue
            x0, x1 = bl - left, br - left
            t_, b_ = top - bt, top - bb
            if x1 < x0:
                x0, x1 = x1, x0
            if b_ < t_:
                t_, b_ = b_, t_
            append({"text": text, "x0": x0, "top": t_, "x1": x1, "bottom": b_})
    finally:
        textpage.close()
    return _dedupe(out), hidden


def _invisible_char(c, textpage, i: int) -> bool:
    obj = c.FPDFText_GetTextObject(textpage, i)
    return bool(obj) and c.FPDFTextObj_GetTextRenderMode(obj) == c.FPDF_TEXTRENDERMODE_INVISIBLE


_NOT_TEXT = frozenset((0, 0xFFFE, 0xFFFF, 10, 13))


def _dedupe(chars: list[dict]) -> list[dict]:
    """Drop a character printed again at (almost) the same place (a producer's fake bold)."""
    kept: list[dict] = []
    recent: dict[str, list[tuple[float, float]]] = {}
    for ch in chars:
        text, x0, top = ch["text"], ch["x0"], ch["top"]
        twins = recent.get(text)
        if twins is None:
            recent[text] = [(x0, top)]
            kept.append(ch)
            continue
        if text.strip():
            near = False
            for ox, otop in twins[-8:]:
                if abs(ox - x0) < 1 and abs(otop - top) < 1:
                    near = True
                    break
            if near:
                continue
        twins.append((x0, top))
        kept.append(ch)
    return kept


def _matrix(obj) -> tuple[float, ...]:
    import pypdfium2.raw as c

    m = c.FS_MATRIX()
    if not c.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _unit_box(m: tuple[float, ...], left: float, top: float) -> tuple[float, float, float, float]:
    """Where matrix ``m`` puts the unit square (an image's placement), in top-left page space."""
    a, b, c_, d, e, f = m
    xs, ys = (e, a + e, c_ + e, a + c_ + e), (f, b + f, d + f, b + d + f)
    return min(xs) - left, top - max(ys), max(xs) - left, top - min(ys)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix applying ``inner`` then ``outer`` (PDF row-vector convention)."""
    a, b, c_, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c_ * A + d * C, c_ * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _color(getter, obj) -> tuple[int, int, int, int] | None:
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not getter(obj, r, g, b, a):
        return None
    return r.value, g.value, b.value, a.value


def _invisible(color) -> bool:
    return color is not None and (color[3] == 0 or min(color[:3]) >= 243)


def _paths(page, left: float, top: float, max_edges: int) -> tuple[list[Edge], list[tuple], bool]:
    """The page's rules, the boxes of the images it draws, and whether it holds invisible text."""
    import pypdfium2.raw as c

    edges: list[Edge] = []
    images: list[tuple[float, float, float, float]] = []
    invisible = False
    stack = [(c.FPDFPage_GetObject(page.raw, i), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
             for i in range(c.FPDFPage_CountObjects(page.raw))]
    visited = 0
    while stack and len(edges) < max_edges and visited < 200_000:
        obj, outer = stack.pop()
        visited += 1
        kind = c.FPDFPageObj_GetType(obj)
        if kind == c.FPDF_PAGEOBJ_IMAGE:
            images.append(_unit_box(_compose(_matrix(obj), outer), left, top))
        elif kind == c.FPDF_PAGEOBJ_TEXT:
            invisible = invisible or c.FPDFTextObj_GetTextRenderMode(obj) == c.FPDF_TEXTRENDERMODE_INVISIBLE
        elif kind == c.FPDF_PAGEOBJ_FORM:
            m = _compose(_matrix(obj), outer)
            stack.extend((c.FPDFFormObj_GetObject(obj, i), m) for i in range(c.FPDFFormObj_CountObjects(obj)))
        elif kind == c.FPDF_PAGEOBJ_PATH:
            edges.extend(_path_edges(obj, _compose(_matrix(obj), outer), left, top))
    return edges[:max_edges], images, invisible


def _path_edges(obj, m: tuple[float, ...], left: float, top: float) -> list[Edge]:
    import pypdfium2.raw as c

    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    if not c.FPDFPath_GetDrawMode(obj, fillmode, stroke):
        return []
    stroked = bool(stroke.value) and not _invisible(_color(c.FPDFPageObj_GetStrokeColor, obj))
    filled = fillmode.value != 0 and not _invisible(_color(c.FPDFPageObj_GetFillColor, obj))
    if not stroked and not filled:
        return []
    a, b, cc, d, e, f = m
    points: list[tuple[float, float]] = []  # the current subpath, in top-left page space
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
    straight = True
    x, y = ctypes.c_float(), ctypes.c_float()
    start = None
    get_segment, get_point = c.FPDFPath_GetPathSegment, c.FPDFPathSegment_GetPoint
    get_type, get_close = c.FPDFPathSegment_GetType, c.FPDFPathSegment_GetClose
    moveto, lineto, bezierto = c.FPDF_SEGMENT_MOVETO, c.FPDF_SEGMENT_LINETO, c.FPDF_SEGMENT_BEZIERTO
    n = c.FPDFPath_CountSegments(obj)
    for i in range(min(n, 20_000)):
        seg = get_segment(obj, i)
        if not get_point(seg, x, y):
            continue
        xv, yv = x.value, y.value
        p = (a * xv + cc * yv + e - left, top - (b * xv + d * yv + f))
        kind = get_type(seg)
        if kind == moveto:
            start = p
        elif kind == lineto and points:
            segments.append((points[-1], p))
        elif kind == bezierto:
            straight = False
        points.append(p)
        if get_close(seg) and start is not None:
            segments.append((p, start))
    if not points:
        return []
    out: list[Edge] = []
    if stroked:
        for (x0, y0), (x1, y1) in segments:
            if abs(y0 - y1) <= AXIS and abs(x1 - x0) >= MIN_RULE:
                out.append(Edge("h", min(x0, x1), (y0 + y1) / 2, max(x0, x1), (y0 + y1) / 2))
            elif abs(x0 - x1) <= AXIS and abs(y1 - y0) >= MIN_RULE:
                out.append(Edge("v", (x0 + x1) / 2, min(y0, y1), (x0 + x1) / 2, max(y0, y1)))
        return out
    # Filled only: a thin filled shape is a rule drawn as a rectangle.
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    if straight and min(w, h) <= 2 and max(w, h) >= MIN_RULE:
        if w >= h:
            out.append(Edge("h", min(xs), (min(ys) + max(ys)) / 2, max(xs), (min(ys) + max(ys)) / 2))
        else:
            out.append(Edge("v", (min(xs) + max(xs)) / 2, min(ys), (min(xs) + max(xs)) / 2, max(ys)))
    return out
