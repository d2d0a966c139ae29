"""PDF reports: the text layer read with pdfplumber; pages without one are OCR'd.

pdfplumber (MIT, on pdfminer.six, MIT) gives every character with its position and every
drawn rule. The tables are rebuilt from the rules (:mod:`gongkai.ingest.grid`) rather
than from closed cell rectangles, so that a merged cell cut by a page break, whose bottom
or top rule is missing, is still a cell. Filled rectangles (paragraph backgrounds, cell
shading) are not rules; thin filled rectangles are (some producers draw rules that way).

A page without a ruled table may still print tables, without borders: they are rebuilt
from the text's positions (:mod:`gongkai.ingest.unruled`), and a header ending a page is
theirs when the next page starts with their rows (:func:`_adopt_tail`).

A table whose last part ends a page and whose next part starts the next page, with the
same left and right edges and nothing but a page number between them, is one table; a
header row repeated on the new page is dropped and a merged cell cut in two is joined.

Each character is placed by its centre, and a run of digits printed without gaps is
placed as a whole, so that a number whose characters the producer wrote as separate
objects, out of order or overlapping a rule, is read as printed.
"""

from __future__ import annotations

import io
import logging
import os
from dataclasses import dataclass, field

from ..errors import GongkaiError, ReadError
from . import grid, limits, unruled, unruled_join
from .document import Document
from .pages import LOW_CONFIDENCE, TOL, Block, Line, Page, assemble

__all__ = ["LOW_CONFIDENCE", "TOL", "Source", "assemble", "read_document", "read_source"]
MIN_RULE = 2.0  # points: shorter drawn segments are not rules
_DIGITS = set("0123456789０１２３４５６７８９.,，．")


@dataclass
class Source:
    """What a PDF's text layer gives, before anything is OCR'd (see :mod:`gongkai.ingest.flow`)."""

    doc: Document  # format, path and metadata; text and tables are written when the pages are assembled
    pages: list[Page] = field(default_factory=list)  # in order; a scanned page has no elements yet
    npages: int = 0
    scanned: list[int] = field(default_factory=list)  # pages with no text layer, only images
    pictured: dict[int, list] = field(default_factory=dict)  # text pages that also draw a large image: its boxes
    stopped: limits.Budget | None = None  # the text-layer time budget, when it ran out with pages left


def read_document(data: bytes, path: str) -> Document:
    """Read a PDF's text and tables, OCR'ing what needs it (through :func:`gongkai.ingest.flow.read`)."""
    from . import flow

    return flow.read(data, path, "pdf").document


def read_source(data: bytes) -> Source:
    """Read a PDF's text layer page by page; raise ReadError for anything that is not a readable PDF."""
    if b"%PDF" not in data[:1024]:
        raise ReadError("不是 PDF 文件（缺少 %PDF 文件头）")
    try:
        return _read(data)
    except GongkaiError:
        raise
    except MemoryError:
        raise ReadError("PDF 文件过大或结构异常，内存不足") from None
    except RecursionError:
        raise ReadError("PDF 文件结构异常（嵌套过深）") from None
    except Exception as e:  # pdfminer raises many kinds on damaged input
        if _encrypted_error(e):
            raise ReadError("PDF 文件已加密，需要密码才能打开；请提供未加密的文件") from None
        raise ReadError(f"PDF 文件已损坏或被截断，无法解析（{type(e).__name__}）") from None


def _encrypted_error(e: Exception) -> bool:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    causes = [e, *e.args, e.__cause__, e.__context__]  # pdfplumber wraps pdfminer's errors
    return any(isinstance(c, PDFPasswordIncorrect | PDFEncryptionError) for c in causes)


def backend() -> str:
    """``pdfium`` (default, fast) or ``pdfplumber`` (``GONGKAI_PDF_BACKEND=pdfplumber``)."""
    return "pdfplumber" if os.environ.get("GONGKAI_PDF_BACKEND", "").strip().lower() == "pdfplumber" else "pdfium"


def _read(data: bytes) -> Source:
    from . import pdf_streams

    pdf_streams.check(data)  # before any parser inflates a stream
    if backend() == "pdfium":
        from . import pdfium_source

        try:
            source = pdfium_source.open_document(data)
        except pdfium_source.PasswordError:
            raise ReadError("PDF 文件已加密，需要密码才能打开；请提供未加密的文件") from None
        except Exception:
            source = None  # PDFium refused the file: pdfminer may still recover its pages
        if source is not None:
            try:
                return _read_pages(data, _pdfium_pages(source), len(source),
                                   pdfium_source.metadata(source))
            finally:
                source.close()
    return _read_plumber(data)


