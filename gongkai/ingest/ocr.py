"""Scanned reports: OCR on the CPU and table structure from the image.

Text is found and read by RapidOCR (``rapidocr-onnxruntime``, Apache-2.0): PaddleOCR's
PP-OCRv4 Chinese detection and recognition models (Apache-2.0) in ONNX form, shipped
inside the wheel and run by onnxruntime — nothing is downloaded, at install or at run
time. See docs/ingest-binary.md for the models' provenance.

Table structure comes from the ruling lines, not from the text: dark pixels that form
long horizontal or vertical runs (found with OpenCV morphology) become rules, and the
rules go through the same grid builder as a PDF's vector rules
(:mod:`gongkai.ingest.grid`). The rules are erased before text is read, so a rule next
to a number is never read as a ``1`` and a text box is split where a rule crosses it.

Every piece of text keeps the recogniser's score; a cell's confidence is the lowest
score of its pieces (:attr:`TextCell.confidence`), and a number read with low confidence
is listed in the document's warnings with its place. Nothing is corrected or guessed.
"""

from __future__ import annotations

import io

from ..errors import GongkaiError, ReadError
from . import grid, limits
from .document import Document

RENDER_DPI = 200  # scanned PDF pages are rendered at this resolution
MAX_SIDE = 2400  # pixels: larger images are scaled down (time per page)
MIN_SIDE = 1000  # pixels: smaller images are scaled up (small print)
DARK = 160  # grey level below which a pixel is ink
_engine = None


def engine():
    """The OCR engine, loaded once per process (single-threaded: batches use one process per core)."""
    global _engine
    if _engine is None:
        from rapidocr_onnxruntime import RapidOCR

        _engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
        _engine.text_rec.rec_batch_num = 16
    return _engine


def read_document(data: bytes, path: str) -> Document:
    """OCR one image (PNG, JPEG, …) into a Document."""
    try:
        image = load_image(data, path)
        with limits.time_limit(limits.OCR_SECONDS_PER_PAGE, path, "图像识别"):
            elements, height = page_elements(image, 1, path)
    except GongkaiError:
        raise
    except MemoryError:
        raise ReadError("图像过大，内存不足", path) from None
    except Exception as e:
        raise ReadError(f"图像已损坏或无法识别（{type(e).__name__}）", path) from None
    from .pdf import assemble

    doc = Document(path=path, format="ocr", meta={"ocr_pages": [1]})
    assemble([(1, height, elements)], doc)
    return doc


def load_image(data: bytes, path: str):
    from PIL import Image, ImageOps

    try:
        image = Image.open(io.BytesIO(data))
        w, h = image.size
        if w * h > limits.MAX_PIXELS:
            raise ReadError(f"图像过大（{w}×{h} 像素）", path)
        image.load()
    except GongkaiError:
        raise
    except Image.DecompressionBombError:
        raise ReadError("图像过大（疑似解压炸弹）", path) from None
    except Exception as e:
        raise ReadError(f"无法读取图像（{type(e).__name__}）：文件可能已损坏或被截断", path) from None
    image = ImageOps.exif_transpose(image)
    return image.convert("RGB")


def render_pdf_page(data: bytes, number: int, path: str):
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
        raise ReadError(f"无法渲染扫描页（{type(e).__name__}）", path, f"第 {number} 页") from None
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
        return image
    return image.resize((max(1, round(w * f)), max(1, round(h * f))), Image.Resampling.LANCZOS)


def find_rules(gray) -> list[grid.Edge]:
    """Long straight runs of ink: the table's ruling lines, as edges in pixel coordinates."""
    import cv2
    import numpy as np

    h, w = gray.shape
    ink = (gray < DARK).astype(np.uint8) * 255
    edges: list[grid.Edge] = []
    for orientation, kernel in (("h", (max(30, w // 40), 1)), ("v", (1, max(30, h // 70)))):
        # Bridge small breaks in scanned rules, then keep only long runs.
        close = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(
            cv2.MORPH_RECT, (5, 1) if orientation == "h" else (1, 5)))
        runs = cv2.morphologyEx(close, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        n, _labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
        for i in range(1, min(n, grid.MAX_EDGES + 1)):
            x, y, bw, bh, _area = stats[i]
            if orientation == "h":
                edges.append(grid.Edge("h", float(x), y + bh / 2, float(x + bw), y + bh / 2))
            else:
                edges.append(grid.Edge("v", x + bw / 2, float(y), x + bw / 2, float(y + bh)))
    return edges


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


def recognise(gray, boxes) -> list[grid.Piece]:
    """Read each box; one piece per box with the recogniser's score as its confidence."""
    import numpy as np

    crops, kept = [], []
    h, w = gray.shape
    for x0, top, x1, bottom in boxes:
        a, b = max(int(top) - 2, 0), min(int(bottom) + 3, h)
        c, d = max(int(x0) - 2, 0), min(int(x1) + 3, w)
        if b - a < 4 or d - c < 4:
            continue
        crop = gray[a:b, c:d]
        crops.append(np.ascontiguousarray(np.stack([crop] * 3, axis=-1)))
        kept.append((x0, top, x1, bottom))
    if not crops:
        return []
    results, _ = engine().text_rec(crops)
    pieces = []
    for (x0, top, x1, bottom), (text, score) in zip(kept, results, strict=True):
        text = text.strip()
        if text:
            pieces.append(grid.Piece(text, x0, top, x1, bottom, float(score)))
    return pieces


def page_elements(image, number: int, path: str) -> tuple[list[tuple], float]:
    """OCR one page image into elements (as the PDF reader's pages give) and the page height they use."""
    import numpy as np

    image = _fit(image)
    gray = np.array(image.convert("L"))
    h, w = gray.shape
    tol = max(4.0, w / 300)
    rules = find_rules(gray)
    regions = grid.find_regions(rules, tol)
    _erase(gray, rules, regions)
    rgb = np.ascontiguousarray(np.stack([gray] * 3, axis=-1))
    det, _ = engine().text_det(rgb)
    boxes = []
    verticals = [e for e in rules if e.orientation == "v"]
    for quad in det if det is not None else []:
        xs = [float(p[0]) for p in quad]
        ys = [float(p[1]) for p in quad]
        boxes.extend(_split((min(xs), min(ys), max(xs), max(ys)), verticals))
    pieces = recognise(gray, boxes)
    tables = []
    for region in regions:
        g = grid.build_grid(region, rules, pieces, tol, page=number)
        if g is None or len(grid.columns(g, tol)) < 3 or not any(c.text for c in g.cells):
            continue
        tables.append(g)
    outside = [p for p in pieces if not any(
        g.x0 - tol <= p.cx <= g.x1 + tol and g.top - tol <= p.cy <= g.bottom + tol for g in tables)]
    elements: list[tuple] = [("table", g.top, g) for g in tables]
    for line in grid.lines_of(outside):
        text = grid.line_text(line).strip()
        if text:
            elements.append(("line", min(p.top for p in line), text, max(p.bottom for p in line)))
    elements.sort(key=lambda e: e[1])
    return elements, float(h)
