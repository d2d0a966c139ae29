"""Pages as the PDF, OCR and picture readers see them, and their assembly into a Document.

A page is a list of small elements in reading order — a :class:`Line` of text, a
:class:`Block` holding a table's :class:`~gongkai.ingest.grid.Grid`, or :class:`Skipped`
(text the OCR left unread on purpose) — each at its distance from the page's top.
:func:`assemble` joins the tables continued across pages, drops page numbers and running
headers and footers, and writes the text and tables into a
:class:`~gongkai.ingest.document.Document`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import grid
from .document import Document

TOL = 2.5  # points: rules and positions closer than this are the same
LOW_CONFIDENCE = 0.8  # an OCR'd cell below this is named in a warning
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－~·.]*(第\s*)?[0-9０-９]+(\s*页)?(\s*/\s*(共\s*)?[0-9]+\s*页?)?[\s\-—–－~·.]*$"
)


@dataclass
class Line:
    """A line of text outside the tables."""

    top: float
    text: str
    bottom: float

    def moved(self, top: float, scale: float) -> Line:
        return Line(top + self.top * scale, self.text, top + self.bottom * scale)


@dataclass
class Block:
    """A table, as a grid of cells."""

    top: float
    grid: grid.Grid

    def moved(self, top: float, scale: float) -> Block:
        return Block(top + self.top * scale, self.grid)


@dataclass
class Skipped:
    """Lines of text the OCR did not read (``GONGKAI_OCR_TEXT=short``)."""

    top: float
    lines: int

    def moved(self, top: float, scale: float) -> Skipped:
        return Skipped(top + self.top * scale, self.lines)


Element = Line | Block | Skipped


@dataclass
class Page:
    number: int
    height: float  # in the unit of its elements' positions
    elements: list[Element] = field(default_factory=list)


def _band(e: Element, height: float) -> str | None:
    """``"top"`` or ``"foot"`` for a line in the top or bottom margin zone of its page, else None."""
    if not isinstance(e, Line):
        return None
    if e.bottom < 0.12 * height:
        return "top"
    return "foot" if e.top > 0.88 * height else None


def _margin(e: Element, height: float) -> bool:
    """A line in the top or bottom margin zone of its page."""
    return _band(e, height) is not None


def _fold(text: str) -> str:
    return re.sub(r"[0-9０-９]+", "#", text.replace(" ", ""))


_SENTENCE_END = ("。", "！", "？", "；", ".", "!", "?", ";")


def _running(pages: list[Page]) -> set[tuple[str, str]]:
    """Running headers and footers: (band, text with digits folded) of margin lines that repeat.

    A line is one when the same text (its numbers aside) stands in the same band — top or foot —
    on at least half the pages and at least 3 of them; or on two (and half the pages: a
    document of 2 to 4 pages) at the same height, not ending a sentence. A paragraph's last
    line that happens to fall in a margin on two pages (``制。`` at the foot of one and the head of the next) is none.
    """
    seen: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for page in pages:
        for e in page.elements:
            band = _band(e, page.height)
            if band is not None:
                assert isinstance(e, Line)
                seen.setdefault((band, _fold(e.text)), []).append((page.number, e.top))
    running = set()
    for key, where in seen.items():
        numbers = {n for n, _ in where}
        tops = [top for _, top in where]
        if 2 * len(numbers) < len(pages) or len(numbers) < 2:
            continue
        level = max(tops) - min(tops) <= 2 * TOL
        if len(numbers) >= 3 or (level and not key[1].rstrip().endswith(_SENTENCE_END)):
            running.add(key)
    return running


def furniture(e: Element, height: float, running: set[tuple[str, str]]) -> bool:
    """A page number or a running header/footer (``running`` from :func:`_running`): not text."""
    band = _band(e, height)
    return band is not None and isinstance(e, Line) and (
        bool(_PAGE_NUMBER.match(e.text)) or (band, _fold(e.text)) in running)


def assemble(pages: list[Page], doc: Document) -> None:
    """Join tables continued across pages, drop page numbers, and write text and tables in order.

    Page numbers and running headers/footers (margin lines repeated on most pages, see
    :func:`_running`) are left out of the text and do not end a table; any other line does.
    """
    doc.pages = pages
    running = _running(pages)
    flow: list[str | grid.Grid] = []
    open_table: grid.Grid | None = None  # the last element so far, if it is a table
    open_at = -1
    for page in pages:
        first = True
        for e in page.elements:
            if isinstance(e, Skipped):
                doc.warnings.append(f"第 {page.number} 页有 {e.lines} 行正文未识别（GONGKAI_OCR_TEXT=short）")
                continue
            if isinstance(e, Line):
                if furniture(e, page.height, running):
                    continue
                flow.append(e.text)
                open_table = None
            elif (first and open_table is not None and open_table.ruled and e.grid.ruled
                  and grid.aligned(open_table, e.grid, 3 * TOL)):
                joined = grid.join(open_table, e.grid, TOL)
                flow[open_at] = joined
                open_table = joined
            else:
                flow.append(e.grid)
                open_table, open_at = e.grid, len(flow) - 1
            first = False
    lines = []
    number = 0
    for item in flow:
        if isinstance(item, str):
            lines.append(item)
            continue
        number += 1
        table = grid.to_table(item, number, TOL)
        doc.tables.append(table)
        for row in table.rows:
            lines.append(grid.row_text(row))
        for cell in item.cells:
            if cell.confidence is not None and cell.confidence < LOW_CONFIDENCE and cell.text:
                doc.warnings.append(
                    f"第 {cell.page} 页表 {number} 的单元格“{cell.text}”识别置信度低（{cell.confidence:.2f}）")
            elif cell.confidence == 0.0 and not cell.text:
                doc.warnings.append(f"第 {cell.page} 页表 {number} 第 {cell.row0 + 1} 行有一个单元格印有字迹"
                                    f"但未能识别，按空白读出（不等于零）")
    doc.text = "\n".join(lines)
