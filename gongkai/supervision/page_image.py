"""A report's page as a picture with one cell outlined, for checking a number at a glance (no Django).

PDF pages are rendered with pypdfium2. Where the page has a text layer, the cell is found again
from its provenance (page, row, column of the table as gongkai read it) among the page's ruled
tables (pdfplumber), and outlined only when the text printed there is the cell's printed text — a
box around the wrong number would be worse than none. Scans and pictures are shown without a box.
"""

from __future__ import annotations

import io
import re
from typing import Any

SCALE = 1.5  # 108 dpi: readable digits, small images
OUTLINE = (220, 30, 30)

_SPACE = re.compile(r"\s+")


def _plain(s: str | None) -> str:
    return _SPACE.sub("", s or "")


def locate(pdf_path: str, where: dict[str, Any], raw: str | None) -> tuple[float, float, float, float] | None:
    """The cell's box (x0, top, x1, bottom in PDF points) on ``where['page']``, or None."""
    import pdfplumber

    page_no, row, col = where.get("page"), where.get("row"), where.get("column")
    if not (page_no and row and col) or raw is None:
        return None
    want = _plain(raw)
    with pdfplumber.open(pdf_path) as pdf:
        if not 1 <= page_no <= len(pdf.pages):
            return None
        page = pdf.pages[page_no - 1]
        hits = []
        for table in page.find_tables():
            rows = table.rows
            if row > len(rows):
                continue
            cells = [c for c in rows[row - 1].cells]
            if col > len(cells) or cells[col - 1] is None:
                continue
            box = cells[col - 1]
            if _plain(page.within_bbox(box).extract_text()) == want:
                hits.append(box)
        return hits[0] if len(hits) == 1 else None


def render_page(pdf_path: str, page_no: int, box: tuple[float, float, float, float] | None = None,
                scale: float = SCALE) -> bytes:
    """The page as PNG, with ``box`` (PDF points, top-left origin) outlined."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    pdf = pdfium.PdfDocument(pdf_path)
    try:
        if not 1 <= page_no <= len(pdf):
            raise ValueError(f"没有第 {page_no} 页")
        page = pdf[page_no - 1]
        image = page.render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf.close()
    if box is not None:
        x0, top, x1, bottom = (v * scale for v in box)
        ImageDraw.Draw(image).rectangle((x0 - 3, top - 3, x1 + 3, bottom + 3), outline=OUTLINE, width=3)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()