def _pdfium_pages(source):
    from . import pdfium_source

    for index in range(len(source)):
        yield pdfium_source.read_page(source, index, grid.MAX_EDGES)


def _read_plumber(data: bytes) -> Source:
    import pdfplumber

    # pdfminer logs every oddity of a damaged file; the reader reports what matters itself.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        meta = {k: v for k, v in (pdf.metadata or {}).items() if isinstance(v, str | int | float)}
        return _read_pages(data, _plumber_pages(pdf), len(pdf.pages), meta)


def _plumber_pages(pdf):
    from .pdfium_source import SourcePage

    for n, page in enumerate(pdf.pages, start=1):
        edges = _edges(page)
        chars = [c for c in page.dedupe_chars(tolerance=1).chars if c.get("text")]
        yield SourcePage(n, float(page.width), float(page.height), chars, edges, len(page.images))
        page.close()


def _read_pages(data: bytes, source, npages: int, meta: dict) -> Source:
    doc = Document(format="pdf", meta=meta)
    if npages == 0:
        raise ReadError("PDF 文件没有页面")
    if npages > limits.MAX_PAGES:
        raise ReadError(f"PDF 页数过多（{npages} 页，上限 {limits.MAX_PAGES} 页），不像年度报告")
    doc.meta["pages"] = npages
    doc.meta["backend"] = backend()
    out = Source(doc, npages=npages)
    n = 0
    pending: grid.Grid | None = None  # an unruled header ending the page before
    budget = limits.Budget(limits.seconds("GONGKAI_PDF_SECONDS", limits.PDF_SECONDS))
    while True:
        n += 1
        with limits.time_limit(limits.SECONDS_PER_PAGE, f"第 {n} 页"):
            sp = next(source, None)
            if sp is None:
                break
            elements, tail = _page_elements(sp)
        if sp.hidden:  # a scanner's invisible OCR layer: not read (the page is OCR'd if it has no printed text)
            doc.meta.setdefault("hidden_text_pages", []).append(sp.number)
        if elements is None:
            out.scanned.append(sp.number)
            elements = []
        elif sp.pictures:
            out.pictured[sp.number] = sp.pictures
        if pending is not None and _adopt_tail(out.pages[-1], pending, elements, sp.height):
            _unruled_page(doc, out.pages[-1].number)
        if out.pages:
            _join_broken_label(out.pages[-1], elements, sp.height)
        if elements and any(isinstance(e, Block) and not e.grid.ruled for e in elements):
            _unruled_page(doc, sp.number)
        out.pages.append(Page(sp.number, sp.height, elements))
        pending = tail
        if len(out.pages) < npages and budget.exceeded():
            out.stopped = budget  # the flow decides whether what was read holds the tables
            break
    return out


def _is_white(color) -> bool:
    if color is None:
        return False
    if isinstance(color, int | float):
        return color >= 0.95
    if isinstance(color, tuple | list):
        values = [v for v in color if isinstance(v, int | float)]
        if len(values) in (1, 3):
            return all(v >= 0.95 for v in values)
        if len(values) == 4:  # CMYK
            return all(v <= 0.05 for v in values)
    return False


def _is_rule(obj: dict) -> bool:
    kind = obj.get("object_type")
    if kind == "rect":
        if obj.get("stroke") and not _is_white(obj.get("stroking_color")):
            return True
        thin = min(obj.get("width", 0), obj.get("height", 0)) <= 2
        return bool(obj.get("fill")) and thin and not _is_white(obj.get("non_stroking_color"))
    if kind in ("line", "curve"):
        return not _is_white(obj.get("stroking_color"))
    return True


def _edges(page) -> list[grid.Edge]:
    ruled = page.filter(lambda obj: obj.get("object_type") not in ("rect", "line", "curve") or _is_rule(obj))
    edges = []
    for e in ruled.edges:
        o = e["orientation"]
        length = (e["x1"] - e["x0"]) if o == "h" else (e["bottom"] - e["top"])
        if length >= MIN_RULE:
            edges.append(grid.Edge(o, e["x0"], e["top"], e["x1"], e["bottom"]))
        if len(edges) >= grid.MAX_EDGES:
            break
    return edges


