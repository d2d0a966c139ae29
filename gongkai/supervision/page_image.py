"""A report's page as a picture with one cell outlined, for checking a number at a glance (no Django).

PDF pages are rendered with pypdfium2. Where the page has a text layer, the cell is found again
from its provenance (table, row and column as the reader numbered them) in the reader's own tables,
and outlined only when the text printed there is the cell's printed text — a box around the wrong
number would be worse than none. Scanned pages are shown without a box.
"""

from __future__ import annotations

import functools
import io
import re
from typing import Any

SCALE = 1.5  # 108 dpi: readable digits, small images
OUTLINE = (220, 30, 30)

_SPACE = re.compile(r"\s+")


def _plain(s: str | None) -> str:
    return _SPACE.sub("", s or "")


@functools.lru_cache(maxsize=8)
def _grids(pdf_path: str, mtime: float) -> tuple:
    """The PDF's tables as the reader numbers them (joined across pages), with their geometry.

    The PDF reader's own text layer (:func:`gongkai.ingest.pdf.read_source`) and its rule for a
    table continued on the next page (:func:`gongkai.ingest.pages.assemble`), so table, row and
    column mean here what they mean in a cell's provenance.
    """
    from ..ingest import grid as G
    from ..ingest import pages as P
    from ..ingest.document import named
    from ..ingest.pdf import TOL, read_source

    with open(pdf_path, "rb") as fh, named(pdf_path):
        source = read_source(fh.read())
    running = P._running(source.pages)
    tables: list = []
    open_table = None
    for page in source.pages:
        first = True
        for e in page.elements:
            if isinstance(e, P.Skipped):
                continue
            if isinstance(e, P.Line):
                if P.furniture(e, page.height, running):
                    continue
                open_table = None
            elif first and open_table is not None and G.aligned(open_table, e.grid, 3 * TOL):
                open_table = tables[-1] = G.join(open_table, e.grid, TOL)
            else:
                tables.append(e.grid)
                open_table = e.grid
            first = False
    return tuple((g, G.expand(g, G.columns(g, TOL), TOL)) for g in tables)


def locate(pdf_path: str, where: dict[str, Any], raw: str | None) -> tuple[float, float, float, float] | None:
    """The printed cell's box (x0, top, x1, bottom in PDF points) on ``where['page']``, or None when
    the place holds other text than ``raw`` (then no box is drawn)."""
    import os

    page_no, number, row, col = where.get("page"), where.get("table"), where.get("row"), where.get("column")
    if not (page_no and number and row and col) or raw is None:
        return None
    try:
        grids = _grids(pdf_path, os.path.getmtime(pdf_path))
    except Exception:  # a PDF the reader read once but not now (moved, damaged): no box, not an error page
        return None
    if not 1 <= number <= len(grids):
        return None
    _grid, rows = grids[number - 1]
    if not (1 <= row <= len(rows) and 1 <= col <= len(rows[row - 1])):
        return None
    cell = rows[row - 1][col - 1]
    if cell is None or cell.page != page_no or not cell.pieces or _plain(cell.text) != _plain(raw):
        return None
    return (cell.x0, min(p.top for p in cell.pieces), cell.x1, max(p.bottom for p in cell.pieces))


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
