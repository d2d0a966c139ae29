"""Drawing ruled-table PDFs for the binary readers' tests, cell by cell and rule by rule.

Unlike the renderers (which lay out a whole report), this draws exactly the structures
the PDF and OCR readers must cope with: a table cut by a page break with or without its
rules, a repeated header row, merged label cells, multi-line labels, digits written as
separate text objects out of order or printed twice. Skips the test when the machine has
no CJK TrueType font.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from gongkai.report.render.fonts import cjk_font

FONT_SIZE = 10


def font_or_skip():
    font = cjk_font()
    if font is None:
        pytest.skip("no CJK TrueType font installed (make system)")
    return font


@dataclass
class Cell:
    r0: int
    c0: int
    r1: int  # exclusive
    c1: int  # exclusive
    text: str
    open_top: bool = False  # leave the top rule undrawn (a cell continued from the previous page)
    open_bottom: bool = False
    pieces: list[tuple[int, str]] | None = None  # draw text as separate objects: (character offset, text)


@dataclass
class TableSpec:
    x: float
    y: float
    widths: list[float]
    heights: list[float]
    cells: list[Cell] = field(default_factory=list)

    def add(self, r0, c0, text, r1=None, c1=None, **kw) -> Cell:
        cell = Cell(r0, c0, r1 if r1 is not None else r0 + 1, c1 if c1 is not None else c0 + 1, text, **kw)
        self.cells.append(cell)
        return cell


class Drawing:
    def __init__(self):
        from fpdf import FPDF

        font = font_or_skip()
        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.add_font("cjk", fname=font.path, collection_font_number=font.index)
        self.pdf.set_font("cjk", size=FONT_SIZE)
        self.pdf.set_line_width(0.8)

    def page(self) -> None:
        self.pdf.add_page()

    def text(self, x: float, y: float, s: str, size: float = FONT_SIZE) -> None:
        self.pdf.set_font_size(size)
        self.pdf.text(x, y, s)
        self.pdf.set_font_size(FONT_SIZE)

    def footer(self, s: str) -> None:
        self.text(280, 810, s)

    def table(self, spec: TableSpec) -> None:
        xs = [spec.x]
        for w in spec.widths:
            xs.append(xs[-1] + w)
        ys = [spec.y]
        for h in spec.heights:
            ys.append(ys[-1] + h)
        pdf = self.pdf
        for cell in spec.cells:
            x0, x1, y0, y1 = xs[cell.c0], xs[cell.c1], ys[cell.r0], ys[cell.r1]
            pdf.line(x0, y0, x0, y1)
            pdf.line(x1, y0, x1, y1)
            if not cell.open_top:
                pdf.line(x0, y0, x1, y0)
            if not cell.open_bottom:
                pdf.line(x0, y1, x1, y1)
            lines = cell.text.split("\n")
            lead = FONT_SIZE * 1.25
            top = (y0 + y1) / 2 - lead * len(lines) / 2 + FONT_SIZE * 0.95
            advance = pdf.get_string_width("0")
            for i, line in enumerate(lines):
                if cell.pieces is not None and i == 0:
                    left = x0 + 4
                    for offset, piece in cell.pieces:
                        pdf.text(left + offset * advance, top, piece)
                    continue
                pdf.text(x0 + 4, top + i * lead, line)

    def output(self) -> bytes:
        return bytes(self.pdf.output())