def _pieces(chars: list[dict], edges: list[grid.Edge]) -> list[grid.Piece]:
    """Characters, with runs of digits printed without gaps merged into one piece.

    Digits on either side of a vertical rule are never merged: they are two cells' numbers.
    """
    verticals = [(e.pos, e.top, e.bottom) for e in edges if e.orientation == "v"]
    pieces: list[grid.Piece] = []
    for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        p = grid.Piece(c["text"], c["x0"], c["top"], c["x1"], c["bottom"])
        last = pieces[-1] if pieces else None
        if (last is not None and p.text in _DIGITS and last.text[-1:] in _DIGITS
                and abs(last.top - p.top) < 0.3 * (p.bottom - p.top)
                and -0.2 * (p.bottom - p.top) <= p.x0 - last.x1 < 0.15 * (p.bottom - p.top)
                and not _ruled_between(verticals, last.x1 - 0.5, p.x0 + 0.5, p.cy)):
            last.text += p.text
            last.x1 = max(last.x1, p.x1)
            last.bottom = max(last.bottom, p.bottom)
            continue
        pieces.append(p)
    return pieces


def _ruled_between(verticals: list[tuple[float, float, float]], left: float, right: float, y: float) -> bool:
    """Whether a vertical rule (pos, top, bottom) at ``left..right`` crosses height ``y``."""
    for pos, top, bottom in verticals:
        if left <= pos <= right and top <= y <= bottom:
            return True
    return False


def _page_elements(sp) -> tuple[list | None, grid.Grid | None]:
    """A page as ordered elements (:class:`Line`, :class:`Block`; None: no text layer), and the
    header of an unruled table ending the page, if it may be one (see :func:`_adopt_tail`)."""
    n, edges = sp.number, sp.edges
    pieces = _pieces(sp.chars, edges)
    if not any(p.text.strip() for p in pieces):
        return None if sp.images else [], None
    tables = []
    for region in grid.find_regions(edges, TOL):
        g = grid.build_grid(region, edges, pieces, TOL, page=n)
        if g is None or len(grid.columns(g, TOL)) < 3:  # a framed paragraph, not a table
            continue
        if not any(c.text for c in g.cells):
            continue
        tables.append(g)
    tail = None
    if tables:
        boxes = [(g.x0 - TOL, g.x1 + TOL, g.top - TOL, g.bottom + TOL) for g in tables]
        outside = [p for p in pieces if not _in_any(p, boxes)]
    else:  # no ruled table: text laid out in columns may still be one (printed without borders)
        found = unruled.tables(pieces, n, sp.height)
        tables, tail = found.grids, found.tail
        outside = [p for p in pieces if id(p) not in found.used] if found.used else pieces
    elements: list = [Block(g.top, g) for g in tables]
    for line in grid.lines_of(outside):
        text = grid.line_text(line).strip()
        if text:
            elements.append(Line(min(p.top for p in line), text, max(p.bottom for p in line)))
    elements.sort(key=lambda e: e.top)
    return elements, tail


def _unruled_page(doc: Document, number: int) -> None:
    """Note a page read with tables printed without rules (``meta["unruled_pages"]``)."""
    pages = doc.meta.setdefault("unruled_pages", [])
    if number not in pages:
        pages.append(number)


def _adopt_tail(page: Page, tail: grid.Grid, elements: list, height: float) -> bool:
    """When a page starts with an unruled table's rows, the header that ended the page before
    (:func:`gongkai.ingest.unruled.header_tail`: 信息内容 本年制发件数 … with nothing under it)
    is that table's header: it becomes a table there, in place of its lines."""
    first = next((e for e in elements if not (isinstance(e, Line) and e.bottom < 0.12 * height)), None)
    if not isinstance(first, Block) or first.grid.ruled:
        return False
    kept = [e for e in page.elements
            if not (isinstance(e, Line) and e.top >= tail.top - TOL and e.bottom <= tail.bottom + TOL)]
    page.elements = sorted(kept + [Block(tail.top, tail)], key=lambda e: e.top)
    return True


def _join_broken_label(page: Page, elements: list, height: float) -> None:
    """When an unruled table ends ``page`` and another starts the next (only margin lines around
    them), a label broken between the two is joined where certain
    (:func:`gongkai.ingest.unruled_join.join_fragments`)."""
    tail = [e for e in page.elements if not (isinstance(e, Line) and e.top > 0.88 * page.height)]
    head = [e for e in elements if not (isinstance(e, Line) and e.bottom < 0.12 * height)]
    if tail and head and isinstance(tail[-1], Block) and isinstance(head[0], Block):
        unruled_join.join_fragments(tail[-1].grid, head[0].grid)


def _in_any(p: grid.Piece, boxes: list[tuple[float, float, float, float]]) -> bool:
    """Whether a piece's centre is inside a table's bounds (x0 - TOL, x1 + TOL, top - TOL, bottom + TOL)."""
    cx, cy = (p.x0 + p.x1) / 2, (p.top + p.bottom) / 2
    for x0, x1, top, bottom in boxes:
        if x0 <= cx <= x1 and top <= cy <= bottom:
            return True
    return False
