"""A report as a Word document (``.docx``): 仿宋 body, 黑体 headings, tables with merged cells."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

from ..model import Report
from .layout import Grid, Part, document, printable, title

BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
TITLE_FONT = "方正小标宋简体"
TABLE_FONT = "宋体"


def _font(run_or_style, name: str, size: float | None = None, bold: bool | None = None) -> None:
    font = run_or_style.font
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = run_or_style.element
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str, font: str, size: float, *, bold: bool = False, align=None,
               indent: bool = False):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    _font(p.add_run(text), font, size, bold)
    return p


# Column widths (cm) per table, summing to the text width of an A4 page (21 − 2 × 2.2 cm).
COLUMN_WIDTHS = {
    2: (5.5, 3.7, 3.7, 3.7),
    3: (1.3, 1.9, 5.6) + (1.11,) * 7,
    4: (1.1,) * 15,
}


def add_table(doc, grid: Grid, size: float = 9) -> None:
    table = doc.add_table(rows=grid.nrows, cols=grid.ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = COLUMN_WIDTHS.get(grid.number)
    if widths and len(widths) == grid.ncols:
        table.autofit = False
        for c, w in enumerate(widths):
            table.columns[c].width = Cm(w)
        for tr in table._tbl.tr_lst:  # before merging: one <w:tc> per grid column
            for tc, w in zip(tr.tc_lst, widths, strict=True):
                tc.width = Cm(w)
    for tr in table._tbl.tr_lst[:grid.head_rows]:  # header rows repeat on every page the table spans
        trpr = tr.get_or_add_trPr()
        trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))
    # The cells as first laid out, taken once: table.cell() walks the whole table per call.
    cells = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    for b in grid.boxes:
        cell = cells[b.row][b.col]
        if b.rowspan > 1 or b.colspan > 1:
            cell = cell.merge(cells[b.row + b.rowspan - 1][b.col + b.colspan - 1])
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if b.kind in ("label", "section") else WD_ALIGN_PARAGRAPH.CENTER
        if b.text:
            _font(p.add_run(b.text), TABLE_FONT, size, b.kind == "section")


def _page_numbers(section) -> None:
    """A centred “— 1 —” page number in the footer (a PAGE field Word fills in)."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("— "), BODY_FONT, 12)
    field = p._p.makeelement(qn("w:fldSimple"), {qn("w:instr"): "PAGE"})
    run = p.add_run("1")
    _font(run, BODY_FONT, 12)
    field.append(run._r)
    p._p.append(field)
    _font(p.add_run(" —"), BODY_FONT, 12)


def render(report: Report, parts: list[Part] | None = None) -> bytes:
    """The report in this format; ``parts`` (default ``layout.document(report)``) may be altered first."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.5)
    _font(doc.styles["Normal"], BODY_FONT, 16)
    _page_numbers(section)
    doc.core_properties.title = title(report)
    doc.core_properties.author = printable(report.agency or "")
    for part in (document(report) if parts is None else parts):
        if part.kind == "title":
            _paragraph(doc, part.text, TITLE_FONT, 22, align=WD_ALIGN_PARAGRAPH.CENTER)
        elif part.kind == "heading":
            _paragraph(doc, part.text, HEADING_FONT, 16, indent=True)
        elif part.kind == "paragraph":
            _paragraph(doc, part.text, BODY_FONT, 16, indent=True)
        elif part.kind == "table" and part.grid is not None:
            add_table(doc, part.grid, 8 if part.grid.ncols > 10 else 9)
        elif part.kind == "signature":
            _paragraph(doc, part.text, BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
